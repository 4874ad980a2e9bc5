"""Prometheus metrics shared by every process; one definition each."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_LATENCY = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "endpoint", "status"],
)
OUTBOX_BACKLOG = Gauge("outbox_backlog", "Events waiting in the outbox", ["service"])
OUTBOX_PUBLISHED = Counter(
    "outbox_published_total", "Events published from the outbox", ["service"]
)
EVENTS_CONSUMED = Counter(
    "events_consumed_total", "Events handled by consumers", ["consumer", "outcome"]
)
CONSUMER_LAG = Gauge("consumer_lag", "Messages behind the end of the topic", ["consumer", "topic"])
CONSUMER_WAITING = Gauge(
    "consumer_waiting_seconds", "How long a batch has waited for an outage to end", ["consumer"]
)
CONSUMER_PARKED_AFTER_WAIT = Counter(
    "consumer_parked_after_wait_total",
    "Events parked because their transient failures outlasted the consumer's wait",
    ["consumer"],
)
CACHE_REQUESTS = Counter("cache_requests_total", "Cache look-ups", ["cache", "result"])
