"""A merchant's store: where members redeem, found by the directory and named in events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

# What a merchant may change on a store (its id never changes).
STORE_DETAILS = ("name", "address", "region", "latitude", "longitude")


@dataclass(frozen=True)
class Store:
    id: str
    name: str
    address: str
    region: str
    latitude: float | None = None
    longitude: float | None = None

    @classmethod
    def opened(cls, id: str, details: Mapping) -> Store:
        """A new store of these details (an application's or a merchant's); the coordinates
        may be left out."""
        return cls(
            id=id,
            name=details["name"],
            address=details["address"],
            region=details["region"],
            latitude=details.get("latitude"),
            longitude=details.get("longitude"),
        )

    def changed(self, changes: Mapping) -> Store:
        """This store with the details in `changes` (other keys, the id among them, ignored)."""
        return replace(self, **{k: changes[k] for k in STORE_DETAILS if k in changes})
