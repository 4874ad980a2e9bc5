"""Read-only queries of products and categories outside browsing: rows out, nothing written."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.adapters.orm import categories, products
from services.catalog.adapters.repository import product_from_row
from services.catalog.domain.products import Product
from shared.keyset import time_and_id_page
from shared.pagination import Page
from shared.rows import row_by_key


def one(session: Session, product_id: str) -> Product | None:
    """Return any product, whatever its status."""
    row = row_by_key(session, products.c.id, product_id)
    return product_from_row(row) if row else None


def ids_of_merchant(session: Session, merchant_id: str) -> list[str]:
    """Return the ids of every product of a merchant."""
    query = select(products.c.id).where(products.c.merchant_id == merchant_id)
    return list(session.execute(query).scalars())


def of_merchant(
    session: Session, merchant_id: str, status: str | None, page: Page
) -> list[Product]:
    """Return a page of a merchant's products (of one status if given), newest first."""
    query = select(products).where(products.c.merchant_id == merchant_id)
    if status:
        query = query.where(products.c.status == status)
    query = time_and_id_page(query, products.c.created_at, products.c.id, page, newest_first=True)
    return [product_from_row(r) for r in session.execute(query)]


def category_rows(session: Session) -> list[dict]:
    """Return every category, in display order."""
    query = select(categories).order_by(categories.c.position)
    return [dict(r._mapping) for r in session.execute(query)]
