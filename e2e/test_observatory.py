"""The Observatory: an elected official opens the year's dashboard from the home page, reads an
indicator's tables and charts, and downloads the whole year as an OpenDocument spreadsheet that
an ODS reader opens, with no count under 5 anywhere in it."""
import io

import requests
from odf.opendocument import load
from pypdf import PdfReader
from odf.table import Table, TableCell, TableRow
from selenium.webdriver.common.by import By

from conftest import axe_violations, click_and_wait, log_in


def cells(table):
    """Each row of an ODS table as (value-type, value or text) pairs."""
    rows = []
    for row in table.getElementsByType(TableRow):
        line = []
        for cell in row.getElementsByType(TableCell):
            kind = cell.getAttribute("valuetype")
            line.append((kind, float(cell.getAttribute("value")) if kind == "float" else str(cell)))
        rows.append(line)
    return rows


def test_an_elected_official_reads_the_dashboard_and_opens_its_spreadsheet(browser):
    log_in(browser, "elected")
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//a[contains(., 'Observatoire social')]"))
    main = browser.find_element(By.TAG_NAME, "main")
    assert main.find_element(By.TAG_NAME, "h1").text.startswith("Observatoire social")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".cards-grid svg[role=img] title")) == 15, "a chart per indicator"
    assert browser.find_elements(By.CSS_SELECTOR, "#ages ~ svg[role=img]"), "the age pyramid"
    assert not browser.find_elements(By.CSS_SELECTOR, "main a[href^='/personnes']"), "nothing links to a file"
    assert not axe_violations(browser), "dashboard"
    browser.shots("dashboard")

    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a[aria-describedby='indicateur-signals']"))
    assert "Signalements reçus" in browser.find_element(By.TAG_NAME, "h1").text
    table = browser.find_element(By.ID, "quartiers")
    figures = [td.text for td in table.find_elements(By.TAG_NAME, "td")]
    assert figures and all(text == "masqué" or int(text.replace("\u202f", "")) >= 5 for text in figures), figures
    assert not axe_violations(browser), "indicator"
    browser.shots("indicator")

    browser.get(browser.autour.url + "/observatoire")
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "tableur OpenDocument")
    session = requests.Session()
    for cookie in browser.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    answer = session.get(link.get_attribute("href"), timeout=60)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    document = load(io.BytesIO(answer.content))
    sheets = {table.getAttribute("name"): cells(table) for table in document.spreadsheet.getElementsByType(Table)}
    assert len(sheets) == 16 and "À propos" in sheets, list(sheets)
    signals = sheets["Signalements reçus"]
    assert signals[0][0] == ("string", "Signalements reçus")
    assert any(row and row[0] == ("string", "Quartier (nombre)") for row in signals)
    # Hours and euros are sums (hidden by how many records make them, not by their size).
    counts = [value for rows in sheets.values() if "(heures)" not in str(rows) and "(euros)" not in str(rows)
              for row in rows for kind, value in row if kind == "float"]
    assert counts, "the spreadsheet holds numbers"
    assert all(value >= 5 for value in counts), "no count under 5 leaves the Observatory"


def test_the_yearly_report_prints_as_a_pdf_with_a_page_for_each_part(browser):
    log_in(browser, "coordinator")
    browser.get(browser.autour.url + "/observatoire")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Lire le rapport annuel"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Analyse des besoins sociaux")
    chapters = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".report-part > h2")]
    assert chapters[0] == "Synthèse" and chapters[-1] == "Annexe : méthodes" and len(chapters) == 7, chapters
    assert "Le Mas du Taureau concentre" in browser.find_element(By.ID, "synthese").text, "the demo's comments are in the report"
    assert not axe_violations(browser), "report"
    browser.shots("report")

    pdf_link = browser.find_element(By.LINK_TEXT, "Télécharger en PDF").get_attribute("href")
    session = requests.Session()
    for cookie in browser.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    answer = session.get(pdf_link, timeout=120)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(answer.content)).pages]
    assert "Analyse des besoins sociaux" in pages[0] and "Synthèse" in pages[0], "the cover and its contents"
    # Each part starts a page, in the report's order: its heading is the first line of a page.
    starts = []
    for heading in chapters:
        found = [index for index, text in enumerate(pages) if text.strip().startswith(heading)]
        assert found, f"no page starts with {heading!r}"
        starts.append(found[0])
    assert starts == sorted(starts) and starts[0] == 1, starts
    assert len(pages) >= len(chapters) + 1
