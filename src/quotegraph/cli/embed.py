"""``quotegraph embed``: compute the sentence embeddings that quote checks use for meaning."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import DbOption
from quotegraph.cli.options import open_store as _open
from quotegraph.cli.options import run_or_exit as _run


@app.command()
def embed(
    db: DbOption = None,
    batch: Annotated[int, typer.Option(min=1, max=10_000, help="Quotations per batch (and per commit).")] = 256,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Stop after this many.")] = None,
    threads: Annotated[int, typer.Option(min=1, max=64, help="BLAS threads for the model.")] = 1,
) -> None:
    """Embed every stored quotation that has no sentence embedding yet (resumable: each batch
    is committed, and a rerun carries on where the last one stopped).

    Example: quotegraph embed --db corpus.sqlite --batch 256
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from quotegraph.check.embed import Embedder
    from quotegraph.check.stored import MODEL, backfill

    store = _open(db)
    have, total = store.vector_counts(MODEL)
    embedder = _run(lambda: Embedder(threads=threads))
    with Progress(TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=False) as bar:
        task = bar.add_task("embed", total=min(total - have, limit) if limit else total - have)
        done = _run(lambda: backfill(store, embedder, batch=batch, limit=limit,
                                     progress=lambda n: bar.advance(task, n)))
    have, total = store.vector_counts(MODEL)
    typer.echo(f"embedded {done} quotation(s); {have} of {total} now have a vector ({MODEL})")
