"""Store: adding articles, idempotency, reading back, counts, migrations — on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from conftest import invented_corpus, make_result, person
from quotegraph.errors import StoreError
from quotegraph.store import Store
from quotegraph.store import tables as t


def test_store_add_twice_adds_no_rows(store: Store) -> None:
    corpus = invented_corpus(8)
    assert all(store.add(r) for r in corpus)
    before = store.counts()
    assert before["articles"] == 8 and before["attributions"] == 16
    assert not any(store.add(r) for r in corpus)
    assert store.counts() == before


@pytest.mark.parametrize("change", ["same_url_other_text", "same_text_other_url", "whitespace_only"])
def test_store_add_detects_duplicates(store: Store, change: str) -> None:
    text = "The mayor spoke.\n\"We will build it,\" Okafor said. Then the meeting ended for the day."
    ent = person("e1", "Maria Okafor", ["Okafor"])
    first = make_result("one", text, [("We will build it,", ent)], [ent], url="https://a.example/1")
    assert store.add(first)
    if change == "same_url_other_text":
        other_text = text.replace("build", "finish")
        dup = make_result("two", other_text, [("We will finish it,", ent)], [ent], url="https://a.example/1")
    elif change == "same_text_other_url":
        dup = make_result("two", text, [("We will build it,", ent)], [ent], url="https://b.example/2")
    else:
        spaced = text.replace("\n", "\n\n  ")
        dup = make_result("two", spaced, [("We will build it,", ent)], [ent], url="https://c.example/3")
    assert store.add(dup) is False
    assert store.counts()["articles"] == 1


def test_store_find_article_id_by_url_or_text(store: Store) -> None:
    text = "The mayor spoke.\n\"We will build it,\" Okafor said. Then the meeting ended for the day."
    ent = person("e1", "Maria Okafor", ["Okafor"])
    result = make_result("one", text, [("We will build it,", ent)], [ent], url="https://a.example/1")
    assert store.find_article_id("https://a.example/1") is None and not store.contains(text=text)
    store.add(result)
    [listed] = store.articles()
    assert store.find_article_id("https://a.example/1") == listed["id"]
    assert store.find_article_id(None, text) == listed["id"]
    assert store.find_article_id("https://elsewhere.example/", text) == listed["id"]
    assert store.find_article_id("https://elsewhere.example/", "other text") is None
    assert store.find_article_id() is None and not store.contains()
    assert store.contains(text=text) and store.contains("https://a.example/1")


def test_store_search_json_is_the_typed_page_as_json(store: Store) -> None:
    from quotegraph.store import SearchQuery

    for r in invented_corpus(6):
        store.add(r)
    for query in (SearchQuery(), SearchQuery(text="budget", limit=3), SearchQuery(speaker="Okafor", since="2024-01-01"),
                  SearchQuery(limit=0), SearchQuery(offset=1000)):
        page = store.search(query.text, speaker=query.speaker, since=query.since, limit=query.limit,
                            offset=query.offset)
        assert store.search_json(query) == page.to_dict()


def test_store_article_round_trips_the_extraction(store: Store) -> None:
    result = invented_corpus(1)[0]
    assert store.add(result)
    [listed] = store.articles()
    stored = store.article(listed["id"])
    assert stored is not None
    assert stored.to_result().to_dict() == result.to_dict()
    for att in stored.attributions:
        for span in att.content:
            assert stored.text[span.start : span.end] == span.text
    assert {e.local_id for e in stored.entities} == {"e1", "e2"}
    assert all(e.speaker_id for e in stored.entities)
    assert store.article("no-such-id") is None


def test_store_dates_fall_back_to_publication(store: Store) -> None:
    [r] = invented_corpus(1)
    store.add(r)
    stored = store.article(store.articles()[0]["id"])
    assert stored is not None
    first, second = stored.attributions
    assert first.said_on is not None and first.date == dt.date(2024, 2, 29)
    assert not first.date_from_published
    assert second.said_on is None and second.date == dt.date(2024, 3, 1)
    assert second.date_from_published


def test_store_migrated_schema_matches_metadata(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    store = Store.open(db_url)
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn)
        assert ctx.get_current_revision() == t.SCHEMA_REVISION
        diffs = [
            d
            for d in compare_metadata(ctx, t.metadata)
            # The full-text index is backend-specific and created by the migration on purpose.
            if not (isinstance(d, tuple) and d[0] == "remove_index" and d[1].name == "ix_attributions_search")
            and not (isinstance(d, tuple) and d[0] == "remove_table" and d[1].name.startswith(t.FTS_TABLE))
            and not (isinstance(d, tuple) and d[0] == "remove_column" and d[3].name == t.TSVECTOR_COLUMN)
        ]
    store.close()
    assert diffs == []
    Store.open(db_url).close()  # opening again is a no-op upgrade


def test_store_sqlite_uses_wal_and_fts5(tmp_path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        sql = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": t.FTS_TABLE}).scalar()
    assert "fts5" in sql.lower()


@pytest.mark.postgresql
def test_store_postgresql_has_tsvector_and_gin(pg_url: str) -> None:
    store = Store.open(pg_url)
    with store.engine.connect() as conn:
        col = conn.execute(sa.text(
            "SELECT data_type FROM information_schema.columns WHERE table_name='attributions' "
            "AND column_name='search_vector'")).scalar()
        idx = conn.execute(sa.text("SELECT indexdef FROM pg_indexes WHERE indexname='ix_attributions_search'")).scalar()
    assert col == "tsvector"
    assert "gin" in idx.lower()


@pytest.mark.parametrize(
    "url",
    ["postgresql://nobody@127.0.0.1:1/none", "mysql://x@localhost/db"],
)
def test_store_open_bad_url_is_a_store_error(url: str) -> None:
    with pytest.raises(StoreError):
        Store.open(url)


def test_store_default_url_from_environment(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from quotegraph import settings
    from quotegraph.store import resolve_url

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUOTEGRAPH_DB", raising=False)
    settings.current.cache_clear()
    try:
        assert resolve_url(None) == f"sqlite:///{tmp_path / 'quotegraph.sqlite'}"
        # Read once: a later change of the environment is not seen until the settings are read again.
        monkeypatch.setenv("QUOTEGRAPH_DB", "postgresql://u@h/db")
        assert resolve_url(None) == f"sqlite:///{tmp_path / 'quotegraph.sqlite'}"
        settings.current.cache_clear()
        assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    finally:
        settings.current.cache_clear()


def test_store_skips_are_recorded_once(store: Store) -> None:
    run = store.start_run(["in.jsonl"])
    store.record_skip("in.jsonl:3", "no text", run)
    store.record_skip("in.jsonl:3", "no text", run)
    store.record_skip("in.jsonl:4", "not JSON", run)
    assert store.skips() == [("in.jsonl:3", "no text"), ("in.jsonl:4", "not JSON")]


def test_store_migrations_downgrade_and_upgrade_keep_search_working(db_url: str) -> None:
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    store = Store.open(db_url)
    for r in invented_corpus(4):
        store.add(r)
    before = store.search("budget", limit=100)
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("quotegraph.store") / "migrations"))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    store.close()
    upgraded = Store.open(db_url)  # upgrades 0001 → head, refilling keys and the full-text index
    after = upgraded.search("budget", limit=100)
    upgraded.close()
    assert before.total > 0
    assert [h.id for h in after.hits] == [h.id for h in before.hits]


def test_store_bad_attribution_is_a_store_error_and_leaves_nothing(store: Store) -> None:
    from quotegraph.models import Attribution, Span

    result = invented_corpus(1)[0]
    # Two attributions with the same id cannot both be stored: the whole article is rolled back.
    dup = result.attributions[0]
    result.attributions.append(Attribution(dup.id, "direct", [Span.of(result.text, 0, 5)]))
    with pytest.raises(StoreError, match="cannot store article"):
        store.add(result)
    assert all(n == 0 for name, n in store.counts().items())


def test_store_knows_the_head_revision_without_alembic() -> None:
    """Opening a current store skips Alembic (a second of start-up): the head it reads from the
    migration files must be Alembic's own."""
    from importlib import resources

    from alembic.script import ScriptDirectory

    from quotegraph.store.store import _head_revision

    script = ScriptDirectory(str(resources.files("quotegraph.store") / "migrations"))
    assert _head_revision() == script.get_current_head()
