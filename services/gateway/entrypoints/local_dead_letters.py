"""The gateway's own dead letters (from its cache consumer), listed and replayed in-process."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from shared.errors import Invalid, NotFound
from shared.events.envelope import InvalidEvent
from shared.messaging.applier import replay_dead_letter
from shared.pagination import decode_cursor, encode_cursor

CONSUMER = "gateway-cache"


def _row(row) -> dict:
    out = dict(row._mapping)
    for name in ("created_at", "replayed_at"):
        if out.get(name) is not None:
            out[name] = out[name].isoformat()
    out["service"] = "gateway"
    return out


def page(limit: int, cursor: str | None) -> dict:
    """Return one page of dead letters, newest first."""
    infra = current_app.extensions["mall_infra"]
    table = infra.tables.dead_letters
    query = select(table).order_by(table.c.id.desc()).limit(limit + 1)
    position = decode_cursor(cursor)
    if position:
        query = query.where(table.c.id < int(position.get("id", 0)))
    with infra.session_factory() as session:
        rows = [_row(r) for r in session.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": encode_cursor({"id": rows[-1]["id"]}) if more else None}


def replay(dead_letter_id: int) -> dict:
    """Apply a parked event again; it stays parked when it still fails."""
    applier = current_app.extensions["mall_appliers"][CONSUMER]
    try:
        outcome = replay_dead_letter(applier, dead_letter_id)
    except LookupError as err:
        raise NotFound(f"No dead letter {dead_letter_id}.") from err
    except InvalidEvent as err:
        raise Invalid(f"This message is not a valid event and cannot be replayed: {err}") from err
    except Exception as err:  # noqa: BLE001 - still failing: say so, keep it parked
        raise Invalid(f"Replay failed again: {err}") from err
    return {"id": dead_letter_id, "outcome": outcome}
