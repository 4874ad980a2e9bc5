"""Member segments and partner types, as DOMAIN.md names them."""

from __future__ import annotations

SEGMENTS = ("regular", "new_employment", "hardship", "model_worker", "female")
PARTNER_TYPES = ("discount_partner", "welfare_partner")
PARTNER_TARGETS = {"discount_partner": 600, "welfare_partner": 100}
