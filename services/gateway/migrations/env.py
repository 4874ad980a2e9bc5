"""Alembic environment of the gateway (its cache consumer's bookkeeping tables)."""

from services.gateway.adapters.orm import metadata
from shared.migrations import run_env

run_env(metadata)
