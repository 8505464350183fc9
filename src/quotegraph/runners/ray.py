"""The Ray runner: the same steps, on the actors of a Ray cluster (or a local Ray).

One actor per worker (``num_cpus=1`` each) loads the spaCy pipeline once in its constructor and
then runs shard after shard; the driver hands a shard to whichever actor is free, so a slow shard
does not hold up the others. A shard that raises comes back as a failed outcome; an actor that dies
(node lost, out of memory, killed) fails the shard it held and is replaced. Failed shards write no
completion marker and run again on the next launch.

``ray`` is an optional extra (``pip install 'quotegraph[ray]'``) and is imported only here,
inside the functions.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import Any

from quotegraph.errors import QuotegraphError
from quotegraph.runners.steps import (
    Job,
    ShardOutcome,
    Step,
    peak_rss_mb,
    run_shard,
    warm,
)


class ShardWorker:
    """The actor body: holds the pipeline, loaded once, and runs shards on request."""

    def __init__(self, steps: Sequence[Step], out: str) -> None:
        self.steps = list(steps)
        self.out = out
        warm(self.steps)

    def ready(self) -> dict[str, Any]:
        """The worker's pid and memory once its pipeline is loaded."""
        return {"pid": os.getpid(), "peak_rss_mb": round(peak_rss_mb(), 1)}

    def run(self, rank: int, world_size: int) -> ShardOutcome:
        """Run one shard (see :func:`~quotegraph.runners.steps.run_shard`)."""
        return run_shard(self.steps, rank, world_size, self.out)


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise QuotegraphError(
            "the Ray runner needs Ray: pip install 'quotegraph[ray]' (or use --runner local)"
        ) from exc
    return ray


def run_ray(
    job: Job,
    *,
    workers: int = 1,
    address: str | None = None,
    on_done: Callable[[ShardOutcome], None] | None = None,
    on_ready: Callable[[float], None] | None = None,
) -> list[ShardOutcome]:
    """Run the shards of a job on ``workers`` Ray actors.

    Uses the Ray instance this process is already connected to; otherwise connects to
    ``address`` (``auto``, ``ray://head:10001``), or starts a local Ray with ``workers`` CPUs
    (and shuts it down afterwards).

    Args:
        job: the pipeline, the shards to run and where they write (on a cluster, a folder every
            node sees: shared storage).
        workers: actors (each one CPU, one loaded pipeline).
        address: the Ray cluster to connect to.
        on_done: called with each shard's outcome as it finishes.
        on_ready: called with the seconds it took every actor to load its pipeline.

    Returns:
        One outcome per shard of the job.
    """
    if not job.ranks:
        return []
    ray = _ray()
    own = not ray.is_initialized()
    if own:
        try:
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(num_cpus=max(1, int(workers)), include_dashboard=False, log_to_driver=False)
        except Exception as exc:  # noqa: BLE001 - connection errors come in many types
            raise QuotegraphError(f"cannot start or reach Ray{' at ' + address if address else ''}: {exc}") from exc
    try:
        return _dispatch(ray, job, workers, on_done, on_ready)
    finally:
        if own:
            ray.shutdown()


def _dispatch(ray: Any, job: Job, workers: int, on_done: Callable[[ShardOutcome], None] | None,
              on_ready: Callable[[float], None] | None) -> list[ShardOutcome]:
    from ray.exceptions import RayActorError, RayTaskError

    actor_cls = ray.remote(num_cpus=1, max_restarts=0)(ShardWorker)
    steps_ref = ray.put(list(job.steps))  # shipped once, shared by every actor
    out, world_size = job.out, job.world_size
    started = time.perf_counter()
    actors = [actor_cls.remote(steps_ref, out) for _ in range(max(1, min(int(workers), len(job.ranks))))]
    ray.get([a.ready.remote() for a in actors])
    if on_ready is not None:
        on_ready(time.perf_counter() - started)
    todo = list(job.ranks)[::-1]
    pending: dict[Any, tuple[Any, int]] = {}
    outcomes: list[ShardOutcome] = []

    def give(actor: Any) -> None:
        if todo:
            rank = todo.pop()
            pending[actor.run.remote(rank, world_size)] = (actor, rank)

    for a in actors:
        give(a)
    while pending:
        done, _ = ray.wait(list(pending), num_returns=1)
        ref = done[0]
        actor, rank = pending.pop(ref)
        try:
            outcome = ray.get(ref)
        except (RayActorError, RayTaskError) as exc:
            outcome = ShardOutcome(rank, False, 0.0, {}, f"Ray worker failed: {str(exc).splitlines()[0]}")
            if isinstance(exc, RayActorError):
                actor = actor_cls.remote(steps_ref, out)  # replace the lost actor
                actors.append(actor)
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)
        give(actor)
    for a in actors:
        ray.kill(a)
    return sorted(outcomes, key=lambda o: o.rank)
