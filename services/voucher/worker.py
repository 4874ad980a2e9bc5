"""`python -m services.voucher.worker`: outbox relay, merchant consumer and the expiry loop."""

from __future__ import annotations

from services.voucher.service import SPEC
from shared.service import worker_main


def main(test_config: dict | None = None) -> None:
    """Publish voucher events, keep merchant standing and expire vouchers until SIGTERM."""
    worker_main(SPEC, test_config)


if __name__ == "__main__":
    main()
