"""The range indexes answer as the scans they replace, in the same order (issue #19).

Random invented ranges are checked against the brute-force definitions; nothing here times
anything.
"""

from __future__ import annotations

import random

import pytest

from quotegraph.intervals import Ranges, SpanIndex
from quotegraph.speakers.entities import Mention, Mentions
from quotegraph.timing.cue_time import Timeline, overlaps

SEEDS = range(12)


def _ranges(rng: random.Random, n: int, span: int = 400, longest: int = 30) -> list[tuple[int, int]]:
    out = []
    for _ in range(n):
        start = rng.randrange(span)
        out.append((start, start + rng.randrange(0, longest)))
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_ranges_answer_as_a_scan(seed: int) -> None:
    rng = random.Random(seed)
    plain = _ranges(rng, rng.randrange(0, 60))
    if seed % 3 == 0:
        plain.append((5, 390))  # one long range among short ones
    index = Ranges(plain)
    assert list(index) == sorted(plain)
    for _ in range(200):
        start = rng.randrange(-10, 420)
        end = start + rng.randrange(0, 40)
        assert index.overlaps(start, end) == any(s < end and start < e for s, e in plain)
        assert overlaps(start, end, index) == overlaps(start, end, plain)
        assert index.holds(start) == any(s <= start < e for s, e in plain)
        assert index.overlapping(start, end) == [r for r in sorted(plain) if r[0] < end and start < r[1]]
        excluded = set(rng.sample(plain, min(3, len(plain))))
        assert overlaps(start, end, index.without(excluded)) == any(
            s < end and start < e for s, e in plain if (s, e) not in excluded)


@pytest.mark.parametrize("seed", SEEDS)
def test_span_index_finds_every_overlap_as_it_grows(seed: int) -> None:
    rng = random.Random(seed)
    index: SpanIndex[int] = SpanIndex()
    added: list[tuple[int, int, int]] = []
    for n, (s, e) in enumerate(_ranges(rng, 80, longest=60 if seed % 2 else 8)):
        start = rng.randrange(0, 420)
        end = start + rng.randrange(0, 20)
        near = {item for _, _, item in index.near(start, end)}
        # every item whose extent overlaps or touches the query is among those returned
        assert {item for s2, e2, item in added if s2 <= end and start <= e2} <= near
        index.add(s, e, n)
        added.append((s, e, n))


def _mention(start: int, length: int, entity: int | None, kind: str = "name") -> Mention:
    return Mention(start, start + length, entity, 0, False, False, kind=kind)


@pytest.mark.parametrize("seed", SEEDS)
def test_mentions_look_up_as_a_scan_through_appends_inserts_and_sorts(seed: int) -> None:
    rng = random.Random(seed)
    mentions = Mentions()
    for step in range(150):
        m = _mention(rng.randrange(300), rng.randrange(1, 25), rng.choice([None, 0, 1, 2]),
                     rng.choice(["name", "name", "role", "group"]))
        action = rng.random()
        if action < 0.5:
            mentions.append(m)
        elif action < 0.9:
            mentions.insert(rng.randrange(-3, len(mentions) + 3), m)
        else:
            mentions.sort(key=lambda x: x.start)
        lo = rng.randrange(-5, 300)
        hi = lo + rng.randrange(0, 60)
        assert mentions.starting_in(lo, hi) == [x for x in mentions if lo <= x.start <= hi]
        offset = rng.randrange(300)
        best, best_len = None, 0
        for x in mentions:  # the definition: the longest name mention holding it, first wins
            if x.entity is not None and x.kind == "name" and x.start <= offset < x.end and x.end - x.start > best_len:
                best, best_len = x.entity, x.end - x.start
        assert mentions.entity_holding(offset) == best, step
        before = mentions.index_before(offset)
        assert {id(x) for x in mentions if x.start < offset} <= {id(x) for x in mentions[:before]}


def test_mentions_refuse_other_changes() -> None:
    mentions = Mentions()
    mentions.append(_mention(3, 2, 0))
    with pytest.raises(TypeError):
        mentions.extend([_mention(1, 2, 0)])
    with pytest.raises(TypeError):
        mentions[0] = _mention(1, 2, 0)


def test_timeline_gives_the_times_starting_in_a_range() -> None:
    from quotegraph.models import TimeExpression

    times = [TimeExpression(start=s, end=s + 6, text="Monday", type="DATE", value="2025-05-05")
             for s in (2, 10, 10, 40, 75)]
    timeline = Timeline((t, None) for t in times)
    assert [t.start for t, _ in timeline.starting_in(10, 40)] == [10, 10, 40]
    shuffled = Timeline((t, None) for t in reversed(times))  # out of order: all of them
    assert len(shuffled.starting_in(10, 40)) == len(times)
