"""Store upkeep on SQLite and PostgreSQL: delete, metadata updates, replace and reprocess."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from conftest import invented_corpus, make_result, person, store_snapshot, write_story_files
from quotegraph.cli import app
from quotegraph.errors import StoreError
from quotegraph.models import Entity, ExtractionResult
from quotegraph.runners import reprocess
from quotegraph.store import Store
from quotegraph.store import tables as t

runner = CliRunner()


def _lone_voice() -> ExtractionResult:
    """An article whose only speaker is quoted nowhere else, with a quotation of its own."""
    quist = person("e1", "Ada Quist", ["Quist"], ["Harbour Master"])
    okafor = person("e2", "Maria Okafor", ["Okafor"], ["Mayor"])
    text = '"The pier will close in June," Quist said. Okafor was not available.'
    return make_result("lone", text, [("The pier will close in June", quist)], [quist, okafor],
                       published=dt.date(2024, 6, 1), url="https://lone.example/1")


def test_delete_is_the_store_without_the_article(db_url: str, tmp_path: Path) -> None:
    corpus = invented_corpus(8)
    with Store.open(db_url) as st:
        for r in corpus:
            st.add(r)
        before = store_snapshot(db_url)
        st.add(_lone_voice())
        lone = st.find_article_id("https://lone.example/1")
        assert st.search(speaker="Ada Quist").total == 1
        counts = st.delete([lone, "no-such-article"])
        assert counts == {"articles": 1, "attributions": 1, "quotations": 1, "speakers": 1}
        assert st.search("pier").total == 0 and st.search(speaker="Ada Quist").total == 0
        assert "Ada Quist" not in {s.name for s in st.speakers(100)}
    # Everything else is exactly as it was before the article came.
    assert store_snapshot(db_url) == before


def test_delete_updates_shared_quotations_and_keeps_other_articles(store: Store) -> None:
    corpus = invented_corpus(8)
    for r in corpus:
        store.add(r)
    copy = store.find_article_id(corpus[3].article.url)  # a syndicated copy of article 2
    original = store.find_article_id(corpus[2].article.url)
    quote = corpus[2].attributions[0].content_text
    hits = store.search(f'"{quote}"', limit=100).hits
    assert {h.article_id for h in hits} == {copy, original}
    with store.engine.connect() as conn:
        qid = hits[0].quotation_id
        assert conn.execute(sa.select(t.quotations.c.num_occurrences).where(t.quotations.c.id == qid)).scalar() == 2
    others = {h.id for h in store.search(limit=1000).hits if h.article_id != copy}
    store.delete([copy])
    assert {h.id for h in store.search(limit=1000).hits} == others
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t.quotations).where(t.quotations.c.id == qid)).one()
    assert row.num_occurrences == 1 and row.first_article_id == original
    assert store.article(copy) is None and store.article(original) is not None


def test_delete_a_run(store: Store) -> None:
    corpus = invented_corpus(6)
    first, second = store.start_run(["a"]), store.start_run(["b"])
    for i, r in enumerate(corpus):
        store.add(r, run_id=first if i < 4 else second)
    doomed = store.run_articles(second)
    assert len(doomed) == 2
    store.delete(doomed)
    assert len(store.run_articles(first)) == 4 and store.run_articles(second) == []
    assert store.counts()["runs"] == 2


def test_update_metadata_redates_undated_statements(store: Store) -> None:
    okafor = person("e1", "Maria Okafor", ["Okafor"])
    text = '"The ferry runs again," Okafor said. "We met on Monday," Okafor said.'
    store.add(make_result("m", text, [("The ferry runs again", okafor), ("We met on Monday", okafor, "direct", "2024-07-15")],
                          [okafor], published=dt.date(2024, 7, 18), url="https://m.example/1"))
    aid = store.find_article_id("https://m.example/1")
    assert store.update_metadata(aid, title="Ferry is back", published=dt.date(2024, 8, 1), source="Tide Times")
    assert not store.update_metadata(aid, title="Ferry is back")  # nothing new
    art = store.article(aid)
    assert (art.title, art.published, art.source) == ("Ferry is back", dt.date(2024, 8, 1), "Tide Times")
    dates = sorted((a.date, a.date_from_published) for a in art.attributions)
    assert dates == [(dt.date(2024, 7, 15), False), (dt.date(2024, 8, 1), True)]
    store.add(make_result("n", "Another text, " + text, [], [], url="https://n.example/1"))
    with pytest.raises(StoreError, match="has it"):
        store.update_metadata(aid, url="https://n.example/1")


class _ChangedExtractor:
    """A test-simulated new extractor: every statement now quotes the text's first sentence."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract(self, article):
        self.seen.append(article.id)
        speaker = Entity("e9", "Nora Vale", "person", ["Vale"], [])
        first = article.text.split(".")[0]
        result = make_result(article.id, article.text, [(first, speaker)], [speaker], published=article.published,
                             url=article.url, source=article.source, title=article.title)
        return result


def test_reprocess_replaces_statements_of_older_extractors_and_keeps_ids(db_url: str) -> None:
    corpus = invented_corpus(5)
    with Store.open(db_url) as st:
        for r in corpus[:3]:
            st.add(r, extractor="quotegraph 0.0.1; old")
        for r in corpus[3:]:
            st.add(r)  # unknown extractor (stored before versions were recorded)
        ids = sorted(a["id"] for a in st.articles())
        titles = {a["id"]: a["title"] for a in st.articles()}
        fake = _ChangedExtractor()
        first = reprocess(st, extractor=fake, limit=2)  # stopped early: the rest stays outdated
        assert (first.outdated, first.replaced) == (2, 2)
        rest = reprocess(st, extractor=fake)
        assert (rest.outdated, rest.replaced, rest.failed) == (3, 3, [])
        assert reprocess(st, extractor=fake).outdated == 0  # all current now
        assert len(fake.seen) == 5
        assert sorted(a["id"] for a in st.articles()) == ids
        assert {a["id"]: a["title"] for a in st.articles()} == titles
        hits = st.search(limit=100).hits
        assert len(hits) == 5 and {h.speaker_name for h in hits} == {"Nora Vale"}
        # The old speakers are gone with their statements (nothing else refers to them).
        assert {s.name for s in st.speakers(100)} == {"Nora Vale"}
        assert st.outdated_articles(first.extractor) == []


