"""The data every attribution finder shares: a candidate attribution and the document's quotes.

Candidates carry character offsets into the parsed text; the rules propose them, the trained
model (``model.py``) scores and picks among them, and ``convert.to_attributions`` turns the chosen
ones into :class:`quotegraph.models.Attribution` records.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from quotegraph.attribution.quotes import Quote, find_quotes


@dataclass
class Candidate:
    """A possible attribution: character ranges of its cue, source and content pieces.

    ``rule`` names the pattern that proposed it and ``confidence`` is that rule's prior (the
    model's probability once the model has scored it).
    """

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    rule: str
    confidence: float
    quoted: bool = False  # content is exactly quotation pieces
    addressee_hint: tuple[int, int] | None = None
    cue_token: int | None = None

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content)

    @property
    def end(self) -> int:
        return max(e for _, e in self.content)


def reported_inside(cue: tuple[int, int], start: int, end: int, outer: list[tuple[int, int]]) -> bool:
    """A statement (its cue and the extent of its content) is reported by another whose content
    pieces are ``outer``: the cue lies in one of them and the content within their extent."""
    return (any(s <= cue[0] and cue[1] <= e for s, e in outer)
            and min(s for s, _ in outer) <= start and end <= max(e for _, e in outer))


class QuoteIndex:
    """Quotations of a document with lookup by character offset."""

    def __init__(self, text: str) -> None:
        self.items: list[Quote] = find_quotes(text)
        self.starts = [q.open_at for q in self.items]

    def containing(self, offset: int) -> Quote | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0:
            q = self.items[i]
            if q.open_at <= offset < q.close_at:
                return q
        return None

    def between(self, start: int, end: int) -> list[Quote]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.items) and self.items[i].open_at < end:
            out.append(self.items[i])
            i += 1
        return out
