"""An outage is a 503 with Retry-After, never a 500: one place decides what counts as one.

A view needs nothing of its own: the exception a lost Redis, database or service raises
reaches the app's error handlers, which ask `outage_cause` whether it is a dependency that is
away (the same rule the consumers use to wait an outage out) rather than a bug.
"""

from __future__ import annotations

from shared.messaging.transient import is_transient

# Outages end in seconds (a supervised process is back within five; a failover about as fast).
RETRY_AFTER_SECONDS = 2


def outage_cause(err: BaseException | None) -> BaseException | None:
    """The exception behind `err` that says a dependency is away, or None for a real error.

    Follows what Flask wraps (`original_exception`) and explicit causes (`raise ... from`),
    not the implicit context: an error met while handling an outage is not itself one.
    """
    seen: set[int] = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if is_transient(err):
            return err
        err = getattr(err, "original_exception", None) or err.__cause__
    return None


def dependency_of(err: BaseException) -> str:
    """A word for the part that is away, safe to show: never the driver's message."""
    module = type(err).__module__
    if module.startswith("redis"):
        return "cache"
    return "database"
