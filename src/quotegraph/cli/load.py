"""``quotegraph load``: Parquet shards from ``quotegraph run`` into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.run import _fail
from quotegraph.errors import QuotegraphError


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
