"""Request and response bodies of the catalog's HTTP API (marshmallow 4)."""

from __future__ import annotations

from datetime import datetime

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.catalog.adapters.browse_queries import SORTS
from services.catalog.domain.products import KINDS, STATUSES
from shared.pagination import PageQuery, page_of
from shared.reference.categories import all_slugs
from shared.reference.regions import REGIONS
from shared.web.out_schema import OutSchema

MAX_FEN = 10**10  # a hundred million yuan: far above any offer, far below integer limits
_name = validate.Length(min=1, max=200)
_price = validate.Range(min=0, max=MAX_FEN)
# Documented as the reference tree's slugs, which the use case checks a product against.
LEAF = {"enum": sorted(all_slugs())}


def _store_ids(**kwargs) -> fields.List:
    inner = fields.String(validate=validate.Length(min=1, max=100))
    return fields.List(inner, validate=validate.Length(max=50), **kwargs)


def _images(**kwargs) -> fields.List:
    inner = fields.Url(schemes={"http", "https"}, validate=validate.Length(max=500))
    return fields.List(inner, validate=validate.Length(max=10), **kwargs)


class ProductCreate(Schema):
    name = fields.String(required=True, validate=_name)
    name_en = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    category = fields.String(required=True, validate=validate.Length(min=1, max=50), metadata=LEAF)
    list_price: int = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_FEN)
    )
    member_price: int = fields.Integer(required=True, strict=True, validate=_price)
    stock: int = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=0, max=10**7)
    )
    online = fields.Boolean(load_default=True)
    store_ids = _store_ids(load_default=list)
    images = _images(load_default=list)
    status = fields.String(load_default="draft", validate=validate.OneOf(("draft", "published")))


class ProductPatch(Schema):
    name = fields.String(validate=_name)
    name_en = fields.String(allow_none=True, validate=validate.Length(max=200))
    description = fields.String(validate=validate.Length(max=2000))
    kind = fields.String(validate=validate.OneOf(KINDS))
    category = fields.String(validate=validate.Length(min=1, max=50), metadata=LEAF)
    list_price: int = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_FEN))
    member_price: int = fields.Integer(strict=True, validate=_price)
    stock: int = fields.Integer(strict=True, validate=validate.Range(min=0, max=10**7))
    online = fields.Boolean()
    store_ids = _store_ids()
    images = _images()
    status = fields.String(validate=validate.OneOf(STATUSES))

    class Meta:
        openapi = {"minProperties": 1}  # `update_product` refuses an empty change


class OwnProductsQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))


class BrowseQuery(PageQuery):
    q = fields.String(load_default=None, validate=validate.Length(max=100))
    category = fields.String(
        load_default=None, validate=validate.Length(min=1, max=50), metadata=LEAF
    )  # a slug the tree does not have is 422 (`browse._subtree`)
    region = fields.String(load_default=None, validate=validate.OneOf([*REGIONS, "online"]))
    merchant_id = fields.String(load_default=None, validate=validate.Length(min=1, max=100))
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    min_price = fields.Integer(load_default=None, validate=_price)
    max_price = fields.Integer(load_default=None, validate=_price)
    sort = fields.String(load_default="newest", validate=validate.OneOf(list(SORTS)))

    @validates_schema
    def _price_range(self, data: dict, **_kwargs) -> None:
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            raise ValidationError("min_price is above max_price.", "min_price")


class _Product(OutSchema):
    id: str
    merchant_id: str
    name: str
    name_en: str | None
    kind: str
    category: str
    list_price: int = fields.Integer(metadata={"description": "fen"})
    member_price: int = fields.Integer(metadata={"description": "fen"})
    discount_bp: int = fields.Integer(metadata={"description": "member discount, basis points"})
    stock: int = fields.Integer(
        metadata={"description": "stock of goods, or places of an activity"}
    )
    online: bool
    store_ids: list[str]
    regions: list[str]
    images: list[str]
    status: str
    created_at: datetime
    updated_at: datetime


class ProductItem(_Product):
    merchant_name: str


ProductPage = page_of(ProductItem, "ProductPage")


class MerchantRef(OutSchema):
    id: str
    legal_name: str
    partner_type: str


class StoreOut(OutSchema):
    id: str
    name: str
    region: str
    address: str


class ProductDetail(_Product):
    description: str
    merchant: MerchantRef
    stores: list[StoreOut]


class OwnProduct(_Product):
    description: str


OwnProductPage = page_of(OwnProduct, "OwnProductPage")


class CategoryNode(OutSchema):
    slug: str
    name_en: str
    name_zh: str
    children: list[CategoryNode] = fields.List(fields.Nested(lambda: CategoryNode()))


class CategoryTree(OutSchema):
    items: list[CategoryNode]


class InvalidationResult(OutSchema):
    invalidated: int
