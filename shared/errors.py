"""Framework-free base for domain errors; each service maps them to HTTP in one table."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the request; the message is safe to show."""

    # True when the same request may succeed later unchanged ("not yet", "in flight"): such a
    # refusal is never sealed under an Idempotency-Key.
    retryable: bool = False

    def __init__(self, detail: str | None = None, **extra: object) -> None:
        super().__init__(detail or self.__class__.__doc__ or self.__class__.__name__)
        self.detail = detail or (self.__class__.__doc__ or "").strip() or None
        self.extra = extra


class NotFound(DomainError):
    """The resource does not exist or is not yours."""


class Conflict(DomainError):
    """The request conflicts with the current state."""


class Forbidden(DomainError):
    """You may not do this."""


class Invalid(DomainError):
    """The request breaks a rule of the domain."""

    def __init__(self, detail: str | None = None, errors: dict | None = None) -> None:
        super().__init__(detail)
        self.errors = errors


class Unauthenticated(DomainError):
    """Credentials are missing or invalid."""


class IdempotencyConflict(DomainError):
    """A request with this Idempotency-Key is still being processed."""

    retryable = True


class IdempotencyMismatch(DomainError):
    """This Idempotency-Key was used with a different request body."""
