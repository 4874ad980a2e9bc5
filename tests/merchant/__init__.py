"""Tests of the merchant-partner service."""
