"""Request bodies and queries; unknown body fields are refused (marshmallow's RAISE)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from services.merchant.domain.credit_code import credit_code_problems, normalise_credit_code
from services.merchant.domain.model import AppStatus, MerchantStatus
from shared.pagination import PageQuery
from shared.reference.categories import all_slugs
from shared.reference.members import PARTNER_TYPES
from shared.reference.regions import REGIONS, is_hainan_region
from shared.web.full_match import FullMatch
from shared.web.schema_rules import AtLeastOneField

MOBILE = FullMatch(r"^1[3-9]\d{9}$", error="Not a mainland mobile number (11 digits, 1[3-9]...).")


class Text(fields.String):
    """A string trimmed of surrounding spaces that must not end up blank."""

    def __init__(self, max_length: int, **kwargs) -> None:
        super().__init__(validate=validate.Length(min=1, max=max_length), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class CreditCode(fields.String):
    """A unified social credit code, checked against GB 32100-2015."""

    def _deserialize(self, value, attr, data, **kwargs):
        code = normalise_credit_code(super()._deserialize(value, attr, data, **kwargs))
        problems = credit_code_problems(code)
        if problems:
            raise ValidationError(problems)
        return code


def hainan_region(value: str) -> None:
    if not is_hainan_region(value):
        raise ValidationError(f"Not a Hainan division code (one of {', '.join(REGIONS)}).")


def distinct(values: list) -> None:
    if len(set(values)) != len(values):
        raise ValidationError("Must not repeat an entry.")


def Region(**kw) -> fields.String:
    """A Hainan city or county division code."""
    return fields.String(validate=hainan_region, metadata={"enum": list(REGIONS)}, **kw)


def Categories(**kw) -> fields.List:
    """One to ten distinct category slugs of the mall's tree."""
    return fields.List(
        fields.String(validate=validate.OneOf(sorted(all_slugs()))),
        validate=[validate.Length(min=1, max=10), distinct],
        **kw,
    )


def Discount(**kw) -> fields.Integer:
    """The offered member discount: a whole percentage off list price, 1 to 90."""
    return fields.Integer(
        strict=True,
        validate=validate.Range(min=1, max=90),
        metadata={"description": "Percent off list price offered to members, 1 to 90."},
        **kw,
    )


class StoreIn(Schema):
    name = Text(100, required=True)
    address = Text(200, required=True)
    region = Region(required=True)
    latitude = fields.Float(allow_none=True, validate=validate.Range(min=-90, max=90))
    longitude = fields.Float(allow_none=True, validate=validate.Range(min=-180, max=180))


class StorePatch(StoreIn, AtLeastOneField):
    name = Text(100)
    address = Text(200)
    region = Region()


class ApplicationIn(Schema):
    legal_name = Text(100, required=True)
    credit_code = CreditCode(
        required=True,
        metadata={
            "description": "18 characters, GB 32100, with its check character (case-insensitive)",
            # the alphabet (no I, O, S, V, Z) and the 6-digit division; the checksum is checked too
            "pattern": "^[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{10}$",
        },
    )
    partner_type = fields.String(required=True, validate=validate.OneOf(PARTNER_TYPES))
    contact_name = Text(50, required=True)
    contact_mobile = fields.String(required=True, validate=MOBILE)
    region = Region(required=True)
    categories = Categories(required=True)
    stores = fields.List(
        fields.Nested(StoreIn), required=True, validate=validate.Length(min=1, max=50)
    )
    discount_percent = Discount(required=True)
    description = fields.String(load_default="", validate=validate.Length(max=500))


class ProfilePatch(AtLeastOneField):
    contact_name = Text(50)
    contact_mobile = fields.String(validate=MOBILE)
    categories = Categories()
    discount_percent = Discount()
    description = fields.String(validate=validate.Length(max=500))


class ReasonIn(Schema):
    reason = Text(500, required=True)


class OptionalReasonIn(Schema):
    reason = Text(500, load_default=None, allow_none=True)


class KeyLinkIn(Schema):
    token = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "The one-time token after `#` in the link sent to the contact"},
    )


class VerifyIn(Schema):
    api_key = fields.String(required=True, validate=validate.Length(min=1, max=200))


class QueueQuery(PageQuery):
    status = fields.String(validate=validate.OneOf([s.value for s in AppStatus]))
    overdue = fields.Boolean(load_default=False)


class DirectoryQuery(PageQuery):
    partner_type = fields.String(validate=validate.OneOf(PARTNER_TYPES))
    region = Region()
    category = fields.String(validate=validate.OneOf(sorted(all_slugs())))


class OpsMerchantQuery(PageQuery):
    status = fields.String(validate=validate.OneOf([s.value for s in MerchantStatus]))
    partner_type = fields.String(validate=validate.OneOf(PARTNER_TYPES))
    region = Region()
