"""Flask wiring every service reuses."""
