"""HTTP blueprints and the event consumer."""
