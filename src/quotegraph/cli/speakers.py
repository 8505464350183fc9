"""``quotegraph speakers``: the store's speakers, busiest first."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import (
    DbOption,
    FormatOption,
    JsonOption,
    console,
    day_at,
    list_format,
    plain_row,
    print_csv,
)
from quotegraph.cli.options import open_store as _open
from quotegraph.cli.options import print_json as _print_json
from quotegraph.cli.options import run_or_exit as _run


@app.command()
def speakers(
    top: Annotated[int, typer.Option(help="How many speakers.")] = 20,
    name: Annotated[Optional[str], typer.Option(help="Only speakers with this name or alias.")] = None,
    db: DbOption = None,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """List speakers by number of distinct statements, with first and last dates.

    Example: quotegraph speakers --top 10 --db corpus.sqlite
    """
    fmt = list_format(output_format, as_json)
    store = _open(db)
    rows = _run(lambda: store.speakers(top, name=name))
    if fmt == "json":
        _print_json([r.to_dict() for r in rows])
        return
    if fmt == "csv":
        print_csv([r.to_dict() for r in rows],
                  ["id", "name", "kind", "statements", "occurrences", "articles", "first_date", "first_granularity",
                   "last_date", "last_granularity"])
        return
    from rich.table import Table

    table = Table(title="speakers")
    for col in ("id", "name", "kind", "statements", "occurrences", "articles", "first", "last"):
        # Names wrap; the rest keeps one line (ids cut with … on a narrow terminal).
        table.add_column(col, overflow="fold" if col == "name" else "ellipsis", no_wrap=col != "name",
                         justify="right" if col in ("statements", "occurrences", "articles") else "left")
    for r in rows:
        plain_row(table, r.id, r.name, r.kind, str(r.statements), str(r.occurrences), str(r.articles),
                  day_at(r.first_date, r.first_granularity), day_at(r.last_date, r.last_granularity))
    console().print(table)
