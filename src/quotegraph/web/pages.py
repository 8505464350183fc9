"""Server-rendered pages; each has a JSON twin (``?format=json``, the same data as ``/api/``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlencode

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from quotegraph.errors import IngestError
from quotegraph.views import posting, reads
from quotegraph.views.checking import MAX_CLAIM, CheckRequest, checker_cache
from quotegraph.views.deps import (
    Limit,
    Offset,
    OptDate,
    SearchDep,
    StoreDep,
    found,
    merged_redirect,
    require_read,
)
from quotegraph.views.work import client_of, queues_of
from quotegraph.web.filters import FILTERS
from quotegraph.web.highlight import marks_of_result, marks_of_stored, segments

HERE = Path(__file__).parent
Format = Annotated[Literal["html", "json"], Query(description="html (the page) or json (its data)")]

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every {{ value }} is HTML-escaped: stored text never becomes markup
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

_env.filters.update(FILTERS)

router = APIRouter(tags=["pages"], dependencies=[Depends(require_read)])


def _render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_env.get_template(template).render(**context), status_code=status)


def _json(data: Any, status: int = 200) -> JSONResponse:
    from fastapi.encoders import jsonable_encoder

    return JSONResponse(jsonable_encoder(data), status_code=status)


def _query_link(base: dict[str, Any], **changes: Any) -> str:
    """``?…`` of the search page with some filters changed (``None`` removes one)."""
    params = {k: v for k, v in {**base, **changes}.items() if v not in (None, "", 0)}
    return "?" + urlencode(params) if params else "?"


@router.get("/", response_class=HTMLResponse, summary="Search page")
@router.get("/search", response_class=HTMLResponse, summary="Search page", include_in_schema=False)
def search_page(store: StoreDep, params: SearchDep, format: Format = "html") -> Response:
    """Search statements with facets by kind, outlet and speaker."""
    data = reads.search(store, params.query(), facets=True)
    if format == "json":
        return _json(data)
    base = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in {
        "q": params.q, "speaker": params.speaker, "speaker_id": params.speaker_id,
        "about": params.about, "about_id": params.about_id, "since": params.since,
        "until": params.until, "kind": params.kind, "outlet": params.outlet,
        "limit": params.limit if params.limit != 20 else None}.items()}
    prev_link = _query_link(base, offset=max(0, params.offset - params.limit)) if params.offset else None
    next_link = (_query_link(base, offset=params.offset + params.limit)
                 if params.limit and params.offset + params.limit < data["total"] else None)
    names = store.speaker_names([i for i in (params.speaker_id, params.about_id) if i])
    by = names.get(params.speaker_id or "", params.speaker_id) or params.speaker
    about = names.get(params.about_id or "", params.about_id) or params.about
    return _render("search.html", page="search", data=data, params=base, link=_query_link,
                   prev_link=prev_link, next_link=next_link, counts=store.counts(),
                   heading=_search_heading(params.q, by, about),
                   chips=_chips(base, SEARCH_CHIPS, names))


#: The search filters shown as chips: query key → label.
SEARCH_CHIPS = {"q": "words", "speaker": "by", "speaker_id": "by", "about": "about", "about_id": "about",
                "since": "from", "until": "to", "kind": "kind", "outlet": "outlet"}


def _search_heading(q: str | None, by: str | None, about: str | None) -> str:
    """What the search page shows, in words: "Statements by X about Y matching "tax"."""
    words = "Statements"
    if by:
        words += f" by {by}"
    if about:
        words += f" about {about}"
    if q:
        words += f" matching \u201c{q}\u201d"
    return words


def _chips(base: dict[str, Any], labels: dict[str, str], names: dict[str, str] | None = None,
           path: str = "") -> list[dict[str, str]]:
    """The active filters of ``base`` as chips: label, value and the link that removes it."""
    names = names or {}
    return [{"key": k, "label": label, "value": names.get(str(base[k]), str(base[k])),
             "remove": path + _query_link(base, **{k: None, "offset": None})}
            for k, label in labels.items() if base.get(k) not in (None, "")]


