"""The schema a database holds, reflected into plain data that two databases can be compared by."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect


def _index(ix: dict) -> dict:
    where = {k: str(v) for k, v in (ix.get("dialect_options") or {}).items() if k.endswith("where")}
    return {
        "name": ix["name"],
        "columns": ix["column_names"],
        "unique": bool(ix["unique"]),
        **where,
    }


def reflect(url: str) -> dict:
    """Return every table's columns, keys, indexes and unique constraints (not alembic's own)."""
    engine = create_engine(url)
    try:
        insp = inspect(engine)
        tables = {}
        for table in sorted(set(insp.get_table_names()) - {"alembic_version"}):
            tables[table] = {
                "columns": [
                    {
                        "name": c["name"],
                        "type": repr(c["type"]),  # keeps timezone=True
                        "nullable": c["nullable"],
                        "default": None if c.get("default") is None else str(c["default"]),
                    }
                    for c in insp.get_columns(table)
                ],
                "primary_key": insp.get_pk_constraint(table)["constrained_columns"],
                "foreign_keys": sorted(
                    [fk["constrained_columns"], fk["referred_table"], fk["referred_columns"]]
                    for fk in insp.get_foreign_keys(table)
                ),
                "indexes": sorted(
                    (_index(ix) for ix in insp.get_indexes(table)), key=lambda ix: ix["name"]
                ),
                "unique": sorted(
                    (
                        [u["name"] or "", u["column_names"]]
                        for u in insp.get_unique_constraints(table)
                    ),
                ),
            }
        return tables
    finally:
        engine.dispose()
