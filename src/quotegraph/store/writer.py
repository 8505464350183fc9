"""Writing one article into the store: the body of ``Store.add``, inside one transaction.

Cross-article merging happens here: global speaker ids (``names.match_speaker`` over candidates
fetched for the whole article at once), near-duplicate groups (LSH bands in ``article_bands``),
quotation aggregation (one upsert per distinct quotation) and mentions ("about whom").
"""

from __future__ import annotations

import json
import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from quotegraph.errors import StoreError
from quotegraph.models import ExtractionResult, Span
from quotegraph.name_words import TITLES
from quotegraph.store import dedup, identity, names
from quotegraph.store import tables as t
from quotegraph.store.dates import _now, _parse_date


def _span_json(span: Span | None) -> str | None:
    return None if span is None else json.dumps(span.to_dict(), ensure_ascii=False)


# ---------------------------------------------------------------------- the per-article writer
class Writer:
    """Everything one ``Store.add`` does, inside one transaction."""

    def __init__(self, conn: Connection, dialect: str) -> None:
        self.conn = conn
        self.dialect = dialect

    def add(self, result: ExtractionResult, run_id: int | None, extractor: str | None = None) -> bool:
        article = result.article
        text_hash = dedup.content_hash(article.text)
        art = t.articles
        cond = art.c.content_hash == text_hash
        if article.url:
            cond = sa.or_(cond, art.c.url == article.url)
        if self.conn.execute(sa.select(art.c.id).where(cond).limit(1)).first() is not None:
            return False
        aid = dedup.article_id(text_hash)
        sig = dedup.signature(article.text)
        group = self._near_duplicate_group(sig) or aid
        extra = {
            "entities": [e.to_dict() for e in result.entities],
            "times": [x.to_dict() for x in result.times],
            "excluded": [s.to_dict() for s in result.excluded],
        }
        self.conn.execute(
            sa.insert(art).values(
                id=aid,
                external_id=article.id,
                url=article.url or None,
                # Never a bare id on a page: the first words when the input gave no title.
                title=article.title or _first_words(article.text),
                published=article.published,
                source=article.source,
                language=article.language or "en",
                content_hash=text_hash,
                text=article.text,
                dup_group=group,
                minhash=sig.to_bytes() if sig is not None else None,
                extra=json.dumps(extra, ensure_ascii=False),
                run_id=run_id,
                added_at=_now(),
                extractor=extractor,
            )
        )
        if sig is not None:
            self.conn.execute(
                sa.insert(t.article_bands),
                [{"band": b, "hash": h, "article_id": aid} for b, h in sig.bands()],
            )
        ent_ids = self._entities(aid, result)
        self._attributions(aid, result, ent_ids)
        return True

    def _near_duplicate_group(self, sig: dedup.Signature | None) -> str | None:
        if sig is None:
            return None
        bands = sig.bands()
        b = t.article_bands
        cond = sa.or_(*[sa.and_(b.c.band == n, b.c.hash == h) for n, h in bands])
        cand_ids = list(self.conn.execute(sa.select(b.c.article_id).where(cond).distinct()).scalars())
        if not cand_ids:
            return None
        best: tuple[float, str] | None = None
        rows = self.conn.execute(
            sa.select(t.articles.c.id, t.articles.c.dup_group, t.articles.c.minhash).where(
                t.articles.c.id.in_(cand_ids)
            )
        )
        for row in rows:
            sim = sig.jaccard(dedup.Signature.from_bytes(row.minhash))
            # Highest similarity wins; ties go to the smallest group id, so the choice is stable.
            if sim >= dedup.THRESHOLD and (best is None or (-sim, row.dup_group) < (-best[0], best[1])):
                best = (sim, row.dup_group)
        return best[1] if best else None

    # -- speakers
    def _entities(self, aid: str, result: ExtractionResult) -> dict[str, str]:
        """Merge the article's entities into global speakers; local id → global id.

        All candidates are fetched in three queries for the whole article; new speakers are
        added to the candidate list as they are made, so later entities can match them. The
        article's entities keep the speakers they matched (``article_entities``); the surnames
        and acronyms they touch are then settled across the store (:mod:`.identity`), and the
        ids returned are the ones each speaker resolves to after that.
        """
        wanted: list[tuple[str, str, str, list[str], list[str]]] = []  # (local id, name, kind, roles, aliases)
        seen: set[str] = set()
        for ent in result.entities:
            wanted.append((ent.id, ent.name, ent.kind or "other", list(ent.roles), list(ent.aliases)))
            seen.add(ent.id)
        # Speakers that the attributions name but the entity list lacks.
        for att in result.attributions:
            for ref in (att.speaker, att.addressee.entity if att.addressee else None):
                if ref is not None and ref.id not in seen:
                    seen.add(ref.id)
                    wanted.append((ref.id, ref.name, ref.kind or "other", [], []))
        keyed = []
        for local, name, kind, roles, aliases in wanted:
            toks = names.name_tokens(name or "", kind)
            if toks:
                alias_norms = {names.norm_name(x, kind) for x in aliases if names.is_name_alias(x)} - {""}
                keyed.append((local, name, kind, roles, aliases, toks, alias_norms))
        if not keyed:
            return {}
        cands = self._candidates(keyed)
        out: dict[str, str] = {}
        new_speakers: dict[str, dict[str, Any]] = {}
        alias_rows: dict[tuple[str, str], dict[str, Any]] = {}
        role_rows: dict[tuple[str, str], dict[str, Any]] = {}
        keys = identity.Keys()
        new_full: set[str] = set()
        for local, name, kind, roles, aliases, toks, alias_norms in keyed:
            norm = " ".join(toks)
            pool = sorted((c for c in cands.values() if c.kind == kind), key=lambda c: c.id)
            match = names.match_speaker(name, kind, roles, aliases, pool)
            if match is not None:
                sid = match.id
            else:
                sid = names.speaker_id(kind, norm)
                if sid not in cands:
                    new_speakers[sid] = {"id": sid, "name": _display_name(name, kind), "kind": kind,
                                         "norm": norm, "first_token": toks[0], "last_token": toks[-1],
                                         "tokens": len(toks)}
                    cands[sid] = names.Candidate(sid, kind, norm, len(toks), toks[0], toks[-1])
                    if kind == "person" and len(toks) >= 2:
                        new_full.add(toks[-1])
            out[local] = sid
            keys.add(kind, name, norm, alias_norms)
            if cands[sid].norm != norm:
                keys.add(kind, name, cands[sid].norm)
            for x in [name, *aliases]:
                if x and names.is_name_alias(x):
                    n = names.norm_name(x, kind)
                    if n:
                        alias_rows.setdefault((sid, n), {"speaker_id": sid, "norm": n, "alias": x.strip()})
                        cands[sid].aliases.add(n)
            for r in roles:
                n = names.norm_role(r)
                if n:
                    role_rows.setdefault((sid, n), {"speaker_id": sid, "norm": n, "role": r.strip()})
                    cands[sid].roles.add(n)
        if new_speakers:
            _insert_ignore(self.conn, self.dialect, t.speakers, list(new_speakers.values()), ["id"])
        if alias_rows:
            _insert_ignore(self.conn, self.dialect, t.speaker_aliases, list(alias_rows.values()),
                           ["speaker_id", "norm"])
        if role_rows:
            _insert_ignore(self.conn, self.dialect, t.speaker_roles, list(role_rows.values()),
                           ["speaker_id", "norm"])
        _insert_ignore(
            self.conn,
            self.dialect,
            t.article_entities,
            [{"article_id": aid, "entity_id": k, "speaker_id": v} for k, v in out.items()],
            ["article_id", "entity_id"],
        )
        identity.settle(self.conn, keys, new_full)
        resolved = identity.canonical(self.conn, out.values())
        return {k: resolved[v] for k, v in out.items()}

    def _candidates(self, keyed: list[Any]) -> dict[str, names.Candidate]:
        """Stored speakers that any of the article's entities could be (by name, last name or alias)."""
        s, al, ro = t.speakers, t.speaker_aliases, t.speaker_roles
        norms = sorted({" ".join(k[5]) for k in keyed})
        lasts = sorted({k[5][-1] for k in keyed if k[2] == "person"})
        org_norms = sorted({n for k in keyed if k[2] != "person" for n in (k[6] | {" ".join(k[5])})})
        conds: list[sa.ColumnElement[bool]] = [s.c.norm.in_(norms)]
        if lasts:
            conds.append(sa.and_(s.c.kind == "person", s.c.last_token.in_(lasts)))
        if org_norms:
            conds.append(sa.and_(s.c.kind != "person", s.c.norm.in_(org_norms)))
            conds.append(sa.and_(s.c.kind != "person",
                                 s.c.id.in_(sa.select(al.c.speaker_id).where(al.c.norm.in_(org_norms)))))
        cands = {
            r.id: names.Candidate(r.id, r.kind, r.norm, r.tokens, r.first_token, r.last_token)
            for r in self.conn.execute(sa.select(s).where(sa.or_(*conds)))
        }
        if cands:
            ids = sorted(cands)
            for sid, rn in self.conn.execute(sa.select(ro.c.speaker_id, ro.c.norm).where(ro.c.speaker_id.in_(ids))):
                cands[sid].roles.add(rn)
            org_ids = [i for i in ids if cands[i].kind != "person"]
            if org_ids:
                for sid, an in self.conn.execute(
                    sa.select(al.c.speaker_id, al.c.norm).where(al.c.speaker_id.in_(org_ids))
                ):
                    cands[sid].aliases.add(an)
        return cands

    # -- attributions
    def _attributions(self, aid: str, result: ExtractionResult, ent_ids: dict[str, str]) -> None:
        published = result.article.published
        mention_patterns = _mention_patterns(result)
        att_rows, fts_rows, mention_rows = [], [], []
        for pos, att in enumerate(result.attributions):
            if not att.content:
                continue
            gid = f"{aid}:{att.id}"
            content_text = att.content_text
            said = att.said_on
            said_start = _parse_date(said.start) if said else None
            date = said_start or published
            qid = names.quotation_id(content_text)
            speaker_gid = ent_ids.get(att.speaker.id) if att.speaker else None
            addressee_gid = (
                ent_ids.get(att.addressee.entity.id)
                if att.addressee is not None and att.addressee.entity is not None
                else None
            )
            att_rows.append(
                {
                    "id": gid,
                    "key": t.attribution_key(gid),
                    "article_id": aid,
                    "local_id": att.id,
                    "position": pos,
                    "kind": att.kind,
                    "content": json.dumps([s.to_dict() for s in att.content], ensure_ascii=False),
                    "content_text": content_text,
                    "start_char": att.start,
                    "end_char": att.end,
                    "cue_start": att.cue.start if att.cue else None,
                    "cue_end": att.cue.end if att.cue else None,
                    "cue_text": att.cue.text if att.cue else None,
                    "source_start": att.source.start if att.source else None,
                    "source_end": att.source.end if att.source else None,
                    "source_text": att.source.text if att.source else None,
                    "speaker_id": speaker_gid,
                    "speaker_local_id": att.speaker.id if att.speaker else None,
                    "speaker_name": att.speaker.name if att.speaker else None,
                    "addressee": json.dumps(att.addressee.to_dict(), ensure_ascii=False)
                    if att.addressee
                    else None,
                    "addressee_speaker_id": addressee_gid,
                    "said_on_value": said.value if said else None,
                    "said_on_granularity": said.granularity if said else None,
                    "said_on_start": said_start,
                    "said_on_end": _parse_date(said.end) if said else None,
                    "said_on_evidence": _span_json(said.evidence) if said else None,
                    "date": date,
                    "date_from_published": said_start is None and published is not None,
                    "parent_id": f"{aid}:{att.parent}" if att.parent else None,
                    "confidence": float(att.confidence),
                    "quotation_id": qid,
                }
            )
            fts_rows.append({"key": t.attribution_key(gid), "content": content_text,
                             "speaker": att.speaker.name if att.speaker else ""})
            found = set()
            speaker_local = att.speaker.id if att.speaker else None
            for pattern, local in mention_patterns:
                if local == speaker_local or local in found or local not in ent_ids:
                    continue
                if any(pattern.search(span.text) for span in att.content):
                    found.add(local)
            for sid in sorted({ent_ids[x] for x in found} - {speaker_gid}):
                mention_rows.append({"attribution_id": gid, "speaker_id": sid})
        if att_rows:
            self._quotations(att_rows, aid)
            self.conn.execute(sa.insert(t.attributions), att_rows)
        if fts_rows and self.dialect == "sqlite":
            self.conn.execute(
                sa.text(f"INSERT INTO {t.FTS_TABLE}(rowid, content, speaker) "
                        "VALUES (:key, :content, :speaker)"),
                fts_rows,
            )
        if mention_rows:
            self.conn.execute(sa.insert(t.mentions), mention_rows)

    def _quotations(self, rows: list[dict[str, Any]], aid: str) -> None:
        """Count this article's occurrences into the quotations (one upsert per quotation)."""
        q = t.quotations
        agg: dict[str, dict[str, Any]] = {}
        for r in rows:
            cur = agg.get(r["quotation_id"])
            if cur is None:
                agg[r["quotation_id"]] = {"id": r["quotation_id"], "quotation": r["content_text"],
                                          "first_seen": r["date"], "first_article_id": aid,
                                          "num_occurrences": 1}
                continue
            cur["num_occurrences"] += 1
            if r["date"] is not None and (cur["first_seen"] is None or r["date"] < cur["first_seen"]):
                cur["first_seen"] = r["date"]
        if not agg:
            return
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
        stmt = insert(q)
        new = stmt.excluded
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={
                "num_occurrences": q.c.num_occurrences + new.num_occurrences,
                "first_seen": sa.case(
                    (sa.and_(new.first_seen.is_not(None),
                             sa.or_(q.c.first_seen.is_(None), new.first_seen < q.c.first_seen)),
                     new.first_seen),
                    else_=q.c.first_seen,
                ),
            },
        )
        self.conn.execute(stmt, [agg[k] for k in sorted(agg)])


