"""The read API over a real store (SQLite; PostgreSQL too when a server is set up): search filters and paging, facets, speakers with
timelines, articles with spans, the graph by time, read keys, JSON errors, the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import invented_corpus, make_result, person
from fastapi.testclient import TestClient

from quotegraph.models import Entity
from quotegraph.server import Settings, create_app
from quotegraph.store import Store


def fill(store: Store) -> None:
    """The invented corpus plus one article with indirect and mixed statements and a mention."""
    for r in invented_corpus(12):
        store.add(r)
    okafor = person("e1", "Maria Okafor", ["Okafor"], ["Mayor"])
    raman = person("e2", "Priya Raman", ["Raman"], ["Senator"])
    agency = Entity("e3", "Harbour Authority", "organization", ["the Harbour Authority"], [])
    text = (
        "Okafor said the Harbour Authority had misled the council about dredging costs. "
        "Raman called the port plan \"a very expensive gamble\" during the hearing."
    )
    store.add(make_result(
        "extra", text,
        [("the Harbour Authority had misled the council about dredging costs", okafor, "indirect", "2023-11-05"),
         ("the port plan \"a very expensive gamble\"", raman, "mixed")],
        [okafor, raman, agency], published=dt.date(2023, 11, 6), url="https://port.example/1", source="Port News",
    ))


@pytest.fixture
def db(db_url: str) -> str:
    """A filled store: a temporary SQLite file, and a PostgreSQL database when one is set up
    (``conftest.db_url``)."""
    with Store.open(db_url) as store:
        fill(store)
    return db_url


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=db, api_key="write-key")), raise_server_exceptions=False) as c:
        yield c


def speaker_id(client: TestClient, name: str) -> str:
    found = client.get("/api/speakers", params={"name": name}).json()
    assert found, name
    return found[0]["id"]


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"q": "dredging"}, lambda h: "dredging" in h["content_text"]),
        ({"speaker": "Okafor"}, lambda h: h["speaker_name"] == "Maria Okafor"),
        ({"about": "Harbour Authority"}, lambda h: h["speaker_name"] == "Maria Okafor"),
        ({"kind": "mixed"}, lambda h: h["kind"] == "mixed"),
        ({"outlet": "port news"}, lambda h: h["article_source"] == "Port News"),
        ({"since": "2024-03-05", "until": "2024-03-06"}, lambda h: "2024-03-05" <= h["date"] <= "2024-03-06"),
        ({"q": "budget", "speaker": "Okafor"}, lambda h: "budget" in h["content_text"].lower()),
    ],
)
def test_search_filters(client: TestClient, params: dict[str, str], check: object) -> None:
    r = client.get("/api/search", params={**params, "limit": 100})
    assert r.status_code == 200
    page = r.json()
    assert page["total"] >= 1 and len(page["hits"]) == page["total"]
    assert all(check(h) for h in page["hits"])  # type: ignore[operator]


def test_search_pages_cover_every_hit_once(client: TestClient) -> None:
    total = client.get("/api/search", params={"limit": 0}).json()["total"]
    seen = []
    for offset in range(0, total, 7):
        seen += [h["id"] for h in client.get("/api/search", params={"limit": 7, "offset": offset}).json()["hits"]]
    assert len(seen) == total == len(set(seen))


def test_search_marks_publication_dates(client: TestClient) -> None:
    hits = {h["kind"]: h for h in client.get("/api/search", params={"outlet": "Port News"}).json()["hits"]}
    assert hits["indirect"]["date"] == "2023-11-05" and not hits["indirect"]["date_from_published"]
    assert hits["mixed"]["date"] == "2023-11-06" and hits["mixed"]["date_from_published"]


def test_search_facets_count_the_matches(client: TestClient) -> None:
    page = client.get("/api/search", params={"facets": "true", "limit": 1}).json()
    facets = page["facets"]
    assert sum(f["count"] for f in facets["kind"]) == page["total"]
    assert {f["value"] for f in facets["outlet"]} >= {"City Desk", "Port News"}
    okafor = next(f for f in facets["speaker"] if f["label"] == "Maria Okafor")
    assert okafor["count"] == client.get("/api/search", params={"speaker_id": okafor["value"]}).json()["total"]
    assert client.get("/api/search").json()["facets"] is None


def test_speaker_has_aliases_roles_counts_and_timeline(client: TestClient) -> None:
    sid = speaker_id(client, "Maria Okafor")
    s = client.get(f"/api/speakers/{sid}").json()
    assert s["name"] == "Maria Okafor" and "Okafor" in s["aliases"] and "Mayor" in s["roles"]
    assert s["statements"] == sum(p["statements"] for p in s["timeline"]) > 0
    assert s["occurrences"] >= s["statements"]
    # The hearing statement is dated by the text; others fall back to publication dates.
    assert any(p["date"] == "2023-11-05" and p["from_published"] == 0 for p in s["timeline"])
    assert [p["date"] for p in s["timeline"]] == sorted(p["date"] for p in s["timeline"])
    assert "Harbour Authority" in {m["name"] for m in s["talks_about"]}
    assert s["recent"] and all(h["speaker_id"] == sid for h in s["recent"])


def test_article_spans_index_its_text(client: TestClient) -> None:
    hit = client.get("/api/search", params={"outlet": "Port News"}).json()["hits"][0]
    art = client.get(f"/api/articles/{hit['article_id']}").json()
    assert art["source"] == "Port News" and art["attributions"]
    for a in art["attributions"]:
        for span in a["content"] + [s for s in (a["cue"], a["source"]) if s]:
            assert art["text"][span["start"]:span["end"]] == span["text"]
    assert {e["name"] for e in art["entities"]} >= {"Maria Okafor", "Harbour Authority"}


def test_articles_list(client: TestClient) -> None:
    rows = client.get("/api/articles", params={"limit": 100}).json()
    assert len(rows) == client.get("/api/counts").json()["articles"] == 13
    assert all(r["statements"] >= 1 for r in rows)


@pytest.mark.parametrize(
    ("params", "expect_edge"),
    [({}, True), ({"since": "2023-11-01", "until": "2023-11-30"}, True), ({"since": "2024-01-01"}, False)],
)
def test_graph_filters_by_time(client: TestClient, params: dict[str, str], expect_edge: bool) -> None:
    g = client.get("/api/graph", params=params).json()
    names = {n["id"]: n["name"] for n in g["nodes"]}
    edges = {(names[e["source"]], names[e["target"]]) for e in g["edges"]}
    assert (("Maria Okafor", "Harbour Authority") in edges) is expect_edge
    assert all(e["source"] in names and e["target"] in names and e["weight"] >= 1 for e in g["edges"])


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/speakers/no-such-id", 404),
        ("/api/articles/no-such-id", 404),
        ("/api/search?kind=quoted", 422),
        ("/api/search?since=yesterday", 422),
        ("/api/search?limit=-1", 422),
        ("/api/nothing-here", 404),
    ],
)
def test_errors_are_json_messages(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    assert isinstance(r.json()["error"], str) and r.json()["error"]
    assert "Traceback" not in r.text


def test_an_unexpected_failure_is_a_500_json_without_trace(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(Settings(db=db))

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("secret internals at /srv/db")

    monkeypatch.setattr(Store, "search_json", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/search", params={"q": "x"})
    assert r.status_code == 500
    assert r.json() == {"error": "internal server error; the server log has the details"}
    assert "secret" not in r.text


@pytest.mark.parametrize("nasty", ["\"unbalanced", "'; DROP TABLE attributions; --", "a AND OR NOT", "*", "NEAR(",
                                   "\x00", "%_\\", "ünïcödé 😀"])
def test_nasty_text_is_harmless(client: TestClient, nasty: str) -> None:
    for params in ({"q": nasty}, {"speaker": nasty}, {"about": nasty}, {"outlet": nasty}):
        r = client.get("/api/search", params=params)
        assert r.status_code == 200, (params, r.text)
    assert client.get("/api/counts").json()["attributions"] > 0


def test_read_key_guards_reads_when_set(db: str) -> None:
    app = create_app(Settings(db=db, api_key="write-key", read_key="read-key"))
    with TestClient(app, raise_server_exceptions=False) as c:
        assert c.get("/api/search").status_code == 401
        assert c.get("/").status_code == 401
        assert c.get("/api/search", headers={"X-API-Key": "wrong"}).status_code == 401
        assert c.get("/api/search", headers={"X-API-Key": "read-key"}).status_code == 200
        assert c.get("/api/search", headers={"X-API-Key": "write-key"}).status_code == 200
        c.cookies.set("quotegraph_key", "read-key")
        assert c.get("/").status_code == 200
        # The API's description stays public.
        assert c.get("/openapi.json").status_code == 200


def test_reads_are_open_without_a_read_key(client: TestClient) -> None:
    assert client.get("/api/search").status_code == 200
    assert client.get("/").status_code == 200


def test_openapi_documents_every_resource(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    paths = doc["paths"]
    for p in ("/api/search", "/api/speakers", "/api/speakers/{speaker_id}", "/api/articles",
              "/api/articles/{article_id}", "/api/graph", "/api/extract"):
        assert "get" in paths[p] or "post" in paths[p], p
    assert "post" in paths["/api/articles"]
    params = {p["name"] for p in paths["/api/search"]["get"]["parameters"]}
    assert params >= {"q", "speaker", "about", "since", "until", "kind", "outlet", "limit", "offset"}
    assert "X-API-Key" in str(doc["components"]["securitySchemes"])


def test_blank_form_fields_mean_no_filter(client: TestClient) -> None:
    everything = client.get("/api/search").json()["total"]
    r = client.get("/api/search?q=&speaker=&about=&since=&until=&kind=&outlet=")
    assert r.status_code == 200 and r.json()["total"] == everything
    assert client.get("/search?q=&since=&until=&kind=").status_code == 200
    assert client.get("/graph?since=&until=").status_code == 200


@pytest.mark.parametrize("filters", [
    {}, {"q": "budget"}, {"q": "dredging"}, {"speaker": "Okafor"}, {"about": "Harbour Authority"},
    {"kind": "mixed"}, {"outlet": "port news"}, {"since": "2023-11-01", "until": "2024-03-06"},
    {"limit": 200}, {"limit": 3, "offset": 4}, {"limit": 0}, {"offset": 10_000}, {"speaker": "Nobody Atall"},
])
def test_search_answers_serialise_like_the_store_records(db: str, filters: dict[str, object]) -> None:
    # The API reads rows straight into JSON form; the store types them. Same data either way.
    from quotegraph.views.deps import SearchFilters
    from quotegraph.views.reads import search

    params = SearchFilters.model_validate(filters)
    with Store.open(db) as store:
        page = store.search(params.q, speaker=params.speaker, about=params.about, kind=params.kind,
                            source=params.outlet, since=params.since, until=params.until,
                            limit=params.limit, offset=params.offset)
        answer = search(store, params.query())
    assert answer.pop("facets") is None
    assert answer == page.to_dict()
    if filters == {"limit": 200}:
        # Every field is compared, dated statements (said_on) included.
        assert any(h["said_on"] for h in answer["hits"]) and any(h["published"] for h in answer["hits"])


SEARCH_STRINGS = [
    "", "q=budget", "q=budget&limit=2&offset=1", "speaker=Okafor&facets=true", "about=Harbour+Authority",
    "kind=mixed&facets=1", "outlet=port+news", "since=2024-03-05&until=2024-03-06", "q=&speaker=&since=&kind=",
    "limit=3&limit=5", "q=dredging&unknown=1", "facets=yes", "limit=0", "offset=1000",
    # Invalid: the general handler answers these.
    "limit=-1", "limit=201", "since=yesterday", "kind=quoted", "facets=maybe", "q=" + "x" * 501, "limit=two",
]


@pytest.mark.parametrize("query", SEARCH_STRINGS)
def test_search_short_way_answers_like_fastapis_handler(db: str, query: str) -> None:
    # GET /api/search answers a valid query string without FastAPI's dependency resolution
    # (api.routers.search.SearchRoute); overriding any dependency sends every request through
    # FastAPI's own handler. Both must give the same answer, errors included.
    from quotegraph.views.deps import get_settings

    app = create_app(Settings(db=db, api_key="write-key"))
    with TestClient(app, raise_server_exceptions=False) as c:
        short = c.get(f"/api/search?{query}")
        app.dependency_overrides[get_settings] = lambda: app.state.settings
        general = c.get(f"/api/search?{query}")
    assert (short.status_code, short.headers["content-type"]) == (general.status_code, general.headers["content-type"])
    assert short.json() == general.json()


def test_search_short_way_checks_the_read_key(db: str) -> None:
    app = create_app(Settings(db=db, api_key="write-key", read_key="read-key"))
    with TestClient(app, raise_server_exceptions=False) as c:
        assert c.get("/api/search?q=budget").status_code == 401
        assert c.get("/api/search?q=budget", headers={"X-API-Key": "nope"}).json()["error"].startswith("a read key")
        c.cookies.set("quotegraph_key", "read-key")
        assert c.get("/api/search?q=budget").status_code == 200


def test_the_server_gives_its_own_sqlite_store_a_larger_page_cache(tmp_path: Path) -> None:
    from quotegraph.server.app import SQLITE_CACHE_KIB

    db = str(tmp_path / "cache.sqlite")
    with Store.open(db) as given:
        create_app(Settings(db=db), store=given)
        with given.engine.connect() as conn:  # a store passed in keeps its settings
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() != -SQLITE_CACHE_KIB
    app = create_app(Settings(db=db))
    with TestClient(app) as c:
        assert c.get("/api/search").status_code == 200
        with app.state.store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_CACHE_KIB
