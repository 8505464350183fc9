"""Cut an article's text into segments marked as content, cue or source of its statements.

Spans of different statements may overlap (a nested statement inside its parent's content), so
the text is cut at every span boundary and each piece lists every statement covering it. The
templates render each piece as one ``<span>`` whose text Jinja escapes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from quotegraph.web.filters import anchor, when

ROLES = ("cue", "source", "content")  # the first role wins when one piece has several


@dataclass(frozen=True, slots=True)
class Mark:
    """A statement as the page shows it: its spans and the words of its hover text."""

    id: str
    kind: str
    speaker: str
    date: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, role)
    speaker_id: str | None = None
    #: The statement's id within its article (``a3``): its anchor on the article page.
    local_id: str = ""
    #: The statement's words (its content text).
    text: str = ""


@dataclass(slots=True)
class Segment:
    """A piece of text and the statements covering it."""

    text: str
    role: str | None = None
    marks: list[Mark] = field(default_factory=list)

    @property
    def css(self) -> str:
        """CSS classes of the piece."""
        return f"hl hl-{self.role}" if self.role else ""

    @property
    def att_ids(self) -> str:
        """Ids of the covering statements, space-separated (for the hover script)."""
        return " ".join(m.id for m in self.marks)

    @property
    def title(self) -> str:
        """Hover text: speaker, date and kind of every covering statement."""
        return "\n".join(f"{m.speaker} — {m.date} ({m.kind})" for m in self.marks)


def _span(data: dict[str, Any] | None) -> tuple[int, int] | None:
    if not data:
        return None
    return int(data["start"]), int(data["end"])


def _date_label(said_on: dict[str, Any] | None, fallback: str | None) -> str:
    if said_on and (said_on.get("start") or said_on.get("value")):
        return f"said {when(said_on)}"
    if fallback:
        return f"{fallback} (publication date)"
    return "date unknown"


def marks_of_stored(attributions: list[dict[str, Any]], published: str | None) -> list[Mark]:
    """Marks of a stored article's attributions (``StoredAttribution.to_dict()``)."""
    out = []
    for a in attributions:
        spans = [(s["start"], s["end"], "content") for s in a.get("content", [])]
        for role in ("cue", "source"):
            sp = _span(a.get(role))
            if sp:
                spans.append((sp[0], sp[1], role))
        out.append(Mark(
            id=a["id"], kind=a["kind"], speaker=a.get("speaker_name") or "unknown speaker",
            date=_date_label(a.get("said_on"), published), spans=tuple(spans),
            speaker_id=a.get("speaker_id"), local_id=a.get("local_id") or anchor(a["id"]),
            text=a.get("content_text") or "",
        ))
    return out


def marks_of_result(result: dict[str, Any]) -> list[Mark]:
    """Marks of an extraction in the contract JSON (``ExtractionResult.to_dict()``)."""
    published = (result.get("article") or {}).get("published")
    out = []
    for a in result.get("attributions", []):
        spans = [(s["start"], s["end"], "content") for s in a.get("content", [])]
        for role in ("cue", "source"):
            sp = _span(a.get(role))
            if sp:
                spans.append((sp[0], sp[1], role))
        speaker = (a.get("speaker") or {}).get("name") or ((a.get("source") or {}).get("text")) or "unknown speaker"
        words = " … ".join(s.get("text", "") for s in a.get("content", []))
        out.append(Mark(id=a["id"], kind=a["kind"], speaker=speaker,
                        date=_date_label(a.get("said_on"), published), spans=tuple(spans),
                        local_id=a["id"], text=words))
    return out


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut ``text`` at every span boundary of ``marks``.

    Args:
        text: the article text the spans index.
        marks: the statements.

    Returns:
        Pieces in text order that join back to ``text`` exactly.
    """
    n = len(text)
    cuts = {0, n}
    for m in marks:
        for start, end, _ in m.spans:
            cuts.add(max(0, min(n, start)))
            cuts.add(max(0, min(n, end)))
    bounds = sorted(cuts)
    out: list[Segment] = []
    for lo, hi in itertools.pairwise(bounds):
        if lo >= hi:
            continue
        covering: list[Mark] = []
        roles: set[str] = set()
        for m in marks:
            for start, end, span_role in m.spans:
                if start <= lo and hi <= end:
                    roles.add(span_role)
                    if m not in covering:
                        covering.append(m)
        role = next((r for r in ROLES if r in roles), None)
        out.append(Segment(text[lo:hi], role, covering))
    return out
