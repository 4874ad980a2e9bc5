"""The gateway's small database: only the cache consumer's processed events and dead letters."""

from __future__ import annotations

from shared.outbox.tables import service_metadata

metadata, messaging = service_metadata()
