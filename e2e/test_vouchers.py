"""Health vouchers: an agent hands a voucher to a person who meets the territory's rule (its code
is shown once); the pharmacy, signed in on a phone, checks the code, sees only its value and
kind, accepts it, and the same code is then refused."""
from selenium.webdriver.common.by import By

from conftest import axe_violations, button, click_and_wait, log_in, log_out

# The demo's families; the first whose last screening meets the rule (CSS) receives the voucher.
FAMILIES = ["Laura", "Aïcha", "Thierry", "Sandra", "Inès", "Moussa", "Julien", "Kevin", "Yacine", "Céline"]


def issue_a_voucher(browser):
    for name in FAMILIES:
        browser.get(browser.autour.url + "/personnes?q=" + name)
        links = browser.find_elements(By.XPATH, f"//main//a[contains(., '{name}')]")
        if not links:
            continue
        click_and_wait(browser, links[0])
        click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Voir ou remettre un bon santé"))
        if browser.find_elements(By.XPATH, "//button[normalize-space(.)='Remettre un bon']"):
            assert not axe_violations(browser), "person's vouchers"
            click_and_wait(browser, button(browser, "Remettre un bon"))
            return name, browser.find_element(By.CSS_SELECTOR, ".voucher-code").text
    raise AssertionError("no demo family meets the voucher rule")


def test_a_shop_redeems_a_voucher_once_and_the_same_code_is_refused(browser):
    log_in(browser, "agent")
    name, code = issue_a_voucher(browser)
    assert len(code) == 14, code
    assert "n'est affiché qu'une fois" in browser.find_element(By.TAG_NAME, "main").text
    browser.shots("issued")
    log_out(browser)

    log_in(browser, "partner")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Bons santé"))
    assert not axe_violations(browser), "shop page"
    browser.find_element(By.ID, "code").send_keys(code.lower())
    click_and_wait(browser, button(browser, "Vérifier le code"))
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Pharmacie — 30,00 €" in main and name not in main, main
    assert not axe_violations(browser), "checked code"
    click_and_wait(browser, button(browser, "Accepter ce bon"))
    assert "Bon accepté : 30,00 €" in browser.find_element(By.CSS_SELECTOR, ".success").text
    browser.shots("redeemed")

    browser.find_element(By.ID, "code").send_keys(code)
    click_and_wait(browser, button(browser, "Vérifier le code"))
    assert "déjà été utilisé" in browser.find_element(By.CSS_SELECTOR, ".error-summary").text
    assert not browser.find_elements(By.XPATH, "//button[normalize-space(.)='Accepter ce bon']")
    assert not axe_violations(browser), "refused code"
