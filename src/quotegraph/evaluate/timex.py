"""TempEval-3 style scoring of time expressions against TIMEX3 gold (e.g. MEANTIME).

Input: a JSONL file, one article a line: ``{"doc_id", "title", "dct", "text", "timexes": [{"start",
"end", "text", "type", "value"}]}``. Each text is parsed with quotegraph's spaCy pipeline and
``quotegraph.timing.find_time_expressions`` runs with the ``dct`` as publication date.

Figures (micro-averaged over the file):
- relaxed extent P/R/F1: a prediction and a gold expression match when their spans overlap
  (each used at most once, greedy by overlap);
- strict extent P/R/F1: identical spans;
- value P/R/F1: relaxed matches whose normalised values are equal (P over all predictions, R over
  all gold expressions);
- type accuracy: among relaxed matches, the share with the gold TIMEX3 type.

Scope: MEANTIME annotates only the opening sentences of each article (title plus four sentences:
no gold expression of the 120 articles lies beyond line 5), so unannotated later sentences would
count every correct prediction there as spurious. By default the scored region is the lines the
gold annotates anywhere in the file (``scope_lines="auto"``: one more than the largest line index
holding a gold expression); predictions after it are set aside, and the result says so.
``scope_lines=None`` scores whole texts.
"""

from __future__ import annotations

import bisect
import datetime as dt
from pathlib import Path
from typing import Any

from quotegraph.corpora.jsonl import read_json_lines
from quotegraph.errors import EvaluationError


def _prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2)}


def _match(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pair overlapping predictions and gold expressions, largest overlap first, one-to-one."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            overlap = min(p["end"], g["end"]) - max(p["start"], g["start"])
            if overlap > 0:
                pairs.append((overlap, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, i, j in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched.append((i, j))
    return matched


def read_timex_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read a TIMEX3 gold file, checking the fields each line needs.

    Raises:
        EvaluationError: when the file is missing or a line is not a gold record.
    """
    path = Path(path)

    def check(doc: Any) -> None:
        doc["text"], doc["timexes"]

    return read_json_lines(
        path,
        missing=f"{path}: no such file; give the path of a TIMEX3 JSONL file",
        bad_line=lambda n, exc: f"{path}:{n}: not a TIMEX3 record (needs text, dct, timexes): {exc}",
        check=check,
    )


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def _auto_scope(docs: list[dict[str, Any]]) -> int:
    """One more than the largest line index holding a gold expression in the whole file."""
    deepest = 0
    for doc in docs:
        starts = _line_starts(doc["text"])
        for timex in doc["timexes"]:
            deepest = max(deepest, bisect.bisect_right(starts, timex["start"]) - 1)
    return deepest + 1


def evaluate_timex(
    path: str | Path, model: str | None = None, scope_lines: int | str | None = "auto"
) -> dict[str, Any]:
    """Score ``find_time_expressions`` on a TIMEX3 gold JSONL file.

    Args:
        path: the JSONL file (format of ``meantime_en_timex.jsonl``).
        model: spaCy pipeline name; the quotegraph default when ``None``.
        scope_lines: score only the first N lines of each text; ``"auto"`` takes the lines the
            gold annotates (see the module docstring); ``None`` scores whole texts.

    Returns:
        ``{"documents", "scope_lines", "gold", "predicted", "relaxed", "strict", "value",
        "type_accuracy", "errors"}`` where relaxed/strict/value hold precision, recall, f1 in percent and
        ``errors`` lists value mismatches and misses for inspection.
    """
    from quotegraph.nlp import load_pipeline, parse_texts
    from quotegraph.timing import find_time_expressions

    docs = read_timex_jsonl(path)
    if scope_lines == "auto":
        scope_lines = _auto_scope(docs)
    if scope_lines is not None and not isinstance(scope_lines, int):
        raise EvaluationError(f"scope_lines must be a number of lines, 'auto' or None, not {scope_lines!r}")
    nlp = load_pipeline(model) if model else load_pipeline()
    n_gold = n_pred = relaxed = strict = value_ok = type_ok = 0
    errors: list[dict[str, Any]] = []
    for doc, record in parse_texts(nlp, ((d["text"], d) for d in docs)):  # as the extractor parses
        dct = record.get("dct")
        published = dt.date.fromisoformat(dct[:10]) if dct else None
        pred = [t.to_dict() for t in find_time_expressions(doc, published)]
        if scope_lines is not None:
            starts = _line_starts(record["text"])
            limit = starts[scope_lines] if scope_lines < len(starts) else len(record["text"]) + 1
            pred = [p for p in pred if p["start"] < limit]
        gold = record["timexes"]
        n_gold += len(gold)
        n_pred += len(pred)
        matched = _match(pred, gold)
        hit_p = {i for i, _ in matched}
        hit_g = {j for _, j in matched}
        for i, j in matched:
            p, g = pred[i], gold[j]
            relaxed += 1
            strict += p["start"] == g["start"] and p["end"] == g["end"]
            type_ok += p["type"] == g["type"]
            if p["value"] == g["value"]:
                value_ok += 1
            else:
                errors.append({"doc": record.get("doc_id"), "dct": dct, "kind": "value",
                               "gold": [g["text"], g["value"]], "pred": [p["text"], p["value"]]})
        errors += [{"doc": record.get("doc_id"), "dct": dct, "kind": "missed", "gold": [g["text"], g["value"]]}
                   for j, g in enumerate(gold) if j not in hit_g]
        errors += [{"doc": record.get("doc_id"), "dct": dct, "kind": "spurious", "pred": [p["text"], p["value"]]}
                   for i, p in enumerate(pred) if i not in hit_p]
    return {
        "documents": len(docs),
        "scope_lines": scope_lines,
        "gold": n_gold,
        "predicted": n_pred,
        "relaxed": _prf(relaxed, n_pred, relaxed, n_gold),
        "strict": _prf(strict, n_pred, strict, n_gold),
        "value": _prf(value_ok, n_pred, value_ok, n_gold),
        "type_accuracy": round(100 * type_ok / relaxed, 2) if relaxed else 0.0,
        "errors": errors,
    }


def print_timex_table(result: dict[str, Any]) -> None:
    """Print the figures of :func:`evaluate_timex` as a rich table."""
    from rich.console import Console
    from rich.table import Table

    scope = result.get("scope_lines")
    where = f"first {scope} lines of each text" if scope else "whole texts"
    table = Table(title=f"Time expressions: {result['documents']} documents ({where}), "
                        f"{result['gold']} gold, {result['predicted']} predicted")
    table.add_column("figure")
    for column in ("P", "R", "F1"):
        table.add_column(column, justify="right")
    for key, label in (("relaxed", "relaxed extent"), ("strict", "strict extent"), ("value", "value")):
        row = result[key]
        table.add_row(label, f"{row['precision']:.1f}", f"{row['recall']:.1f}", f"{row['f1']:.1f}")
    table.add_row("type accuracy", "", "", f"{result['type_accuracy']:.1f}")
    Console().print(table)
