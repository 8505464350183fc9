"""Chosen candidates to :class:`~quotegraph.models.Attribution` records: kind, spans, nesting."""

from __future__ import annotations

from quotegraph.attribution.candidates import Candidate, QuoteIndex, reported_inside
from quotegraph.intervals import SpanIndex
from quotegraph.models import Addressee, Attribution, Span


def _kind(content: list[tuple[int, int]], quoted: bool, quotes: QuoteIndex) -> str:
    if quoted:
        return "direct"
    for s, e in content:
        for q in quotes.between(s - 1, e):
            if q.start >= s - 1 and q.start < e:
                covered = sum(pe - ps for ps, pe in q.pieces)
                if covered >= 0.9 * sum(pe - ps for ps, pe in content) and len(content) == len(q.pieces):
                    return "direct"
                return "mixed"
    return "indirect"


def to_attributions(cands: list[Candidate], text: str, quotes: QuoteIndex) -> list[Attribution]:
    """Attribution records for the chosen candidates (in text order), nesting included."""
    out: list[Attribution] = []
    for i, c in enumerate(cands, start=1):
        att = Attribution(
            id=f"a{i}",
            kind=_kind(c.content, c.quoted, quotes),  # type: ignore[arg-type]
            content=[Span.of(text, s, e) for s, e in c.content],
            cue=Span.of(text, *c.cue),
            source=Span.of(text, *c.source) if c.source else None,
            confidence=c.confidence,
        )
        if c.addressee_hint is not None:
            # the mention only; the speakers stage links it to an entity
            att.addressee = Addressee(Span.of(text, *c.addressee_hint))
        out.append(att)
    # nesting: a cue inside another attribution's content is reported by that attribution
    # an outer content's extent covers the inner one's: look only at those nearby, in order
    by_extent: SpanIndex[int] = SpanIndex()
    for n, att in enumerate(out):
        by_extent.add(att.start, att.end, n)
    for inner in out:
        best = None
        if inner.cue is None:
            continue
        near = sorted(n for s, e, n in by_extent.near(inner.start, inner.end) if s <= inner.start and inner.end <= e)
        for outer in (out[n] for n in near):
            if outer is inner:
                continue
            if reported_inside((inner.cue.start, inner.cue.end), inner.start, inner.end,
                               [(s.start, s.end) for s in outer.content]):
                if best is None or (outer.end - outer.start) < (best.end - best.start):
                    best = outer
        if best is not None:
            inner.parent = best.id
    # inside someone's words only clear speech counts as a nested statement
    kept = [a for a in out if a.parent is None or a.confidence >= 0.6 and a.source is not None]
    new_ids = {a.id: f"a{i}" for i, a in enumerate(kept, start=1)}
    for a in kept:
        a.id = new_ids[a.id]
        a.parent = new_ids.get(a.parent) if a.parent else None
    return kept
