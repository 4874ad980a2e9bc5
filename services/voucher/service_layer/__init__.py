"""Use cases of the voucher service."""
