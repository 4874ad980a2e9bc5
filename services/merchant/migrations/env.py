"""Alembic environment of the merchant service."""

from services.merchant.adapters.orm import metadata
from shared.migrations import run_env

run_env(metadata)
