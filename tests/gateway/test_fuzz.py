"""schemathesis over the gateway's OpenAPI document, against the running mall, as every role.

Checks: no server error; answers match their schemas; content types and status codes are the
documented ones. `make test` runs a few examples per operation; `make fuzz` runs many more
(FUZZ_EXAMPLES, FUZZ_PHASES, FUZZ_MAX_TIME per pass) with the coverage phase and the stateful
one, which follows the document's links. Each pass keeps schemathesis' whole report as
`schemathesis.txt` in its pytest temporary directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gateway.e2e_client import Caller
from tests.gateway.helpers import token
from tests.gateway.test_e2e_story import onboard

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance"
)
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "3")
PHASES = os.environ.get("FUZZ_PHASES", "examples,fuzzing")
SEED = os.environ.get("FUZZ_SEED", "20261130")
MAX_TIME = os.environ.get("FUZZ_MAX_TIME", "")  # seconds per role, for the long run
# ops last: it may suspend the merchants. A merchant that rotates or revokes its key is locked
# out for the rest of the run, so the merchant is fuzzed in two passes, each with its own key:
# everything but those two operations, then only its key operations.
ROLES = ("anonymous", "member", "merchant", "merchant-keys", "ops")
KEY_OPERATIONS = ("POST /api/v1/merchant/api-keys", "DELETE /api/v1/merchant/api-keys/current")
SCOPE = {
    "merchant": [arg for name in KEY_OPERATIONS for arg in ("--exclude-name", name)],
    "merchant-keys": ["--include-path-regex", "^/api/v1/merchant/api-keys"],
}
NO_LINKS = ("merchant-keys",)  # its operations link nowhere: no stateful phase


@pytest.fixture(scope="module")
def credentials(mall) -> dict[str, dict[str, str]]:
    _, api_key = onboard(mall)
    _, key_for_keys = onboard(mall)
    member = token("member", "m-fuzz", segments=["regular"], region="460100", ttl=3600)
    return {
        "anonymous": {},
        "member": {"Authorization": f"Bearer {member}"},
        "merchant": {"X-Api-Key": api_key},
        "merchant-keys": {"X-Api-Key": key_for_keys},
        "ops": {"Authorization": f"Bearer {token('ops', 'ops-fuzz', segments=[], ttl=3600)}"},
    }


def schemathesis(base: str, role: str, headers: dict[str, str], report: Path) -> list[str]:
    cli = Path(sys.executable).with_name("schemathesis")
    phases = ",".join(p for p in PHASES.split(",") if role not in NO_LINKS or p != "stateful")
    argv = [
        str(cli), "run", f"{base}/openapi.json", "--url", base,
        "--checks", CHECKS, "--phases", phases, "--max-examples", EXAMPLES, "--seed", SEED,
        "--workers", "1",  # hypothesis' lambda parser is not thread-safe on Python 3.11
        "--request-timeout", "15", "--report", "junit", "--report-dir", str(report),
    ]  # fmt: skip
    argv += SCOPE.get(role, [])
    if MAX_TIME:
        argv += ["--max-time", MAX_TIME]
    for name, value in headers.items():
        argv += ["--header", f"{name}: {value}"]
    return argv


@pytest.mark.parametrize("role", ROLES)
def test_the_gateway_keeps_its_documented_contract(mall, credentials, role, tmp_path):
    assert Caller(mall.gateway).get("/openapi.json").status_code == 200
    argv = schemathesis(mall.gateway, role, credentials[role], tmp_path)
    run = subprocess.run(argv, capture_output=True, text=True, timeout=1500, check=False)
    (tmp_path / "schemathesis.txt").write_text(run.stdout + run.stderr)  # the whole story
    summary = run.stdout[run.stdout.find("FAILURES") :] if "FAILURES" in run.stdout else run.stdout
    assert run.returncode == 0, f"schemathesis as {role} found:\n{summary[-12000:]}"
