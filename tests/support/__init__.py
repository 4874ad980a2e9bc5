"""Helpers the test suites share: real infrastructure, databases, callers, Kafka readers."""
