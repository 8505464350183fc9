"""``quotegraph search``: full-text search over stored statements."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import (
    DbOption,
    JsonOption,
)
from quotegraph.cli.options import open_store as _open
from quotegraph.cli.options import parse_date as _date
from quotegraph.cli.options import print_json as _print_json
from quotegraph.cli.options import run_or_exit as _run


@app.command()
def search(
    text: Annotated[Optional[str], typer.Argument(help="Words of the statement, all required; OR between two words needs either, -word excludes, \"quotes\" make a phrase (any text is safe).")] = None,
    speaker: Annotated[Optional[str], typer.Option(help="Speaker name or alias.")] = None,
    about: Annotated[Optional[str], typer.Option(help="Name of someone the statement mentions.")] = None,
    since: Annotated[Optional[str], typer.Option(help="From this date (said_on, else publication), YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this date, YYYY-MM-DD.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="direct, indirect or mixed.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Outlet (article source).")] = None,
    limit: Annotated[int, typer.Option(help="How many results.")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many results (paging).")] = 0,
    sort: Annotated[str, typer.Option(help="relevance (best match first; newest first without text) or date (newest first).")] = "relevance",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search stored statements by text, speaker, mentioned entity, date, kind and outlet.

    Example: quotegraph search 'tax OR budget -rail "city hall"' --speaker Lindqvist --since 2024-01-01
    """
    store = _open(db)
    page = _run(lambda: store.search(
        text, speaker=speaker, about=about, since=_date(since, "--since"), until=_date(until, "--until"),
        kind=kind, source=source, limit=limit, offset=offset, sort=sort))
    if as_json:
        _print_json(page.to_dict())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{page.total} statement(s)", show_lines=False)
    for col in ("date", "speaker", "kind", "statement", "article"):
        table.add_column(col, overflow="fold")
    for h in page.hits:
        date = h.date.isoformat() if h.date else ""
        if h.date and h.date_from_published:
            date += "*"
        table.add_row(date, h.speaker_name or "—", h.kind, h.content_text, h.article_id)
    Console().print(table)
    if any(h.date_from_published for h in page.hits):
        Console().print("* publication date: the text does not say when it was said")
