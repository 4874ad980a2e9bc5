"""flask-smorest blueprints of the voucher service."""
