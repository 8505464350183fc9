"""The data every attribution finder shares: a candidate attribution and the document's quotes.

Candidates carry character offsets into the parsed text; the rules propose them, the trained
model (``model.py``) scores and picks among them, and ``convert.to_attributions`` turns the chosen
ones into :class:`quotegraph.models.Attribution` records.
"""

from __future__ import annotations

from dataclasses import dataclass

from quotegraph.nlp.quotes import QuoteIndex

__all__ = ["Candidate", "QuoteIndex", "reported_inside"]


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
