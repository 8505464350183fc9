"""Agreement between two annotation passes of the speaker + said_on gold.

Lines are matched on (article, index); only lines present in both files count. Reports, over the
matched lines, the share on which the passes agree for ``speaker`` (exact match after folding case
and spaces; two ``null`` agree), ``speaker_kind``, ``said_on`` (exact value; two ``null`` agree)
and ``addressee``; for ``speaker_kind`` also Cohen's kappa. Disagreements are listed with
``--show`` (labels only: no corpus text is read).

Usage:
    python scripts/annotation_agreement.py data/speakers/polnear_train_speakers.jsonl \
        data/speakers/polnear_train_speakers_second.jsonl [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

FIELDS = ("speaker", "speaker_kind", "said_on", "addressee")


def read_lines(path: Path) -> dict[tuple[str, int], dict[str, Any]]:
    """The gold lines of one file keyed by (article, index)."""
    out = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            line = json.loads(raw)
            out[(line["article"], line["index"])] = line
    return out


def norm(field: str, value: Any) -> Any:
    """The value as compared: names fold case and spaces; other fields compare exactly."""
    if value is None or field not in ("speaker", "addressee"):
        return value
    return " ".join(str(value).casefold().split())


def cohen_kappa(pairs: list[tuple[Any, Any]]) -> float:
    """Cohen's kappa of two raters' labels (1.0 when both use one label throughout)."""
    if not pairs:
        return float("nan")
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(
    first: dict[tuple[str, int], dict[str, Any]], second: dict[tuple[str, int], dict[str, Any]]
) -> dict[str, Any]:
    """Per-field agreement over the lines both passes hold.

    Args:
        first: the first pass, keyed by (article, index).
        second: the second pass, keyed the same way.

    Returns:
        ``lines``, ``articles``, per field ``{field: {"agree": n, "share": x}}``, ``kind_kappa``
        and ``disagreements`` (key, field, first value, second value).
    """
    keys = sorted(set(first) & set(second))
    result: dict[str, Any] = {"lines": len(keys), "articles": len({a for a, _ in keys})}
    disagreements = []
    for field in FIELDS:
        agree = 0
        for key in keys:
            a, b = first[key].get(field), second[key].get(field)
            if norm(field, a) == norm(field, b):
                agree += 1
            else:
                disagreements.append((key, field, a, b))
        result[field] = {"agree": agree, "share": agree / len(keys) if keys else float("nan")}
    result["kind_kappa"] = cohen_kappa(
        [(first[k]["speaker_kind"], second[k]["speaker_kind"]) for k in keys]
    )
    result["disagreements"] = disagreements
    return result


def main(argv: list[str] | None = None) -> int:
    """Print the agreement of two passes; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--show", action="store_true", help="list the disagreements")
    args = parser.parse_args(argv)
    result = agreement(read_lines(args.first), read_lines(args.second))
    print(f"{result['lines']} lines in {result['articles']} articles annotated twice")
    for field in FIELDS:
        f = result[field]
        print(f"  {field:13} {f['agree']:4d}/{result['lines']}  {100 * f['share']:.1f} %")
    print(f"  speaker_kind Cohen's kappa {result['kind_kappa']:.3f}")
    if args.show:
        for (article, index), field, a, b in result["disagreements"]:
            print(f"  {article} #{index} {field}: {a!r} vs {b!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
