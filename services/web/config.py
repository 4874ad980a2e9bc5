"""Settings of the web process, from the environment (it has no database and no Kafka)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from shared.config import InsecureSettings

DEV_WEB_SECRET = "dev-web-secret-change-me-0123456789abcdef"  # noqa: S105


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass
class WebSettings:
    """WEB_GATEWAY_URL: the gateway's public address (the only thing the pages call).
    WEB_SECRET_KEY: seals session cookies (Fernet) and signs CSRF tokens.
    MALL_ENV: `production` refuses the dev sign-in and demands a real WEB_SECRET_KEY.
    WEB_IDP_AUTHORIZE_URL: in production, where "sign in" sends people; the identity provider
    posts the bearer token back to /sign-in/handoff (OIDC form_post style) with `id_token`
    and the `state` the page sent.
    WEB_GATEWAY_TIMEOUT: seconds for one gateway call."""

    gateway_url: str = field(
        default_factory=lambda: _env(
            "WEB_GATEWAY_URL", _env("MALL_GATEWAY", "http://127.0.0.1:8080")
        )
    )
    secret_key: str = field(default_factory=lambda: _env("WEB_SECRET_KEY", DEV_WEB_SECRET))
    env: str = field(default_factory=lambda: _env("MALL_ENV", "development"))
    idp_authorize_url: str = field(default_factory=lambda: _env("WEB_IDP_AUTHORIZE_URL", ""))
    idp_client_id: str = field(default_factory=lambda: _env("WEB_IDP_CLIENT_ID", "union-mall-web"))
    gateway_timeout: float = field(default_factory=lambda: float(_env("WEB_GATEWAY_TIMEOUT", "5")))

    @property
    def production(self) -> bool:
        return self.env == "production"

    def __post_init__(self) -> None:
        self.gateway_url = self.gateway_url.rstrip("/")
        if self.production and (
            self.secret_key == DEV_WEB_SECRET or "change-me" in self.secret_key
        ):
            raise InsecureSettings("set WEB_SECRET_KEY for production")

    @classmethod
    def from_mapping(cls, overrides: dict | None = None) -> WebSettings:
        return cls(**(overrides or {}))
