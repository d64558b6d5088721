"""Journeys a person makes in a real browser, in a phone and a desktop viewport."""
from selenium.webdriver.common.by import By

from conftest import ROLES, click_and_wait, log_in, log_out


def test_each_demo_role_logs_in_sees_their_home_and_logs_out(browser):
    for role in ROLES:
        log_in(browser, role)
        heading = browser.find_element(By.TAG_NAME, "h1").text
        assert heading.startswith("Bonjour"), f"{role}: {heading}"
        sections = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section.role h2")]
        assert len(sections) == 1 and "par où commencer" in sections[0], f"{role}: {sections}"
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
        browser.shots(f"home-{role}")
        log_out(browser)
        assert browser.current_url.endswith("/login"), f"{role} not logged out"


def test_every_home_card_of_every_demo_role_leads_to_a_working_page(browser):
    for role in ROLES:
        log_in(browser, role)
        cards = [(a.text, a.get_attribute("href")) for a in browser.find_elements(By.CSS_SELECTOR, "li.card h3 a")]
        assert cards, f"{role}: no card on the home page"
        assert "Bientôt" not in browser.page_source, f"{role}: a card promises a page that does not exist"
        for title, href in cards:
            browser.get(href)
            headings = browser.find_elements(By.TAG_NAME, "h1")
            assert len(headings) == 1, f"{role}: {title} → {href} has {len(headings)} h1"
            assert "introuvable" not in headings[0].text and "refusé" not in headings[0].text, \
                f"{role}: {title} → {href} shows « {headings[0].text} »"
            assert not headings[0].text.startswith("Bonjour"), f"{role}: {title} leads back home"
        browser.get(browser.current_url.split("/", 3)[0] + "//" + browser.current_url.split("/", 3)[2] + "/")
        log_out(browser)


def test_a_wrong_password_is_explained_next_to_the_field(browser):
    log_in(browser, "agent", password="pas-le-bon")
    error = browser.find_element(By.ID, "login-error")
    assert "incorrect" in error.text
    assert browser.find_element(By.ID, "password").get_attribute("aria-invalid") == "true"
    browser.shots("wrong-password")


def test_an_admin_creates_an_account_that_can_then_log_in(browser, viewport):
    email = f"nouvelle-{viewport}@demo.autour.test"
    log_in(browser, "admin")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Comptes"))
    browser.shots("accounts")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "name").send_keys("Nadia Bellil")
    browser.find_element(By.NAME, "role_watcher").click()
    browser.find_element(By.ID, "password").send_keys("court")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=nouveau] button[type=submit]"))
    assert "10 caractères" in browser.find_element(By.ID, "password-error").text
    browser.shots("password-too-short")
    browser.find_element(By.ID, "password").send_keys("un-mot-de-passe-sur")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=nouveau] button[type=submit]"))
    assert email in browser.find_element(By.CSS_SELECTOR, ".success").text
    browser.shots("account-created")
    log_out(browser)
    log_in(browser, None, password="un-mot-de-passe-sur", email=email)
    assert "Veilleur·se : par où commencer" in browser.page_source
    browser.shots("new-account-home")


def test_an_agent_finds_a_person_records_a_visit_and_prints_the_export(browser):
    from conftest import axe_violations
    log_in(browser, "agent")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Personnes"))
    search = browser.find_element(By.ID, "q")
    search.send_keys("rue")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.search button"))
    results = browser.find_elements(By.CSS_SELECTOR, "ul.results a")
    assert results, "the demo territory should have people living in a 'rue'"
    browser.shots("search")
    name = results[0].text
    click_and_wait(browser, results[0])
    assert browser.find_element(By.TAG_NAME, "h1").text.lower() in name.lower() or name.split()[-1] in browser.find_element(By.TAG_NAME, "h1").text
    assert not axe_violations(browser), "file page"
    browser.find_element(By.ID, "summary").send_keys("Visite de l'e2e : la personne va bien.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#suivis button[type=submit]"))
    assert "Visite de l'e2e" in browser.page_source
    assert "Intervention enregistrée" in browser.find_element(By.CSS_SELECTOR, ".success").text
    browser.shots("follow-up-added")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "toutes les données détenues"))
    assert "Consultations et modifications du dossier" in browser.page_source
    assert not axe_violations(browser), "export page"
    browser.shots("export")


