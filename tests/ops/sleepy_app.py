"""A WSGI app for the web server restart test: `/slow` holds its connection, `/` says who answered."""

from __future__ import annotations

import os
import time


def app(environ, start_response):
    if environ["PATH_INFO"] == "/slow":
        time.sleep(float(os.environ.get("SLEEPY_SECONDS", "20")))
    body = str(os.getpgid(0)).encode()  # the master's (supervisord starts each in a group)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def create_app():
    return app
