"""The local runner: the shards of a run on a pool of processes of this machine.

Each worker process loads the spaCy pipeline once (in the pool initializer), waits until every
worker is ready (so that throughput figures time work, not start-up), then runs shard after shard
with :func:`~quotegraph.runners.steps.run_shard`. A worker that dies (killed, out of memory) fails
the shards it had not finished; they have no completion marker and run again on the next launch.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from quotegraph.runners.steps import ShardOutcome, Step, run_shard, warm

#: How long a ready worker waits for the others before it starts alone (timing only).
BARRIER_SECONDS = 120

_STEPS: Sequence[Step] | None = None
_OUT: str = ""


def _init(steps: Sequence[Step], out: str, barrier: Any) -> None:
    global _STEPS, _OUT
    _STEPS, _OUT = steps, out
    warm(steps)
    if barrier is not None:
        try:
            barrier.wait(timeout=BARRIER_SECONDS)
        except Exception:  # noqa: BLE001 - a broken barrier (another worker died) only costs timing
            pass


def _run(rank: int, world_size: int) -> ShardOutcome:
    assert _STEPS is not None, "worker not initialised"
    return run_shard(_STEPS, rank, world_size, _OUT)


def run_local(
    steps: Sequence[Step],
    ranks: Sequence[int],
    world_size: int,
    out: str | os.PathLike[str],
    *,
    workers: int = 1,
    on_done: Callable[[ShardOutcome], None] | None = None,
) -> list[ShardOutcome]:
    """Run shards ``ranks`` of a pipeline on ``workers`` local processes.

    Args:
        steps: the pipeline (see :func:`~quotegraph.runners.steps.build_pipeline`).
        ranks: the shards to run.
        world_size: the number of shards of the run.
        out: the run's output folder.
        workers: worker processes (each loads the pipeline once).
        on_done: called with each shard's outcome as it finishes.

    Returns:
        One outcome per shard in ``ranks`` (failed shards have ``ok=False``).
    """
    if not ranks:
        return []
    workers = max(1, min(int(workers), len(ranks)))
    # spawn: a clean interpreter per worker (no inherited threads or open database handles).
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(workers) if workers > 1 else None
    outcomes: list[ShardOutcome] = []
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init,
                             initargs=(list(steps), os.fspath(out), barrier)) as pool:
        futures = {pool.submit(_run, r, world_size): r for r in ranks}
        for fut in as_completed(futures):
            rank = futures[fut]
            try:
                outcome = fut.result()
            except BrokenProcessPool as exc:
                outcome = ShardOutcome(rank, False, 0.0, {}, f"worker process died: {exc}")
            except Exception as exc:  # noqa: BLE001 - e.g. the pipeline could not be pickled
                outcome = ShardOutcome(rank, False, 0.0, {}, f"{exc.__class__.__name__}: {exc}")
            outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
    return sorted(outcomes, key=lambda o: o.rank)
