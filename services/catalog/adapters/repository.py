"""Load and save products and merchant copies through a SQLAlchemy session."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.adapters.orm import categories, merchants, products
from services.catalog.domain.products import Product
from shared.keyset import time_and_id_page
from shared.merchant_standing.projection import MerchantCopies
from shared.pagination import Page
from shared.rows import from_row, row_by_key

# The catalog's copy of each merchant (shared.merchant_standing): read it with get_merchant.
merchant_copies = MerchantCopies(merchants)
get_merchant = merchant_copies.get


def product_from_row(row) -> Product:
    return from_row(
        Product,
        row,
        store_ids=tuple(row.store_ids),
        regions=tuple(row.regions.split()),
        images=tuple(row.images),
    )


def product_values(p: Product) -> dict:
    return dict(
        id=p.id,
        merchant_id=p.merchant_id,
        name=p.name,
        name_en=p.name_en,
        description=p.description,
        kind=p.kind,
        category=p.category,
        list_price=p.list_price,
        member_price=p.member_price,
        discount_bp=p.discount_bp,
        stock=p.stock,
        online=p.online,
        store_ids=list(p.store_ids),
        regions=" " + " ".join(p.regions) + " " if p.regions else " ",
        images=list(p.images),
        status=p.status,
        search_tokens=p.search_tokens,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def get_product(session: Session, product_id: str, *, for_update: bool = False) -> Product | None:
    row = row_by_key(session, products.c.id, product_id, lock=for_update)
    return product_from_row(row) if row else None


def add_product(session: Session, product: Product) -> None:
    session.execute(products.insert().values(**product_values(product)))


def save_product(session: Session, product: Product) -> None:
    values = product_values(product)
    values.pop("id")
    session.execute(products.update().where(products.c.id == product.id).values(**values))


def product_ids_of(session: Session, merchant_id: str) -> list[str]:
    return list(
        session.execute(
            select(products.c.id).where(products.c.merchant_id == merchant_id)
        ).scalars()
    )


def own_products(
    session: Session, merchant_id: str, status: str | None, page: Page
) -> list[Product]:
    """A page of a merchant's products, newest first."""
    query = select(products).where(products.c.merchant_id == merchant_id)
    if status:
        query = query.where(products.c.status == status)
    query = time_and_id_page(query, products.c.created_at, products.c.id, page, newest_first=True)
    return [product_from_row(r) for r in session.execute(query)]


def category_rows(session: Session) -> list[dict]:
    query = select(categories).order_by(categories.c.position)
    return [dict(r._mapping) for r in session.execute(query)]
