"""Search over the store: pure functions that build the SQL, and one that runs it.

``build_search(query, dialect)`` returns SQLAlchemy ``Select`` objects and touches no database,
so tests check the SQL (and that user text only ever travels as bound parameters) directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from quotegraph.models import SaidOn, Span
from quotegraph.search.escape import fts5_query, ts_pieces
from quotegraph.store import names
from quotegraph.store import tables as t
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


def _name_keys(name: str) -> list[str]:
    """The normalised keys a speaker name is looked up by (as a person and as an organisation)."""
    return sorted({names.norm_name(name, "person"), names.norm_name(name, "organization")} - {""})


def speaker_ids_matching(name: str, *, bind_prefix: str | None = None) -> sa.Select[Any]:
    """Ids of speakers whose name or alias matches ``name``: the whole normalised name, the
    same first and last name, or a bare last name ("Clinton" → every Clinton; "Hillary
    Clinton" → her only).

    With ``bind_prefix`` every value is a bound parameter named from it (``{prefix}norm_0``,
    …), so that statements of the same shape compile to the same SQL (see :func:`run_search`);
    without it the parameters are anonymous, and two such subqueries fit in one statement.
    """
    s, al = t.speakers, t.speaker_aliases
    kinds = _name_keys(name)
    if not kinds:
        # Nothing name-like: match nobody rather than everybody.
        return sa.select(s.c.id).where(sa.false())

    def bind(key: str, value: str) -> Any:
        return sa.bindparam(f"{bind_prefix}{key}", value) if bind_prefix else value

    norms = [bind(f"norm_{i}", k) for i, k in enumerate(kinds)]
    conds: list[Any] = [s.c.norm.in_(norms), s.c.id.in_(sa.select(al.c.speaker_id).where(al.c.norm.in_(norms)))]
    for i, k in enumerate(kinds):
        toks = k.split()
        if len(toks) == 1:
            conds.append(s.c.last_token == bind(f"last_{i}", toks[0]))
        else:
            # "Hillary Rodham Clinton" finds "Hillary Clinton": same first and last name.
            conds.append(sa.and_(s.c.last_token == bind(f"last_{i}", toks[-1]),
                                 s.c.first_token == bind(f"first_{i}", toks[0])))
    return sa.select(s.c.id).where(sa.or_(*conds))


def _text_condition(query: SearchQuery, dialect: str) -> tuple[Any, Any] | None:
    """(WHERE condition, relevance expression) for the text filter, or ``None``."""
    if dialect == "sqlite":
        match = fts5_query(query.text)
        if match is None:
            return None
        fts = sa.table(t.FTS_TABLE, sa.column("rowid"))
        keys = (
            sa.select(fts.c.rowid)
            .where(sa.text(f"{t.FTS_TABLE} MATCH :qg_match").bindparams(qg_match=match))
        )
        return t.attributions.c.key.in_(keys), None
    if dialect == "postgresql":
        words, phrases = ts_pieces(query.text)
        config = sa.literal_column(f"'{t.TS_CONFIG}'::regconfig")
        parts = []
        if words:
            parts.append(sa.func.plainto_tsquery(config, sa.bindparam("qg_words", words)))
        for i, p in enumerate(phrases):
            parts.append(sa.func.phraseto_tsquery(config, sa.bindparam(f"qg_phrase_{i}", p)))
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
    relevance expression (PostgreSQL text searches; ``None`` otherwise).

    Every value is a bound parameter with a fixed name (``qg_…``; the i-th id of a list gets
    ``_i``), so the SQL depends only on which filters are set and how many ids they list."""
    a, art = t.attributions, t.articles
    conds: list[Any] = []
    rank = None
    text = _text_condition(query, dialect)
    if text is not None:
        conds.append(text[0])
        rank = text[1]
    if query.speaker_id:
        conds.append(a.c.speaker_id == sa.bindparam("qg_speaker_id", query.speaker_id))
    if query.speaker:
        if query.speaker_ids is not None:
            conds.append(a.c.speaker_id.in_(
                [sa.bindparam(f"qg_sid_{i}", v) for i, v in enumerate(query.speaker_ids)]))
        else:
            conds.append(a.c.speaker_id.in_(speaker_ids_matching(query.speaker)))
    if query.about_id or query.about:
        m = t.mentions
        ids = sa.select(m.c.attribution_id)
        if query.about_id:
            ids = ids.where(m.c.speaker_id == sa.bindparam("qg_about_id", query.about_id))
        elif query.about_ids is not None:
            ids = ids.where(m.c.speaker_id.in_(
                [sa.bindparam(f"qg_aid_{i}", v) for i, v in enumerate(query.about_ids)]))
        else:
            ids = ids.where(m.c.speaker_id.in_(speaker_ids_matching(query.about or "")))
        conds.append(a.c.id.in_(ids))
    if query.since is not None:
        conds.append(a.c.date >= sa.bindparam("qg_since", query.since, type_=a.c.date.type))
    if query.until is not None:
        conds.append(a.c.date <= sa.bindparam("qg_until", query.until, type_=a.c.date.type))
    if query.kind:
        conds.append(a.c.kind == sa.bindparam("qg_kind", query.kind))
    if query.source:
        conds.append(sa.func.lower(art.c.source) == sa.bindparam("qg_source", query.source.casefold()))
    if query.article_id:
        conds.append(a.c.article_id == sa.bindparam("qg_article_id", query.article_id))
    return conds, rank


def _row_columns() -> list[Any]:
    """The columns of a search hit, in the order :func:`run_search` reads them."""
    a, art, s = t.attributions, t.articles, t.speakers
    return [
        a.c.id,
        a.c.article_id,
        a.c.kind,
        a.c.content,
        a.c.content_text,
        a.c.cue_text,
        a.c.source_text,
        a.c.speaker_id,
        # The global speaker's name (the article's own spelling can differ).
        sa.func.coalesce(s.c.name, a.c.speaker_name).label("speaker_name"),
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


def build_search(query: SearchQuery, dialect: str) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The SQL of a search: ``(page of rows, total count)``.

    Args:
        query: the filters and paging.
        dialect: ``"sqlite"`` or ``"postgresql"`` (full-text search differs).

    Returns:
        Two ``Select`` statements; user text only appears in bound parameters, each named as
        :func:`search_parameters` names it.
    """
    a, art, s = t.attributions, t.articles, t.speakers
    conds, rank = _conditions(query, dialect)
    joined = a.join(art, art.c.id == a.c.article_id)
    filtered = joined if query.source else a
    # Two steps: the matches are sorted (and counted) as narrow rows of their sort keys, and
    # only the page's rows are then read in full. Sorting every match with its text costs
    # several times more once a filter matches hundreds of statements.
    keys: list[Any] = [a.c.id.label("qg_id")]
    if rank is not None:
        keys.append(rank.label("qg_rank"))
    keys += [a.c.date.label("qg_date"), a.c.article_id.label("qg_article_id"),
             a.c.position.label("qg_position"),
             # The total rides along as a window count: one pass serves page and total.
             sa.func.count().over().label("qg_total")]
    inner_order: list[Any] = [sa.desc(rank)] if rank is not None else []
    inner_order += [a.c.date.desc(), a.c.article_id, a.c.position]
    page = (
        sa.select(*keys)
        .select_from(filtered)
        .where(*conds)
        .order_by(*inner_order)
        .limit(sa.bindparam("qg_limit", query.limit))
        .offset(sa.bindparam("qg_offset", query.offset))
        .subquery("qg_page")
    )
    order: list[Any] = [page.c.qg_rank.desc()] if rank is not None else []
    order += [page.c.qg_date.desc(), page.c.qg_article_id, page.c.qg_position]
    rows = (
        sa.select(*_row_columns(), page.c.qg_total)
        .select_from(page.join(a, a.c.id == page.c.qg_id)
                     .join(art, art.c.id == a.c.article_id)
                     .outerjoin(s, s.c.id == a.c.speaker_id))
        .order_by(*order)
    )
    count = sa.select(sa.func.count()).select_from(filtered).where(*conds)
    return rows, count


def search_parameters(query: SearchQuery, dialect: str) -> dict[str, Any]:
    """The bound parameters of :func:`build_search`'s statements by name, as the database
    driver takes them (dates as ``YYYY-MM-DD`` text on SQLite). ``qg_limit`` and
    ``qg_offset`` belong to the page of rows only.

    Their names alone tell which SQL the query needs (for ids resolved to lists, as
    :func:`run_search` resolves them), which is what lets that SQL be compiled once."""
    out: dict[str, Any] = {}
    if dialect == "sqlite":
        match = fts5_query(query.text)
        if match is not None:
            out["qg_match"] = match
    else:
        words, phrases = ts_pieces(query.text)
        if words:
            out["qg_words"] = words
        for i, p in enumerate(phrases):
            out[f"qg_phrase_{i}"] = p
    if query.speaker_id:
        out["qg_speaker_id"] = query.speaker_id
    if query.speaker and query.speaker_ids is not None:
        out.update((f"qg_sid_{i}", v) for i, v in enumerate(query.speaker_ids))
    if query.about_id:
        out["qg_about_id"] = query.about_id
    elif query.about and query.about_ids is not None:
        out.update((f"qg_aid_{i}", v) for i, v in enumerate(query.about_ids))
    for name, day in (("qg_since", query.since), ("qg_until", query.until)):
        if day is not None:
            out[name] = day.isoformat() if dialect == "sqlite" else day
    if query.kind:
        out["qg_kind"] = query.kind
    if query.source:
        out["qg_source"] = query.source.casefold()
    if query.article_id:
        out["qg_article_id"] = query.article_id
    out["qg_limit"] = query.limit
    out["qg_offset"] = query.offset
    return out


# -------------------------------------------------------------------- prepared statements
# A search builds the same few statement shapes again and again; building, hashing and
# compiling a SQLAlchemy statement costs several times what SQLite spends answering it. So each
# shape is compiled once per process (keyed by the names of its parameters) and its SQL runs on
# the driver's own cursor, with the values in the order the compiled statement wants them.

#: (dialect, paramstyle, shape) → (SQL, positional parameter names or ``None`` for named).
_PREPARED: dict[tuple[Any, ...], tuple[str, tuple[str, ...] | None]] = {}
_PREPARED_MAX = 1024


def _prepared(conn: Connection, shape: tuple[Any, ...], build: Any,
              values: dict[str, Any]) -> tuple[str, tuple[str, ...] | None]:
    dialect = conn.dialect
    key = (dialect.name, dialect.paramstyle, shape)
    hit = _PREPARED.get(key)
    if hit is not None:
        return hit
    compiled = build().compile(dialect=dialect)
    order = tuple(compiled.positiontup or ()) if compiled.positional else None
    if set(order if order is not None else compiled.binds) != set(values):
        # A builder and its parameters disagree: a bug here, never the user's input.
        raise RuntimeError(f"search SQL and parameters differ: {sorted(compiled.binds)} vs {sorted(values)}")
    hit = (str(compiled), order)
    if len(_PREPARED) >= _PREPARED_MAX:
        _PREPARED.clear()
    _PREPARED[key] = hit
    return hit


def _fetch(conn: Connection, shape: tuple[Any, ...], build: Any, values: dict[str, Any]) -> list[Any]:
    """Rows of the statement ``build()`` (compiled once per ``shape``) with ``values``."""
    sql, order = _prepared(conn, shape, build, values)
    params: Any = [values[n] for n in order] if order is not None else values
    dbapi = conn.dialect.loaded_dbapi
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql, params)
        return cur.fetchall()  # type: ignore[no-any-return]
    except dbapi.Error as exc:
        # The same exception SQLAlchemy's own execution raises.
        raise sa.exc.DBAPIError.instance(sql, params, exc, dbapi.Error) from exc
    finally:
        cur.close()


def _speaker_ids(conn: Connection, name: str) -> list[str]:
    """Sorted ids of the speakers :func:`speaker_ids_matching` ``name``."""
    kinds = _name_keys(name)
    if not kinds:
        return []
    values: dict[str, Any] = {}
    for i, k in enumerate(kinds):
        toks = k.split()
        values[f"qg_spk_norm_{i}"] = k
        values[f"qg_spk_last_{i}"] = toks[-1]
        if len(toks) > 1:
            values[f"qg_spk_first_{i}"] = toks[0]
    rows = _fetch(conn, ("speaker_ids", *sorted(values)),
                  lambda: speaker_ids_matching(name, bind_prefix="qg_spk_"), values)
    return sorted(r[0] for r in rows)


def _day(value: Any) -> dt.date | None:
    """A date column's value as a date (SQLite gives ``YYYY-MM-DD`` text, PostgreSQL dates)."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return dt.date.fromisoformat(value)
    from quotegraph.store.store import _as_date

    return _as_date(value)


def _iso(value: Any) -> str:
    """A date column's value as ``YYYY-MM-DD`` text (``""`` for none)."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return value
    day = _day(value)
    return day.isoformat() if day else ""


def _iso_or_none(value: Any) -> str | None:
    day = _iso(value)
    return day or None


def _hit_json(row: Any) -> dict[str, Any]:
    """One row of :func:`build_search` as a hit's JSON-ready dict (``Hit.to_dict()``)."""
    (id_, article_id, kind, content, content_text, cue, source, speaker_id, speaker_name,
     said_value, said_granularity, said_start, said_end, date, date_from_published,
     confidence, quotation_id, article_title, article_url, article_source, published) = row[:21]
    return {
        "id": id_,
        "article_id": article_id,
        "kind": kind,
        # Stored as the JSON of the spans; each is rebuilt field by field all the same.
        "content": [{"start": s["start"], "end": s["end"], "text": s["text"]} for s in orjson.loads(content)],
        "content_text": content_text,
        "cue": cue,
        "source": source,
        "speaker_id": speaker_id,
        "speaker_name": speaker_name,
        "said_on": None if said_value is None else {
            "value": said_value, "granularity": said_granularity,
            "start": _iso(said_start), "end": _iso(said_end), "evidence": None},
        "date": _iso_or_none(date),
        "date_from_published": bool(date_from_published),
        "confidence": float(confidence),
        "quotation_id": quotation_id,
        "article_title": article_title,
        "article_url": article_url,
        "article_source": article_source,
        "published": _iso_or_none(published),
    }


def _hit(d: dict[str, Any]) -> Hit:
    """The typed hit of a :func:`_hit_json` dict."""
    said = d["said_on"]
    return Hit(
        id=d["id"],
        article_id=d["article_id"],
        kind=d["kind"],
        content=[Span(s["start"], s["end"], s["text"]) for s in d["content"]],
        content_text=d["content_text"],
        cue=d["cue"],
        source=d["source"],
        speaker_id=d["speaker_id"],
        speaker_name=d["speaker_name"],
        said_on=None if said is None else SaidOn(said["value"], said["granularity"], said["start"], said["end"]),
        date=_day(d["date"]),
        date_from_published=d["date_from_published"],
        confidence=d["confidence"],
        quotation_id=d["quotation_id"],
        article_title=d["article_title"],
        article_url=d["article_url"],
        article_source=d["article_source"],
        published=_day(d["published"]),
    )


def _search(conn: Connection, query: SearchQuery) -> tuple[SearchQuery, int, list[dict[str, Any]]]:
    """(the query with names resolved to ids, number of matches, the page's hits as JSON)."""
    import dataclasses

    # Names → ids first: a short indexed query, after which the main query filters on a plain
    # id list (both planners handle that far better than an OR of subqueries).
    if query.speaker and query.speaker_ids is None:
        query = dataclasses.replace(query, speaker_ids=_speaker_ids(conn, query.speaker))
    if query.about and not query.about_id and query.about_ids is None:
        query = dataclasses.replace(query, about_ids=_speaker_ids(conn, query.about))
    if query.speaker_ids == [] or query.about_ids == []:
        return query, 0, []
    dialect = conn.dialect.name
    values = search_parameters(query, dialect)
    shape = tuple(sorted(values))
    hits: list[dict[str, Any]] = []
    total: int | None = None
    if query.limit:
        rows = _fetch(conn, ("rows", *shape), lambda: build_search(query, dialect)[0], values)
        if rows:
            total = int(rows[0][-1])  # qg_total
            hits = [_hit_json(r) for r in rows]
        elif not query.offset:
            # An empty first page: nothing matches.
            total = 0
    if total is None:
        # No row on this page (limit 0, or past the end): count separately.
        count_values = {k: v for k, v in values.items() if k not in ("qg_limit", "qg_offset")}
        rows = _fetch(conn, ("count", *shape), lambda: build_search(query, dialect)[1], count_values)
        total = int(rows[0][0])
    return query, total, hits


def run_search(conn: Connection, query: SearchQuery) -> SearchPage:
    """Run :func:`build_search` on an open connection and type the rows."""
    query, total, hits = _search(conn, query)
    return SearchPage(total=total, limit=query.limit, offset=query.offset, hits=[_hit(d) for d in hits])


def run_search_json(conn: Connection, query: SearchQuery) -> dict[str, Any]:
    """``run_search(conn, query).to_dict()``, without building the typed records on the way
    (the API's answer)."""
    query, total, hits = _search(conn, query)
    return {"total": total, "limit": query.limit, "offset": query.offset, "hits": hits}


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
