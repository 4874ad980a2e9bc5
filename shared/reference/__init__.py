"""Reference data from DOMAIN.md that several services check against the same way."""
