"""Products in and out of the session as `Product` aggregates: the write side."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.adapters.orm import categories, products
from services.catalog.adapters.repository import product_from_row, product_values
from services.catalog.domain.products import Product
from shared.rows import row_by_key


class ProductRepository:
    """A merchant's products, loaded to be changed and saved back."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, product_id: str, *, lock: bool = False) -> Product | None:
        row = row_by_key(self.session, products.c.id, product_id, lock=lock)
        return product_from_row(row) if row else None

    def add(self, product: Product) -> None:
        self.session.execute(products.insert().values(**product_values(product)))

    def save(self, product: Product) -> None:
        values = product_values(product)
        values.pop("id")
        self.session.execute(products.update().where(products.c.id == product.id).values(**values))

    def category_slugs(self) -> frozenset[str]:
        """The categories a product may be filed under."""
        return frozenset(self.session.execute(select(categories.c.slug)).scalars())
