"""Running a search on an open connection: each statement shape of
:mod:`quotegraph.store.queries` compiled once per process, rows read straight into JSON form.

The :class:`~quotegraph.store.Store` calls these; nothing above the store needs them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from quotegraph.models import SaidOn, Span
from quotegraph.store.dates import _as_date
from quotegraph.store.queries import (
    SearchQuery,
    build_facets,
    build_search,
    name_keys,
    search_parameters,
    speaker_ids_matching,
)
from quotegraph.store.types import FacetCount, Facets, Hit, SearchPage

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


def _fetch(conn: Connection, shape: tuple[Any, ...], build: Any, values: dict[str, Any]) -> Sequence[Any]:
    """Rows of the statement ``build()`` (compiled once per ``shape``) with ``values``."""
    sql, order = _prepared(conn, shape, build, values)
    params: Any = [values[n] for n in order] if order is not None else values
    dbapi = conn.dialect.loaded_dbapi
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql, params)
        return cur.fetchall()
    except dbapi.Error as exc:
        # The same exception SQLAlchemy's own execution raises.
        raise sa.exc.DBAPIError.instance(sql, params, exc, dbapi.Error) from exc
    finally:
        cur.close()


def _speaker_ids(conn: Connection, name: str) -> list[str]:
    """Sorted ids of the speakers :func:`speaker_ids_matching` ``name``."""
    kinds = name_keys(name)
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
    # The sort changes the SQL but sets no parameter: it is part of the shape.
    shape = (query.sort or "relevance", *sorted(values))
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


def run_facets(conn: Connection, query: SearchQuery, top: int = 10) -> Facets:
    """Run :func:`build_facets` on an open connection."""
    if query.speaker and query.speaker_ids is None:
        query = dataclasses.replace(query, speaker_ids=sorted(conn.execute(speaker_ids_matching(query.speaker)).scalars()))
    if query.about and not query.about_id and query.about_ids is None:
        query = dataclasses.replace(query, about_ids=sorted(conn.execute(speaker_ids_matching(query.about)).scalars()))
    if query.speaker_ids == [] or query.about_ids == []:
        return Facets()
    out = Facets()
    for name, stmt in build_facets(query, conn.dialect.name, top).items():
        # SQLAlchemy's Row gives the column named "count" at run time; its stubs see tuple.count
        setattr(out, name, [FacetCount(r.value, r.label, int(r.count)) for r in conn.execute(stmt)])  # type: ignore[call-overload]
    return out
