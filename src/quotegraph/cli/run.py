"""Batch commands: ``run`` (sharded extraction to Parquet, local or Ray), ``load`` (Parquet into
the store) and ``bench-runner`` (throughput with 1 and 2 workers).

Thin layers over :mod:`quotegraph.runners`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import AttributionModelOption, use_attribution_model
from quotegraph.errors import QuotegraphError


def _fail(err: Exception) -> typer.Exit:
    typer.echo(f"quotegraph: {err}", err=True)
    return typer.Exit(1)


@app.command("run")
def run_command(
    inputs: Annotated[list[str], typer.Argument(help="Text/HTML/JSONL/WARC files, folders, URLs, or fsspec URLs (s3://…).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder of Parquet shards (shared storage on a cluster).")],
    runner: Annotated[str, typer.Option(help="local (processes of this machine) or ray.")] = "local",
    address: Annotated[Optional[str], typer.Option(help="Ray cluster address (auto, ray://HOST:10001); default a local Ray.")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Parallel workers (default: all cores locally, 2 on Ray).")] = None,
    shards: Annotated[Optional[int], typer.Option(min=1, help="Number of shards (default: one per input file, bounded by size; a relaunch reuses the run's).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs without one.")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name or path.")] = None,
    attribution_model: AttributionModelOption = None,
) -> None:
    """Extract statements from sharded inputs into Parquet; relaunch to finish failed shards.

    Each shard writes articles, attributions, entities, times and skips as Parquet under --out,
    then a stats file and a completion marker. Launching again with the same inputs and --out
    runs only the shards without a marker. Load the result with `quotegraph load`. Exit status 1
    when a shard failed.

    Example: quotegraph run cc-news/*.warc.gz --out runs/2024-05 --runner ray --workers 2
    """
    use_attribution_model(attribution_model)
    from quotegraph.runners import run

    try:
        date = dt.date.fromisoformat(published) if published else None
    except ValueError:
        raise typer.BadParameter(f"{published!r} is not a date: use YYYY-MM-DD", param_hint="--published") from None

    def done(o: object) -> None:
        if not getattr(o, "ok", True):
            typer.echo(f"shard {getattr(o, 'rank')}: failed: {getattr(o, 'error')}", err=True)

    try:
        report = run(inputs, out, runner=runner, workers=workers, shards=shards, address=address,
                     published=date, model=model, on_done=done)
    except QuotegraphError as err:
        raise _fail(err) from None
    ran = [o for o in report.outcomes if o.ok]
    typer.echo(
        f"{len(ran)} shards run, {len(report.already_done)} already done, {len(report.failed)} failed "
        f"of {report.shards}; {int(report.total('articles'))} articles, "
        f"{int(report.total('attributions'))} statements, "
        f"{int(report.total('skipped') + report.total('failed'))} skipped in {report.seconds:.1f}s",
        err=True,
    )
    if report.failed:
        typer.echo(f"relaunch the same command to finish the {len(report.failed)} failed shards", err=True)
        raise typer.Exit(1)


@app.command("load")
def load_command(
    folder: Annotated[Path, typer.Argument(help="Output folder of a finished `quotegraph run`.")],
    db: Annotated[Optional[str], typer.Option("--db", help="Store: file path, sqlite:///PATH or postgresql://USER@HOST/DB (default $QUOTEGRAPH_DB or ./quotegraph.sqlite).")] = None,
) -> None:
    """Load a run's Parquet shards into the store, merged exactly as `quotegraph ingest` merges.

    Articles already stored are skipped, so a broken load is simply rerun.

    Example: quotegraph load runs/2024-05 --db corpus.sqlite
    """
    from quotegraph.runners import load

    try:
        summary = load(folder, db)
    except QuotegraphError as err:
        raise _fail(err) from None
    typer.echo(
        f"{summary.read} articles read, {summary.added} added, {summary.duplicates} already stored, "
        f"{summary.skipped} skipped, {summary.attributions} statements in {summary.seconds:.1f}s",
        err=True,
    )


@app.command("bench-runner")
def bench_runner_command(
    inputs: Annotated[list[str], typer.Argument(help="Input files or folders (e.g. PolNeAR's dev/text).")],
    runner: Annotated[str, typer.Option(help="local or ray.")] = "local",
    workers: Annotated[list[int], typer.Option("--workers", min=1, help="Worker counts to time (repeat the option).")] = [1, 2],  # noqa: B006
    limit: Annotated[Optional[int], typer.Option(min=1, help="Use only the first N files.")] = None,
    shards: Annotated[Optional[int], typer.Option(min=1, help="Shards per run (default: 4 per worker).")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name or path.")] = None,
    attribution_model: AttributionModelOption = None,
    repeat: Annotated[int, typer.Option(min=1, help="Runs per worker count, alternating; medians are reported (use 3+ on a busy machine).")] = 1,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the figures as JSON here.")] = None,
) -> None:
    """Time the batch path with 1 and 2 workers: articles/s, speed-up, peak memory per worker.

    Example: quotegraph bench-runner ../shared/data/polnear/dev/text --limit 40 --runner ray
    """
    use_attribution_model(attribution_model)
    from quotegraph.runners.bench import bench_inputs, bench_runner

    try:
        files = bench_inputs(inputs, limit)
        result = bench_runner(files, runner=runner, workers=workers, shards=shards, model=model, repeat=repeat)
    except QuotegraphError as err:
        raise _fail(err) from None
    lines = [f"runner {result['runner']}: {result['inputs']} files, {result['shards']} shards, "
             f"{result['cpus']} CPUs, load average {result['load_average'][0]:.2f}, "
             f"median of {result['repeat']} run(s)"]
    for r in result["runs"]:
        lines.append(
            f"  {r['workers']} worker(s): {r['articles']} articles, {r['articles_per_s']} articles/s "
            f"(x{r['speedup']}; all runs {r['articles_per_s_all']}), "
            f"{r['articles_per_cpu_s']} articles per CPU-second, "
            f"on a core {100 * (r['cpu_share'] or 0):.0f}% of the time, {r['wall_seconds']}s wall with start-up, "
            f"peak memory per worker {', '.join(f'{m:.0f}' for m in r['peak_rss_mb_per_worker'])} MiB"
        )
    sys.stdout.write("\n".join(lines) + "\n")
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")
