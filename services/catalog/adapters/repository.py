"""Products as rows and back, and the catalog's copy of each merchant."""

from __future__ import annotations

from services.catalog.adapters.orm import merchants
from services.catalog.domain.products import Product
from shared.merchant_standing.projection import MerchantCopies
from shared.rows import from_row

merchant_copies = MerchantCopies(merchants)  # the standing copy (shared.merchant_standing)


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
