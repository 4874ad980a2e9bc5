"""When a consumer commits its offsets: once per poll that changed something, else seldom."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection

from kafka.structs import OffsetAndMetadata, TopicPartition


class PendingOffsets:
    """Offsets handled but not yet committed.

    A poll that applied or parked an event commits at its end, all partitions in one request
    (not one per partition: each commit is a round trip and a write to the broker's offsets
    log). Polls of nothing but events this consumer passes over (a rush of voucher.claimed at
    the merchant's consumer) commit at most every `interval` seconds: reading those again
    after a crash has no effect, so there is nothing to lose by committing them late.
    """

    def __init__(self, interval: float = 1.0, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self.clock = clock
        self._offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        self._urgent = False
        self._last = clock()

    def handled(self, tp: TopicPartition, next_offset: int, effect: bool) -> None:
        """Record that `tp` is handled up to `next_offset` (exclusive)."""
        self._offsets[tp] = OffsetAndMetadata(next_offset, "", -1)
        self._urgent = self._urgent or effect

    def due(self) -> bool:
        return bool(self._offsets) and (self._urgent or self.clock() - self._last >= self.interval)

    def take(self, assigned: Collection[TopicPartition]) -> dict[TopicPartition, OffsetAndMetadata]:
        """Hand over what to commit now, only for partitions still ours: a revoked one is
        read by its new owner from its last commit (again, harmlessly)."""
        offsets = {tp: o for tp, o in self._offsets.items() if tp in assigned}
        self._offsets.clear()
        self._urgent = False
        self._last = self.clock()
        return offsets
