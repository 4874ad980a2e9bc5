"""Event envelope, registry and the contracts of every producer's events."""

from shared.events import catalog_events, merchant_events, voucher_events  # noqa: F401  (register)
from shared.events.envelope import Event, InvalidEvent, new_event, parse_event

__all__ = ["Event", "InvalidEvent", "new_event", "parse_event"]
