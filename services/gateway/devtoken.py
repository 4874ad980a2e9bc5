"""Print a development member or ops token, signed with the dev identity-provider key."""

from __future__ import annotations

import argparse

from shared.dev_tokens import ROLES, mint_token
from shared.reference.members import SEGMENTS


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
    print(mint_token(args.role, args.sub, segments, region, args.ttl))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
