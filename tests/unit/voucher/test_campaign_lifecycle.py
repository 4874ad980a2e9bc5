"""A campaign's lifecycle lives on the aggregate: draft -> published -> closed, nothing else."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from services.voucher.domain import errors
from services.voucher.domain.campaign import CLOSED, DRAFT, PUBLISHED, Campaign
from services.voucher.domain.money import Benefit

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def draft(**changes) -> Campaign:
    campaign = Campaign(
        id="c1",
        name="暖心留工",
        status=DRAFT,
        benefit=Benefit.from_dict({"type": "amount_off", "threshold": 10000, "amount_off": 2000}),
        subsidy=2000,
        quantity=100,
        budget=200000,
        per_member_limit=1,
        claim_starts_at=NOW,
        claim_ends_at=NOW + timedelta(days=7),
        valid_days=30,
    )
    return replace(campaign, **changes)


def test_a_draft_is_published_then_closed_with_the_times_it_happened():
    published = draft().publish(NOW)
    assert (published.status, published.published_at) == (PUBLISHED, NOW)
    closed = published.close(NOW + timedelta(hours=1))
    assert (closed.status, closed.closed_at) == (CLOSED, NOW + timedelta(hours=1))
    assert closed.published_at == NOW


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (PUBLISHED, "publish"),
        (CLOSED, "publish"),
        (DRAFT, "close"),
        (CLOSED, "close"),
    ],
)
def test_every_other_move_is_refused(status, move):
    with pytest.raises(errors.InvalidStatus):
        getattr(draft(status=status), move)(NOW)


def test_only_a_draft_can_be_revised_and_the_revision_is_checked():
    revised = draft().revise(draft(name="新名字", id="ignored"))
    assert (revised.id, revised.name, revised.status) == ("c1", "新名字", DRAFT)
    with pytest.raises(errors.CampaignNotEditable):
        draft(status=PUBLISHED).revise(draft(name="新名字"))
    with pytest.raises(errors.Invalid):
        draft().revise(draft(claim_ends_at=NOW - timedelta(days=1)))
