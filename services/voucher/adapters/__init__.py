"""Database, Redis and Kafka adapters of the voucher service."""
