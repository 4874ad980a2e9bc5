"""Merchant-partner service: onboarding, review, standing, stores and API keys."""
