"""``quotegraph export``: stored quotations as JSONL, CSV or Parquet, to a file or stdout."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import (
    DbOption,
)
from quotegraph.cli.options import open_store as _open
from quotegraph.cli.options import run_or_exit as _run


@app.command()
def export(
    output_format: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    out: Annotated[str, typer.Option("--out", "-o", help="Output file, or - for stdout (the default).")] = "-",
    db: DbOption = None,
) -> None:
    """Export every distinct quotation (Quotebank-style fields plus said_on, kind, cue, parent).

    Written to stdout unless --out names a file; Parquet is refused on a terminal.

    Example: quotegraph export --format jsonl --out quotes.jsonl --db corpus.sqlite
    """
    store = _open(db)
    if out == "-":
        if output_format == "parquet" and sys.stdout.isatty():
            typer.echo("quotegraph: Parquet is binary: redirect stdout to a file, or use --out FILE", err=True)
            raise typer.Exit(1)
        stream = sys.stdout.buffer if output_format == "parquet" else sys.stdout
        n = _run(lambda: store.export(output_format, stream))
        stream.flush()
        typer.echo(f"wrote {n} quotations to stdout", err=True)
        return
    n = _run(lambda: store.export(output_format, out))
    typer.echo(f"wrote {n} quotations to {out}", err=True)
