"""A PyJWT whose algorithms prepare each key once, not on every token.

PyJWT prepares the key on every encode and decode; for an HMAC secret that means trying to
read it as a PEM, SSH, DER public key, X.509 certificate and JSON document before it is
used, which costs more than the signature itself (a fifth of the gateway's Python time in a
claim rush). The result depends on the key alone, so it is kept per key; a key PyJWT refuses
is refused again each time (nothing is kept for it).
"""

from __future__ import annotations

from collections.abc import Callable

import jwt
from jwt.algorithms import get_default_algorithms

MAX_KEYS = 16  # a process uses one or two keys; a rotation adds one


def _remembered(prepare: Callable[[object], object]) -> Callable[[object], object]:
    prepared: dict[object, object] = {}

    def prepare_key(key: object) -> object:
        if not isinstance(key, str | bytes):
            return prepare(key)  # a key object: nothing to parse
        found = prepared.get(key)
        if found is None:
            found = prepare(key)
            if len(prepared) >= MAX_KEYS:
                prepared.clear()
            prepared[key] = found
        return found

    return prepare_key


def keyed_jwt(options: dict | None = None) -> jwt.PyJWT:
    """A `jwt.PyJWT` (encode, decode) that prepares each key once per algorithm."""
    codec = jwt.PyJWT(options=options)
    for name in get_default_algorithms():
        algorithm = codec._jws.get_algorithm_by_name(name)  # PyJWT < 3 keeps its JWS here
        algorithm.prepare_key = _remembered(algorithm.prepare_key)  # type: ignore[method-assign]
    return codec
