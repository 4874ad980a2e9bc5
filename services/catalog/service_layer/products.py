"""Use cases of a merchant's own products: create, change, publish, withdraw, list."""

from __future__ import annotations

import uuid
from dataclasses import replace

from services.catalog.adapters import product_queries as queries
from services.catalog.adapters import redis_keys
from services.catalog.adapters.uow import CatalogUnitOfWork
from services.catalog.domain.errors import InvalidProduct, ProductNotFound
from services.catalog.domain.products import Product, Rules, event_type
from services.catalog.service_layer.context import CatalogContext
from services.catalog.service_layer.views import product_event_data
from shared.merchant_standing.model import MerchantStanding, ensure_active
from shared.pagination import Page, time_and_id


def _rules(uow: CatalogUnitOfWork, merchant: MerchantStanding) -> Rules:
    return Rules(categories=uow.products.category_slugs(), stores=merchant.stores)


def _announce(
    ctx: CatalogContext, uow: CatalogUnitOfWork, before: Product | None, after: Product
) -> None:
    """Stage the event members' view changed by, and drop the cached pages it touches."""
    kind = event_type(before, after)
    if kind is None:
        return
    uow.record(kind, after.id, product_event_data(after))
    ctx.cache.invalidate_around_commit(
        uow.session, [redis_keys.LISTS, redis_keys.product_namespace(after.id)]
    )


def _fields(values: dict) -> dict:
    """Take request fields as the domain holds them (tuples, so that equal means unchanged)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


def create_product(ctx: CatalogContext, merchant_id: str, fields: dict) -> Product:
    """Add a product for an active merchant, as a draft or published at once."""
    fields = _fields(fields)
    status = fields.pop("status", "draft")
    with ctx.uow() as uow:
        merchant = ensure_active(uow.merchants.get(merchant_id))
        now = ctx.now()
        product = Product(
            id=str(uuid.uuid4()),
            merchant_id=merchant_id,
            created_at=now,
            updated_at=now,
            status="draft",
            **fields,
        )
        product = product.checked(_rules(uow, merchant)).move_to(status)
        uow.products.add(product)
        _announce(ctx, uow, None, product)
        uow.commit()
    return product


def _own(uow: CatalogUnitOfWork, merchant_id: str, product_id: str) -> Product:
    product = uow.products.get(product_id, lock=True)
    if product is None or product.merchant_id != merchant_id:
        raise ProductNotFound(f"You have no product {product_id}.")
    return product


def update_product(
    ctx: CatalogContext, merchant_id: str, product_id: str, changes: dict
) -> Product:
    """Change a merchant's own product; a `status` change publishes or withdraws it."""
    changes = _fields(changes)
    status = changes.pop("status", None)
    if not changes and status is None:
        raise InvalidProduct("Nothing to change.", errors={"_schema": ["Give at least one field."]})
    with ctx.uow() as uow:
        merchant = ensure_active(uow.merchants.get(merchant_id))
        before = _own(uow, merchant_id, product_id)
        after = replace(before, **changes)
        if changes or status == "published":
            after = after.checked(_rules(uow, merchant))
        if status is not None:
            after = after.move_to(status)
        if after == before:
            return before  # nothing changed: no write, no event
        after = replace(after, updated_at=ctx.now())
        uow.products.save(after)
        _announce(ctx, uow, before, after)
        uow.commit()
    return after


def withdraw_product(ctx: CatalogContext, merchant_id: str, product_id: str) -> Product:
    """Take a product off sale; withdrawing it again changes nothing."""
    return update_product(ctx, merchant_id, product_id, {"status": "withdrawn"})


def own_product(ctx: CatalogContext, merchant_id: str, product_id: str) -> Product:
    with ctx.session_factory() as session:
        product = queries.one(session, product_id)
    if product is None or product.merchant_id != merchant_id:
        raise ProductNotFound(f"You have no product {product_id}.")
    return product


def own_products(
    ctx: CatalogContext, merchant_id: str, *, page: Page, status: str | None = None
) -> dict:
    """List a merchant's products in every status, newest first."""
    with ctx.session_factory() as session:
        found = queries.of_merchant(session, merchant_id, status, page)
    return page.answer(found, lambda p: time_and_id(p.created_at, p.id))
