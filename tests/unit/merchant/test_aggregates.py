"""The application and merchant aggregates: their transitions, as methods raising domain errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.merchant.domain.application import Application
from services.merchant.domain.category_change import CategoryChange
from services.merchant.domain.errors import InvalidTransition
from services.merchant.domain.merchant import Merchant

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=2)
FORM = {
    "legal_name": "海南椰子铺",
    "credit_code": "91460100MA5T0000AG",
    "partner_type": "discount_partner",
    "contact_name": "王芳",
    "contact_mobile": "13800000000",
    "region": "460100",
    "categories": ["groceries"],
    "stores": [{"name": "总店", "address": "海口市龙华路 1 号", "region": "460100"}],
    "discount_percent": 10,
    "description": None,
}


def submitted() -> Application:
    return Application.submit("a-1", FORM, "hash", NOW, NOW + timedelta(days=5))


def test_a_new_application_waits_for_ops_with_an_empty_description():
    app = submitted()
    assert (app.status, app.description, app.submitted_at) == ("submitted", "", NOW)
    assert not app.overdue(NOW) and app.overdue(NOW + timedelta(days=6))


def test_approval_names_the_merchant_and_records_the_decision():
    app = submitted()
    assert app.decide("approve", LATER, None, "m-1") == "submitted"
    assert (app.status, app.merchant_id, app.decided_at, app.updated_at) == (
        "approved", "m-1", LATER, LATER,
    )  # fmt: skip


def test_a_returned_application_is_resubmitted_with_new_content_and_no_reason():
    app = submitted()
    app.decide("return", LATER, "Add a store photo.", None)
    assert app.decided_at is None and app.reason == "Add a store photo."
    deadline = LATER + timedelta(days=5)
    assert app.resubmit({**FORM, "legal_name": "椰子铺"}, LATER, deadline) == "returned"
    assert (app.status, app.legal_name, app.reason, app.review_deadline) == (
        "submitted", "椰子铺", None, deadline,
    )  # fmt: skip


@pytest.mark.parametrize("action", ["approve", "reject", "return"])
def test_a_decided_application_cannot_be_decided_again(action):
    app = submitted()
    app.decide("reject", LATER, "No.", None)
    with pytest.raises(InvalidTransition):
        app.decide(action, LATER, None, "m-2")
    with pytest.raises(InvalidTransition):
        app.resubmit(FORM, LATER, LATER)


def test_a_waiting_rival_loses_the_code_but_a_decided_one_keeps_its_state():
    rival = submitted()
    rival.decide("return", NOW, "Fix it.", None)
    assert rival.lose_code(LATER, "taken") == "returned"
    assert (rival.status, rival.reason, rival.decided_at) == ("rejected", "taken", LATER)
    with pytest.raises(InvalidTransition):
        rival.lose_code(LATER, "taken")


def test_only_a_waiting_application_expires():
    app = submitted()
    assert app.expire(LATER) == "submitted" and app.status == "expired"
    with pytest.raises(InvalidTransition):
        app.expire(LATER)


def approved_merchant() -> Merchant:
    app = submitted()
    app.decide("approve", NOW, None, "m-1")
    return Merchant.approved(app, NOW)


def test_an_approved_application_becomes_an_active_merchant_of_the_same_content():
    merchant = approved_merchant()
    assert (merchant.id, merchant.application_id, merchant.status) == ("m-1", "a-1", "active")
    assert merchant.categories == ["groceries"] and merchant.active


def test_a_merchant_is_suspended_and_reinstated_once_each():
    merchant = approved_merchant()
    assert merchant.change_standing("suspend", "Complaints.", LATER) == "active"
    assert not merchant.active and merchant.status_reason == "Complaints."
    with pytest.raises(InvalidTransition):
        merchant.change_standing("suspend", "Again.", LATER)
    assert merchant.change_standing("reinstate", "Resolved.", LATER) == "suspended"


def test_a_merchant_changes_only_its_own_profile_fields_itself():
    merchant = approved_merchant()
    changes = {"contact_name": "李雷", "categories": ["dining"], "legal_name": "Other"}
    assert merchant.update_profile(changes, LATER) == ["contact_name"]
    assert merchant.contact_name == "李雷" and merchant.updated_at == LATER
    assert merchant.categories == ["groceries"] and merchant.legal_name == "海南椰子铺"
    assert merchant.update_profile({}, LATER + timedelta(days=1)) == []
    assert merchant.updated_at == LATER


def test_a_category_request_is_replaced_or_withdrawn_while_it_waits():
    change = CategoryChange("c-1", "m-1", ["dining"], NOW)
    change.replace(["dining", "groceries"], LATER)
    assert (change.categories, change.requested_at, change.status) == (
        ["dining", "groceries"], LATER, "pending",
    )  # fmt: skip
    change.withdraw(LATER)
    assert change.status == "rejected" and change.reason == "Withdrawn by the merchant."
    with pytest.raises(InvalidTransition):
        change.replace(["dining"], LATER)


@pytest.mark.parametrize(("action", "status"), [("approve", "approved"), ("reject", "rejected")])
def test_ops_decide_a_category_request_once(action, status):
    change = CategoryChange("c-2", "m-1", ["dining"], NOW)
    change.decide(action, "ops-1", None, LATER)
    assert (change.status, change.decided_by, change.decided_at) == (status, "ops-1", LATER)
    assert change.approved == (action == "approve")
    with pytest.raises(InvalidTransition):
        change.decide("approve", "ops-2", None, LATER)
