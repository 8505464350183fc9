"""The local runner: the shards of a run on a pool of processes of this machine.

Each worker process loads the spaCy pipeline once (in the pool initializer), waits until every
worker is ready (so that throughput figures time work, not start-up), then runs shard after shard
with :func:`~quotegraph.runners.steps.run_shard`. A worker that dies (killed, out of memory) fails
the shards it had not finished; they have no completion marker and run again on the next launch.
With ``in_process`` (``quotegraph ingest --workers 1``) the same shards run one after another in
this process.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from quotegraph.models import ExtractionResult
from quotegraph.runners.steps import Job, Record, ShardOutcome, Step, run_shard, warm

#: How long a ready worker waits for the others before it starts alone (timing only).
BARRIER_SECONDS = 120
#: How often the driver reports progress while shards run.
PROGRESS_SECONDS = 0.5

#: ``on_progress(results, skips)``: records that reached the last step so far in this launch.
ProgressFn = Callable[[int, int], None]

_STEPS: list[Step] | None = None
_OUT: str = ""
_COUNTS: Any = None


def _init(steps: list[Step], out: str, barrier: Any, counts: Any) -> None:
    global _STEPS, _OUT, _COUNTS
    _STEPS, _OUT, _COUNTS = steps, out, counts
    warm(steps)
    if barrier is not None:
        try:
            barrier.wait(timeout=BARRIER_SECONDS)
        except Exception:  # noqa: BLE001 - a broken barrier (another worker died) only costs timing
            pass


def _count(rec: Record) -> None:
    with _COUNTS.get_lock():  # shared with the driver and the other workers
        _COUNTS[0 if isinstance(rec.item, ExtractionResult) else 1] += 1


def _run(rank: int, world_size: int) -> ShardOutcome:
    assert _STEPS is not None, "worker not initialised"
    return run_shard(_STEPS, rank, world_size, _OUT, on_record=_count if _COUNTS is not None else None)


def run_local(
    job: Job,
    *,
    workers: int = 1,
    in_process: bool = False,
    on_done: Callable[[ShardOutcome], None] | None = None,
    on_progress: ProgressFn | None = None,
) -> list[ShardOutcome]:
    """Run the shards of a job on ``workers`` local processes.

    Args:
        job: the pipeline, the shards to run and where they write.
        workers: worker processes (each loads the pipeline once).
        in_process: run the shards one after another in this process instead (one worker, no
            start-up of another interpreter; a worker that dies takes this process with it).
        on_done: called with each shard's outcome as it finishes.
        on_progress: called now and then with the results and skips written so far.

    Returns:
        One outcome per shard of the job (failed shards have ``ok=False``).
    """
    if not job.ranks:
        return []
    if in_process:
        return _run_here(job, on_done, on_progress)
    workers = max(1, min(int(workers), len(job.ranks)))
    # spawn: a clean interpreter per worker (no inherited threads or open database handles).
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(workers) if workers > 1 else None
    counts = ctx.Array("q", 2) if on_progress is not None else None
    outcomes: list[ShardOutcome] = []
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init,
                             initargs=(list(job.steps), job.out, barrier, counts)) as pool:
        futures = {pool.submit(_run, r, job.world_size): r for r in job.ranks}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=PROGRESS_SECONDS if counts is not None else None,
                                 return_when=FIRST_COMPLETED)
            if counts is not None and on_progress is not None:
                on_progress(counts[0], counts[1])
            for fut in done:
                outcomes.append(_outcome(fut, futures[fut]))
                if on_done is not None:
                    on_done(outcomes[-1])
    return sorted(outcomes, key=lambda o: o.rank)


def _outcome(fut: Any, rank: int) -> ShardOutcome:
    try:
        return fut.result()  # type: ignore[no-any-return]
    except BrokenProcessPool as exc:
        return ShardOutcome(rank, False, 0.0, {}, f"worker process died: {exc}")
    except Exception as exc:  # noqa: BLE001 - e.g. the pipeline could not be pickled
        return ShardOutcome(rank, False, 0.0, {}, f"{exc.__class__.__name__}: {exc}")


def _run_here(job: Job, on_done: Callable[[ShardOutcome], None] | None,
              on_progress: ProgressFn | None) -> list[ShardOutcome]:
    # No warm-up: the pipeline loads when the first article needs it, so a rerun over articles
    # all stored already never loads it.
    counts = [0, 0]

    def count(rec: Record) -> None:
        counts[0 if isinstance(rec.item, ExtractionResult) else 1] += 1
        if on_progress is not None:
            on_progress(counts[0], counts[1])

    outcomes = []
    for rank in job.ranks:
        outcomes.append(run_shard(job.steps, rank, job.world_size, job.out,
                                  on_record=count if on_progress is not None else None))
        if on_done is not None:
            on_done(outcomes[-1])
    return outcomes
