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
