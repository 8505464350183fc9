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
