"""What the API and the pages share: reads of the store shaped as JSON, facets, the graph's
nodes, and extraction of a posted article.

Everything here takes an open :class:`~quotegraph.store.Store` and returns plain JSON-ready
dicts, so that a page and its ``/api/`` twin serve the same data. Facets and the lookup of a
stored article's id are read-only SQLAlchemy over the store's schema (the store has no such
methods); every value travels as a bound parameter.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from quotegraph.errors import IngestError
from quotegraph.models import Article, ExtractionResult
from quotegraph.search import SearchQuery, run_facets, run_search_json
from quotegraph.store import Store, dedup
from quotegraph.store import tables as t

#: How many values each facet lists.
FACET_TOP = 8

# spaCy pipelines are not documented as thread-safe; extraction requests queue on this lock.
_EXTRACT_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class SearchParams:
    """The filters of a statement search (every one optional; they combine with AND)."""

    q: str | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    about: str | None = None
    about_id: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    kind: str | None = None
    outlet: str | None = None
    limit: int = 20
    offset: int = 0

    def query(self) -> SearchQuery:
        """The store's query object for these filters."""
        return SearchQuery(
            text=self.q or None,
            speaker=self.speaker or None,
            speaker_id=self.speaker_id or None,
            about=self.about or None,
            about_id=self.about_id or None,
            since=self.since,
            until=self.until,
            kind=self.kind or None,
            source=self.outlet or None,
            limit=self.limit,
            offset=self.offset,
        )

    def is_empty(self) -> bool:
        """Whether no filter is set (a search page then shows the latest statements)."""
        return not any((self.q, self.speaker, self.speaker_id, self.about, self.about_id,
                        self.since, self.until, self.kind, self.outlet))


def search(store: Store, params: SearchParams, *, facets: bool = False) -> dict[str, Any]:
    """A page of statements matching ``params`` (and, with ``facets``, counts by kind, outlet
    and speaker over all matches): ``Store.search(...).to_dict()``, read straight into JSON
    form (building the typed records and then walking them took as long as the query)."""
    with store.engine.connect() as conn:
        out = run_search_json(conn, params.query())
    out["facets"] = search_facets(store, params) if facets else None
    return out


def search_facets(store: Store, params: SearchParams) -> dict[str, list[dict[str, Any]]]:
    """Counts of the statements matching ``params`` by kind, outlet and speaker (top ones)."""
    with store.engine.connect() as conn:
        facets = run_facets(conn, params.query(), FACET_TOP)

    def rows(counts: list[Any]) -> list[dict[str, Any]]:
        return [{"value": c.value, "label": c.label or c.value, "count": c.count}
                for c in counts if c.value is not None]

    return {"kind": rows(facets.kind), "outlet": rows(facets.source), "speaker": rows(facets.speaker)}


def speaker(store: Store, speaker_id: str, *, recent: int = 20) -> dict[str, Any] | None:
    """A speaker with aliases, roles, counts, whom they talk about, their timeline and latest
    statements; ``None`` when no such id is stored."""
    info = store.speaker(speaker_id)
    if info is None:
        return None
    out = info.to_dict()
    out["timeline"] = [p.to_dict() for p in store.timeline(speaker_id)]
    out["recent"] = store.search(speaker_id=speaker_id, limit=recent).to_dict()["hits"]
    return out


def speakers(store: Store, *, name: str | None, limit: int, offset: int) -> list[dict[str, Any]]:
    """Speakers by number of distinct statements."""
    return [s.to_dict() for s in store.speakers(limit, offset=offset, name=name or None)]


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """A stored article with its attributions and entities, or ``None``."""
    art = store.article(article_id)
    return None if art is None else art.to_dict()


def graph(
    store: Store,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    speaker_id: str | None = None,
    min_weight: int = 1,
    limit: int = 300,
) -> dict[str, Any]:
    """Who talks about whom between ``since`` and ``until``: nodes and weighted edges."""
    edges = store.graph(since, until, speaker_id=speaker_id, min_weight=min_weight, limit=limit)
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        src = nodes.setdefault(e.source_id, {"id": e.source_id, "name": e.source_name,
                                             "kind": "", "spoken": 0, "mentioned": 0})
        src["spoken"] += e.weight
        dst = nodes.setdefault(e.target_id, {"id": e.target_id, "name": e.target_name,
                                             "kind": e.target_kind, "spoken": 0, "mentioned": 0})
        dst["mentioned"] += e.weight
        dst["kind"] = e.target_kind
    missing = [n["id"] for n in nodes.values() if not n["kind"]]
    if missing:
        with store.engine.connect() as conn:
            for sid, kind in conn.execute(
                sa.select(t.speakers.c.id, t.speakers.c.kind).where(t.speakers.c.id.in_(missing))
            ):
                nodes[sid]["kind"] = kind
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "nodes": sorted(nodes.values(), key=lambda n: (-(n["spoken"] + n["mentioned"]), n["name"])),
        "edges": [{"source": e.source_id, "target": e.target_id, "weight": e.weight} for e in edges],
    }


# ------------------------------------------------------------------------------ extraction
def check_text(text: str, what: str = "text") -> None:
    """Refuse text the store could not keep exactly as given.

    Raises:
        IngestError: the text holds NUL characters or unpaired surrogates.
    """
    if "\x00" in text:
        raise IngestError(f"the {what} holds NUL characters; send plain text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise IngestError(f"the {what} holds unpaired surrogate characters; send valid UTF-8 text") from None


def make_article(
    *,
    text: str | None = None,
    html: str | None = None,
    published: dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
) -> Article:
    """An article from posted ``text`` or ``html`` (exactly one of them).

    Raises:
        IngestError: neither or both were given, or the text is empty, too large or unreadable.
    """
    from quotegraph.ingest.base import stable_id
    from quotegraph.ingest.html import article_from_html
    from quotegraph.ingest.text import article_from_text

    if (text is None) == (html is None):
        raise IngestError("send exactly one of 'text' and 'html'")
    for value, what in ((text, "text"), (html, "html"), (title, "title"), (url, "url"), (source, "source")):
        if value is not None:
            check_text(value, what)
    body = text if text is not None else html
    art_id = stable_id("api", url or body or "")
    if text is not None:
        return article_from_text(text, id=art_id, published=published, title=title or None,
                                 url=url or None, source=source or None)
    art = article_from_html(html or "", id=art_id, url=url or None, published=published,
                            source=source or None)
    if title:
        art.title = title
    return art


def extract(article: Article) -> ExtractionResult:
    """Run the extractor on one article (one request at a time)."""
    from quotegraph import get_extractor

    with _EXTRACT_LOCK:
        return get_extractor().extract(article)


def store_result(store: Store, result: ExtractionResult) -> tuple[str, bool]:
    """Store an extraction; ``(stored article id, whether it is new)``."""
    created = store.add(result)
    text_hash = dedup.content_hash(result.article.text)
    cond = t.articles.c.content_hash == text_hash
    if result.article.url:
        cond = sa.or_(cond, t.articles.c.url == result.article.url)
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t.articles.c.id).where(cond).order_by(t.articles.c.id).limit(1)).first()
    return (row.id if row else dedup.article_id(text_hash)), created
