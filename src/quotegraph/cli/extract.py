"""``quotegraph extract``: articles in, contract JSON out."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
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

_UNSAFE = re.compile(r"[^\w.\-]+")


def _output_name(article_id: str) -> str:
    """A file name for an article id (ids of JSONL lines are user data: keep them inside OUTDIR)."""
    parts = [p for p in article_id.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "/".join(_UNSAFE.sub("_", p) for p in parts) or "article"


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD") from None


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Text/HTML/JSONL/WARC files, folders or URLs.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Folder for one <id>.json per article.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs that carry none.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="json (indented) or jsonl (one line per article).")] = "json",
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name or path.")] = None,
    attribution_model: AttributionModelOption = None,
    workers: Annotated[int, typer.Option(help="Parsing processes.")] = 1,
    metadata: MetadataOption = None,
    name_pattern: NamePatternOption = None,
) -> None:
    """Find every attributed statement in articles and print (or write) contract JSON.

    Example: quotegraph extract article.txt --published 2024-07-18
    """
    chosen = check_attribution_model(attribution_model)
    from quotegraph.ingest import Skipped, read_inputs
    from quotegraph.nlp import DEFAULT_MODEL
    from quotegraph.pipeline import Extractor

    if output_format not in ("json", "jsonl"):
        raise typer.BadParameter("--format must be json or jsonl")
    date = _parse_date(published)
    sidecar = read_metadata(metadata, name_pattern)
    failures = 0

    def articles():
        nonlocal failures
        for item in read_inputs(inputs, published=date, metadata=sidecar):
            if isinstance(item, Skipped):
                failures += 1
                typer.echo(f"quotegraph: skipped {item.origin}: {item.reason}", err=True)
                continue
            yield item

    try:
        extractor = Extractor(model or DEFAULT_MODEL, attribution_model=chosen)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        def failed(article, exc: Exception) -> None:
            nonlocal failures
            failures += 1
            typer.echo(f"quotegraph: failed {article.id}: internal error {type(exc).__name__}: {exc}"
                       " (please report it)", err=True)

        for result in extractor.extract_many(articles(), n_process=max(1, workers), on_error=failed):
            data = result.to_dict()
            if out is not None:
                target = out / f"{_output_name(result.article.id)}.json"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            elif output_format == "jsonl":
                sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            else:
                sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except QuotegraphError as err:
        typer.echo(f"quotegraph: {err}", err=True)
        raise typer.Exit(1) from None
    if failures:
        raise typer.Exit(1)
