"""The catalog's unit of work (shared.unit_of_work) over its products and merchant copies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.adapters import repository as repo
from services.catalog.adapters.orm import categories
from services.catalog.domain.products import Product
from shared.messaging.topics import CATALOG_EVENTS
from shared.unit_of_work import SqlUnitOfWork


class ProductRepository:
    """Products in and out of the session, as `Product` aggregates."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, product_id: str, *, lock: bool = False) -> Product | None:
        return repo.get_product(self.session, product_id, for_update=lock)

    def add(self, product: Product) -> None:
        repo.add_product(self.session, product)

    def save(self, product: Product) -> None:
        repo.save_product(self.session, product)

    def category_slugs(self) -> frozenset[str]:
        return frozenset(self.session.execute(select(categories.c.slug)).scalars())


class CatalogUnitOfWork(SqlUnitOfWork):
    """Products and merchant copies in one transaction; catalog.* events in its outbox."""

    topic = CATALOG_EVENTS

    def open_repositories(self, session: Session) -> None:
        self.products = ProductRepository(session)
        self.merchants = repo.merchant_copies.bound(session)
