"""Places: a partner books a room and a conflicting booking is refused; a group answers a call,
is selected, its four-week trial ends in a printed convention; a co-housing pair is proposed and
agreed, its agreement printed."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import axe_violations, button, click_and_wait, log_in, log_out, set_value

HOURS = {"phone": ("10:00", "11:00"), "desktop": ("11:00", "12:00")}


def book(browser, day, start, end):
    Select(browser.find_element(By.ID, "room")).select_by_visible_text("Salle 2 (12 places)")
    set_value(browser, "day", day)
    set_value(browser, "from", start)
    set_value(browser, "to", end)
    click_and_wait(browser, button(browser, "Réserver"))


def test_a_partner_books_a_room_and_a_conflicting_booking_is_refused(browser, viewport):
    day = (datetime.date.today() + datetime.timedelta(days=15)).isoformat()
    start, end = HOURS[viewport]
    log_in(browser, "partner")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Lieux partagés"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Maison des associations"))
    assert not axe_violations(browser), "place page"
    book(browser, day, start, end)
    assert "Réservation enregistrée" in browser.find_element(By.CSS_SELECTOR, ".success").text
    week = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=semaine]").text
    assert f"{start.replace(':', 'h')} – {end.replace(':', 'h')} — Salle 2 — Association Lien et Visites" in week
    browser.shots("booked")

    # The same slot again, a quarter of an hour later: refused, nothing stored.
    later = start[:3] + "15"
    book(browser, day, later, end)
    assert "déjà réservée" in browser.find_element(By.CSS_SELECTOR, ".error-summary").text
    browser.shots("conflict")
    log_out(browser)


def test_a_call_leads_to_a_trial_that_ends_in_a_printed_convention(browser, viewport):
    group = f"Atelier vélo ({viewport})"
    # An inhabitants' group answers the open call, without an account.
    browser.get(browser.autour.url + "/lieux-partages/demo-vaulx")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Faire vivre la loge de l'école"))
    browser.find_element(By.ID, "group").send_keys(group)
    browser.find_element(By.ID, "contact").send_keys("velo@example.org")
    browser.find_element(By.ID, "project").send_keys("Réparer ensemble les vélos du quartier, le samedi matin.")
    assert not axe_violations(browser), "public call"
    click_and_wait(browser, button(browser, "Envoyer la candidature"))
    assert "votre candidature est enregistrée" in browser.find_element(By.CSS_SELECTOR, ".success").text

    log_in(browser, "coordinator")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Lieux partagés"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Faire vivre la loge de l'école"))
    card = browser.find_element(By.XPATH, f"//article[.//h3[contains(., '{group}')]]")
    card.find_element(By.CSS_SELECTOR, "textarea[name=reasons]").send_keys("Un projet ouvert à tous les habitants.")
    click_and_wait(browser, card.find_element(By.XPATH, ".//button[normalize-space(.)='Enregistrer la décision']"))
    card = browser.find_element(By.XPATH, f"//article[.//h3[contains(., '{group}')]]")
    assert "Retenue" in card.text
    # The trial is recorded as begun four weeks ago, so that its end can be decided now.
    started = (datetime.date.today() - datetime.timedelta(days=29)).isoformat()
    date_field = card.find_element(By.CSS_SELECTOR, "input[name=startsOn]")
    browser.execute_script("arguments[0].value = arguments[1];", date_field, started)
    card.find_element(By.CSS_SELECTOR, "textarea[name=rules]").send_keys("Le lieu reste ouvert à tous.")
    click_and_wait(browser, card.find_element(By.XPATH, ".//button[normalize-space(.)=\"Commencer l'essai\"]"))
    assert "Essai de " + group in browser.find_element(By.TAG_NAME, "h1").text

    browser.find_element(By.ID, "reviewer").send_keys("CCAS")
    browser.find_element(By.ID, "wentWell").send_keys("Des voisins passent chaque samedi.")
    click_and_wait(browser, button(browser, "Enregistrer l'avis"))
    assert "Des voisins passent chaque samedi." in browser.find_element(By.TAG_NAME, "table").text
    browser.find_element(By.ID, "reasons").send_keys("Essai réussi, ouvert à tous.")
    assert not axe_violations(browser), "trial page"
    click_and_wait(browser, button(browser, "Décider"))
    assert "Convention signée" in browser.find_element(By.CSS_SELECTOR, "p.lead").text
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Imprimer la convention d'occupation"))
    document = browser.find_element(By.CSS_SELECTOR, "article.document")
    assert "Convention d'occupation partagée — Loge de l'ancienne école du Village" in document.text
    assert group in document.text and "Le lieu reste ouvert à tous." in document.text
    browser.shots("convention")
    log_out(browser)


def test_a_co_housing_pair_is_proposed_and_agreed(browser):
    log_in(browser, "coordinator")
    browser.get(browser.autour.url + "/cohabitation")
    click_and_wait(browser, button(browser, "Proposer des binômes"))
    assert "Binômes proposés" in browser.find_element(By.CSS_SELECTOR, ".success").text
    agree = browser.find_elements(By.XPATH, "//button[starts-with(normalize-space(.), 'Accord de ')]")
    assert agree, "at least one pair proposed"
    names = agree[0].text.replace("Accord de ", "")
    click_and_wait(browser, agree[0])
    assert not axe_violations(browser), "co-housing page"
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, f"Imprimer l'accord de {names}"))
    document = browser.find_element(By.CSS_SELECTOR, "article.document")
    assert "Accord de cohabitation intergénérationnelle" in document.text
    for name in names.split(" et "):
        assert name in document.text
    browser.shots("agreement")
