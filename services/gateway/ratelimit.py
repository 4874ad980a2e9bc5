"""Rate limits in Redis (the `limits` library): per caller or IP; stricter for claims and onboarding.

One small before_request hook instead of flask-limiter: the gateway has three fixed limits, so
resolving decorated and application limits per request only cost time. A request is counted
against exactly the limits that apply to it in Redis (the library's fixed-window counter), so
every gateway process shares the same budget; busy keys are counted in small leases
(`leases.py`) so that a flood does not cost a Redis round trip per request.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import re
import time

from flask import Flask, Response, request
from limits import RateLimitItem, parse
from limits.storage import RedisClusterStorage, RedisStorage
from limits.strategies import FixedWindowRateLimiter
from redis import RedisError

from services.gateway.callers import Caller, current_caller
from services.gateway.config import GatewaySettings
from services.gateway.key_checks import KeyVerdicts
from services.gateway.leases import LeasedCounter
from shared.redis_connect import cluster_url, is_cluster, plain_url
from shared.web.problems import problem

logger = logging.getLogger(__name__)

CLAIM_PATH = re.compile(r"/api/v1/campaigns/[^/]+/claims/?")
ONBOARDING_PATH = re.compile(r"/api/v1/merchant-applications/?")
UNLIMITED_PATHS = ("/healthz",)  # readiness and metrics are counted: they cost more
KEY_PREFIX = "gateway:limits"
MAX_REMEMBERED_KEYS = 50_000
Refusal = tuple[RateLimitItem, float]  # the spent budget, and when it resets (wall clock)


def redis_storage(url: str) -> RedisStorage:
    """The limits library's storage for a Redis server or cluster (one key per counter)."""
    options = {"key_prefix": KEY_PREFIX, "socket_timeout": 1, "socket_connect_timeout": 1}
    if is_cluster(url):
        return RedisClusterStorage(cluster_url(plain_url(url)), **options)
    return RedisStorage(url, **options)


def ip_key(remote_addr: str | None) -> str:
    return f"ip:{remote_addr or 'unknown'}"


