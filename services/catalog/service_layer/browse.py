"""What members read: category tree, browse pages and product details, cached in Redis.

Loaders return the finished JSON text, so a cache hit is sent as it is, with no re-encoding.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from sqlalchemy.orm import Session

from services.catalog.adapters import browse_queries as queries
from services.catalog.adapters import product_queries, redis_keys
from services.catalog.domain.errors import InvalidQuery, ProductNotFound
from services.catalog.domain.search import query_tokens
from services.catalog.service_layer.context import CatalogContext
from services.catalog.service_layer.views import product_detail_view
from shared.pagination import encode_cursor

Render = Callable[[object], str]


def category_tree(ctx: CatalogContext, render: Render) -> str:
    def load() -> str:
        with ctx.session_factory() as session:
            rows = product_queries.category_rows(session)
        tree = [dict(r, children=[]) for r in rows if r["parent_slug"] is None]
        by_slug = {node["slug"]: node for node in tree}
        for r in rows:
            if r["parent_slug"] in by_slug:
                by_slug[r["parent_slug"]]["children"].append(dict(r, children=[]))
        return render({"items": tree})

    return ctx.cache.get_or_load(redis_keys.CATEGORIES, "tree", load)


def page_key(query: list[tuple[str, str]]) -> str:
    """Key a browse page by its query parameters, in a canonical order."""
    raw = json.dumps(sorted(query), ensure_ascii=False)
    return redis_keys.list_key(hashlib.sha256(raw.encode()).hexdigest()[:40])


def cached_page(ctx: CatalogContext, key: str) -> str | None:
    """Return the page if the cache holds it: a hit needs no parsing at all.

    Only pages of valid requests are ever stored, so a hit is always a valid answer.
    """
    return ctx.cache.peek(redis_keys.LISTS, key)


def _subtree(session: Session, slug: str) -> tuple[str, ...]:
    rows = product_queries.category_rows(session)
    if not any(r["slug"] == slug for r in rows):
        raise InvalidQuery(
            f"Unknown category {slug!r}.", errors={"category": ["Unknown category."]}
        )
    return (slug, *(r["slug"] for r in rows if r["parent_slug"] == slug))


def _after(sort: str, position: dict | None) -> tuple[object, str] | None:
    if position is None:
        return None
    try:
        if position.get("s") != sort:
            raise ValueError("the cursor belongs to another sort")
        return queries.sort_value_from_cursor(sort, position["v"]), str(position["id"])
    except (KeyError, TypeError, ValueError) as err:
        raise InvalidQuery(
            "The cursor is not valid for this sort.", errors={"cursor": ["Not a valid cursor."]}
        ) from err


def load_page(session: Session, args: dict) -> dict:
    """Run one browse request against the database (no cache)."""
    sort = args.get("sort") or "newest"
    b = queries.Browse(
        sort=sort,
        limit=args["page"].limit,
        tokens=tuple(query_tokens(args.get("q") or "")),
        categories=_subtree(session, args["category"]) if args.get("category") else (),
        region=args.get("region"),
        merchant_id=args.get("merchant_id"),
        kind=args.get("kind"),
        min_price=args.get("min_price"),
        max_price=args.get("max_price"),
        after=_after(sort, args["page"].position()),
    )
    rows, after = queries.browse(session, b)
    cursor = None
    if after is not None:
        value = after[0].isoformat() if sort == "newest" else after[0]
        cursor = encode_cursor({"s": sort, "v": value, "id": after[1]})
    return {"items": rows, "next_cursor": cursor}


def list_page(ctx: CatalogContext, args: dict, key: str, render: Render) -> str:
    """Return one browse page as JSON text, cached under `key` (see page_key)."""

    def load() -> str:
        with ctx.session_factory() as session:
            return render(load_page(session, args))

    return ctx.cache.get_or_load(redis_keys.LISTS, key, load)


def product_detail(ctx: CatalogContext, product_id: str, render: Render) -> str:
    """Return a listed product with its merchant and stores, or raise ProductNotFound."""

    def load() -> str | None:
        with ctx.session_factory() as session:
            row = queries.listed_product(session, product_id)
        if row is None:
            return None  # cached too: the namespace is bumped when it becomes visible
        return render(product_detail_view(row))

    body = ctx.cache.get_or_load(redis_keys.product_namespace(product_id), "detail", load)
    if body is None:
        raise ProductNotFound(f"No product {product_id} is offered.")
    return body