def test_ingest_metadata_updates_stored_articles_and_reprocess_cli(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_story_files(folder, 2)
    db = str(tmp_path / "s.sqlite")
    res = runner.invoke(app, ["ingest", str(folder), "--db", db, "--workers", "1", "--no-progress"])
    assert res.exit_code == 0, res.output
    meta = tmp_path / "meta.csv"
    meta.write_text("path,title,published,outlet\nnews/story01.txt,Item one heard,2025-02-03,Harbour Herald\n",
                    encoding="utf-8")
    with Store.open(db) as st:
        before = {a["id"] for a in st.articles()}
    res = runner.invoke(app, ["ingest", str(folder), "--db", db, "--workers", "1", "--no-progress",
                              "--metadata", str(meta)])
    assert res.exit_code == 0, res.output
    assert "added 0 articles" in res.stderr and "metadata updated 1" in res.stderr
    with Store.open(db) as st:
        arts = {a["id"]: a for a in st.articles()}
        assert set(arts) == before
        updated = [a for a in arts.values() if a["title"] == "Item one heard"]
        assert len(updated) == 1 and updated[0]["source"] == "Harbour Herald"
        aid = updated[0]["id"]
        expected = [(a.content_text, a.speaker_name) for a in st.article(aid).attributions]
        # Simulate an older extractor: wrong statements, an old version.
        word = st.article(aid).text.split()[0]
        wrong = make_result("x", st.article(aid).text, [(word, None)], [])
        wrong = dataclasses.replace(wrong, article=st.article(aid).to_result().article)
        st.replace(aid, wrong, extractor="quotegraph 0.0.1; old")
        assert [a.content_text for a in st.article(aid).attributions] == [word]
    res = runner.invoke(app, ["reprocess", "--db", db, "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "1 of 1 outdated articles extracted again" in res.stderr
    with Store.open(db) as st:
        assert [(a.content_text, a.speaker_name) for a in st.article(aid).attributions] == expected
        assert st.article(aid).title == "Item one heard"
    res = runner.invoke(app, ["reprocess", "--db", db, "--no-progress"])
    assert "0 of 0" in res.stderr
    # delete from the command line: by id, and a whole run
    res = runner.invoke(app, ["delete", aid, "--db", db])
    assert res.exit_code == 0 and "deleted 1 articles" in res.stderr
    res = runner.invoke(app, ["delete", aid, "--db", db])
    assert res.exit_code == 1 and "not in the store" in res.stderr
    res = runner.invoke(app, ["delete", "--run", "1", "--db", db])
    assert res.exit_code == 0 and "deleted 1 articles" in res.stderr
    with Store.open(db) as st:
        assert st.articles() == [] and st.counts()["attributions"] == 0
    assert runner.invoke(app, ["delete", "--db", db]).exit_code == 2


def test_migration_titles_untitled_articles_and_adds_the_extractor_column(tmp_path: Path) -> None:
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    url = str(tmp_path / "old.sqlite")
    st = Store.open(url)
    r = invented_corpus(1)[0]
    st.add(dataclasses.replace(r, article=dataclasses.replace(r.article, title=None)))
    statements = st.counts()["attributions"]
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("quotegraph.store") / "migrations"))
    with st.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
        conn.execute(sa.text("UPDATE articles SET title = NULL"))
    st.close()
    with Store.open(url) as st:  # upgrades to the head again
        art = st.articles()[0]
        assert art["title"] and art["title"].split()[0] == r.article.text.split()[0]
        assert st.outdated_articles("anything") == [art["id"]]
        assert st.counts()["attributions"] == statements > 0  # the downgrade kept the statements


def test_extractor_version_changes_with_the_attribution_model(tmp_path: Path) -> None:
    from quotegraph.attribution.model import MODEL_FILE, SHIPPED_MODEL
    from quotegraph.pipeline import extractor_version

    shipped = extractor_version()
    assert shipped == extractor_version(attribution_model=SHIPPED_MODEL)
    assert shipped.startswith("quotegraph ") and shipped != extractor_version(attribution_model="rules")
    from quotegraph.nlp.pipeline import TOKENIZER_RULES

    assert f"; tokenizer {TOKENIZER_RULES};" in shipped  # a change of the tokenizer's rules is a new extractor
    retrained = tmp_path / "model"
    retrained.mkdir()
    data = json.loads(SHIPPED_MODEL.read_text(encoding="utf-8"))
    (retrained / MODEL_FILE).write_text(json.dumps(data, indent=1), encoding="utf-8")
    assert extractor_version(attribution_model=retrained) not in (shipped, extractor_version(attribution_model="rules"))


def test_extractor_version_changes_with_the_rules_code(monkeypatch) -> None:
    import quotegraph.pipeline as pipeline

    shipped = pipeline.extractor_version()
    assert f"; rules {pipeline.extraction_code()}" in shipped
    # a change of the rules' code (not of a model file nor of the package version) is a new
    # extractor too: `reprocess` redoes what the old one made
    monkeypatch.setattr(pipeline, "extraction_code", lambda: "changed-rules")
    assert pipeline.extractor_version() != shipped