def address_block(address: str | None) -> str:
    """The block one client controls: an IPv4 address, or the /64 an IPv6 host is given."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((ip, 64), strict=False))


def block_key(remote_addr: str | None) -> str:
    """Onboarding counts per block: an IPv6 host picks any of 2^64 addresses in its /64."""
    return f"net:{address_block(remote_addr)}"


class RateLimits:
    """The gateway's limits and where they are counted."""

    def __init__(self, settings: GatewaySettings, verdicts: KeyVerdicts) -> None:
        self.verdicts = verdicts
        self.storage = redis_storage(settings.redis_url)
        self.strategy = FixedWindowRateLimiter(self.storage)
        self.counter = LeasedCounter(self.storage)
        self.ip = parse(settings.rate_limit_ip)
        self.caller = parse(settings.rate_limit_caller)
        self.ip_verified = parse(settings.rate_limit_ip_verified)
        self.claims = parse(settings.rate_limit_claims)
        self.onboarding = parse(settings.rate_limit_onboarding)
        self._keys: dict[tuple[int, str, str], str] = {}

    def applicable(
        self, caller: Caller, remote_addr: str | None, method: str, path: str
    ) -> list[tuple[RateLimitItem, str, str]]:
        """Return (limit, key, scope) for each budget a request draws on."""
        principal = caller.principal_or_none()  # verifies the credentials once per request
        if principal is None or principal.sub is None:  # bad or no credentials: the IP it is
            who = ip_key(remote_addr)
            found = [(self.ip, who, "general")]
        else:
            # Members behind one carrier NAT must not share a small budget: a verified caller
            # is counted as itself, and its address only against the far looser one.
            who = f"{principal.role}:{principal.sub}"
            found = [
                (self.caller, who, "general"),
                (self.ip_verified, ip_key(remote_addr), "verified"),
            ]
        if method == "POST":
            if CLAIM_PATH.fullmatch(path):
                found.append((self.claims, who, "claims"))
            elif ONBOARDING_PATH.fullmatch(path):
                found.append((self.onboarding, block_key(remote_addr), "onboarding"))
        return found

    def check(
        self, caller: Caller, remote_addr: str | None, method: str, path: str
    ) -> Refusal | None:
        """Count the request; once a budget is spent, which one and when it resets (the 429
        `too_many` answers).

        A budget known to be spent refuses at once; the others are counted together, in one
        Redis round trip for those this process holds no lease on. An API key that would cost
        the merchant service a lookup is paid for by its address first.
        """
        try:
            prepaid = self.unknown_api_key(caller.api_key)
            if prepaid and (refused := self.count(self.ip, ip_key(remote_addr), "general")):
                return refused  # spent before the merchant service was asked about the key
            budgets = [
                (item, key, scope, self.counted_key(item, key, scope))
                for item, key, scope in self.applicable(caller, remote_addr, method, path)
                # a key that turned out bad: its address has paid already
                if not (prepaid and item is self.ip and scope == "general")
            ]
            for item, _key, _scope, counted in budgets:
                reset = self.counter.refused_until(counted)
                if reset is not None:
                    return item, reset
            admitted = self.counter.hit_all([(item, counted) for item, _, _, counted in budgets])
            for (item, key, scope, counted), ok in zip(budgets, admitted, strict=True):
                if not ok:
                    reset = self.strategy.get_window_stats(item, key, scope).reset_time
                    self.counter.refuse(counted, reset)
                    return item, reset
        except RedisError as err:  # a Redis outage must not take the whole mall down
            logger.warning("rate limit not checked, Redis failed: %s", err)
        return None

    def counted_key(self, item: RateLimitItem, key: str, scope: str) -> str:
        """The Redis key a budget is counted under (`item.key_for`, remembered: it is built
        by joining and escaping every part, on every request)."""
        remembered = (id(item), key, scope)  # the items live as long as this object
        found = self._keys.get(remembered)
        if found is None:
            if len(self._keys) >= MAX_REMEMBERED_KEYS:
                self._keys.clear()
            found = self._keys[remembered] = item.key_for(key, scope)
        return found

    def unknown_api_key(self, api_key: str | None) -> bool:
        """Whether the request's API key would cost a call to the merchant service to check."""
        return api_key is not None and not self.verdicts.accepted_lately(api_key.strip())

    def count(self, item: RateLimitItem, key: str, scope: str) -> Refusal | None:
        """Count one hit; the refusal if the budget is spent."""
        counted = self.counted_key(item, key, scope)
        reset = self.counter.refused_until(counted)
        if reset is None:
            if self.counter.hit(item, counted):
                return None
            reset = self.strategy.get_window_stats(item, key, scope).reset_time
            self.counter.refuse(counted, reset)
        return item, reset


def too_many(item: RateLimitItem, reset: float) -> Response:
    wait = max(1, math.ceil(reset - time.time()))
    return problem(
        429,
        "rate_limited",
        "Too Many Requests",
        f"Rate limit {item} exceeded; retry in {wait} s.",
        headers={"Retry-After": str(wait)},
    )


def install_rate_limits(app: Flask, settings: GatewaySettings) -> RateLimits | None:
    """Count every request but preflights and health checks against its budgets."""
    if not settings.rate_limit_enabled:
        return None
    limits = RateLimits(settings, app.extensions["gateway_key_verdicts"])

    @app.before_request
    def _rate_limit() -> Response | None:
        if request.method == "OPTIONS" or request.path.startswith(UNLIMITED_PATHS):
            return None
        refused = limits.check(current_caller(), request.remote_addr, request.method, request.path)
        return too_many(*refused) if refused else None

    app.extensions["gateway_rate_limits"] = limits
    return limits
