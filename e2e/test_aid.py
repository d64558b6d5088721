"""Optional aid: an agent records an application from a person's file and sees the instruction
(reste à vivre, the grid's proposal); the coordinator puts it on a new commission's agenda,
grants it, prints the notification letter, pays the creditor against the year's budget and
closes the commission with its minutes."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import axe_violations, button, click_and_wait, log_in, log_out

# One demo family per viewport: the e2e server is shared.
FAMILY = {"phone": "Sandra", "desktop": "Kevin"}


def test_an_application_goes_through_the_commission_to_a_letter_and_a_payment(browser, viewport):
    name = FAMILY[viewport]
    log_in(browser, "agent")
    browser.get(browser.autour.url + "/personnes?q=" + name)
    click_and_wait(browser, browser.find_element(By.XPATH, f"//main//a[contains(., '{name}')]"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Faire une demande d'aide facultative"))
    assert not axe_violations(browser), "application form"
    # The household's resources and rent come from its reviewed situation.
    assert browser.find_element(By.ID, "charges").get_attribute("value")
    Select(browser.find_element(By.ID, "kind")).select_by_value("energy")
    browser.find_element(By.ID, "requested").send_keys("240")
    browser.find_element(By.ID, "reason").send_keys("Facture de chauffage de novembre.")
    click_and_wait(browser, button(browser, "Enregistrer la demande"))
    assert "Demande enregistrée" in browser.find_element(By.CSS_SELECTOR, ".success").text
    instruction = browser.find_element(By.XPATH, "//section[@aria-labelledby='instruction-titre']").text
    assert "Reste à vivre par jour et par unité" in instruction and "Proposition" in instruction
    application = browser.current_url.split("?")[0]
    assert not axe_violations(browser), "instruction"
    browser.shots("application")
    log_out(browser)

    log_in(browser, "coordinator")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Aides"))
    assert "Budget" in browser.find_element(By.TAG_NAME, "main").text
    assert not axe_violations(browser), "aid hub"
    click_and_wait(browser, button(browser, "Prévoir la commission"))
    commission = browser.current_url.split("?")[0]
    browser.get(application)
    Select(browser.find_element(By.ID, "commission")).select_by_value(commission.rsplit("/", 1)[1].upper())
    click_and_wait(browser, button(browser, "Inscrire à l'ordre du jour"))
    assert "inscrite" in browser.find_element(By.CSS_SELECTOR, ".success").text

    browser.get(commission)
    assert not axe_violations(browser), "commission"
    card = browser.find_element(By.XPATH, f"//article[.//a[contains(., '{name}')]]")
    amount = card.find_element(By.CSS_SELECTOR, "input[name='amount']")
    amount.clear()
    amount.send_keys("200")
    click_and_wait(browser, card.find_element(By.XPATH, ".//button[normalize-space(.)='Enregistrer la décision']"))
    assert "Décision enregistrée" in browser.find_element(By.CSS_SELECTOR, ".success").text
    row = browser.find_element(By.XPATH, f"//section[@id='decisions']//tr[td[contains(., '{name}')]]")
    assert "Accordée : 200,00 €" in row.text
    click_and_wait(browser, row.find_element(By.LINK_TEXT, "Courrier"))
    letter = browser.find_element(By.TAG_NAME, "main").text
    assert "vous accorde une aide de 200,00 €" in letter and "deux mois" in letter
    assert not axe_violations(browser), "letter"
    browser.shots("letter")

    browser.get(application)
    browser.find_element(By.XPATH, "//input[@name='payee'][@value='creditor']").click()
    click_and_wait(browser, button(browser, "Enregistrer le paiement"))
    assert "Paiement enregistré" in browser.find_element(By.CSS_SELECTOR, ".success").text
    payments = browser.find_element(By.XPATH, "//section[@aria-labelledby='paiements-titre']").text
    assert "Reste à verser : 0,00 €" in payments and "Fournisseur d'énergie" in payments
    assert not axe_violations(browser), "payment"

    browser.get(commission)
    browser.find_element(By.ID, "minutes").send_keys("Cinq membres présents.")
    click_and_wait(browser, button(browser, "Clore la commission"))
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Procès-verbal"))
    minutes = browser.find_element(By.TAG_NAME, "main").text
    assert "Procès-verbal" in minutes and "accordée : 200,00 €" in minutes and "Cinq membres présents." in minutes
    browser.shots("minutes")
