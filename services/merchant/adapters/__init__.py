"""Database, Redis and messaging adapters of the merchant service."""