@router.get("/speakers", response_class=HTMLResponse, summary="Speakers page")
def speakers_page(
    store: StoreDep,
    name: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = "html",
) -> Response:
    """Speakers with the most statements first."""
    data = reads.speakers(store, name=name, limit=limit, offset=offset)
    if format == "json":
        return _json(data)
    base = {"name": name or None}
    return _render("speakers.html", page="speakers", speakers=data, name=name or "",
                   chips=_chips(base, {"name": "name"}, path="/speakers"))


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse, summary="Speaker page")
def speaker_page(request: Request, store: StoreDep, speaker_id: str, format: Format = "html") -> Response:
    """A speaker: names, roles, counts, timeline of statements, the people they talk about; a
    speaker merged into another redirects (308) to that one's page."""
    moved = merged_redirect(request, store, speaker_id)
    if moved is not None:
        return moved
    data = found(reads.speaker(store, speaker_id), "speaker", speaker_id)
    if format == "json":
        return _json(data)
    from fastapi.encoders import jsonable_encoder

    dated_by_text = sum(p["statements"] - p["from_published"] for p in data["timeline"])
    dated_by_pub = sum(p["from_published"] for p in data["timeline"])
    return _render("speaker.html", page="speakers", s=data, timeline_json=jsonable_encoder(data["timeline"]),
                   dated_by_text=dated_by_text, dated_by_pub=dated_by_pub)


@router.get("/articles", response_class=HTMLResponse, summary="Articles page")
def articles_page(
    store: StoreDep,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = "html",
) -> Response:
    """Stored articles, newest first."""
    data = store.articles(limit=limit, offset=offset)
    if format == "json":
        return _json(data)
    return _render("articles.html", page="articles", articles=data, limit=limit, offset=offset)


@router.get("/articles/{article_id}", response_class=HTMLResponse, summary="Article page")
def article_page(store: StoreDep, article_id: str, format: Format = "html") -> Response:
    """An article with content, cue and source of each statement highlighted."""
    data = found(reads.article(store, article_id), "article", article_id)
    if format == "json":
        return _json(data)
    marks = marks_of_stored(data["attributions"], data["published"])
    return _render("article.html", page="articles", a=data, segments=segments(data["text"], marks),
                   marks=marks)


#: How many people and organisations the network page draws by default (the busiest ones):
#: a few hundred nodes make an unreadable hairball on any screen.
GRAPH_TOP = 40


@router.get("/graph", response_class=HTMLResponse, summary="Network page")
def graph_page(
    store: StoreDep,
    since: Annotated[OptDate, Query()] = None,
    until: Annotated[OptDate, Query()] = None,
    speaker_id: Annotated[str | None, Query(max_length=100)] = None,
    min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=2000)] = 300,
    top: Annotated[int, Query(ge=2, le=2000, description="how many nodes the page draws")] = GRAPH_TOP,
    format: Format = "html",
) -> Response:
    """Who talks about whom, as an interactive network, filterable by time."""
    data = reads.graph(store, since=since, until=until, speaker_id=speaker_id or None,
                       min_weight=min_weight, limit=limit)
    if format == "json":
        return _json(data)
    shown = _top_of_graph(data, top)
    base: dict[str, Any] = {"since": data["since"], "until": data["until"], "speaker_id": speaker_id or None,
                            "min_weight": min_weight if min_weight != 1 else None,
                            "top": top if top != GRAPH_TOP else None}
    names = store.speaker_names([speaker_id] if speaker_id else [])
    who = names.get(speaker_id or "", speaker_id)
    heading = f"Who {who} talks about, and who talks about them" if who else "Who talks about whom"
    labels = {"speaker_id": "around", "since": "from", "until": "to", "min_weight": "at least",
              "top": "largest"}
    return _render("graph.html", page="graph", g=shown, full=data, min_weight=min_weight, limit=limit,
                   top=top, params=base, heading=heading, chips=_chips(base, labels, names, "/graph"))


def _top_of_graph(data: dict[str, Any], top: int) -> dict[str, Any]:
    """The ``top`` busiest nodes of ``data`` (nodes come sorted busiest first) and the edges
    between them."""
    nodes = data["nodes"][:top]
    keep = {n["id"] for n in nodes}
    names = {n["id"]: n["name"] for n in nodes}
    edges = [{**e, "source_name": names[e["source"]], "target_name": names[e["target"]]}
             for e in data["edges"] if e["source"] in keep and e["target"] in keep]
    return {**data, "nodes": nodes, "edges": sorted(edges, key=lambda e: -e["weight"])}


OverviewTable = Literal["speakers", "by_outlet", "by_month", "kinds"]


