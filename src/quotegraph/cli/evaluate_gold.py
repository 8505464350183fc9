"""``quotegraph evaluate gold PATH``: score the extractor on any gold JSONL (``meantime_attr`` format).

Registers on the ``evaluate`` group of :mod:`quotegraph.cli.evaluate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from quotegraph.cli.evaluate import JsonOut, ModelOption, _evaluate, evaluate_app
from quotegraph.cli.options import AttributionModelOption, check_attribution_model


def _num(fig: dict[str, Any] | None, key: str = "value") -> str:
    value = None if fig is None else fig.get(key)
    return "–" if value is None else f"{value:.1f}"


def _count(fig: dict[str, Any]) -> str:
    return f"{fig['right']}/{fig['total']}"


def gold_tables(result: dict[str, Any]) -> list[Table]:
    """Rich tables of :func:`quotegraph.evaluate.gold.evaluate_gold`'s figures.

    Args:
        result: the dict ``evaluate_gold`` returns.

    Returns:
        The main figures, speakers by kind and, for labelled items, the contrast report.
    """
    main = Table(title=f"{result.get('path', 'gold')}: {result['documents']} documents, "
                       f"{result['gold']} gold, {result['predicted']} predicted (percent)")  # fmt: skip
    for col in ("figure", "P", "R", "F1 / acc.", "count"):
        main.add_column(col, justify="left" if col == "figure" else "right")
    for name, key in (("content (char. J ≥ 0.5)", "content"), ("end-to-end", "end_to_end")):
        fig = result[key]
        main.add_row(name, _num(fig, "p"), _num(fig, "r"), _num(fig, "f1"), str(fig["tp"]))
    main.add_row("speaker accuracy", "", "", _num(result["speaker_accuracy"]),
                 _count(result["speaker_accuracy"]))  # fmt: skip
    if result["said_on"] is not None:
        for name, key in (("said_on accuracy", "accuracy"), ("false-time rate", "false_time_rate")):
            fig = result["said_on"][key]
            main.add_row(name, "", "", _num(fig), _count(fig))
    if result["addressee"] is not None:
        for name, key in (("addressee found", "found"), ("addressee falsely given", "falsely_given")):
            fig = result["addressee"][key]
            main.add_row(name, "", "", _num(fig), _count(fig))
    tokens = result["token_metrics"]
    main.add_row("content partial, tokens (PolNeAR)", _num(tokens["content_partial"], "p"),
                 _num(tokens["content_partial"], "r"), _num(tokens["content_partial"], "f1"),
                 str(tokens["content_partial"]["tp"]))  # fmt: skip
    for kind, fig in result["recall_by_kind"].items():
        main.add_row(f"content recall, {kind}", "", _num(fig), "", _count(fig))
    tables = [main]
    by_kind = Table(title="Speaker accuracy by gold speaker kind (over matched statements)")
    for col in ("kind", "gold", "matched", "right", "accuracy"):
        by_kind.add_column(col, justify="left" if col == "kind" else "right")
    for kind, fig in result["speaker_by_kind"].items():
        by_kind.add_row(kind, str(fig["gold"]), str(fig["total"]), str(fig["right"]), _num(fig))
    tables.append(by_kind)
    contrast = result.get("contrast")
    if contrast:
        table = Table(title="Contrast: acts give nothing; statements give exactly their one "
                            "statement (content J ≥ 0.5 and speaker)")  # fmt: skip
        for col in ("beat", "acts silent", "statements exact", "found", "+ speaker", "extra"):
            table.add_column(col, justify="left" if col == "beat" else "right")
        for beat, fig in [*contrast["by_beat"].items(), ("all", contrast)]:
            table.add_row(beat, *(f"{_num(fig[k])} ({_count(fig[k])})" for k in (
                "acts_silent", "statements_exact", "statements_found", "statements_speaker",
                "statements_extra")))  # fmt: skip
        tables.append(table)
    return tables


@evaluate_app.command("gold")
def gold(
    path: Annotated[Path, typer.Argument(help="Gold JSONL in the meantime_attr format "
                                              "(or the contrast set).")],
    json_out: JsonOut = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Score only the first N documents.")
    ] = None,
    failures: Annotated[
        int, typer.Option(min=0, help="Print up to N failed contrast items.")
    ] = 0,
    model: ModelOption = None,
    attribution_model: AttributionModelOption = None,
    folds: Annotated[
        int | None,
        typer.Option(min=2, help="Also cross-validate the learned said_on model over K document folds."),
    ] = None,
) -> None:
    """Statements, speakers, dates and addressees on any annotated JSONL (EVALUATION.md).

    Example: quotegraph evaluate gold data/contrast/contrast_set.jsonl --json contrast.json
    """
    chosen = check_attribution_model(attribution_model)
    from quotegraph.evaluate.gold import evaluate_gold
    from quotegraph.nlp import DEFAULT_MODEL
    from quotegraph.pipeline import Extractor

    result = _evaluate(lambda: evaluate_gold(path, Extractor(model or DEFAULT_MODEL, attribution_model=chosen),
                                             limit=limit, folds=folds), json_out)
    console = Console()
    for table in gold_tables(result):
        console.print(table)
    cv = result.get("cross_validation")
    if cv and cv.get("said_on"):
        said = cv["said_on"]
        console.print(f"said_on by {cv['k']}-fold document cross-validation of the learned model: "
                      f"{_num(said['accuracy'])} % right, false times {_num(said['false_time_rate'])} %")
    if result["contrast"] and failures:
        for item in result["contrast"]["failures"][:failures]:
            console.print(f"{item['id']} ({item['label']}): {item['predicted']} predicted "
                          f"{item['predictions']}", markup=False, highlight=False)  # fmt: skip
    if result["failed"]:
        typer.echo(f"extraction failed on {len(result['failed'])} document(s): "
                   f"{sorted(result['failed'])[:3]}", err=True)  # fmt: skip
