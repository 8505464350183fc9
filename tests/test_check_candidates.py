"""The shingle index finds statements holding a claim's words, at a cost set by the claim."""

import random

import pytest

from quotegraph.check.candidates import ShingleIndex, shingle_key, shingles

_WORDS = (
    "harbour tram levy orchard winter budget council ferry clinic bridge tariff nurse school "
    "river grain pension rail depot canal market festival library vote tunnel meadow quarry"
).split()


def _filler(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def test_check_candidates_shingle_keys_are_stable() -> None:
    # Fixed value: a key written to a database must mean the same thing next run.
    assert shingle_key(["we", "will", "win"]) == shingle_key(("we", "will", "win"))
    assert shingle_key(["we", "will", "win"]) != shingle_key(["we", "win", "will"])
    assert len(shingles(["a", "b", "c", "d"])) == 2
    assert len(shingles(["a", "b"])) == 1
    assert shingles([]) == set()


def test_check_candidates_part_of_a_long_statement_ranks_first() -> None:
    index = ShingleIndex()
    index.add("long", "Farmers in the valley will get the new grain depot by autumn, the minister "
              "said, and the rail link to the coast will follow within two years of that.")
    index.add("other", "The rail strike will end soon, the union said.")
    index.add("none", "Nothing about that here.")
    found = index.query("“the rail link to the coast will follow”", k=5)
    assert found[0].statement_id == "long"
    assert found[0].score == 1.0
    assert "none" not in {c.statement_id for c in found}


def test_check_candidates_survive_variants_and_filters() -> None:
    index = ShingleIndex()
    index.add("uk", "We will organise the harbour festival in the town centre.")
    index.add("us", "They organize the harbor festival downtown.")
    found = index.query("we will ORGANIZE the harbor festival in the town center", k=2)
    assert found[0].statement_id == "uk"
    assert found[0].score == 1.0
    only_us = index.query("organise the harbour festival", k=5, accept=lambda sid: sid == "us")
    assert [c.statement_id for c in only_us] == ["us"]


def test_check_candidates_query_work_does_not_grow_with_the_collection() -> None:
    rng = random.Random(7)
    index = ShingleIndex()
    target = "the pension reform will be delayed until the autumn session of parliament"
    index.add("target", target)
    index.add_many((f"n{i}", _filler(rng, 25)) for i in range(3000))
    assert len(index) == 3001
    found = index.query(target, k=3)
    assert found[0].statement_id == "target"
    # Only postings of the claim's own shingles are read, not the 3,000 statements.
    assert index.last_postings_read < 100


def test_check_candidates_pending_additions_are_found_before_compaction() -> None:
    index = ShingleIndex()
    index.add_many([("a", "the tunnel under the canal opens in spring")])
    index.add("b", "the quarry near the meadow closes in winter")
    assert index.query("the quarry near the meadow", k=1)[0].statement_id == "b"
    assert index.query("the tunnel under the canal", k=1)[0].statement_id == "a"


def test_check_candidates_rejects_a_duplicate_id() -> None:
    index = ShingleIndex()
    index.add("a", "one two three")
    with pytest.raises(ValueError, match="already"):
        index.add("a", "four five six")
    assert "a" in index and "b" not in index
    assert index.query("", k=3) == []
