"""PolNeAR: read the brat gold of a split (texts, gold attributions, publication dates).

A PolNeAR data folder holds ``<split>/text/<article>.txt``, ``<split>/attributions/
<article>_<annotator>.ann`` (brat standoff) and ``metadata.tsv``. For each article the annotation
file that sorts first is the gold. ``T`` lines give labelled spans (``Source``, ``Cue``,
``Content`` — possibly discontinuous, ``start end;start end`` — and the ``Attribution`` /
``Attribution-no-source`` anchors); ``E`` lines tie them into one attribution
(``E1\\tAttribution:T4 Content:T3 Cue:T2 Source:T1``, roles possibly numbered: ``Content2:``).
``Discuss`` and ``Discard`` spans are annotators' notes, not attributions. Malformed lines are
skipped and counted, never fatal.

Both training (:mod:`quotegraph.training`) and evaluation (:mod:`quotegraph.evaluate.polnear`)
read the corpus here. It is only read from the folder given; nothing of it belongs in the
repository.
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from quotegraph.errors import EvaluationError

log = logging.getLogger(__name__)

Offsets = tuple[int, int]
_ROLES = {"Content": "content", "Source": "source", "Cue": "cue"}
_ANCHORS = {"Attribution", "Attribution-no-source"}


@dataclass(slots=True)
class GoldAttribution:
    """One gold attribution: character spans of its content, source (maybe none) and cue."""

    content: list[Offsets]
    source: list[Offsets] = field(default_factory=list)
    cue: list[Offsets] = field(default_factory=list)
    id: str = ""


@dataclass(slots=True)
class GoldArticle:
    """One article of a PolNeAR split with its gold attributions (in ``E``-line order)."""

    id: str
    text: str
    published: _dt.date | None
    attributions: list[GoldAttribution]
    annotator: str = ""


@dataclass(slots=True)
class PolnearSplit:
    """The articles of one split, plus what was skipped while reading them and why."""

    name: str
    articles: list[GoldArticle]
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def warn(self, reason: str, detail: str) -> None:
        self.skipped[reason] += 1
        if len(self.warnings) < 50:  # keep the first few details; the counter has the rest
            self.warnings.append(detail)


def parse_ann(
    ann: str, text_length: int, *, where: str = "", split: PolnearSplit | None = None
) -> list[GoldAttribution]:
    """Parse one brat ``.ann`` file into gold attributions.

    Args:
        ann: the file's content.
        text_length: length of the article text (spans beyond it are malformed).
        where: a name for warnings (the file).
        split: where skipped lines are counted; a throwaway one when ``None``.

    Returns:
        The attributions of the ``E`` lines, in file order; roles of the same kind
        (``Content``, ``Content2``) are merged, spans sorted.
    """
    sink = split or PolnearSplit("", [])
    spans: dict[str, list[Offsets]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for n, raw in enumerate(ann.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue  # blank lines and AnnotatorNotes are no annotation
        parts = raw.split("\t")
        if raw.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            if label in ("Discuss", "Discard"):
                continue
            pieces = _parse_offsets(offsets, text_length)
            if pieces is None:
                sink.warn("bad span", f"{where}:{n}: bad or out-of-range offsets {offsets!r}")
                continue
            spans[parts[0]] = pieces
        elif raw.startswith("E") and len(parts) >= 2:
            args = [a.partition(":") for a in parts[1].split()]
            if any(not sep or not tid for _, sep, tid in args):
                sink.warn("bad event", f"{where}:{n}: malformed event {parts[1]!r}")
                continue
            events.append((parts[0], [(role, tid) for role, _, tid in args]))
        else:
            # e.g. the continuation of a T line whose quoted text held a newline
            sink.warn("bad line", f"{where}:{n}: not a brat T/E line")
    out = []
    for eid, roles in events:
        att = GoldAttribution(content=[], id=eid)
        missing = False
        for role, tid in roles:
            base = role.rstrip("0123456789")
            if base in _ANCHORS:
                continue
            if base not in _ROLES:
                sink.warn("unknown role", f"{where}: {eid} has unknown role {role!r}")
                continue
            if tid not in spans:
                missing = True
                continue
            getattr(att, _ROLES[base]).extend(spans[tid])
        if missing:
            sink.warn("dangling event", f"{where}: {eid} refers to a missing or bad span")
        if not att.content:
            sink.warn("no content", f"{where}: {eid} has no content span; skipped")
            continue
        att.content.sort()
        att.source.sort()
        att.cue.sort()
        out.append(att)
    return out


def _parse_offsets(offsets: str, text_length: int) -> list[Offsets] | None:
    pieces = []
    for piece in offsets.split(";"):
        bounds = piece.split()
        if len(bounds) != 2 or not all(b.isdigit() for b in bounds):
            return None
        start, end = int(bounds[0]), int(bounds[1])
        if not 0 <= start < end <= text_length:
            return None
        pieces.append((start, end))
    return pieces or None


def read_metadata(folder: str | Path) -> dict[str, _dt.date | None]:
    """Publication dates by article file name from ``metadata.tsv`` (empty when absent)."""
    path = Path(folder) / "metadata.tsv"
    if not path.is_file():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        return {}
    header = lines[0].split("\t")
    if "filename" not in header or "publication_date" not in header:
        return {}
    name_at, date_at = header.index("filename"), header.index("publication_date")
    out: dict[str, _dt.date | None] = {}
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) <= max(name_at, date_at):
            continue
        try:
            out[cells[name_at]] = _dt.date.fromisoformat(cells[date_at].strip()[:10])
        except ValueError:
            out[cells[name_at]] = None
    return out


def read_polnear(path: str | Path, split: str = "dev", limit: int | None = None) -> PolnearSplit:
    """Read the texts and first-sorted annotation files of one PolNeAR split.

    Args:
        path: the PolNeAR data folder (holding ``<split>/text`` and ``<split>/attributions``).
        split: ``dev`` or ``train`` (any sub-folder laid out the same way).
        limit: read only the first ``limit`` articles (sorted by name).

    Returns:
        The split; articles without an annotation file are skipped and counted.

    Raises:
        EvaluationError: when the folder or the split is missing.
    """
    root = Path(path)
    if not root.is_dir():
        raise EvaluationError(f"PolNeAR folder not found: {root} (give the folder that holds "
                              "dev/ and train/)")  # fmt: skip
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        present = sorted(p.name for p in root.iterdir() if (p / "text").is_dir())
        raise EvaluationError(
            f"no split {split!r} in {root}: expected {split}/text and {split}/attributions"
            + (f" (splits there: {', '.join(present)})" if present else
               " — is this a PolNeAR data folder?")  # fmt: skip
        )
    dates = read_metadata(root)
    anns: dict[str, list[Path]] = {}
    for ann_file in sorted(ann_dir.glob("*.ann")):
        article, sep, _annotator = ann_file.stem.rpartition("_")
        anns.setdefault(article if sep else ann_file.stem, []).append(ann_file)
    result = PolnearSplit(split, [])
    for text_path in sorted(text_dir.glob("*.txt")):
        if limit is not None and len(result.articles) >= limit:
            break
        article_id = text_path.stem
        if article_id not in anns:
            result.warn("no annotation", f"{text_path.name}: no annotation file; skipped")
            continue
        try:
            text = text_path.read_text(encoding="utf-8")
            ann_path = anns[article_id][0]  # the file that sorts first is the gold
            ann = ann_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            result.warn("unreadable", f"{text_path.name}: {exc}; skipped")
            continue
        golds = parse_ann(ann, len(text), where=ann_path.name, split=result)
        annotator = ann_path.stem.rpartition("_")[2]
        result.articles.append(
            GoldArticle(article_id, text, dates.get(article_id), golds, annotator)
        )
    if not result.articles:
        raise EvaluationError(f"no annotated article in {text_dir} (check the folder layout)")
    if result.skipped:
        log.info("PolNeAR %s: skipped %s", split, dict(result.skipped))
    return result
