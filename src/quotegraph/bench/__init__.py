"""Throughput and memory of the pipeline beside bare spaCy parsing (``quotegraph bench``)."""

from quotegraph.bench.inputs import BenchInput, BenchInputError, count_words, load_bench_input
from quotegraph.bench.runner import BenchError, run_bench, time_stages

__all__ = [
    "BenchError",
    "BenchInput",
    "BenchInputError",
    "count_words",
    "load_bench_input",
    "run_bench",
    "time_stages",
]
