"""The catalog's tables: categories, its copy of merchants, products, and messaging tables."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Table, text

from shared.db_columns import fen, flag, json, key, long_text, maybe, moment, string, whole
from shared.merchant_standing.projection import define_merchants_table
from shared.outbox.tables import service_metadata

metadata, messaging = service_metadata()
PUBLISHED = text("status = 'published'")

categories = Table(
    "categories",
    metadata,
    key("slug", 50),
    maybe(string("parent_slug", 50)),
    string("name_en", 100),
    string("name_zh", 100),
    whole("position"),
)

merchants = define_merchants_table(metadata)  # the standing copy (shared.merchant_standing)

products = Table(
    "products",
    metadata,
    key("id", 36),
    string("merchant_id", 100, ForeignKey("merchants.merchant_id")),
    string("name", 200),
    maybe(string("name_en", 200)),
    long_text("description"),
    string("kind", 20),
    string("category", 50),
    fen("list_price"),
    fen("member_price"),
    whole("discount_bp"),
    whole("stock"),
    flag("online"),
    json("store_ids"),
    long_text("regions"),  # ' 460100 460200 ': matched as whole words
    json("images"),
    string("status", 20),
    long_text("search_tokens"),
    moment("created_at"),
    moment("updated_at"),
    # Partial indexes serve browsing (published only) in each sort order; see 0001_initial.
    Index("ix_products_merchant", "merchant_id", "created_at", "id"),
    Index(
        "ix_products_pub_newest",
        "created_at",
        "id",
        postgresql_where=PUBLISHED,
        sqlite_where=PUBLISHED,
    ),
    Index(
        "ix_products_pub_price",
        "member_price",
        "id",
        postgresql_where=PUBLISHED,
        sqlite_where=PUBLISHED,
    ),
    Index(
        "ix_products_pub_discount",
        "discount_bp",
        "id",
        postgresql_where=PUBLISHED,
        sqlite_where=PUBLISHED,
    ),
    Index(
        "ix_products_pub_category",
        "category",
        "created_at",
        "id",
        postgresql_where=PUBLISHED,
        sqlite_where=PUBLISHED,
    ),
)
