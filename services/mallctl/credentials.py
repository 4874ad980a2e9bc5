"""The demo credentials `make run` prints: member and ops tokens, a few merchant API keys."""

from __future__ import annotations

import json
import os
from pathlib import Path

from services.mallctl.state import SeedState
from shared.dev_tokens import mint_token

WEEK = 7 * 24 * 3600


def write_credentials(path: Path, gateway_url: str, state: SeedState, merchants: int = 3) -> Path:
    """Write ready-made credentials (mode 0600: they are secrets) and return the path."""
    seeded = [
        {
            "merchant_id": m.get("merchant_id"),
            "name": m.get("name"),
            "partner_type": m.get("partner_type"),
            "api_key": m["api_key"],
        }
        for m in state.data["merchants"].values()
        if m.get("api_key")
    ]
    data = {
        "gateway": gateway_url,
        "ops_token": mint_token("ops", "ops-demo", ttl_seconds=WEEK),
        "member_token": mint_token(
            "member", "m-demo-1001", segments=["regular"], region="460100", ttl_seconds=WEEK
        ),
        "rider_member_token": mint_token(
            "member",
            "m-demo-2001",
            segments=["new_employment", "regular"],
            region="460200",
            ttl_seconds=WEEK,
        ),
        "merchants": seeded[:merchants],
        "campaigns": list(state.data["campaigns"].values()),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2))
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return path
