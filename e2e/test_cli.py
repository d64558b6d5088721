"""The command line as an IT referent uses it: exit codes and one-line errors."""
import os
import sqlite3
import subprocess
import tempfile
import time

from conftest import BINARY


def run(workdir, *args, env=None, stdin=None):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:{workdir}/cli.sqlite", "AUTOUR_LOG_LEVEL": "error", **(env or {})}
    return subprocess.run([str(BINARY), *args], cwd=workdir, env=environment, input=stdin, capture_output=True, text=True)


def test_editing_one_stored_audit_row_makes_audit_verify_fail():
    with tempfile.TemporaryDirectory() as workdir:
        assert run(workdir, "demo").returncode == 0
        intact = run(workdir, "audit", "verify")
        assert intact.returncode == 0, intact.stderr
        with sqlite3.connect(f"{workdir}/cli.sqlite") as db:
            db.execute("UPDATE audit_entries SET action = 'read' WHERE sequence = 4")
        broken = run(workdir, "audit", "verify")
        assert broken.returncode == 1
        assert "#4" in broken.stderr and len(broken.stderr.strip().splitlines()) == 1


def test_serve_demo_prints_the_demo_logins_before_serving_even_into_a_file():
    import requests

    from conftest import free_port
    with tempfile.TemporaryDirectory() as workdir:
        port = free_port()
        environment = {**os.environ, "DATABASE_URL": f"sqlite:{workdir}/serve.sqlite", "AUTOUR_LOG_LEVEL": "error"}
        for attempt in ("créé", "déjà chargé"):
            with open(os.path.join(workdir, "out.log"), "w") as log:
                process = subprocess.Popen([str(BINARY), "serve", "--demo", "--port", str(port)], cwd=workdir, env=environment,
                                           stdout=log, stderr=subprocess.STDOUT)
                try:
                    for _ in range(300):
                        try:
                            if requests.get(f"http://127.0.0.1:{port}/health", timeout=1).ok:
                                break
                        except requests.RequestException:
                            time.sleep(0.2)
                    # Read while the server still runs: nothing may wait in a buffer.
                    printed = open(os.path.join(workdir, "out.log")).read()
                    assert f"Territoire de démonstration {attempt}" in printed, printed
                    assert "admin@demo.autour.test" in printed and "autour-demo" in printed, printed
                    assert f"Autour écoute sur http://127.0.0.1:{port}" in printed, printed
                finally:
                    process.terminate()
                    process.wait(timeout=30)


def test_exit_codes_and_one_line_errors():
    with tempfile.TemporaryDirectory() as workdir:
        assert run(workdir, "demo").returncode == 0
        again = run(workdir, "demo")
        assert again.returncode == 1 and "existe déjà" in again.stderr
        bad_url = run(workdir, "migrate", env={"DATABASE_URL": "mysql://x/y"})
        assert bad_url.returncode == 1 and bad_url.stderr.startswith("autour: DATABASE_URL:")
        assert len(bad_url.stderr.strip().splitlines()) == 1
        assert run(workdir, "no-such-command").returncode == 2
        assert run(workdir, "user", "create", "--territory", "demo-vaulx", "--email", "x@y.fr", "--role", "agent").returncode == 2


def test_an_account_created_on_the_command_line_gets_a_working_token():
    with tempfile.TemporaryDirectory() as workdir:
        assert run(workdir, "territory", "create", "--slug", "gueret", "--name", "CCAS de Guéret", "--communes", "23096").returncode == 0
        bad = run(workdir, "territory", "create", "--slug", "x-y", "--name", "X", "--communes", "lyon")
        assert bad.returncode == 1 and "LYON" in bad.stderr
        created = run(workdir, "user", "create", "--territory", "gueret", "--email", "Admin@Gueret.fr", "--role", "admin,coordinator",
                      "--password-stdin", stdin="un-mot-de-passe\n")
        assert created.returncode == 0, created.stderr
        token = run(workdir, "token", "create", "--email", "admin@gueret.fr")
        assert token.returncode == 0 and token.stdout.strip().startswith("aut_") and len(token.stdout.strip().splitlines()) == 1
        revoked = run(workdir, "token", "revoke", "--email", "admin@gueret.fr")
        assert revoked.returncode == 0 and "1" in revoked.stdout


