"""Print an annotation sheet for one PolNeAR article, and a skeleton of its speaker gold lines.

The sheet is what an annotator of the speaker / said_on / addressee gold reads
(``docs/annotation-speakers.md``): the publication date, the text with the character offset of
every line, and every gold attribution that has a source, with its content, source and cue spans
as PolNeAR gives them. The skeleton holds one JSON line per such attribution with the offsets
filled in from the PolNeAR gold and every label empty (``null``): the annotator fills the labels
from reading the text, never from quotegraph's output. ``--find`` prints the offsets of a phrase,
for ``time_evidence``.

The sheet prints corpus text to the terminal only; the skeleton and the filled lines hold labels
and offsets only.

Usage:
    python scripts/annotation_sheet.py ARTICLE [--polnear DIR] [--split train] [--skeleton OUT.jsonl]
    python scripts/annotation_sheet.py ARTICLE --find "on Friday"
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quotegraph.corpora.polnear import GoldArticle, read_polnear


def skeleton(article: GoldArticle) -> list[dict[str, object]]:
    """One empty gold line per attribution with a source span (``index`` counts them all)."""
    lines: list[dict[str, object]] = []
    for index, gold in enumerate(article.attributions):
        if not gold.source:
            continue
        lines.append({
            "article": article.id, "index": index,
            "content_start": min(s for s, _ in gold.content), "content_end": max(e for _, e in gold.content),
            "source_start": min(s for s, _ in gold.source), "source_end": max(e for _, e in gold.source),
            "speaker": None, "speaker_kind": None, "said_on": None, "time_evidence": None,
            "addressee": None, "note": None,
        })
    return lines


def sheet(article: GoldArticle) -> str:
    """The text with line offsets, then each attribution with a source and its spans."""
    text = article.text
    out = [f"# {article.id}", f"published: {article.published}", "", "## text (offset: line)"]
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            out.append(f"[{offset}] {line}")
        offset += len(line) + 1
    out += ["", "## attributions with a source (index: spans as [start, end) 'text')"]

    def show(spans: list[tuple[int, int]]) -> str:
        return " … ".join(f"[{s}, {e}) {text[s:e]!r}" for s, e in spans) or "—"

    for index, gold in enumerate(article.attributions):
        if not gold.source:
            continue
        out += [f"{index}:", f"    source:  {show(gold.source)}", f"    cue:     {show(gold.cue)}",
                f"    content: {show(gold.content)}"]
    return "\n".join(out)


def find(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every occurrence of ``phrase`` in ``text`` as ``(start, end)``."""
    hits, at = [], text.find(phrase)
    while at >= 0:
        hits.append((at, at + len(phrase)))
        at = text.find(phrase, at + 1)
    return hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", help="the article's file name without .txt")
    parser.add_argument("--polnear", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--split", default="train")
    parser.add_argument("--skeleton", type=Path, help="write the empty gold lines here")
    parser.add_argument("--find", help="print the offsets of this phrase instead of the sheet")
    args = parser.parse_args(argv)
    split = read_polnear(args.polnear, args.split)
    article = next((a for a in split.articles if a.id == args.article), None)
    if article is None:
        print(f"{args.article}: not an article of {args.polnear}/{args.split} with annotations", file=sys.stderr)
        return 1
    if args.find is not None:
        for start, end in find(article.text, args.find):
            context = article.text[max(0, start - 40):end + 40].replace("\n", " ")
            print(f"[{start}, {end}]  …{context}…")
        return 0
    print(sheet(article))
    if args.skeleton is not None:
        args.skeleton.write_text("".join(json.dumps(line) + "\n" for line in skeleton(article)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
