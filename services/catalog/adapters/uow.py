"""The catalog's unit of work (shared.unit_of_work) over its products and merchant copies."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.catalog.adapters.product_repo import ProductRepository
from services.catalog.adapters.repository import merchant_copies
from shared.messaging.topics import CATALOG_EVENTS
from shared.unit_of_work import SqlUnitOfWork


class CatalogUnitOfWork(SqlUnitOfWork):
    """Products and merchant copies in one transaction; catalog.* events in its outbox.

    Lock order: a product edit locks the product alone (the merchant copy is read unlocked);
    a new product only key-shares its merchant copy (the foreign key); the merchant-events
    consumer locks the copies of its batch's merchants, never a product. No path holds one
    while it waits for the other, so they cannot deadlock.
    """

    topic = CATALOG_EVENTS

    def open_repositories(self, session: Session) -> None:
        self.merchants = merchant_copies.bound(session)  # first, as in orm.py
        self.products = ProductRepository(session)
