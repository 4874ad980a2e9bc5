"""`python -m services.voucher.entrypoints.claim_books CAMPAIGN_ID`: a campaign's claims as the
voucher service's two stores hold them (the Redis gate and the database), printed as JSON.

The rush rehearsal (`mallctl rehearse`) compares these with the 201s it received and the events
on Kafka. mallctl imports no service, so it runs this command with the voucher's settings
(environment: VOUCHER_DATABASE_URL, REDIS_URL). Read-only.
"""

from __future__ import annotations

import json
import sys

from redis import Redis
from sqlalchemy.orm import Session

from services.voucher.adapters import campaign_queries
from services.voucher.adapters.gate import ClaimGate
from services.voucher.config import VoucherSettings
from shared.db import make_engine


def books(settings: VoucherSettings, campaign_id: str) -> dict | None:
    """Return the campaign's issued vouchers by store, or None if there is no such campaign."""
    engine, redis = make_engine(settings.database_url), Redis.from_url(settings.redis_url)
    try:
        with Session(engine) as session:
            found = campaign_queries.one(session, campaign_id)
            if found is None:
                return None
            campaign = found[1]
            limit = campaign.per_member_limit
            rows = campaign_queries.claimed_counts(session, [campaign_id]).get(campaign_id, 0)
            over_db = campaign_queries.members_past_limit(session, campaign_id, limit)
        gate = ClaimGate(redis)
        counts = gate.member_counts(campaign_id).values()
        return {
            "campaign_id": campaign_id,
            "quantity": campaign.quantity,
            "per_member_limit": limit,
            "gate_taken": campaign.quantity - gate.stock(campaign_id),
            "gate_counted": sum(counts),
            "over_limit_gate": sum(1 for c in counts if c > limit),
            "rows": rows,
            "over_limit_db": over_db,
        }
    finally:
        redis.close()
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(
            "usage: python -m services.voucher.entrypoints.claim_books CAMPAIGN_ID", file=sys.stderr
        )
        return 2
    found = books(VoucherSettings.from_mapping("voucher"), args[0])
    if found is None:
        print(f"no campaign {args[0]}", file=sys.stderr)
        return 1
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
