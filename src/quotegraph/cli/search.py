"""``quotegraph search``: full-text search over stored statements."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import (
    DbOption,
    FormatOption,
    JsonOption,
    console,
    list_format,
    plain_row,
    print_csv,
    shown_date,
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
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search stored statements by text, speaker, mentioned entity, date, kind and outlet.

    Example: quotegraph search 'tax OR budget -rail "city hall"' --speaker Lindqvist --since 2024-01-01
    """
    fmt = list_format(output_format, as_json)
    store = _open(db)
    page = _run(lambda: store.search(
        text, speaker=speaker, about=about, since=_date(since, "--since"), until=_date(until, "--until"),
        kind=kind, source=source, limit=limit, offset=offset, sort=sort))
    if fmt == "json":
        _print_json(page.to_dict())
        return
    rows = [{"date": shown_date(h.said_on, h.date, h.date_from_published), "speaker": h.speaker_name or "",
             "kind": h.kind, "cue": h.cue or "", "statement": h.content_text, "outlet": h.article_source or "",
             "article": h.article_title or "", "article_id": h.article_id, "id": h.id} for h in page.hits]
    if fmt == "csv":
        print_csv(rows, ["date", "speaker", "kind", "cue", "statement", "outlet", "article", "article_id", "id"])
        return
    from rich.table import Table

    table = Table(title=f"{page.total} statement(s)", show_lines=False)
    # The statement gets the room; ids and names stay on one line, cut with … when narrow.
    table.add_column("date", no_wrap=True)
    table.add_column("speaker", overflow="ellipsis", max_width=24)
    table.add_column("kind", no_wrap=True)
    table.add_column("statement", overflow="fold", ratio=1, min_width=20)
    table.add_column("article", overflow="ellipsis", no_wrap=True, max_width=28)
    for r in rows:
        plain_row(table, r["date"], r["speaker"] or "—", r["kind"], r["statement"], r["article"] or r["article_id"])
    con = console()
    con.print(table)
    if any(h.date_from_published and not h.said_on for h in page.hits):
        con.print("* publication date: the text does not say when it was said")
