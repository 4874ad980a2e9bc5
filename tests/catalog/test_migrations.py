"""The migration builds exactly the tables the code maps, seeded with the category tree."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, select

from services.catalog.adapters.orm import categories, metadata
from services.catalog.bootstrap import migrate
from shared.reference.categories import all_slugs


def test_migration_matches_the_mapped_tables_and_seeds_categories(database_url):
    migrate(database_url)
    migrate(database_url)  # running it again changes nothing
    engine = create_engine(database_url)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
        slugs = set(conn.execute(select(categories.c.slug)).scalars())
        count = conn.execute(select(func.count()).select_from(categories)).scalar_one()
    engine.dispose()
    # The PostgreSQL search index is an expression index the mapping does not declare.
    diffs = [d for d in diffs if not (d[0] == "remove_index" and d[1].name == "ix_products_search")]
    assert diffs == []
    assert slugs == all_slugs() and count == len(all_slugs())
