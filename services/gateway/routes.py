"""Which service serves each public path, and which callers may reach it (pure rules)."""

from __future__ import annotations

import re
from dataclasses import dataclass

ANY = frozenset({"anonymous", "member", "merchant", "ops"})
MEMBER = frozenset({"member"})
MERCHANT = frozenset({"merchant"})
OPS = frozenset({"ops"})


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    service: str
    roles: frozenset[str]
    methods: frozenset[str] | None = None  # None: every method

    def matches(self, method: str, path: str) -> bool:
        if self.methods is not None and method not in self.methods:
            return False
        return bool(self.pattern.fullmatch(path))


def _r(expr: str, service: str, roles: frozenset[str], methods: str | None = None) -> Route:
    allowed = frozenset(methods.split(",")) if methods else None
    return Route(re.compile("/api/v1" + expr), service, roles, allowed)


# First match wins: specific rules before the prefix that contains them.
ROUTES: tuple[Route, ...] = (
    _r(r"/merchant-applications(/[^/]+)?", "merchant", ANY),
    _r(r"/merchant-key-retrievals", "merchant", ANY, "POST"),
    _r(r"/merchants(/[^/]+)?", "merchant", ANY),
    _r(r"/categories(/.*)?", "catalog", ANY),
    _r(r"/products(/[^/]+)?", "catalog", ANY),
    _r(r"/campaigns/[^/]+/claims", "voucher", MEMBER),
    _r(r"/campaigns(/[^/]+)?", "voucher", ANY),
    _r(r"/me/.+", "voucher", MEMBER),
    _r(r"/merchant/products(/.*)?", "catalog", MERCHANT),
    _r(r"/merchant/(redemptions|settlements)(/.*)?", "voucher", MERCHANT),
    _r(r"/merchant/.+", "merchant", MERCHANT),
    _r(r"/ops/catalog(/.*)?", "catalog", OPS),
    _r(r"/ops/(campaigns|settlements|voucher-gate|vouchers)(/.*)?", "voucher", OPS),
    _r(r"/ops/kpis/vouchers", "voucher", OPS),
    _r(r"/ops/(merchant-applications|merchants|category-changes)(/.*)?", "merchant", OPS),
    _r(r"/ops/kpis/merchants", "merchant", OPS),
)


# Dot segments, empty segments (a service would redirect `//` to its own address) and
# characters that would change the path or query upstream never route: a role is decided
# on the path the service will really see.
_REFUSED = re.compile(r"//|(?:^|/)\.\.?(?:/|$)|[?#%\\]")
# All routes in one pattern: the first alternative that matches the whole path wins, as in
# the list (each route's own groups are nested in its named one, which closes last).
_ANY_ROUTE = re.compile("|".join(f"(?P<r{i}>{r.pattern.pattern})" for i, r in enumerate(ROUTES)))


def find_route(method: str, path: str) -> Route | None:
    """Return the route for a request, or None when the gateway exposes no such path."""
    path = path.rstrip("/") or "/"
    if _REFUSED.search(path):
        return None
    found = _ANY_ROUTE.fullmatch(path)
    if found is None:
        return None
    first = int(found.lastgroup[1:])
    route = ROUTES[first]
    if route.methods is None or method in route.methods:
        return route
    return next((r for r in ROUTES[first + 1 :] if r.matches(method, path)), None)


def decide(role: str, route: Route) -> str:
    """Return 'allow', 'unauthenticated' (sign in first) or 'forbidden' (wrong role)."""
    if role in route.roles:
        return "allow"
    return "unauthenticated" if role == "anonymous" else "forbidden"


def security_for(roles: frozenset[str]) -> list[dict]:
    """Describe in OpenAPI terms which credentials reach a path."""
    if "anonymous" in roles:
        return []
    if roles == MERCHANT:
        return [{"apiKey": []}]
    return [{"bearerAuth": []}]
