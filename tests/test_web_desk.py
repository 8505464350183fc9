"""The pages at the desk: statement permalinks, removable filter chips, HTML error pages,
sign-in with a read key, dates at their granularity, the overview page and its CSV/JSON."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import invented_corpus, make_result, person
from quotegraph.models import SaidOn
from quotegraph.server import Settings, create_app
from quotegraph.store import Store
from quotegraph.web.filters import anchor, shorten, when


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "store.sqlite")
    with Store.open(path) as store:
        for r in invented_corpus(8):
            store.add(r)
        vale = person("e1", "Oona Vale", ["Vale"], ["Mayor"])
        text = "Council notes.\n\"The harbour tax will stay for a decade\" Vale said in 2019.\nEnd."
        res = make_result("yearly", text, [("The harbour tax will stay for a decade", vale, "direct")], [vale],
                          published=dt.date(2024, 6, 4), source="Harbour Post", title="Harbour tax")
        res.attributions[0].said_on = SaidOn("2019", "year", "2019-01-01", "2019-12-31")
        store.add(res)
    return path


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=db)), raise_server_exceptions=False) as c:
        yield c


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)))


def test_filters_show_dates_at_their_granularity() -> None:
    assert when({"granularity": "year", "start": "2019-01-01", "end": "2019-12-31"}) == "2019"
    assert when({"granularity": "month", "start": "2019-03-01", "end": "2019-03-31"}) == "March 2019"
    assert when({"granularity": "day", "start": "2019-03-04", "end": "2019-03-04"}) == "2019-03-04"
    assert when(None, "2024-06-04") == "2024-06-04"
    assert when(None, None) == ""
    assert anchor("0fe9227378fb8b61:a3") == "a3"
    assert shorten("one two three four", 10) == "one two…"


def test_every_hit_links_to_its_statement_and_the_article_lists_the_words(client: TestClient) -> None:
    page = client.get("/search?q=harbour").text
    link = re.search(r'href="/articles/([^"#]+)#(a\d+)"', page)
    assert link, "a hit links to its statement's anchor"
    art = client.get(f"/articles/{link.group(1)}").text
    row = re.search(rf'<tr id="{link.group(2)}"[^>]*>(.*?)</tr>', art, re.S)
    assert row and "The harbour tax will stay for a decade" in text_of(row.group(1))
    # A year is shown as the year, never as January 1.
    assert "said 2019" in art and "2019-01-01" not in text_of(art)
    assert "2019" in text_of(page) and "2019-01-01" not in text_of(page)


def test_speaker_and_cue_are_separated_on_hits(client: TestClient) -> None:
    text = text_of(client.get("/search?q=harbour").text)
    assert "Oona Vale · said" in text and "Valesaid" not in text


def speaker_id_of(client: TestClient, name: str) -> str:
    return next(s["id"] for s in client.get("/api/speakers", params={"limit": 50}).json() if s["name"] == name)


def test_filters_show_as_chips_that_survive_a_resubmission_and_can_be_removed(client: TestClient) -> None:
    sid = speaker_id_of(client, "Maria Okafor")
    page = client.get("/search", params={"q": "budget", "speaker_id": sid, "kind": "direct"}).text
    assert "<h1>Statements by Maria Okafor matching “budget”</h1>" in page
    chip = re.search(r'<li class="chip" data-key="speaker_id">(.*?)</li>', page, re.S)
    assert chip and "Maria Okafor" in chip.group(1)
    # The form carries the facet's filter, so submitting it again keeps it.
    assert f'<input type="hidden" name="speaker_id" value="{sid}">' in page
    remove = unescape(re.search(r'class="chip-remove" href="([^"]+)"', chip.group(1)).group(1))
    assert "speaker_id" not in remove and "q=budget" in remove and "kind=direct" in remove
    assert "Maria Okafor" not in client.get("/search" + remove).text.split("<h1>")[1].split("</h1>")[0]


def test_the_speaker_page_links_to_statements_by_and_about_them(client: TestClient) -> None:
    sid = speaker_id_of(client, "Maria Okafor")
    page = client.get(f"/speakers/{sid}").text
    about = unescape(re.search(r'class="about-link" href="([^"]+)"', page).group(1))
    by = unescape(re.search(r'class="by-link" href="([^"]+)"', page).group(1))
    assert "<h1>Statements about Maria Okafor</h1>" in client.get(about).text
    shown = client.get(by).text
    assert "<h1>Statements by Maria Okafor</h1>" in shown and 'data-key="speaker_id"' in shown


def test_the_network_page_keeps_its_speaker_filter_and_has_a_table(client: TestClient) -> None:
    sid = speaker_id_of(client, "Maria Okafor")
    page = client.get("/graph", params={"speaker_id": sid}).text
    assert f'<input type="hidden" name="speaker_id" value="{sid}">' in page
    assert 'data-key="speaker_id"' in page and "Maria Okafor" in page
    assert 'class="graph-links"' in page and 'class="graph-legend"' in page
    small = client.get("/graph", params={"top": 2}).text
    assert small.count("<tr><td><a href=\"/speakers/") <= 2


@pytest.mark.parametrize("path", ["/", "/search?q=tax", "/speakers", "/articles", "/graph", "/paste", "/check", "/overview"])
def test_every_page_has_one_h1(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert html.count("<h1") == 1, path


BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize(("path", "status"), [("/speakers/nobody-here", 404), ("/articles/nope", 404),
                                              ("/search?q=" + "x" * 501, 422), ("/search?since=soon", 422),
                                              ("/no/such/page", 404)])
def test_browsers_get_html_error_pages_and_api_clients_json(client: TestClient, path: str, status: int) -> None:
    page = client.get(path, headers=BROWSER)
    assert page.status_code == status and page.headers["content-type"].startswith("text/html")
    assert page.text.count("<h1>") == 1 and f"HTTP {status}" in page.text
    api = client.get(path)
    assert api.status_code == status and "error" in api.json()
    assert client.get("/api/speakers/nobody-here", headers=BROWSER).json()["error"]


def test_a_too_large_body_is_an_html_page_for_browsers(db: str) -> None:
    with TestClient(create_app(Settings(db=db, max_body=1000)), raise_server_exceptions=False) as c:
        r = c.post("/paste", content="text=" + "x" * 2000,
                   headers={**BROWSER, "content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 413 and r.headers["content-type"].startswith("text/html") and "Too large" in r.text
        api = c.post("/api/extract", content="x" * 2000, headers={"content-type": "application/json"})
        assert api.status_code == 413 and "error" in api.json()


def test_sign_in_form_sets_the_key_cookie(db: str) -> None:
    with TestClient(create_app(Settings(db=db, read_key="read-key")), raise_server_exceptions=False) as c:
        locked = c.get("/speakers", headers=BROWSER)
        assert locked.status_code == 401 and '<form class="signin"' in locked.text
        assert 'name="next" value="/speakers"' in locked.text
        assert c.get("/api/speakers").json()["error"]
        bad = c.post("/signin", data={"key": "wrong", "next": "/speakers"}, follow_redirects=False)
        assert bad.status_code == 401 and "not valid" in bad.text and "quotegraph_key" not in bad.cookies
        evil = c.post("/signin", data={"key": "read-key", "next": "//evil.example/"}, follow_redirects=False)
        assert evil.status_code == 303 and evil.headers["location"] == "/"
        ok = c.post("/signin", data={"key": "read-key", "next": "/speakers"}, follow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"] == "/speakers"
        assert "httponly" in ok.headers["set-cookie"].lower()
        assert c.get("/speakers", headers=BROWSER).status_code == 200  # the cookie is sent back


def test_forms_limit_their_inputs(client: TestClient) -> None:
    page = client.get("/").text
    assert re.search(r'name="q"[^>]*maxlength="500"', page) and re.search(r'name="speaker"[^>]*maxlength="200"', page)


def test_overview_counts_who_gets_quoted_with_csv_and_json_of_every_table(client: TestClient, db: str) -> None:
    data = client.get("/overview?format=json").json()
    assert set(data) == {"speakers", "by_outlet", "by_month", "kinds"}
    by_outlet = {(r["outlet"], r["name"]): r["statements"] for r in data["by_outlet"]}
    assert by_outlet[("Harbour Post", "Oona Vale")] == 1
    # The invented corpus: article i (not a copy) quotes two people on day i; the first
    # speaker of article 0 is Maria Okafor, quoted (said_on) the day before, in February.
    months = {(r["month"], r["name"]) for r in data["by_month"]}
    assert ("2019", "Oona Vale") in months and ("2019-01", "Oona Vale") not in months  # a year, not January
    assert ("2024-02", "Maria Okafor") in months
    with Store.open(db) as store:
        direct = store.search(kind="direct", limit=0).total
    kinds = {r["kind"]: r["occurrences"] for r in data["kinds"]}
    assert kinds["direct"] == direct
    for table, rows in data.items():
        csv_text = client.get(f"/overview?format=csv&table={table}")
        assert csv_text.headers["content-type"].startswith("text/csv")
        lines = csv_text.text.strip().split("\n")
        assert len(lines) == len(rows) + 1
        assert client.get(f"/overview?format=json&table={table}").json() == rows
    page = client.get("/overview").text
    assert "<h1>Who gets quoted</h1>" in page and page.count("format=csv&amp;table=") == 4
    assert client.get("/overview?format=csv").status_code == 422


def test_the_speaker_timeline_shows_a_year_as_the_year(client: TestClient) -> None:
    sid = speaker_id_of(client, "Oona Vale")
    timeline = client.get(f"/api/speakers/{sid}").json()["timeline"]
    assert [(p["date"], p["granularity"]) for p in timeline] == [("2019-01-01", "year")]
    table = re.search(r'<table class="timeline-table">(.*?)</table>', client.get(f"/speakers/{sid}").text, re.S)
    assert table and "<td>2019</td>" in table.group(1) and "2019-01-01" not in table.group(1)
