"""Store upkeep inside one transaction: deleting articles, updating their metadata, and
re-storing an article's new extraction under the same id.

Deleting an article removes exactly what it brought: its statements (and their mentions and
full-text rows), its entity links and dedup bands; quotations lose its occurrences (and go when
none is left), and speakers that nothing refers to any more go with their aliases, roles and merges (the surnames and
acronyms they touched are settled again, :mod:`quotegraph.store.identity`).
Other articles, runs and skips are untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from quotegraph.errors import StoreError
from quotegraph.store import identity
from quotegraph.store import tables as t

#: Article ids per statement (well under SQLite's bound-parameter limit).
_CHUNK = 500


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])


def delete_articles(conn: Connection, dialect: str, ids: Sequence[str]) -> dict[str, int]:
    """Delete the articles ``ids`` and everything only they hold (module docstring).

    Returns:
        Counts of what went: ``articles``, ``attributions``, ``quotations``, ``speakers``.
    """
    art, a, m, ent = t.articles, t.attributions, t.mentions, t.article_entities
    out = {"articles": 0, "attributions": 0, "quotations": 0, "speakers": 0}
    quotation_ids: set[str] = set()
    speaker_ids: set[str] = set()
    for chunk in _chunks(sorted(set(ids))):
        found = list(conn.execute(sa.select(art.c.id).where(art.c.id.in_(chunk))).scalars())
        if not found:
            continue
        atts = conn.execute(sa.select(a.c.id, a.c.key, a.c.quotation_id, a.c.speaker_id, a.c.addressee_speaker_id)
                            .where(a.c.article_id.in_(found))).all()
        quotation_ids.update(r.quotation_id for r in atts)
        speaker_ids.update(x for r in atts for x in (r.speaker_id, r.addressee_speaker_id) if x)
        of_articles = sa.select(a.c.id).where(a.c.article_id.in_(found))
        speaker_ids.update(conn.execute(sa.select(m.c.speaker_id).where(m.c.attribution_id.in_(of_articles))).scalars())
        speaker_ids.update(conn.execute(sa.select(ent.c.speaker_id).where(ent.c.article_id.in_(found))).scalars())
        conn.execute(sa.delete(m).where(m.c.attribution_id.in_(of_articles)))
        if dialect == "sqlite" and atts:
            conn.execute(sa.text(f"DELETE FROM {t.FTS_TABLE} WHERE rowid = :key"), [{"key": r.key} for r in atts])
        out["attributions"] += conn.execute(sa.delete(a).where(a.c.article_id.in_(found))).rowcount
        conn.execute(sa.delete(ent).where(ent.c.article_id.in_(found)))
        conn.execute(sa.delete(t.article_bands).where(t.article_bands.c.article_id.in_(found)))
        out["articles"] += conn.execute(sa.delete(art).where(art.c.id.in_(found))).rowcount
    out["quotations"] = recount_quotations(conn, quotation_ids)
    # A full name gone may free a bare surname it held (or make one unique): settle again.
    identity.settle(conn, identity.keys_of(conn, speaker_ids))
    out["speakers"] = _drop_unreferenced_speakers(conn, speaker_ids)
    return out


def recount_quotations(conn: Connection, ids: Iterable[str]) -> int:
    """Recompute occurrences, first date and first article of the quotations ``ids`` from their
    stored statements; delete those with none left. Returns how many were deleted."""
    q, a = t.quotations, t.attributions
    deleted = 0
    for qid in sorted(set(ids)):
        rows = conn.execute(sa.select(a.c.article_id, a.c.date).where(a.c.quotation_id == qid)
                            .order_by(a.c.date.is_(None), a.c.date, a.c.article_id)).all()
        if not rows:
            deleted += conn.execute(sa.delete(q).where(q.c.id == qid)).rowcount
            continue
        first = rows[0]
        conn.execute(sa.update(q).where(q.c.id == qid).values(
            num_occurrences=len(rows), first_seen=first.date, first_article_id=first.article_id))
    return deleted


def _drop_unreferenced_speakers(conn: Connection, ids: set[str]) -> int:
    """Delete the speakers among ``ids`` that no statement, mention or article refers to."""
    a, m, ent = t.attributions, t.mentions, t.article_entities
    gone = 0
    for sid in sorted(ids):
        used = sa.or_(
            sa.exists().where(a.c.speaker_id == sid),
            sa.exists().where(a.c.addressee_speaker_id == sid),
            sa.exists().where(m.c.speaker_id == sid),
            sa.exists().where(ent.c.speaker_id == sid),
        )
        if conn.execute(sa.select(used)).scalar_one():
            continue
        conn.execute(sa.delete(t.speaker_aliases).where(t.speaker_aliases.c.speaker_id == sid))
        conn.execute(sa.delete(t.speaker_roles).where(t.speaker_roles.c.speaker_id == sid))
        mg = t.speaker_merges
        conn.execute(sa.delete(mg).where(sa.or_(mg.c.merged_id == sid, mg.c.into_id == sid)))
        gone += conn.execute(sa.delete(t.speakers).where(t.speakers.c.id == sid)).rowcount
    return gone


def update_metadata(conn: Connection, article_id: str, *, title: str | None = None,
                    published: dt.date | None = None, source: str | None = None,
                    url: str | None = None) -> bool:
    """Set the given (non-``None``) metadata of one stored article; a new publication date also
    re-dates the statements dated by it. Returns whether anything changed.

    Raises:
        StoreError: the URL is another stored article's.
    """
    art, a = t.articles, t.attributions
    row = conn.execute(sa.select(art.c.title, art.c.published, art.c.source, art.c.url)
                       .where(art.c.id == article_id)).first()
    if row is None:
        return False
    old_published = row.published if isinstance(row.published, dt.date | None) else dt.date.fromisoformat(str(row.published))
    wanted = {"title": title, "published": published, "source": source, "url": url}
    current = {"title": row.title, "published": old_published, "source": row.source, "url": row.url}
    changes = {k: v for k, v in wanted.items() if v is not None and v != current[k]}
    if not changes:
        return False
    if "url" in changes:
        other = conn.execute(sa.select(art.c.id).where(art.c.url == changes["url"], art.c.id != article_id)).first()
        if other is not None:
            raise StoreError(f"cannot give article {article_id} the URL {changes['url']}: article {other.id} has it")
    conn.execute(sa.update(art).where(art.c.id == article_id).values(**changes))
    if "published" in changes:
        # Statements the text does not date carry the publication date.
        undated = sa.and_(a.c.article_id == article_id, a.c.said_on_start.is_(None))
        qids = list(conn.execute(sa.select(a.c.quotation_id).where(undated)).scalars())
        conn.execute(sa.update(a).where(undated).values(date=changes["published"], date_from_published=True))
        recount_quotations(conn, qids)
    return True
