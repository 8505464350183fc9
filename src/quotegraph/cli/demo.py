"""``quotegraph demo``: the sample articles ingested into a store and served."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.serve import HostOption, PortOption, _fail, _serve
from quotegraph.errors import QuotegraphError

_DATE_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(\d{4}-\d{2}-\d{2})\b")


def find_examples(explicit: str | None = None) -> Path:
    """The sample articles folder: ``explicit``, else ``./examples``, else the checkout's."""
    candidates = [Path(explicit)] if explicit else [
        Path.cwd() / "examples", Path(__file__).resolve().parents[3] / "examples"]
    for c in candidates:
        if c.is_dir():
            return c
    raise QuotegraphError(
        "no examples folder found: run from a quotegraph checkout or pass --examples PATH")


def example_dates(folder: Path) -> dict[str, str]:
    """Publication dates of the plain-text samples, from the table of ``examples/README.md``
    (text files carry no date of their own; HTML and JSONL carry theirs)."""
    readme = folder / "README.md"
    if not readme.is_file():
        return {}
    out = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        m = _DATE_ROW.match(line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def build_demo_store(db: str, examples: Path) -> dict[str, int]:
    """Ingest the sample articles into the store at ``db`` (idempotent); its row counts."""
    import datetime as dt
    from itertools import groupby

    from quotegraph.runners import ingest
    from quotegraph.store import Store

    dates = example_dates(examples)
    files = sorted(p for p in examples.iterdir() if p.is_file() and p.suffix in (".txt", ".html", ".htm", ".jsonl"))

    def published(path: Path) -> dt.date | None:
        return dt.date.fromisoformat(dates[path.name]) if path.suffix == ".txt" and path.name in dates else None

    with Store.open(db) as store:
        # One ingest per run of files sharing a date, in name order: the order the store merges in.
        for date, group in groupby(files, key=published):
            ingest(list(group), store=store, workers=1, published=date, progress=False)
        return store.counts()


@app.command()
def demo(
    db: Annotated[str, typer.Option("--db", help="Store to build (kept; rerunning reuses it).")] = "quotegraph-demo.sqlite",
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    examples: Annotated[Optional[str], typer.Option(help="Folder of sample articles (default ./examples).")] = None,
    build_only: Annotated[bool, typer.Option("--build-only", help="Build the store and exit.")] = False,
) -> None:
    """Build a store from the project's sample articles and serve it.

    Example: quotegraph demo --port 8000   (then open http://127.0.0.1:8000/)
    """
    try:
        folder = find_examples(examples)
        typer.echo(f"quotegraph: extracting the sample articles of {folder} into {db} ...", err=True)
        counts = build_demo_store(db, folder)
    except QuotegraphError as err:
        raise _fail(str(err)) from None
    typer.echo(f"quotegraph: {counts['articles']} articles, {counts['attributions']} statements, "
               f"{counts['speakers']} people and organisations", err=True)
    if build_only:
        return
    typer.echo(f"quotegraph: open http://{host}:{port}/", err=True)
    _serve(db, host, port, 1)


# ------------------------------------------------------------------------------ benchmark
