"""Benchmarks run by `make bench`; each prints `bench: <name> ratio=<r> target=<t> ...`."""
