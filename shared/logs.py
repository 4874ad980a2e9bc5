"""JSON logs that carry the request id or event id being handled."""

from __future__ import annotations

import contextvars
import logging
import os
import sys

from pythonjsonlogger.json import JsonFormatter

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
event_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("event_id", default=None)


RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


def server_log_config(*loggers: str) -> dict:
    """A logging dictConfig for a web server's own loggers: JSON lines on stderr.

    The apps put their own JSON handler on the root logger (`configure_logging`), so the
    root here gets none; only the server's named loggers write through this one.
    """
    own = {"handlers": ["stderr"], "level": "INFO", "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": RENAMED,
            }
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": "INFO", "handlers": []},
        "loggers": {name: dict(own) for name in loggers},
    }


class _ContextFilter(logging.Filter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        record.request_id = request_id_var.get()
        record.event_id = event_id_var.get()
        return True


def configure_logging(service: str, level: str | None = None) -> None:
    """Send JSON lines to stderr; safe to call more than once."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_mall", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._mall = True  # type: ignore[attr-defined]
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(service)s %(request_id)s %(event_id)s",
            rename_fields=RENAMED,
        )
    )
    handler.addFilter(_ContextFilter(service))
    root.addHandler(handler)
    root.setLevel(level or os.environ.get("LOG_LEVEL", "INFO"))
    logging.getLogger("kafka").setLevel(logging.WARNING)
