"""Container health probe: exit 0 when the URL answers 2xx (no curl in a slim image)."""

from __future__ import annotations

import os
import sys
import urllib.request


def main(argv: list[str]) -> int:
    """Fetch the URL given (default: this container's /healthz) and report by exit status."""
    url = (
        argv[1]
        if len(argv) > 1
        else f"http://127.0.0.1:{os.environ.get('HEALTH_PORT', '8080')}/healthz"
    )
    try:
        with urllib.request.urlopen(url, timeout=3) as resp:  # noqa: S310 - fixed local URL
            return 0 if 200 <= resp.status < 300 else 1
    except OSError as err:
        print(f"unhealthy: {url}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
