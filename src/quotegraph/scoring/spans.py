"""Tokens, span normalisation and the greedy Jaccard matching of ``EVALUATION.md``.

Tokens are ``\\w+`` runs of the article text; a span covers a token when they share at least one
character, so punctuation (and quotation marks) never counts. Gold and predicted contents are
paired greedily from the highest Jaccard overlap of their token sets down, each used at most once.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

WORD = re.compile(r"\w+")

SpanPairs = tuple[tuple[int, int], ...]


class Tokens:
    """The ``\\w+`` tokens of one text, for mapping character spans to token index sets."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in WORD.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())

    def __len__(self) -> int:
        return len(self.starts)

    def cover(self, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
        """Indices of the tokens sharing at least one character with any of ``spans``."""
        out: set[int] = set()
        for start, end in spans:
            if end <= start:
                continue
            first = bisect_right(self.ends, start)  # first token ending after ``start``
            stop = bisect_left(self.starts, end)  # first token starting at or after ``end``
            out.update(range(first, stop))
        return frozenset(out)


def as_spans(value: Any) -> SpanPairs:
    """Normalise ``None``, a span object (``.start``/``.end``), a pair, or a list of either."""
    if value is None:
        return ()
    if hasattr(value, "start") and hasattr(value, "end"):
        return ((int(value.start), int(value.end)),)
    if (
        isinstance(value, Sequence)
        and len(value) == 2
        and all(isinstance(v, int) for v in value)
    ):
        return ((int(value[0]), int(value[1])),)
    return tuple(pair for item in value for pair in as_spans(item))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard overlap of two token sets (0 when either is empty)."""
    return len(a & b) / len(a | b) if a and b else 0.0


def match_sets(
    gold: Sequence[AbstractSet[int]], pred: Sequence[AbstractSet[int]]
) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching of content token sets by Jaccard, highest first.

    Ties are broken by gold index, then prediction index, so the result is deterministic.

    Args:
        gold: the gold content token sets.
        pred: the predicted content token sets.

    Returns:
        ``(gold_index, pred_index, jaccard)`` for every matched pair, highest J first.
    """
    candidates = []
    for gi, g in enumerate(gold):
        if not g:
            continue
        for pi, p in enumerate(pred):
            inter = len(g & p)
            if inter:
                candidates.append((inter / len(g | p), gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    out = []
    for jac, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        out.append((gi, pi, jac))
    return out
