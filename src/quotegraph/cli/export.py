"""``quotegraph export``: stored quotations as JSONL or CSV."""

from __future__ import annotations

from pathlib import Path
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
    output_format: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file.")],
    db: DbOption = None,
) -> None:
    """Export every distinct quotation (Quotebank-style fields plus said_on, kind, cue, parent).

    Example: quotegraph export --format jsonl --out quotes.jsonl --db corpus.sqlite
    """
    store = _open(db)
    n = _run(lambda: store.export(output_format, out))
    typer.echo(f"wrote {n} quotations to {out}", err=True)
