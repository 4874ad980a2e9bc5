"""The claim gate in Redis: Lua scripts that take stock, count members and honour idempotency."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from redis import Redis

from services.voucher.adapters import redis_keys as k

_HERE = Path(__file__).parent
IDEM_TTL = 7 * 24 * 3600
REBUILD_LAPSE = 30  # seconds an unfinished rebuild holds claims back


@dataclass(frozen=True)
class GateResult:
    status: str  # ok | sold_out | limit_reached | duplicate | closed | not_loaded
    slot: int | None = None
    generation: str | None = None
    count: int = 0  # the member's claims after this one, as the gate counts them
    prior_campaign_id: str | None = None
    prior_voucher_id: str | None = None


def _script(redis: Redis, name: str):
    return redis.register_script((_HERE / f"{name}.lua").read_text())


class ClaimGate:
    """Owns the gate keys; the database remains the truth the gate is rebuilt from."""

    def __init__(self, redis: Redis, idem_ttl: int = IDEM_TTL) -> None:
        self.redis = redis
        self.idem_ttl = idem_ttl
        self._claim = _script(redis, "gate")
        self._compensate = _script(redis, "compensate")
        self._begin = _script(redis, "rebuild_begin")
        self._rebuild = _script(redis, "rebuild")
        self._settle = _script(redis, "settle")

    @staticmethod
    def _keys(campaign_id: str) -> list[str]:
        return [k.stock_key(campaign_id), k.members_key(campaign_id), k.meta_key(campaign_id)]

    def claim(
        self, campaign_id: str, member_id: str, voucher_id: str, idem: str | None
    ) -> GateResult:
        """Take one slot for the member, atomically, or say why not."""
        keys = self._keys(campaign_id) + (
            [k.idem_key(campaign_id, member_id, idem)] if idem else []
        )
        out = self._claim(keys=keys, args=[member_id, voucher_id, campaign_id, self.idem_ttl])
        status = out[0].decode()
        if status == "ok":
            return GateResult(
                status, slot=int(out[1]), generation=out[2].decode(), count=int(out[3])
            )
        if status == "duplicate":
            campaign, _, voucher = out[1].decode().partition("|")
            return GateResult(status, prior_campaign_id=campaign, prior_voucher_id=voucher)
        return GateResult(status)

    def compensate(
        self, campaign_id: str, member_id: str, passed: GateResult, voucher_id: str,
        idem: str | None, *, slot_free: bool, held_in_db: int = 0,
    ) -> None:  # fmt: skip
        """Give back what a failed claim took: the slot (if no one holds it), count, idem key."""
        keys = self._keys(campaign_id) + (
            [k.idem_key(campaign_id, member_id, idem)] if idem else []
        )
        args = [member_id, passed.slot, "1" if slot_free else "0", f"{campaign_id}|{voucher_id}"]
        self._compensate(keys=keys, args=[*args, passed.generation, held_in_db])

    def settle(self, campaign_id: str, member_id: str, passed: GateResult, held: int) -> bool:
        """Repair the gate for a committed claim if a rebuild began meanwhile; return if so."""
        keys = [*self._keys(campaign_id), k.taken_key(campaign_id)]
        args = [passed.generation, passed.slot, member_id, held]
        return bool(self._settle(keys=keys, args=args))

    def begin_rebuild(self, campaign_id: str) -> str:
        """Hold claims back and start noting commits; return the new generation."""
        generation = uuid.uuid4().hex
        keys = [*self._keys(campaign_id), k.taken_key(campaign_id)]
        self._begin(keys=keys, args=[generation, REBUILD_LAPSE])
        return generation

    def finish_rebuild(
        self, campaign_id: str, generation: str, *, limit: int | None,
        free_slots: list[int], member_counts: dict[str, int],
    ) -> bool:  # fmt: skip
        """Load the state read from the database after begin_rebuild (limit None: closed)."""
        pairs: list[object] = []
        for member, count in member_counts.items():
            pairs += [member, count]
        meta = f"{'closed' if limit is None else limit}|{generation}"
        keys = [*self._keys(campaign_id), k.taken_key(campaign_id)]
        args = [meta, generation, len(free_slots), *free_slots, *pairs]
        return self._rebuild(keys=keys, args=args) >= 0

    def close(self, campaign_id: str) -> None:
        self.redis.set(k.meta_key(campaign_id), f"closed|{uuid.uuid4().hex}")

    def is_loaded(self, campaign_id: str) -> bool:
        meta = self.redis.get(k.meta_key(campaign_id))
        return meta is not None and not meta.startswith(b"rebuilding|")

    def stock(self, campaign_id: str) -> int:
        return int(self.redis.llen(k.stock_key(campaign_id)))

    def member_counts(self, campaign_id: str) -> dict[str, int]:
        raw = self.redis.hgetall(k.members_key(campaign_id))
        return {m.decode(): int(c) for m, c in raw.items() if int(c) > 0}

    def rebuild_lock(self, campaign_id: str, ttl: float = 5.0) -> bool:
        """Take a short lock so that one caller, not a stampede, reloads a missing gate."""
        key = k.rebuild_lock_key(campaign_id)
        return bool(self.redis.set(key, "1", nx=True, px=int(ttl * 1000)))

    def release_rebuild_lock(self, campaign_id: str) -> None:
        self.redis.delete(k.rebuild_lock_key(campaign_id))
