"""Names inside source phrases that the recogniser missed or split: people, organisations,
social-media handles, groups of named people and named examples ("critics, like X and Y"); and
the checks that an entity's aliases are its names (or descriptions) and its roles are roles."""

from __future__ import annotations

import re
import unicodedata

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from quotegraph import name_words
from quotegraph.speakers import descriptions as lex
from quotegraph.speakers.base import POSSESSIVES, ResolverBase
from quotegraph.speakers.entities import EntityInfo


class NameMixin(ResolverBase):
    """Finding and creating the entities a source phrase names."""

    def _new_org(self, span: SpacySpan) -> int | None:
        """An organisation named only in a source ("the Dallas Morning News said")."""
        toks = [t for t in span if t.text not in POSSESSIVES and not t.is_punct]
        while toks and toks[0].lower_ in {"the", "a", "an"} | lex.INDEFINITE:
            toks = toks[1:]
        if not toks or not all(t.text[:1].isupper() or t.lower_ in {"of", "for", "and", "on"}
                               for t in toks):
            return None
        if all(lex.head_classes(t.text) or t.lower_ in name_words.TITLES for t in toks):
            return None  # "Mayor Says …" in a headline: a role in capitals, not an organisation's name
        name = self.text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]
        if toks[-1].lower_ in lex.ORG_STANDINS["newspaper"] and span[0].lower_ == "the":
            name = "The " + name
        art = self.art
        idx = art._match_org(name)
        if idx is None:
            idx = art._new_entity(name, "organization", name.split(), toks[0].idx)
            art.add_mention(idx, toks[0].idx, toks[-1].idx + len(toks[-1].text), True, "name")
            art.mentions.sort(key=lambda m: m.start)
        return idx

    def _handle(self, tok: Token) -> int:
        """A social-media handle ("@nycsouthpaw") is an account of its own."""
        art = self.art
        for i, info in enumerate(art.entities):
            if info.name.lower() == tok.text.lower():
                return i
        idx = art._new_entity(tok.text, "other", [tok.text], tok.idx)
        art.add_mention(idx, tok.idx, tok.idx + len(tok.text), True, "name")
        art.mentions.sort(key=lambda m: m.start)
        return idx

    def _org_named(self, name: str, start: int, end: int) -> int:
        art = self.art
        idx = art._match_org(name)
        if idx is None:
            idx = art._new_entity(name, "organization", name.split(), start)
            art.add_mention(idx, start, end, True, "name")
            art.mentions.sort(key=lambda m: m.start)
        return idx

    def _named_inclusion(self, head: Token) -> int | None:
        """"Critics, like Senator X": the named example speaks; one entity only."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in {"like", "including"}:
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    chain, cur = [pobj], pobj
                    while True:  # "like X, Republican of Iowa, and Y": X and its conjuncts
                        nxt = next((c for c in cur.children if c.dep_ == "conj"), None)
                        if nxt is None:
                            break
                        chain.append(nxt)
                        cur = nxt
                    ents: list[int] = []
                    for tok in chain:
                        ent = self.art.mentions.entity_holding(tok.idx)
                        if ent is not None and ent not in ents:
                            ents.append(ent)
                    people = [e for e in ents if self.art.entities[e].kind == "person"]
                    if len(people) >= 2:
                        return self._group(people)
                    if len(ents) == 1 and len(chain) == 1:
                        return ents[0]
        return None

    def _lookup_name(self, span: SpacySpan) -> int | None:
        """A name the recogniser missed in a source: match it to a known entity, or add a person."""
        art = self.art
        words = [t for t in span if not t.is_punct and t.text not in POSSESSIVES]
        honorific = next((t.text for t in words if t.lower_ in name_words.HONORIFICS), None)
        names = [t for t in words if t.text[:1].isupper() and t.lower_ not in name_words.HONORIFICS
                 and t.lower_ not in name_words.TITLE_ABBREVIATIONS and t.lower_ not in {"the", "a"}]
        if not names:
            return None
        # the trailing run of proper nouns is the name: "Latvian journalist Dainis Ivans"
        run: list[Token] = []
        for t in reversed(words):
            if t.pos_ == "PROPN" and t.text[:1].isupper():
                run.insert(0, t)
            else:
                break
        while run and (lex.head_classes(run[0].text) or run[0].lower_ in name_words.TITLE_ABBREVIATIONS):
            run.pop(0)  # "Chief Chuck Jordan"
        last = names[-1].text.lower()
        idx = art._match_short(last, honorific, span.start_char)
        if idx is not None:
            return idx
        key = " ".join(t.text for t in names)
        org = art._match_org(key)
        if org is not None:
            return org
        premod = self.text[span.start_char:run[0].idx] if run else ""
        if 2 <= len(run) <= 3 and (
            lex.gender_of_first_name(run[0].text) or run[0].ent_type_ == "PERSON"
            or lex.role_classes(premod) or lex.nationalities(premod)
        ):
            names = run
            info_words = [t.text for t in names]
            idx = art._new_entity(" ".join(info_words), "person", info_words, names[0].idx)
            art.entities[idx].gender = lex.gender_of_first_name(names[0].text)
            role = premod.strip(" ,").removeprefix("the ").removeprefix("The ")
            if role and (lex.role_classes(role) or lex.nationalities(role)):
                art.entities[idx].add_role(role)
            art.add_mention(idx, names[0].idx, names[-1].idx + len(names[-1].text), True, "name")
            art.mentions.sort(key=lambda m: m.start)
            return idx
        return None

    def _group(self, members: list[int]) -> int:
        art = self.art
        for i, info in enumerate(art.entities):
            if info.members == members:
                return i
        name = " and ".join(art.entities[m].name for m in members)
        if len(members) > 2:
            name = ", ".join(art.entities[m].name for m in members[:-1]) + " and " + \
                art.entities[members[-1]].name
        art.entities.append(EntityInfo(name, "group", name.split(), min(
            art.entities[m].first for m in members)))
        art.entities[-1].members = list(members)
        return len(art.entities) - 1


# -- what an entity's aliases and roles may be ------------------------------------------------
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
#: Words before a name that are no part of it: honorifics, titles and their abbreviations.
_TITLE_WORDS = (frozenset(name_words.HONORIFICS) | name_words.TITLES
                | frozenset(w.rstrip(".") for w in name_words.TITLE_ABBREVIATIONS))
#: Small words an organisation's name and its alias need not share.
_ORG_SMALL = frozenset("the of and for on in at to a an".split())


def _folded_words(text: str) -> list[str]:
    """Lower-case words of ``text`` without diacritics or a possessive ending."""
    flat = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [re.sub(r"['’]s$", "", w.casefold()) for w in _WORD.findall(flat)]


def _is_description(alias: str) -> bool:
    """Whether an alias is written as a description ("the Russian diplomat", "Hong Kong
    lawmaker Lee"): it has a word in lower case that is no name particle."""
    return any(w[:1].isalpha() and w[:1].islower() and w.casefold() not in name_words.NAME_PARTICLES
               for w in alias.split())


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in _ORG_SMALL)


