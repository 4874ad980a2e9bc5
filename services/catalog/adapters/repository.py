"""Load and save products and merchant copies through a SQLAlchemy session."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.adapters.orm import categories, merchants, products
from services.catalog.domain.products import Product
from shared.merchant_standing.projection import MerchantCopies
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


def category_rows(session: Session) -> list[dict]:
    query = select(categories).order_by(categories.c.position)
    return [dict(r._mapping) for r in session.execute(query)]


def parse_time(value: object) -> datetime:
    """Read a timestamp back from a cursor (ValueError unless it is an aware ISO time)."""
    if not isinstance(value, str):
        raise ValueError("not a time")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("not an aware time")
    return parsed.astimezone(UTC)
