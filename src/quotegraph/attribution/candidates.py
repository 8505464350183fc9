"""The data every attribution finder shares: a candidate attribution and the document's quotes.

Candidates carry character offsets into the parsed text; the rules propose them, the trained
model (``model.py``) scores and picks among them, and ``convert.to_attributions`` turns the chosen
ones into :class:`quotegraph.models.Attribution` records.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

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


T = TypeVar("T")


@dataclass
class SpanIndex(Generic[T]):
    """Items by character extent, for finding the few that overlap a range without a scan of
    all of them (an article's candidates are many, but each is short and local).

    Items are kept sorted by start; a query looks back from its range by the longest extent
    added so far, so it is exact whatever the lengths, and fast while extents stay short.
    """

    _keys: list[tuple[int, int]] = field(default_factory=list)  # (start, insertion number)
    _items: list[tuple[int, int, T]] = field(default_factory=list)  # (start, end, item)
    _longest: int = 0

    def add(self, start: int, end: int, item: T) -> None:
        """Index ``item`` under the extent ``[start, end)``."""
        key = (start, len(self._keys))
        i = bisect.bisect_right(self._keys, key)
        self._keys.insert(i, key)
        self._items.insert(i, (start, end, item))
        self._longest = max(self._longest, end - start)

    def near(self, start: int, end: int) -> Iterator[tuple[int, int, T]]:
        """``(start, end, item)`` of every item whose extent overlaps or touches
        ``[start, end]`` (and perhaps a few more: callers test what they need)."""
        i = bisect.bisect_left(self._keys, (start - self._longest, -1))
        j = bisect.bisect_right(self._keys, (end, len(self._keys)))
        for s, e, item in self._items[i:j]:
            if e >= start:
                yield s, e, item


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
