"""Advocacy: an inhabitant of the parliament tables an amendment, the vote is held (online and on
paper, the paper count signed by two officers) and closed, and the public charter has a new
version with its fingerprint and differences; an actor applies, is audited article by article and
labelled, and appears in the public catalogue and on its map; a referral to the local social
council becomes a published opinion that the public search finds."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import axe_violations, button, click_and_wait, log_in, log_out


def open_details(browser, summary):
    browser.find_element(By.XPATH, f"//summary[contains(., \"{summary}\")]").click()


def test_an_amendment_is_tabled_voted_and_makes_a_new_charter_version(browser, viewport):
    title = f"Achats responsables ({viewport})"
    log_in(browser, "volunteer")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Plaidoyer"))
    assert "Vous siégez au parlement" in browser.find_element(By.TAG_NAME, "main").text
    assert not axe_violations(browser), "advocacy hub"
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Séance d'automne"))
    assert "sous-représentés" in browser.find_element(By.XPATH, "//section[@aria-labelledby='representativite']").text
    assert not axe_violations(browser), "session"
    open_details(browser, "Déposer un amendement")
    browser.find_element(By.XPATH, "//input[@name='kind'][@value='add']").click()
    browser.find_element(By.ID, "title").send_keys(title)
    browser.find_element(By.ID, "text").send_keys("Les acteurs choisissent des fournisseurs qui paient correctement leurs salariés.")
    browser.find_element(By.ID, "reasons").send_keys("Ce que nous achetons fait vivre d'autres territoires : autant que ce soit dignement.")
    click_and_wait(browser, button(browser, "Déposer l'amendement"))
    assert title in browser.find_element(By.TAG_NAME, "h1").text
    amendment = browser.current_url.split("?")[0]
    browser.shots("tabled")
    log_out(browser)

    log_in(browser, "coordinator")
    browser.get(amendment)
    click_and_wait(browser, button(browser, "Ouvrir le vote"))
    assert "Vote ouvert" in browser.find_element(By.CSS_SELECTOR, ".success").text
    log_out(browser)

    log_in(browser, "volunteer")
    browser.get(amendment)
    browser.find_element(By.XPATH, "//input[@name='choice'][@value='yes']").click()
    assert not axe_violations(browser), "ballot"
    click_and_wait(browser, button(browser, "Mettre mon bulletin dans l'urne"))
    assert "Votre vote est dans l'urne" in browser.find_element(By.CSS_SELECTOR, ".success").text
    assert "1 bulletin(s) dans l'urne" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    log_out(browser)

    # Seven members voted on paper: the agent enters the count, the coordinator signs it.
    log_in(browser, "agent")
    browser.get(amendment)
    open_details(browser, "Saisir un décompte papier")
    boxes = browser.find_elements(By.XPATH, "//fieldset[.//legend[contains(., 'sur papier')]]//input[@type='checkbox']")
    for box in boxes[:7]:
        box.click()
    browser.find_element(By.ID, "yes").send_keys("6")
    browser.find_element(By.ID, "no").send_keys("1")
    browser.find_element(By.ID, "abstain").send_keys("0")
    click_and_wait(browser, button(browser, "Saisir (premier·e assesseur·e)"))
    assert "second·e assesseur·e" in browser.find_element(By.CSS_SELECTOR, ".success").text
    log_out(browser)

    log_in(browser, "coordinator")
    browser.get(amendment)
    assert "Dépouillement" not in browser.find_element(By.TAG_NAME, "main").text, "secret until closed"
    click_and_wait(browser, button(browser, "Confirmer comme second·e assesseur·e"))
    click_and_wait(browser, button(browser, "Clore le vote et publier le résultat"))
    assert "Résultat : Adopté" in browser.find_element(By.ID, "resultat").text
    assert not axe_violations(browser), "result"
    browser.shots("adopted")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "La nouvelle version de la charte"))
    fingerprint = browser.find_element(By.CSS_SELECTOR, "code.fingerprint").text
    assert len(fingerprint) == 64
    assert f"ajouté : « {title} »" in browser.find_element(By.TAG_NAME, "main").text
    assert not axe_violations(browser), "charter version"
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "← La charte en vigueur"))
    assert fingerprint in browser.find_element(By.TAG_NAME, "main").text
    assert title in browser.find_element(By.TAG_NAME, "main").text
    assert not axe_violations(browser), "public charter"
    browser.shots("charter")
    log_out(browser)


def test_an_actor_is_audited_article_by_article_labelled_and_shown_on_the_map(browser, viewport):
    name = f"Atelier de couture Fil d'Ariane ({viewport})"
    log_in(browser, "agent")
    browser.get(browser.autour.url + "/plaidoyer/labels")
    assert not axe_violations(browser), "labels"
    browser.find_element(By.ID, "name").send_keys(name)
    browser.find_element(By.XPATH, "//input[@name='kind'][@value='association']").click()
    browser.find_element(By.ID, "address").send_keys("4 rue de la Poste")
    for area in browser.find_elements(By.XPATH, "//textarea[starts-with(@id, 'evidence')]"):
        area.send_keys("Nous l'appliquons chaque jour et pouvons le montrer lors d'une visite.")
    click_and_wait(browser, button(browser, "Déposer la candidature"))
    assert name in browser.find_element(By.TAG_NAME, "h1").text
    audits = 0
    pending = "//div[contains(@class, 'card')][.//h3[contains(., 'pas encore audité')]]//form"
    while browser.find_elements(By.XPATH, pending):
        form = browser.find_element(By.XPATH, f"({pending})[1]")
        form.find_element(By.TAG_NAME, "textarea").send_keys("Constaté lors de la visite.")
        click_and_wait(browser, form.find_element(By.TAG_NAME, "button"))
        assert "Constat enregistré" in browser.find_element(By.CSS_SELECTOR, ".success").text
        audits += 1
        if audits == 1:
            assert not axe_violations(browser), "application being audited"
        assert audits < 20
    assert audits >= 8
    log_out(browser)

    log_in(browser, "coordinator")
    browser.get(browser.autour.url + "/plaidoyer/labels")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, name))
    browser.find_element(By.XPATH, "//input[@name='decision'][@value='labelled']").click()
    browser.find_element(By.ID, "justification").send_keys("Chaque article de la charte a été vérifié sur place par les auditeur·rices.")
    click_and_wait(browser, button(browser, "Publier la décision"))
    assert "Décision : Labellisé" in browser.find_element(By.ID, "decision-publiee").text
    browser.shots("labelled")
    log_out(browser)

    browser.get(browser.autour.url + "/acteurs-labellises/demo-vaulx")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert name in main and "Chaque article de la charte a été vérifié" in main
    assert browser.find_elements(By.CSS_SELECTOR, "svg.map circle"), "on the map"
    assert "Label retiré" in main and "Label expiré" in main
    assert not axe_violations(browser), "public catalogue"
    browser.shots("catalogue")


def test_a_referral_becomes_a_published_opinion_found_by_search(browser, viewport):
    title = f"Tarifs de la piscine municipale ({viewport})"
    log_in(browser, "agent")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Plaidoyer"))
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Le conseil social local"))
    assert not axe_violations(browser), "council"
    open_details(browser, "Enregistrer une saisine")
    browser.find_element(By.ID, "title").send_keys(title)
    browser.find_element(By.ID, "referredBy").send_keys("Service des sports")
    browser.find_element(By.ID, "question").send_keys("La commune veut supprimer le tarif réduit des nageurs retraités à la piscine.")
    click_and_wait(browser, button(browser, "Enregistrer la saisine"))
    card = browser.find_element(By.XPATH, f"//div[contains(@class, 'card')][.//h3[contains(., \"{title}\")]]")
    card.find_element(By.XPATH, ".//textarea[starts-with(@id, 'opinion-')]").send_keys("Avis défavorable à la suppression du tarif réduit.")
    card.find_element(By.XPATH, ".//textarea[starts-with(@id, 'reasons-')]").send_keys(
        "Les nageurs retraités viennent aux heures creuses ; la piscine garde ainsi un lien avec des personnes âgées souvent isolées.")
    card.find_element(By.XPATH, ".//input[@name='cite_3']").click()
    click_and_wait(browser, card.find_element(By.XPATH, ".//button[starts-with(normalize-space(.), 'Publier')]"))
    assert "Avis publié" in browser.find_element(By.CSS_SELECTOR, ".success").text
    log_out(browser)

    browser.get(browser.autour.url + "/avis/demo-vaulx")
    browser.find_element(By.ID, "q").send_keys("nageur retraite")
    click_and_wait(browser, button(browser, "Rechercher"))
    assert title in browser.find_element(By.CSS_SELECTOR, "main article h3 a").text, "the best match first"
    assert not axe_violations(browser), "search"
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, title))
    assert "Isolement des personnes âgées" in browser.find_element(By.ID, "jurisprudence").find_element(By.XPATH, "..").text
    assert not axe_violations(browser), "opinion"
    browser.shots("opinion")