def test_a_watcher_signal_is_triaged_visited_and_closed_and_the_watcher_sees_it_closed(browser, viewport):
    from selenium.webdriver.support.ui import Select
    from conftest import axe_violations
    name = f"Mme Essai-{viewport}"
    log_in(browser, "watcher")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Signaler"))
    assert not axe_violations(browser), "signal form"
    # A first try without saying what worries: the message sits next to the field.
    browser.find_element(By.ID, "personName").send_keys(name)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Choisissez ce qui vous inquiète" in browser.find_element(By.ID, "kind-error").text
    browser.shots("signal-missing-kind")
    Select(browser.find_element(By.ID, "kind")).select_by_value("isolation")
    browser.find_element(By.CSS_SELECTOR, "input[name=urgency][value=urgent]").click()
    browser.find_element(By.ID, "address").send_keys("21 rue du Lycée")
    Select(browser.find_element(By.ID, "neighbourhood")).select_by_visible_text("Village")
    browser.find_element(By.ID, "details").send_keys("Volets fermés depuis trois jours, ne répond pas.")
    browser.find_element(By.CSS_SELECTOR, "input[name=consentToContact][value=yes]").click()
    browser.shots("signal-filled")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "bien été transmis" in browser.find_element(By.CSS_SELECTOR, ".success").text
    assert browser.find_elements(By.CSS_SELECTOR, "td.sender-status")[0].text == "Reçu"
    browser.shots("signal-sent")
    log_out(browser)

    log_in(browser, "agent")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Signalements"))
    browser.shots("queue")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, name))
    assert not axe_violations(browser), "signal page"
    first, last = browser.find_element(By.ID, "firstName"), browser.find_element(By.ID, "lastName")
    first.clear(); first.send_keys("Suzanne")
    last.clear(); last.send_keys(f"Essai-{viewport}")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Créer la fiche et la rattacher')]"))
    assert "Rattaché à la fiche" in browser.page_source
    browser.find_element(By.ID, "note").send_keys("Visite faite : accepte le portage de repas.")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Enregistrer le contact')]"))
    assert "Visite faite : accepte le portage" in browser.page_source
    browser.shots("visited")
    Select(browser.find_element(By.ID, "outcome")).select_by_value("supported")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space(.)='Clore']"))
    assert browser.find_element(By.ID, "statut-signalement").text == "Clos"
    browser.shots("closed")
    log_out(browser)

    log_in(browser, "watcher")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Mes signalements"))
    assert browser.find_elements(By.CSS_SELECTOR, "td.sender-status")[0].text == "Clos"
    assert name not in browser.page_source, "the watcher sees the status, not the person"
    browser.shots("watcher-sees-closed")


def test_a_coordinator_proposes_a_volunteer_accepts_declares_hours_and_the_dashboard_counts_them(browser, viewport):
    from selenium.webdriver.support.ui import Select
    from conftest import axe_violations
    log_in(browser, "coordinator")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Bureau des heures"))
    before = browser.find_element(By.ID, "heures-du-mois").text
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Créer un besoin"))
    browser.find_element(By.ID, "title").send_keys(f"Essai {viewport} : aide au jardin")
    browser.find_element(By.NAME, "skill_Jardinage").click()
    Select(browser.find_element(By.ID, "weekday")).select_by_visible_text("mardi")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Personnes ressources proposées" in browser.page_source
    assert not axe_violations(browser), "need page"
    browser.shots("candidates")
    click_and_wait(browser, browser.find_elements(By.XPATH, "//button[starts-with(normalize-space(.), 'Proposer à')]")[0])
    assert browser.find_element(By.ID, "statut-besoin").text.startswith("Proposé")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Bureau des heures"))
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Proposer une affectation')]"))
    assert "Proposition d'affectation" in browser.page_source
    browser.shots("batch")
    # Confirm one line only: the coordinator decides line by line, and the next run still finds open needs.
    boxes = browser.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name^=p_]")
    if boxes:
        for box in boxes[1:]:
            box.click()
        click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Confirmer les propositions')]"))
        assert "Proposé" in browser.page_source
    log_out(browser)

    log_in(browser, "volunteer")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Mes missions"))
    accept = browser.find_elements(By.XPATH, "//button[normalize-space(.)='Accepter']")
    if accept:
        click_and_wait(browser, accept[0])
    declare = browser.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=acceptees] input[name=minutes]")
    assert declare, "an accepted mission to declare"
    declare[0].send_keys("90")
    browser.shots("declare")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Déclarer mes heures')]"))
    assert "Merci" in browser.find_element(By.CSS_SELECTOR, ".success").text
    log_out(browser)

    log_in(browser, "coordinator")
    browser.get(browser.autour.url + "/energies/heures")
    click_and_wait(browser, browser.find_elements(By.XPATH, "//button[normalize-space(.)='Vérifier']")[0])
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Bureau des heures"))
    after = browser.find_element(By.ID, "heures-du-mois").text
    assert after != before, (before, after)
    browser.shots("dashboard")
