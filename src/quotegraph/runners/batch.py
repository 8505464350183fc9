"""``run``: plan the shards of a batch, run the unfinished ones on a runner, summarise.

The output folder holds ``plan.json`` (the inputs, the shards and their units), the Parquet
tables of each shard (see :mod:`.tables`), ``stats/NNNNN.json`` and ``completions/NNNNN`` per finished
shard, and ``summary.json`` for the whole run. Launching again with the same inputs and folder
runs only the shards that have no completion marker.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotegraph.errors import QuotegraphError
from quotegraph.runners.local import ProgressFn
from quotegraph.runners.plan import Plan, _expand, load_plan, make_plan, save_plan
from quotegraph.runners.steps import (
    Job,
    ShardOutcome,
    Step,
    build_pipeline,
    is_complete,
    outcome_dict,
    stats_path,
)

RUNNERS = ("local", "ray")
SUMMARY_FILE = "summary.json"
#: Bytes per shard the default shard count aims at (CC-NEWS WARC files are about 1 GB: one each).
SHARD_BYTES = 64 * 1024 * 1024


class RunError(QuotegraphError):
    """A batch run cannot start (bad folder, mismatched relaunch, unknown runner)."""


@dataclass(slots=True)
class RunReport:
    """What one launch did.

    Attributes:
        out: the output folder.
        shards: shards of the run.
        already_done: shards finished by an earlier launch (skipped now).
        outcomes: the shards this launch ran, successful or not.
        seconds: wall time of the launch.
        ready_seconds: time until every worker had loaded its pipeline (Ray only).
        totals: the stats of every finished shard (this launch's and earlier ones') summed.
    """

    out: str
    shards: int
    already_done: list[int] = field(default_factory=list)
    outcomes: list[ShardOutcome] = field(default_factory=list)
    seconds: float = 0.0
    ready_seconds: float | None = None
    totals: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> list[ShardOutcome]:
        """Shards that did not finish in this launch."""
        return [o for o in self.outcomes if not o.ok]

    @property
    def complete(self) -> bool:
        """Whether every shard of the run is finished."""
        return not self.failed and len(self.already_done) + len(self.outcomes) == self.shards

    def total(self, key: str) -> float:
        """A stat summed over the shards run in this launch."""
        return sum(o.stats.get(key, 0) for o in self.outcomes if o.ok)

    @property
    def work_seconds(self) -> float:
        """Wall time from the first shard's start to the last shard's end (start-up excluded)."""
        done = [o for o in self.outcomes if o.ok]
        return max(o.ended_at for o in done) - min(o.started_at for o in done) if done else 0.0


def default_shards(inputs: Sequence[str], workers: int, *, extracted: bool = False) -> int:
    """One shard per input file, but no more than the bytes call for (:data:`SHARD_BYTES`) or
    four per worker, whichever is larger."""
    units = _expand(list(inputs), extracted)
    total = sum(u.size for u in units)
    return max(1, min(len(units), max(4 * workers, math.ceil(total / SHARD_BYTES))))


def _check_relaunch(plan: Plan, inputs: Sequence[str], shards: int | None, published: dt.date | None,
                    model: str | None) -> None:
    if list(map(str, inputs)) != plan.inputs:
        raise RunError(
            f"the output folder holds a run of other inputs ({' '.join(plan.inputs)[:200]}); "
            "relaunch with the same inputs, or choose another --out"
        )
    if shards is not None and shards != plan.shards:
        raise RunError(f"the output folder holds a run of {plan.shards} shards; relaunch with "
                       f"--shards {plan.shards} (or without --shards), or choose another --out")
    want = published.isoformat() if published else None
    if want != plan.published:
        raise RunError(f"the output folder holds a run with --published {plan.published}; "
                       "relaunch with the same date, or choose another --out")
    if model != plan.model:
        raise RunError(f"the output folder holds a run with --model {plan.model or '(default)'}; "
                       "relaunch with the same model, or choose another --out")


def run(
    inputs: Sequence[str],
    out: str | os.PathLike[str],
    *,
    runner: str = "local",
    workers: int | None = None,
    shards: int | None = None,
    address: str | None = None,
    published: dt.date | None = None,
    model: str | None = None,
    attribution_model: str | os.PathLike[str] | None = None,
    on_done: Callable[[ShardOutcome], None] | None = None,
) -> RunReport:
    """Run the batch path (read → extract → Parquet) over the inputs; relaunch to finish.

    Args:
        inputs: files, folders, WARC/JSONL files, http(s) URLs and fsspec URLs (``s3://…``).
        out: the output folder (created; on a cluster, storage that every node sees).
        runner: ``local`` (processes of this machine) or ``ray``.
        workers: parallel workers (default: the CPU count for ``local``, 2 for ``ray``).
        shards: number of shards (default: see :func:`default_shards`; a relaunch reuses the
            saved plan's).
        address: Ray cluster address (``auto``, ``ray://HOST:10001``); default a local Ray.
        published: publication date for inputs that carry none.
        model: spaCy pipeline name or path.
        attribution_model: attribution model folder or file, or ``"rules"``.
        on_done: called with each shard's outcome as it finishes.

    Returns:
        The launch's report; ``report.complete`` tells whether the run is finished.

    Raises:
        RunError: unknown runner, or a relaunch that does not match the folder's run.
    """
    if runner not in RUNNERS:
        raise RunError(f"unknown runner {runner!r}: use one of {', '.join(RUNNERS)}")
    started = time.perf_counter()
    workers = max(1, int(workers or (os.cpu_count() or 1 if runner == "local" else 2)))
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    plan = load_plan(folder)
    if plan is None:
        plan = make_plan(inputs, shards or default_shards(inputs, workers), published=published, model=model)
        save_plan(plan, folder)
    else:
        _check_relaunch(plan, inputs, shards, published, model)
    steps = build_pipeline(plan, folder, model=model, attribution_model=attribution_model)
    return launch(plan, steps, folder, runner=runner, workers=workers, address=address, on_done=on_done,
                  started=started)


def launch(
    plan: Plan,
    steps: Sequence[Step],
    out: str | os.PathLike[str],
    *,
    runner: str = "local",
    workers: int = 1,
    address: str | None = None,
    in_process: bool = False,
    on_done: Callable[[ShardOutcome], None] | None = None,
    on_progress: ProgressFn | None = None,
    started: float | None = None,
) -> RunReport:
    """Run the shards of a saved plan that have no completion marker yet, then write
    ``summary.json``.

    Args:
        plan: the run's plan (saved in ``out``).
        steps: the pipeline (see :func:`~quotegraph.runners.steps.build_pipeline`).
        out: the run's output folder.
        runner: ``local`` or ``ray``.
        workers: parallel workers.
        address: Ray cluster address.
        in_process: local runner only: run the shards in this process.
        on_done: called with each shard's outcome as it finishes.
        on_progress: local runner only: called now and then with the results and skips
            written so far.
        started: when the launch began (``time.perf_counter()``), if before this call.

    Returns:
        The launch's report.
    """
    started = time.perf_counter() if started is None else started
    folder = Path(out)
    done = [r for r in range(plan.shards) if is_complete(folder, r)]
    job = Job(steps, [r for r in range(plan.shards) if r not in set(done)], plan.shards, os.fspath(folder))
    report = RunReport(str(folder), plan.shards, done)

    def ready(seconds: float) -> None:
        report.ready_seconds = round(seconds, 3)

    if runner == "ray":
        from quotegraph.runners.ray import run_ray

        report.outcomes = run_ray(job, workers=workers, address=address, on_done=on_done, on_ready=ready)
    else:
        from quotegraph.runners.local import run_local

        report.outcomes = run_local(job, workers=workers, in_process=in_process, on_done=on_done,
                                    on_progress=on_progress)
    report.seconds = round(time.perf_counter() - started, 3)
    report.totals = write_summary(folder, plan.shards, report)["totals"]
    return report


def write_summary(out: Path, shards: int, report: RunReport) -> dict[str, Any]:
    """Merge the stats files of every finished shard into ``summary.json``."""
    totals: dict[str, float] = {}
    finished = 0
    for rank in range(shards):
        path = stats_path(out, rank)
        if not path.exists():
            continue
        finished += 1
        for k, v in json.loads(path.read_text(encoding="utf-8")).get("stats", {}).items():
            totals[k] = round(totals.get(k, 0) + v, 4)
    summary = {
        "shards": shards,
        "finished": finished,
        "complete": finished == shards,
        "totals": totals,
        "last_launch": {
            "seconds": report.seconds,
            "already_done": report.already_done,
            "failed": [outcome_dict(o) for o in report.failed],
        },
    }
    tmp = out / (SUMMARY_FILE + ".tmp")
    tmp.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    os.replace(tmp, out / SUMMARY_FILE)
    return summary
