"""`python -m services.voucher.worker`: outbox relay, merchant consumer and the expiry loop."""

from __future__ import annotations

import logging
import threading

from services.voucher.bootstrap import build
from services.voucher.config import VoucherSettings
from services.voucher.entrypoints.consumer import CONSUMER, HANDLERS, TOPICS
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.expiry import expire_due
from shared.logs import configure_logging
from shared.messaging.topics import VOUCHER_EVENTS
from shared.worker import run_loops

logger = logging.getLogger(__name__)


def expiry_loop(context: VoucherContext, interval: float):
    """Return a loop that runs the expiry job every `interval` seconds until stopped."""

    def run(stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                expire_due(context)
            except Exception:  # noqa: BLE001 - try again next round
                logger.exception("expiry job failed")
            stop.wait(interval)

    return run


def main() -> None:
    settings = VoucherSettings.from_mapping("voucher")
    configure_logging(f"{settings.service}-worker")
    infra, context = build(settings)
    infra.ensure_topics([VOUCHER_EVENTS, *TOPICS])
    relay = infra.relay()
    runner = infra.consumer(CONSUMER, TOPICS, HANDLERS)
    run_loops(
        "voucher",
        {
            "relay": lambda stop: relay.run(stop, settings.relay_interval),
            "consumer": runner.run,
            "expiry": expiry_loop(context, settings.expiry_interval),
        },
        settings.worker_metrics_port,
    )


if __name__ == "__main__":
    main()
