"""Headers that stand for a caller the gateway has verified."""

from __future__ import annotations

from shared.config import DEV_INTERNAL_SECRET
from shared.principal import Principal, issue_internal_token

HEADER = "X-Internal-Token"


def headers_for(
    role: str,
    sub: str | None = None,
    segments: tuple[str, ...] = ("regular",),
    region: str | None = "460100",
    secret: str = DEV_INTERNAL_SECRET,
) -> dict:
    principal = Principal(role=role, sub=sub, segments=tuple(segments), region=region)
    return {HEADER: issue_internal_token(principal, secret)}


def anonymous() -> dict:
    return headers_for("anonymous", None, (), None)


def member(
    sub: str = "m-1001", segments: tuple[str, ...] = ("regular",), region: str = "460100"
) -> dict:
    return headers_for("member", sub, segments, region)


def merchant(merchant_id: str) -> dict:
    return headers_for("merchant", merchant_id, (), None)


def ops(sub: str = "ops-1") -> dict:
    return headers_for("ops", sub, (), None)
