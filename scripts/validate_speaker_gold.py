"""Check a speaker + said_on gold JSONL against the PolNeAR split it annotates.

Checks, for every line: the fields and their types, that no corpus text is stored (only labels and
offsets), that every offset lies inside the article, that the content and source offsets are those
of the PolNeAR gold attribution at that index (first/last character of its spans, the reading of
:func:`quotegraph.evaluate.polnear.read_polnear`), that ``said_on`` has one of the allowed shapes
and comes with evidence, and that no (article, index) repeats.

Usage:
    python scripts/validate_speaker_gold.py data/speakers/polnear_train_speakers.jsonl \
        --polnear /path/to/polnear --split train

Exit status 0 when every line passes, 1 otherwise (each problem printed).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from quotegraph.evaluate.polnear import GoldArticle, read_polnear

KINDS = {"person", "organization", "group", "document", "other"}
FIELDS: dict[str, tuple[type, ...]] = {
    "article": (str,),
    "index": (int,),
    "content_start": (int,),
    "content_end": (int,),
    "source_start": (int,),
    "source_end": (int,),
    "speaker": (str, type(None)),
    "speaker_kind": (str,),
    "said_on": (str, type(None)),
    "time_evidence": (list, type(None)),
    "addressee": (str, type(None)),
    "note": (str, type(None)),
}
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?")


def check_line(line: dict[str, Any], article: GoldArticle | None) -> list[str]:
    """Problems of one gold line (empty when it passes).

    Args:
        line: the parsed JSON object.
        article: the PolNeAR article it names, or ``None`` when the split lacks it.

    Returns:
        One message per problem.
    """
    problems = []
    for name, types in FIELDS.items():
        if name not in line:
            problems.append(f"missing field {name!r}")
        elif not isinstance(line[name], types) or isinstance(line[name], bool):
            problems.append(f"{name} has type {type(line[name]).__name__}")
    extra = set(line) - set(FIELDS)
    if extra:
        problems.append(f"unexpected fields {sorted(extra)} (labels and offsets only)")
    if problems:
        return problems
    if article is None:
        return [f"article {line['article']!r} not in the split"]
    if line["speaker_kind"] not in KINDS:
        problems.append(f"speaker_kind {line['speaker_kind']!r} not one of {sorted(KINDS)}")
    if line["said_on"] is not None and not DATE.fullmatch(line["said_on"]):
        problems.append(f"said_on {line['said_on']!r} is not YYYY[-MM[-DD]] or YYYY-Www")
    evidence = line["time_evidence"]
    if evidence is not None and (len(evidence) != 2 or not all(isinstance(v, int) for v in evidence)):
        problems.append("time_evidence is not [start, end]")
        evidence = None
    if (line["said_on"] is None) != (line["time_evidence"] is None):
        problems.append("said_on and time_evidence must be given together")
    n = len(article.text)
    spans = {"content": (line["content_start"], line["content_end"]),
             "source": (line["source_start"], line["source_end"])}  # fmt: skip
    if evidence is not None:
        spans["time_evidence"] = (evidence[0], evidence[1])
    for name, (start, end) in spans.items():
        if not 0 <= start < end <= n:
            problems.append(f"{name} offsets {start}-{end} outside the article (length {n})")
    index = line["index"]
    if not 0 <= index < len(article.attributions):
        problems.append(f"index {index} beyond the article's {len(article.attributions)} attributions")
        return problems
    gold = article.attributions[index]
    if not gold.source:
        problems.append(f"gold attribution {index} has no source span")
        return problems
    want_content = (min(s for s, _ in gold.content), max(e for _, e in gold.content))
    want_source = (min(s for s, _ in gold.source), max(e for _, e in gold.source))
    if spans["content"] != want_content:
        problems.append(f"content {spans['content']} != PolNeAR gold {want_content}")
    if spans["source"] != want_source:
        problems.append(f"source {spans['source']} != PolNeAR gold {want_source}")
    for name in ("speaker", "addressee", "note"):
        value = line[name]
        # a stored label is a name, not a passage: long values would be corpus text
        if value is not None and len(value) > 200:
            problems.append(f"{name} is {len(value)} characters long (labels only)")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Validate a gold file; print each problem; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--polnear", type=Path, default=Path("/work/shared/data/polnear"))
    parser.add_argument("--split", default="train")
    args = parser.parse_args(argv)
    split = read_polnear(args.polnear, args.split)
    articles = {a.id: a for a in split.articles}
    seen: set[tuple[str, int]] = set()
    bad = lines = 0
    for number, raw in enumerate(args.gold.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        lines += 1
        try:
            line = json.loads(raw)
        except json.JSONDecodeError as exc:
            print(f"{args.gold}:{number}: not JSON ({exc})")
            bad += 1
            continue
        problems = check_line(line, articles.get(line.get("article", "")))
        key = (line.get("article"), line.get("index"))
        if key in seen:
            problems.append("repeats an (article, index) pair")
        seen.add(key)  # type: ignore[arg-type]
        for problem in problems:
            print(f"{args.gold}:{number}: {problem}")
        bad += bool(problems)
    covered = {a for a, _ in seen}
    missing = [
        (a, i) for a in sorted(covered) if a in articles
        for i, att in enumerate(articles[a].attributions) if att.source and (a, i) not in seen
    ]  # fmt: skip
    for article, index in missing:
        print(f"{args.gold}: {article} index {index} has a source span but no line")
    print(f"{lines} lines, {len(covered)} articles, {bad} with problems, {len(missing)} missing")
    return 1 if bad or missing else 0


if __name__ == "__main__":
    sys.exit(main())
