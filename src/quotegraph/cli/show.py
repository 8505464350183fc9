"""``quotegraph show``: one stored article with its statements."""

from __future__ import annotations

from typing import Annotated

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import (
    DbOption,
    JsonOption,
)
from quotegraph.cli.options import open_store as _open
from quotegraph.cli.options import print_json as _print_json
from quotegraph.cli.options import run_or_exit as _run


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (from search or speakers output).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one stored article with its statements.

    Example: quotegraph show 3f2a9c0d1e2b4a55 --json
    """
    store = _open(db)
    art = _run(lambda: store.article(article_id))
    if art is None:
        typer.echo(f"quotegraph: no article {article_id!r} in {store.url}; find ids with `quotegraph search`", err=True)
        raise typer.Exit(1)
    if as_json:
        _print_json(art.to_dict())
        return
    from rich.console import Console

    con = Console()
    con.print(f"[bold]{art.title or art.id}[/]  {art.source or ''} {art.published or ''} {art.url or ''}", markup=True,
              highlight=False)
    if art.duplicates:
        con.print(f"near-duplicates: {', '.join(art.duplicates)}", highlight=False)
    for a in art.attributions:
        when = a.said_on.value if a.said_on else (f"{a.date}*" if a.date else "")
        con.print(f"[{a.kind}] {a.speaker_name or '—'} ({a.cue.text if a.cue else '—'}, {when}): ",
                  end="", markup=False, highlight=False)
        con.print(a.content_text, markup=False, highlight=False)
