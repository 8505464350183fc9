"""``quotegraph speakers``: the store's speakers, busiest first."""

from __future__ import annotations

from typing import Annotated, Optional

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
def speakers(
    top: Annotated[int, typer.Option(help="How many speakers.")] = 20,
    name: Annotated[Optional[str], typer.Option(help="Only speakers with this name or alias.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List speakers by number of distinct statements, with first and last dates.

    Example: quotegraph speakers --top 10 --db corpus.sqlite
    """
    store = _open(db)
    rows = _run(lambda: store.speakers(top, name=name))
    if as_json:
        _print_json([r.to_dict() for r in rows])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="speakers")
    for col in ("id", "name", "kind", "statements", "occurrences", "articles", "first", "last"):
        table.add_column(col)
    for r in rows:
        table.add_row(r.id, r.name, r.kind, str(r.statements), str(r.occurrences), str(r.articles),
                      r.first_date.isoformat() if r.first_date else "", r.last_date.isoformat() if r.last_date else "")
    Console().print(table)
