"""`python -m services.merchant.worker`: outbox relay, voucher-event consumer, application expiry."""

from __future__ import annotations

from services.merchant.bootstrap import build
from services.merchant.config import MerchantSettings
from services.merchant.entrypoints import consumer
from services.merchant.service_layer import expiry
from shared.logs import configure_logging
from shared.messaging.topics import MERCHANT_EVENTS
from shared.worker import run_loops


def main(test_config: dict | None = None) -> None:
    """Publish this service's events and keep redemption totals until SIGTERM."""
    settings = MerchantSettings.from_mapping("merchant", test_config)
    configure_logging(settings.service)
    infra, deps = build(settings)
    infra.ensure_topics([MERCHANT_EVENTS, *consumer.TOPICS])
    relay = infra.relay()
    runner = infra.consumer(consumer.CONSUMER_NAME, consumer.TOPICS, consumer.HANDLERS)
    run_loops(
        "merchant",
        {
            "relay": lambda stop: relay.run(stop, interval=settings.relay_interval),
            "consumer": runner.run,
            "expiry": lambda stop: expiry.run(deps, stop),
        },
        settings.metrics_port,
    )


if __name__ == "__main__":
    main()
