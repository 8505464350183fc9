"""``quotegraph bench``: articles/s, words/s and peak memory, pipeline beside bare spaCy."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from quotegraph.cli.app import app
from quotegraph.cli.options import AttributionModelOption, use_attribution_model
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
    use_attribution_model(attribution_model)
    from quotegraph.bench import load_bench_input, run_bench
    from quotegraph.bench.report import bench_tables
    from quotegraph.nlp import DEFAULT_MODEL

    try:
        data = load_bench_input(path, limit)
        for line in data.skipped:
            typer.echo(f"skipped {line}", err=True)
        result = run_bench(data, workers=workers or os.cpu_count(), model=model or DEFAULT_MODEL,
                           batch_size=batch_size, stages=stages)  # fmt: skip
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
