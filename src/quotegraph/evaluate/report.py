"""Rich tables of evaluation figures (the dicts of :mod:`quotegraph.evaluate.metrics`)."""

from __future__ import annotations

from typing import Any

from rich.table import Table


def _num(value: Any) -> str:
    return "–" if value is None else f"{value:.1f}"


def _prf_row(name: str, fig: dict[str, Any], note: str = "") -> list[str]:
    return [name, _num(fig["p"]), _num(fig["r"]), _num(fig["f1"]), note]


def _acc_row(name: str, fig: dict[str, Any]) -> list[str]:
    return [name, "", "", _num(fig["value"]), f"{fig['right']}/{fig['total']}"]


def attribution_tables(result: dict[str, Any]) -> list[Table]:
    """The main figures, the breakdown by kind and by part, as rich tables.

    Args:
        result: the dict :func:`quotegraph.evaluate.polnear.evaluate_polnear` (or
            :func:`quotegraph.evaluate.metrics.figures`) returns.

    Returns:
        Tables to print in order.
    """
    title = f"PolNeAR {result.get('split', '')}".strip() if result.get("corpus") else "Attribution"
    main = Table(
        title=f"{title}: {result['articles']} articles, {result['gold']} gold, "
        f"{result['predicted']} predicted attributions (percent)"
    )
    for col in ("figure", "P", "R", "F1 / acc.", "count"):
        main.add_column(col, justify="left" if col == "figure" else "right")
    main.add_row(*_prf_row("content exact (J = 1)", result["content_exact"],
                           str(result["content_exact"]["tp"])))  # fmt: skip
    main.add_row(*_prf_row("content partial (J ≥ 0.5)", result["content_partial"],
                           str(result["content_partial"]["tp"])))  # fmt: skip
    main.add_row(*_prf_row("content lenient (J > 0)", result["content_lenient"],
                           str(result["content_lenient"]["tp"])))  # fmt: skip
    main.add_row(*_prf_row("content tokens", result["content_token"],
                           str(result["content_token"]["tp"])))  # fmt: skip
    main.add_row(*_acc_row("source accuracy", result["source_accuracy"]))
    main.add_row(*_acc_row("cue accuracy", result["cue_accuracy"]))
    main.add_row(*_prf_row("end-to-end", result["end_to_end"], str(result["end_to_end"]["tp"])))
    main.add_row(*_acc_row("direct-quote recall", result["direct_quote_recall"]))

    kinds = Table(title="By kind (classified from the text; P over predictions, R over gold)")
    for col in ("kind", "gold", "pred", "partial P", "partial R", "partial F1", "e2e F1",
                "source acc."):  # fmt: skip
        kinds.add_column(col, justify="left" if col == "kind" else "right")
    for kind, fig in result["by_kind"].items():
        kinds.add_row(
            kind,
            str(fig["gold"]),
            str(fig["predicted"]),
            _num(fig["partial"]["p"]),
            _num(fig["partial"]["r"]),
            _num(fig["partial"]["f1"]),
            _num(fig["end_to_end"]["f1"]),
            _num(fig["source_accuracy"]["value"]),
        )

    parts = Table(
        title="By part (token P/R/F1 over all spans of the part; accuracy over partial matches)"
    )
    for col in ("part", "token P", "token R", "token F1", "accuracy"):
        parts.add_column(col, justify="left" if col == "part" else "right")
    by_part = result["by_part"]
    parts.add_row("content", *(_num(by_part["content"]["token"][k]) for k in ("p", "r", "f1")),
                  f"partial F1 {_num(by_part['content']['partial']['f1'])}")  # fmt: skip
    for part in ("source", "cue"):
        fig = by_part[part]
        parts.add_row(part, *(_num(fig["token"][k]) for k in ("p", "r", "f1")),
                      _num(fig["accuracy"]["value"]))  # fmt: skip
    tables = [main, kinds, parts]

    confusion = result.get("kind_confusion") or {}
    if confusion:
        declared = sorted({d for row in confusion.values() for d in row})
        conf = Table(title="Kind declared by the extractor vs gold kind (partial matches)")
        conf.add_column("gold \\ declared")
        for d in declared:
            conf.add_column(d, justify="right")
        for gold_kind, row in confusion.items():
            conf.add_row(gold_kind, *(str(row.get(d, 0)) for d in declared))
        tables.append(conf)
    return tables


