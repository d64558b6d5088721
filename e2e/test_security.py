"""The security probes against a real server process, as an attacker would try them: extreme
numbers in every form and every numeric API field (found by crawling the pages of each role and
by reading the OpenAPI document, not listed by hand), bursts of parallel password guesses, paths
that dodge the API check, open redirects, /metrics from outside, and deleted audit entries.

CI runs this module against the release build, on SQLite and on PostgreSQL
(AUTOUR_TEST_POSTGRES_URL). Each engine gets a server of its own on a fresh demo territory,
behind a pretend reverse proxy: AUTOUR_TRUSTED_PROXIES=127.0.0.1 lets a probe speak for many
client addresses through X-Forwarded-For."""
import concurrent.futures
import html.parser
import json
import os
import re
import sqlite3
import subprocess
import tempfile
import uuid

import pytest
import requests

from conftest import BINARY, DEMO_PASSWORD, ROLES, Server, engine_env, engines

EXTREME_TEXT = ["9223372036854775807", "-9223372036854775808", "99999999999999999999", "nan", "inf", "-inf", "1e300", "", "abc"]
# Raw JSON tokens: NaN and Infinity are not JSON, the others do not fit a 64-bit integer or are absurd.
EXTREME_JSON = ["9223372036854775807", "-9223372036854775808", "18446744073709551616", "1e300", "-1e300", "NaN", "Infinity",
                "1.5", '"abc"', '""', "null"]
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Forms whose effect would end the probe itself.
SKIPPED_ACTIONS = {"/login", "/logout", "/sessions/autres/fermer"}


@pytest.fixture(scope="module", params=engines())
def target(request):
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: build it first")
    with tempfile.TemporaryDirectory() as workdir, engine_env(request.param, "autour_sec") as database:
        srv = Server(workdir, env={"AUTOUR_TRUSTED_PROXIES": "127.0.0.1", **database})
        srv.engine = request.param
        yield srv
        srv.stop()


def guess(srv, email, password, address, **fields):
    """Posts the login form as a client at `address` (through the pretend proxy); returns the
    answer, with the browser session on `.session`."""
    session = requests.Session()
    session.headers["X-Forwarded-For"] = address
    page = session.get(srv.url + "/login")
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    response = session.post(srv.url + "/login", data={"_csrf": token, "email": email, "password": password, **fields},
                            allow_redirects=False)
    response.session = session
    return response


def log_in(srv, role, address="198.51.100.1"):
    response = guess(srv, f"{role}@demo.autour.test", DEMO_PASSWORD, address)
    assert response.status_code == 303, (role, response.status_code)
    return response.session


