"""Flask-smorest blueprints of the merchant service."""