def speaker_table(result: dict[str, Any]) -> Table:
    """Speaker accuracy overall and by gold source kind (``score_speakers``'s dict)."""

    def pct(x: Any) -> str:
        return "–" if x is None else f"{100 * x:.1f}"

    table = Table(title=f"Speakers: {result.get('total', 0)} gold lines, "
                        f"{result.get('matched', 0)} partially matched")  # fmt: skip
    confusion_cols = ("wrong_name", "missed", "false_name")
    for col in ("source kind", "gold", "matched", "right", "accuracy", *confusion_cols):
        table.add_column(col.replace("_", " "), justify="left" if col == "source kind" else "right")
    confusion = result.get("confusion") or {}
    for kind, fig in (result.get("by_kind") or {}).items():
        table.add_row(kind, str(fig.get("total", "")), str(fig.get("matched", "")),
                      str(fig.get("right", "")), pct(fig.get("accuracy")),
                      *(str(confusion.get(kind, {}).get(c, 0)) for c in confusion_cols))  # fmt: skip
    table.add_row(
        "all",
        str(result.get("total", "")),
        str(result.get("matched", "")),
        str(result.get("correct", "")),
        pct(result.get("accuracy")),
        *(str(sum(c.get(col, 0) for c in confusion.values())) for col in confusion_cols),
        style="bold",
    )
    time = result.get("time")
    if time:
        table.caption = (
            f"said_on over matched lines: time accuracy {pct(time.get('accuracy'))} % "
            f"({time.get('right')}/{time.get('dated')} dated), false-time rate "
            f"{pct(time.get('false_time_rate'))} % ({time.get('false_times')}/{time.get('undated')} undated)"
        )
    return table


def _pct(x: Any) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def speaker_kind_table(result: dict[str, Any]) -> Table:
    """Speaker accuracy by gold ``speaker_kind`` and the addressee figures (``score_speakers``'s
    dict)."""
    table = Table(title="Speaker accuracy by gold speaker kind")
    for col in ("speaker kind", "gold", "matched", "right", "accuracy"):
        table.add_column(col, justify="left" if col == "speaker kind" else "right")
    for kind, fig in (result.get("by_speaker_kind") or {}).items():
        table.add_row(kind, str(fig["total"]), str(fig["matched"]), str(fig["right"]), _pct(fig["accuracy"]))
    addressee = result.get("addressee")
    if addressee:
        table.caption = (
            f"addressee over matched lines: found {_pct(addressee['found_rate'])} % "
            f"({addressee['found']}/{addressee['addressed']} addressed), falsely given "
            f"{_pct(addressee['falsely_given_rate'])} % "
            f"({addressee['falsely_given']}/{addressee['unaddressed']} unaddressed)"
        )
    return table


def fold_table(cv: dict[str, Any]) -> Table:
    """Per-fold figures and their mean ± sd (``cross_validate``'s dict), in percent: one row per
    figure, one column per fold (so that any number of folds fits a terminal)."""
    folds = cv["folds"]
    table = Table(title=f"{cv['k']} article folds (each fold scored as the held one)")
    table.add_column("figure")
    for fold in folds:
        table.add_column(f"fold {fold['fold']}", justify="right")
    table.add_column("mean±sd", justify="right", style="bold")

    def cell(x: Any) -> str:
        return "–" if x is None else f"{x:.1f}"

    table.add_row("articles / lines", *(f"{f['articles']}/{f['lines']}" for f in folds), "")
    for key, summary in cv["summary"].items():
        both = "–" if summary["mean"] is None else f"{summary['mean']:.1f}±{summary['sd']:.1f}"
        table.add_row(key.replace("_", " "), *(cell(f.get(key)) for f in folds), both)
    return table
