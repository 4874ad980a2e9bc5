"""Alembic environment of the voucher service."""

from services.voucher.adapters.orm import metadata
from shared.migrations import run_env

run_env(metadata)
