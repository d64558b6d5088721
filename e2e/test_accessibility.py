"""axe-core on every page each demo role reaches by following links, plus the pages everyone
sees (login, errors). Zero serious or critical WCAG 2.1 A/AA violations."""
from urllib.parse import urljoin, urlparse

from selenium.webdriver.common.by import By

from conftest import ROLES, axe_violations, log_in, log_out


def reachable_pages(browser, start):
    """Same-site pages reached by following links from `start`, breadth first."""
    base = browser.autour.url
    seen, queue = [], [start]
    while queue and len(seen) < 40:
        url = queue.pop(0)
        if url in seen:
            continue
        browser.get(url)
        seen.append(url)
        for link in browser.find_elements(By.CSS_SELECTOR, "a[href]"):
            target = urljoin(url, link.get_attribute("href")).split("#")[0]
            if urlparse(target).netloc == urlparse(base).netloc and target not in seen and not target.endswith("/logout"):
                queue.append(target)
    return seen


def check(browser, label):
    violations = axe_violations(browser)
    details = [f"{label} {browser.current_url}: {v['id']} ({v['impact']}) {v['help']}" for v in violations]
    assert not details, "\n".join(details)


def test_public_pages_have_no_serious_violation(browser):
    for path in ("/login", "/nulle-part"):
        browser.get(browser.autour.url + path)
        check(browser, "anonymous")
    log_in(browser, "agent", password="pas-le-bon")
    check(browser, "login error")


def test_every_page_of_every_role_has_no_serious_violation(browser):
    for role in ROLES:
        log_in(browser, role)
        for page in reachable_pages(browser, browser.autour.url + "/"):
            browser.get(page)
            check(browser, role)
        browser.get(browser.autour.url + "/")
        log_out(browser)
    browser.shots("last")
