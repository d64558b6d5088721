"""Life basins: an inhabitant answers the anonymous questionnaire and the coordinator's map
changes; the coordinator reads the computed action territory against the EPCI; the command
`autour basins` clusters a CSV graph as its contract says."""
import json

from selenium.webdriver.common.by import By

from conftest import axe_violations, click_and_wait, log_in, log_out

# A commune beyond the demo's 30 km, different for each viewport (both run on one server).
FAR = {"phone": "Bourgoin-Jallieu (38)", "desktop": "Ambérieu-en-Bugey (01)"}


def answer_questionnaire(browser, far):
    browser.get(browser.autour.url + "/bassin-de-vie/demo-vaulx")
    browser.find_element(By.ID, "home").send_keys("Vaulx-en-Velin (69)")
    browser.find_element(By.NAME, "shopping_here").click()
    browser.find_element(By.ID, "work_1").send_keys(far)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Merci, votre réponse est enregistrée." in browser.find_element(By.CSS_SELECTOR, ".success").text


def test_answers_to_the_questionnaire_change_the_coordinators_map(browser, viewport):
    far = FAR[viewport]
    name = far.split(" (")[0]
    log_in(browser, "coordinator")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Bassins de vie"))
    assert f"<title>{name}</title>" not in browser.page_source
    questionnaire = browser.find_element(By.PARTIAL_LINK_TEXT, "/bassin-de-vie/demo-vaulx").get_attribute("href")
    log_out(browser)

    # Anyone, without an account: the page says it is anonymous and asks no identity.
    browser.get(questionnaire)
    assert "anonyme" in browser.find_element(By.TAG_NAME, "main").text
    assert not browser.find_elements(By.CSS_SELECTOR, "input[type=email], input[name*=name], input[name*=phone]")
    assert not axe_violations(browser), "questionnaire"
    browser.shots("questionnaire")
    for _ in range(4):
        answer_questionnaire(browser, far)
    log_in(browser, "coordinator")
    browser.get(browser.autour.url + "/bassins")
    assert f"<title>{name}</title>" not in browser.page_source, "four answers are too few to show a commune"
    log_out(browser)

    answer_questionnaire(browser, far)
    browser.shots("thanks")
    log_in(browser, "coordinator")
    browser.get(browser.autour.url + "/bassins")
    assert f"<title>{name}</title>" in browser.page_source, "the fifth answer puts the commune on the map"
    flows = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=flux] table").text
    assert name in flows
    browser.shots("map")


def test_the_coordinator_reads_the_action_territory_against_the_epci(browser):
    log_in(browser, "coordinator")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Bassins de vie"))
    main = browser.find_element(By.TAG_NAME, "main")
    facts = main.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "Métropole de Lyon" in facts
    assert "Communes ajoutées par le territoire d'action" in facts and "Communes de l'EPCI laissées de côté" in facts
    svg = main.find_element(By.CSS_SELECTOR, "svg#carte-territoire, svg[aria-labelledby^=carte-territoire]")
    assert svg.get_attribute("role") == "img"
    table = main.find_element(By.CSS_SELECTOR, "section[aria-labelledby=territoire] table").text
    assert "Vaulx-en-Velin (CCAS)" in table and "Territoire d'action" in table
    assert not axe_violations(browser), "map page"
    browser.shots("territory")
    # Coarser territories on demand, without JavaScript: a GET form.
    from selenium.webdriver.support.ui import Select
    Select(browser.find_element(By.ID, "territoires")).select_by_value("large")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space(.)='Recalculer']"))
    assert "territoires=large" in browser.current_url
    assert "Le territoire d'action compte" in browser.find_element(By.TAG_NAME, "main").text


def test_autour_basins_clusters_a_csv_graph_as_its_contract_says(server, tmp_path):
    graph = tmp_path / "graph.csv"
    # Two triangles joined by one light edge.
    graph.write_text("a,b,weight\n72181,72054,5\n72054,72003,5\n72181,72003,5\n"
                     "69256,69266,5\n69266,69259,5\n69256,69259,5\n72003,69256,1\n")
    out = tmp_path / "out.json"
    server.cli("basins", "--graph", str(graph), "--out", str(out), "--seed", "3")
    result = json.loads(out.read_text())
    assert sorted(map(sorted, result["communities"])) == [["69256", "69259", "69266"], ["72003", "72054", "72181"]]
    # m = 31; each triangle holds 15 inside and strength 31: Q = 2 × (15/31 − (31/62)²).
    assert abs(result["modularity"] - 2 * (15 / 31 - 0.25)) < 1e-9
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,weight\n72181,72054,-1\n")
    failed = server.cli("basins", "--graph", str(bad), check=False)
    assert failed.returncode != 0 and "Ligne 2" in failed.stderr
