"""The floor of a proxy hop: a WSGI app with no framework that forwards a request with the
gateway's own HTTP client (`services/gateway/http_client.py`) and adds the internal token,
nothing else (no caller check, limits, logs or metrics).

Run under the same server settings as the gateway, it shows what the second HTTP hop alone
costs on this machine, so the gateway's own share can be told apart from the hop's.
"""

from __future__ import annotations

import os

from services.gateway.http_client import CurlClient


def create_app():
    client = CurlClient(os.environ["MIN_PROXY_UPSTREAM"], connect_timeout=1.0, timeout=5.0)
    token = os.environ["MIN_PROXY_TOKEN"]

    def app(environ, start_response):
        if environ["PATH_INFO"] == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        path = environ["PATH_INFO"]
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else None
        answer = client.call(environ["REQUEST_METHOD"], path, {"X-Internal-Token": token}, body)
        content_type = next(
            (line[13:].strip().decode("latin-1") for line in answer.header_lines
             if line[:13].lower() == b"content-type:"),
            "application/json",
        )  # fmt: skip
        start_response(
            f"{answer.status} -",
            [("Content-Type", content_type), ("Content-Length", str(len(answer.body)))],
        )
        return [answer.body]

    return app
