"""Use cases of the merchant service, each run in one unit of work."""
