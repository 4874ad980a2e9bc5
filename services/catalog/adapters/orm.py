"""The catalog's tables: categories, its copy of merchants, products, and messaging tables."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from shared.db_types import UtcDateTime
from shared.merchant_standing.projection import define_merchants_table
from shared.outbox.tables import define_messaging_tables

metadata = MetaData()
messaging = define_messaging_tables(metadata)
PUBLISHED = text("status = 'published'")

categories = Table(
    "categories",
    metadata,
    Column("slug", String(50), primary_key=True),
    Column("parent_slug", String(50), nullable=True),
    Column("name_en", String(100), nullable=False),
    Column("name_zh", String(100), nullable=False),
    Column("position", Integer, nullable=False),
)

merchants = define_merchants_table(metadata)  # the standing copy (shared.merchant_standing)

products = Table(
    "products",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("merchant_id", String(100), ForeignKey("merchants.merchant_id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("name_en", String(200), nullable=True),
    Column("description", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("category", String(50), nullable=False),
    Column("list_price", BigInteger, nullable=False),
    Column("member_price", BigInteger, nullable=False),
    Column("discount_bp", Integer, nullable=False),
    Column("stock", Integer, nullable=False),
    Column("online", Boolean, nullable=False),
    Column("store_ids", JSON, nullable=False),
    Column("regions", Text, nullable=False),  # ' 460100 460200 ': matched as whole words
    Column("images", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("search_tokens", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
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
