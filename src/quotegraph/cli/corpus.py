"""Corpus commands: ``ingest``, ``search``, ``speakers``, ``show``, ``export``, ``bench-search``.

Thin layers over :mod:`quotegraph.corpus`, :mod:`quotegraph.store` and :mod:`quotegraph.search`.
The store is ``--db`` (a path, ``sqlite:///…`` or ``postgresql://…``), else ``$QUOTEGRAPH_DB``,
else ``quotegraph.sqlite`` in the current directory.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import AttributionModelOption, use_attribution_model
from quotegraph.errors import QuotegraphError

T = TypeVar("T")

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", help="Store: file path, sqlite:///PATH or postgresql://USER@HOST/DB "
                              "(default $QUOTEGRAPH_DB or ./quotegraph.sqlite)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD", param_hint=option) from None


def _run(fn: Callable[[], T]) -> T:
    """Call ``fn``; a domain error becomes one stderr line and exit status 1."""
    try:
        return fn()
    except QuotegraphError as err:
        typer.echo(f"quotegraph: {err}", err=True)
        raise typer.Exit(1) from None


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _open(db: str | None) -> Any:
    from quotegraph.store import Store

    return _run(lambda: Store.open(db))


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Text/HTML/JSONL/WARC files, folders, URLs or feeds.")],
    db: DbOption = None,
    workers: Annotated[Optional[int], typer.Option(help="Extraction processes (default: all cores).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs without one.")] = None,
    extracted: Annotated[bool, typer.Option("--extracted", help="Inputs are `quotegraph extract` JSON results: store them as they are.")] = False,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name or path.")] = None,
    attribution_model: AttributionModelOption = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
) -> None:
    """Extract statements from articles and store them; rerun to resume a broken run.

    Articles already in the store (same URL or same text) are skipped, so running the same
    command again adds nothing. Unreadable inputs are listed with their reason; the exit status
    is 1 when any input was skipped.

    Example: quotegraph ingest news/ feed.warc.gz --db corpus.sqlite --workers 2
    """
    use_attribution_model(attribution_model)
    from quotegraph.corpus import ingest as run_ingest

    date = _date(published, "--published")
    summary = _run(lambda: run_ingest(inputs, db, workers=workers, published=date, progress=progress,
                                      extracted=extracted, model=model))
    for origin, reason in summary.skips:
        typer.echo(f"quotegraph: skipped {origin}: {reason}", err=True)
    typer.echo(
        f"read {summary.read} · added {summary.added} articles ({summary.attributions} statements) · "
        f"already stored {summary.duplicates} · skipped {summary.skipped} · {summary.seconds:.1f}s",
        err=True,
    )
    if summary.skipped:
        raise typer.Exit(1)


@app.command()
def search(
    text: Annotated[Optional[str], typer.Argument(help="Words of the statement (any text is safe; \"quotes\" make a phrase).")] = None,
    speaker: Annotated[Optional[str], typer.Option(help="Speaker name or alias.")] = None,
    about: Annotated[Optional[str], typer.Option(help="Name of someone the statement mentions.")] = None,
    since: Annotated[Optional[str], typer.Option(help="From this date (said_on, else publication), YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this date, YYYY-MM-DD.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="direct, indirect or mixed.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Outlet (article source).")] = None,
    limit: Annotated[int, typer.Option(help="How many results.")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many results (paging).")] = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search stored statements by text, speaker, mentioned entity, date, kind and outlet.

    Example: quotegraph search "interest rates" --speaker Lindqvist --since 2024-01-01
    """
    store = _open(db)
    page = _run(lambda: store.search(
        text, speaker=speaker, about=about, since=_date(since, "--since"), until=_date(until, "--until"),
        kind=kind, source=source, limit=limit, offset=offset))
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


@app.command()
def export(
    output_format: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file.")],
    db: DbOption = None,
) -> None:
    """Export every distinct quotation (Quotebank-style fields plus said_on, kind, cue, parent).

    Example: quotegraph export --format jsonl --out quotes.jsonl --db corpus.sqlite
    """
    store = _open(db)
    n = _run(lambda: store.export(output_format, out))
    typer.echo(f"wrote {n} quotations to {out}", err=True)


@app.command("bench-search")
def bench_search(
    db: DbOption = None,
    queries: Annotated[int, typer.Option(help="Number of timed queries.")] = 200,
    as_json: JsonOption = False,
) -> None:
    """Time speaker+text searches over a store and print p50/p95 latency.

    Queries pair the store's most frequent speakers with a word of one of their own statements,
    so each query has hits; the first round warms caches and is not timed.

    Example: quotegraph bench-search --db corpus.sqlite --queries 500
    """
    from quotegraph.search.escape import parse_terms

    store = _open(db)
    top = _run(lambda: store.speakers(50))
    pairs: list[tuple[str, str]] = []
    for s in top:
        hits = store.search(speaker_id=s.id, limit=5).hits
        for h in hits:
            words = [w for w in parse_terms(h.content_text).words if len(w) > 4]
            if words:
                pairs.append((s.name, words[len(words) // 2]))
    if not pairs:
        typer.echo("quotegraph: the store has no attributed statements to search; ingest first", err=True)
        raise typer.Exit(1)
    for name, word in pairs[:20]:
        store.search(word, speaker=name, limit=20)
    times = []
    for i in range(queries):
        name, word = pairs[i % len(pairs)]
        t0 = time.perf_counter()
        store.search(word, speaker=name, limit=20)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()

    def pct(p: float) -> float:
        return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))]

    counts = store.counts()
    result = {
        "backend": store.dialect,
        "articles": counts["articles"],
        "attributions": counts["attributions"],
        "queries": len(times),
        "p50_ms": round(pct(50), 2),
        "p95_ms": round(pct(95), 2),
        "max_ms": round(times[-1], 2),
    }
    if as_json:
        _print_json(result)
    else:
        typer.echo(
            f"{result['backend']}: {result['articles']} articles, {result['attributions']} statements; "
            f"{result['queries']} speaker+text queries: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
            f"max {result['max_ms']} ms"
        )
