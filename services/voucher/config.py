"""Settings of the voucher service (environment variables, with local defaults)."""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.config import Settings, env, env_float, env_int


@dataclass
class VoucherSettings(Settings):
    """Adds REVERSAL_WINDOW_HOURS, EXPIRY_INTERVAL_SECONDS, GATE_REBUILD_ON_START,
    CAMPAIGN_CACHE_SECONDS, SOLD_OUT_MEMO_SECONDS, GROUP_COMMIT_WINDOW_MS,
    VOUCHER_WORKER_METRICS_PORT."""

    reversal_window_hours: int = field(default_factory=lambda: env_int("REVERSAL_WINDOW_HOURS", 72))
    expiry_interval: float = field(
        default_factory=lambda: env_float("EXPIRY_INTERVAL_SECONDS", 60.0)
    )
    gate_rebuild_on_start: bool = field(
        default_factory=lambda: env("GATE_REBUILD_ON_START", "1") not in ("0", "false", "no")
    )
    # Campaign definitions are read on every claim; a short in-process cache spares the
    # database during a rush. Closing still takes effect at once through the gate.
    campaign_cache_seconds: float = field(
        default_factory=lambda: env_float("CAMPAIGN_CACHE_SECONDS", 1.0)
    )
    # Once the gate says sold out, this process answers sold_out without asking Redis for a
    # moment: it only ever refuses more, never issues more, and spares Redis the rush's tail.
    sold_out_memo_seconds: float = field(
        default_factory=lambda: env_float("SOLD_OUT_MEMO_SECONDS", 0.5)
    )
    # Claims committing at the same moment share one transaction; the first waits at most this
    # long for the claims on their way (service_layer/group_commit.py). 0: only what is queued.
    # 10 ms: in a rush a transaction then holds about 10 claims, not 4 as with 2 ms, which cut
    # the rush's CPU per claim by a fifth (README, "The claim rush").
    group_commit_window_ms: float = field(
        default_factory=lambda: env_float("GROUP_COMMIT_WINDOW_MS", 10.0)
    )
