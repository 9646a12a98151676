"""Benchmarks of the toolkit: a synthetic portfolio generator and the measuring script (see docs/benchmarks.md)."""
