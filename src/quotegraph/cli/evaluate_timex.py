"""``quotegraph evaluate timex`` and ``quotegraph evaluate said-on``: score the time stage.

Both register on the ``evaluate`` group of :mod:`quotegraph.cli.evaluate`; importing this module
(one line in ``cli/__init__.py``) is all it takes to mount them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from quotegraph.cli.evaluate import evaluate_app
from quotegraph.errors import QuotegraphError


def _fail(exc: Exception) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1)


def _write(result: dict[str, Any], out: Path) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        _fail(OSError(f"cannot write {out}: {exc.strerror or exc}"))


@evaluate_app.command("timex")
def timex(
    path: Annotated[Path, typer.Argument(help="JSONL of texts with gold TIMEX3 (MEANTIME format).")],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures and errors as JSON here.")
    ] = None,
    whole_texts: Annotated[
        bool, typer.Option(help="Score whole texts, not only the lines the gold annotates.")
    ] = False,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name or path.")] = None,
) -> None:
    """Relaxed/strict extent and value P/R/F1 of the time expressions (TempEval-3 style).

    Example: quotegraph evaluate timex ../shared/data/meantime/meantime_en_timex.jsonl --json timex.json
    """
    from quotegraph.evaluate.timex import evaluate_timex, print_timex_table

    try:
        result = evaluate_timex(path, model=model, scope_lines=None if whole_texts else "auto")
    except QuotegraphError as exc:
        _fail(exc)
    print_timex_table(result)
    if json_out is not None:
        _write(result, json_out)


@evaluate_app.command("said-on")
def said_on(
    path: Annotated[Path, typer.Argument(help="PolNeAR data folder (dev/, metadata.tsv).")],
    gold: Annotated[Path, typer.Option(help="Speaker/time gold JSON lines.")],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures and errors as JSON here.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name or path.")] = None,
    gold_speakers: Annotated[
        bool, typer.Option(help="Give each attribution its gold speaker (time rules alone).")
    ] = False,
) -> None:
    """Time accuracy and false-time rate of said_on, on gold attribution spans.

    Example: quotegraph evaluate said-on ../shared/data/polnear
    --gold ../shared/data/speakers/polnear_dev_speakers.jsonl
    """
    from quotegraph.evaluate.said_on import evaluate_said_on_gold_spans

    try:
        result = evaluate_said_on_gold_spans(path, gold, model=model, gold_speakers=gold_speakers)
    except QuotegraphError as exc:
        _fail(exc)
    table = Table(title=f"said_on on gold spans: {result['articles']} articles, {result['lines']} lines "
                        f"({result['dated']} dated, {result['undated']} undated)")  # fmt: skip
    table.add_column("figure")
    table.add_column("%", justify="right")
    table.add_row("time accuracy", f"{result['time_accuracy']:.1f}")
    table.add_row("coverage of dated lines", f"{result['coverage']:.1f}")
    table.add_row("false-time rate (of undated lines)", f"{result['false_time_rate']:.1f}")
    table.add_row("false times among predictions", f"{result['false_time_share_of_predictions']:.1f}")
    rules = Table(title="which rule decided each line")
    for column in ("rule", "right", "wrong", "false time", "missed", "null ok"):
        rules.add_column(column, justify="left" if column == "rule" else "right")
    for rule, counts in sorted(result["by_rule"].items()):
        rules.add_row(rule, *(str(counts[k]) for k in ("right", "wrong", "false_time", "missed", "null_ok")))
    console = Console()
    console.print(table)
    console.print(rules)
    if json_out is not None:
        _write(result, json_out)
