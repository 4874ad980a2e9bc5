"""Expire stale applications once, now.

`python -m services.merchant.entrypoints.expire_applications` (the worker also does it
every APPLICATION_EXPIRY_INTERVAL seconds).
"""

from __future__ import annotations

from services.merchant.bootstrap import build
from services.merchant.config import MerchantSettings
from services.merchant.service_layer.expiry import expire_stale
from shared.logs import configure_logging


def main(test_config: dict | None = None) -> int:
    settings = MerchantSettings.from_mapping("merchant", test_config)
    configure_logging(settings.service)
    infra, ctx = build(settings)
    try:
        print(f"expired {expire_stale(ctx)} applications")
    finally:
        infra.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
