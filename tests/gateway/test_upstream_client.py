"""The gateway's libcurl client against real stand-in services: what goes out is what came in.

One handle per thread is reused for every call, so these also check that one request's
method, body and headers never leak into the next.
"""

from __future__ import annotations

import socket
import threading

from services.gateway.http_client import CallFailed, CurlClient
from tests.gateway.helpers import bearer


def test_a_decoded_path_goes_out_encoded_as_it_came(client, standins):
    resp = client.get("/api/v1/products/%C3%BF%C2%99J%20x", headers=bearer())
    assert resp.status_code == 200
    assert standins["catalog"].received[-1]["path"] == "/api/v1/products/\u00ff\u0099J x"


def test_a_latin1_header_value_is_passed_on_as_sent(client, standins):
    resp = client.get("/api/v1/products", headers={**bearer(), "X-Note": "caf\u00e9"})
    assert resp.status_code == 200
    assert standins["catalog"].received[-1]["headers"]["X-Note"] == "caf\u00e9"


def test_methods_bodies_and_headers_do_not_leak_from_one_call_into_the_next(client, standins):
    catalog = standins["catalog"]
    assert client.post("/api/v1/products", headers=bearer(), data=b"{}").status_code == 200
    posted = catalog.received[-1]
    assert posted["method"] == "POST" and posted["body"] == "{}"
    assert "Content-Type" not in posted["headers"]  # libcurl would add a form type
    assert "Expect" not in posted["headers"]
    assert client.head("/api/v1/products", headers=bearer()).status_code == 200
    resp = client.get("/api/v1/products", headers=bearer())
    got = catalog.received[-1]
    assert (got["method"], got["body"]) == ("GET", "")
    assert resp.json["method"] == "GET"  # HEAD's empty answer did not stick to the GET
    assert "Accept" not in got["headers"]
    put = client.put("/api/v1/products/p1", headers=bearer(), json={"name": "椰子"})
    assert put.status_code == 200
    assert catalog.received[-1]["method"] == "PUT"
    assert catalog.received[-1]["headers"]["Content-Type"] == "application/json"
    assert client.delete("/api/v1/products/p1", headers=bearer()).status_code == 200
    assert catalog.received[-1]["method"] == "DELETE"


def test_each_thread_calls_on_its_own_connection(standins):
    curl = CurlClient(standins["catalog"].url, connect_timeout=1.0, timeout=5.0)
    answers: list[int] = []

    def calls() -> None:
        for _ in range(5):
            answers.append(curl.call("GET", "/healthz", {}).status)

    threads = [threading.Thread(target=calls) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    curl.close()
    assert answers == [200] * 20


def test_failures_say_whether_the_request_went_out(standins):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()
    refused = CurlClient(f"http://127.0.0.1:{port}", connect_timeout=0.5, timeout=1.0)
    try:
        refused.call("GET", "/x", {})
    except CallFailed as failed:
        assert failed.kind == "unreachable"  # safe to try again
    else:
        raise AssertionError("nothing listens there")
    standins["catalog"].delay = 1.0
    slow = CurlClient(standins["catalog"].url, connect_timeout=0.5, timeout=0.3)
    try:
        slow.call("GET", "/api/v1/products", {})
    except CallFailed as failed:
        assert failed.kind == "timeout"  # it went out: only a read may be asked again
    else:
        raise AssertionError("the stand-in answers after the timeout")
