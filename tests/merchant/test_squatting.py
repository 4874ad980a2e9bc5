"""Credit-code squatting: waiting applications expire, and ops decide between rivals."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

from services.merchant.service_layer.expiry import expire_stale
from services.merchant.service_layer.review import RIVAL_REASON
from tests.merchant.helpers import (
    BASE,
    anonymous,
    application,
    approve,
    credit_code,
    submit,
)
from tests.support import callers
from tests.support.races import together

OPS_APPS = f"{BASE}/ops/merchant-applications"


def _as_holder(client, app: dict) -> dict:
    resp = client.get(
        f"{BASE}/merchant-applications/{app['id']}",
        headers={**anonymous(), "X-Application-Secret": app["secret"]},
    )
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def test_ops_see_rival_applications_and_approving_one_rejects_the_others(client):
    code = credit_code()
    squatter = submit(client, credit_code=code, legal_name="抢注者贸易有限公司")
    real = submit(client, credit_code=code, legal_name="海口椰风生鲜有限公司")
    detail = client.get(f"{OPS_APPS}/{real['id']}", headers=callers.ops()).get_json()
    assert [a["id"] for a in detail["same_credit_code"]] == [squatter["id"]]
    assert detail["same_credit_code"][0]["legal_name"] == "抢注者贸易有限公司"
    assert "secret_hash" not in detail["same_credit_code"][0]

    approve(client, real["id"])
    lost = _as_holder(client, squatter)
    assert lost["status"] == "rejected" and lost["reason"] == RIVAL_REASON
    trail = client.get(f"{OPS_APPS}/{squatter['id']}", headers=callers.ops()).get_json()["audit"]
    assert trail[-1]["action"] == "reject" and trail[-1]["actor_sub"] == "ops-1"
    # the code is taken for good now
    again = client.post(
        f"{BASE}/merchant-applications", json=application(credit_code=code), headers=anonymous()
    )
    assert again.status_code == 409 and again.get_json()["code"] == "duplicate_credit_code"


def test_approving_a_second_application_for_a_taken_code_is_refused(client):
    code = credit_code()
    first, second = submit(client, credit_code=code), submit(client, credit_code=code)
    approve(client, first["id"])
    resp = client.post(f"{OPS_APPS}/{second['id']}/approve", json={}, headers=callers.ops())
    assert resp.status_code == 409  # rejected with the first approval: nothing left to approve


def test_waiting_applications_expire_after_the_ttl(client, ctx):
    waiting = submit(client)
    returned = submit(client)
    resp = client.post(
        f"{OPS_APPS}/{returned['id']}/return", json={"reason": "补充材料"}, headers=callers.ops()
    )
    assert resp.status_code == 200
    decided = submit(client)
    approve(client, decided["id"])
    real_now = ctx.now
    try:
        ctx.now = lambda: real_now() + timedelta(days=29)
        assert expire_stale(ctx) == 0  # not yet
        fresh = submit(client)  # submitted on day 29
        ctx.now = lambda: real_now() + timedelta(days=30, minutes=1)
        assert expire_stale(ctx) == 2
        assert expire_stale(ctx) == 0
    finally:
        ctx.now = real_now
    assert _as_holder(client, waiting)["status"] == "expired"
    assert _as_holder(client, returned)["status"] == "expired"
    assert _as_holder(client, fresh)["status"] == "submitted"
    assert _as_holder(client, decided)["status"] == "approved"
    trail = client.get(f"{OPS_APPS}/{waiting['id']}", headers=callers.ops()).get_json()["audit"]
    assert trail[-1]["action"] == "expire" and trail[-1]["actor_sub"] == "application-expiry"
    # an expired application can no longer be approved
    late = client.post(f"{OPS_APPS}/{waiting['id']}/approve", json={}, headers=callers.ops())
    assert late.status_code == 409 and late.get_json()["code"] == "invalid_state"
    queue = client.get(f"{OPS_APPS}?status=expired", headers=callers.ops()).get_json()
    assert {a["id"] for a in queue["items"]} == {waiting["id"], returned["id"]}


def test_the_ttl_is_configurable_and_the_command_expires_on_demand(client, merchant_config):
    app = submit(client)
    env = {
        **os.environ,
        "MERCHANT_DATABASE_URL": merchant_config["database_url"],
        "REDIS_URL": merchant_config["redis_url"],
        "KAFKA_BOOTSTRAP": merchant_config["kafka_bootstrap"],
        "KAFKA_TOPIC_PREFIX": merchant_config["topic_prefix"],
        "APPLICATION_TTL_DAYS": "0",
    }
    run = subprocess.run(
        [sys.executable, "-m", "services.merchant.entrypoints.expire_applications"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "expired 1 applications" in run.stdout
    assert _as_holder(client, app)["status"] == "expired"


def test_an_approval_racing_the_expiry_job_neither_deadlocks_nor_half_decides(app, client, ctx):
    # The approval locks its application, then its rivals; the job locked a batch oldest first,
    # so it took the older rivals, then waited for the approved one: a deadlock on PostgreSQL.
    real_now = ctx.now
    for _ in range(10):
        code = credit_code()
        rivals = [submit(client, credit_code=code)["id"] for _ in range(8)]
        newest = submit(client, credit_code=code)["id"]
        ctx.now = lambda: real_now() + timedelta(days=30, minutes=1)  # every one of them stale
        try:
            ran = together(
                {
                    "approve": lambda n=newest: (
                        client.post(
                            f"{OPS_APPS}/{n}/approve", json={}, headers=callers.ops()
                        ).status_code
                    ),
                    "expire": lambda: expire_stale(ctx),
                }
            )
        finally:
            ctx.now = real_now
        assert not [r for r in ran.values() if isinstance(r, Exception)], ran
        statuses = {
            a: client.get(f"{OPS_APPS}/{a}", headers=callers.ops()).get_json()["status"]
            for a in [*rivals, newest]
        }
        if ran["approve"] == 201:  # the rivals: rejected by it, or expired by the job before
            assert statuses.pop(newest) == "approved"
            assert set(statuses.values()) <= {"rejected", "expired"}
            assert ran["expire"] == list(statuses.values()).count("expired")
        else:
            assert ran["approve"] == 409  # the job expired it first
            assert set(statuses.values()) == {"expired"} and ran["expire"] == 9