def test_the_exported_directory_validates_against_the_official_schema_and_a_bad_import_changes_nothing():
    import json
    import pathlib

    import jsonschema

    # The official schemas as the repository ships them (the server validates with the same files).
    schemas = pathlib.Path(__file__).resolve().parent.parent / "Sources" / "AutourStore" / "People" / "Resources"
    with tempfile.TemporaryDirectory() as workdir:
        assert run(workdir, "demo").returncode == 0
        exported = run(workdir, "export", "data-inclusion", "--territory", "demo-vaulx", "--out", f"{workdir}/out")
        assert exported.returncode == 0, exported.stderr
        for kind in ("structure", "service"):
            schema = json.loads((schemas / f"{kind}.schema.json").read_text())
            records = json.loads(pathlib.Path(f"{workdir}/out/{kind}s.json").read_text())
            assert records, kind
            for record in records:
                jsonschema.validate(record, schema, format_checker=jsonschema.FormatChecker())
        bad = pathlib.Path(workdir) / "bad.json"
        bad.write_text(json.dumps([{"source": "x", "id": "x--1", "nom": "Une structure", "date_maj": "2026-01-01"},
                                   {"source": "x", "id": "x--2", "nom": "AB", "date_maj": "hier"}]))
        refused = run(workdir, "import", "data-inclusion", "--territory", "demo-vaulx", str(bad))
        assert refused.returncode == 1
        assert "bad.json: enregistrement 2 (id x--2): nom" in refused.stderr
        assert "date_maj" in refused.stderr
        again = run(workdir, "export", "data-inclusion", "--territory", "demo-vaulx", "--out", f"{workdir}/again")
        assert json.loads(pathlib.Path(f"{workdir}/again/structures.json").read_text()) == \
            json.loads(pathlib.Path(f"{workdir}/out/structures.json").read_text())


def test_autour_match_finds_the_same_optimum_as_or_tools_on_random_instances():
    """`autour match` against OR-Tools' SimpleMinCostFlow (the peer script of bench/match) on
    random instances, plentiful and scarce: the same number of units assigned, the same cost, and
    an assignment that respects every demand, capacity and arc."""
    import json
    import pathlib
    import sys
    bench = pathlib.Path(__file__).resolve().parent.parent / "bench" / "peers"
    with tempfile.TemporaryDirectory() as workdir:
        for seed, (needs, resources, arcs, max_cost) in enumerate([(300, 2000, 1500, 1000), (500, 120, 2500, 20),
                                                                    (50, 50, 400, 0), (1000, 400, 6000, 1000000000)]):
            instance = f"{workdir}/in-{seed}.json"
            with open(instance, "w") as f:
                subprocess.run([sys.executable, str(bench / "match_instance.py"), str(needs), str(resources), str(arcs), str(seed),
                                str(max_cost)], stdout=f, check=True)
            mine = run(workdir, "match", "--instance", instance, "--out", f"{workdir}/autour.json")
            assert mine.returncode == 0, mine.stderr
            subprocess.run([sys.executable, str(bench / "ortools_match.py"), instance, f"{workdir}/ortools.json"], check=True)
            a, o = (json.load(open(f"{workdir}/{name}.json")) for name in ("autour", "ortools"))
            assert (a["assigned"], a["cost"]) == (o["assigned"], o["cost"]), seed
            data = json.load(open(instance))
            demand = {n["id"]: n["demand"] for n in data["needs"]}
            capacity = {r["id"]: r["capacity"] for r in data["resources"]}
            arcs = {}
            for arc in data["arcs"]:
                arcs.setdefault((arc["need"], arc["resource"]), []).append(arc["cost"])
            used = {}
            for pair in a["assignments"]:
                key = (pair["need"], pair["resource"])
                assert key in arcs, key
                used[key] = used.get(key, 0) + 1
            assert all(count <= len(arcs[key]) for key, count in used.items())
            for need in demand:
                assert sum(c for (n, _), c in used.items() if n == need) <= demand[need]
            for resource in capacity:
                assert sum(c for (_, r), c in used.items() if r == resource) <= capacity[resource]


def test_autour_match_explains_a_broken_instance_in_one_line():
    with tempfile.TemporaryDirectory() as workdir:
        path = f"{workdir}/bad.json"
        with open(path, "w") as f:
            f.write('{"needs":[{"id":"a","demand":1}],"resources":[],"arcs":[{"need":"a","resource":"x","cost":1}]}')
        result = run(workdir, "match", "--instance", path)
        assert result.returncode == 1
        assert "ressource inconnue" in result.stderr and len(result.stderr.strip().splitlines()) == 1


# --- autour rights simulate: the same figures as OpenFisca-France's own /calculate -------------

OPENFISCA = os.environ.get("AUTOUR_OPENFISCA_URL")
SHARED = os.path.join(os.path.dirname(__file__), "..", "Tests", "AutourWebTests", "Fixtures", "openfisca")
# The three sample households of the shared data, as `autour rights simulate` reads them.
HOUSEHOLDS = {
    "household1.json": {"members": [{"role": "applicant", "birthDate": "1991-03-15", "monthlyIncome": {"salary": 0}}],
                        "housing": {"status": "tenant", "rent": 450, "commune": "69383"}, "receives": []},
    "household2.json": {"members": [{"role": "applicant", "birthDate": "1988-06-01", "monthlyIncome": {"salary": 912}},
                                     {"role": "child", "birthDate": "2019-04-10"}, {"role": "child", "birthDate": "2015-09-20"}],
                        "housing": {"status": "tenant", "rent": 550, "commune": "69383", "socialHousing": True}, "receives": ["af"]},
    "household3.json": {"members": [{"role": "applicant", "birthDate": "1954-02-01", "monthlyIncome": {"pension": 500}},
                                     {"role": "spouse", "birthDate": "1956-07-01", "monthlyIncome": {"pension": 350}}],
                        "housing": {"status": "owner", "commune": "69383"}},
}


