"""``quotegraph show``: one stored article with its statements."""

from __future__ import annotations

from typing import Annotated

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
from quotegraph.cli.options import print_json as _print_json
from quotegraph.cli.options import run_or_exit as _run


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (from search or speakers output).")],
    db: DbOption = None,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one stored article with its statements (csv: one row per statement).

    Example: quotegraph show 3f2a9c0d1e2b4a55 --json
    """
    fmt = list_format(output_format, as_json)
    store = _open(db)
    art = _run(lambda: store.article(article_id))
    if art is None:
        typer.echo(f"quotegraph: no article {article_id!r} in {store.url}; find ids with `quotegraph search`", err=True)
        raise typer.Exit(1)
    if fmt == "json":
        _print_json(art.to_dict())
        return
    rows = [{"id": a.id, "kind": a.kind, "speaker": a.speaker_name or "", "cue": a.cue.text if a.cue else "",
             "date": shown_date(a.said_on, a.date, a.date_from_published), "statement": a.content_text,
             "start": a.content[0].start if a.content else "", "end": a.content[-1].end if a.content else ""}
            for a in art.attributions]
    if fmt == "csv":
        print_csv(rows, ["id", "kind", "speaker", "cue", "date", "statement", "start", "end"])
        return
    from rich.table import Table
    from rich.text import Text

    con = console()
    con.print(Text(art.title or art.id, style="bold"))
    con.print(" · ".join(x for x in (art.source, art.published.isoformat() if art.published else None, art.url, art.id) if x),
              markup=False)
    if art.duplicates:
        con.print(f"near-duplicates: {', '.join(art.duplicates)}", markup=False)
    table = Table(show_lines=False)
    table.add_column("speaker", overflow="ellipsis", max_width=24)
    table.add_column("cue", overflow="ellipsis", max_width=14)
    table.add_column("date", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("statement", overflow="fold", ratio=1, min_width=20)
    for r in rows:
        plain_row(table, r["speaker"] or "—", r["cue"] or "—", r["date"], r["kind"], r["statement"])
    con.print(table)
