"""A quotation's occurrences and wording variants: the view, `GET /api/quotations/{id}`, the
/quotations/{id} page and its JSON twin, and the export's `variants`. Invented articles only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import make_result, person
from quotegraph.check.stored import checker_from_store
from quotegraph.check.variants import quotation_variants
from quotegraph.server import Settings, create_app
from quotegraph.store import Store

PIER = "The old pier will reopen in April, and the ferry will stop there every hour."
PIER_LOUD = "THE OLD PIER will reopen in April -- and the ferry will stop there every hour!"
PIER_ALTERED = "The old pier will reopen in June, and the ferry will stop there every hour."
PIER_SHORT = "The old pier will reopen in April"
OTHER = "Nobody on the council has read the harbour report yet."
MOSS = person("e1", "Ida Moss", ["Moss"], ["Harbourmaster"])


def _fill(url: str) -> str:
    with Store.open(url) as st:
        st.add(make_result("later", f"Moss spoke again. \"{PIER_LOUD}\" Moss said.", [(PIER_LOUD, MOSS)], [MOSS],
                           published=dt.date(2024, 3, 9), source="Late Gazette", title="Pier again"))
        st.add(make_result("first", f"Harbour news. \"{PIER}\" Moss said. \"{OTHER}\" Moss said.",
                           [(PIER, MOSS), (OTHER, MOSS)], [MOSS], published=dt.date(2024, 3, 1),
                           source="Early Post", title="Pier to reopen"))
        st.add(make_result("changed", f"A post claimed: \"{PIER_ALTERED}\" Moss said.", [(PIER_ALTERED, MOSS)], [MOSS],
                           published=dt.date(2024, 4, 2), source="Rumour Mill", title="Pier in June?"))
        st.add(make_result("cut", f"In brief: \"{PIER_SHORT}\" Moss said.", [(PIER_SHORT, MOSS)], [MOSS],
                           published=dt.date(2024, 2, 20), source="Brief Wire", title="Pier brief"))
    return url


@pytest.fixture
def db(tmp_path: Path) -> str:
    return _fill(str(tmp_path / "variants.sqlite"))


def _pier_id(url: str) -> str:
    with Store.open(url) as st:
        return next(q.id for q in st.quotations_for_check() if q.text in (PIER, PIER_LOUD))


def test_variants_lists_occurrences_and_wordings_first_seen_first(db_url: str) -> None:
    url = _fill(db_url)
    qid = _pier_id(url)
    with Store.open(url) as st:
        data = quotation_variants(st, qid, checker_from_store(st))
        assert quotation_variants(st, "q000000000000000") is None
    assert data is not None
    assert data["numOccurrences"] == 2 and data["speaker"] == "Ida Moss"
    assert [o["article"]["source"] for o in data["occurrences"]] == ["Early Post", "Late Gazette"]
    assert [o["date"] for o in data["occurrences"]] == ["2024-03-01", "2024-03-09"]
    assert [w["text"] for w in data["wordings"]] == [PIER, PIER_LOUD]
    assert data["first_seen"] == "2024-03-01"
    related = {r["quotation"]: r for r in data["related"]}
    assert set(related) == {PIER_ALTERED, PIER_SHORT}
    assert related[PIER_ALTERED]["relation"] == "altered"
    assert related[PIER_SHORT]["relation"] == "shortened"
    # First seen first: the short form (February) before the altered one (April).
    assert [r["quotation"] for r in data["related"]] == [PIER_SHORT, PIER_ALTERED]
    changed = [op for op in related[PIER_ALTERED]["diff"] if op["op"] == "replace"]
    assert [(op["statement"]["text"], op["claim"]["text"]) for op in changed] == [("April", "June")]


def test_variants_of_a_part_name_the_longer_statement(db: str) -> None:
    with Store.open(db) as st:
        short = next(q.id for q in st.quotations_for_check() if q.text == PIER_SHORT)
        data = quotation_variants(st, short, checker_from_store(st))
    assert data is not None
    relations = {r["quotation"]: r["relation"] for r in data["related"]}
    # The stored wording is the one stored first (the later article was added first).
    assert relations[PIER_LOUD] == "part"
    assert OTHER not in relations


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=db, check_meaning=False)), raise_server_exceptions=False) as c:
        yield c


def test_variants_api_page_and_json_twin(client: TestClient, db: str) -> None:
    qid = _pier_id(db)
    api = client.get(f"/api/quotations/{qid}")
    assert api.status_code == 200
    body = api.json()
    assert body["quoteID"] == qid and len(body["occurrences"]) == 2
    assert any(seg == ["ins", "June"] for r in body["related"] for seg in r["segments"])
    assert client.get(f"/quotations/{qid}?format=json").json() == body
    page = client.get(f"/quotations/{qid}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Early Post" in page.text and "<ins>June</ins>" in page.text and "<del>April</del>" in page.text
    assert page.text.index("Early Post") < page.text.index("Late Gazette")
    assert client.get("/api/quotations/q000000000000000").status_code == 404


def test_check_page_links_each_match_to_its_quotation_page(client: TestClient, db: str) -> None:
    qid = _pier_id(db)
    page = client.get("/check", params={"claim": PIER})
    assert f'href="/quotations/{qid}"' in page.text


def test_variants_need_the_read_key_when_one_is_set(db: str) -> None:
    settings = Settings(db=db, read_key="reader", check_meaning=False)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        qid = _pier_id(db)
        assert c.get(f"/api/quotations/{qid}").status_code == 401
        assert c.get(f"/api/quotations/{qid}", headers={"X-API-Key": "reader"}).status_code == 200


def test_export_carries_the_wordings_first_seen_first(db: str, tmp_path: Path) -> None:
    out = tmp_path / "export.jsonl"
    with Store.open(db) as st:
        st.export("jsonl", out)
    rows = {r["quotation"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    pier = rows[PIER_LOUD]  # the wording stored first
    assert pier["variants"] == [
        {"quotation": PIER, "date": "2024-03-01", "numOccurrences": 1},
        {"quotation": PIER_LOUD, "date": "2024-03-09", "numOccurrences": 1},
    ]
    assert rows[OTHER]["variants"] == [{"quotation": OTHER, "date": "2024-03-01", "numOccurrences": 1}]
