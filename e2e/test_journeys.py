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
