"""Indexes of character ranges, for looking up the few ranges near an offset without scanning
all of them: a long article has thousands of statements, mentions and times, each short."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

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


class Ranges(list):  # type: ignore[type-arg]
    """Character ranges (such as an article's statement contents) in order, with overlap lookups by
    bisection instead of a scan of every range: a long article has thousands of statements."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        super().__init__(sorted(ranges))
        self._starts = [s for s, _ in self]
        self._reach = list(itertools.accumulate((e for _, e in self), max))  # furthest end so far
        self._longest = max((e - s for s, e in self), default=0)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``start``–``end`` shares a character with one of the ranges."""
        before_end = bisect.bisect_left(self._starts, end)  # the ranges starting before ``end``
        return before_end > 0 and self._reach[before_end - 1] > start

    def holds(self, offset: int) -> bool:
        """Whether one of the ranges holds the character at ``offset``."""
        return self.overlaps(offset, offset + 1)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges sharing a character with ``start``–``end``, in order."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return [r for r in self[lo:hi] if start < r[1]]

    def without(self, excluded: set[tuple[int, int]]) -> RangesExcept:
        """These ranges less ``excluded`` (for overlap tests; nothing is copied)."""
        return RangesExcept(self, excluded)


@dataclass(frozen=True)
class RangesExcept:
    """:class:`Ranges` less some of them, for :func:`overlaps`."""

    ranges: Ranges
    excluded: set[tuple[int, int]]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``start``–``end`` shares a character with a range not excluded."""
        return any(r not in self.excluded for r in self.ranges.overlapping(start, end))
