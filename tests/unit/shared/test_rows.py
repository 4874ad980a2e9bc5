"""shared.rows.from_row: a domain object from the columns of the same names."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

from shared.rows import from_row


@dataclass
class Item:
    id: str
    tags: tuple[str, ...] = ()
    note: str = "none"
    extra: list[str] = field(default_factory=list)


def one_row(sql: str):
    engine = create_engine("sqlite://")  # in memory: no server
    with engine.connect() as conn:
        return conn.execute(text(sql)).first()


def test_columns_fill_the_fields_of_their_names_and_others_are_ignored():
    row = one_row("SELECT 'i-1' AS id, 'kept' AS note, 42 AS not_a_field")
    assert from_row(Item, row) == Item(id="i-1", note="kept")


def test_converted_values_win_over_the_stored_ones():
    row = one_row("SELECT 'i-2' AS id, 'a b' AS tags")
    item = from_row(Item, row, tags=tuple(row.tags.split()), extra=["joined"])
    assert item == Item(id="i-2", tags=("a", "b"), extra=["joined"])
