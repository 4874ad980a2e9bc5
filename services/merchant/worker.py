"""`python -m services.merchant.worker`: outbox relay, voucher-event consumer, application expiry."""

from __future__ import annotations

from services.merchant.service import SPEC
from shared.service import worker_main


def main(test_config: dict | None = None) -> None:
    """Publish this service's events and keep redemption totals until SIGTERM."""
    worker_main(SPEC, test_config)


if __name__ == "__main__":
    main()
