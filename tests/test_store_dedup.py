"""Near-duplicate articles (MinHash LSH) and Quotebank-style quotation aggregation."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_result, person
from quotegraph.store import Store, dedup

BODY = (
    "The city council approved the new transit plan after a long debate on Tuesday evening. "
    "Supporters said the plan would cut commute times across the northern districts, while "
    "critics warned about the cost of the tunnel and the years of construction ahead. "
    "\"This is the biggest investment in a generation,\" Okafor said. "
    "The first trains are expected to run within five years if funding arrives on schedule."
)
QUOTE = "This is the biggest investment in a generation,"


def _result(aid: str, text: str, url: str, day: dt.date, source: str):
    ent = person("e1", "Maria Okafor", ["Okafor"], ["Mayor"])
    return make_result(aid, text, [(QUOTE, ent)], [ent], url=url, published=day, source=source)


def test_store_syndicated_copies_share_a_group_and_count_once(store: Store) -> None:
    original = _result("orig", BODY, "https://a.example/1", dt.date(2024, 5, 2), "Paper A")
    copy = _result("copy", "Published with permission. " + BODY + " Copyright Paper A.",
                   "https://b.example/9", dt.date(2024, 5, 1), "Paper B")
    other_text = (
        "Farmers in the valley reported a record harvest this autumn thanks to mild weather. "
        "\"This is the biggest investment in a generation,\" Okafor said about the new irrigation "
        "scheme, which the regional government funds over the next decade with private partners."
    )
    other = _result("other", other_text, "https://c.example/3", dt.date(2024, 6, 1), "Paper C")
    for r in (original, copy, other):
        assert store.add(r)
    arts = {a["title"]: a for a in store.articles()}
    assert arts["orig"]["dup_group"] == arts["copy"]["dup_group"]
    assert arts["other"]["dup_group"] != arts["orig"]["dup_group"]
    stored = store.article(arts["orig"]["id"])
    assert stored is not None and stored.duplicates == [arts["copy"]["id"]]

    # The same quotation in three articles: one quotation, three occurrences, one statement.
    counts = store.counts()
    assert counts["quotations"] == 1 and counts["attributions"] == 3
    [speaker] = store.speakers()
    assert (speaker.statements, speaker.occurrences, speaker.articles) == (1, 3, 3)
    rows = _export_rows(store)
    assert len(rows) == 1
    row = rows[0]
    assert row["numOccurrences"] == 3
    assert row["date"] == "2024-05-01"  # first seen: the copy was published first
    assert row["urls"] == ["https://b.example/9", "https://a.example/1", "https://c.example/3"]
    assert row["probas"] == [["Maria Okafor", 1.0]]


def _export_rows(store: Store) -> list[dict]:
    from quotegraph.store.export import iter_quotations

    return list(iter_quotations(store))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("“Great news,” she said.", "\"great news\" she said", True),
        ("We will win.", "We will  win", True),
        ("We will win.", "We will lose.", False),
    ],
)
def test_store_quotation_ids_ignore_case_marks_and_spacing(a: str, b: str, same: bool) -> None:
    from quotegraph.store.names import quotation_id

    assert (quotation_id(a) == quotation_id(b)) is same


def test_store_near_duplicate_signature_is_deterministic() -> None:
    s1, s2 = dedup.signature(BODY), dedup.signature(BODY)
    assert s1 is not None and s2 is not None
    assert s1.bands() == s2.bands()
    assert dedup.signature("too short to compare") is None
    assert dedup.Signature.from_bytes(s1.to_bytes()).jaccard(s1) == 1.0


def test_store_short_articles_are_never_grouped(store: Store) -> None:
    ent = person("e1", "Maria Okafor", ["Okafor"])
    a = make_result("s1", "\"Yes,\" Okafor said.", [("Yes,", ent)], [ent], url="https://s.example/1")
    b = make_result("s2", "\"Yes,\" Okafor said!", [("Yes,", ent)], [ent], url="https://s.example/2")
    assert store.add(a) and store.add(b)
    groups = {x["dup_group"] for x in store.articles()}
    assert len(groups) == 2
