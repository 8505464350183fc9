"""Pages: every page renders and has a JSON twin equal to its /api/ data; stored markup and
scripts stay inert text; highlighting cuts the text exactly; the paste page extracts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import invented_corpus, make_result, person
from quotegraph.server import Settings, create_app
from quotegraph.store import Store
from quotegraph.web.highlight import Mark, segments

EVIL_QUOTE = "<script>alert('pwned')</script> and <b>bold</b> &amp; <img src=x onerror=alert(1)>"
EVIL_TITLE = "<i>Headline</i><script>alert(2)</script>"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "store.sqlite")
    with Store.open(path) as store:
        for r in invented_corpus(8):
            store.add(r)
        vale = person("e1", "Oona <Vale>", ["Vale"], ["Mayor"])
        text = f"Council notes.\n\"{EVIL_QUOTE}\" Vale said on Monday.\nThe meeting ended."
        store.add(make_result("evil", text, [(EVIL_QUOTE, vale, "direct", "2024-06-03")], [vale],
                              published=dt.date(2024, 6, 4), source="<b>Evil</b> Wire", title=EVIL_TITLE))
    return path


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=db, api_key="k")), raise_server_exceptions=False) as c:
        yield c


def evil_ids(client: TestClient) -> tuple[str, str]:
    hit = client.get("/api/search", params={"q": "pwned"}).json()["hits"][0]
    return hit["article_id"], hit["speaker_id"]


def test_stored_markup_is_shown_as_text_on_every_page(client: TestClient) -> None:
    article_id, speaker_id = evil_ids(client)
    for path in ("/search?q=pwned", f"/articles/{article_id}", f"/speakers/{speaker_id}", "/articles",
                 "/speakers", "/graph"):
        r = client.get(path)
        assert r.status_code == 200, path
        html = r.text
        # No stored tag reaches the page as markup ...
        for raw in ("<script>alert", "<b>bold</b>", "<img src=x", "<i>Headline</i>", "<Vale>", "<b>Evil</b>"):
            assert raw not in html, (path, raw)
        # ... and every script element on the page is ours.
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'src="/static/' in tag or 'type="application/json"' in tag, (path, tag)
    page = client.get(f"/articles/{article_id}").text
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;amp;" in page
    assert "&lt;i&gt;Headline&lt;/i&gt;" in page


def test_json_data_in_pages_cannot_close_its_script(client: TestClient) -> None:
    page = client.get("/graph").text
    data = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert data and "<" not in data.group(1)


@pytest.mark.parametrize(
    ("page", "api"),
    [
        ("/search?q=budget&kind=direct", "/api/search?q=budget&kind=direct&facets=true"),
        ("/speakers?limit=5", "/api/speakers?limit=5"),
        ("/articles?limit=5", "/api/articles?limit=5"),
        ("/graph?since=2024-03-01", "/api/graph?since=2024-03-01"),
    ],
)
def test_pages_have_json_twins(client: TestClient, page: str, api: str) -> None:
    twin = client.get(page + "&format=json")
    assert twin.status_code == 200 and twin.headers["content-type"].startswith("application/json")
    assert twin.json() == client.get(api).json()


def test_speaker_and_article_pages_have_json_twins(client: TestClient) -> None:
    article_id, speaker_id = evil_ids(client)
    assert client.get(f"/speakers/{speaker_id}?format=json").json() == client.get(f"/api/speakers/{speaker_id}").json()
    assert client.get(f"/articles/{article_id}?format=json").json() == client.get(f"/api/articles/{article_id}").json()


def test_search_page_shows_hits_and_facets(client: TestClient) -> None:
    html = client.get("/search", params={"q": "budget"}).text
    total = client.get("/api/search", params={"q": "budget"}).json()["total"]
    assert f'<strong id="total">{total}</strong>' in html
    assert 'class="facet facet-kind"' in html and 'class="facet facet-speaker"' in html
    assert "Maria Okafor" in html and "/speakers/" in html


def test_speaker_page_has_timeline_data_and_marks_publication_dates(client: TestClient) -> None:
    for s in client.get("/api/speakers").json():
        timeline = client.get(f"/api/speakers/{s['id']}").json()["timeline"]
        html = client.get(f"/speakers/{s['id']}").text
        assert 'id="timeline"' in html and "/static/vendor/uPlot.iife.min.js" in html
        assert "Talks about" in html
        # A date that is the publication date is marked as such, in the table under the chart.
        fallback = [p for p in timeline if p["from_published"]]
        for p in fallback:
            assert f"<td>{p['date']}</td><td>{p['statements']}</td><td>{p['from_published']} (publication date)</td>" in html
        assert f"because the text gives no date: {sum(p['from_published'] for p in timeline)} " in html


def test_article_page_highlights_content_cue_and_source(client: TestClient) -> None:
    article_id, _ = evil_ids(client)
    html = client.get(f"/articles/{article_id}").text
    content = re.search(r'<span class="hl hl-content" data-att="[^"]+" title="([^"]+)">([^<]*)</span>', html)
    assert content and unescape(content.group(2)) == EVIL_QUOTE
    assert unescape(content.group(1)) == "Oona <Vale> — said 2024-06-03 (direct)"
    assert re.search(r'<span class="hl hl-cue"[^>]*>said</span>', html)


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 5, "content")],
        [(2, 10, "content"), (4, 6, "cue")],
        [(0, 12, "content"), (3, 7, "content"), (10, 14, "source")],
        [(5, 5, "cue"), (-3, 4, "content"), (10, 99, "source")],
    ],
)
def test_segments_join_back_to_the_text(spans: list[tuple[int, int, str]]) -> None:
    text = "abcdefghijklmn"
    marks = [Mark(id=f"a{i}", kind="direct", speaker="S", date="d", spans=(s,)) for i, s in enumerate(spans)]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    for s in segs:
        assert (s.role is None) == (not s.marks)


def test_overlapping_statements_cover_the_shared_piece() -> None:
    text = "He said she said it."
    outer = Mark("a1", "indirect", "A", "d", ((8, 19, "content"),))
    inner = Mark("a2", "indirect", "B", "d", ((12, 19, "content"), (8, 11, "source")))
    by_text = {s.text: s for s in segments(text, [outer, inner])}
    assert by_text["she"].role == "source" and by_text["she"].att_ids == "a1 a2"
    assert by_text["said it"].att_ids == "a1 a2" and by_text["said it"].title == "A — d (indirect)\nB — d (indirect)"
    assert by_text[" "].att_ids == "a1" and by_text["He said "].role is None


def test_paste_page_extracts_and_highlights(client: TestClient, db: str) -> None:
    assert "<textarea" in client.get("/paste").text
    text = "\u201cThe ferry stays,\u201d Mayor Ines Calloway said on Tuesday. <b>Not markup</b>"
    r = client.post("/paste", data={"text": text, "published": "2025-02-12", "title": "T"})
    assert r.status_code == 200
    assert re.search(r'<span class="hl hl-content"[^>]*>The ferry stays,</span>', r.text)
    assert "Calloway" in r.text and "&lt;b&gt;Not markup&lt;/b&gt;" in r.text
    with Store.open(db) as store:
        assert store.counts()["articles"] == 9  # the paste page stores nothing


@pytest.mark.parametrize(("form", "words"), [({"text": "x said y", "published": "soon"}, "YYYY-MM-DD"),
                                             ({"text": "   "}, "empty")])
def test_paste_page_errors_are_shown(client: TestClient, form: dict[str, str], words: str) -> None:
    r = client.post("/paste", data=form)
    assert r.status_code == 422 and words in r.text


def test_paste_json_twin(client: TestClient) -> None:
    r = client.post("/paste?format=json", data={"text": "\u201cYes,\u201d Ines Calloway said."})
    assert r.status_code == 200 and r.json()["attributions"]


@pytest.mark.parametrize("path", ["/static/app.css", "/static/vendor/uPlot.iife.min.js",
                                  "/static/vendor/cytoscape.min.js", "/static/graph.js", "/static/timeline.js"])
def test_static_files_are_served_locally(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and len(r.content) > 100


def test_pages_load_nothing_from_other_hosts(client: TestClient) -> None:
    article_id, speaker_id = evil_ids(client)
    for path in ("/", f"/speakers/{speaker_id}", f"/articles/{article_id}", "/graph", "/paste"):
        html = client.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', html), path


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", " JAVASCRIPT:x"])
def test_only_web_urls_become_links(tmp_path: Path, url: str) -> None:
    db = str(tmp_path / "urls.sqlite")
    vale = person("e1", "Oona Vale", ["Vale"], [])
    text = "\"The harbour stays open,\" Vale said."
    with Store.open(db) as store:
        store.add(make_result("u", text, [("The harbour stays open,", vale)], [vale], url=url))
        article_id = store.articles()[0]["id"]
    with TestClient(create_app(Settings(db=db)), raise_server_exceptions=False) as c:
        html = c.get(f"/articles/{article_id}").text
    assert 'href="javascript' not in html.lower() and 'href="data:' not in html and 'href=" javascript' not in html.lower()
    assert '<span class="url">' in html
