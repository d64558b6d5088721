"""The Fabrique: a social worker searches the bank of experiences in French and finds the sheets
about older people's isolation first, their words marked; an elected official opens the plan in
progress, is stopped by the vigilance point left unanswered, answers it and prints the plan."""
import time

from selenium.webdriver.common.by import By

from conftest import axe_violations, click_and_wait, log_in


def test_a_search_in_french_finds_the_sheets_about_isolated_older_people_first(browser):
    log_in(browser, "agent")
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//a[contains(., 'Fabrique d')]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Fabrique d'expériences"
    assert not axe_violations(browser), "first page"
    field = browser.find_element(By.ID, "q")
    field.clear()
    field.send_keys("isolement des personnes âgées")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[role=search] button[type=submit]"))
    results = browser.find_elements(By.CSS_SELECTOR, "ol.results > li")
    assert len(results) >= 3, "the demo tells each kind of experience three times"
    titles = [item.find_element(By.TAG_NAME, "h3").text for item in results]
    assert all("personnes âgées" in title.lower() or "aînés" in title.lower() for title in titles[:3]), titles
    assert results[0].find_elements(By.TAG_NAME, "mark"), "the query's words are marked"
    assert not axe_violations(browser), "results"
    browser.shots("fabrique-results")

    click_and_wait(browser, results[0].find_element(By.CSS_SELECTOR, "h3 a"))
    assert browser.find_element(By.TAG_NAME, "h1").text == titles[0]
    assert browser.find_element(By.XPATH, "//h2[.='Résultats et chiffres']")
    assert not axe_violations(browser), "sheet"
    browser.shots("fabrique-sheet")


def test_a_plan_cannot_be_ready_while_a_vigilance_point_is_unanswered(browser):
    log_in(browser, "elected")
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//a[contains(., 'Construire une stratégie')]"))
    assert browser.find_element(By.PARTIAL_LINK_TEXT, "Aller vers les aînés isolés"), "the demo's plan in progress"
    assert not axe_violations(browser), "plans"
    title = f"Plan du plaidoyer {time.time_ns()}"
    browser.find_element(By.ID, "title").send_keys(title)
    browser.find_element(By.NAME, "figure-advocacy").click()
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='Créer le plan']"))
    assert browser.find_element(By.TAG_NAME, "h1").text == title
    for field, value in [("actionTitle", "Un conseil des usagers"), ("owner", "Adjointe aux solidarités"), ("budget", "4500")]:
        browser.find_element(By.ID, field).send_keys(value)
    for field, value in [("start", "2027-01"), ("end", "2027-12")]:
        browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, field), value)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.=\"Ajouter l'action\"]"))
    assert "Un conseil des usagers" in browser.find_element(By.ID, "actions").find_element(By.XPATH, "..").text

    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='Déclarer le plan prêt']"))
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert alert.startswith("Le plan n'est pas prêt : Point de vigilance sans réponse (Avocat social du territoire)"), alert
    assert "Plan en préparation." in browser.find_element(By.TAG_NAME, "main").text
    assert not axe_violations(browser), "stopped"
    browser.shots("strategy-stopped")

    browser.find_element(By.ID, "advocacy-0").send_keys("Les usagers élisent leurs représentants au conseil.")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='Enregistrer les réponses']"))
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='Déclarer le plan prêt']"))
    assert "Le plan est prêt." in browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Version à imprimer"))
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Plan prêt." in text and "Un conseil des usagers — responsable : Adjointe aux solidarités" in text
    browser.shots("strategy-print")
