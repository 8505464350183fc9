"""Search over the store: pure functions that build the SQL, and one that runs it.

``build_search(query, dialect)`` returns SQLAlchemy ``Select`` objects and touches no database,
so tests check the SQL (and that user text only ever travels as bound parameters) directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from quotegraph.models import SaidOn, Span
from quotegraph.search.escape import fts5_query, ts_pieces
from quotegraph.store import names
from quotegraph.store import schema as t
from quotegraph.store.types import _Record

MAX_LIMIT = 1000
KINDS = ("direct", "indirect", "mixed")


@dataclass(slots=True)
class SearchQuery:
    """What to look for; every field is optional and the filters combine with AND."""

    text: str | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    about: str | None = None
    about_id: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    kind: str | None = None
    source: str | None = None
    article_id: str | None = None
    limit: int = 20
    offset: int = 0
    #: Global ids ``speaker`` resolves to (``run_search`` fills it; ``None``: use a subquery).
    speaker_ids: list[str] | None = None
    #: Global ids ``about`` resolves to (as ``speaker_ids``).
    about_ids: list[str] | None = None

    def __post_init__(self) -> None:
        from quotegraph.errors import StoreError

        if self.kind is not None and self.kind not in KINDS:
            raise StoreError(f"unknown kind {self.kind!r}; use one of {', '.join(KINDS)}")
        # NUL cannot occur in stored text, and PostgreSQL rejects it in parameters.
        for name in ("text", "speaker", "speaker_id", "about", "about_id", "source", "article_id"):
            value = getattr(self, name)
            if isinstance(value, str) and "\x00" in value:
                setattr(self, name, value.replace("\x00", " "))
        self.limit = max(0, min(int(self.limit), MAX_LIMIT))
        self.offset = max(0, int(self.offset))


@dataclass(slots=True)
class Hit(_Record):
    """One statement found: what was said, by whom, where and when."""

    id: str
    article_id: str
    kind: str
    content: list[Span]
    content_text: str
    cue: str | None
    source: str | None
    speaker_id: str | None
    speaker_name: str | None
    said_on: SaidOn | None
    date: dt.date | None
    date_from_published: bool
    confidence: float
    quotation_id: str
    article_title: str | None
    article_url: str | None
    article_source: str | None
    published: dt.date | None


@dataclass(slots=True)
class FacetCount(_Record):
    """One value of a facet and the number of matching statements."""

    value: str | None
    label: str | None
    count: int


@dataclass(slots=True)
class Facets(_Record):
    """Counts of the matching statements by kind, outlet and speaker (most frequent first)."""

    kind: list[FacetCount] = field(default_factory=list)
    source: list[FacetCount] = field(default_factory=list)
    speaker: list[FacetCount] = field(default_factory=list)


@dataclass(slots=True)
class SearchPage(_Record):
    """A page of hits and the number of all matches."""

    total: int
    limit: int
    offset: int
    hits: list[Hit] = field(default_factory=list)


def speaker_ids_matching(name: str) -> sa.Select[Any]:
    """Ids of speakers whose name or alias matches ``name``: the whole normalised name, the
    same first and last name, or a bare last name ("Clinton" → every Clinton; "Hillary
    Clinton" → her only)."""
    s, al = t.speakers, t.speaker_aliases
    kinds = {names.norm_name(name, "person"), names.norm_name(name, "organization")} - {""}
    if not kinds:
        # Nothing name-like: match nobody rather than everybody.
        return sa.select(s.c.id).where(sa.false())
    conds: list[Any] = [s.c.norm.in_(sorted(kinds)), s.c.id.in_(sa.select(al.c.speaker_id).where(al.c.norm.in_(sorted(kinds))))]
    for k in kinds:
        toks = k.split()
        if len(toks) == 1:
            conds.append(s.c.last_token == toks[0])
        else:
            # "Hillary Rodham Clinton" finds "Hillary Clinton": same first and last name.
            conds.append(sa.and_(s.c.last_token == toks[-1], s.c.first_token == toks[0]))
    return sa.select(s.c.id).where(sa.or_(*conds))


def _text_condition(query: SearchQuery, dialect: str) -> tuple[Any, Any] | None:
    """(WHERE condition, relevance expression) for the text filter, or ``None``."""
    a = t.attributions
    if dialect == "sqlite":
        match = fts5_query(query.text)
        if match is None:
            return None
        fts = sa.table(t.FTS_TABLE, sa.column("rowid"))
        keys = (
            sa.select(fts.c.rowid)
            .where(sa.text(f"{t.FTS_TABLE} MATCH :qg_match").bindparams(qg_match=match))
        )
        return a.c.key.in_(keys), None
    if dialect == "postgresql":
        words, phrases = ts_pieces(query.text)
        parts = []
        if words:
            parts.append(sa.func.plainto_tsquery(sa.literal_column(f"'{t.TS_CONFIG}'::regconfig"), words))
        for p in phrases:
            parts.append(sa.func.phraseto_tsquery(sa.literal_column(f"'{t.TS_CONFIG}'::regconfig"), p))
        if not parts:
            return None
        tsq = parts[0]
        for p in parts[1:]:
            tsq = tsq.op("&&")(p)
        vec = sa.literal_column(f"attributions.{t.TSVECTOR_COLUMN}")
        return vec.op("@@")(tsq), sa.func.ts_rank(vec, tsq)
    raise ValueError(f"unsupported dialect {dialect!r}")


def _conditions(query: SearchQuery, dialect: str) -> tuple[list[Any], Any]:
    """WHERE conditions of a search (over ``attributions`` joined with ``articles``) and the
    relevance expression (PostgreSQL text searches; ``None`` otherwise)."""
    a, art = t.attributions, t.articles
    conds: list[Any] = []
    rank = None
    text = _text_condition(query, dialect)
    if text is not None:
        conds.append(text[0])
        rank = text[1]
    if query.speaker_id:
        conds.append(a.c.speaker_id == query.speaker_id)
    if query.speaker:
        if query.speaker_ids is not None:
            conds.append(a.c.speaker_id.in_(query.speaker_ids))
        else:
            conds.append(a.c.speaker_id.in_(speaker_ids_matching(query.speaker)))
    if query.about_id or query.about:
        m = t.mentions
        ids = sa.select(m.c.attribution_id)
        if query.about_id:
            ids = ids.where(m.c.speaker_id == query.about_id)
        elif query.about_ids is not None:
            ids = ids.where(m.c.speaker_id.in_(query.about_ids))
        else:
            ids = ids.where(m.c.speaker_id.in_(speaker_ids_matching(query.about or "")))
        conds.append(a.c.id.in_(ids))
    if query.since is not None:
        conds.append(a.c.date >= query.since)
    if query.until is not None:
        conds.append(a.c.date <= query.until)
    if query.kind:
        conds.append(a.c.kind == query.kind)
    if query.source:
        conds.append(sa.func.lower(art.c.source) == query.source.casefold())
    if query.article_id:
        conds.append(a.c.article_id == query.article_id)
    return conds, rank


def build_search(query: SearchQuery, dialect: str) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The SQL of a search: ``(page of rows, total count)``.

    Args:
        query: the filters and paging.
        dialect: ``"sqlite"`` or ``"postgresql"`` (full-text search differs).

    Returns:
        Two ``Select`` statements; user text only appears in bound parameters.
    """
    a, art = t.attributions, t.articles
    conds, rank = _conditions(query, dialect)
    joined = a.join(art, art.c.id == a.c.article_id)
    cols = [
        a.c.id,
        a.c.article_id,
        a.c.kind,
        a.c.content,
        a.c.content_text,
        a.c.cue_text,
        a.c.source_text,
        a.c.speaker_id,
        a.c.speaker_name,
        a.c.said_on_value,
        a.c.said_on_granularity,
        a.c.said_on_start,
        a.c.said_on_end,
        a.c.date,
        a.c.date_from_published,
        a.c.confidence,
        a.c.quotation_id,
        art.c.title.label("article_title"),
        art.c.url.label("article_url"),
        art.c.source.label("article_source"),
        art.c.published,
    ]
    order: list[Any] = []
    if rank is not None:
        order.append(sa.desc(rank))
    order += [a.c.date.desc(), a.c.article_id, a.c.position]
    # The total rides along as a window count: one pass over the matches serves page and total.
    cols.append(sa.func.count().over().label("qg_total"))
    rows = (
        sa.select(*cols)
        .select_from(joined)
        .where(*conds)
        .order_by(*order)
        .limit(query.limit)
        .offset(query.offset)
    )
    count_from = joined if query.source else a
    count = sa.select(sa.func.count()).select_from(count_from).where(*conds)
    return rows, count


def run_search(conn: Connection, query: SearchQuery) -> SearchPage:
    """Run :func:`build_search` on an open connection and type the rows."""
    import json

    from quotegraph.store.store import _as_date

    import dataclasses

    # Names → ids first: a short indexed query, after which the main query filters on a plain
    # id list (both planners handle that far better than an OR of subqueries).
    if query.speaker and query.speaker_ids is None:
        ids = sorted(conn.execute(speaker_ids_matching(query.speaker)).scalars())
        query = dataclasses.replace(query, speaker_ids=ids)
    if query.about and not query.about_id and query.about_ids is None:
        ids = sorted(conn.execute(speaker_ids_matching(query.about)).scalars())
        query = dataclasses.replace(query, about_ids=ids)
    if query.speaker_ids == [] or query.about_ids == []:
        return SearchPage(total=0, limit=query.limit, offset=query.offset, hits=[])
    rows_sql, count_sql = build_search(query, conn.dialect.name)
    hits = []
    total: int | None = None
    if query.limit:
        for r in conn.execute(rows_sql):
            total = int(r.qg_total)
            said = None
            if r.said_on_value is not None:
                start, end = _as_date(r.said_on_start), _as_date(r.said_on_end)
                said = SaidOn(r.said_on_value, r.said_on_granularity,
                              start.isoformat() if start else "", end.isoformat() if end else "")
            hits.append(
                Hit(
                    id=r.id,
                    article_id=r.article_id,
                    kind=r.kind,
                    content=[Span(**s) for s in json.loads(r.content)],
                    content_text=r.content_text,
                    cue=r.cue_text,
                    source=r.source_text,
                    speaker_id=r.speaker_id,
                    speaker_name=r.speaker_name,
                    said_on=said,
                    date=_as_date(r.date),
                    date_from_published=bool(r.date_from_published),
                    confidence=float(r.confidence),
                    quotation_id=r.quotation_id,
                    article_title=r.article_title,
                    article_url=r.article_url,
                    article_source=r.article_source,
                    published=_as_date(r.published),
                )
            )
    # The global speaker's name (the article's own spelling can differ), for this page only.
    sids = sorted({h.speaker_id for h in hits if h.speaker_id})
    if sids:
        names_by_id = dict(conn.execute(sa.select(t.speakers.c.id, t.speakers.c.name).where(t.speakers.c.id.in_(sids))).all())
        for h in hits:
            if h.speaker_id in names_by_id:
                h.speaker_name = names_by_id[h.speaker_id]
    if total is None:
        # No row on this page (limit 0, past the end, or no match): count separately.
        total = int(conn.execute(count_sql).scalar_one())
    return SearchPage(total=total, limit=query.limit, offset=query.offset, hits=hits)


def build_facets(query: SearchQuery, dialect: str, top: int = 10) -> dict[str, sa.Select[Any]]:
    """The SQL of the facet counts for a search (same filters as :func:`build_search`).

    Returns:
        ``{"kind": …, "source": …, "speaker": …}``, each selecting ``value, label, count``.
    """
    a, art, s = t.attributions, t.articles, t.speakers
    conds, _ = _conditions(query, dialect)
    joined = a.join(art, art.c.id == a.c.article_id)
    n = sa.func.count().label("count")
    kind = (sa.select(a.c.kind.label("value"), a.c.kind.label("label"), n)
            .select_from(joined).where(*conds).group_by(a.c.kind).order_by(n.desc(), a.c.kind))
    source = (sa.select(art.c.source.label("value"), art.c.source.label("label"), n)
              .select_from(joined).where(*conds).group_by(art.c.source)
              .order_by(n.desc(), art.c.source).limit(top))
    speaker = (sa.select(a.c.speaker_id.label("value"), s.c.name.label("label"), n)
               .select_from(joined.join(s, s.c.id == a.c.speaker_id)).where(*conds)
               .group_by(a.c.speaker_id, s.c.name).order_by(n.desc(), s.c.name).limit(top))
    return {"kind": kind, "source": source, "speaker": speaker}


def run_facets(conn: Connection, query: SearchQuery, top: int = 10) -> Facets:
    """Run :func:`build_facets` on an open connection."""
    import dataclasses

    if query.speaker and query.speaker_ids is None:
        query = dataclasses.replace(query, speaker_ids=sorted(conn.execute(speaker_ids_matching(query.speaker)).scalars()))
    if query.about and not query.about_id and query.about_ids is None:
        query = dataclasses.replace(query, about_ids=sorted(conn.execute(speaker_ids_matching(query.about)).scalars()))
    if query.speaker_ids == [] or query.about_ids == []:
        return Facets()
    out = Facets()
    for name, stmt in build_facets(query, conn.dialect.name, top).items():
        setattr(out, name, [FacetCount(r.value, r.label, int(r.count)) for r in conn.execute(stmt)])
    return out