@router.get("/overview", response_class=HTMLResponse, summary="Overview page: who gets quoted")
def overview_page(
    store: StoreDep,
    format: Annotated[Literal["html", "json", "csv"], Query(description="html, json or csv (csv needs table)")] = "html",
    table: Annotated[OverviewTable | None, Query(description="one table (json, csv)")] = None,
    top: Annotated[int, Query(ge=1, le=50, description="people and organisations per outlet and month")] = 5,
) -> Response:
    """Who gets quoted: most quoted overall, by outlet and by month, and statements by kind;
    every table as CSV (``?format=csv&table=…``) and JSON."""
    data = reads.overview(store, top=top)
    if format == "csv":
        if table is None:
            from fastapi import HTTPException

            raise HTTPException(422, "format=csv needs table: one of " + ", ".join(reads.OVERVIEW_TABLES))
        return _csv(data[table], reads.OVERVIEW_TABLES[table][1], f"quotegraph-{table}.csv")
    if format == "json":
        return _json(data[table] if table else data)
    return _render("overview.html", page="overview", data=data, tables=reads.OVERVIEW_TABLES, top=top)


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...], filename: str) -> Response:
    """``rows`` as a CSV download (a header row, then one line per row)."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


@router.get("/paste", response_class=HTMLResponse, summary="Paste-an-article page")
def paste_page(format: Format = "html") -> Response:
    """A form to paste an article and see its extraction (nothing is stored)."""
    if format == "json":
        return _json({"fields": ["text", "published", "title"], "post": "/paste or /api/extract"})
    return _render("paste.html", page="paste", form={}, result=None, error=None)


@router.post("/paste", response_class=HTMLResponse, include_in_schema=False)
async def paste_extract(request: Request) -> Response:
    """Extract a pasted article (an ``application/x-www-form-urlencoded`` form) and show it."""
    raw = await request.body()
    fields = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True).items()}
    form = {k: fields.get(k, "") for k in ("text", "published", "title")}
    want_json = request.query_params.get("format") == "json"
    try:
        published = dt.date.fromisoformat(form["published"]) if form["published"].strip() else None
    except ValueError:
        return _paste_error(form, "publication date: use YYYY-MM-DD", want_json)
    try:
        art = posting.make_article(text=form["text"], published=published, title=form["title"] or None)
        job = queues_of(request).extraction.run(client_of(request), posting.extract, art)
        result = (await job).to_dict()
    except IngestError as err:
        return _paste_error(form, str(err), want_json)
    if want_json:
        return _json(result)
    marks = marks_of_result(result)
    return _render("paste.html", page="paste", form=form, result=result, error=None,
                   segments=segments(result["text"], marks), marks=marks)


def _paste_error(form: dict[str, str], message: str, want_json: bool) -> Response:
    if want_json:
        return _json({"error": message}, 422)
    return _render("paste.html", status=422, page="paste", form=form, result=None, error=message)


_VERDICT_TITLES = {
    "verbatim": "Verbatim", "altered": "Altered", "cut_short": "Cut short",
    "someone_else": "Someone else said it", "paraphrase": "Paraphrase only", "not_found": "Not found",
}


@router.get("/check", response_class=HTMLResponse, summary="Check-a-quote page")
async def check_page(
    request: Request,
    claim: Annotated[str | None, Query(max_length=MAX_CLAIM)] = None,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[OptDate, Query()] = None,
    until: Annotated[OptDate, Query()] = None,
    format: Format = "html",
) -> Response:
    """A form to check a quote: the verdict, its reason, the word diff and the first article
    (the JSON twin is ``POST /api/check``'s answer)."""
    form = {"claim": claim or "", "speaker": speaker or "",
            "since": since.isoformat() if since else "", "until": until.isoformat() if until else ""}
    result = None
    if claim and claim.strip():
        body = CheckRequest(claim=claim, speaker=speaker or None, since=since, until=until, k=5)
        result = await queues_of(request).check.run(client_of(request), checker_cache(request.app.state).check, body)
    if format == "json":
        return _json(result if result is not None else {"fields": list(form), "post": "/api/check"})
    return _render("check.html", page="check", form=form, result=result, titles=_VERDICT_TITLES)


def tojson_script(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">`` (``<``, ``>``, ``&`` escaped)."""
    return (json.dumps(value, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


_env.filters["jsonscript"] = lambda v: jinja2.utils.markupsafe.Markup(tojson_script(v))
