"""A quotation's occurrences and wording variants over time, first seen first.

A stored quotation (Quotebank's ``quoteID``) is one wording up to case, quote marks,
punctuation and spacing; each article that carried it is an occurrence, and the exact text each
printed is a *wording*. Other quotations whose words are nearly the same — a word changed, a
part of it, or a longer statement holding it — are its *related* variants, found through the
checker's shingle index and aligned word by word, so each comes with its diff.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Any

import sqlalchemy as sa

from quotegraph.check.align import align
from quotegraph.check.checker import Checker
from quotegraph.check.normalise import normalise
from quotegraph.check.verdict import MIN_RUN, NEAR_COVERAGE
from quotegraph.store import Store
from quotegraph.store import tables as t

#: Related quotations listed at most.
RELATED = 20


def _iso(day: Any) -> str | None:
    if day is None:
        return None
    if isinstance(day, str):
        return day[:10]
    return day.isoformat() if isinstance(day, _dt.date) else str(day)[:10]


def occurrences(store: Store, quotation_id: str) -> tuple[Any, list[dict[str, Any]]] | None:
    """The quotation row and its occurrences, first seen first (by date, then publication)."""
    q, a, art, s = t.quotations, t.attributions, t.articles, t.speakers
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(q).where(q.c.id == quotation_id)).first()
        if row is None:
            return None
        rows = conn.execute(
            sa.select(a.c.id, a.c.article_id, a.c.content_text, a.c.kind, a.c.speaker_id,
                      s.c.name.label("speaker"), a.c.date, a.c.date_from_published, a.c.said_on_value,
                      art.c.title, art.c.url, art.c.source, art.c.published)
            .select_from(a.join(art, art.c.id == a.c.article_id).outerjoin(s, s.c.id == a.c.speaker_id))
            .where(a.c.quotation_id == quotation_id)
            .order_by(a.c.date.is_(None), a.c.date, art.c.published.is_(None), art.c.published,
                      a.c.article_id, a.c.position)
        ).all()
    found = [{
        "attribution_id": r.id, "text": r.content_text, "kind": r.kind,
        "speaker": r.speaker, "speaker_id": r.speaker_id, "date": _iso(r.date),
        "date_from_published": bool(r.date_from_published), "said_on": r.said_on_value,
        "article": {"id": r.article_id, "title": r.title, "url": r.url, "source": r.source,
                    "published": _iso(r.published)},
    } for r in rows]
    return row, found


def wordings(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct texts the occurrences printed, first seen first, with how often and when."""
    out: dict[str, dict[str, Any]] = {}
    for occ in found:
        w = out.setdefault(occ["text"], {"text": occ["text"], "first_seen": occ["date"],
                                         "last_seen": occ["date"], "occurrences": 0, "articles": []})
        w["occurrences"] += 1
        if occ["date"] and (w["last_seen"] is None or occ["date"] > w["last_seen"]):
            w["last_seen"] = occ["date"]
        if occ["article"]["id"] not in w["articles"]:
            w["articles"].append(occ["article"]["id"])
    return list(out.values())


def related(checker: Checker, quotation_id: str, text: str, limit: int = RELATED) -> list[dict[str, Any]]:
    """Other quotations with nearly the same words: ``altered`` (words changed), ``part``
    (this quotation's words are part of a longer one) or ``shortened`` (a part of this one),
    each with the word diff from this quotation's words to theirs; first seen first."""
    mine = normalise(text)
    out = []
    for cand in checker.index.query(text, limit + 1):
        if cand.statement_id == quotation_id:
            continue
        other = checker.statement(cand.statement_id)
        theirs = normalise(other.text)
        # Their words read against ours: the diff says what they changed.
        al = align(theirs, mine)
        back = align(mine, theirs)
        if back.coverage == 1.0 and not back.changes and back.matched < back.statement_words:
            relation = "part"
        elif al.coverage == 1.0 and not al.changes and al.matched < al.statement_words:
            relation = "shortened"
        elif al.coverage >= NEAR_COVERAGE and al.longest_run >= min(MIN_RUN, al.claim_words) and al.changes:
            relation = "altered"
        else:
            continue
        out.append({
            "quoteID": other.id, "quotation": other.text, "relation": relation,
            "speaker": other.speaker, "speaker_id": other.speaker_id, "first_seen": _iso(other.said_on),
            "articles": other.articles, "score": round(al.coverage, 4),
            "diff": [op.to_dict() for op in al.ops],
            "article": other.article.to_dict() if other.article else None,
        })
    out.sort(key=lambda r: (r["first_seen"] is None, r["first_seen"] or "", r["quoteID"]))
    return out[:limit]


def quotation_variants(store: Store, quotation_id: str, checker: Checker | None = None) -> dict[str, Any] | None:
    """A quotation with its occurrences, its wordings and (given a checker over the store) its
    related quotations, every list first seen first; ``None`` when no such quotation is stored.

    Args:
        store: the open store.
        quotation_id: the quotation's id (``quoteID``).
        checker: a checker over the same store, for the related quotations.

    Returns:
        ``quoteID``, ``quotation``, ``speaker``, ``speaker_id``, ``first_seen``,
        ``numOccurrences``, ``occurrences``, ``wordings``, ``related`` (``None`` without a checker).
    """
    got = occurrences(store, quotation_id)
    if got is None:
        return None
    row, found = got
    names = Counter(o["speaker_id"] for o in found if o["speaker_id"])
    main = names.most_common(1)[0][0] if names else None
    return {
        "quoteID": row.id,
        "quotation": row.quotation,
        "speaker": next((o["speaker"] for o in found if o["speaker_id"] == main), None),
        "speaker_id": main,
        "first_seen": _iso(row.first_seen),
        "numOccurrences": len(found),
        "occurrences": found,
        "wordings": wordings(found),
        "related": related(checker, row.id, row.quotation) if checker is not None and row.id in checker else None,
    }
