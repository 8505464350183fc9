"""Benchmarks behind ``quotegraph bench pipeline|search|web|runner``, one module each.

- :mod:`quotegraph.bench.pipeline` — the pipeline beside bare spaCy parsing, one core and all
  cores, and each stage's share (``bench pipeline``; :func:`run_bench`), and the length sweep
  (:func:`run_sweep`);
- :mod:`quotegraph.bench.startup` — how long the store-reading commands take to answer from a
  new process (``bench search --startup``);
- :mod:`quotegraph.bench.search` — search latency over a store (``bench search``);
- :mod:`quotegraph.bench.embed` — sentence embeddings per second on one core (``bench embed``);
- :mod:`quotegraph.bench.web` — concurrent clients against the web API (``bench web``);
- :mod:`quotegraph.bench.runner` — the batch path with 1, 2, … workers (``bench runner``);
- :mod:`quotegraph.bench.inputs`, :mod:`quotegraph.bench.report` — what the pipeline bench reads
  and the tables it prints.

Only the pipeline bench is imported here; the others load the store, the server or the runners
when imported.
"""

from quotegraph.bench.inputs import BenchInput, BenchInputError, count_words, load_bench_input
from quotegraph.bench.pipeline import BenchError, run_bench, run_sweep, time_stages

__all__ = [
    "BenchError",
    "BenchInput",
    "BenchInputError",
    "count_words",
    "load_bench_input",
    "run_bench",
    "run_sweep",
    "time_stages",
]
