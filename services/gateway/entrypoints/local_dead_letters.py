"""The gateway's own dead letters (from its cache consumer), listed and replayed in-process."""

from __future__ import annotations

from flask import current_app

from shared.pagination import Page
from shared.web.dead_letters import dead_letter_page
from shared.web.dead_letters import replay as replay_with_problems

CONSUMER = "gateway-cache"


def _row(out: dict) -> dict:
    for name in ("created_at", "replayed_at"):
        if out.get(name) is not None:
            out[name] = out[name].isoformat()
    out["service"] = "gateway"
    return out


def page(asked: Page) -> dict:
    """Return one page of dead letters, newest first."""
    found = dead_letter_page(current_app.extensions["mall_infra"], asked)
    return {"items": [_row(r) for r in found["items"]], "next_cursor": found["next_cursor"]}


def replay(dead_letter_id: int) -> dict:
    """Apply a parked event again; it stays parked when it still fails."""
    return replay_with_problems(current_app.extensions["mall_appliers"][CONSUMER], dead_letter_id)
