"""The gateway's own dead letters (from its cache consumer), listed and replayed in-process."""

from __future__ import annotations

from flask import current_app

from shared.errors import Invalid, NotFound
from shared.events.envelope import InvalidEvent
from shared.messaging.applier import replay_dead_letter
from shared.web.dead_letters import dead_letter_page

CONSUMER = "gateway-cache"


def _row(out: dict) -> dict:
    for name in ("created_at", "replayed_at"):
        if out.get(name) is not None:
            out[name] = out[name].isoformat()
    out["service"] = "gateway"
    return out


def page(limit: int, cursor: str | None) -> dict:
    """Return one page of dead letters, newest first."""
    found = dead_letter_page(current_app.extensions["mall_infra"], limit, cursor)
    return {"items": [_row(r) for r in found["items"]], "next_cursor": found["next_cursor"]}


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
