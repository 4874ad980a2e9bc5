"""Voucher codes: 80 random bits in Crockford base32, plus a Luhn mod 32 check character."""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
BODY_LENGTH = 16  # 16 x 5 bits = 80 bits
CODE_LENGTH = BODY_LENGTH + 1
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
# Crockford's reading rules: what a person may type for what they see.
_ALIASES = {"I": "1", "L": "1", "O": "0"}


def check_character(body: str) -> str:
    """Return the Luhn mod 32 check character of a code body (catches any one typo)."""
    n = len(ALPHABET)
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * _VALUE[char]
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def new_code() -> str:
    """Return a fresh, unguessable code with its check character."""
    value = secrets.randbits(BODY_LENGTH * 5)
    body = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in range(BODY_LENGTH))
    return body + check_character(body)


def normalize(raw: str) -> str | None:
    """Return the canonical code for what a till or QR reader sent, or None if it is not valid."""
    text = raw.strip().upper().replace("-", "").replace(" ", "")
    text = "".join(_ALIASES.get(c, c) for c in text)
    if len(text) != CODE_LENGTH or any(c not in _VALUE for c in text):
        return None
    body, check = text[:-1], text[-1]
    return text if check_character(body) == check else None


def display(code: str) -> str:
    """Group a code in fours for printing: XXXX-XXXX-XXXX-XXXX-X."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
