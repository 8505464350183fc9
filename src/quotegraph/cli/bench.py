"""``quotegraph bench pipeline|search|embed|web|runner``: throughput, latency and peak memory.

The library code of each lives in :mod:`quotegraph.bench`. The names before the group —
``bench PATH`` (the pipeline bench), ``bench-search``, ``bench-web``, ``bench-runner`` — still run
the same commands for one release, hidden from ``--help``, with a deprecation line on stderr.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from quotegraph.cli.app import add_group, app
from quotegraph.cli.options import (
    AttributionModelOption,
    DbOption,
    JsonOption,
    check_attribution_model,
    open_store,
    print_json,
    run_or_exit,
)
from quotegraph.errors import QuotegraphError


def _deprecated(old: str, new: str) -> None:
    typer.echo(f"quotegraph: '{old}' is deprecated and will be removed; use '{new}'", err=True)


class _BenchGroup(TyperGroup):
    """The ``bench`` group; ``quotegraph bench PATH …`` (no subcommand) still runs the pipeline
    bench, as it did before the group existed."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: typer's own click Context
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            _deprecated("quotegraph bench PATH", "quotegraph bench pipeline PATH")
            args = ["pipeline", *args]
        return super().parse_args(ctx, args)


bench_app = add_group(
    "bench",
    "Benchmarks: the pipeline's throughput, search latency, the web API under load, the batch "
    "runners.\n\nExample: quotegraph bench pipeline ../shared/data/polnear --limit 40",
    cls=_BenchGroup,
)


@bench_app.command("pipeline")
def pipeline(
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
    sweep: Annotated[
        str,
        typer.Option(help="Length sweep: join 64 articles k at a time for each k listed "
                          "(comma-separated; '' skips it) and time words/s and peak memory."),
    ] = "1,4,16,64",
) -> None:
    """Time the whole pipeline and bare spaCy parsing of the same texts, one core and all cores.

    Example: quotegraph bench pipeline ../shared/data/polnear --limit 40 --json bench.json
    """
    chosen = check_attribution_model(attribution_model)
    try:
        factors = [int(k) for k in sweep.split(",") if k.strip()]
    except ValueError:
        typer.echo(f"error: --sweep takes comma-separated whole numbers, not {sweep!r}", err=True)
        raise typer.Exit(2) from None
    if any(k < 1 for k in factors):
        typer.echo("error: --sweep factors must be 1 or more", err=True)
        raise typer.Exit(2)
    from quotegraph.bench import load_bench_input, run_bench, run_sweep
    from quotegraph.bench.report import bench_tables, sweep_table
    from quotegraph.nlp import DEFAULT_MODEL

    try:
        data = load_bench_input(path, limit)
        for line in data.skipped:
            typer.echo(f"skipped {line}", err=True)
        result = run_bench(data, workers=workers or os.cpu_count(), model=model or DEFAULT_MODEL,
                           batch_size=batch_size, stages=stages, attribution_model=chosen)  # fmt: skip
        if factors:
            result["sweep"] = run_sweep(data, factors=factors, model=model or DEFAULT_MODEL,
                                        batch_size=batch_size, attribution_model=chosen)  # fmt: skip
            result["errors"] += [f"sweep {r['factor']}×: {r['error']}" for r in result["sweep"]["runs"] if "error" in r]
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
    if "sweep" in result:
        console.print(sweep_table(result["sweep"]))
    for error in result["errors"]:
        typer.echo(f"error: {error}", err=True)
    if result["errors"]:
        raise typer.Exit(1)


