"""The one place the catalog's Redis names live (shared.cache owns the full key format)."""

from __future__ import annotations

CACHE_NAME = "catalog"
LISTS = "products"  # every browse page
CATEGORIES = "categories"


def product_namespace(product_id: str) -> str:
    """Namespace of one product's detail, bumped when it or its merchant changes."""
    return f"product:{product_id}"


def list_key(normalized_query: str) -> str:
    return f"list:{normalized_query}"


def all_namespaces_pattern(cache_name: str = CACHE_NAME) -> str:
    """Match every namespace version counter of the catalog cache (for scan_iter)."""
    return f"cache:{{{cache_name}:*}}:ns"


def namespace_of(version_key: str, cache_name: str = CACHE_NAME) -> str:
    """The namespace a version counter found by all_namespaces_pattern() counts."""
    return version_key.removeprefix(f"cache:{{{cache_name}:").removesuffix("}:ns")
