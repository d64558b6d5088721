"""Conviviality: a coordinator publishes an event; an inhabitant finds it on the public programme
and in a calendar application, registers, another waits, a cancellation seats the second, who is
checked in at the door; the season's mixity shows as charts with tables."""
import datetime
import re

import icalendar
import requests
from selenium.webdriver.common.by import By

from conftest import axe_violations, button, click_and_wait, log_in, log_out, set_value


def register(browser, title, first_name, contact):
    browser.get(browser.autour.url + "/programme/demo-vaulx")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, title))
    browser.find_element(By.ID, "firstName").send_keys(first_name)
    browser.find_element(By.ID, "contact").send_keys(contact)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space(.)=\"Je m'inscris\"]"))
    assert "Votre inscription est enregistrée." in browser.find_element(By.CSS_SELECTOR, ".success").text
    return browser.current_url.split("?")[0]


def test_an_inhabitant_registers_waits_is_promoted_and_is_checked_in(browser, viewport):
    title = f"Goûter des voisins ({viewport})"
    start = datetime.datetime.now() + datetime.timedelta(days=5)
    log_in(browser, "coordinator")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Convivialités"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Publier un événement"))
    browser.find_element(By.ID, "title").send_keys(title)
    browser.find_element(By.ID, "venueName").send_keys("Café associatif La Passerelle")
    set_value(browser, "startsAt", start.strftime("%Y-%m-%dT15:00"))
    set_value(browser, "endsAt", start.strftime("%Y-%m-%dT17:00"))
    capacity = browser.find_element(By.ID, "capacity")
    capacity.clear()
    capacity.send_keys("1")
    assert not axe_violations(browser), "event form"
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space(.)='Enregistrer']"))
    assert "Événement publié" in browser.find_element(By.CSS_SELECTOR, ".success").text
    log_out(browser)

    # Anyone finds it, with no account, and registers; the second person waits.
    first = register(browser, title, "Pauline", "06 12 34 56 78")
    assert "Inscrit·e" in browser.find_element(By.ID, "etat").text
    assert not axe_violations(browser), "registration page"
    browser.shots("registered")
    second = register(browser, title, "Quentin", "quentin@example.org")
    assert "Liste d'attente" in browser.find_element(By.ID, "etat").text
    assert "en position 1" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(browser.autour.url + "/programme/demo-vaulx")
    card = browser.find_element(By.XPATH, f"//li[contains(@class,'card')][.//a[normalize-space(.)='{title}']]")
    assert "Complet" in card.text
    assert "Pauline" not in browser.page_source and "Quentin" not in browser.page_source

    # The calendar feed, as a calendar application reads it.
    feed = requests.get(browser.autour.url + "/programme/demo-vaulx/calendrier.ics", timeout=10)
    assert feed.headers["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = [e for e in calendar.walk("VEVENT") if str(e.get("SUMMARY")).startswith(title)]
    assert len(events) == 1
    assert events[0].decoded("DTSTART").astimezone(datetime.timezone.utc).hour in (13, 14)  # 15:00 in Paris
    assert "Café associatif La Passerelle" in str(events[0].get("LOCATION"))
    assert "Pauline" not in feed.text and "06 12 34 56 78" not in feed.text

    # Pauline cancels through her link: Quentin gets the place.
    browser.get(first)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space(.)='Annuler mon inscription']"))
    assert "Votre inscription est annulée." in browser.find_element(By.CSS_SELECTOR, ".success").text
    browser.get(second)
    assert "Inscrit·e" in browser.find_element(By.ID, "etat").text
    number = browser.find_element(By.CSS_SELECTOR, "dl.facts strong").text
    browser.shots("promoted")

    # At the door, on a phone: the agent checks Quentin in by the number he gives.
    log_in(browser, "agent")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Convivialités"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, title))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Accueil à l'entrée"))
    browser.find_element(By.ID, "number").send_keys(number)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space(.)='Accueillir']"))
    assert f"Quentin (n° {number}) est accueilli·e." in browser.find_element(By.CSS_SELECTOR, ".success").text
    assert not axe_violations(browser), "door"
    browser.shots("door")
    log_out(browser)


def test_the_coordinator_reads_the_seasons_mixity_as_charts_and_tables(browser):
    log_in(browser, "coordinator")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Convivialités"))
    section = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=mixite]")
    figures = section.find_elements(By.CSS_SELECTOR, "figure.mixity")
    assert len(figures) == 5
    ages = figures[0]
    assert ages.find_elements(By.CSS_SELECTOR, "svg.bars rect"), "a chart"
    table = ages.find_element(By.TAG_NAME, "table").text
    assert "60 à 74 ans" in table and "28 %" in table
    # The demo season has enough answers for both indices.
    assert re.search(r"Équilibre : 0,\d\d", ages.text) and re.search(r"Écart au territoire : 0,\d\d", ages.text)
    assert not axe_violations(browser), "dashboard"
    browser.shots("mixity")
