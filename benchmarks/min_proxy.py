"""The floor of a proxy hop: a WSGI app with no framework that forwards a GET over a keep-alive
pool and adds the internal token, nothing else (no caller check, limits, logs or metrics).

Run under the same gunicorn settings as the gateway, it shows what the second HTTP hop alone
costs on this machine, so the gateway's own share can be told apart from the hop's.
"""

from __future__ import annotations

import os

import urllib3


def create_app():
    pool = urllib3.connection_from_url(os.environ["MIN_PROXY_UPSTREAM"], maxsize=16)
    token = os.environ["MIN_PROXY_TOKEN"]

    def app(environ, start_response):
        if environ["PATH_INFO"] == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        path = environ["PATH_INFO"]
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        resp = pool.urlopen(
            environ["REQUEST_METHOD"], path, headers={"X-Internal-Token": token}, retries=False
        )
        start_response(
            f"{resp.status} -",
            [
                ("Content-Type", resp.headers.get("Content-Type", "application/json")),
                ("Content-Length", str(len(resp.data))),
            ],
        )
        return [resp.data]

    return app
