"""Keys prepared once: the same tokens, the same refusals, no parsing per token."""

from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from shared.jwt_keys import keyed_jwt

SECRET = "a-test-secret-that-is-long-enough-0123456789"


def test_tokens_are_the_same_as_pyjwt_makes_and_reads():
    codec = keyed_jwt()
    claims = {"sub": "m-1", "role": "member", "exp": 4_000_000_000}
    token = codec.encode(claims, SECRET, algorithm="HS256")
    assert token == jwt.encode(claims, SECRET, algorithm="HS256")
    assert jwt.decode(token, SECRET, algorithms=["HS256"]) == claims
    assert codec.decode(token, SECRET, algorithms=["HS256"]) == claims
    with pytest.raises(jwt.InvalidSignatureError):
        codec.decode(token, SECRET + "x", algorithms=["HS256"])


def test_a_key_is_prepared_once(monkeypatch):
    codec = keyed_jwt()
    hs256 = codec._jws.get_algorithm_by_name("HS256")
    token = codec.encode({"sub": "m-2"}, SECRET, algorithm="HS256")
    calls = []
    monkeypatch.setattr(jwt.algorithms, "is_pem_format", lambda key: calls.append(key) or False)
    for _ in range(5):
        codec.decode(token, SECRET, algorithms=["HS256"])
    assert calls == []  # prepared when the token was signed
    assert hs256.prepare_key(SECRET) is hs256.prepare_key(SECRET)


def test_an_asymmetric_key_is_still_refused_as_an_hmac_secret_every_time():
    public_pem = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    codec = keyed_jwt()
    for _ in range(2):
        with pytest.raises(jwt.InvalidKeyError):
            codec.encode({"sub": "m-3"}, public_pem, algorithm="HS256")


def test_short_secrets_are_still_refused_when_asked():
    codec = keyed_jwt(options={"enforce_minimum_key_length": True})
    for _ in range(2):
        with pytest.raises(jwt.InvalidKeyError):
            codec.encode({"sub": "m-4"}, "short", algorithm="HS256")
