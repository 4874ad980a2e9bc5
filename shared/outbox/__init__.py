"""Transactional outbox: events saved with the state change, published by a relay."""

from shared.outbox.store import add_event
from shared.outbox.tables import define_messaging_tables

__all__ = ["add_event", "define_messaging_tables"]
