"""Gateway settings: where the services are, how callers are verified, limits and timeouts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from shared.config import DEV_JWT_SECRET, Settings, env, env_float, env_int
from shared.production import short_secret

# The algorithms a provider token may use; anything else (`none` above all) is refused at start.
HMAC_ALGORITHMS = ("HS256", "HS384", "HS512")
KEY_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")


def _csv(name: str, default: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in env(name, default).split(",") if item.strip())


@dataclass
class GatewaySettings(Settings):
    """Environment variables (upper case) override every default below."""

    DEV_DEFAULTS: ClassVar[dict[str, str]] = {
        **Settings.DEV_DEFAULTS,
        "jwt_secret": DEV_JWT_SECRET,
    }

    merchant_url: str = field(default_factory=lambda: env("MERCHANT_URL", "http://127.0.0.1:8081"))
    catalog_url: str = field(default_factory=lambda: env("CATALOG_URL", "http://127.0.0.1:8082"))
    voucher_url: str = field(default_factory=lambda: env("VOUCHER_URL", "http://127.0.0.1:8083"))
    # HS256 with a shared secret in development; RS256 with the provider's public key in production.
    jwt_algorithm: str = field(default_factory=lambda: env("JWT_ALGORITHM", "HS256"))
    jwt_secret: str = field(default_factory=lambda: env("JWT_SECRET", DEV_JWT_SECRET))
    jwt_public_key: str = field(default_factory=lambda: env("JWT_PUBLIC_KEY", ""))
    jwt_issuer: str = field(default_factory=lambda: env("JWT_ISSUER", ""))
    jwt_audience: str = field(default_factory=lambda: env("JWT_AUDIENCE", ""))
    jwt_leeway: int = field(default_factory=lambda: env_int("JWT_LEEWAY", 10))
    # The longest life (exp - iat) a provider token may have; production also requires `iat`.
    jwt_max_lifetime: int = field(default_factory=lambda: env_int("JWT_MAX_LIFETIME", 12 * 3600))
    cors_origins: tuple[str, ...] = field(
        default_factory=lambda: _csv(
            "CORS_ORIGINS", "http://localhost:3000,http://127.0.0.1:3000,http://localhost:5173"
        )
    )
    connect_timeout: float = field(
        default_factory=lambda: env_float("UPSTREAM_CONNECT_TIMEOUT", 1.0)
    )
    read_timeout: float = field(default_factory=lambda: env_float("UPSTREAM_READ_TIMEOUT", 5.0))
    read_retries: int = field(default_factory=lambda: env_int("UPSTREAM_READ_RETRIES", 2))
    rate_limit_ip: str = field(default_factory=lambda: env("RATE_LIMIT_IP", "1200/minute"))
    rate_limit_caller: str = field(default_factory=lambda: env("RATE_LIMIT_CALLER", "600/minute"))
    # Verified callers behind one address (a carrier NAT holds many members) share a far
    # looser budget, so one host with a pile of accounts still cannot flood the mall.
    rate_limit_ip_verified: str = field(
        default_factory=lambda: env("RATE_LIMIT_IP_VERIFIED", "20000/minute")
    )
    rate_limit_claims: str = field(default_factory=lambda: env("RATE_LIMIT_CLAIMS", "20/minute"))
    rate_limit_onboarding: str = field(
        default_factory=lambda: env("RATE_LIMIT_ONBOARDING", "10/hour")
    )
    rate_limit_enabled: bool = field(
        default_factory=lambda: env("RATE_LIMIT_ENABLED", "1") not in ("0", "false", "no")
    )
    # A second listener for monitoring (readiness, metrics), never published; 0: none.
    internal_port: int = field(default_factory=lambda: env_int("GATEWAY_INTERNAL_PORT", 9190))
    trusted_proxy_hops: int = field(default_factory=lambda: env_int("TRUSTED_PROXY_HOPS", 0))
    cache_ttl: int = field(default_factory=lambda: env_int("GATEWAY_CACHE_TTL", 30))
    # Per-process copies of cached reads, dropped when a bump is announced (shared.local_cache).
    local_cache: bool = field(default_factory=lambda: env("GATEWAY_LOCAL_CACHE", "1") == "1")
    openapi_ttl: float = field(default_factory=lambda: env_float("GATEWAY_OPENAPI_TTL", 300.0))
    featured_limit: int = field(default_factory=lambda: env_int("GATEWAY_FEATURED_LIMIT", 8))
    # Plain proxied requests answered without a Flask request (fast_lane.py); 0: all by Flask.
    fast_lane: bool = field(default_factory=lambda: env("GATEWAY_FAST_LANE", "1") == "1")

    def __post_init__(self) -> None:
        if self.jwt_algorithm not in (*HMAC_ALGORITHMS, *KEY_ALGORITHMS):
            raise ValueError(f"JWT_ALGORITHM {self.jwt_algorithm!r} is not one this gateway allows")
        super().__post_init__()

    def secrets(self) -> dict[str, str]:
        used = super().secrets()
        if self.jwt_algorithm not in HMAC_ALGORITHMS:
            used.pop("jwt_secret")  # a provider's public key verifies its tokens instead
        return used

    def production_problems(self) -> list[str]:
        problems = super().production_problems()
        if not self.jwt_issuer:
            problems.append("JWT_ISSUER is not set")
        if not self.jwt_audience:
            problems.append("JWT_AUDIENCE is not set")
        if self.jwt_algorithm in KEY_ALGORITHMS and not self.jwt_public_key.strip():
            problems.append(f"JWT_PUBLIC_KEY is required for {self.jwt_algorithm}")
        flagged = any(p.startswith("jwt_secret") for p in problems)
        hmac = self.jwt_algorithm in HMAC_ALGORITHMS
        # HS384 and HS512 need 48 and 64 bytes: PyJWT's check knows each algorithm's minimum.
        if hmac and not flagged and short_secret(self.jwt_secret, self.jwt_algorithm):
            problems.append(f"jwt_secret is too short for {self.jwt_algorithm}")
        return problems

    @property
    def upstreams(self) -> dict[str, str]:
        return {
            "merchant": self.merchant_url.rstrip("/"),
            "catalog": self.catalog_url.rstrip("/"),
            "voucher": self.voucher_url.rstrip("/"),
        }

    @property
    def jwt_key(self) -> str:
        """Return the key that verifies members' and ops' tokens for the configured algorithm."""
        return (
            self.jwt_public_key
            if self.jwt_algorithm.startswith(("RS", "ES", "PS"))
            else (self.jwt_secret)
        )
