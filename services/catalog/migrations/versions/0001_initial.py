"""Catalog tables, browse indexes, the search index on PostgreSQL, and the category tree.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.outbox.migration_v1 import create_messaging_tables, drop_messaging_tables
from shared.reference.categories import CATEGORY_TREE

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Any search token (a CJK bigram such as 椰子 or a latin word) is found through this GIN index;
# queries must use exactly this expression (see adapters/browse_queries.py). It is not partial on
# purpose: PostgreSQL only uses a full index's expression statistics, and without them it
# guesses every token rare and sorts thousands of matches instead of walking a sort index.
SEARCH_INDEX = (
    "CREATE INDEX ix_products_search ON products "
    "USING gin (string_to_array(btrim(search_tokens), ' '))"
)


def _category_rows() -> list[dict]:
    rows, position = [], 0
    for slug, name_en, name_zh, children in CATEGORY_TREE:
        position += 1
        rows.append(
            dict(slug=slug, parent_slug=None, name_en=name_en, name_zh=name_zh, position=position)
        )
        for child, child_en, child_zh in children:
            position += 1
            rows.append(
                dict(
                    slug=child,
                    parent_slug=slug,
                    name_en=child_en,
                    name_zh=child_zh,
                    position=position,
                )
            )
    return rows


def _when(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    create_messaging_tables()
    categories = op.create_table(
        "categories",
        sa.Column("slug", sa.String(50), primary_key=True),
        sa.Column("parent_slug", sa.String(50), nullable=True),
        sa.Column("name_en", sa.String(100), nullable=False),
        sa.Column("name_zh", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "merchants",
        sa.Column("merchant_id", sa.String(100), primary_key=True),
        sa.Column("legal_name", sa.String(200), nullable=False),
        sa.Column("partner_type", sa.String(30), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("categories", sa.JSON, nullable=False),
        sa.Column("stores", sa.JSON, nullable=False),
        _when("snapshot_at"),
        _when("updated_at"),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "merchant_id", sa.String(100), sa.ForeignKey("merchants.merchant_id"), nullable=False
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=True),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("category", sa.String(50), nullable=False),
        sa.Column("list_price", sa.BigInteger, nullable=False),
        sa.Column("member_price", sa.BigInteger, nullable=False),
        sa.Column("discount_bp", sa.Integer, nullable=False),
        sa.Column("stock", sa.Integer, nullable=False),
        sa.Column("online", sa.Boolean, nullable=False),
        sa.Column("store_ids", sa.JSON, nullable=False),
        sa.Column("regions", sa.Text, nullable=False),
        sa.Column("images", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("search_tokens", sa.Text, nullable=False),
        _when("created_at"),
        _when("updated_at"),
    )
    op.create_index("ix_products_merchant", "products", ["merchant_id", "created_at", "id"])
    # Browsing reads published products only, in one of these orders (keyset: value, id).
    published = sa.text("status = 'published'")
    for name, columns in [
        ("ix_products_pub_newest", ["created_at", "id"]),
        ("ix_products_pub_price", ["member_price", "id"]),
        ("ix_products_pub_discount", ["discount_bp", "id"]),
        ("ix_products_pub_category", ["category", "created_at", "id"]),
    ]:
        op.create_index(
            name, "products", columns, postgresql_where=published, sqlite_where=published
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SEARCH_INDEX)
    op.bulk_insert(categories, _category_rows())


def downgrade() -> None:
    for table in (
        "products",
        "merchants",
        "categories",
    ):
        op.drop_table(table)
    drop_messaging_tables()
