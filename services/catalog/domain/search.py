"""Search tokens: CJK unigrams and bigrams (Chinese has no spaces) plus latin words and prefixes.

A product stores its tokens once; a query matches when every query token is among them. So a
two-character word such as 椰子 finds 海南椰子水, and "coco" finds "Coconut water".
"""

from __future__ import annotations

import re
import unicodedata

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MIN_PREFIX = 3  # shorter latin prefixes would match almost everything
MAX_QUERY_TOKENS = 12


def _normalize(text: str) -> str:
    # NFKC folds full-width latin letters and digits (ＡＢＣ１２) into ASCII ones.
    return unicodedata.normalize("NFKC", text).lower()


def _runs(text: str) -> list[str]:
    return _RUNS.findall(_normalize(text))


def document_tokens(*texts: str | None) -> set[str]:
    """Return every token a product's texts can be found by."""
    tokens: set[str] = set()
    for text in texts:
        for run in _runs(text or ""):
            if _CJK.match(run):
                tokens.update(run)
                tokens.update(run[i : i + 2] for i in range(len(run) - 1))
            else:
                tokens.add(run)
                tokens.update(run[:n] for n in range(MIN_PREFIX, len(run)))
    return tokens


def query_tokens(q: str) -> list[str]:
    """Return the tokens a product must all have to match the query (sorted, de-duplicated)."""
    tokens: set[str] = set()
    for run in _runs(q):
        if _CJK.match(run):
            tokens.update(run if len(run) == 1 else (run[i : i + 2] for i in range(len(run) - 1)))
        else:
            tokens.add(run)
    return sorted(tokens)[:MAX_QUERY_TOKENS]


def pack(tokens: set[str] | list[str]) -> str:
    """Store tokens as one space-padded text, so ' tok ' matches a whole token."""
    return " " + " ".join(sorted(tokens)) + " " if tokens else " "
