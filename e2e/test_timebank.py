"""The time bank's ledger as an IT referent relies on it: every acknowledged transfer survives a
kill -9 of the server, and `autour ledger verify` passes on the demo and fails on a tampered file."""
import os
import signal
import sqlite3
import tempfile
import threading
import time

import pytest
import requests

from conftest import BINARY, Server, engine_env, engines


def api(server, token, method, path, **kwargs):
    return requests.request(method, server.url + "/api/v1" + path, headers={"Authorization": f"Bearer {token}"}, timeout=10, **kwargs)


@pytest.mark.parametrize("engine", engines())
def test_every_acknowledged_transfer_survives_kill_9_and_the_ledger_verifies(engine):
    # Eight members pay at once (or as many as the demo has), so that the server commits their transfers in shared batches:
    # a kill -9 lands while some batch is being written, and no acknowledged transfer may be lost.
    with tempfile.TemporaryDirectory() as workdir, engine_env(engine, "autour_crash") as database:
        server = Server(workdir, env=database)
        coordinator = server.token("coordinator")
        volunteer = server.token("volunteer")
        accounts = api(server, coordinator, "GET", "/timebank/accounts").json()["items"]
        mine = api(server, volunteer, "POST", "/timebank/accounts/mine").json()["id"]
        members = [a["id"] for a in accounts if a["kind"] == "member" and a["id"] != mine]
        assert len(members) >= 4, "the demo has member accounts to pay"
        streams = min(8, len(members))
        acknowledged, stop, lock = [], threading.Event(), threading.Lock()

        def stream(number):
            # Back and forth between the volunteer and a member of its own (whose history then
            # holds every transfer of this stream): the balances stay in range.
            other = members[number]
            for i in range(100000):
                if stop.is_set():
                    return
                body = {"minutes": 1, "idempotencyKey": f"crash-{number}-{i}", "description": "",
                        "fromAccount": mine, "toAccount": other}
                if i % 2:
                    body["fromAccount"], body["toAccount"] = other, mine
                try:
                    r = api(server, coordinator, "POST", "/timebank/transfers", json=body)
                except requests.RequestException:
                    return
                if r.status_code == 201:
                    with lock:
                        acknowledged.append(r.json()["id"])

        threads = [threading.Thread(target=stream, args=(n,)) for n in range(streams)]
        for thread in threads:
            thread.start()
        deadline = time.time() + 60
        while len(acknowledged) < 200 and time.time() < deadline:
            time.sleep(0.05)
        os.kill(server.process.pid, signal.SIGKILL)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        server.process.wait(timeout=30)
        server.log.close()
        assert len(acknowledged) >= 200, len(acknowledged)

        restarted = Server(workdir, env=database)
        try:
            kept = set()
            for account in members[:streams]:
                history = api(restarted, coordinator, "GET", f"/timebank/accounts/{account}/history").json()["items"]
                kept |= {t["id"] for t in history}
            missing = [t for t in acknowledged if t not in kept]
            assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged transfers lost"
            ledger = api(restarted, coordinator, "GET", "/timebank/accounts").json()
            assert ledger["totalMinutes"] == 0
            assert restarted.cli("ledger", "verify").startswith("Grand livre intact")
        finally:
            restarted.stop()


def test_ledger_verify_passes_on_the_demo_and_fails_on_a_tampered_entry():
    import subprocess
    with tempfile.TemporaryDirectory() as workdir:
        env = {**os.environ, "DATABASE_URL": f"sqlite:{workdir}/ledger.sqlite", "AUTOUR_LOG_LEVEL": "error"}
        run = lambda *args: subprocess.run([str(BINARY), *args], cwd=workdir, env=env, capture_output=True, text=True)
        assert run("demo").returncode == 0
        intact = run("ledger", "verify")
        assert intact.returncode == 0, intact.stderr
        with sqlite3.connect(f"{workdir}/ledger.sqlite") as db:
            # The triggers refuse the edit, as they should; a tamperer removes them first.
            try:
                db.execute("UPDATE timebank_entries SET minutes = minutes * 2 WHERE rowid = 3")
                raise AssertionError("the database accepted an edit of the ledger")
            except sqlite3.DatabaseError:
                pass
            db.execute("DROP TRIGGER timebank_entries_no_update")
            db.execute("UPDATE timebank_entries SET minutes = minutes * 2 WHERE rowid = 3")
        broken = run("ledger", "verify")
        assert broken.returncode == 1
        assert "grand livre rompu" in broken.stderr and len(broken.stderr.strip().splitlines()) == 1
