"""Web commands: ``serve`` (the API and pages), ``demo`` (sample articles, served) and
``bench-web`` (50 concurrent clients against a server, search latency percentiles)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.errors import QuotegraphError

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", help="Store: file path, sqlite:///PATH or postgresql://USER@HOST/DB "
                              "(default $QUOTEGRAPH_DB or ./quotegraph.sqlite)."),
]
HostOption = Annotated[str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it on this machine.")]
PortOption = Annotated[int, typer.Option(help="TCP port.")]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"quotegraph: {message}", err=True)
    return typer.Exit(1)


def _serve(db: str | None, host: str, port: int, workers: int, log_level: str = "info") -> None:
    import uvicorn

    from quotegraph.api import Settings, create_app

    settings = Settings.from_env(db)
    if host not in ("127.0.0.1", "localhost", "::1") and not settings.read_key:
        typer.echo(f"quotegraph: warning: listening on {host} with open reads (set QUOTEGRAPH_READ_KEY to "
                   "require a key)", err=True)
    if not settings.api_key:
        typer.echo("quotegraph: POST /api/articles is disabled until QUOTEGRAPH_API_KEY is set", err=True)
    try:
        if workers > 1:
            # Each worker process opens its own store from the environment.
            if db:
                os.environ["QUOTEGRAPH_DB"] = db
            from quotegraph.api.workers import serve_workers
            from quotegraph.store import Store

            Store.open(settings.db).close()  # create and migrate once, before the workers race
            typer.echo(f"quotegraph: {workers} processes on http://{host}:{port}/", err=True)
            raise typer.Exit(serve_workers(host, port, workers, log_level))
        else:
            uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, access_log=False)
    except (QuotegraphError, OSError) as err:
        raise _fail(str(err)) from None


@app.command()
def serve(
    db: DbOption = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Server processes (each with its own connection pool).")] = 1,
) -> None:
    """Serve the web pages and the JSON API (/api/, described at /openapi.json) over a store.

    Reads are open unless QUOTEGRAPH_READ_KEY is set; POST /api/articles needs
    QUOTEGRAPH_API_KEY in the X-API-Key header.

    Example: QUOTEGRAPH_API_KEY=s3cret quotegraph serve --db corpus.sqlite --port 8000
    """
    _serve(db, host, port, workers)


# ------------------------------------------------------------------------------ demo
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

    from quotegraph.corpus import ingest
    from quotegraph.store import Store

    dates = example_dates(examples)
    files = sorted(p for p in examples.iterdir() if p.is_file() and p.suffix in (".txt", ".html", ".htm", ".jsonl"))
    with Store.open(db) as store:
        for path in files:
            published = dt.date.fromisoformat(dates[path.name]) if path.suffix == ".txt" and path.name in dates else None
            ingest([path], store=store, workers=1, published=published, progress=False)
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
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(url: str, proc: subprocess.Popen[bytes] | None, timeout: float = 120.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise QuotegraphError(f"the server exited with status {proc.returncode} before answering")
        try:
            if httpx.get(url + "/api/counts", timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise QuotegraphError(f"the server at {url} did not answer within {timeout:.0f} s")


def _http_parser() -> str:
    """What uvicorn's ``auto`` settings pick: httptools and uvloop (``uvicorn[standard]``) are
    several times faster per request than the pure-Python h11 and asyncio."""
    import importlib.util

    parser = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return f"{parser}+{loop}"


@app.command("bench-web")
def bench_web(
    db: DbOption = None,
    url: Annotated[Optional[str], typer.Option(help="A running server (default: start one on a free port).")] = None,
    clients: Annotated[int, typer.Option(min=1, help="Concurrent clients.")] = 50,
    requests: Annotated[int, typer.Option(min=1, help="Search requests measured.")] = 5000,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Server processes when this command starts the server (default: one per core).")] = None,
    min_articles: Annotated[int, typer.Option(help="Refuse a smaller store (the target is 900+).")] = 900,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Load benchmark: CLIENTS concurrent clients send search requests on loopback; prints
    throughput, p50/p95/p99 latency and errors. Exit status 1 on any error.

    Queries are drawn from the store (speaker names, words of statements, date ranges).

    Example: quotegraph bench-web --db polnear.sqlite --clients 50 --requests 5000
    """
    from quotegraph.api.bench import run_load, search_queries
    from quotegraph.store import Store

    try:
        with Store.open(db) as store:
            n_articles = store.counts()["articles"]
            if n_articles < min_articles:
                raise QuotegraphError(f"the store holds {n_articles} articles, fewer than --min-articles "
                                      f"{min_articles}; ingest more or lower the bar")
            paths = search_queries(store)
            db_url = store.url
    except (QuotegraphError, ValueError) as err:
        raise _fail(str(err)) from None
    proc = None
    workers = workers or os.cpu_count() or 1
    try:
        if url is None:
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            env = {**os.environ, "QUOTEGRAPH_DB": db or os.environ.get("QUOTEGRAPH_DB", "quotegraph.sqlite")}
            proc = subprocess.Popen(
                [sys.executable, "-m", "quotegraph.api.workers", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", str(workers), "--log-level", "warning"],
                env=env,
            )
        _wait_up(url.rstrip("/"), proc)
        # The client shares the machine with the server (and with whatever else runs there).
        load_before = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
        result = run_load(url.rstrip("/"), paths, clients=clients, requests=requests,
                          key=os.environ.get("QUOTEGRAPH_READ_KEY"))
    except QuotegraphError as err:
        raise _fail(str(err)) from None
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    summary = {"store": db_url, "articles": n_articles, "clients": clients, "cpus": os.cpu_count(),
               "load_1m_before": load_before,
               "server_workers": workers if proc is not None else None,
               "http_parser": _http_parser() if proc is not None else None, **result.summary()}
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
    else:
        typer.echo(
            f"{summary['requests']} searches, {clients} clients, {n_articles} articles: "
            f"{summary['requests_per_s']} req/s, p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, "
            f"p99 {summary['p99_ms']} ms, errors {summary['errors']} "
            f"({summary['cpus']} CPUs, load {summary['load_1m_before']} before the run)")
        for sample in summary["error_samples"]:
            typer.echo(f"  {sample}")
    if result.errors:
        raise typer.Exit(1)