def direct(name):
    """The sample posted as it is to OpenFisca, with the CSS and the AAH asked too."""
    import json
    import requests
    with open(os.path.join(SHARED, name)) as f:
        situation = json.load(f)
    family = next(iter(situation["familles"]))
    situation["familles"][family]["cmu_c"] = {"2026-10": None}
    for person in situation["individus"].values():
        person["aah"] = {"2026-10": None}
    answer = requests.post(OPENFISCA + "/calculate", json=situation, timeout=60).json()
    values = answer["familles"][family]
    money = lambda v: round(v + 1e-9, 2)
    return {"rsa": money(values["rsa"]["2026-10"]), "prime_activite": money(values["ppa"]["2026-10"]),
            "aide_logement": money(values["aide_logement"]["2026-10"]), "af": money(values["af"]["2026-10"]),
            "aspa": money(values["aspa"]["2026-10"]), "aah": money(sum(p["aah"]["2026-10"] for p in answer["individus"].values())),
            "css": values["cmu_c"]["2026-10"]}


def test_rights_simulate_prints_what_openfisca_computes_for_the_shared_households():
    import json
    import pytest
    if not OPENFISCA:
        pytest.skip("AUTOUR_OPENFISCA_URL is not set (.ci/run starts OpenFisca-France)")
    with tempfile.TemporaryDirectory() as workdir:
        for name, household in HOUSEHOLDS.items():
            path = os.path.join(workdir, name)
            with open(path, "w") as f:
                json.dump(household, f)
            result = run(workdir, "rights", "simulate", "--household", path, "--period", "2026-10")
            assert result.returncode == 0, result.stderr
            printed = json.loads(result.stdout)
            assert printed["period"] == "2026-10"
            assert printed["benefits"] == direct(name), name
            # Two decimals, as the format says.
            assert all(isinstance(v, bool) or f'"{key}": {v:.2f}' in result.stdout for key, v in printed["benefits"].items())
            due = [k for k, v in printed["benefits"].items() if v is True or (not isinstance(v, bool) and v >= 10)]
            assert printed["nonTakeUp"] == [k for k in due if k not in household.get("receives", [])]


def test_rights_simulate_explains_in_one_line_what_is_missing():
    with tempfile.TemporaryDirectory() as workdir:
        path = os.path.join(workdir, "foyer.json")
        with open(path, "w") as f:
            f.write('{"members": [{"role": "applicant", "birthDate": "1991-03-15", "monthlyIncome": {"salary": 1e400}}], '
                    '"housing": {"status": "tenant", "rent": 450, "commune": "69383"}}')
        unconfigured = run(workdir, "rights", "simulate", "--household", path, env={"AUTOUR_OPENFISCA_URL": ""})
        assert unconfigured.returncode == 1 and len(unconfigured.stderr.strip().splitlines()) == 1, unconfigured.stderr
        with open(path, "w") as f:
            f.write('{"members": [{"role": "grandparent", "birthDate": "1991-03-15"}], "housing": {"status": "tenant", "commune": "69383"}}')
        unknown = run(workdir, "rights", "simulate", "--household", path, env={"AUTOUR_OPENFISCA_URL": "http://127.0.0.1:9"})
        assert unknown.returncode == 1 and "members" in unknown.stderr and len(unknown.stderr.strip().splitlines()) == 1, unknown.stderr
        with open(path, "w") as f:
            f.write('{"members": [{"role": "applicant", "birthDate": "1991-03-15", "monthlyIncome": {"salary": 99999999}}], '
                    '"housing": {"status": "tenant", "rent": 450, "commune": "69383"}}')
        huge = run(workdir, "rights", "simulate", "--household", path, env={"AUTOUR_OPENFISCA_URL": "http://127.0.0.1:9"})
        assert huge.returncode == 1 and "salary" in huge.stderr, huge.stderr
        with open(path, "w") as f:
            f.write('{"members": [{"role": "applicant", "birthDate": "1991-03-15"}], "housing": {"status": "tenant", "commune": "69383"}}')
        down = run(workdir, "rights", "simulate", "--household", path, env={"AUTOUR_OPENFISCA_URL": "http://127.0.0.1:9"})
        assert down.returncode == 1 and "OpenFisca" in down.stderr and len(down.stderr.strip().splitlines()) == 1, down.stderr
