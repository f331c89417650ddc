"""Benchmark tooling for okrsite: a synthetic large company and timing scripts."""
