"""Search tokens: CJK unigrams and bigrams (Chinese has no spaces) plus latin words and prefixes.

A product stores its tokens once; a query matches when every query token is among them. So a
two-character word such as 椰子 finds 海南椰子水, and "coco" finds "Coconut water".

Every size is bounded, measured after NFKC (one `ⅷ` becomes `viii`): a prefix is at most
MAX_PREFIX characters (a longer query word is cut to one, so it still finds the product), a
stored token at most MAX_TOKEN, and a product at most MAX_DOCUMENT_TOKENS tokens, its name's first.
"""

from __future__ import annotations

import re
import unicodedata

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MIN_PREFIX = 3  # shorter latin prefixes would match almost everything
MAX_PREFIX = 12  # longer prefixes are hardly typed, and each one costs a stored token
MAX_TOKEN = 40  # far below a PostgreSQL index entry's limit
MAX_DOCUMENT_TOKENS = 1500
MAX_QUERY_TOKENS = 12


def normalize(text: str) -> str:
    """NFKC (full-width ＡＢＣ１２ become ASCII, ⅷ becomes viii), then lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def normalized_length(text: str | None) -> int:
    """How long a text is once normalised: what the length limits are checked against."""
    return len(normalize(text or ""))


def _runs(text: str) -> list[str]:
    return [run[:MAX_TOKEN] for run in _RUNS.findall(normalize(text))]


def _run_tokens(run: str) -> list[str]:
    if _CJK.match(run):
        return [*run, *(run[i : i + 2] for i in range(len(run) - 1))]
    return [run, *(run[:n] for n in range(MIN_PREFIX, min(len(run), MAX_PREFIX + 1)))]


def document_tokens(*texts: str | None) -> set[str]:
    """Return the tokens a product's texts can be found by, at most MAX_DOCUMENT_TOKENS."""
    tokens: dict[str, None] = {}  # ordered: the first texts (the name) keep their tokens
    for text in texts:
        for run in _runs(text or ""):
            for token in _run_tokens(run):
                tokens[token] = None
                if len(tokens) >= MAX_DOCUMENT_TOKENS:
                    return set(tokens)
    return set(tokens)


def query_tokens(q: str) -> list[str]:
    """Return the tokens a product must all have to match the query (sorted, de-duplicated)."""
    tokens: set[str] = set()
    for run in _runs(q):
        if _CJK.match(run):
            tokens.update(run if len(run) == 1 else (run[i : i + 2] for i in range(len(run) - 1)))
        else:
            tokens.add(run if len(run) <= MAX_PREFIX else run[:MAX_PREFIX])
    return sorted(tokens)[:MAX_QUERY_TOKENS]


def pack(tokens: set[str] | list[str]) -> str:
    """Store tokens as one space-padded text, so ' tok ' matches a whole token."""
    return " " + " ".join(sorted(tokens)) + " " if tokens else " "
