"""Response schemas declared by annotations give the same fields, in the same order, as by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from marshmallow import fields

from shared.web.out_schema import OutSchema, field_for


class StoreOut(OutSchema):
    id: str
    latitude: float | None


class MerchantOut(OutSchema):
    id: str
    secret: str = fields.String(metadata={"description": "Shown once"})
    stores: list[StoreOut]
    categories: list[str] | None
    flagged: bool
    count: int
    extra: dict
    created_at: datetime
    main_store: StoreOut | None


@pytest.mark.parametrize(
    ("kind", "field", "allow_none"),
    [
        (str, fields.String, False),
        (int, fields.Integer, False),
        (bool, fields.Boolean, False),
        (float | None, fields.Float, True),
        (dict, fields.Dict, False),
        (datetime, fields.AwareDateTime, False),
        (list[str], fields.List, False),
        (StoreOut | None, fields.Nested, True),
    ],
)
def test_each_type_picks_its_marshmallow_field(kind, field, allow_none):
    made = field_for(kind)
    assert type(made) is field
    assert made.allow_none is allow_none


def test_fields_keep_the_order_they_are_written_in_even_when_one_is_assigned():
    assert list(MerchantOut().fields) == [
        "id",
        "secret",
        "stores",
        "categories",
        "flagged",
        "count",
        "extra",
        "created_at",
        "main_store",
    ]
    assert MerchantOut().fields["secret"].metadata == {"description": "Shown once"}


def test_a_body_dumps_nested_lists_times_and_nulls():
    moment = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    body = {
        "id": "m1",
        "secret": "s",
        "stores": [{"id": "s1", "latitude": None}],
        "categories": None,
        "flagged": True,
        "count": 2,
        "extra": {"a": 1},
        "created_at": moment,
        "main_store": None,
    }
    assert MerchantOut().dump(body) == {**body, "created_at": "2026-11-30T08:00:00+00:00"}


def test_a_type_without_a_field_is_refused_when_the_class_is_made():
    with pytest.raises(KeyError):

        class _Odd(OutSchema):
            when: complex
