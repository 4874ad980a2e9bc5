"""Small readers for form fields people type: money in yuan, whole numbers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def fen(raw: str | None):
    """Yuan as typed ("12.5") in integer fen; what cannot be read goes to the server as typed,
    so its problem answer names the field."""
    text = (raw or "").strip().replace("¥", "").replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text or None
    return int((value * 100).to_integral_value())


def whole(raw: str | None):
    text = (raw or "").strip()
    return int(text) if text.lstrip("-").isdigit() else (text or None)
