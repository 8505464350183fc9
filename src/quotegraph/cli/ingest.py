"""``quotegraph ingest``: articles into the store (the batch path on the local executor)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import (
    AttributionModelOption,
    DbOption,
    MetadataOption,
    NamePatternOption,
    check_attribution_model,
    read_metadata,
)
from quotegraph.cli.options import parse_date as _date
from quotegraph.cli.options import run_or_exit as _run


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Text/HTML/JSONL/WARC files, folders, URLs or feeds.")],
    db: DbOption = None,
    workers: Annotated[Optional[int], typer.Option(help="Extraction processes (default: all cores).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs without one.")] = None,
    extracted: Annotated[bool, typer.Option("--extracted", help="Inputs are `quotegraph extract` JSON results: store them as they are.")] = False,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name or path.")] = None,
    attribution_model: AttributionModelOption = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
    metadata: MetadataOption = None,
    name_pattern: NamePatternOption = None,
    work: Annotated[Optional[Path], typer.Option("--work", help="Folder for the run's Parquet shards until they are stored (default: one under the temporary folder, found again by a rerun).")] = None,
) -> None:
    """Extract statements from articles and store them; rerun to resume a broken run.

    The same steps as `quotegraph run` then `quotegraph load`, on this machine: a broken run
    resumes at its first unfinished shard. Articles already in the store (same URL or same text)
    are not extracted again, so running the same command again adds nothing; with --metadata,
    their title, date, outlet and URL are updated from it (`quotegraph reprocess` re-extracts). Unreadable inputs
    are listed with their reason; the exit status is 1 when any input was skipped.

    Example: quotegraph ingest news/ feed.warc.gz --db corpus.sqlite --workers 2
    """
    chosen = check_attribution_model(attribution_model)
    from quotegraph.runners import ingest as run_ingest

    date = _date(published, "--published")
    sidecar = read_metadata(metadata, name_pattern)
    summary = _run(lambda: run_ingest(inputs, db, workers=workers, published=date, progress=progress,
                                      extracted=extracted, model=model, attribution_model=chosen,
                                      work_dir=work, metadata=sidecar))
    for origin, reason in summary.skips:
        typer.echo(f"quotegraph: skipped {origin}: {reason}", err=True)
    typer.echo(
        f"read {summary.read} · added {summary.added} articles ({summary.attributions} statements) · "
        f"already stored {summary.duplicates} · skipped {summary.skipped} · "
        + (f"metadata updated {summary.updated} · " if sidecar is not None else "") + f"{summary.seconds:.1f}s",
        err=True,
    )
    if summary.skipped:
        raise typer.Exit(1)
