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

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_contrast_set import SourceError, check, make_statement, parse_marked, read_items, run

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
    items = read_items(source, BEATS, build_item)
    check(items, BEATS, "doc_id", "attributions", slack=len(items) // 10)
    if contrast is not None and contrast.is_file():
        check_apart(items, [json.loads(x)["text"] for x in contrast.read_text(encoding="utf-8").splitlines() if x])
    return items


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


if __name__ == "__main__":
    sys.exit(run(build, OUT, BEATS))
