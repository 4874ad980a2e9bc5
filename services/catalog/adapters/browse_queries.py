"""The browse query: only published products of active merchants, filtered, sorted, keyset-paged.

Every sort is keyed by (sort value, id), so a page boundary never moves when other products are
added or change. Search matches whole tokens (see domain/search.py): on PostgreSQL through the GIN
index over `string_to_array(btrim(search_tokens), ' ')`, on SQLite by substring.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ARRAY, Text, and_, cast, func, literal, literal_column, or_, select, tuple_
from sqlalchemy.orm import Session

from services.catalog.adapters.orm import merchants, products
from shared.pagination import cursor_int, cursor_time

SORTS = {
    "newest": (products.c.created_at, True),
    "price_asc": (products.c.member_price, False),
    "price_desc": (products.c.member_price, True),
    "discount": (products.c.discount_bp, True),
}
# A literal, not a parameter, so that the partial indexes (WHERE status = 'published') apply.
LISTED = products.c.status == literal_column("'published'")
LIST_COLUMNS = [c for c in products.c if c.name not in ("search_tokens", "description")]


@dataclass(frozen=True)
class Browse:
    """A validated browse request; `after` is the (sort value, id) of the last row seen."""

    sort: str = "newest"
    limit: int = 20
    tokens: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    region: str | None = None
    merchant_id: str | None = None
    kind: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    after: tuple[object, str] | None = None


def _search(dialect: str, tokens: tuple[str, ...]):
    if dialect == "postgresql":
        # Exactly the indexed expression, with constants inlined so generic plans match it too.
        doc = func.string_to_array(func.btrim(products.c.search_tokens), literal_column("' '"))
        return doc.op("@>")(cast(list(tokens), ARRAY(Text)))
    return and_(*(func.instr(products.c.search_tokens, f" {t} ") > 0 for t in tokens))


def _clean(row: dict) -> dict:
    row["regions"] = row["regions"].split()
    return row


def conditions(b: Browse, dialect: str) -> list:
    where = [LISTED, merchants.c.status == "active"]
    if b.tokens:
        where.append(_search(dialect, b.tokens))
    if b.categories:
        where.append(products.c.category.in_(b.categories))
    if b.region == "online":
        where.append(products.c.online.is_(True))
    elif b.region:
        where.append(or_(products.c.online.is_(True), products.c.regions.contains(f" {b.region} ")))
    if b.merchant_id:
        where.append(products.c.merchant_id == b.merchant_id)
    if b.kind:
        where.append(products.c.kind == b.kind)
    if b.min_price is not None:
        where.append(products.c.member_price >= b.min_price)
    if b.max_price is not None:
        where.append(products.c.member_price <= b.max_price)
    return where


def browse(session: Session, b: Browse) -> tuple[list[dict], tuple[object, str] | None]:
    """Return one page of rows and the (sort value, id) to continue after, if there is more."""
    column, descending = SORTS[b.sort]
    where = conditions(b, session.get_bind().dialect.name)
    if b.after is not None:
        key = tuple_(column, products.c.id)
        after = tuple_(literal(b.after[0], column.type), literal(b.after[1], products.c.id.type))
        where.append(key < after if descending else key > after)
    order = [column.desc(), products.c.id.desc()] if descending else [column, products.c.id]
    query = (
        select(*LIST_COLUMNS, merchants.c.legal_name.label("merchant_name"))
        .select_from(products.join(merchants, merchants.c.merchant_id == products.c.merchant_id))
        .where(*where)
        .order_by(*order)
        .limit(b.limit + 1)
    )
    rows = [_clean(dict(r._mapping)) for r in session.execute(query)]
    more = len(rows) > b.limit
    rows = rows[: b.limit]
    if not more:
        return rows, None
    last = rows[-1]
    return rows, (last[column.name], last["id"])


def listed_product(session: Session, product_id: str) -> dict | None:
    """Return the product with its merchant, if members may see it now."""
    query = (
        select(products, merchants.c.legal_name, merchants.c.partner_type, merchants.c.stores)
        .select_from(products.join(merchants, merchants.c.merchant_id == products.c.merchant_id))
        .where(products.c.id == product_id, LISTED, merchants.c.status == "active")
    )
    row = session.execute(query).first()
    return _clean(dict(row._mapping)) if row else None


def sort_value_from_cursor(sort: str, value: object) -> object:
    """Turn a cursor's JSON sort value back into the column's type (ValueError if it is not)."""
    if sort == "newest":
        return cursor_time(value)
    return cursor_int(value)
