"""Merchant service settings, from the environment with working local defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import ClassVar

from services.merchant.domain.deadline import parse_dates
from shared.config import Settings, env, env_int

DEV_API_KEY_PEPPER = "dev-api-key-pepper-change-me-0123456789"


@dataclass
class MerchantSettings(Settings):
    """API_KEY_PEPPER, PUBLIC_HOLIDAYS, WORKING_WEEKENDS, REVIEW_WORKING_DAYS, KEY_CACHE_TTL."""

    DEV_DEFAULTS: ClassVar[dict[str, str]] = {
        **Settings.DEV_DEFAULTS,
        "api_key_pepper": DEV_API_KEY_PEPPER,
    }

    service: str = "merchant"
    api_key_pepper: str = field(default_factory=lambda: env("API_KEY_PEPPER", DEV_API_KEY_PEPPER))
    public_holidays: str = field(default_factory=lambda: env("PUBLIC_HOLIDAYS", ""))
    working_weekends: str = field(default_factory=lambda: env("WORKING_WEEKENDS", ""))
    review_working_days: int = field(default_factory=lambda: env_int("REVIEW_WORKING_DAYS", 2))
    key_cache_ttl: int = field(default_factory=lambda: env_int("KEY_CACHE_TTL", 300))
    # A waiting application nobody acted on for this long expires (it may be a squatter's).
    application_ttl_days: int = field(default_factory=lambda: env_int("APPLICATION_TTL_DAYS", 30))
    application_expiry_interval: int = field(
        default_factory=lambda: env_int("APPLICATION_EXPIRY_INTERVAL", 3600)
    )
    # Ops' key re-issue: the contact gets `KEY_LINK_URL` + a one-time token, valid this long.
    key_link_ttl_hours: int = field(default_factory=lambda: env_int("KEY_LINK_TTL_HOURS", 24))
    key_link_url: str = field(
        default_factory=lambda: env("KEY_LINK_URL", "http://localhost:8090/merchant/key#")
    )
    http_port: int = field(default_factory=lambda: env_int("MERCHANT_PORT", 8081))

    @cached_property
    def holidays(self) -> frozenset[date]:
        return parse_dates(self.public_holidays)

    @cached_property
    def extra_working_days(self) -> frozenset[date]:
        return parse_dates(self.working_weekends)
