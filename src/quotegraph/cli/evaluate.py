"""``quotegraph evaluate …``: score the extractor against annotated corpora.

``evaluate_app`` is the command group; other modules register their own evaluations on it
(``from quotegraph.cli.evaluate import evaluate_app``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from quotegraph.cli.app import add_group
from quotegraph.cli.options import AttributionModelOption, check_attribution_model
from quotegraph.errors import QuotegraphError

evaluate_app = add_group(
    "evaluate",
    "Score quotegraph against annotated corpora (figures of EVALUATION.md).\n\n"
    "Example: quotegraph evaluate polnear ../shared/data/polnear --split dev",
)


PolnearPath = Annotated[Path, typer.Argument(help="PolNeAR data folder (holding dev/ and train/).")]
JsonOut = Annotated[Path | None, typer.Option("--json", help="Also write the figures as JSON here.")]
ModelOption = Annotated[str | None, typer.Option(help="spaCy pipeline name or path.")]
GoldOption = Annotated[Path, typer.Option(help="Speaker/time gold JSON lines.")]


def _fail(exc: Exception) -> NoReturn:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1)


def _evaluate(run: Callable[[], dict[str, Any]], json_out: Path | None) -> dict[str, Any]:
    """Run one evaluation (a domain error: one line and exit status 1) and write its JSON, before
    anything is printed, so that a closed stdout (``| head``) cannot lose it."""
    try:
        result = run()
    except QuotegraphError as exc:
        _fail(exc)
    if json_out is not None:
        _write_json(result, json_out)
    return result


def _write_json(result: dict[str, Any], out: Path) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        _fail(OSError(f"cannot write {out}: {exc.strerror or exc}"))


@evaluate_app.command("polnear")
def polnear(
    path: PolnearPath,
    split: Annotated[str, typer.Option(help="Split to score.")] = "dev",
    json_out: JsonOut = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N articles.")] = None,
    model: ModelOption = None,
    attribution_model: AttributionModelOption = None,
    dump: Annotated[
        Path | None,
        typer.Option(help="Folder outside the repository for per-article predictions and errors."),
    ] = None,
) -> None:
    """Content, source, cue and end-to-end figures on a PolNeAR split.

    Example: quotegraph evaluate polnear ../shared/data/polnear --split dev --json dev.json
    """
    chosen = check_attribution_model(attribution_model)
    from quotegraph.evaluate.polnear import evaluate_polnear
    from quotegraph.evaluate.report import attribution_tables

    result = _evaluate(lambda: evaluate_polnear(path, split, _extractor(model, chosen), limit=limit, dump=dump), json_out)
    console = Console()
    for table in attribution_tables(result):
        console.print(table)
    if result["skipped"]:
        typer.echo(f"skipped while reading: {result['skipped']}", err=True)
    if result["failed"]:
        typer.echo(f"extraction failed on {len(result['failed'])} article(s): "
                   f"{sorted(result['failed'])[:3]}", err=True)  # fmt: skip


@evaluate_app.command("agreement")
def agreement(
    path: PolnearPath,
    split: Annotated[str, typer.Option(help="Split with multiply-annotated articles.")] = "train",
    json_out: JsonOut = None,
) -> None:
    """Human agreement on PolNeAR (second annotator scored against the first), as a yardstick.

    Example: quotegraph evaluate agreement ../shared/data/polnear --split train
    """
    from quotegraph.evaluate.polnear import evaluate_agreement
    from quotegraph.evaluate.report import attribution_tables

    result = _evaluate(lambda: evaluate_agreement(path, split), json_out)
    console = Console()
    for table in attribution_tables(result)[:3]:  # the declared-kind table needs a system
        console.print(table)


@evaluate_app.command("speakers")
def speakers(
    path: PolnearPath,
    gold: GoldOption,
    split: Annotated[str, typer.Option(help="PolNeAR split of the gold articles (dev or train).")] = "dev",
    json_out: JsonOut = None,
    model: ModelOption = None,
    attribution_model: AttributionModelOption = None,
    folds: Annotated[
        int | None,
        typer.Option(min=2, help="Also report per-fold and mean±sd figures over K article folds."),
    ] = None,
) -> None:
    """Speaker, said_on and addressee figures of the whole extractor on a speaker gold file.

    Takes the PolNeAR dev speaker gold or the project's train gold (offsets, with addressees).

    Example: quotegraph evaluate speakers ../shared/data/polnear
    --gold data/speakers/polnear_train_speakers.jsonl --split train --folds 5
    """
    chosen = check_attribution_model(attribution_model)
    from quotegraph.evaluate.polnear import evaluate_speakers_end_to_end
    from quotegraph.evaluate.report import fold_table, speaker_kind_table, speaker_table

    result = _evaluate(
        lambda: evaluate_speakers_end_to_end(path, gold, _extractor(model, chosen), split=split, folds=folds),
        json_out,
    )
    console = Console()
    console.print(speaker_table(result))
    console.print(speaker_kind_table(result))
    if result.get("cross_validation"):
        console.print(fold_table(result["cross_validation"]))
    if result.get("failed"):
        typer.echo(f"extraction failed on {len(result['failed'])} article(s): "
                   f"{sorted(result['failed'])[:3]}", err=True)  # fmt: skip


def _extractor(model: str | None, attribution_model: str | None) -> Any:
    """The extractor an evaluation scores: the spaCy pipeline and attribution model chosen."""
    from quotegraph.nlp import DEFAULT_MODEL
    from quotegraph.pipeline import Extractor

    return Extractor(model or DEFAULT_MODEL, attribution_model=attribution_model)


@evaluate_app.command("timex")
def timex(
    path: Annotated[Path, typer.Argument(help="JSONL of texts with gold TIMEX3 (MEANTIME format).")],
    json_out: JsonOut = None,
    whole_texts: Annotated[
        bool, typer.Option(help="Score whole texts, not only the lines the gold annotates.")
    ] = False,
    model: ModelOption = None,
) -> None:
    """Relaxed/strict extent and value P/R/F1 of the time expressions (TempEval-3 style).

    Example: quotegraph evaluate timex ../shared/data/meantime/meantime_en_timex.jsonl --json timex.json
    """
    from quotegraph.evaluate.timex import evaluate_timex, print_timex_table

    result = _evaluate(lambda: evaluate_timex(path, model=model, scope_lines=None if whole_texts else "auto"),
                       json_out)
    print_timex_table(result)


@evaluate_app.command("said-on")
def said_on(
    path: PolnearPath,
    gold: GoldOption,
    json_out: JsonOut = None,
    model: ModelOption = None,
    gold_speakers: Annotated[
        bool, typer.Option(help="Give each attribution its gold speaker (time rules alone).")
    ] = False,
    said_on_model: Annotated[
        str, typer.Option(help="'rules' for the hand rules alone (the extractor's default), 'shipped' "
                               "for the shipped learned model, or a said_on model file.")
    ] = "rules",
    split: Annotated[str, typer.Option(help="PolNeAR split of the gold articles (dev or train).")] = "dev",
) -> None:
    """Time accuracy and false-time rate of said_on, on gold attribution spans.

    Example: quotegraph evaluate said-on ../shared/data/polnear
    --gold ../shared/data/speakers/polnear_dev_speakers.jsonl
    (the project's train gold: --gold data/speakers/polnear_train_speakers.jsonl --split train)
    """
    from quotegraph.evaluate.said_on import evaluate_said_on_gold_spans

    result = _evaluate(lambda: evaluate_said_on_gold_spans(path, gold, model=model, gold_speakers=gold_speakers,
                                                                 said_on_model=said_on_model, split=split),
                       json_out)
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
