"""mallctl runs a service's own command and reads its JSON; a failure is shown, not swallowed."""

from __future__ import annotations

import json

import pytest

from services.mallctl.service_commands import ServiceCommandFailed, run_json


def test_the_command_answers_in_json(tmp_path):
    doc = tmp_path / "doc.json"
    doc.write_text(json.dumps({"rows": 3, "gate_taken": 3}))
    assert run_json("json.tool", str(doc)) == {"rows": 3, "gate_taken": 3}


def test_a_failing_command_is_reported_with_what_it_said():
    with pytest.raises(ServiceCommandFailed, match="usage: python -m services.voucher"):
        run_json("services.voucher.entrypoints.claim_books")
