"""Writes: POST /api/articles needs the API key (401 stores nothing), extracts text or HTML
and stores it so that search finds it; POST /api/extract stores nothing; bodies over the limit
get 413; bad articles get 422 with a message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from quotegraph.server import Settings, create_app
from quotegraph.store import Store

KEY = "s3cret-key"
ARTICLE = (
    "Harbour council delays the ferry contract\n"
    "\u201cWe will not sign a contract we cannot afford,\u201d Mayor Ines Calloway said on Tuesday.\n"
    "Councillor Bram Oduya said the delay would cost the town its only ferry.\n"
)
HTML = (
    "<html><head><title>Ferry row</title><meta property='article:published_time' content='2025-02-11'></head>"
    "<body><nav>Home | News</nav><article><h1>Ferry row deepens</h1>"
    "<p>The harbour council met again on Monday evening to discuss the ferry contract for the island.</p>"
    "<p>\u201cThe ferry is the island\u2019s lifeline and we will keep it running,\u201d Mayor Ines Calloway said.</p>"
    "<p>Councillor Bram Oduya said the council had waited far too long to decide on the contract.</p>"
    "</article></body></html>"
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "store.sqlite")


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=db, api_key=KEY, max_body=20_000)),
                    raise_server_exceptions=False) as c:
        yield c


def article_count(db: str) -> int:
    with Store.open(db) as store:
        return store.counts()["articles"]


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"X-API-Key": ""}, {"Authorization": f"Bearer {KEY}x"}])
def test_post_without_the_key_is_401_and_stores_nothing(client: TestClient, db: str, headers: dict[str, str]) -> None:
    r = client.post("/api/articles", json={"text": ARTICLE}, headers=headers)
    assert r.status_code == 401
    assert "X-API-Key" in r.json()["error"]
    assert article_count(db) == 0
    assert client.get("/api/search", params={"q": "ferry"}).json()["total"] == 0


def test_writes_are_refused_when_no_key_is_configured(db: str) -> None:
    with TestClient(create_app(Settings(db=db)), raise_server_exceptions=False) as c:
        r = c.post("/api/articles", json={"text": ARTICLE}, headers={"X-API-Key": "anything"})
    assert r.status_code == 401 and "QUOTEGRAPH_API_KEY" in r.json()["error"]
    assert article_count(db) == 0


def test_post_with_the_key_stores_and_search_finds_it(client: TestClient, db: str) -> None:
    r = client.post("/api/articles", headers={"X-API-Key": KEY},
                    json={"text": ARTICLE, "published": "2025-02-12", "title": "Ferry", "url": "https://harbour.example/1"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["created"] is True and body["statements"] >= 1
    assert body["extraction"]["text"] == ARTICLE
    hits = client.get("/api/search", params={"q": "contract afford"}).json()["hits"]
    assert hits and hits[0]["article_id"] == body["id"]
    assert hits[0]["speaker_name"] and "Calloway" in hits[0]["speaker_name"]
    art = client.get(f"/api/articles/{body['id']}").json()
    assert art["text"] == ARTICLE and art["url"] == "https://harbour.example/1" and art["published"] == "2025-02-12"
    # Posting it again stores nothing more and names the stored article.
    again = client.post("/api/articles", headers={"X-API-Key": KEY}, json={"text": ARTICLE})
    assert again.status_code == 201 and again.json() == {**again.json(), "created": False, "id": body["id"]}
    assert article_count(db) == 1


def test_post_html_extracts_the_article_text(client: TestClient) -> None:
    r = client.post("/api/articles", headers={"X-API-Key": KEY}, json={"html": HTML})
    assert r.status_code == 201, r.text
    ext = r.json()["extraction"]
    assert "Home | News" not in ext["text"] and "lifeline" in ext["text"]
    assert ext["article"]["published"] == "2025-02-11"
    assert client.get("/api/search", params={"q": "lifeline"}).json()["total"] == 1


def test_extract_stores_nothing(client: TestClient, db: str) -> None:
    r = client.post("/api/extract", json={"text": ARTICLE, "published": "2025-02-12"})
    assert r.status_code == 200
    atts = r.json()["attributions"]
    assert any(a["kind"] == "direct" and "afford" in a["content"][0]["text"] for a in atts)
    assert article_count(db) == 0


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, "exactly one"),
        ({"text": ARTICLE, "html": HTML}, "exactly one"),
        ({"text": "   \n "}, "empty"),
        ({"text": "a\x00b said"}, "NUL"),
        ({"html": "<html><body><p>Too short.</p></body></html>"}, "no article text"),
        ({"text": ARTICLE, "published": "12/02/2025"}, "published"),
        ({"text": ARTICLE, "colour": "red"}, "colour"),
        ({"text": 42}, "text"),
    ],
)
def test_bad_articles_get_422_with_a_message(client: TestClient, db: str, body: dict[str, object], words: str) -> None:
    r = client.post("/api/articles", headers={"X-API-Key": KEY}, json=body)
    assert r.status_code == 422, r.text
    assert words in r.json()["error"]
    assert article_count(db) == 0


def test_malformed_json_is_422(client: TestClient) -> None:
    r = client.post("/api/articles", headers={"X-API-Key": KEY, "Content-Type": "application/json"},
                    content=b'{"text": "unterminated')
    assert r.status_code == 422 and r.json()["error"]


def test_body_over_the_limit_is_413_by_content_length(client: TestClient, db: str) -> None:
    r = client.post("/api/articles", headers={"X-API-Key": KEY}, json={"text": "word " * 10_000})
    assert r.status_code == 413
    assert "20,000 bytes" in r.json()["error"]
    assert article_count(db) == 0


def test_chunked_body_over_the_limit_is_413(client: TestClient, db: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(50):
            yield b"word " * 200
        yield b'"}'

    r = client.post("/api/articles", headers={"X-API-Key": KEY, "Content-Type": "application/json"},
                    content=chunks())
    assert r.status_code == 413 and "limit" in r.json()["error"]
    assert article_count(db) == 0


def test_paste_form_over_the_limit_is_413(client: TestClient) -> None:
    r = client.post("/paste", data={"text": "word " * 10_000})
    assert r.status_code == 413


def test_every_response_carries_security_headers(client: TestClient) -> None:
    for r in (client.get("/"), client.get("/api/search"), client.post("/api/articles", json={})):
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
