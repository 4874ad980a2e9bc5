"""A moment a client sends: ISO 8601 with a timezone, within the years the mall can store."""

from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import ValidationError, fields

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


class Moment(fields.AwareDateTime):
    """An aware date-time turned into UTC, refused outside 2000-2100.

    Year 1 with a positive offset has no UTC moment at all (OverflowError), and the databases
    cannot hold every year a client may write."""

    def __init__(self, **kwargs) -> None:
        metadata = dict(kwargs.get("metadata") or {})
        said = metadata.get("description", "")
        metadata["description"] = f"{said} Between 2000 and 2100 (UTC).".strip()
        super().__init__(**{**kwargs, "metadata": metadata})

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            moment = moment.astimezone(UTC)
        except OverflowError as err:
            raise ValidationError("Not a moment between 2000 and 2100.") from err
        if not EARLIEST <= moment < LATEST:
            raise ValidationError("Not a moment between 2000 and 2100.")
        return moment