def is_role_phrase(role: str) -> bool:
    """Whether ``role`` reads as a role noun phrase: it names an office, trade or title ("Foreign
    Minister", "spokeswoman"), a party or nationality, or is written as a common noun phrase (a
    word in lower case: "farmer from Ohio"). A lone capitalised word the lexicons do not know
    ("Everything", "Rip") is a name fragment, not a role."""
    if lex.role_classes(role) or lex.nationalities(role) or lex.parties(role) or lex.places(role):
        return True
    words = _folded_words(role)
    if any(w in _TITLE_WORDS for w in words):
        return True
    return any(w[:1].isalpha() and w[:1].islower() for w in role.split())


def alias_fits(alias: str, name: str, kind: str, roles: list[str]) -> bool:
    """Whether ``alias`` can be a name (or description) of the entity ``name`` of ``kind``.

    Descriptions ("the Russian diplomat") fit. A person's name-shaped alias is the entity's own
    name words (an initial for a given name counts), after words that are a title, a role the
    entity has or a role phrase ("Former prime minister John Major"): "Rip Donald Trump" and
    "Everything" do not fit Donald Trump. An organisation's alias shares a content word with its
    name or is its initials ("FAA"), or the name is the alias's initials.
    """
    if kind not in ("person", "organization") or _is_description(alias):
        return True
    words = _folded_words(alias)
    own = _folded_words(name)
    if not words or not own:
        return False
    if kind == "organization":
        content = [w for w in words if w not in _ORG_SMALL]
        if set(content) & set(own):
            return True
        joined = "".join(content)
        return joined == _initials(own) or "".join(own) == _initials(words)
    own_set = set(own) | {p for w in own for p in w.split("-")}
    # the name part: the longest tail of the alias made of the entity's name words or initials
    tail = 0
    for w in reversed(words):
        if w in own_set or (len(w) == 1 and any(o.startswith(w) for o in own)):
            tail += 1
        else:
            break
    if tail == 0:
        return False
    prefix_words = alias.split()[: max(0, len(alias.split()) - tail)]
    if not prefix_words:
        return True
    prefix = " ".join(prefix_words)
    folded_roles = {" ".join(_folded_words(r)) for r in roles}
    return " ".join(_folded_words(prefix)) in folded_roles or is_role_phrase(prefix)


def fitting_aliases(aliases: list[str], name: str, kind: str, roles: list[str]) -> list[str]:
    """The aliases that :func:`alias_fits` the entity, in order."""
    return [a for a in aliases if alias_fits(a, name, kind, roles)]
