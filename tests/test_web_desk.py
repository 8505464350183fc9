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


@pytest.mark.parametrize("path", ["/", "/search?q=tax", "/speakers", "/articles", "/graph", "/paste"])
def test_every_page_has_one_h1(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert html.count("<h1") == 1, path