class Forms(html.parser.HTMLParser):
    """The links and the POST forms of a page, with their fields' current values."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self.current, self.select = [], [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and (a.get("href") or "").startswith("/"):
            self.links.append(a["href"].split("#")[0])
        elif tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = {"action": a.get("action") or "", "fields": {}}
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "textarea") and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a and a["name"] in self.current["fields"]:
                return
            self.current["fields"][a["name"]] = a.get("value") or ("on" if kind == "checkbox" else "1")
        elif self.current is not None and tag == "select" and a.get("name"):
            self.select = a["name"]
            self.current["fields"].setdefault(a["name"], "")
        elif self.current is not None and tag == "option" and self.select:
            if not self.current["fields"][self.select] or "selected" in a:
                self.current["fields"][self.select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def shape(path):
    return UUID_RE.sub("{id}", path.split("?")[0])


def crawl(srv, session, limit=60):
    """Every page reachable from the home page, one page per URL shape, and the forms on them."""
    queue, seen, forms = ["/"], set(), {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if shape(path) in seen or path.startswith("/public") or path.startswith("/api"):
            continue
        seen.add(shape(path))
        page = session.get(srv.url + path, allow_redirects=False)
        if "text/html" not in page.headers.get("content-type", ""):
            continue
        parser = Forms()
        parser.feed(page.text)
        queue.extend(parser.links)
        for form in parser.forms:
            action = form["action"] or path
            key = (shape(action), tuple(sorted(form["fields"])))
            if shape(action) not in SKIPPED_ACTIONS and key not in forms:
                forms[key] = (path, action, form["fields"])
    return list(forms.values())


def fresh_csrf(srv, session, page):
    text = session.get(srv.url + page).text
    match = re.search(r'name="_csrf" value="([^"]+)"', text)
    return match.group(1) if match else ""


def checked_logins(srv, email):
    admin = {"Authorization": f"Bearer {srv.token('admin')}"}
    account = next(a for a in requests.get(srv.url + "/api/v1/accounts", headers=admin).json()["items"] if a["email"] == email)
    coordinator = {"Authorization": f"Bearer {srv.token('coordinator')}"}
    trail = requests.get(srv.url + "/api/v1/audit", params={"recordId": account["id"]}, headers=coordinator).json()["items"]
    return [e for e in trail if e["action"] in ("login", "login_failed")]


def test_forty_parallel_guesses_on_one_account_get_at_most_five_checks_and_a_locked_account_looks_like_a_wrong_password(target):
    # An account of its own: the burst locks it for fifteen minutes.
    email = "cible@demo.autour.test"
    target.cli("user", "create", "--territory", "demo-vaulx", "--email", email, "--role", "agent", "--password-stdin",
               stdin=DEMO_PASSWORD + "\n")
    before = len(checked_logins(target, email))
    with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(lambda i: guess(target, email, f"wrong-guess-{i}", f"203.0.113.{i + 1}"), range(40)))
    assert all(a.status_code in (422, 429) for a in answers), [a.status_code for a in answers]
    assert len(checked_logins(target, email)) - before <= 5
    right = guess(target, email, DEMO_PASSWORD, "192.0.2.200")
    unknown = guess(target, "nobody@demo.autour.test", DEMO_PASSWORD, "192.0.2.201")
    assert right.status_code == unknown.status_code == 422
    assert "autour_session" not in right.cookies
    assert "Adresse e-mail ou mot de passe incorrect." in right.text and "Adresse e-mail ou mot de passe incorrect." in unknown.text


def test_sixty_parallel_failures_from_one_address_stop_at_twenty_without_locking_out_the_others(target):
    with concurrent.futures.ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(lambda i: guess(target, f"guess{i}@nowhere.test", "wrong-password", "203.0.113.250"), range(60)))
    codes = [a.status_code for a in answers]
    assert codes.count(422) <= 20 and codes.count(429) >= 40, codes
    # Behind the proxy, another client is not locked out by this one.
    assert guess(target, "volunteer@demo.autour.test", DEMO_PASSWORD, "198.51.100.77").status_code == 303
    # A client that is not the proxy cannot choose its address: the header is ignored for it.
    assert target.alive()


@pytest.mark.parametrize("next_target", ["/\t/evil.example", "/\\evil.example", "//evil.example", "/%0d%0a/evil", "https://evil.example",
                                         "/\n/evil.example"])
def test_the_login_never_redirects_to_another_site(target, next_target):
    response = guess(target, "watcher@demo.autour.test", DEMO_PASSWORD, "198.51.100.9", next=next_target)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location == "/" or (location.startswith("/") and not location.startswith("//") and "\\" not in location
                               and not any(ord(c) < 33 for c in location)), location


def test_the_session_cookie_does_not_open_the_api_through_another_spelling_of_its_path(target):
    session = log_in(target, "coordinator", address="198.51.100.10")
    for path in ["//api/v1/persons", "/./api/v1/persons", "/x/../api/v1/persons", "/api//v1/persons", "/%2Fapi/v1/persons"]:
        response = requests.get(target.url + path, cookies=session.cookies, headers={"X-Forwarded-For": "198.51.100.10"})
        # The client may normalise dot segments itself: then the API sees no bearer token (401).
        assert response.status_code in (401, 404), (path, response.status_code)
        assert '"items"' not in response.text
    for method in ("PUT", "PATCH", "DELETE"):
        response = session.request(method, target.url + "/logout", data={})
        assert response.status_code == 422, method


def test_cookies_carry_the_host_prefix_over_https(target):
    session = requests.Session()
    session.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.11"})
    page = session.get(target.url + "/login")
    browser_key = re.search(r"__Host-autour_csrf=([^;]+)", page.headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    # A Secure cookie is not sent back over plain HTTP by the client: the test carries it by hand,
    # as the browser would over the proxy's HTTPS.
    response = session.post(target.url + "/login", data={"_csrf": token, "email": "agent@demo.autour.test", "password": DEMO_PASSWORD},
                            headers={"Cookie": f"__Host-autour_csrf={browser_key}"}, allow_redirects=False)
    cookie = response.headers.get("Set-Cookie", "")
    assert cookie.startswith("__Host-autour_session=") and "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie


def test_metrics_answer_this_machine_only(target):
    assert requests.get(target.url + "/metrics").status_code == 200
    # Through the proxy, the request comes from outside.
    assert requests.get(target.url + "/metrics", headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 404


# The sweeps come after the probes: they post to every form, and some of those change the demo.
def test_extreme_values_in_every_form_of_every_role_get_a_4xx_and_the_server_answers(target):
    swept = 0
    # The admin last: its forms deactivate accounts the other roles log in with.
    for role in [r for r in ROLES if r != "admin"] + ["admin"]:
        session = log_in(target, role)
        for page, action, fields in crawl(target, session):
            csrf = fresh_csrf(target, session, page)
            for name in [f for f in fields if f != "_csrf"]:
                for value in EXTREME_TEXT:
                    body = {**fields, "_csrf": csrf, name: value}
                    response = session.post(target.url + action, data=body, allow_redirects=False)
                    assert response.status_code < 500, (role, action, name, value, response.status_code)
                    swept += 1
            assert target.alive(), f"the server stopped after the form {action} ({role})"
    print(f"form sweep on {target.engine}: {swept} posts")
    assert swept > 500, f"only {swept} posts: the crawl found too few forms"


def openapi_operations(srv):
    document = requests.get(srv.url + "/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]

    def resolve(schema):
        while "$ref" in schema:
            schema = schemas[schema["$ref"].split("/")[-1]]
        return schema

    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            body = resolve(operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}))
            numeric_body = [n for n, s in body.get("properties", {}).items()
                            if resolve(s).get("type") in ("integer", "number") or "integer" in (resolve(s).get("type") or [])]
            numeric_query = [p["name"] for p in operation.get("parameters", [])
                             if p.get("in") == "query" and p.get("schema", {}).get("type") in ("integer", "number")]
            if numeric_body or numeric_query:
                yield path, method, body, numeric_body, numeric_query


def sample(schema):
    """A plausible value for a JSON schema, so that the extreme value is what the handler meets."""
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), "string") if isinstance(kind, list) else kind
    if "enum" in schema:
        return schema["enum"][0]
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object":
        return {}
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if schema.get("format") == "date-time":
        return "2030-01-01T10:00:00Z"
    return "12345678-cle"


def first_id(srv, token, path):
    """An id that exists, for {id} in `path`, read from the collection it belongs to."""
    collection = path.split("/{")[0]
    try:
        items = requests.get(srv.url + collection, headers={"Authorization": f"Bearer {token}"}, timeout=10).json().get("items", [])
        return items[0]["id"] if items else str(uuid.uuid4())
    except (ValueError, KeyError, requests.RequestException):
        return str(uuid.uuid4())


def test_extreme_values_in_every_numeric_api_field_get_a_4xx_and_the_server_answers(target):
    operations = list(openapi_operations(target))
    assert len(operations) >= 5, "the OpenAPI document lists fewer numeric fields than expected"
    sent = 0
    for role in ["coordinator", "volunteer", "agent", "watcher"]:
        token = target.token(role)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for path, method, body, numeric_body, numeric_query in operations:
            url_path = re.sub(r"\{[^}]+\}", lambda _: first_id(target, token, path), path, count=1)
            url_path = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), url_path)
            base = {name: sample(schema) for name, schema in body.get("properties", {}).items()
                    if name in body.get("required", []) or name in numeric_body}
            for name in numeric_body:
                for token_text in EXTREME_JSON:
                    raw = json.dumps({**base, name: "__X__"}).replace('"__X__"', token_text)
                    response = requests.request(method.upper(), target.url + url_path, data=raw, headers=headers, timeout=30)
                    assert response.status_code < 500, (role, method, path, name, token_text, response.status_code, response.text[:200])
                    sent += 1
            for name in numeric_query:
                for value in EXTREME_TEXT:
                    response = requests.request(method.upper(), target.url + url_path, params={name: value}, headers=headers, timeout=30)
                    assert response.status_code < 500, (role, method, path, name, value, response.status_code)
                    sent += 1
            assert target.alive(), f"the server stopped after {method.upper()} {path} ({role})"
    print(f"API sweep on {target.engine}: {sent} requests over {len(operations)} operations")
    assert sent > 100


def test_deleting_the_newest_audit_entries_makes_audit_verify_fail(target):
    intact = target.cli("audit", "verify", check=False)
    assert intact.returncode == 0, intact.stderr
    target.cli("audit", "anchor")
    if target.engine == "sqlite":
        with sqlite3.connect(f"{target.workdir}/autour.sqlite") as db:
            db.execute("DELETE FROM audit_entries WHERE sequence > (SELECT MAX(sequence) - 3 FROM audit_entries)")
    else:
        subprocess.run(["psql", target.env["DATABASE_URL"], "-q", "-c",
                        "DELETE FROM audit_entries WHERE sequence > (SELECT MAX(sequence) - 3 FROM audit_entries)"], check=True)
    broken = target.cli("audit", "verify", check=False)
    assert broken.returncode == 1
    assert "tronqué" in broken.stderr and len(broken.stderr.strip().splitlines()) == 1