@bench_app.command("search")
def search(
    db: DbOption = None,
    queries: Annotated[int, typer.Option(min=1, help="Number of timed queries.")] = 200,
    startup: Annotated[
        bool,
        typer.Option(help="Also time `quotegraph search`, `speakers` and `show` each from a new "
                          "process to its answer (start-up, imports, the query): median of 5 runs."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Time speaker+text searches over a store and print p50/p95 latency.

    Queries pair the store's most frequent speakers with a word of one of their own statements,
    so each query has hits; the first round warms caches and is not timed.

    Example: quotegraph bench search --db corpus.sqlite --queries 500 --startup
    """
    from quotegraph.bench.search import bench_search

    store = open_store(db)
    result = run_or_exit(lambda: bench_search(store, queries))
    if startup:
        from quotegraph.bench.startup import bench_startup
        from quotegraph.settings import current

        result["startup"] = run_or_exit(lambda: bench_startup(db or current().db_url, 5))
    if as_json:
        print_json(result)
    else:
        typer.echo(
            f"{result['backend']}: {result['articles']} articles, {result['attributions']} statements; "
            f"{result['queries']} speaker+text queries: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
            f"max {result['max_ms']} ms"
        )
        for r in result.get("startup", {}).get("commands", {}).values():
            typer.echo(f"quotegraph {' '.join(r['args'])}: {r['median_s']} s from a new process "
                       f"(median of 5; min {r['min_s']}, max {r['max_s']}; exit {r['exit_codes']})")


@bench_app.command("embed")
def embed(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="Quotations to embed (the first by id).")] = 500,
    batch: Annotated[int, typer.Option(min=1, max=1024, help="Texts per forward pass.")] = 32,
    threads: Annotated[int, typer.Option(min=1, max=64, help="BLAS threads (1: one core).")] = 1,
    as_json: JsonOption = False,
) -> None:
    """Time sentence embeddings (quote checking's meaning matching) of stored quotations on one
    core; nothing is written.

    Example: quotegraph bench embed --db corpus.sqlite --limit 500
    """
    from quotegraph.bench.embed import bench_embed

    store = open_store(db)
    result = run_or_exit(lambda: bench_embed(store, limit, batch, threads))
    if as_json:
        print_json(result)
    else:
        typer.echo(
            f"embedded {result['statements']} statements ({result['words']} words) in {result['seconds']} s "
            f"on {threads} thread(s): {result['statements_per_s']} statements/s, {result['words_per_s']} words/s"
        )


@bench_app.command("web")
def web(
    db: DbOption = None,
    url: Annotated[str | None, typer.Option(help="A running server (default: start one on a free port).")] = None,
    clients: Annotated[int, typer.Option(min=1, help="Concurrent clients.")] = 50,
    requests: Annotated[int, typer.Option(min=1, help="Search requests measured.")] = 5000,
    workers: Annotated[int | None, typer.Option(min=1, help="Server processes when this command starts the server (default: one per core).")] = None,
    min_articles: Annotated[int, typer.Option(help="Refuse a smaller store (the target is 900+).")] = 900,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Load benchmark of the web API: concurrent clients send search requests on loopback.

    Prints throughput, p50/p95/p99 latency and errors; exit status 1 on any error. Queries are
    drawn from the store (speaker names, words of statements, date ranges).

    Example: quotegraph bench web --db polnear.sqlite --clients 50 --requests 5000
    """
    from quotegraph.bench.web import bench_web

    try:
        summary, result = bench_web(db, url=url, clients=clients, requests=requests, workers=workers,
                                    min_articles=min_articles)
    except (QuotegraphError, ValueError) as err:
        typer.echo(f"quotegraph: {err}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
    else:
        typer.echo(
            f"{summary['requests']} searches, {clients} clients, {summary['articles']} articles: "
            f"{summary['requests_per_s']} req/s, p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, "
            f"p99 {summary['p99_ms']} ms, errors {summary['errors']} "
            f"({summary['cpus']} CPUs, load {summary['load_1m_before']} before the run)")
        for sample in summary["error_samples"]:
            typer.echo(f"  {sample}")
    if result.errors:
        raise typer.Exit(1)


@bench_app.command("runner")
def runner(
    inputs: Annotated[list[str], typer.Argument(help="Input files or folders (e.g. PolNeAR's dev/text).")],
    runner_name: Annotated[str, typer.Option("--runner", help="local or ray.")] = "local",
    workers: Annotated[list[int], typer.Option("--workers", min=1, help="Worker counts to time (repeat the option).")] = [1, 2],  # noqa: B006
    limit: Annotated[int | None, typer.Option(min=1, help="Use only the first N files.")] = None,
    shards: Annotated[int | None, typer.Option(min=1, help="Shards per run (default: 4 per worker).")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name or path.")] = None,
    attribution_model: AttributionModelOption = None,
    repeat: Annotated[int, typer.Option(min=1, help="Runs per worker count, alternating; medians are reported (use 3+ on a busy machine).")] = 1,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures as JSON here.")] = None,
) -> None:
    """Time the batch path with 1 and 2 workers: articles/s, speed-up, peak memory per worker.

    Example: quotegraph bench runner ../shared/data/polnear/dev/text --limit 40 --runner ray
    """
    chosen = check_attribution_model(attribution_model)
    from quotegraph.bench.runner import bench_inputs, bench_runner

    result = run_or_exit(lambda: bench_runner(bench_inputs(inputs, limit), runner=runner_name, workers=workers,
                                              shards=shards, model=model, repeat=repeat,
                                              attribution_model=chosen))
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


def _alias(old: str, new: str, command: Callable[..., Any]) -> None:
    """Register ``command`` again under its name before the ``bench`` group, hidden."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        _deprecated(f"quotegraph {old}", f"quotegraph bench {new}")
        return command(*args, **kwargs)

    app.command(old, hidden=True)(run)


_alias("bench-search", "search", search)
_alias("bench-web", "web", web)
_alias("bench-runner", "runner", runner)


@bench_app.command("check")
def check(
    corpus: Annotated[Path, typer.Argument(help="The PolNeAR data folder (train/, dev/, metadata.tsv).")],
    db: Annotated[str, typer.Option(help="Store of its train + dev statements: built from the corpus when empty, reused otherwise.")] = "polnear-check.sqlite",
    paraphrases: Annotated[Path | None, typer.Option(help="Paraphrases JSONL (default: the packaged one).")] = None,
    per_kind: Annotated[int, typer.Option(min=1, help="Claims per kind and split.")] = 100,
    never_said: Annotated[int, typer.Option(min=1, help="Never-said claims per split.")] = 100,
    seed: Annotated[int, typer.Option(help="Seed of the check set.")] = 21,
    ingest_sample: Annotated[int, typer.Option(min=0, help="Dev articles ingested for the ingest-speed figures (0: skip).")] = 20,
    workers: Annotated[int, typer.Option(min=1, help="Parsing processes when the store is built.")] = 1,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures as JSON here.")] = None,
) -> None:
    """Quote checks on a check set generated from PolNeAR train + dev statements: verdict
    accuracy per kind of claim (verbatim, 1-3 words substituted, truncated, two statements
    spliced, speaker swapped, paraphrased, never said), paraphrase recall@5, the paraphrase
    model fitted on train claims (5-fold CV) and reported on dev claims, embeddings per
    second on one core, and ingest throughput with and without embeddings.

    Example: quotegraph bench check ../shared/data/polnear --db polnear-check.sqlite
    """
    from quotegraph.bench.check import bench_check

    result = run_or_exit(lambda: bench_check(
        corpus, db, paraphrases=paraphrases, per_kind=per_kind, never_said=never_said, seed=seed,
        ingest_sample=ingest_sample, workers=workers, progress=lambda m: typer.echo(m, err=True)))
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    console = Console()
    for table in _check_tables(result):
        console.print(table)


def _rewording_note(reworded: dict[str, Any] | None, cv: dict[str, Any]) -> str:
    """The rewording share's line of the verdicts table's title."""
    if not reworded:
        return ""
    share = reworded["chosen_on_train"]
    if share is None:
        return ". No \"altered\" claim is read as a rewording (chosen on train)."
    return (f". An \"altered\" claim changing more than {round(100 * share)} % of its words is a paraphrase when "
            f"the model accepts its statement (share chosen on train; CV substitution {cv.get('substitution')} %, "
            f"splice {cv.get('splice')} %); without rewordings dev paraphrase "
            f"{reworded['dev_never'].get('paraphrase', {}).get('accuracy')} %.")


def _check_tables(result: dict[str, Any]) -> list[Any]:
    """The figures of ``bench check`` as rich tables."""
    from rich.table import Table

    tuning = result["tuning"]
    model, rule = tuning["model"], tuning["rule"]
    chosen = rule["chosen_on_train"]
    acc = Table(title=f"Verdicts (paraphrase decided by logistic regression on {', '.join(model['features'])}, "
                      f"fitted on train claims; 5-fold CV on train: paraphrase {model['cv'].get('paraphrase')} %, "
                      f"never said {model['cv'].get('never_said')} %. The single-threshold rule chosen on train "
                      f"(from {chosen['paraphrase']}, scramble penalty {chosen['scramble']}): CV paraphrase "
                      f"{rule['cv'].get('paraphrase')} %, never said {rule['cv'].get('never_said')} %, dev paraphrase "
                      f"{rule['dev'].get('paraphrase', {}).get('accuracy')} %, never said "
                      f"{rule['dev'].get('never_said', {}).get('accuracy')} %)"
                      + _rewording_note(tuning.get("reworded"), model["cv"]))
    for col in ("kind", "split", "cases", "verdict %", "verdict + evidence %", "recall@5 %"):
        acc.add_column(col, justify="left" if col in ("kind", "split") else "right")
    for split in ("train", "dev"):
        for kind, row in result[split].items():
            acc.add_row(kind, split, str(row["cases"]), f"{row['accuracy']:.1f}", f"{row['with_evidence']:.1f}",
                        f"{row['recall_at_5']:.1f}" if "recall_at_5" in row else "")
    speed = Table(title="Speed (one core)")
    speed.add_column("what")
    speed.add_column("figure", justify="right")
    emb = result["embedding"]
    speed.add_row("embedding", f"{emb['statements_per_s']} statements/s ({emb['statements']} statements)")
    speed.add_row("check (in process)", f"median {result['check_ms']['median']} ms, p95 {result['check_ms']['p95']} ms")
    ing = result.get("ingest")
    if ing:
        for label, key in (("ingest without embeddings", "without_embeddings"), ("ingest with embeddings", "with_embeddings")):
            speed.add_row(label, f"{ing[key]['articles_per_s']} articles/s, {ing[key]['statements_per_s']} statements/s "
                                 f"({ing['articles']} articles)")
    return [acc, speed]


@bench_app.command("check-latency")
def check_latency(
    db: Annotated[str, typer.Option(help="The store the server checks against (SQLite path or PostgreSQL URL).")],
    grow_from: Annotated[str | None, typer.Option(help="First grow --db from this store (its articles, then generated wording variants).")] = None,
    size: Annotated[int, typer.Option(min=1, help="Statements --grow-from grows --db to.")] = 100_000,
    embed: Annotated[bool, typer.Option("--embed/--no-embed", help="Embed the quotations without a vector before timing.")] = True,
    clients: Annotated[int, typer.Option(min=1, help="Concurrent clients.")] = 4,
    requests: Annotated[int, typer.Option(min=1, help="Checks timed.")] = 400,
    workers: Annotated[int | None, typer.Option(min=1, help="Server processes (default: one per core).")] = None,
    min_statements: Annotated[int, typer.Option(min=0, help="Refuse a smaller store.")] = 100_000,
    as_json: JsonOption = False,
) -> None:
    """Latency of POST /api/check with concurrent clients on loopback (p50/p95/p99), on a
    store of 100,000 statements or more (grow one from a PolNeAR store with --grow-from).

    Example: quotegraph bench check-latency --db big.sqlite --grow-from polnear-check.sqlite --clients 4
    """
    from quotegraph.bench.check_web import bench_check_latency, grow_store

    def say(m: str) -> None:
        typer.echo(m, err=True)

    if grow_from:
        grown = run_or_exit(lambda: grow_store(grow_from, db, size, progress=say))
        say(f"store: {grown['statements']} statements ({grown['copied']} articles copied, "
            f"{grown['generated']} statements generated, {grown['seconds']} s)")
    if embed:
        from quotegraph.check.embed import Embedder
        from quotegraph.check.stored import backfill

        store = open_store(db)
        done = run_or_exit(lambda: backfill(store, Embedder(threads=1), batch=512,
                                            progress=lambda n: None))
        store.close()
        if done:
            say(f"embedded {done} quotations")
    summary, result = run_or_exit(lambda: bench_check_latency(
        db, clients=clients, requests=requests, workers=workers, min_statements=min_statements, progress=say))
    if as_json:
        print_json(summary)
    else:
        typer.echo(
            f"{summary['requests']} checks, {clients} clients, {summary['statements']} statements "
            f"({summary['vectors']} of {summary['quotations']} quotations embedded): p50 {summary['p50_ms']} ms, "
            f"p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms, {summary['requests_per_s']} checks/s, "
            f"errors {summary['errors']} ({summary['server_workers']} server processes, {summary['cpus']} CPUs, "
            f"load {summary['load_1m_before']} before)")
        for sample in summary["error_samples"]:
            typer.echo(f"  {sample}")
    if result.errors:
        raise typer.Exit(1)
