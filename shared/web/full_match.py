"""A marshmallow Regexp that must match the whole value.

marshmallow's Regexp uses `re.match`, where `$` also matches before a final newline, so
`"2024-01\\n"` passed `^\\d{4}-\\d{2}$`. The pattern stays `^...$` for the OpenAPI document
(JSON Schema patterns have no `\\Z`); the check is `fullmatch`, which allows no newline.
"""

from __future__ import annotations

from marshmallow import ValidationError, validate


class FullMatch(validate.Regexp):
    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value
