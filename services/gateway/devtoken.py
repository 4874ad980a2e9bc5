"""Print a development member or ops token, signed with the dev identity-provider key."""

from __future__ import annotations

import argparse
import time

import jwt

from shared.config import DEV_JWT_SECRET, env
from shared.reference.members import SEGMENTS

ROLES = ("member", "ops")


def mint(
    role: str,
    sub: str,
    segments: tuple[str, ...] = (),
    region: str | None = None,
    ttl: int = 3600,
    secret: str | None = None,
) -> str:
    """Sign a token with the claims the gateway verifies (HS256, the development algorithm)."""
    now = int(time.time())
    claims = {
        "sub": sub,
        "role": role,
        "segments": list(segments),
        "region": region,
        "iat": now,
        "exp": now + ttl,
    }
    # Issuer and audience too, when the gateway is configured to require them.
    if env("JWT_ISSUER", ""):
        claims["iss"] = env("JWT_ISSUER", "")
    if env("JWT_AUDIENCE", ""):
        claims["aud"] = env("JWT_AUDIENCE", "")
    return jwt.encode(claims, secret or env("JWT_SECRET", DEV_JWT_SECRET), algorithm="HS256")


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and print one token."""
    parser = argparse.ArgumentParser(prog="devtoken", description=__doc__)
    parser.add_argument("--role", choices=ROLES, default="member")
    parser.add_argument("--sub", default="m-1001")
    parser.add_argument(
        "--segments", default="regular", help="comma-separated: " + ",".join(SEGMENTS)
    )
    parser.add_argument("--region", default=None, help="division code (members: 460100)")
    parser.add_argument("--ttl", type=int, default=3600, help="seconds until it expires")
    args = parser.parse_args(argv)
    segments = tuple(s.strip() for s in args.segments.split(",") if s.strip())
    unknown = sorted(set(segments) - set(SEGMENTS))
    if unknown:
        parser.error(f"unknown segments: {', '.join(unknown)}")
    region = args.region
    if args.role == "member":
        region = region or "460100"
    else:
        segments = ()  # ops act for the union, not as members of a segment
    print(mint(args.role, args.sub, segments, region, args.ttl))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
