"""``quotegraph bench``: articles/s, words/s and peak memory, pipeline beside bare spaCy."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from quotegraph.cli.app import app
from quotegraph.cli.options import (
    AttributionModelOption,
    DbOption,
    JsonOption,
    check_attribution_model,
)
from quotegraph.cli.options import open_store as _open
from quotegraph.cli.options import print_json as _print_json
from quotegraph.cli.options import run_or_exit as _run
from quotegraph.cli.run import _fail as _fail_run
from quotegraph.cli.serve import _fail as _fail_web
from quotegraph.errors import QuotegraphError


@app.command("bench")
def bench(
    path: Annotated[
        Path, typer.Argument(help="PolNeAR folder (dev texts), folder of .txt files, or .jsonl.")
    ],
    limit: Annotated[int | None, typer.Option(min=1, help="Use only the first N articles.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Processes for the all-cores runs (default: the CPU count)."),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures as JSON here.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name or path.")] = None,
    attribution_model: AttributionModelOption = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per nlp.pipe batch.")] = 16,
    stages: Annotated[
        bool, typer.Option(help="Also time each stage of the one-core pipeline run.")
    ] = True,
) -> None:
    """Time the whole pipeline and bare spaCy parsing of the same texts, one core and all cores.

    Example: quotegraph bench ../shared/data/polnear --limit 40 --json bench.json
    """
    chosen = check_attribution_model(attribution_model)
    from quotegraph.bench import load_bench_input, run_bench
    from quotegraph.bench.report import bench_tables
    from quotegraph.nlp import DEFAULT_MODEL

    try:
        data = load_bench_input(path, limit)
        for line in data.skipped:
            typer.echo(f"skipped {line}", err=True)
        result = run_bench(data, workers=workers or os.cpu_count(), model=model or DEFAULT_MODEL,
                           batch_size=batch_size, stages=stages, attribution_model=chosen)  # fmt: skip
    except QuotegraphError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    if json_out is not None:
        try:
            json_out.parent.mkdir(parents=True, exist_ok=True)
            json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            typer.echo(f"error: cannot write {json_out}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1) from None
    console = Console()
    for table in bench_tables(result):
        console.print(table)
    for error in result["errors"]:
        typer.echo(f"error: {error}", err=True)
    if result["errors"]:
        raise typer.Exit(1)


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
        raise _fail_web(str(err)) from None
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
        raise _fail_web(str(err)) from None
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


@app.command("bench-runner")
def bench_runner_command(
    inputs: Annotated[list[str], typer.Argument(help="Input files or folders (e.g. PolNeAR's dev/text).")],
    runner: Annotated[str, typer.Option(help="local or ray.")] = "local",
    workers: Annotated[list[int], typer.Option("--workers", min=1, help="Worker counts to time (repeat the option).")] = [1, 2],  # noqa: B006
    limit: Annotated[Optional[int], typer.Option(min=1, help="Use only the first N files.")] = None,
    shards: Annotated[Optional[int], typer.Option(min=1, help="Shards per run (default: 4 per worker).")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name or path.")] = None,
    attribution_model: AttributionModelOption = None,
    repeat: Annotated[int, typer.Option(min=1, help="Runs per worker count, alternating; medians are reported (use 3+ on a busy machine).")] = 1,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the figures as JSON here.")] = None,
) -> None:
    """Time the batch path with 1 and 2 workers: articles/s, speed-up, peak memory per worker.

    Example: quotegraph bench-runner ../shared/data/polnear/dev/text --limit 40 --runner ray
    """
    chosen = check_attribution_model(attribution_model)
    from quotegraph.runners.bench import bench_inputs, bench_runner

    try:
        files = bench_inputs(inputs, limit)
        result = bench_runner(files, runner=runner, workers=workers, shards=shards, model=model, repeat=repeat,
                              attribution_model=chosen)
    except QuotegraphError as err:
        raise _fail_run(err) from None
    lines = [f"runner {result['runner']}: {result['inputs']} files, {result['shards']} shards, "
             f"{result['cpus']} CPUs, load average {result['load_average'][0]:.2f}, "
             f"median of {result['repeat']} run(s)"]
    for r in result["runs"]:
        lines.append(
            f"  {r['workers']} worker(s): {r['articles']} articles, {r['articles_per_s']} articles/s "
            f"(x{r['speedup']}; all runs {r['articles_per_s_all']}), "
            f"{r['articles_per_cpu_s']} articles per CPU-second, "
            f"on a core {100 * (r['cpu_share'] or 0):.0f}% of the time, {r['wall_seconds']}s wall with start-up, "
            f"peak memory per worker {', '.join(f'{m:.0f}' for m in r['peak_rss_mb_per_worker'])} MiB"
        )
    sys.stdout.write("\n".join(lines) + "\n")
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")
