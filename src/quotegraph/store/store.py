"""The ``Store``: one SQLite file or a PostgreSQL database holding a corpus of attributions."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from quotegraph import settings
from quotegraph.errors import StoreError
from quotegraph.models import ExtractionResult, SaidOn, Span, TimeExpression
from quotegraph.store import identity
from quotegraph.store import tables as t
from quotegraph.store import types as rec
from quotegraph.store.dates import _as_date, _now
from quotegraph.store.execute import _iso, run_facets, run_search, run_search_json
from quotegraph.store.queries import (
    SearchQuery,
    build_kind_counts,
    build_quoted_counts,
    speaker_ids_matching,
)


def resolve_url(url: str | os.PathLike[str] | None = None) -> str:
    """Turn a path, ``sqlite:///…`` or ``postgresql://…`` into a SQLAlchemy URL.

    ``None`` means the process's settings (:func:`quotegraph.settings.current`:
    ``$QUOTEGRAPH_DB``, else ``quotegraph.sqlite`` in the current directory). PostgreSQL URLs
    without a driver get psycopg 3.
    """
    if url is None:
        url = settings.current().db_url
    url = os.fspath(url)
    if url in (":memory:", "sqlite://", "sqlite:///:memory:"):
        return "sqlite://"
    if re.match(r"^postgres(ql)?://", url):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" in url:
        return url
    return "sqlite:///" + str(Path(url).expanduser().resolve())


def _span(data: str | None) -> Span | None:
    return None if not data else Span.from_dict(json.loads(data))


@functools.cache
def _head_revision() -> str | None:
    """The newest revision among the shipped migrations: the one no other names as its
    ``down_revision`` (read from the files; ``None`` when that is not exactly one)."""
    folder = resources.files("quotegraph.store") / "migrations" / "versions"
    revisions: set[str] = set()
    parents: set[str] = set()
    for entry in folder.iterdir():
        if not entry.name.endswith(".py"):
            continue
        source = entry.read_text(encoding="utf-8")
        revision = re.search(r'^revision\s*=\s*["\']([^"\']+)', source, re.M)
        parent = re.search(r'^down_revision\s*=\s*["\']([^"\']+)', source, re.M)
        if revision:
            revisions.add(revision.group(1))
        if parent:
            parents.add(parent.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


class Store:
    """A corpus of attributed statements in SQLite (default) or PostgreSQL.

    Open it with :meth:`open`; every write of an article is one transaction, so a process
    killed at any moment leaves either the whole article or none of it.

    Args:
        engine: a SQLAlchemy engine already migrated to the current schema.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, url: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Store:
        """Open (creating and migrating to the newest schema) the store at ``url``.

        Args:
            url: a file path or ``sqlite:///path`` (SQLite), ``postgresql://user@host/db``
                (PostgreSQL), ``:memory:``; ``None`` means ``$QUOTEGRAPH_DB`` or
                ``./quotegraph.sqlite``.
            migrate: upgrade the schema to the newest Alembic revision.

        Returns:
            The open store.

        Raises:
            StoreError: the database cannot be reached, created or migrated.
        """
        sa_url = resolve_url(url)
        try:
            engine = _make_engine(sa_url)
            store = cls(engine)
            if migrate:
                store.migrate()
            return store
        except StoreError:
            raise
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"cannot open {_safe(sa_url)}: {exc}; for PostgreSQL install "
                "'quotegraph[postgres]'"
            ) from exc
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(
                f"cannot open the store at {_safe(sa_url)}: {exc.__class__.__name__}: "
                f"{_first_line(exc)}; check the --db URL, that the server runs and the "
                "user may create tables"
            ) from exc

    def migrate(self) -> None:
        """Upgrade the database to the newest schema revision (a no-op when it is current)."""
        if self._at_head():
            return  # Alembic itself costs a second of start-up to every command that reads
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option(
            "script_location", str(resources.files("quotegraph.store") / "migrations")
        )
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                # Two processes opening a fresh database at once must not both create tables.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7262011)")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def _at_head(self) -> bool:
        """Whether the database's Alembic revision is the newest one shipped (read without Alembic)."""
        try:
            with self.engine.connect() as conn:
                stored = {row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
        except sa.exc.SQLAlchemyError:  # no version table yet: a new database
            return False
        return stored == {_head_revision()}

    def optimize(self) -> None:
        """Refresh the query planner's statistics (done at the end of every ingest run)."""
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql("PRAGMA analysis_limit=2000")
                conn.exec_driver_sql("ANALYZE")
            else:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
            conn.commit()

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The database URL without its password."""
        return _safe(self.engine.url.render_as_string(hide_password=True))

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        # BEGIN IMMEDIATE on SQLite: take the write lock up front, so two writers queue on the
        # busy timeout instead of failing half-way when a read lock cannot be upgraded.
        with self.engine.execution_options(qg_write=True).begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    # ------------------------------------------------------------------ writing
    def contains(self, url: str | None = None, text: str | None = None) -> bool:
        """Whether an article with this URL or this text (by content hash) is stored."""
        return self.find_article_id(url, text) is not None

    def find_article_id(self, url: str | None = None, text: str | None = None) -> str | None:
        """The id of the stored article with this URL or this text (by content hash), or
        ``None``; of several, the smallest id."""
        from quotegraph.store.dedup import content_hash

        conds = []
        if url:
            conds.append(t.articles.c.url == url)
        if text is not None:
            conds.append(t.articles.c.content_hash == content_hash(text))
        if not conds:
            return None
        stmt = sa.select(t.articles.c.id).where(sa.or_(*conds)).order_by(t.articles.c.id).limit(1)
        with self._read() as conn:
            return conn.execute(stmt).scalar()

    def add(self, result: ExtractionResult, *, run_id: int | None = None, extractor: str | None = None) -> bool:
        """Store one article's extraction in a single transaction.

        Args:
            result: the extraction of one article.
            run_id: the ingest run that stores it (see :meth:`start_run`).
            extractor: the extractor version that made it
                (:func:`quotegraph.pipeline.extractor_version`; ``None``: unknown).

        Returns:
            ``True`` when stored; ``False`` when an article with the same URL or the same
            content hash is already stored (adding is idempotent).
        """
        from quotegraph.store.writer import Writer  # the store's readers do without it

        try:
            with self._write() as conn:
                return Writer(conn, self.dialect).add(result, run_id, extractor)
        except sa.exc.IntegrityError as exc:
            # Another writer stored the same article between our check and our insert.
            if self.contains(result.article.url, result.article.text):
                return False
            raise StoreError(
                f"cannot store article {result.article.id!r}: {_first_line(exc)}"
            ) from exc
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot store article {result.article.id!r}: {_first_line(exc)}") from exc

    # ------------------------------------------------------------------ upkeep
    def delete(self, article_ids: Sequence[str]) -> dict[str, int]:
        """Delete articles with their statements, and nothing else (see
        :mod:`quotegraph.store.upkeep`): quotations and speakers left without any reference go.

        Args:
            article_ids: store ids of the articles (unknown ids are ignored).

        Returns:
            Counts of what was deleted: ``articles``, ``attributions``, ``quotations``, ``speakers``.
        """
        from quotegraph.store import upkeep

        try:
            with self._write() as conn:
                return upkeep.delete_articles(conn, self.dialect, list(article_ids))
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot delete: {_first_line(exc)}") from exc

    def run_articles(self, run_id: int) -> list[str]:
        """Ids of the articles the run ``run_id`` stored."""
        with self._read() as conn:
            return list(conn.execute(sa.select(t.articles.c.id).where(t.articles.c.run_id == run_id)
                                     .order_by(t.articles.c.id)).scalars())

    def update_metadata(self, article_id: str, *, title: str | None = None, published: dt.date | None = None,
                        source: str | None = None, url: str | None = None) -> bool:
        """Set the given metadata of a stored article (``None`` leaves a field as it is); a new
        publication date re-dates the statements the text does not date.

        Returns:
            Whether anything changed.

        Raises:
            StoreError: the URL belongs to another stored article.
        """
        from quotegraph.store import upkeep

        with self._write() as conn:
            return upkeep.update_metadata(conn, article_id, title=title, published=published, source=source, url=url)

    def outdated_articles(self, extractor: str, *, limit: int | None = None) -> list[str]:
        """Ids of the articles whose statements another (or an unknown) extractor made, by id."""
        art = t.articles
        stmt = (sa.select(art.c.id).where(sa.or_(art.c.extractor.is_(None), art.c.extractor != extractor))
                .order_by(art.c.id))
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._read() as conn:
            return list(conn.execute(stmt).scalars())

    def replace(self, article_id: str, result: ExtractionResult, *, extractor: str | None = None) -> bool:
        """Replace a stored article's statements by a new extraction of the same text, in one
        transaction: the old ones are deleted as :meth:`delete` does, the new result is merged as
        :meth:`add` merges, and the article keeps its id (it is the hash of its text), run and
        metadata.

        Returns:
            ``False`` when no article ``article_id`` is stored.

        Raises:
            StoreError: the result's text is not the stored article's.
        """
        from quotegraph.store import dedup, upkeep
        from quotegraph.store.writer import Writer

        try:
            with self._write() as conn:
                row = conn.execute(sa.select(t.articles.c.content_hash, t.articles.c.run_id)
                                   .where(t.articles.c.id == article_id)).first()
                if row is None:
                    return False
                if dedup.content_hash(result.article.text) != row.content_hash:
                    raise StoreError(f"cannot replace article {article_id}: the new result is of another text")
                upkeep.delete_articles(conn, self.dialect, [article_id])
                Writer(conn, self.dialect).add(result, row.run_id, extractor)
                return True
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot replace article {article_id}: {_first_line(exc)}") from exc

    def start_run(self, inputs: Sequence[str]) -> int:
        """Record the start of an ingest run and return its id."""
        with self._write() as conn:
            res = conn.execute(
                sa.insert(t.runs).values(
                    started_at=_now(), inputs=json.dumps(list(inputs), ensure_ascii=False)
                )
            )
            key = res.inserted_primary_key
            if key is None:  # only an insert of several rows has none
                raise StoreError("the database gave no id for the new run")
            return int(key[0])

    def record_skip(self, origin: str, reason: str, run_id: int | None = None) -> None:
        """Record an input that was not stored and why (once per origin and reason)."""
        from quotegraph.store.writer import _upsert

        sid = hashlib.sha1(f"{origin}\x00{reason}".encode()).hexdigest()[:20]
        with self._write() as conn:
            _upsert(conn, self.dialect, t.skips, {"id": sid, "origin": origin, "reason": reason,
                                                  "run_id": run_id}, ["id"], update=["run_id"])

    def finish_run(self, run_id: int, summary: rec.RunSummary, status: str = "done") -> None:
        """Record the end and the counts of an ingest run."""
        with self._write() as conn:
            conn.execute(
                sa.update(t.runs)
                .where(t.runs.c.id == run_id)
                .values(
                    finished_at=_now(),
                    status=status,
                    read=summary.read,
                    added=summary.added,
                    duplicates=summary.duplicates,
                    skipped=summary.skipped,
                    attributions=summary.attributions,
                )
            )

    # ------------------------------------------------------------------ reading
    def search(
        self,
        text: str | None = None,
        *,
        speaker: str | None = None,
        speaker_id: str | None = None,
        about: str | None = None,
        about_id: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        kind: str | None = None,
        source: str | None = None,
        article_id: str | None = None,
        limit: int = 20,
        offset: int = 0,
        sort: str | None = None,
    ) -> rec.SearchPage:
        """Search statements; every filter is optional and they combine with AND.

        Args:
            text: words of the statement or the speaker's name (any user text is safe), with
                ``OR``, ``-word`` and ``"phrase"`` (see :mod:`quotegraph.store.fts`).
            speaker: a speaker's name or alias ("Clinton" finds every Clinton).
            speaker_id: a global speaker id (exact).
            about: name of an entity mentioned in the statement.
            about_id: global id of an entity mentioned in the statement.
            since: first date (``said_on``, else the publication date), inclusive.
            until: last date, inclusive.
            kind: direct, indirect or mixed.
            source: the outlet (article source), case-insensitive.
            article_id: statements of one article.
            limit: page size (at most 1000).
            offset: rows to skip.
            sort: ``relevance`` (best match first, the default; newest first without text) or
                ``date`` (newest first).

        Returns:
            A page of hits with the total number of matches.
        """
        query = SearchQuery(text=text, speaker=speaker, speaker_id=speaker_id, about=about, about_id=about_id,
                            since=_as_date(since), until=_as_date(until), kind=kind, source=source,
                            article_id=article_id, limit=limit, offset=offset, sort=sort)
        with self._read() as conn:
            return run_search(conn, query)

    def search_json(self, query: SearchQuery) -> dict[str, Any]:
        """``search(...).to_dict()`` for a built query, read straight into JSON form (what the
        API answers: building the typed records and then walking them took as long as the
        query)."""
        with self._read() as conn:
            return run_search_json(conn, query)

    def facets(self, text: str | None = None, *, top: int = 10, **filters: Any) -> rec.Facets:
        """Counts of the statements :meth:`search` would find, by kind, outlet and speaker.

        Args:
            text: as :meth:`search`.
            top: values per facet (outlet and speaker).
            **filters: ``speaker``, ``about``, ``since``, ... as :meth:`search`.
        """
        return self.facet_counts(SearchQuery(text, **filters), top)

    def facet_counts(self, query: SearchQuery, top: int = 10) -> rec.Facets:
        """:meth:`facets` of a built query (its paging is ignored)."""
        with self._read() as conn:
            return run_facets(conn, query, top)

    def counts(self) -> dict[str, int]:
        """Row counts of every data table (plus ``runs``)."""
        out = {}
        with self._read() as conn:
            for name in (*t.DATA_TABLES, "runs"):
                table = t.metadata.tables[name]
                out[name] = int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
        return out

    def speakers(
        self, top: int = 20, *, offset: int = 0, name: str | None = None
    ) -> list[rec.SpeakerSummary]:
        """Speakers by number of distinct statements (a quotation repeated across articles
        counts once), then by name.

        Args:
            top: how many.
            offset: how many to skip (paging).
            name: only speakers whose name or alias matches (as ``search(speaker=…)``).
        """
        a = t.attributions
        stmt = (
            sa.select(
                t.speakers.c.id,
                t.speakers.c.name,
                t.speakers.c.kind,
                sa.func.count(sa.distinct(a.c.quotation_id)).label("statements"),
                sa.func.count(a.c.id).label("occurrences"),
                sa.func.count(sa.distinct(a.c.article_id)).label("articles"),
                *_first_and_last(a),
            )
            .select_from(t.speakers.join(a, a.c.speaker_id == t.speakers.c.id))
            .group_by(t.speakers.c.id, t.speakers.c.name, t.speakers.c.kind)
            .order_by(sa.desc("statements"), t.speakers.c.name, t.speakers.c.id)
            .limit(max(0, top))
            .offset(max(0, offset))
        )
        if name:
            stmt = stmt.where(t.speakers.c.id.in_(speaker_ids_matching(name)))
        with self._read() as conn:
            return [rec.SpeakerSummary(**_dated_span(r._asdict())) for r in conn.execute(stmt)]

    def speaker_kinds(self, ids: Sequence[str]) -> dict[str, str]:
        """The kind (person, organization, ...) of each stored speaker among ``ids``."""
        return self._speaker_column(ids, t.speakers.c.kind)

    def _speaker_column(self, ids: Sequence[str], column: sa.Column[str]) -> dict[str, str]:
        if not ids:
            return {}
        s = t.speakers
        with self._read() as conn:
            return dict(conn.execute(sa.select(s.c.id, column).where(s.c.id.in_(list(ids)))).all())

    def quoted_counts(self, by: str, *, top: int = 5) -> list[rec.QuotedCount]:
        """Who gets quoted: the ``top`` speakers of each kind (people, organisations, ...) in
        each outlet or month, by distinct statements.

        Args:
            by: ``"outlet"`` (the article's source) or ``"month"`` (``YYYY-MM`` of the
                statement's date).
            top: how many speakers of each kind per group.

        Returns:
            Rows ordered by group, speaker kind, then most statements first.

        Raises:
            StoreError: ``by`` is neither.
        """
        stmt = build_quoted_counts(by)
        seen: dict[tuple[str, str], int] = {}
        out: list[rec.QuotedCount] = []
        with self._read() as conn:
            for r in conn.execute(stmt):
                key = (r.grp, r.speaker_kind)
                if seen.get(key, 0) >= top:
                    continue
                seen[key] = seen.get(key, 0) + 1
                out.append(rec.QuotedCount(str(r.grp), r.speaker_id, r.name, r.speaker_kind, int(r.statements)))
        out.sort(key=lambda q: (q.group, q.kind, -q.statements, q.name))
        return out

    def kind_counts(self) -> list[dict[str, Any]]:
        """Statements per kind: ``kind``, ``statements`` (distinct) and ``occurrences``."""
        with self._read() as conn:
            return [{"kind": r.kind, "statements": int(r.statements), "occurrences": int(r.occurrences)}
                    for r in conn.execute(build_kind_counts())]

    def speaker_names(self, ids: Sequence[str]) -> dict[str, str]:
        """The display name of each stored speaker among ``ids``."""
        return self._speaker_column(ids, t.speakers.c.name)

    def speaker(self, speaker_id: str, *, about_top: int = 20) -> rec.SpeakerInfo | None:
        """One speaker (or any entity) by global id, or ``None``."""
        s = t.speakers
        a = t.attributions
        with self._read() as conn:
            row = _by_id(conn, s, speaker_id)
            if row is None:
                return None
            al, ro, mg = t.speaker_aliases, t.speaker_roles, t.speaker_merges
            # The names and roles of the speakers merged into this one are its own too.
            own = sa.union(sa.select(sa.literal(speaker_id)),
                           sa.select(mg.c.merged_id).where(mg.c.into_id == speaker_id))
            aliases = sorted(set(conn.execute(sa.select(al.c.alias).where(al.c.speaker_id.in_(own))).scalars())
                             - {row.name})
            roles = sorted(set(conn.execute(sa.select(ro.c.role).where(ro.c.speaker_id.in_(own))).scalars()))
            stats = conn.execute(
                sa.select(
                    sa.func.count(sa.distinct(a.c.quotation_id)),
                    sa.func.count(a.c.id),
                    sa.func.count(sa.distinct(a.c.article_id)),
                    *_first_and_last(a),
                ).where(a.c.speaker_id == speaker_id)
            ).one()
            span = _dated_span({"first_date": stats[3], "last_date": stats[4]})
            mentioned_in = conn.execute(
                sa.select(sa.func.count(sa.distinct(a.c.quotation_id)))
                .select_from(t.mentions.join(a, a.c.id == t.mentions.c.attribution_id))
                .where(t.mentions.c.speaker_id == speaker_id)
            ).scalar_one()
        about = [
            rec.Mentioned(e.target_id, e.target_name, e.target_kind, e.weight)
            for e in self.graph(speaker_id=speaker_id, limit=about_top)
        ]
        return rec.SpeakerInfo(
            id=row.id,
            name=row.name,
            kind=row.kind,
            aliases=aliases,
            roles=roles,
            statements=int(stats[0]),
            occurrences=int(stats[1]),
            articles=int(stats[2]),
            mentioned_in=int(mentioned_in),
            talks_about=about,
            **span,
        )

    def merged_into(self, speaker_id: str) -> str | None:
        """The id a merged speaker now resolves to ("Merkel" → Angela Merkel's), or ``None``
        when ``speaker_id`` was not merged into another."""
        mg = t.speaker_merges
        with self._read() as conn:
            return conn.execute(sa.select(mg.c.into_id).where(mg.c.merged_id == speaker_id)).scalar()

    def settle_speakers(self) -> int:
        """Merge bare surnames and acronyms across the whole store (:mod:`.identity`); stores
        filled before schema revision 0005 need it once. Returns how many speakers changed."""
        with self._write() as conn:
            return identity.settle_all(conn)

    def timeline(self, speaker_id: str) -> list[rec.TimelinePoint]:
        """Distinct statements of a speaker per date (``said_on``, else publication date) and
        granularity: a statement the text dates only by its year is a point of granularity
        ``year`` (its date is the year's first day), never one of January 1."""
        a = t.attributions
        # One row per quotation: its earliest date, whether that date came from the text, and
        # its most precise granularity ("day" < "month" < "range" < "week" < "year"; none = day).
        gran = sa.func.coalesce(a.c.said_on_granularity, "day")
        per_quote = (
            sa.select(
                a.c.quotation_id,
                sa.func.min(a.c.date).label("date"),
                sa.func.min(sa.case((a.c.date_from_published, 1), else_=0)).label("fp"),
                sa.func.min(gran).label("granularity"),
            )
            .where(a.c.speaker_id == speaker_id, a.c.date.is_not(None))
            .group_by(a.c.quotation_id)
            .subquery()
        )
        stmt = (
            sa.select(
                per_quote.c.date,
                per_quote.c.granularity,
                sa.func.count().label("statements"),
                sa.func.sum(per_quote.c.fp).label("from_published"),
            )
            .group_by(per_quote.c.date, per_quote.c.granularity)
            .order_by(per_quote.c.date, per_quote.c.granularity)
        )
        with self._read() as conn:
            return [
                rec.TimelinePoint(_as_date(r.date), int(r.statements), int(r.from_published or 0),  # type: ignore[arg-type]
                                  str(r.granularity))
                for r in conn.execute(stmt)
            ]

    def graph(
        self,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        *,
        speaker_id: str | None = None,
        min_weight: int = 1,
        limit: int = 500,
    ) -> list[rec.GraphEdge]:
        """Who talks about whom: speaker → entity mentioned in their statements.

        Args:
            since: first statement date (``said_on``, else publication), inclusive.
            until: last statement date, inclusive.
            speaker_id: only this speaker's edges.
            min_weight: drop edges with fewer distinct statements.
            limit: the heaviest edges only.

        Returns:
            Edges weighted by distinct statements (syndicated copies count once).
        """
        a, m = t.attributions, t.mentions
        spk, ent = t.speakers.alias("spk"), t.speakers.alias("ent")
        weight = sa.func.count(sa.distinct(a.c.quotation_id)).label("weight")
        stmt = (
            sa.select(
                a.c.speaker_id.label("source_id"),
                spk.c.name.label("source_name"),
                m.c.speaker_id.label("target_id"),
                ent.c.name.label("target_name"),
                ent.c.kind.label("target_kind"),
                weight,
            )
            .select_from(
                a.join(m, m.c.attribution_id == a.c.id)
                .join(spk, spk.c.id == a.c.speaker_id)
                .join(ent, ent.c.id == m.c.speaker_id)
            )
            .group_by(a.c.speaker_id, spk.c.name, m.c.speaker_id, ent.c.name, ent.c.kind)
            .having(weight >= min_weight)
            .order_by(sa.desc("weight"), spk.c.name, ent.c.name)
            .limit(max(0, limit))
        )
        if since is not None:
            stmt = stmt.where(a.c.date >= _as_date(since))
        if until is not None:
            stmt = stmt.where(a.c.date <= _as_date(until))
        if speaker_id is not None:
            stmt = stmt.where(a.c.speaker_id == speaker_id)
        with self._read() as conn:
            return [rec.GraphEdge(**r._asdict()) for r in conn.execute(stmt)]

    def article(self, article_id: str) -> rec.StoredArticle | None:
        """One stored article with its attributions, entities and near-duplicates, or ``None``."""
        art, a = t.articles, t.attributions
        with self._read() as conn:
            row = _by_id(conn, art, article_id)
            if row is None:
                return None
            dups = list(
                conn.execute(
                    sa.select(art.c.id)
                    .where(art.c.dup_group == row.dup_group, art.c.id != row.id)
                    .order_by(art.c.id)
                ).scalars()
            )
            att_rows = conn.execute(
                sa.select(a).where(a.c.article_id == article_id).order_by(a.c.position)
            ).all()
            mention_rows = conn.execute(
                sa.select(t.mentions.c.attribution_id, t.mentions.c.speaker_id)
                .join(a, a.c.id == t.mentions.c.attribution_id)
                .where(a.c.article_id == article_id)
                .order_by(t.mentions.c.speaker_id)
            ).all()
            ent_map = dict(
                conn.execute(
                    sa.select(t.article_entities.c.entity_id, t.article_entities.c.speaker_id).where(
                        t.article_entities.c.article_id == article_id
                    )
                ).all()
            )
            # Entities name the speaker they resolve to now (after corpus-level merges).
            canon = identity.canonical(conn, ent_map.values())
            ent_map = {k: canon[v] for k, v in ent_map.items()}
        mentions: dict[str, list[str]] = {}
        for att_id, sid in mention_rows:
            mentions.setdefault(att_id, []).append(sid)
        extra = json.loads(row.extra or "{}")
        entities = [
            rec.StoredEntity(
                local_id=e["id"],
                speaker_id=ent_map.get(e["id"], ""),
                name=e["name"],
                kind=e["kind"],
                aliases=list(e.get("aliases", [])),
                roles=list(e.get("roles", [])),
            )
            for e in extra.get("entities", [])
        ]
        return rec.StoredArticle(
            id=row.id,
            external_id=row.external_id,
            url=row.url,
            title=row.title,
            published=_as_date(row.published),
            source=row.source,
            language=row.language,
            text=row.text,
            dup_group=row.dup_group,
            duplicates=dups,
            attributions=[_stored_attribution(r, mentions.get(r.id, [])) for r in att_rows],
            entities=entities,
            times=[TimeExpression(**x) for x in extra.get("times", [])],
            excluded=[Span(**x) for x in extra.get("excluded", [])],
        )

    def articles(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Stored articles (id, title, url, source, published, statements), newest first."""
        art, a = t.articles, t.attributions
        n = (
            sa.select(sa.func.count())
            .where(a.c.article_id == art.c.id)
            .correlate(art)
            .scalar_subquery()
            .label("statements")
        )
        stmt = (
            sa.select(art.c.id, art.c.title, art.c.url, art.c.source, art.c.published,
                      art.c.dup_group, n)
            .order_by(art.c.published.desc(), art.c.id)
            .limit(limit)
            .offset(offset)
        )
        with self._read() as conn:
            return [_dates(r._asdict()) for r in conn.execute(stmt)]

    # ------------------------------------------------------------ quote checking
    def quotation_count(self) -> int:
        """How many aggregated quotations (distinct wordings) are stored."""
        with self._read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t.quotations)).scalar_one())

    def quotations_for_check(self) -> Iterator[rec.QuotationSummary]:
        """Every aggregated quotation with its main speaker, earliest date, first article and
        number of articles, in quotation id order (what :mod:`quotegraph.check` searches).

        Occurrences are read in one streamed pass and grouped here: per-quotation subqueries
        for the majority speaker and the first article cost far more on either backend.
        """
        a, art, q, s = t.attributions, t.articles, t.quotations, t.speakers
        stmt = (
            sa.select(q.c.id, q.c.quotation, q.c.first_seen, a.c.speaker_id, s.c.name,
                      a.c.date, art.c.id.label("article_id"), art.c.title, art.c.url,
                      art.c.source, art.c.published)
            .select_from(q.join(a, a.c.quotation_id == q.c.id)
                         .join(art, art.c.id == a.c.article_id)
                         .outerjoin(s, s.c.id == a.c.speaker_id))
            .order_by(q.c.id, a.c.date.is_(None), a.c.date, art.c.published.is_(None),
                      art.c.published, art.c.id, a.c.position)
        )
        with self._read() as conn:
            rows = conn.execution_options(stream_results=True, yield_per=5000).execute(stmt)
            for _, group in itertools.groupby(rows, key=lambda r: r.id):
                yield _quotation_summary(list(group))

    def speaker_names_matching(self, name: str) -> set[str]:
        """Global names of the speakers a name or alias denotes (as ``search(speaker=…)``
        resolves it: "Clinton" → every Clinton, an alias → its speaker)."""
        s = t.speakers
        with self._read() as conn:
            return set(conn.execute(sa.select(s.c.name).where(s.c.id.in_(speaker_ids_matching(name)))).scalars())

    def vector_counts(self, model: str) -> tuple[int, int]:
        """``(quotations with a vector of model, all quotations)``."""
        v = t.statement_vectors
        with self._read() as conn:
            have = conn.execute(sa.select(sa.func.count()).select_from(v).where(v.c.model == model)).scalar_one()
        return int(have), self.quotation_count()

    def missing_vectors(self, model: str, limit: int = 256) -> list[tuple[str, str]]:
        """Up to ``limit`` quotations without a vector of ``model``: ``(id, text)`` by id."""
        q, v = t.quotations, t.statement_vectors
        have = sa.select(v.c.quotation_id).where(v.c.quotation_id == q.c.id, v.c.model == model)
        stmt = (sa.select(q.c.id, q.c.quotation).where(~have.exists())
                .order_by(q.c.id).limit(max(0, limit)))
        with self._read() as conn:
            return [(r[0], r[1]) for r in conn.execute(stmt)]

    def add_vectors(self, model: str, dimensions: int, vectors: Sequence[tuple[str, bytes]]) -> int:
        """Store sentence embeddings (float32 bytes) of quotations; existing ones are kept.

        Args:
            model: the embedding model's name.
            dimensions: floats per vector.
            vectors: ``(quotation id, vector bytes)`` pairs.

        Returns:
            How many were written.
        """
        for qid, blob in vectors:
            if len(blob) != 4 * dimensions:
                raise StoreError(f"vector of {qid} has {len(blob)} bytes, not {4 * dimensions}")
        rows = [{"quotation_id": qid, "model": model, "dimensions": dimensions, "vector": blob}
                for qid, blob in vectors]
        if not rows:
            return 0
        from quotegraph.store.writer import _upsert_many

        with self._write() as conn:
            _upsert_many(conn, self.dialect, t.statement_vectors, rows, ["quotation_id", "model"], None)
        return len(rows)

    def vectors(self, model: str) -> dict[str, bytes]:
        """Every stored vector of ``model``: quotation id → float32 bytes."""
        v = t.statement_vectors
        with self._read() as conn:
            return {r[0]: bytes(r[1]) for r in conn.execute(
                sa.select(v.c.quotation_id, v.c.vector).where(v.c.model == model))}

    def skips(self) -> list[tuple[str, str]]:
        """Every recorded skipped input as ``(origin, reason)``."""
        with self._read() as conn:
            return [tuple(r) for r in conn.execute(  # type: ignore[misc]
                sa.select(t.skips.c.origin, t.skips.c.reason).order_by(t.skips.c.origin, t.skips.c.reason))]

    def export(self, format: str, path: str | os.PathLike[str] | IO[Any]) -> int:
        """Write the quote-centric export (``jsonl``, ``csv`` or ``parquet``) to ``path``: a file
        path, or an open file (text for JSONL and CSV, binary for Parquet).

        Returns:
            The number of quotations written.
        """
        from quotegraph.store.export import export

        return export(self, format, path)


# ---------------------------------------------------------------------- helpers
def _by_id(conn: Connection, table: sa.Table, key: str) -> Any:
    """The row of ``table`` whose ``id`` is ``key``, or ``None``."""
    return conn.execute(sa.select(table).where(table.c.id == key)).first()


def _stored_attribution(r: Any, mentions: list[str]) -> rec.StoredAttribution:
    said = None
    if r.said_on_value is not None:
        said = SaidOn(
            r.said_on_value,
            r.said_on_granularity,
            _iso(r.said_on_start),
            _iso(r.said_on_end),
            _span(r.said_on_evidence),
        )
    return rec.StoredAttribution(
        id=r.id,
        article_id=r.article_id,
        local_id=r.local_id,
        kind=r.kind,
        content=[Span(**s) for s in json.loads(r.content)],
        content_text=r.content_text,
        cue=Span(r.cue_start, r.cue_end, r.cue_text) if r.cue_start is not None else None,
        source=Span(r.source_start, r.source_end, r.source_text) if r.source_start is not None else None,
        speaker_id=r.speaker_id,
        speaker_name=r.speaker_name,
        speaker_local_id=r.speaker_local_id,
        addressee=json.loads(r.addressee) if r.addressee else None,
        addressee_speaker_id=r.addressee_speaker_id,
        said_on=said,
        date=_as_date(r.date),
        date_from_published=bool(r.date_from_published),
        parent_id=r.parent_id,
        confidence=float(r.confidence),
        quotation_id=r.quotation_id,
        mentions=mentions,
    )


def _quotation_summary(rows: list[Any]) -> rec.QuotationSummary:
    """One quotation from its occurrences, earliest first."""
    first = rows[0]
    counts: dict[str, int] = {}
    for r in rows:
        if r.speaker_id is not None:
            counts[r.speaker_id] = counts.get(r.speaker_id, 0) + 1
    # Most occurrences wins; dict order (earliest first) breaks ties.
    speaker = max(counts, key=lambda k: counts[k]) if counts else None
    name = next((r.name for r in rows if r.speaker_id == speaker), None) if speaker else None
    return rec.QuotationSummary(
        id=first.id, text=first.quotation, speaker_id=speaker, speaker_name=name,
        said_on=_as_date(first.first_seen), article_id=first.article_id,
        article_title=first.title, article_url=first.url, article_source=first.source,
        article_published=_as_date(first.published),
        articles=len({r.article_id for r in rows}),
    )


#: Granularities from the most precise; a statement dated by its article is a day.
_GRANULARITIES = ("day", "month", "week", "range", "year")


def _first_and_last(a: sa.Table) -> tuple[sa.ColumnElement[Any], sa.ColumnElement[Any]]:
    """The earliest and latest statement date of a group, each with its granularity: the date's
    ISO text followed by one digit, the most precise granularity any statement of that date has
    (``min`` of date + rank for the first, ``max`` of date + inverted rank for the last)."""
    gran = sa.func.coalesce(a.c.said_on_granularity, "day")
    rank = sa.case(*((gran == g, str(i)) for i, g in enumerate(_GRANULARITIES)), else_=str(len(_GRANULARITIES) - 1))
    inverted = sa.case(*((gran == g, str(9 - i)) for i, g in enumerate(_GRANULARITIES)), else_=str(10 - len(_GRANULARITIES)))
    day = sa.cast(a.c.date, sa.String)
    return (sa.func.min(day + rank).label("first_date"), sa.func.max(day + inverted).label("last_date"))


def _dated_span(row: dict[str, Any]) -> dict[str, Any]:
    """``first_date``/``last_date`` of :func:`_first_and_last` split into dates and granularities."""
    for key, invert in (("first", False), ("last", True)):
        packed = row.get(f"{key}_date")
        gran = "day"
        if packed is not None:
            text = str(packed)
            rank = int(text[10:11] or 0)
            gran = _GRANULARITIES[min(len(_GRANULARITIES) - 1, 9 - rank if invert else rank)]
            packed = text[:10]
        row[f"{key}_date"] = _as_date(packed)
        row[f"{key}_granularity"] = gran
    return row


def _dates(row: dict[str, Any]) -> dict[str, Any]:
    for k in ("first_date", "last_date", "published"):
        if k in row:
            row[k] = _as_date(row[k])
    return row


def _first_line(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", None) or exc)
    return msg.strip().splitlines()[0] if msg.strip() else exc.__class__.__name__


def _safe(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        kwargs: dict[str, Any] = {"connect_args": {"timeout": 60, "check_same_thread": False}}
        if url == "sqlite://":
            kwargs["poolclass"] = sa.pool.StaticPool
        else:
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let us issue BEGIN ourselves (pysqlite's implicit transactions start late).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            if url != "sqlite://":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            immediate = conn.get_execution_options().get("qg_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    if url.startswith("postgresql"):
        return sa.create_engine(url, pool_pre_ping=True)
    raise StoreError(f"unsupported database URL {_safe(url)!r}; use a file path, sqlite:///… or postgresql://…")


__all__ = ["Store", "resolve_url"]
