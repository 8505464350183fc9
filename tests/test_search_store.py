"""Search over a real store (SQLite and PostgreSQL): every filter, paging, nasty input, graph."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import invented_corpus, make_result, person
from quotegraph.models import Entity
from quotegraph.store import Store

from test_store_queries import NASTY


@pytest.fixture
def filled(store: Store) -> Store:
    for r in invented_corpus(12):
        store.add(r)
    # One article with indirect and mixed statements and a mention.
    okafor = person("e1", "Maria Okafor", ["Okafor"], ["Mayor"])
    raman = person("e2", "Priya Raman", ["Raman"], ["Senator"])
    agency = Entity("e3", "Harbour Authority", "organization", ["the Harbour Authority"], [])
    text = (
        "Okafor said the Harbour Authority had misled the council about dredging costs. "
        "Raman called the port plan \"a very expensive gamble\" during the hearing."
    )
    store.add(make_result(
        "extra", text,
        [("the Harbour Authority had misled the council about dredging costs", okafor, "indirect", "2023-11-05"),
         ("the port plan \"a very expensive gamble\"", raman, "mixed")],
        [okafor, raman, agency], published=dt.date(2023, 11, 6), url="https://port.example/1", source="Port News",
    ))
    return store


def test_search_text_matches_stemmed_words(filled: Store) -> None:
    page = filled.search("dredging cost")
    assert page.total == 1
    assert "dredging costs" in page.hits[0].content_text


def test_search_text_matches_the_speaker_name(filled: Store) -> None:
    assert filled.search("Petrova factory").total >= 1


def test_search_by_speaker_name_alias_and_id(filled: Store) -> None:
    full = filled.search(speaker="Maria Okafor", limit=100)
    assert full.total > 0 and {h.speaker_name for h in full.hits} == {"Maria Okafor"}
    assert filled.search(speaker="okafor", limit=100).total == full.total
    assert filled.search(speaker_id=full.hits[0].speaker_id, limit=100).total == full.total
    assert filled.search(speaker="Nobody Atall").total == 0


def test_search_speaker_and_text_combine(filled: Store) -> None:
    page = filled.search("budget", speaker="Okafor", limit=100)
    assert page.total > 0
    assert all("budget" in h.content_text.lower() and h.speaker_name == "Maria Okafor" for h in page.hits)
    assert filled.search("budget", speaker="Lindqvist").total == 0


def test_search_about_a_mentioned_entity(filled: Store) -> None:
    page = filled.search(about="Harbour Authority")
    assert [h.speaker_name for h in page.hits] == ["Maria Okafor"]
    # Quotes of the invented corpus name other people by surname ("… and Lindqvist knows it").
    about = filled.search(about="Tomas Lindqvist", limit=100)
    assert about.total > 0 and all("Lindqvist" in h.content_text for h in about.hits)


def test_search_dates_use_said_on_then_publication(filled: Store) -> None:
    page = filled.search(since="2023-11-01", until="2023-11-30", limit=100)
    by_kind = {h.kind: h for h in page.hits}
    assert by_kind["indirect"].date == dt.date(2023, 11, 5) and not by_kind["indirect"].date_from_published
    assert by_kind["mixed"].date == dt.date(2023, 11, 6) and by_kind["mixed"].date_from_published
    assert filled.search(until="2023-11-05").total == 1
    assert filled.search(since="2030-01-01").total == 0


@pytest.mark.parametrize("kind", ["direct", "indirect", "mixed"])
def test_search_by_kind(filled: Store, kind: str) -> None:
    page = filled.search(kind=kind, limit=100)
    assert page.total > 0 and {h.kind for h in page.hits} == {kind}


def test_search_by_outlet_is_case_insensitive(filled: Store) -> None:
    assert filled.search(source="port news").total == 2
    assert filled.search(source="Other Wire", limit=100).total == 6


def test_search_pages_do_not_overlap(filled: Store) -> None:
    total = filled.search(limit=0).total
    seen = []
    for offset in range(0, total, 5):
        seen += [h.id for h in filled.search(limit=5, offset=offset).hits]
    assert len(seen) == total == len(set(seen))


def test_search_total_on_empty_and_past_the_end_pages(filled: Store) -> None:
    total = filled.search(limit=0).total
    past = filled.search(limit=5, offset=total + 3)
    assert past.hits == [] and past.total == total
    assert filled.search(speaker="Okafor", limit=1, offset=10_000).total == filled.search(speaker="Okafor").total > 0
    nothing = filled.search("budget", speaker="Lindqvist")
    assert nothing.hits == [] and nothing.total == 0


def test_search_hits_name_the_global_speaker(filled: Store) -> None:
    # The global speaker's name, not the article's own spelling ("Okafor").
    hits = filled.search(speaker="Okafor", limit=100).hits
    assert hits and {h.speaker_name for h in hits} == {"Maria Okafor"}
    assert all(h.said_on is None or h.said_on.start <= h.said_on.end for h in hits)


@pytest.mark.parametrize("text", NASTY)
def test_search_nasty_text_never_raises(filled: Store, text: str) -> None:
    filled.search(text, speaker=text, about=text, source=text)


def test_search_graph_weights_distinct_statements(filled: Store) -> None:
    edges = filled.graph()
    assert edges and all(e.weight >= 1 for e in edges)
    harbour = [e for e in edges if e.target_name == "Harbour Authority"]
    assert [(e.source_name, e.weight) for e in harbour] == [("Maria Okafor", 1)]
    assert filled.graph(since="2030-01-01") == []
    assert all(e.weight >= 2 for e in filled.graph(min_weight=2))


def test_search_speaker_timeline_marks_publication_dates(filled: Store) -> None:
    [okafor] = filled.speakers(name="Maria Okafor")
    points = filled.timeline(okafor.id)
    assert sum(p.statements for p in points) == okafor.statements
    assert any(p.from_published == 0 for p in points)


def test_search_facets_count_what_search_finds(filled: Store) -> None:
    facets = filled.facets(speaker="Okafor")
    total = filled.search(speaker="Okafor").total
    assert sum(f.count for f in facets.kind) == total
    assert [(f.label, f.count) for f in facets.speaker] == [("Maria Okafor", total)]
    assert {f.value for f in facets.source} <= {"City Desk", "Other Wire", "Port News"}
    assert filled.facets(speaker="Nobody Atall").kind == []
