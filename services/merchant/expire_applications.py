"""`python -m services.merchant.expire_applications`: expire stale applications once, now."""

from __future__ import annotations

from services.merchant.bootstrap import build
from services.merchant.config import MerchantSettings
from services.merchant.service_layer.expiry import expire_stale
from shared.logs import configure_logging


def main(test_config: dict | None = None) -> int:
    settings = MerchantSettings.from_mapping("merchant", test_config)
    configure_logging(settings.service)
    infra, deps = build(settings)
    try:
        print(f"expired {expire_stale(deps)} applications")
    finally:
        infra.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
