"""Two `autour serve` processes on one PostgreSQL database, behind nothing but their ports, as a
CCAS would run them for availability: a session opened on one works on the other, a file written
through one is read through the other, and each shared background job (missed check-ins, request
auto-acceptance, retention, emerging needs) runs once between them, not once per server."""
import os
import re
import tempfile

import pytest
import requests

from conftest import DEMO_PASSWORD, Server, engine_env

pytestmark = pytest.mark.skipif(not os.environ.get("AUTOUR_TEST_POSTGRES_URL"), reason="needs PostgreSQL (AUTOUR_TEST_POSTGRES_URL)")
SHARED_JOBS = ["missed check-ins", "time-bank requests", "retention", "emerging needs"]


def job_runs(server):
    """autour_job_runs_total by (job, outcome), read from the server's /metrics."""
    text = requests.get(server.url + "/metrics", timeout=10).text
    runs = {}
    for line in text.splitlines():
        if line.startswith("autour_job_runs_total{"):
            labels = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
            runs[(labels["job"], labels["outcome"])] = float(line.rsplit(" ", 1)[1])
    return runs


def test_two_servers_share_sessions_and_run_each_job_once():
    with tempfile.TemporaryDirectory() as first_dir, tempfile.TemporaryDirectory() as second_dir, \
            engine_env("postgres", "autour_two") as database:
        # The first server migrates and loads the demo; the second starts on the same database.
        first = Server(first_dir, env=database)
        second = Server(second_dir, env=database)
        try:
            session = requests.Session()
            page = session.get(first.url + "/login")
            csrf = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
            login = session.post(first.url + "/login", allow_redirects=False,
                                 data={"_csrf": csrf, "email": "agent@demo.autour.test", "password": DEMO_PASSWORD})
            assert login.status_code == 303
            # The session cookie opened on the first server is honoured by the second.
            home = session.get(second.url + "/", allow_redirects=False)
            assert home.status_code == 200 and "Se déconnecter" in home.text

            token = first.cli("token", "create", "--email", "agent@demo.autour.test")
            headers = {"Authorization": f"Bearer {token}"}
            created = requests.post(first.url + "/api/v1/persons", headers=headers, timeout=10,
                                    json={"firstName": "Odile", "lastName": "Serveurdeux"})
            assert created.status_code == 201, created.text
            found = requests.get(second.url + "/api/v1/persons?q=serveurdeux", headers=headers, timeout=10).json()["items"]
            assert [p["id"] for p in found] == [created.json()["id"]]

            runs = [job_runs(first), job_runs(second)]
            for job in SHARED_JOBS:
                done = sum(r.get((job, "done"), 0) + r.get((job, "failed"), 0) for r in runs)
                skipped = sum(r.get((job, "skipped"), 0) for r in runs)
                assert (done, skipped) == (1, 1), (job, runs)
            # The audit anchor is each server's own file: both keep theirs.
            assert all(r.get(("audit anchor", "done"), 0) == 1 for r in runs), runs
        finally:
            second.stop()
            first.stop()
