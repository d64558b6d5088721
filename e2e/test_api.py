"""The API against its own OpenAPI document, with schemathesis: no server error, and every
response conforms to the schema. As a coordinator (people, the Radar: signals, campaigns,
check-ins) and as the admin (accounts), so that fuzzed bodies reach the handlers, not only the
403s. On a server of its own: the fuzzer's stateful phase follows links and really deactivates
accounts or erases files, which must not leak into the other journeys."""
import subprocess
import sys
import tempfile

import pytest

from conftest import BINARY, Server


@pytest.fixture(scope="module")
def fuzz_server():
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: build with `swift build` first")
    with tempfile.TemporaryDirectory() as workdir:
        srv = Server(workdir)
        yield srv
        srv.stop()


# The coordinator goes first: the admin's run may deactivate the accounts it lists.
@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(fuzz_server, role):
    token = fuzz_server.token(role)
    result = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", fuzz_server.url + "/api/v1/openapi.json",
         "--checks", "not_a_server_error,response_schema_conformance",
         "--header", f"Authorization: Bearer {token}",
         "--max-examples", "40", "--seed", "1", "--no-color"],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
