"""Normalising names, roles and quotations, and the conservative cross-article speaker match.

The rule of thumb is "never merge two people the texts keep apart": a full name merges only with
the same full name (or the same first and last name, "Hillary Rodham Clinton" = "Hillary
Clinton"); a bare surname merges with a full name only when they share a role ("Clinton" the
Secretary of State), never on the surname alone, so two Clintons stay two people.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from quotegraph.name_words import NAME_PARTICLES, SUFFIXES, TITLES

PRONOUNS = frozenset(
    """i me my mine we us our ours you your yours he him his she her hers it its they them
    their theirs who whom this that these those""".split()
)
_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics ("Zelenskyy" and "Zelenskyý" compare equal)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[str]:
    """Folded word tokens of ``text``, with possessive ``'s`` removed."""
    out = []
    for tok in _TOKEN.findall(fold(text)):
        tok = tok.replace("’", "'")
        if tok.endswith("'s"):
            tok = tok[:-2]
        if tok:
            out.append(tok)
    return out


def person_tokens(name: str) -> list[str]:
    """Tokens of a person's name without leading titles or trailing suffixes."""
    toks = [t for t in tokens(name) if t not in SUFFIXES]
    while len(toks) > 1 and toks[0] in TITLES:
        toks = toks[1:]
    return toks


def name_tokens(name: str, kind: str) -> list[str]:
    """Comparison tokens of an entity name: persons lose titles, others a leading "the"."""
    if kind == "person":
        return person_tokens(name)
    toks = tokens(name)
    if len(toks) > 1 and toks[0] == "the":
        toks = toks[1:]
    return toks


def norm_name(name: str, kind: str = "person") -> str:
    """The normalised key of a name ("President Joe Biden's" → "joe biden")."""
    return " ".join(name_tokens(name, kind))


def norm_role(role: str) -> str:
    """The normalised key of a role ("the former U.S. Secretary of State" → "u s secretary of state")."""
    toks = tokens(role)
    while toks and toks[0] in {"the", "a", "an", "former", "then", "ex", "current", "acting"}:
        toks = toks[1:]
    return " ".join(toks)


def is_name_alias(alias: str) -> bool:
    """Whether an alias is a name worth indexing (not a pronoun, not "the official")."""
    toks = tokens(alias)
    if not toks or all(t in PRONOUNS for t in toks):
        return False
    words = alias.split()
    if words and words[0].casefold() == "the":
        words = words[1:]
    # A name capitalises its words ("Secretary of State Clinton"); a description does not
    # ("the Russian diplomat").
    content = [w for w in words if w.casefold() not in NAME_PARTICLES]
    return bool(content) and all(not w[0].isalpha() or w[0].isupper() for w in content)


def speaker_id(kind: str, norm: str) -> str:
    """Deterministic global id of a speaker: the same name and kind give the same id anywhere."""
    return "s" + hashlib.sha1(f"{kind}\x00{norm}".encode()).hexdigest()[:15]


def norm_quotation(text: str) -> str:
    """Normalised quotation text: case, quote marks, punctuation and spacing do not count."""
    return " ".join(tokens(text))


def quotation_id(text: str) -> str:
    """Deterministic id of a quotation (its normalised text), like Quotebank's quoteID."""
    return "q" + hashlib.sha1(norm_quotation(text).encode()).hexdigest()[:15]


@dataclass(slots=True)
class Candidate:
    """An already stored speaker, as the matcher sees it."""

    id: str
    kind: str
    norm: str
    tokens: int
    first_token: str
    last_token: str
    roles: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)


def match_speaker(
    name: str,
    kind: str,
    roles: Iterable[str],
    aliases: Iterable[str],
    candidates: Sequence[Candidate],
) -> Candidate | None:
    """Pick the stored speaker an article's entity is, or ``None`` for a new speaker.

    Args:
        name: the entity's (fullest) name in the article.
        kind: person, organization, group or other.
        roles: its roles in the article ("Secretary of State").
        aliases: its other names in the article.
        candidates: stored speakers of the same kind sharing its last name token or a name key.

    Returns:
        The matching candidate, only when the match is unambiguous.
    """
    toks = name_tokens(name, kind)
    if not toks:
        return None
    norm = " ".join(toks)
    same = [c for c in candidates if c.kind == kind]
    exact = [c for c in same if c.norm == norm]
    if exact and not (kind == "person" and len(toks) == 1):
        return exact[0]
    if kind != "person":
        alias_norms = {norm_name(a, kind) for a in aliases if is_name_alias(a)} - {""}
        hits = [c for c in same if norm in c.aliases or (c.norm in alias_norms and c.tokens > 1)]
        return hits[0] if len(hits) == 1 else None
    role_norms = {norm_role(r) for r in roles} - {""}
    if len(toks) >= 2:
        # Same first and last name: middle names and initials may come and go.
        fl = [
            c
            for c in same
            if c.tokens >= 2 and c.first_token == toks[0] and c.last_token == toks[-1]
        ]
        return fl[0] if len(fl) == 1 else None
    # A bare surname: only a shared role says which full-named person it is.
    surname = toks[0]
    full = [c for c in same if c.tokens >= 2 and c.last_token == surname]
    by_role = [c for c in full if c.roles & role_norms]
    if len(by_role) == 1:
        return by_role[0]
    # Otherwise bare surnames are kept together with each other, apart from every full name.
    return exact[0] if exact else None
