"""Runners: the batch path (read → extract → Parquet) on this machine or on a Ray cluster.

    >>> from quotegraph.runners import run, load
    >>> report = run(["cc-news/"], "out/", runner="ray", workers=8)   # relaunch to finish
    >>> load("out/", "corpus.sqlite")                                  # same store as `ingest`

The pipeline is a list of small steps (:mod:`.steps`) that either runner executes unchanged;
``ray`` is imported only by the Ray runner (optional extra ``quotegraph[ray]``).
"""

from quotegraph.runners.batch import RunError, RunReport, default_shards, run
from quotegraph.runners.load import load
from quotegraph.runners.plan import Plan, Unit, make_plan
from quotegraph.runners.steps import (
    ExtractStep,
    ParquetWriterStep,
    ReadStep,
    Record,
    ShardOutcome,
    build_pipeline,
    run_shard,
)

__all__ = [
    "ExtractStep",
    "ParquetWriterStep",
    "Plan",
    "ReadStep",
    "Record",
    "RunError",
    "RunReport",
    "ShardOutcome",
    "Unit",
    "build_pipeline",
    "default_shards",
    "load",
    "make_plan",
    "run",
    "run_shard",
]
