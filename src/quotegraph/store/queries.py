"""The SQL of a search, built by pure functions (:mod:`quotegraph.store.execute` runs it).

``build_search(query, dialect)`` returns SQLAlchemy ``Select`` objects and touches no database,
so tests check the SQL (and that user text only ever travels as bound parameters) directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from quotegraph.errors import StoreError
from quotegraph.store import names
from quotegraph.store import tables as t
from quotegraph.store.dates import _as_date
from quotegraph.store.fts import fts5_parts, ts_terms

MAX_LIMIT = 1000
KINDS = ("direct", "indirect", "mixed")
#: Orders of search hits: best match first (text searches), or newest first.
SORTS = ("relevance", "date")


@dataclass(slots=True)
class SearchQuery:
    """What to look for; every field is optional and the filters combine with AND."""

    text: str | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    about: str | None = None
    about_id: str | None = None
    #: First date, inclusive (a ``YYYY-MM-DD`` string is read as a date).
    since: dt.date | None = None
    #: Last date, inclusive.
    until: dt.date | None = None
    kind: str | None = None
    source: str | None = None
    article_id: str | None = None
    limit: int = 20
    offset: int = 0
    #: ``relevance`` (best match first; newest first when there is no text) or ``date``
    #: (newest first); ``None``: relevance.
    sort: str | None = None
    #: Global ids ``speaker`` resolves to (``run_search`` fills it; ``None``: use a subquery).
    speaker_ids: list[str] | None = None
    #: Global ids ``about`` resolves to (as ``speaker_ids``).
    about_ids: list[str] | None = None

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            raise StoreError(f"unknown kind {self.kind!r}; use one of {', '.join(KINDS)}")
        if self.sort is not None and self.sort not in SORTS:
            raise StoreError(f"unknown sort {self.sort!r}; use one of {', '.join(SORTS)}")
        # NUL cannot occur in stored text, and PostgreSQL rejects it in parameters.
        for name in ("text", "speaker", "speaker_id", "about", "about_id", "source", "article_id"):
            value = getattr(self, name)
            if isinstance(value, str) and "\x00" in value:
                setattr(self, name, value.replace("\x00", " "))
        self.since = _as_date(self.since)
        self.until = _as_date(self.until)
        self.limit = max(0, min(int(self.limit), MAX_LIMIT))
        self.offset = max(0, int(self.offset))


def name_keys(name: str) -> list[str]:
    """The normalised keys a speaker name is looked up by (as a person and as an organisation)."""
    return sorted({names.norm_name(name, "person"), names.norm_name(name, "organization")} - {""})


def resolved_id(value: Any) -> Any:
    """SQL for the id a speaker id resolves to: the one it was merged into, else itself (old
    links and saved searches keep finding the speaker's statements)."""
    mg = t.speaker_merges
    return sa.func.coalesce(sa.select(mg.c.into_id).where(mg.c.merged_id == value).scalar_subquery(), value)


def speaker_ids_matching(name: str, *, bind_prefix: str | None = None) -> sa.Select[Any] | sa.CompoundSelect[Any]:
    """Ids of speakers whose name or alias matches ``name``: the whole normalised name, the
    same first and last name, or a bare last name ("Clinton" → every Clinton; "Hillary
    Clinton" → her only).

    With ``bind_prefix`` every value is a bound parameter named from it (``{prefix}norm_0``,
    …), so that statements of the same shape compile to the same SQL (see :func:`run_search`);
    without it the parameters are anonymous, and two such subqueries fit in one statement.
    """
    s, al = t.speakers, t.speaker_aliases
    kinds = name_keys(name)
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
    # A merged speaker's names find the speaker it was merged into ("Merkel" → Angela Merkel).
    mg = t.speaker_merges
    matched = sa.select(s.c.id).where(sa.or_(*conds))
    return sa.union(matched, sa.select(mg.c.into_id).where(mg.c.merged_id.in_(matched)))


def _fts_rowids(match_param: str, match: str, *, scored: bool = False) -> sa.Select[Any]:
    """Rowids (= ``attributions.key``) of the FTS5 rows matching ``match``; with ``scored``, also
    their relevance as ``qg_score`` (``-bm25``: higher is better, as ``ts_rank``)."""
    fts = sa.table(t.FTS_TABLE, sa.column("rowid"))
    cols: list[Any] = [fts.c.rowid.label("qg_key")]
    if scored:
        cols.append(sa.literal_column(f"-bm25({t.FTS_TABLE})").label("qg_score"))
    return sa.select(*cols).where(
        sa.text(f"{t.FTS_TABLE} MATCH :{match_param}").bindparams(**{match_param: match}))


def _tsquery(text: str | None) -> Any:
    """The PostgreSQL tsquery of ``text`` (bound parameters named by :func:`ts_terms`), or
    ``None`` when it has no term."""
    config: sa.ColumnElement[Any] = sa.literal_column(f"'{t.TS_CONFIG}'::regconfig")
    clauses: dict[int, Any] = {}
    excluded: Any = None
    for name, value in ts_terms(text).items():
        _, kind, *place = name.split("_")
        fn = sa.func.phraseto_tsquery if kind.endswith("p") else sa.func.plainto_tsquery
        piece = fn(config, sa.bindparam(name, value))
        if kind.startswith("x"):
            excluded = piece if excluded is None else excluded.op("||")(piece)
        else:
            i = int(place[0])
            clauses[i] = piece if i not in clauses else clauses[i].op("||")(piece)
    tsq = None
    for clause in clauses.values():
        tsq = clause if tsq is None else tsq.op("&&")(clause)
    if excluded is not None:
        # !! (tsquery_not): a statement holding any excluded term does not match.
        tsq = sa.func.tsquery_not(excluded) if tsq is None else tsq.op("&&")(sa.func.tsquery_not(excluded))
    return tsq


def _text_condition(query: SearchQuery, dialect: str) -> tuple[Any, Any] | None:
    """(WHERE condition, relevance expression) for the text filter, or ``None``.

    On SQLite the relevance is ``None``: it comes from joining :func:`_fts_rowids` (see
    :func:`build_search`), which a scalar expression cannot do."""
    if dialect == "sqlite":
        include, exclude = fts5_parts(query.text)
        if include is not None:
            return t.attributions.c.key.in_(_fts_rowids("qg_match", include)), None
        if exclude is not None:
            return t.attributions.c.key.not_in(_fts_rowids("qg_exclude", exclude)), None
        return None
    if dialect == "postgresql":
        tsq = _tsquery(query.text)
        if tsq is None:
            return None
        vec: sa.ColumnElement[Any] = sa.literal_column(f"attributions.{t.TSVECTOR_COLUMN}")
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
        conds.append(a.c.speaker_id == resolved_id(sa.bindparam("qg_speaker_id", query.speaker_id)))
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
            ids = ids.where(m.c.speaker_id == resolved_id(sa.bindparam("qg_about_id", query.about_id)))
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
    if query.sort == "date":
        rank = None
    elif dialect == "sqlite" and rank is None:
        include, _ = fts5_parts(query.text)
        if include is not None:
            # The matches with their bm25 score, joined in place of the "key IN (matches)" test
            # (the first condition): one FTS5 pass gives both.
            scored = _fts_rowids("qg_match", include, scored=True).subquery("qg_fts")
            filtered = filtered.join(scored, scored.c.qg_key == a.c.key)
            conds = conds[1:]
            rank = scored.c.qg_score
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
        include, exclude = fts5_parts(query.text)
        if include is not None:
            out["qg_match"] = include
        elif exclude is not None:
            out["qg_exclude"] = exclude
    else:
        out.update(ts_terms(query.text))
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


#: What :func:`build_quoted_counts` can group the statements by.
QUOTED_GROUPS = ("outlet", "month")


def build_quoted_counts(by: str) -> sa.Select[Any]:
    """The SQL of "who gets quoted": distinct statements per (group, speaker), where the group
    is the article's outlet or the statement's month (``YYYY-MM`` of its date: ``said_on``,
    else the publication date; ``YYYY`` when the text gives only the year).

    Returns:
        A select of ``grp, speaker_id, name, speaker_kind, statements`` (largest counts first
        within each group); statements without a speaker or a group value are left out.

    Raises:
        StoreError: ``by`` is not one of :data:`QUOTED_GROUPS`.
    """
    a, art, s = t.attributions, t.articles, t.speakers
    grp: sa.ColumnElement[Any]
    if by == "outlet":
        grp = art.c.source
    elif by == "month":
        # Dates are ISO strings in SQLite and DATE in PostgreSQL; both cast to 'YYYY-MM-DD'.
        # A statement the text dates only by its year counts in that year, not in January.
        iso = sa.cast(a.c.date, sa.String)
        grp = sa.case((a.c.said_on_granularity == "year", sa.func.substr(iso, 1, 4)),
                      else_=sa.func.substr(iso, 1, 7))
    else:
        raise StoreError(f"cannot group by {by!r}: use one of {', '.join(QUOTED_GROUPS)}")
    n = sa.func.count(sa.distinct(a.c.quotation_id)).label("statements")
    g = grp.label("grp")
    return (
        sa.select(g, a.c.speaker_id, s.c.name, s.c.kind.label("speaker_kind"), n)
        .select_from(a.join(art, art.c.id == a.c.article_id).join(s, s.c.id == a.c.speaker_id))
        .where(grp.is_not(None))
        .group_by(grp, a.c.speaker_id, s.c.name, s.c.kind)
        .order_by(grp, n.desc(), s.c.name)
    )


def build_kind_counts() -> sa.Select[Any]:
    """The SQL of the number of statements (attributions) and distinct statements per kind."""
    a = t.attributions
    n = sa.func.count().label("occurrences")
    return (sa.select(a.c.kind, sa.func.count(sa.distinct(a.c.quotation_id)).label("statements"), n)
            .group_by(a.c.kind).order_by(n.desc(), a.c.kind))
