"""One product write costs a bounded number of search tokens, measured after NFKC."""

from __future__ import annotations

from sqlalchemy import select

from services.catalog.adapters.orm import products
from services.catalog.domain.search import MAX_DOCUMENT_TOKENS, MAX_TOKEN, document_tokens
from tests.catalog.conftest import product_body
from tests.support import callers

URL = "/api/v1/merchant/products"


def _tokens(catalog, product_id: str) -> str:
    with catalog.infra.session_factory() as s:
        return s.execute(
            select(products.c.search_tokens).where(products.c.id == product_id)
        ).scalar_one()


def _count(catalog) -> int:
    with catalog.infra.session_factory() as s:
        return len(s.execute(select(products.c.id)).all())


def test_a_text_that_grows_past_its_limit_under_nfkc_is_refused(catalog):
    mid = catalog.merchant()
    # 2,000 characters sent (6 kB), 8,000 once NFKC turns each `ⅷ` into `viii`.
    for field, text in [("description", "ⅷ" * 2000), ("name", "ⅷ" * 60)]:
        resp = catalog.client.post(
            URL, json=product_body(**{field: text}), headers=callers.merchant(mid)
        )
        assert resp.status_code == 422, resp.get_json()
        assert resp.get_json()["code"] == "validation_failed"
        assert field in resp.get_json()["errors"]
    product = catalog.create(mid)
    resp = catalog.client.patch(
        f"{URL}/{product['id']}", json={"description": "ⅷ" * 501}, headers=callers.merchant(mid)
    )
    assert resp.status_code == 422, resp.get_json()
    assert _count(catalog) == 1


def test_a_long_run_of_one_word_costs_a_handful_of_tokens_and_is_still_found(catalog):
    mid = catalog.merchant()
    # Each a valid 2,000 characters after NFKC; one of them a single 2,000-letter word.
    runs = catalog.create(mid, name="长词", name_en=None, description="a" * 2000)
    roman = catalog.create(mid, name="罗马", name_en=None, description="ⅷ" * 500)
    assert len(_tokens(catalog, runs["id"])) < 200
    assert max(len(t) for t in _tokens(catalog, roman["id"]).split()) <= MAX_TOKEN
    assert catalog.names(q="aaaa") == ["长词"]
    assert catalog.names(q="a" * 100) == ["长词"]
    assert catalog.names(q="viiiviii") == ["罗马"]


def test_many_words_are_capped_per_product_and_the_name_keeps_its_tokens(catalog):
    mid = catalog.merchant()
    words = " ".join(f"w{i:04d}x{'y' * 20}" for i in range(80))  # 80 words x 26 letters
    product = catalog.create(
        mid, name="椰子", name_en="Supercalifragilisticexpialidocious", description=words[:2000]
    )
    stored = _tokens(catalog, product["id"]).split()
    assert len(stored) <= MAX_DOCUMENT_TOKENS
    assert len(document_tokens("x", None, " ".join(f"w{i}abcdef" for i in range(2000)))) == (
        MAX_DOCUMENT_TOKENS
    )
    assert catalog.names(q="supercalifragilistic") == ["椰子"]
    assert catalog.names(q="supercalifragilisticexpialidocious") == ["椰子"]
    assert catalog.names(q="椰子") == ["椰子"]
