"""``quotegraph delete``: remove articles (or a whole run's) with their statements."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import DbOption, open_store, run_or_exit


@app.command()
def delete(
    article_ids: Annotated[Optional[list[str]], typer.Argument(help="Store ids of the articles (from search or show).")] = None,
    run: Annotated[Optional[int], typer.Option("--run", help="Delete every article this ingest run stored.")] = None,
    db: DbOption = None,
) -> None:
    """Delete articles and their statements, and nothing else.

    Quotations no stored statement holds any more, and speakers nothing refers to any more, go
    with them; other articles, runs and recorded skips stay. Unknown ids are reported and exit
    status 1.

    Example: quotegraph delete 3f2a9c0d1e2b4a55 --db corpus.sqlite   (or: quotegraph delete --run 3)
    """
    if bool(article_ids) == (run is not None):
        raise typer.BadParameter("give article ids or --run RUN (one of them)")
    store = open_store(db)
    try:
        ids = list(article_ids or [])
        if run is not None:
            ids = run_or_exit(lambda: store.run_articles(run))
        counts = run_or_exit(lambda: store.delete(ids))
    finally:
        store.close()
    typer.echo(f"deleted {counts['articles']} articles, {counts['attributions']} statements, "
               f"{counts['quotations']} quotations and {counts['speakers']} speakers no longer quoted", err=True)
    if article_ids and counts["articles"] < len(set(article_ids)):
        typer.echo(f"quotegraph: {len(set(article_ids)) - counts['articles']} of the ids are not in the store", err=True)
        raise typer.Exit(1)
