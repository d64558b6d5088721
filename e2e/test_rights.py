"""Rights: an agent reviews a household's situation, screens it with the real OpenFisca-France
service, sees a benefit it does not claim become a follow-up, tries a « what if », and closes the
follow-up; the coordinator screens the whole caseload and watches its progress."""
import time

from selenium.webdriver.common.by import By

from conftest import axe_violations, button, click_and_wait, log_in

# One demo family per viewport: the e2e server is shared, each run changes its own household.
FAMILY = {"phone": "Thierry", "desktop": "Yacine"}


def test_an_agent_screens_a_household_and_follows_up_a_benefit_it_does_not_claim(browser, viewport):
    log_in(browser, "agent")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Droits"))
    assert "Non-recours à suivre" in browser.find_element(By.TAG_NAME, "main").text
    assert not axe_violations(browser), "rights hub"
    browser.get(browser.autour.url + "/personnes?q=" + FAMILY[viewport])
    click_and_wait(browser, browser.find_element(By.XPATH, f"//main//a[contains(., '{FAMILY[viewport]}')]"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Situation du foyer et étude des droits"))
    assert not axe_violations(browser), "situation"
    # The household says it receives everything it is due; one box is unticked: it does not.
    received = [box for box in browser.find_elements(By.CSS_SELECTOR, "input[name^='receives.']") if box.is_selected()]
    assert received, "the demo household declares the benefits it receives"
    label = received[0].find_element(By.XPATH, "..").text.strip()
    received[0].click()
    click_and_wait(browser, button(browser, "Enregistrer et étudier les droits"))
    assert "droits étudiés" in browser.find_element(By.CSS_SELECTOR, ".success").text
    row = browser.find_element(By.XPATH, f"//section[@id='resultats']//tr[th[contains(., \"{label}\")]]")
    assert "pas encore demandée" in row.text
    assert "CAF" in row.text or "CPAM" in row.text or "CARSAT" in row.text or "MDPH" in row.text
    browser.shots("screened")

    # What if the applicant earned 300 € more? Nothing is stored; the last screening is shown beside.
    salary = browser.find_element(By.ID, "m0-salary")
    before = salary.get_attribute("value")
    salary.clear()
    salary.send_keys(str(int(float((before or "0").replace(",", "."))) + 300))
    click_and_wait(browser, button(browser, "Simuler sans enregistrer (« et si… »)"))
    results = browser.find_element(By.ID, "resultats")
    assert "Simulation (rien n'est enregistré)" in results.text and "Dernière étude" in results.text
    assert not axe_violations(browser), "simulation"
    browser.shots("what-if")

    click_and_wait(browser, browser.find_element(By.XPATH, "//section[@aria-labelledby='suivis-titre']//a"))
    assert not axe_violations(browser), "finding"
    browser.find_element(By.XPATH, "//input[@name='outcome'][@value='claimed']").click()
    browser.find_element(By.ID, "note").send_keys("Demande faite avec la personne à l'accueil.")
    click_and_wait(browser, button(browser, "Clore le suivi"))
    assert "Suivi clos" in browser.find_element(By.CSS_SELECTOR, ".success").text
    assert "Demande déposée" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    browser.shots("followed-up")


def test_the_coordinator_screens_the_whole_caseload_and_sees_its_progress(browser):
    log_in(browser, "coordinator")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Droits"))
    assert "Bilan des non-recours" in browser.find_element(By.TAG_NAME, "main").text
    click_and_wait(browser, button(browser, "Lancer l'étude du fichier"))
    assert browser.find_element(By.TAG_NAME, "progress")
    deadline = time.time() + 90
    while "Terminée" not in browser.find_element(By.TAG_NAME, "main").text and time.time() < deadline:
        time.sleep(2)
        browser.refresh()
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Terminée" in main and "100 %" in main, main
    assert not axe_violations(browser), "batch"
    browser.shots("caseload")
