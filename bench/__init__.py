"""Benchmarks: each metric next to a reference measured in the same run."""
