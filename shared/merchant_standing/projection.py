"""The `merchants` table of a consuming service, and the handlers that keep it from snapshots."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import Session

from shared.db_columns import json, key, moment, string
from shared.events.envelope import Event
from shared.events.merchant_events import SNAPSHOT_EVENTS
from shared.merchant_standing.model import MerchantStanding, Store, supersedes
from shared.messaging.applier import Handler
from shared.rows import row_by_key

logger = logging.getLogger(__name__)
OnChange = Callable[[Session, MerchantStanding], None]


def define_merchants_table(metadata: MetaData) -> Table:
    """Add the one shape of the merchant copy to a service's metadata."""
    return Table(
        "merchants",
        metadata,
        key("merchant_id", 100),
        string("legal_name", 200),
        string("partner_type", 30),
        string("status", 20),
        string("region", 10),
        json("categories"),
        json("stores"),
        moment("snapshot_at"),
        moment("updated_at"),
    )


def from_snapshot(event: Event) -> MerchantStanding:
    """Read a MerchantSnapshot event (shared/events/merchant_events.py)."""
    return _standing(event.data, event.occurred_at)


def _standing(data, snapshot_at: datetime) -> MerchantStanding:
    stores = {
        s["id"]: Store(s["id"], s.get("name") or "", s["region"], s.get("address") or "")
        for s in data.get("stores") or ()
    }
    return MerchantStanding(
        merchant_id=data["merchant_id"],
        legal_name=data["legal_name"],
        partner_type=data["partner_type"],
        status=data["status"],
        region=data["region"],
        snapshot_at=snapshot_at,
        categories=tuple(data.get("categories") or ()),
        stores=stores,
    )


class MerchantCopies:
    """Reads and writes of one service's `merchants` table, inside the caller's session."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def get(
        self, session: Session, merchant_id: str, *, for_update: bool = False
    ) -> MerchantStanding | None:
        row = row_by_key(session, self.table.c.merchant_id, merchant_id, lock=for_update)
        return _standing(row._mapping, row.snapshot_at) if row else None

    def put(self, session: Session, merchant: MerchantStanding, *, exists: bool) -> None:
        values = {
            "legal_name": merchant.legal_name,
            "partner_type": merchant.partner_type,
            "status": merchant.status,
            "region": merchant.region,
            "categories": list(merchant.categories),
            "stores": [vars(s) for s in merchant.stores.values()],
            "snapshot_at": merchant.snapshot_at,
            "updated_at": datetime.now(UTC),
        }
        t = self.table
        if exists:
            session.execute(
                t.update().where(t.c.merchant_id == merchant.merchant_id).values(**values)
            )
        else:
            session.execute(t.insert().values(merchant_id=merchant.merchant_id, **values))

    def apply(self, session: Session, event: Event) -> MerchantStanding | None:
        """Apply a snapshot unless a later one is held; return what was stored, or None."""
        merchant = from_snapshot(event)
        known = self.get(session, merchant.merchant_id, for_update=True)
        if not supersedes(merchant.snapshot_at, known):
            logger.info("ignoring %s older than the merchant copy", event.type)
            return None
        self.put(session, merchant, exists=known is not None)
        return merchant

    def bound(self, session: Session) -> BoundCopies:
        """The copies as a unit of work's repository: `uow.merchants.get(merchant_id)`."""
        return BoundCopies(self, session)

    def handlers(self, on_change: OnChange | None = None) -> dict[str, Handler]:
        """The consumer's table for every snapshot event; `on_change` follows a stored one."""

        def handle(session: Session, event: Event) -> None:
            merchant = self.apply(session, event)
            if merchant is not None and on_change is not None:
                on_change(session, merchant)

        return dict.fromkeys(SNAPSHOT_EVENTS, handle)


class BoundCopies:
    """MerchantCopies bound to one session (a unit of work's `merchants` repository)."""

    def __init__(self, copies: MerchantCopies, session: Session) -> None:
        self._copies, self._session = copies, session

    def get(self, merchant_id: str, *, lock: bool = False) -> MerchantStanding | None:
        return self._copies.get(self._session, merchant_id, for_update=lock)
