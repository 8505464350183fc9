"""Who gets quoted (the overview page's aggregates), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import invented_corpus, make_result, person
from quotegraph.errors import StoreError
from quotegraph.models import Entity, SaidOn


def _fill(store: Any) -> None:
    for r in invented_corpus(8):
        store.add(r)
    vale = person("e1", "Oona Vale", ["Vale"], ["Mayor"])
    port = Entity("e2", "Port Authority", "organization", [], [])
    text = ("\"The harbour tax will stay\" Vale said.\n\"Ships will wait\" Vale said.\n"
            "\"Fees rise in May\" the Port Authority said.")
    res = make_result("yearly", text, [("The harbour tax will stay", vale), ("Ships will wait", vale),
                                        ("Fees rise in May", port)], [vale, port],
                      published=dt.date(2024, 6, 4), source="Harbour Post")
    res.attributions[0].said_on = SaidOn("2019", "year", "2019-01-01", "2019-12-31")
    store.add(res)


def test_quoted_counts_by_outlet_and_month_keep_the_top_of_each_kind(store: Any) -> None:
    _fill(store)
    by_outlet = store.quoted_counts("outlet", top=5)
    harbour = [(q.name, q.kind, q.statements) for q in by_outlet if q.group == "Harbour Post"]
    assert harbour == [("Port Authority", "organization", 1), ("Oona Vale", "person", 2)]
    city = [q for q in by_outlet if q.group == "City Desk"]
    assert city and all(q.kind == "person" for q in city)
    assert [q.statements for q in city] == sorted((q.statements for q in city), reverse=True)
    assert len(store.quoted_counts("outlet", top=1)) == len({(q.group, q.kind) for q in by_outlet})
    months = {(q.group, q.name): q.statements for q in store.quoted_counts("month")}
    # The year-dated statement counts in 2019, the undated one in its publication month.
    assert months[("2019", "Oona Vale")] == 1 and months[("2024-06", "Oona Vale")] == 1
    with pytest.raises(StoreError):
        store.quoted_counts("weekday")


def test_kind_counts_match_the_search(store: Any) -> None:
    _fill(store)
    kinds = {r["kind"]: r for r in store.kind_counts()}
    assert kinds["direct"]["occurrences"] == store.search(kind="direct", limit=0).total
    assert kinds["direct"]["statements"] <= kinds["direct"]["occurrences"]


def test_timeline_points_carry_their_granularity(store: Any) -> None:
    _fill(store)
    vale = next(s for s in store.speakers(50) if s.name == "Oona Vale")
    points = [(p.date.isoformat(), p.granularity, p.statements, p.from_published) for p in store.timeline(vale.id)]
    assert points == [("2019-01-01", "year", 1, 0), ("2024-06-04", "day", 1, 1)]
