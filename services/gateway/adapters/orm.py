"""The gateway's small database: only the cache consumer's processed events and dead letters."""

from __future__ import annotations

from sqlalchemy import MetaData

from shared.outbox.tables import define_messaging_tables

metadata = MetaData()
messaging = define_messaging_tables(metadata)
