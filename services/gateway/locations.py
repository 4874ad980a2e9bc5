"""A service's Location header, told in the gateway's terms.

Services answer with their own address in absolute redirects (werkzeug builds them from the
Host it was called with); passed on, that would tell callers where the services live.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def public_location(location: str, service_urls: list[str]) -> str | None:
    """The Location a caller may see: a service's absolute URL becomes the gateway path it
    stands for; None (drop it) when it names the service some other way."""
    target = urlsplit(location)
    if not target.netloc:
        return location
    origins = {urlsplit(url).netloc.lower() for url in service_urls}
    if target.netloc.lower() not in origins and target.hostname not in ("127.0.0.1", "localhost"):
        return location
    if not target.path.startswith("/api/"):
        return None
    return target.path + (f"?{target.query}" if target.query else "")
