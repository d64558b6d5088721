"""Shared fixtures of the end-to-end suite: a real Autour server on a fresh demo territory,
headless Chromium in a phone and a desktop viewport, screenshots of every step, axe-core."""
import contextlib
import os
import pathlib
import re
import socket
import subprocess
import tempfile
import time
import uuid
from urllib.parse import urlsplit

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = pathlib.Path(os.environ.get("AUTOUR_BIN", ROOT / ".build" / "debug" / "autour"))
SCREENSHOTS = pathlib.Path(os.environ.get("AUTOUR_SCREENSHOTS", ROOT / "e2e" / "screenshots"))
AXE_JS = pathlib.Path(__file__).resolve().parent / ".axe" / "axe.min.js"
DEMO_PASSWORD = "autour-demo"
ROLES = ["agent", "coordinator", "elected", "watcher", "volunteer", "partner", "admin"]
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}


def engines():
    """The database engines a server-level test runs on: SQLite always, PostgreSQL when CI gives
    one (AUTOUR_TEST_POSTGRES_URL)."""
    return ["sqlite", "postgres"] if os.environ.get("AUTOUR_TEST_POSTGRES_URL") else ["sqlite"]


@contextlib.contextmanager
def engine_env(engine, prefix="autour_e2e"):
    """The environment that points a server at a fresh database of `engine`: nothing for SQLite
    (the server's work directory holds the file), a new PostgreSQL database dropped afterwards."""
    if engine != "postgres":
        yield {}
        return
    base = os.environ["AUTOUR_TEST_POSTGRES_URL"]
    database = f"{prefix}_{uuid.uuid4().hex[:12]}"
    subprocess.run(["psql", base, "-q", "-c", f"CREATE DATABASE {database}"], check=True, capture_output=True)
    try:
        yield {"DATABASE_URL": urlsplit(base)._replace(path="/" + database).geturl()}
    finally:
        subprocess.run(["psql", base, "-q", "-c", f"DROP DATABASE {database} WITH (FORCE)"], capture_output=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, workdir, env=None):
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": f"sqlite:{workdir}/autour.sqlite", "AUTOUR_LOG_LEVEL": "warning", **(env or {})}
        self.log = open(os.path.join(workdir, "server.log"), "w")
        self.process = subprocess.Popen([str(BINARY), "serve", "--demo", "--port", str(self.port)],
                                        cwd=workdir, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        # `serve --demo` loads a year of every module's demo first: a minute and more on a busy
        # machine with PostgreSQL.
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("the server did not start; see " + self.log.name)

    def cli(self, *args, stdin=None, check=True):
        """Runs the autour command on the server's database (and its audit anchors)."""
        result = subprocess.run([str(BINARY), *args], cwd=self.workdir, env=self.env, input=stdin,
                                capture_output=True, text=True)
        if check and result.returncode != 0:
            raise AssertionError(f"autour {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
        return result.stdout.strip() if check else result

    def alive(self):
        """Whether the process still runs and answers."""
        try:
            return self.process.poll() is None and requests.get(self.url + "/health", timeout=5).ok
        except requests.RequestException:
            return False

    def token(self, role):
        return self.cli("token", "create", "--email", f"{role}@demo.autour.test")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture(scope="session")
def server():
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: build with `swift build` first")
    with tempfile.TemporaryDirectory() as workdir:
        srv = Server(workdir)
        yield srv
        srv.stop()


def make_driver(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=fr-FR",
                f"--window-size={width},{height}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_window_size(width, height)
    return driver


@pytest.fixture(scope="session", params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def browser(viewport, server, request):
    driver = make_driver(*VIEWPORTS[viewport])
    driver.autour = server
    driver.shots = Shots(driver, f"{request.node.originalname}-{viewport}")
    yield driver
    driver.quit()


class Shots:
    """Numbered screenshots of each step of a journey, kept by CI."""

    def __init__(self, driver, prefix):
        self.driver, self.prefix, self.count = driver, re.sub(r"[^\w-]", "_", prefix), 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def __call__(self, step):
        self.count += 1
        self.driver.save_screenshot(str(SCREENSHOTS / f"{self.prefix}-{self.count:02d}-{step}.png"))


def click_and_wait(driver, element):
    """Clicks a link or a submit button and waits until the next page has replaced this one:
    a mark set on the current window disappears with its document. (Watching the old element
    go stale races with Chromium's own navigation and fails now and then.)"""
    driver.execute_script("window.__autourPage = true;")
    element.click()

    def next_page_loaded(d):
        try:
            return d.execute_script("return window.__autourPage !== true && document.readyState === 'complete';")
        except WebDriverException:
            return False

    WebDriverWait(driver, 15).until(next_page_loaded)


def log_in(driver, role, password=DEMO_PASSWORD, email=None):
    driver.get(driver.autour.url + "/login")
    driver.find_element(By.ID, "email").send_keys(email or f"{role}@demo.autour.test")
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def log_out(driver):
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.logout button"))


def set_value(browser, element_id, value):
    """A date or time field typed key by key depends on the browser's locale: the value is set as
    a browser's picker would."""
    browser.execute_script("document.getElementById(arguments[0]).value = arguments[1];", element_id, value)


def button(browser, text):
    return browser.find_element(By.XPATH, f"//button[normalize-space(.)=\"{text}\"]")


def axe_violations(driver):
    """Runs axe-core on the current page for the WCAG 2.1 A/AA rules; returns the serious and
    critical violations."""
    driver.execute_script(AXE_JS.read_text())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done(r.violations)).catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
    return [v for v in result if v.get("impact") in ("serious", "critical")]
