"""The command line as an IT referent uses it: exit codes and one-line errors."""
import os
import sqlite3
import subprocess
import tempfile

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

    schemas = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "data-inclusion"
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
