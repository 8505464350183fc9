"""Options several commands share."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from quotegraph.errors import QuotegraphError

AttributionModelOption = Annotated[
    Optional[Path],
    typer.Option(
        "--attribution-model",
        help="Attribution model: a folder from `quotegraph train polnear` (or its "
        "attribution_model.json), or 'rules' for the hand-written rules alone. Default: the "
        "shipped model. (--model names the spaCy pipeline.)",
    ),
]


def check_attribution_model(location: Path | None) -> str | None:
    """The ``--attribution-model`` value to hand to the extractor, checked now so that a bad
    path fails before any work starts.

    A folder's ``cue_lexicon.json``, when present, comes with it: the model's features were
    learned with that lexicon.

    Returns:
        ``location`` as a string (``None``: the shipped model).

    Raises:
        typer.BadParameter: no model can be read there.
    """
    if location is None:
        return None
    from quotegraph.attribution.model import load_model
    from quotegraph.errors import ModelError

    try:
        load_model(location)
    except ModelError as err:
        raise typer.BadParameter(str(err), param_hint="--attribution-model") from None
    return str(location)


T = TypeVar("T")

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", help="Store: file path, sqlite:///PATH or postgresql://USER@HOST/DB "
                              "(default $QUOTEGRAPH_DB or ./quotegraph.sqlite)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD", param_hint=option) from None


def run_or_exit(fn: Callable[[], T]) -> T:
    """Call ``fn``; a domain error becomes one stderr line and exit status 1."""
    try:
        return fn()
    except QuotegraphError as err:
        typer.echo(f"quotegraph: {err}", err=True)
        raise typer.Exit(1) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def open_store(db: str | None) -> Any:
    from quotegraph.store import Store

    return run_or_exit(lambda: Store.open(db))


#: Output formats of the listing commands (search, speakers, show).
LIST_FORMATS = ("table", "csv", "json")
FormatOption = Annotated[
    Optional[str],
    typer.Option("--format", help="table (fitted to the terminal, or to $COLUMNS), csv or json (default table)."),
]


def list_format(output_format: str | None, as_json: bool) -> str:
    """The listing format asked for: ``--format``, or ``json`` for the older ``--json``.

    Raises:
        typer.BadParameter: an unknown format, or ``--json`` with another ``--format``.
    """
    if output_format is not None and output_format not in LIST_FORMATS:
        raise typer.BadParameter(f"{output_format!r}: use one of {', '.join(LIST_FORMATS)}", param_hint="--format")
    if as_json:
        if output_format not in (None, "json"):
            raise typer.BadParameter(f"--json asks for json, --format for {output_format}", param_hint="--format")
        return "json"
    return output_format or "table"


def console() -> Any:
    """A rich console as wide as the terminal, or ``$COLUMNS`` (set, it wins); written to a pipe,
    160 columns rather than rich's 80, so that tables are not cut short."""
    import shutil

    from rich.console import Console

    return Console(width=shutil.get_terminal_size((160, 24)).columns, highlight=False)


def print_csv(rows: list[dict[str, Any]], fields: list[str]) -> None:
    """``rows`` as CSV with a header row on stdout (lists and objects as JSON)."""
    import csv

    writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                         for k, v in row.items()})


def shown_date(said_on: Any, date: dt.date | None, from_published: bool) -> str:
    """A statement's date as a reader wants it: the text's own date at its granularity
    ("2019", "2019-03", "2019-03-05"; never a year as January 1), else the publication date
    with ``*``."""
    if said_on is not None:
        return str(said_on.value)
    if date is None:
        return ""
    return date.isoformat() + ("*" if from_published else "")


def day_at(day: dt.date | None, granularity: str) -> str:
    """A stored day at its granularity: ``2019`` for a year, ``2019-03`` for a month, else the day."""
    if day is None:
        return ""
    if granularity == "year":
        return str(day.year)
    if granularity == "month":
        return day.isoformat()[:7]
    return day.isoformat()


def plain_row(table: Any, *values: str) -> None:
    """Add a row of plain text to a rich table (stored text such as "[bold]" is not markup)."""
    from rich.text import Text

    table.add_row(*(Text(v) for v in values))

MetadataOption = Annotated[
    Optional[Path],
    typer.Option("--metadata", help="CSV/TSV of article metadata: a header row naming path (or id) and any of "
                                   "title, published, outlet, url; its fields win over the inputs' own."),
]


NamePatternOption = Annotated[
    Optional[str],
    typer.Option("--name-pattern", help="Read title, published, outlet or url off each file's name, e.g. "
                                        "'{published}_{outlet}_{title}' or a regex with named groups; "
                                        "--metadata rows win over it."),
]


def read_metadata(path: Path | None, name_pattern: str | None = None) -> Any:
    """The sidecar at ``path`` with the file-name pattern ``name_pattern`` (``None`` when neither
    is given); an unreadable file is a bad ``--metadata``, a bad pattern a bad ``--name-pattern``."""
    if path is None and name_pattern is None:
        return None
    from quotegraph.errors import IngestError
    from quotegraph.ingest import Sidecar, read_sidecar
    from quotegraph.ingest.metadata import compile_name_pattern

    if name_pattern is not None:
        try:
            compile_name_pattern(name_pattern)
        except IngestError as err:
            raise typer.BadParameter(str(err), param_hint="--name-pattern") from None
    try:
        sidecar = read_sidecar(path) if path is not None else Sidecar()
    except IngestError as err:
        raise typer.BadParameter(str(err), param_hint="--metadata") from None
    sidecar.pattern = name_pattern
    return sidecar
