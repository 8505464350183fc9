"""The store's search SQL, built by pure functions: escaping of user text, bound parameters only."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from quotegraph.errors import StoreError
from quotegraph.store.fts import fts5_query, parse_terms, ts_pieces
from quotegraph.store.queries import (
    SearchQuery,
    build_search,
    search_parameters,
    speaker_ids_matching,
)

NASTY = [
    'AND(',
    '"',
    '"unbalanced phrase',
    'NEAR(a b) OR c*',
    "'; DROP TABLE attributions; --",
    "col:value ^start -minus +plus",
    "){}[]<>|&!~",
    "\x00 null byte",
    "émigré naïve café",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tariffs", '"tariffs"'),
        ("trade tariffs", '"trade" AND "tariffs"'),
        ('"trade war" china', '"china" AND "trade war"'),
        ("AND(", '"AND"'),
        ('say "hello', '"say" AND "hello"'),
        ("", None),
        ('"  "', None),
        ("!!!", None),
    ],
)
def test_search_fts5_query_quotes_every_term(text: str, expected: str | None) -> None:
    assert fts5_query(text) == expected


@pytest.mark.parametrize("text", NASTY)
def test_search_fts5_query_has_no_bare_syntax(text: str) -> None:
    query = fts5_query(text)
    if query is None:
        return
    # Every term is a double-quoted string; nothing else but AND between them.
    for part in query.split(" AND "):
        assert part.startswith('"') and part.endswith('"')
        assert '"' not in part[1:-1].replace('""', "")


def test_search_parse_terms_keeps_phrases() -> None:
    terms = parse_terms('rates "central bank" hike')
    assert terms.words == ("rates", "hike")
    assert terms.phrases == (("central", "bank"),)
    assert ts_pieces('rates "central bank"') == ("rates", ["central bank"])


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "postgresql"])
@pytest.mark.parametrize("text", NASTY)
def test_search_user_text_travels_only_as_bound_parameters(dialect, text: str) -> None:
    query = SearchQuery(text=text, speaker=text, about=text, source=text,
                        since=dt.date(2024, 1, 1), until=dt.date(2024, 12, 31), kind="direct")
    rows, count = build_search(query, dialect.name)
    for stmt in (rows, count):
        sql = str(stmt.compile(dialect=dialect))
        assert "DROP TABLE" not in sql and "NEAR(" not in sql


def test_search_build_uses_fts_on_sqlite_and_tsvector_on_postgresql() -> None:
    q = SearchQuery(text="budget", speaker="Okafor")
    lite = str(build_search(q, "sqlite")[0].compile(dialect=sqlite.dialect()))
    pg = str(build_search(q, "postgresql")[0].compile(dialect=postgresql.dialect()))
    assert "attribution_fts MATCH" in lite
    assert "plainto_tsquery" in pg and "@@" in pg and "ts_rank" in pg


def test_search_query_validates_kind_and_clamps_paging() -> None:
    with pytest.raises(StoreError, match="direct, indirect, mixed"):
        SearchQuery(kind="quoted")
    q = SearchQuery(limit=10**9, offset=-5)
    assert q.limit == 1000 and q.offset == 0


SHAPES = [
    SearchQuery(),
    SearchQuery(text="budget"),
    SearchQuery(text='rates "central bank" "rate hike"'),
    SearchQuery(text="!!!"),
    SearchQuery(speaker="Okafor", speaker_ids=["s1", "s2", "s3"]),
    SearchQuery(speaker_id="s1", about_id="s2", kind="direct", article_id="a1"),
    SearchQuery(about="Obama", about_ids=["s9"], since=dt.date(2016, 1, 1), until=dt.date(2016, 12, 31)),
    SearchQuery(text="tax", source="The Daily", limit=5, offset=40),
]


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "postgresql"])
@pytest.mark.parametrize("query", SHAPES)
def test_search_parameters_name_exactly_the_bound_parameters(dialect, query: SearchQuery) -> None:
    # run_search compiles each shape once, keyed by these names, and passes these values to
    # the driver: they must be exactly the statement's parameters, with the same values.
    rows, count = build_search(query, dialect.name)
    values = search_parameters(query, dialect.name)
    compiled = rows.compile(dialect=dialect)
    assert set(compiled.binds) == set(values)
    assert set(count.compile(dialect=dialect).binds) == set(values) - {"qg_limit", "qg_offset"}
    for name, bind in compiled.binds.items():
        expected = bind.value.isoformat() if isinstance(bind.value, dt.date) and dialect.name == "sqlite" else bind.value
        assert values[name] == expected


def test_search_speaker_lookup_with_named_parameters_is_the_same_sql_shape() -> None:
    dialect = sqlite.dialect()
    a = str(speaker_ids_matching("Hillary Clinton", bind_prefix="p_").compile(dialect=dialect))
    b = str(speaker_ids_matching("Donald Trump", bind_prefix="p_").compile(dialect=dialect))
    assert a == b
    # Without a prefix two lookups fit in one statement (speaker and about, unresolved).
    both = build_search(SearchQuery(speaker="Clinton", about="Trump"), "sqlite")[0]
    assert "Clinton" not in str(both.compile(dialect=dialect))
