"""Voucher service: union-funded campaigns, claims under a rush, redemption and settlement."""
