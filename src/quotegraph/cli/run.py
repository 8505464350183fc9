"""``quotegraph run``: sharded extraction to Parquet, on the local executor or Ray."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import (
    AttributionModelOption,
    MetadataOption,
    NamePatternOption,
    check_attribution_model,
    read_metadata,
)
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
    metadata: MetadataOption = None,
    name_pattern: NamePatternOption = None,
) -> None:
    """Extract statements from sharded inputs into Parquet; relaunch to finish failed shards.

    Each shard writes articles, attributions, entities, times and skips as Parquet under --out,
    then a stats file and a completion marker. Launching again with the same inputs and --out
    runs only the shards without a marker. Load the result with `quotegraph load`. Exit status 1
    when a shard failed.

    Example: quotegraph run cc-news/*.warc.gz --out runs/2024-05 --runner ray --workers 2
    """
    chosen = check_attribution_model(attribution_model)
    from quotegraph.runners import run

    try:
        date = dt.date.fromisoformat(published) if published else None
    except ValueError:
        raise typer.BadParameter(f"{published!r} is not a date: use YYYY-MM-DD", param_hint="--published") from None

    from quotegraph.runners import ShardOutcome

    def done(o: ShardOutcome) -> None:
        if not o.ok:
            typer.echo(f"shard {o.rank}: failed: {o.error}", err=True)

    try:
        report = run(inputs, out, runner=runner, workers=workers, shards=shards, address=address,
                     published=date, model=model, attribution_model=chosen, on_done=done,
                     metadata=read_metadata(metadata, name_pattern))
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
