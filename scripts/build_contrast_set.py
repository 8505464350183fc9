#!/usr/bin/env python3
"""Build ``data/contrast/contrast_set.jsonl`` from its marked-up source and check every item.

The source (``data/contrast/contrast_source.txt``) holds one item per line, written by hand for
the project (conventions: ``docs/contrast-set.md``)::

    # beat: sports                                   <- sets the beat of the lines below
    A | The Mariners signed Tomas Reyes-Lindqvist on Tuesday.
    S | {s:Coach Ida Brandt} {c:said} {t:the team was tired}. || Ida Brandt | person

``A`` items are acts (no statement); ``S`` items hold exactly one statement, marked
``{s:source}``, ``{c:cue}`` (a cue may be marked in several pieces; the span runs from the first
to the last), ``{t:content}`` and optionally ``{a:addressee}``; after ``||`` come the speaker's
fullest name (``-`` for an unnamed source or a document whose maker goes unnamed) and the speaker kind. The marks are removed and each
span is recorded as character offsets into the clean text; this script then checks every
offset, the content convention (no quotation marks or final punctuation at its edges) and the
balance of beats and labels, and fails loudly on any problem.

    python scripts/build_contrast_set.py            # write the JSONL
    python scripts/build_contrast_set.py --check    # only check that the JSONL is up to date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "contrast" / "contrast_source.txt"
OUT = ROOT / "data" / "contrast" / "contrast_set.jsonl"
BEATS = ("sports", "business", "science", "entertainment", "courts", "world")
KINDS = ("person", "organisation", "group", "document", "unnamed")
# a role letter, with a digit for the second statement of an item (the invented training set)
MARK = re.compile(r"\{([stca]\d?):([^{}]*)\}")
OPEN_MARKS = "\"“‘'"
QUOTE_MARKS = "\"“”‘’'"
END_PUNCT = ".,;:!?"


class SourceError(Exception):
    """A line of the source breaks the format or the conventions."""


def parse_marked(marked: str) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """Remove the ``{x:…}`` marks from a line and return the clean text and the spans per role."""
    text: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {}
    pos = 0
    length = 0
    for m in MARK.finditer(marked):
        before = marked[pos : m.start()]
        text.append(before)
        length += len(before)
        spans.setdefault(m.group(1), []).append((length, length + len(m.group(2))))
        text.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    text.append(marked[pos:])
    clean = "".join(text)
    if "{" in clean or "}" in clean:
        raise SourceError("unbalanced or unknown mark")
    return clean, spans


def quote_kind(text: str, start: int, end: int) -> str:
    """direct when the content sits right inside quotation marks, mixed when it holds some."""
    if start > 0 and text[start - 1] in OPEN_MARKS:
        return "direct"
    return "mixed" if any(ch in text[start:end] for ch in "\"“”") else "indirect"


def make_statement(text: str, spans: dict[str, list[tuple[int, int]]], suffix: str, speaker: str,
                   kind: str) -> dict[str, object]:
    """One statement from the marks of a clean line (roles ``t``, ``c``, ``s``, ``a`` followed by
    ``suffix``), checked against the content convention."""
    if kind not in KINDS:
        raise SourceError(f"speaker kind must be one of {KINDS}, not {kind!r}")
    if kind == "unnamed" and speaker != "-" or speaker == "-" and kind not in ("unnamed", "document"):
        raise SourceError("speaker '-' (none named) goes with kind 'unnamed', or 'document'")
    for role in ("t", "c"):
        if role + suffix not in spans:
            raise SourceError(f"a statement needs a {{{role}{suffix}:…}} mark")
    t, c, s, a = (spans.get(role + suffix, []) for role in "tcsa")
    if len(t) != 1 or len(s) > 1 or len(a) > 1:
        raise SourceError("one content, at most one source and one addressee")
    (start, end), = t
    content = text[start:end]
    if content != content.strip() or not content:
        raise SourceError("content starts or ends with a space")
    # a mixed content may end on the closing mark of a quotation it holds
    closed = content[-1] in "\"”" and sum(map(content.count, "\"“”")) % 2 == 0
    if content[0] in QUOTE_MARKS or content[-1] in END_PUNCT or (
        content[-1] in QUOTE_MARKS and not closed
    ):
        raise SourceError(f"content keeps a quotation mark or final punctuation: {content!r}")
    cue = (c[0][0], c[-1][1])
    source = s[0] if s else None
    addressee = text[slice(*a[0])] if a else None
    for name, span in (("cue", cue), ("source", source)):
        if span is not None and max(span[0], start) < min(span[1], end):
            raise SourceError(f"the {name} overlaps the content")
    return {
        "content": [start, end],
        "kind": quote_kind(text, start, end),
        "cue": list(cue),
        "cue_text": text[cue[0] : cue[1]],
        "source": list(source) if source else None,
        "source_text": text[source[0] : source[1]] if source else None,
        "speaker": None if speaker == "-" else speaker,
        "speaker_kind": kind,
        "addressee": addressee,
    }


def build_item(beat: str, number: int, line: str) -> dict[str, object]:
    """One JSON item from one source line (``A | text`` or ``S | marked || speaker | kind``)."""
    label_code, _, rest = line.partition("|")
    label_code = label_code.strip()
    item_id = f"{beat}-{number:03d}"
    if label_code == "A":
        text, spans = parse_marked(rest.strip())
        if spans:
            raise SourceError("an act carries no marks")
        return {"id": item_id, "beat": beat, "label": "act", "text": text, "statements": []}
    if label_code != "S":
        raise SourceError(f"label must be A or S, not {label_code!r}")
    marked, sep, who = rest.partition("||")
    if not sep:
        raise SourceError("a statement needs '|| speaker | kind'")
    speaker, _, kind = (p.strip() for p in who.partition("|"))
    text, spans = parse_marked(marked.strip())
    if set(spans) - set("tcsa"):
        raise SourceError("a contrast item holds one statement (no numbered marks)")
    statement = make_statement(text, spans, "", speaker, kind)
    return {"id": item_id, "beat": beat, "label": "statement", "text": text,
            "statements": [statement]}  # fmt: skip


ItemBuilder = Callable[[str, int, str], dict[str, object]]


def read_items(source: Path, beats: Sequence[str], item: ItemBuilder) -> list[dict[str, object]]:
    """Every item of a marked-up source, in order: ``# beat: …`` lines set the beat, ``item``
    builds each other line from (beat, number within the beat, line).

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
                if m.group(1) not in beats:
                    raise SourceError(f"line {n}: unknown beat {m.group(1)!r}")
                beat = m.group(1)
            continue
        if beat is None:
            raise SourceError(f"line {n}: no '# beat:' line before the first item")
        numbers[beat] += 1
        try:
            items.append(item(beat, numbers[beat], line))
        except SourceError as exc:
            raise SourceError(f"line {n}: {exc}") from exc
    return items


