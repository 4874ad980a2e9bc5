"""What a seed has done so far, kept in a JSON file so that a second run only fills gaps."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any


class SeedState:
    """Thread-safe record of seeded merchants (ids, API keys, products) and campaigns."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._dirty = 0
        try:
            self.data: dict[str, Any] = json.loads(path.read_text())
        except (OSError, ValueError):
            self.data = {}
        self.data.setdefault("merchants", {})
        self.data.setdefault("campaigns", {})

    def merchant(self, key: str) -> dict:
        with self._lock:
            return dict(self.data["merchants"].get(key, {}))

    def update_merchant(self, key: str, **values: Any) -> None:
        with self._lock:
            self.data["merchants"].setdefault(key, {}).update(values)
            self._dirty += 1
            due = self._dirty >= 25
        if due:
            self.save()

    def add_product(self, merchant_key: str, product_key: str, product_id: str) -> None:
        with self._lock:
            entry = self.data["merchants"].setdefault(merchant_key, {})
            entry.setdefault("products", {})[product_key] = product_id
            self._dirty += 1

    def campaign(self, slug: str) -> dict:
        with self._lock:
            return dict(self.data["campaigns"].get(slug, {}))

    def update_campaign(self, slug: str, **values: Any) -> None:
        with self._lock:
            self.data["campaigns"].setdefault(slug, {}).update(values)
            self._dirty += 1

    def save(self) -> None:
        """Write atomically, so that Ctrl-C mid-write never leaves half a file."""
        with self._lock:
            text = json.dumps(self.data, ensure_ascii=False, indent=1)
            self._dirty = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(text)
        os.chmod(tmp, 0o600)  # it holds merchants' API keys
        tmp.replace(self.path)
