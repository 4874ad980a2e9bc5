"""Alembic environment of the catalog service."""

from services.catalog.adapters.orm import metadata
from shared.migrations import run_env

run_env(metadata)
