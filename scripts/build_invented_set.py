#!/usr/bin/env python3
"""Build ``data/invented/saying_doing.jsonl``, the invented TRAINING set of saying and doing, from
its marked-up source and check every item.

The source (``data/invented/saying_doing_source.txt``) is written by hand for the project
(conventions: ``docs/invented-training-set.md``), one item per line, in the contrast set's mark-up
(``scripts/build_contrast_set.py``) with one addition, a second statement::

    # beat: tech
    A | Quillon Labs unveiled a folding tablet on Tuesday.
    S | {s:Quillon Labs} {c:said} {t:sales had doubled}. || Quillon Labs | organisation
    S | {s:Ana Brook} {c:said} {t:the deal was done} and {c2:added} {t2:it would close in May}. || Ana Brook | person || Ana Brook | person

The second statement's marks carry a ``2`` (``{t2:…}``, ``{c2:…}``, ``{s2:…}``, ``{a2:…}``) and
its speaker follows a second ``||``; without a ``{s2:…}`` mark it shares the first statement's
source span (*X said … and added …*). The output is in the ``meantime_attr`` format
(``doc_id``/``attributions``, plus ``beat`` and ``label``), so that ``quotegraph train polnear
--gold`` reads it.

It is training data and must stay apart from the contrast set (a test set): the build fails when
an item repeats a contrast item's text or shares a run of eight words with one.

    python scripts/build_invented_set.py            # write the JSONL
    python scripts/build_invented_set.py --check    # only check that the JSONL is up to date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_contrast_set import SourceError, make_statement, parse_marked

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "invented" / "saying_doing_source.txt"
OUT = ROOT / "data" / "invented" / "saying_doing.jsonl"
CONTRAST = ROOT / "data" / "contrast" / "contrast_set.jsonl"
BEATS = ("sports", "business", "science", "tech", "entertainment", "courts", "world", "local",
         "health", "weather")  # fmt: skip
# a shared run of this many words with a contrast item counts as a leak of the test set
LEAK_WORDS = 8


def build_item(beat: str, number: int, line: str) -> dict[str, object]:
    """One JSON item from one source line (``A | text`` or ``S | marked || speaker | kind [|| …]``)."""
    label_code, _, rest = line.partition("|")
    label_code = label_code.strip()
    doc_id = f"inv-{beat}-{number:03d}"
    if label_code == "A":
        text, spans = parse_marked(rest.strip())
        if spans:
            raise SourceError("an act carries no marks")
        return {"doc_id": doc_id, "beat": beat, "label": "act", "text": text, "attributions": []}
    if label_code != "S":
        raise SourceError(f"label must be A or S, not {label_code!r}")
    marked, *speakers = rest.split("||")
    if not speakers:
        raise SourceError("a statement needs '|| speaker | kind'")
    text, spans = parse_marked(marked.strip())
    suffixes = ["", "2"][: len(speakers)]
    if set(spans) - {role + s for role in "tcsa" for s in suffixes}:
        raise SourceError(f"marks {sorted(spans)} do not fit {len(speakers)} speaker(s)")
    statements = []
    for suffix, who in zip(suffixes, speakers, strict=True):
        speaker, _, kind = (p.strip() for p in who.partition("|"))
        if suffix and "s" + suffix not in spans and "s" in spans:
            spans["s" + suffix] = spans["s"]  # X said … and added …: one source for both
        statements.append(make_statement(text, spans, suffix, speaker, kind))
    if len(statements) == 2 and max(statements[0]["content"][0], statements[1]["content"][0]) < min(  # type: ignore[index]
            statements[0]["content"][1], statements[1]["content"][1]):  # type: ignore[index]
        raise SourceError("the two contents overlap")
    return {"doc_id": doc_id, "beat": beat, "label": "statement", "text": text, "attributions": statements}


def build(source: Path = SOURCE, contrast: Path | None = CONTRAST) -> list[dict[str, object]]:
    """Every item of the source, in order, checked (against the contrast set too, when given).

    Raises:
        SourceError: with the line number, on the first problem.
    """
    items: list[dict[str, object]] = []
    beat: str | None = None
    numbers: Counter[str] = Counter()
    for n, raw in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            m = re.fullmatch(r"#\s*beat:\s*(\w+)", line)
            if m:
                if m.group(1) not in BEATS:
                    raise SourceError(f"line {n}: unknown beat {m.group(1)!r}")
                beat = m.group(1)
            continue
        if beat is None:
            raise SourceError(f"line {n}: no '# beat:' line before the first item")
        numbers[beat] += 1
        try:
            items.append(build_item(beat, numbers[beat], line))
        except SourceError as exc:
            raise SourceError(f"line {n}: {exc}") from exc
    check(items)
    if contrast is not None and contrast.is_file():
        check_apart(items, [json.loads(x)["text"] for x in contrast.read_text(encoding="utf-8").splitlines() if x])
    return items


def check(items: list[dict[str, object]]) -> None:
    """Whole-set checks: offsets round-trip, no duplicate text, beats and labels balanced."""
    texts = Counter(str(i["text"]) for i in items)
    dupes = [t for t, k in texts.items() if k > 1]
    if dupes:
        raise SourceError(f"duplicate text: {dupes[0]!r}")
    by = Counter((i["beat"], i["label"]) for i in items)
    labels = Counter(i["label"] for i in items)
    if abs(labels["statement"] - labels["act"]) > len(items) // 10:
        raise SourceError(f"labels out of balance: {dict(labels)}")
    for beat in BEATS:
        if min(by[(beat, "statement")], by[(beat, "act")]) < 20:
            raise SourceError(f"beat {beat} is short: {dict(by)}")
    for item in items:
        text = str(item["text"])
        for st in item["attributions"]:  # type: ignore[attr-defined]
            for key in ("content", "cue", "source"):
                span = st[key]
                if span is not None and not 0 <= span[0] < span[1] <= len(text):
                    raise SourceError(f"{item['doc_id']}: {key} {span} outside the text")
            if st["source"] is not None and text[slice(*st["source"])] != st["source_text"]:
                raise SourceError(f"{item['doc_id']}: source text does not round-trip")
            if text[slice(*st["cue"])] != st["cue_text"]:
                raise SourceError(f"{item['doc_id']}: cue text does not round-trip")


def _runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + LEAK_WORDS]) for i in range(len(words) - LEAK_WORDS + 1)}


def check_apart(items: list[dict[str, object]], contrast_texts: list[str]) -> None:
    """Fail when a training item repeats a contrast item or shares ``LEAK_WORDS`` words in a row
    with one (the item's id is named, the test text is not shown)."""
    held = set(contrast_texts)
    runs = set().union(*map(_runs, contrast_texts)) if contrast_texts else set()
    for item in items:
        text = str(item["text"])
        if text in held or _runs(text) & runs:
            raise SourceError(f"{item['doc_id']} repeats words of the contrast set (a test set): rewrite it")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check the JSONL is current")
    args = parser.parse_args()
    try:
        items = build()
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    lines = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    if args.check:
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != lines:
            print(f"error: {OUT} is out of date: run scripts/build_invented_set.py", file=sys.stderr)
            return 1
    else:
        OUT.write_text(lines, encoding="utf-8")
    counts = Counter((str(i["beat"]), str(i["label"])) for i in items)
    n_st = sum(len(a) for a in (i["attributions"] for i in items) if isinstance(a, list))
    print(f"{len(items)} items, {n_st} statements: " + ", ".join(
        f"{b} {counts[(b, 'statement')]}/{counts[(b, 'act')]}" for b in BEATS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
