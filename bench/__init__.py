"""Benchmarks: `make bench` (see bench/run.py). Timings never go into the test suite."""
