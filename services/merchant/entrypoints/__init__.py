"""HTTP blueprints and the event consumer of the merchant service."""
