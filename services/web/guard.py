"""Who is signed in, and the guard that sends everyone else to the sign-in page."""

from __future__ import annotations

from functools import wraps

from flask import redirect, request, session, url_for


def who() -> dict:
    return session.get("who") or {}


def require(role: str):
    """Let only a signed-in `role` through; others go to sign in and come back."""

    def wrap(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if who().get("role") != role:
                return redirect(url_for("auth.sign_in", role=role, next=request.full_path))
            return view(*args, **kwargs)

        return guarded

    return wrap


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site is a place to go back to."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return default
