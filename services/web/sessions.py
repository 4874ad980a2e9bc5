"""Session cookies sealed with Fernet: a bearer token or an API key inside is never readable."""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

MAX_AGE_SECONDS = 8 * 3600  # a working day at the till or the review desk


class _Sealer:
    def __init__(self, secret: str) -> None:
        key = hashlib.sha256(b"mall-web-session:" + secret.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def dumps(self, value: dict) -> str:
        return self._fernet.encrypt(json.dumps(value).encode()).decode()

    def loads(self, value: str, max_age: int | None = None) -> dict:
        try:
            return json.loads(self._fernet.decrypt(value.encode(), ttl=max_age or MAX_AGE_SECONDS))
        except (InvalidToken, ValueError) as err:
            raise BadSignature("not a session of this mall") from err


class SealedSessions(SecureCookieSessionInterface):
    """Flask's cookie sessions, encrypted and authenticated instead of only signed."""

    def get_signing_serializer(self, app):
        return _Sealer(app.secret_key) if app.secret_key else None
