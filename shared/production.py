"""What a production deployment (MALL_ENV=production) refuses to start with.

Secrets must be chosen for the deployment (not a development default, not a published example)
and long enough for HMAC-SHA256: PyJWT's own `enforce_minimum_key_length` check decides (32
bytes). A database URL whose password appears in documentation is refused as well.
"""

from __future__ import annotations

import jwt
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

# Passwords that appear in this repository's examples and in common documentation.
PUBLISHED_PASSWORDS = frozenset(
    {
        "mall", "mall-change-me", "postgres", "password", "pass", "passwd", "secret",
        "tiger", "changeme", "change-me", "example", "admin", "root", "test", "123456",
    }
)  # fmt: skip
PUBLISHED_MARKERS = ("change-me", "changeme", "example")


class InsecureSettings(RuntimeError):
    """A production deployment still uses a setting that is published or too weak."""


def short_secret(secret: str, algorithm: str = "HS256") -> str | None:
    """PyJWT's complaint about an HMAC key too short for `algorithm`, or None."""
    strict = jwt.PyJWT(options={"enforce_minimum_key_length": True})
    try:
        strict.encode({}, secret.encode(), algorithm=algorithm)
    except jwt.InvalidKeyError as err:
        return str(err)
    return None


def secret_problems(secrets: dict[str, str], dev_defaults: dict[str, str]) -> list[str]:
    """One line per secret that is a development default, a published example, or too short."""
    problems = []
    for name, value in secrets.items():
        if value == dev_defaults.get(name) or any(m in value.lower() for m in PUBLISHED_MARKERS):
            problems.append(f"{name} is a published example")
        elif short_secret(value):
            problems.append(f"{name} is shorter than 32 bytes")
    return problems


def database_problem(name: str, url: str) -> str | None:
    """Say why a database URL may not be used in production, or None."""
    try:
        password = make_url(url).password
    except ArgumentError:
        return f"{name} is not a database URL"
    if password is None:
        return None  # no password in the URL: SQLite, or a password from the environment
    if password.lower() in PUBLISHED_PASSWORDS or any(
        m in password.lower() for m in PUBLISHED_MARKERS
    ):
        return f"{name} has a published example password"
    return None


def refuse(problems: list[str]) -> None:
    if problems:
        raise InsecureSettings("refusing to start in production: " + "; ".join(problems))
