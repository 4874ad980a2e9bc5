"""On SQLite, migrations run without foreign key checks, and the whole database is checked at the end."""

from __future__ import annotations

import textwrap

import pytest
from sqlalchemy import create_engine, inspect

from shared.migrations import upgrade

ENV = "from sqlalchemy import MetaData\nfrom shared.migrations import run_env\n\nrun_env(MetaData())\n"

REVISION = """
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    op.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    op.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))")
    op.execute("INSERT INTO parent VALUES (1)")
    op.execute("INSERT INTO child VALUES (1, 1)")
    {extra}
"""


def _scripts(tmp_path, extra: str):
    (tmp_path / "versions").mkdir(parents=True)
    (tmp_path / "env.py").write_text(ENV)
    (tmp_path / "versions" / "0001.py").write_text(REVISION.format(extra=textwrap.dedent(extra)))
    return tmp_path


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_a_table_others_refer_to_can_be_rebuilt(tmp_path):
    # What batch mode does: copy, drop the original, rename the copy.
    rebuild = (
        'op.execute("CREATE TABLE parent_new (id INTEGER PRIMARY KEY)")\n'
        '    op.execute("INSERT INTO parent_new SELECT id FROM parent")\n'
        '    op.execute("DROP TABLE parent")\n'
        '    op.execute("ALTER TABLE parent_new RENAME TO parent")'
    )
    url = f"sqlite:///{tmp_path / 'ok.db'}"
    upgrade(url, _scripts(tmp_path / "scripts", rebuild))
    assert _tables(url) == {"parent", "child"}


def test_a_migration_that_leaves_a_dangling_key_is_rolled_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    with pytest.raises(RuntimeError, match="foreign keys point nowhere"):
        upgrade(url, _scripts(tmp_path / "scripts", 'op.execute("DELETE FROM parent")'))
    assert _tables(url) == set()
