"""Pure voucher rules: no Flask, SQLAlchemy, Redis or Kafka."""
