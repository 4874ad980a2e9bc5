"""The one keyset condition the merchant lists page with: rows after (timestamp, id)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_


def after_position(at: ColumnElement, row_id: ColumnElement, after: tuple[datetime, str]):
    """Rows strictly after the last one seen, in (at, id) order."""
    return or_(at > after[0], and_(at == after[0], row_id > after[1]))
