"""The API against its own OpenAPI document, with schemathesis: no server error, and every
response conforms to the schema. As the admin (accounts) and as a coordinator (people, the Radar:
signals, campaigns, check-ins), so that fuzzed bodies reach the handlers, not only the 403s."""
import subprocess
import sys

import pytest


@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(server, role):
    token = server.token(role)
    result = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", server.url + "/api/v1/openapi.json",
         "--checks", "not_a_server_error,response_schema_conformance",
         "--header", f"Authorization: Bearer {token}",
         "--max-examples", "40", "--seed", "1", "--no-color"],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