def build(source: Path = SOURCE) -> list[dict[str, object]]:
    """Every item of the source, in order, checked.

    Raises:
        SourceError: with the line number, on the first problem.
    """
    items = read_items(source, BEATS, build_item)
    check(items)
    return items


def check(items: list[dict[str, object]], beats: Sequence[str] = BEATS, id_key: str = "id",
          statements_key: str = "statements", slack: int | None = None) -> None:
    """Whole-set checks: offsets round-trip, no duplicate text, beats and labels balanced (the
    counts of statement and act items may differ by ``slack``, by default the number of beats)."""
    texts = Counter(str(i["text"]) for i in items)
    dupes = [t for t, k in texts.items() if k > 1]
    if dupes:
        raise SourceError(f"duplicate text: {dupes[0]!r}")
    by = Counter((i["beat"], i["label"]) for i in items)
    labels = Counter(i["label"] for i in items)
    if abs(labels["statement"] - labels["act"]) > (len(beats) if slack is None else slack):
        raise SourceError(f"labels out of balance: {dict(labels)}")
    for beat in beats:
        if min(by[(beat, "statement")], by[(beat, "act")]) < 20:
            raise SourceError(f"beat {beat} is short: {dict(by)}")
    for item in items:
        text = str(item["text"])
        for st in item[statements_key]:  # type: ignore[attr-defined]
            for key in ("content", "cue", "source"):
                span = st[key]
                if span is not None and not 0 <= span[0] < span[1] <= len(text):
                    raise SourceError(f"{item[id_key]}: {key} {span} outside the text")
            for key in ("cue", "source"):
                if st[key] is not None and text[slice(*st[key])] != st[f"{key}_text"]:
                    raise SourceError(f"{item[id_key]}: {key} text does not round-trip")


def write_or_check(items: list[dict[str, object]], out: Path, only_check: bool, beats: Sequence[str]) -> int:
    """Write the items to ``out`` as JSONL (or, with ``only_check``, compare them with it) and
    print the counts per beat; the exit status."""
    lines = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    if only_check:
        if not out.is_file() or out.read_text(encoding="utf-8") != lines:
            print(f"error: {out} is out of date: run the script without --check", file=sys.stderr)
            return 1
    else:
        out.write_text(lines, encoding="utf-8")
    counts = Counter((str(i["beat"]), str(i["label"])) for i in items)
    statements = sum(len(s) for i in items for s in (i.get("statements", i.get("attributions")),)
                     if isinstance(s, list))  # fmt: skip
    print(f"{len(items)} items, {statements} statements: " + ", ".join(
        f"{b} {counts[(b, 'statement')]}/{counts[(b, 'act')]}" for b in beats))
    return 0


def run(build_set: Callable[[], list[dict[str, object]]], out: Path, beats: Sequence[str]) -> int:
    """The command line of a set's builder: build it, then write ``out`` or, with ``--check``,
    compare it; the exit status."""
    parser = argparse.ArgumentParser(description="Build a marked-up set's JSONL and check every item.")
    parser.add_argument("--check", action="store_true", help="only check the JSONL is current")
    args = parser.parse_args()
    try:
        items = build_set()
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return write_or_check(items, out, args.check, beats)


if __name__ == "__main__":
    sys.exit(run(build, OUT, BEATS))
