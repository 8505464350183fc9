"""``quotegraph reprocess``: extract stored articles again with the current extractor."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import (
    AttributionModelOption,
    DbOption,
    check_attribution_model,
    open_store,
    run_or_exit,
)


@app.command()
def reprocess(
    db: DbOption = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name or path.")] = None,
    attribution_model: AttributionModelOption = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="At most this many articles (rerun for the rest).")] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show progress on stderr.")] = True,
) -> None:
    """Re-extract the stored articles an older extractor made; rerun to resume.

    Each article records the extractor version (package version, spaCy pipeline, attribution
    model) that made its statements. Articles made by another version, or stored before versions
    were recorded, are extracted again from their stored text and their statements replaced, one
    article at a time, merged as `quotegraph ingest` merges; article ids and metadata stay.
    Exit status 1 when an article failed.

    Example: quotegraph reprocess --db corpus.sqlite --limit 500
    """
    chosen = check_attribution_model(attribution_model)
    from quotegraph.runners import reprocess as run_reprocess

    store = open_store(db)

    from quotegraph.runners.reprocess import ReprocessSummary

    def shown(s: ReprocessSummary) -> None:
        if progress:
            typer.echo(f"\rreprocessed {s.replaced} of {s.outdated}", err=True, nl=False)

    try:
        summary = run_or_exit(lambda: run_reprocess(store, model=model, attribution_model=chosen,
                                                    limit=limit, on_article=shown))
    finally:
        store.close()
    if progress and summary.outdated:
        typer.echo("", err=True)
    for aid, reason in summary.failed:
        typer.echo(f"quotegraph: failed {aid}: {reason}", err=True)
    typer.echo(f"{summary.replaced} of {summary.outdated} outdated articles extracted again "
               f"({summary.statements} statements), {len(summary.failed)} failed, {summary.seconds:.1f}s; "
               f"extractor: {summary.extractor}", err=True)
    if summary.failed:
        raise typer.Exit(1)
