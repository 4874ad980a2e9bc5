"""Pure rules of merchant onboarding and standing (no Flask, SQLAlchemy, Redis or Kafka)."""