class _NamePattern:
    """A whole-word name matcher: a cheap substring test first, the regex only on a hit."""

    __slots__ = ("name", "_regex")

    def __init__(self, name: str) -> None:
        self.name = name
        self._regex: re.Pattern[str] | None = None

    def search(self, text: str) -> bool:
        if self.name not in text:
            return False
        if self._regex is None:
            self._regex = re.compile(r"(?<!\w)" + re.escape(self.name) + r"(?!\w)")
        return self._regex.search(text) is not None


def _mention_patterns(result: ExtractionResult) -> list[tuple[_NamePattern, str]]:
    """Name patterns of the article's entities (names used by one entity only)."""
    owners: dict[str, set[str]] = {}
    for ent in result.entities:
        for x in {ent.name, *ent.aliases}:
            x = (x or "").strip()
            if len(x) >= 2 and names.is_name_alias(x) and x.lower() not in names.PRONOUNS:
                owners.setdefault(x, set()).add(ent.id)
    out = []
    for x, ids in sorted(owners.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        if len(ids) == 1:
            out.append((_NamePattern(x), next(iter(ids))))
    return out


def _display_name(name: str, kind: str) -> str:
    name = " ".join(name.split())
    if kind == "person":
        # "President Joe Biden" is stored as "Joe Biden"; the role goes to speaker_roles.
        words = name.split()
        while len(words) > 1 and names.fold(words[0]).rstrip(".") in TITLES:
            words = words[1:]
        name = " ".join(words)
    return name


def _insert_ignore(conn: Connection, dialect: str, table: sa.Table, rows: list[dict[str, Any]],
                   keys: list[str]) -> None:
    _upsert_many(conn, dialect, table, rows, keys, update=None)


def _upsert(conn: Connection, dialect: str, table: sa.Table, row: dict[str, Any], keys: list[str],
            update: list[str] | None) -> None:
    _upsert_many(conn, dialect, table, [row], keys, update)


def _upsert_many(conn: Connection, dialect: str, table: sa.Table, rows: list[dict[str, Any]],
                 keys: list[str], update: list[str] | None) -> None:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    else:  # pragma: no cover - only the two supported backends
        raise StoreError(f"unsupported database {dialect!r}; use SQLite or PostgreSQL")
    stmt = insert(table)
    if update:
        stmt = stmt.on_conflict_do_update(
            index_elements=keys, set_={c: stmt.excluded[c] for c in update}
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=keys)
    conn.execute(stmt, rows)


def _first_words(text: str) -> str:
    """A title from the text's first words (imported here: the readers behind it pull in the web
    client, which commands that only read the store never need)."""
    from quotegraph.ingest.metadata import first_words

    return first_words(text)
