"""Learning: an agent runs the skills-and-needs interview with a person, two suggestions are
accepted with the words that led to them and appear on the person's resource profile; an
inhabitant offers a session at home, a neighbour is enrolled by an agent, and the host notes who
came to the session under way, counted in the reciprocity."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import axe_violations, button, click_and_wait, log_in, log_out, set_value

ANSWERS = [
    "Le matin je fais mes courses au marché, l'après-midi je garde mes petits-enfants.",
    "J'aime jardiner sur mon balcon et préparer des gâteaux pour les voisins.",
    "J'ai été mécanicien : je sais réparer les vélos et je bricole beaucoup.",
    "J'aimerais apprendre à me servir d'un smartphone.",
    "Le mercredi après-midi.",
]
# A different person per viewport: the row of the « Personnes ressources » table.
ROWS = {"phone": 40, "desktop": 41}


def test_an_interview_suggests_with_its_words_and_the_accepted_ones_join_the_profile(browser, viewport):
    log_in(browser, "agent")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Apprendre"))
    assert not axe_violations(browser), "learning hub"
    person = browser.find_element(By.XPATH, f"(//section[@aria-labelledby='personnes']//tbody//a)[{ROWS[viewport]}]")
    name = person.text
    click_and_wait(browser, person)
    click_and_wait(browser, button(browser, "Commencer un entretien"))
    for number, answer in enumerate(ANSWERS, start=1):
        assert f"Étape {number} sur 5" in browser.find_element(By.CSS_SELECTOR, "label[for=answer]").text
        if number == 2:
            assert not axe_violations(browser), "interview step"
        field = browser.find_element(By.ID, "answer")
        field.clear()
        field.send_keys(answer)
        if number == 3:
            # A draft kept on the way, shown again.
            click_and_wait(browser, button(browser, "Enregistrer le brouillon"))
            assert "Brouillon enregistré" in browser.find_element(By.CSS_SELECTOR, ".success").text
            assert browser.find_element(By.ID, "answer").get_attribute("value") == answer
        click_and_wait(browser, button(browser, "Continuer"))
    assert name in browser.find_element(By.TAG_NAME, "h1").text
    assert not axe_violations(browser), "suggestions"
    browser.shots("suggestions")
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "« réparer, vélos, bricole »" in page, "the words of the answer beside the subject to teach"
    # The first suggestion of each of two groups, with their words shown beside them.
    chosen = []
    for legend in ["Sujet à apprendre", "Sujet à transmettre"]:
        group = browser.find_element(By.XPATH, f"//fieldset[legend[normalize-space(.)='{legend}']]")
        box = group.find_element(By.CSS_SELECTOR, "input[type=checkbox]")
        label = box.find_element(By.XPATH, "..").text.strip()
        assert group.find_element(By.CSS_SELECTOR, "ul.hint li").text.startswith("« ")
        box.click()
        chosen.append((legend, label))
    click_and_wait(browser, button(browser, "Terminer l'entretien avec ces choix"))
    assert "2 suggestions retenues" in browser.find_element(By.CSS_SELECTOR, ".success").text
    text = browser.find_element(By.TAG_NAME, "main").text
    for legend, label in chosen:
        assert f"{legend} : {label}" in text
    assert "J'aimerais apprendre : Smartphone et ordinateur" in text
    browser.shots("accepted")
    log_out(browser)


def test_a_neighbour_offers_a_session_an_agent_enrols_someone_and_the_host_notes_who_came(browser, viewport):
    title = f"Réparer une chambre à air ({viewport})"
    start = datetime.datetime.now() + datetime.timedelta(days=3)
    log_in(browser, "volunteer")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Apprendre"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Proposer une séance"))
    browser.find_element(By.ID, "subject").send_keys("Réparer soi-même")
    browser.find_element(By.ID, "title").send_keys(title)
    browser.find_element(By.ID, "homeAddress").send_keys("9 rue des Peupliers")
    Select(browser.find_element(By.ID, "neighbourhood")).select_by_visible_text("Centre-ville")
    set_value(browser, "startsAt", start.strftime("%Y-%m-%dT10:00"))
    set_value(browser, "endsAt", start.strftime("%Y-%m-%dT11:30"))
    assert not axe_violations(browser), "session form"
    click_and_wait(browser, button(browser, "Proposer la séance"))
    assert "Séance proposée" in browser.find_element(By.CSS_SELECTOR, ".success").text
    assert "9 rue des Peupliers" in browser.find_element(By.TAG_NAME, "main").text, "the host reads the address"
    session = browser.current_url.split("?")[0]
    log_out(browser)

    log_in(browser, "agent")
    browser.get(session)
    options = Select(browser.find_element(By.ID, "resource"))
    neighbour = options.options[3].text
    options.select_by_index(3)
    click_and_wait(browser, button(browser, "Inscrire"))
    assert "Inscription confirmée" in browser.find_element(By.CSS_SELECTOR, ".success").text
    assert f"{neighbour} — Inscrit·e" in browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=liste]").text
    log_out(browser)

    # The session under way since an hour: its host notes who came.
    log_in(browser, "volunteer")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Apprendre"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Cuisiner les restes du frigo"))
    assert not axe_violations(browser), "session page"
    boxes = browser.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=liste] input[type=checkbox]")
    assert len(boxes) == 3
    for box in boxes[:2]:
        if not box.is_selected():
            box.click()
    click_and_wait(browser, button(browser, "Enregistrer la présence"))
    assert "Présence enregistrée (2 présent·es)" in browser.find_element(By.CSS_SELECTOR, ".success").text
    browser.shots("attendance")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Apprendre"))
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Ma page"))
    assert "transmis 1 fois" in browser.find_element(By.TAG_NAME, "main").text
    log_out(browser)
