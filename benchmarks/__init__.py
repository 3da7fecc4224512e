"""Benchmarks: performance measured in the repository, not by timed tests."""
