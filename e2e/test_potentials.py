"""Potentials: an agent proposes an inhabitant's project, ticks each criterion of the passage with
a note and passes it to the next stage, then asks for a skill; the coordinator finds the need in
Energies with its candidates. A volunteer joins a project from the gallery without carrying it."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import axe_violations, button, click_and_wait, log_in, log_out


def test_a_project_is_proposed_passes_a_stage_and_its_skill_need_reaches_energies(browser, viewport):
    title = f"Atelier vélo de la Soie ({viewport})"
    need = f"Réparer les vélos donnés ({viewport})"
    log_in(browser, "agent")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Projets"))
    assert "Les projets par étape" in browser.find_element(By.TAG_NAME, "main").text
    assert not axe_violations(browser), "pipeline"
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Proposer un projet"))
    browser.find_element(By.ID, "title").send_keys(title)
    browser.find_element(By.ID, "purpose").send_keys("Remettre en état des vélos donnés pour les prêter aux jeunes du quartier.")
    Select(browser.find_element(By.ID, "theme")).select_by_visible_text("Réparer, bricoler")
    Select(browser.find_element(By.ID, "neighbourhood")).select_by_visible_text("La Soie")
    Select(browser.find_element(By.ID, "carrier")).select_by_index(3)
    browser.find_element(By.NAME, "isPublic").click()
    assert not axe_violations(browser), "project form"
    click_and_wait(browser, button(browser, "Proposer le projet"))
    assert title in browser.find_element(By.TAG_NAME, "h1").text
    assert "Idée — en cours" in browser.find_element(By.CSS_SELECTOR, "ol.steps").text
    assert not axe_violations(browser), "project page"
    browser.shots("proposed")

    # Every criterion of the passage, each with its note.
    ticked = 0
    while browser.find_elements(By.XPATH, "//button[normalize-space(.)='Valider ce critère']"):
        form = browser.find_element(By.XPATH, "(//form[.//button[normalize-space(.)='Valider ce critère']])[1]")
        form.find_element(By.TAG_NAME, "textarea").send_keys(f"Vu avec le groupe ({ticked + 1}).")
        click_and_wait(browser, form.find_element(By.TAG_NAME, "button"))
        assert "Critère validé" in browser.find_element(By.CSS_SELECTOR, ".success").text
        ticked += 1
        assert ticked < 10
    assert ticked == 3
    click_and_wait(browser, button(browser, "Passer à l'étape « Exploration »"))
    assert "Exploration — en cours" in browser.find_element(By.CSS_SELECTOR, "ol.steps").text
    assert "Étape franchie : Idée → Exploration" in browser.find_element(By.CSS_SELECTOR, "ol.timeline").text
    browser.shots("passed")

    browser.find_element(By.XPATH, "//summary[contains(., 'Demander des compétences')]").click()
    browser.find_element(By.ID, "needTitle").send_keys(need)
    Select(browser.find_element(By.ID, "skill")).select_by_visible_text("Petit bricolage")
    browser.find_element(By.ID, "hours").send_keys("3")
    click_and_wait(browser, button(browser, "Transmettre à Énergies"))
    needs = browser.find_element(By.XPATH, "//section[@aria-labelledby='besoins']").text
    assert f"Compétences : Petit bricolage — {need} — À pourvoir" in needs
    assert not axe_violations(browser), "project with its need"
    log_out(browser)

    log_in(browser, "coordinator")
    browser.get(browser.autour.url + "/energies/besoins")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, need))
    assert browser.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=candidats] li.queue-item"), "candidates for the need"
    browser.shots("need-in-energies")
    log_out(browser)


def test_a_volunteer_joins_a_project_from_the_gallery_without_carrying_it(browser, viewport):
    log_in(browser, "volunteer")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Projets"))
    assert not axe_violations(browser), "volunteer's projects"
    # A different project per viewport among those to join.
    links = browser.find_elements(By.XPATH, "//section[@aria-labelledby='rejoindre']//h3/a")
    target = links[0 if viewport == "phone" else 1]
    name = target.text
    click_and_wait(browser, target)
    click_and_wait(browser, button(browser, "Rejoindre ce projet comme membre"))
    assert "Vous avez rejoint le projet" in browser.find_element(By.CSS_SELECTOR, ".success").text
    assert "— Membre" in browser.find_element(By.XPATH, "//section[@aria-labelledby='personnes']").text
    assert not browser.find_elements(By.XPATH, "//button[normalize-space(.)='Valider ce critère']"), "a member does not coach"
    assert not axe_violations(browser), "joined project"
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "← Projets d'habitants"))
    assert name in browser.find_element(By.XPATH, "//section[@aria-labelledby='mes-projets']").text
    log_out(browser)
    browser.get(browser.autour.url + "/projets-ouverts/demo-vaulx")
    assert "Des projets à rejoindre" in browser.find_element(By.TAG_NAME, "h1").text
    assert not axe_violations(browser), "public gallery"
