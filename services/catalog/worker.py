"""`python -m services.catalog.worker`: the outbox relay and the merchant-events consumer."""

from __future__ import annotations

from services.catalog.service import SPEC
from shared.service import worker_main


def main(test_config: dict | None = None) -> None:
    """Publish catalog events and apply merchant events until SIGTERM."""
    worker_main(SPEC, test_config)


if __name__ == "__main__":
    main()
