"""Corpus identity: which stored speakers are one, decided from the whole store.

Each article's entities become *base* speakers (``names.match_speaker``; ``article_entities``
keeps them). Two merges are then made at the level of the store, from the set of base speakers
that articles name, so the result does not depend on the order the articles came in:

- a bare surname ("Merkel") joins the one full-named person with that surname ("Angela
  Merkel"); with two or more ("Angela Merkel", "Joachim Merkel") it stays apart, and so does a
  bare name that is a common given name ("James" may be anyone's);
- an acronym ("FAA") joins the one organisation an article of the store pairs it with
  ("Federal Aviation Administration (FAA)": the acronym is that organisation's alias). Initials
  alone are no evidence: a writer who does not spell an acronym out assumes it is well known,
  and the store may hold another organisation with the same initials (NBC the broadcaster, the
  National Baptist Convention).

The merged speaker keeps its row; ``speaker_merges`` maps it to the surviving one, and its
statements, addressees and mentions carry the surviving id. When the store changes (an article
added or deleted), the surnames and acronyms it touches are settled again, which may also undo
a merge (a second full-named Merkel arrives), so the grouping is a function of the store's
content. Settling is idempotent: settling a settled store changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from quotegraph.store import names
from quotegraph.store import tables as t

ORGANIZATION = "organization"


@cache
def _given_names() -> frozenset[str]:
    """Common given names: alone, one is no evidence of a surname (folded, as speakers' tokens are).

    Built on first use: the name lists cost the store's readers (``quotegraph search``) their
    start-up time, and only settling identities needs them.
    """
    from quotegraph.speakers import descriptions as lex

    return frozenset(names.fold(n) for n in lex.MALE_NAMES | lex.FEMALE_NAMES)


def acronym_key(name: str, norm: str) -> str | None:
    """The acronym an organisation's name is ("FAA", "F.A.A." → faa), else ``None``.

    An acronym is written in capitals (one word, two to eight letters) or as spaced initials.
    """
    toks = norm.split()
    if len(toks) >= 2 and all(len(x) == 1 for x in toks):
        return "".join(toks)
    bare = name.strip().removeprefix("the ").removeprefix("The ")
    if len(toks) == 1 and 2 <= len(bare) <= 8 and bare.isalpha() and bare.isupper():
        return toks[0]
    return None


@dataclass
class Keys:
    """The groups a change of the store touches: persons' surnames, organisations' acronyms."""

    surnames: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)

    def add(self, kind: str, name: str, norm: str, alias_norms: Iterable[str] = ()) -> None:
        """The keys of one speaker (its name, normalised name and normalised aliases)."""
        toks = norm.split()
        if not toks:
            return
        if kind == "person":
            self.surnames.add(toks[-1])
        elif kind == ORGANIZATION:
            acr = acronym_key(name, norm)
            if acr:
                self.acronyms.add(acr)
            for a in alias_norms:
                parts = a.split()
                if len(parts) == 1 and 2 <= len(a) <= 8 and a.isalpha():
                    self.acronyms.add(a)
                elif len(parts) >= 2 and all(len(x) == 1 for x in parts):
                    self.acronyms.add("".join(parts))

    def __bool__(self) -> bool:
        return bool(self.surnames or self.acronyms)


def keys_of(conn: Connection, ids: Iterable[str]) -> Keys:
    """The keys of stored speakers ``ids`` (with their aliases)."""
    keys = Keys()
    ids = sorted(set(ids))
    s, al = t.speakers, t.speaker_aliases
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        aliases: dict[str, list[str]] = {}
        for sid, norm in conn.execute(sa.select(al.c.speaker_id, al.c.norm).where(al.c.speaker_id.in_(chunk))):
            aliases.setdefault(sid, []).append(norm)
        for r in conn.execute(sa.select(s.c.id, s.c.kind, s.c.name, s.c.norm).where(s.c.id.in_(chunk))):
            keys.add(r.kind, r.name, r.norm, aliases.get(r.id, ()))
    return keys


def _named(sid_col: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    """Whether an article names the speaker as itself (it is some article entity's base)."""
    ae = t.article_entities
    return sa.exists().where(ae.c.speaker_id == sid_col)


def desired(conn: Connection, keys: Keys) -> dict[str, tuple[str, str]]:
    """Base speaker id → (the id it should resolve to, reason) for every bare surname and
    acronym speaker of the groups ``keys``."""
    s = t.speakers
    out: dict[str, tuple[str, str]] = {}
    surnames = sorted(keys.surnames)
    for i in range(0, len(surnames), 500):
        chunk = surnames[i:i + 500]
        rows = conn.execute(
            sa.select(s.c.id, s.c.norm, s.c.tokens, s.c.last_token)
            .where(s.c.kind == "person", s.c.last_token.in_(chunk), _named(s.c.id))
            .order_by(s.c.id)
        ).all()
        groups: dict[str, list[tuple[str, str, int]]] = {}
        for sid, norm, n, last in rows:
            groups.setdefault(last, []).append((sid, norm, n))
        for surname, members in groups.items():
            # "James" alone may be anyone's given name ("James and Olive Tate"), not a surname
            full = [sid for sid, _, n in members if n >= 2] if surname not in _given_names() else []
            for sid, norm, n in members:
                if n == 1 and norm == surname:
                    out[sid] = (full[0] if len(full) == 1 else sid, "surname")
    al = t.speaker_aliases
    for acr in sorted(keys.acronyms):
        norms = [acr, " ".join(acr)]
        short = [sid for sid, name, norm in conn.execute(
            sa.select(s.c.id, s.c.name, s.c.norm)
            .where(s.c.kind == ORGANIZATION, s.c.norm.in_(norms), _named(s.c.id))
        ) if acronym_key(name, norm) == acr]
        if not short:
            continue
        full = list(conn.execute(
            sa.select(s.c.id)
            .where(s.c.kind == ORGANIZATION, s.c.tokens >= 2, _named(s.c.id),
                   s.c.id.in_(sa.select(al.c.speaker_id).where(al.c.norm.in_(norms))),
                   s.c.norm.not_in(norms))
            .order_by(s.c.id)
        ).scalars())
        for sid in short:
            out[sid] = (full[0] if len(full) == 1 else sid, "acronym")
    return out


def canonical(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """The surviving id of each of ``ids`` (itself when not merged)."""
    ids = sorted(set(ids))
    out = {i: i for i in ids}
    mg = t.speaker_merges
    for i in range(0, len(ids), 500):
        out.update(conn.execute(sa.select(mg.c.merged_id, mg.c.into_id)
                                .where(mg.c.merged_id.in_(ids[i:i + 500]))).all())
    return out


def settle(conn: Connection, keys: Keys, new_full: Iterable[str] = ()) -> int:
    """Merge (and unmerge) the bare surnames and acronyms of the groups ``keys`` as the store's
    content says; returns how many speakers or entities changed where they resolve.

    Args:
        conn: the open transaction.
        keys: the groups to settle.
        new_full: surnames that just got a new full-named person: a bare surname an article gave
            a role ("Clinton", Secretary of State) now joins the one of several full names with
            that role, as it would have at once had that full name been stored first.
    """
    if not keys:
        return 0
    want = desired(conn, keys)
    current = canonical(conn, want)
    mg = t.speaker_merges
    changed = 0
    for base in sorted(want):
        target, reason = want[base]
        old = current[base]
        if old == target:
            continue
        _retarget(conn, base, old, target)
        conn.execute(sa.delete(mg).where(mg.c.merged_id == base))
        if target != base:
            conn.execute(sa.insert(mg).values(merged_id=base, into_id=target, reason=reason))
        changed += 1
    for surname in sorted(set(new_full) & keys.surnames):
        changed += _match_roles(conn, surname)
    return changed


def _match_roles(conn: Connection, surname: str) -> int:
    """Move the entities of a bare surname, among several full names, to the one full name
    that shares a role with them (``names.match_speaker``'s rule, applied afterwards)."""
    s, ae, ro, art = t.speakers, t.article_entities, t.speaker_roles, t.articles
    rows = conn.execute(sa.select(s.c.id, s.c.tokens).where(
        s.c.kind == "person", s.c.last_token == surname, _named(s.c.id)).order_by(s.c.id)).all()
    full = [sid for sid, n in rows if n >= 2]
    bare = names.speaker_id("person", surname)
    if len(full) < 2 or bare not in {sid for sid, _ in rows}:
        return 0
    full_roles: dict[str, set[str]] = {f: set() for f in full}
    for sid, norm in conn.execute(sa.select(ro.c.speaker_id, ro.c.norm).where(ro.c.speaker_id.in_(full))):
        full_roles[sid].add(norm)
    moved = 0
    extras: dict[str, dict[str, list[str]]] = {}
    for aid, eid, extra in conn.execute(
        sa.select(ae.c.article_id, ae.c.entity_id, art.c.extra).join(art, art.c.id == ae.c.article_id)
        .where(ae.c.speaker_id == bare).order_by(ae.c.article_id, ae.c.entity_id)
    ).all():
        if aid not in extras:
            extras[aid] = {e["id"]: list(e.get("roles", [])) for e in json.loads(extra or "{}").get("entities", [])}
        roles = {names.norm_role(r) for r in extras[aid].get(eid, [])} - {""}
        hits = [f for f in full if full_roles[f] & roles]
        if len(hits) != 1:
            continue
        conn.execute(sa.update(ae).where(ae.c.article_id == aid, ae.c.entity_id == eid).values(speaker_id=hits[0]))
        _move_entity(conn, aid, eid, bare, hits[0])
        moved += 1
    return moved


def _retarget(conn: Connection, base: str, old: str, new: str) -> None:
    """Statements, addressees and mentions of the entities whose base is ``base`` now carry
    ``new`` instead of ``old``."""
    ae = t.article_entities
    for aid, eid in conn.execute(sa.select(ae.c.article_id, ae.c.entity_id).where(ae.c.speaker_id == base)
                                 .order_by(ae.c.article_id, ae.c.entity_id)).all():
        _move_entity(conn, aid, eid, old, new)


def _move_entity(conn: Connection, aid: str, eid: str, old: str, new: str) -> None:
    """The statements, addressees and mentions of one article entity carry ``new``, not ``old``."""
    a, m, ae, mg = t.attributions, t.mentions, t.article_entities, t.speaker_merges
    conn.execute(sa.update(a).where(a.c.article_id == aid, a.c.speaker_local_id == eid, a.c.speaker_id == old)
                 .values(speaker_id=new))
    rows = conn.execute(sa.select(a.c.id, a.c.addressee)
                        .where(a.c.article_id == aid, a.c.addressee_speaker_id == old)).all()
    moved = [r.id for r in rows if _addressee_entity(r.addressee) == eid]
    if moved:
        conn.execute(sa.update(a).where(a.c.id == sa.bindparam("b_id")).values(addressee_speaker_id=new),
                     [{"b_id": x} for x in moved])
    # Mentions name no local entity: move them only when no other entity of the article
    # resolves to ``old`` (an article naming "Merkel" and Angela Merkel apart keeps its own).
    others = conn.execute(sa.select(sa.func.count()).select_from(ae).where(
        ae.c.article_id == aid, ae.c.entity_id != eid,
        sa.or_(ae.c.speaker_id == old,
               ae.c.speaker_id.in_(sa.select(mg.c.merged_id).where(mg.c.into_id == old))))).scalar_one()
    if others:
        return
    atts = sa.select(a.c.id).where(a.c.article_id == aid)
    m2 = m.alias("m2")
    conn.execute(sa.delete(m).where(
        m.c.speaker_id == old, m.c.attribution_id.in_(atts),
        sa.exists().where(m2.c.attribution_id == m.c.attribution_id, m2.c.speaker_id == new)))
    conn.execute(sa.update(m).where(m.c.speaker_id == old, m.c.attribution_id.in_(atts)).values(speaker_id=new))
    # A statement does not mention its own speaker.
    conn.execute(sa.delete(m).where(
        m.c.speaker_id == new,
        m.c.attribution_id.in_(sa.select(a.c.id).where(a.c.article_id == aid, a.c.speaker_id == new))))


def _addressee_entity(data: str | None) -> str | None:
    if not data:
        return None
    ent = json.loads(data).get("entity")
    return ent.get("id") if isinstance(ent, dict) else None


def settle_all(conn: Connection) -> int:
    """Settle every surname and acronym of the store (for stores filled before revision 0005)."""
    s = t.speakers
    ids = list(conn.execute(sa.select(s.c.id).where(_named(s.c.id))).scalars())
    return settle(conn, keys_of(conn, ids))
