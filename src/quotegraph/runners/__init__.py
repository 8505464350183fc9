"""Runners: the one batch path (read → extract → Parquet → store), on this machine or on Ray.

    >>> from quotegraph.runners import ingest, load, run
    >>> ingest(["news/"], "corpus.sqlite", workers=2)                 # run + load, resumable
    >>> report = run(["cc-news/"], "out/", runner="ray", workers=8)   # relaunch to finish
    >>> load("out/", "corpus.sqlite")                                  # same store as `ingest`

The pipeline is a list of small steps (:mod:`.steps`) that either runner executes unchanged;
``ray`` is imported only by the Ray runner (optional extra ``quotegraph[ray]``).
"""

from quotegraph.runners.batch import RunError, RunReport, default_shards, launch, run
from quotegraph.runners.ingest import ingest
from quotegraph.runners.load import load
from quotegraph.runners.plan import Plan, Unit, make_plan
from quotegraph.runners.steps import (
    DropStoredStep,
    ExtractStep,
    Job,
    ParquetWriterStep,
    ReadStep,
    Record,
    ShardOutcome,
    build_pipeline,
    run_shard,
)
from quotegraph.runners.store import recorded_run, store_items

__all__ = [
    "DropStoredStep",
    "ExtractStep",
    "Job",
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
    "ingest",
    "launch",
    "load",
    "make_plan",
    "recorded_run",
    "run",
    "run_shard",
    "store_items",
]
