"""Runner throughput (``quotegraph bench runner``): the same inputs with 1 and 2 (or more)
workers, local or on Ray.

Throughput is articles per second of *work*: from the first shard's start to the last shard's
end, after every worker has loaded its pipeline (workers wait for each other before starting),
so it measures the steady state a long run sees, not the seconds of start-up. The wall time of
each launch, start-up included, is reported beside it. Memory is each worker process's peak
resident set (``ru_maxrss``) after its last shard.

On a machine shared with other work, wall-clock throughput measures the cores *left over*; so
each run also reports the CPU seconds its workers used (``articles_per_cpu_s``: the per-core rate
a dedicated core would give) and ``cpu_share``, the fraction of the workers' wall time they were
actually on a core.
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from quotegraph.ingest import iter_input_files
from quotegraph.runners.batch import RunError, run


def bench_inputs(paths: Sequence[str], limit: int | None = None) -> list[str]:
    """The input files to time: folders expanded (sorted), then the first ``limit`` files."""
    files: list[str] = []
    for p in paths:
        if Path(p).is_dir():
            files.extend(str(f) for f in iter_input_files(p))
        elif Path(p).is_file():
            files.append(str(p))
        else:
            raise RunError(f"{p}: no such file or directory")
    if not files:
        raise RunError(f"no input files in {' '.join(paths)}")
    return files[:limit] if limit else files


def bench_runner(
    inputs: Sequence[str],
    *,
    runner: str = "local",
    workers: Sequence[int] = (1, 2),
    shards: int | None = None,
    model: str | None = None,
    address: str | None = None,
    repeat: int = 1,
    attribution_model: str | None = None,
) -> dict[str, Any]:
    """Run the batch path over ``inputs`` for each worker count and report throughput.

    With ``repeat`` > 1 the worker counts alternate (1, 2, 1, 2, …) so that both see the same
    spells of outside load, and each count's figures are the medians of its repetitions.

    Args:
        inputs: input files (see :func:`bench_inputs`).
        runner: ``local`` or ``ray``.
        workers: the worker counts to time.
        shards: shards per run (default: four per worker of the largest count, so that every
            run splits the input the same way).
        model: spaCy pipeline name or path.
        address: Ray cluster address (default: a local Ray with as many CPUs as the most
            workers).
        repeat: runs per worker count.
        attribution_model: attribution model folder or file, or ``"rules"`` (default: shipped).

    Returns:
        ``{"runner", "inputs", "cpus", "runs": [{workers, articles, work_seconds,
        articles_per_s, speedup, wall_seconds, peak_rss_mb_per_worker, ...}], "samples": [...]}``;
        ``runs`` holds one entry per worker count (medians), ``samples`` every single run.
    """
    shards = shards or 4 * max(workers)
    own_ray = False
    if runner == "ray":
        import ray

        if not ray.is_initialized():
            kw = {"address": address} if address else {"num_cpus": max(workers)}
            ray.init(include_dashboard=False, log_to_driver=False, **kw)
            own_ray = True
    samples = []
    try:
        for w in [w for _ in range(max(1, repeat)) for w in workers]:
            with tempfile.TemporaryDirectory(prefix="quotegraph-bench-") as out:
                started = time.perf_counter()
                report = run(list(inputs), out, runner=runner, workers=w, shards=shards, model=model,
                             address=address, attribution_model=attribution_model)
                wall = time.perf_counter() - started
            if not report.complete:
                errors = "; ".join(f"shard {o.rank}: {o.error}" for o in report.failed[:3])
                raise RunError(f"the {w}-worker run failed: {errors}")
            per_worker: dict[int, float] = {}
            for o in report.outcomes:
                per_worker[o.pid] = max(per_worker.get(o.pid, 0.0), o.peak_rss_mb)
            articles = int(report.total("articles"))
            work = report.work_seconds
            cpu = report.total("cpu_seconds")
            samples.append({
                "workers": w,
                "articles": articles,
                "chars": int(report.total("chars")),
                "attributions": int(report.total("attributions")),
                "work_seconds": round(work, 3),
                "articles_per_s": round(articles / work, 3) if work else None,
                "cpu_seconds": round(cpu, 3),
                "articles_per_cpu_s": round(articles / cpu, 3) if cpu else None,
                "cpu_share": round(cpu / (work * w), 3) if work else None,
                "load_average_after": list(os.getloadavg()),
                "wall_seconds": round(wall, 3),
                "articles_per_s_wall": round(articles / wall, 3) if wall else None,
                "ready_seconds": report.ready_seconds,
                "peak_rss_mb_per_worker": sorted(per_worker.values()),
            })
    finally:
        if own_ray:
            import ray

            ray.shutdown()
    runs = [_median_run([x for x in samples if x["workers"] == w]) for w in dict.fromkeys(workers)]
    base = runs[0]["articles_per_s"] if runs else None
    for r in runs:
        r["speedup"] = round(r["articles_per_s"] / base, 3) if base and r["articles_per_s"] else None
    return {
        "runner": runner,
        "inputs": len(inputs),
        "shards": shards,
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()),
        "machine": platform.platform(),
        "repeat": max(1, repeat),
        "runs": runs,
        "samples": samples,
    }


def _median_run(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """One worker count's figures: the sample of median throughput, with the spread beside it."""
    ranked = sorted(samples, key=lambda x: x["articles_per_s"] or 0)
    mid = dict(ranked[(len(ranked) - 1) // 2])
    mid["articles_per_s_all"] = [x["articles_per_s"] for x in samples]
    mid["cpu_share_all"] = [x["cpu_share"] for x in samples]
    mid["peak_rss_mb_per_worker"] = sorted({m for x in samples for m in x["peak_rss_mb_per_worker"]})[-mid["workers"]:]
    return mid
