"""Names inside source phrases that the recogniser missed or split: people, organisations,
social-media handles, groups of named people and named examples ("critics, like X and Y"); and
the checks that an entity's aliases are its names (or descriptions) and its roles are roles."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from quotegraph import name_words
from quotegraph.models import Span
from quotegraph.speakers import descriptions as lex
from quotegraph.speakers.base import POSSESSIVES, ResolverBase
from quotegraph.speakers.entities import _ROLE_PREFIXES, EntityInfo, _one_edit
from quotegraph.speakers.ranker import ORG_TYPE_HEADS


class NameMixin(ResolverBase):
    """Finding and creating the entities a source phrase names."""

    if TYPE_CHECKING:
        # DescriptionMixin's, beside this one in the resolver (declared for the type checker only)
        def _by_role(self, src: Span, head: Token) -> int | None: ...

    def _new_org(self, span: SpacySpan) -> int | None:
        """An organisation named only in a source ("the Dallas Morning News said")."""
        toks = [t for t in span if t.text not in POSSESSIVES and not t.is_punct]
        while toks and toks[0].lower_ in {"the", "a", "an"} | lex.INDEFINITE:
            toks = toks[1:]
        kind = max((i for i, t in enumerate(toks) if not t.text[:1].isupper()), default=-1)
        if 0 <= kind < len(toks) - 1 and toks[kind].lemma_.lower() in ORG_TYPE_HEADS:
            toks = toks[kind + 1:]  # "the power company Lumenor": its kind, then its name
        if not toks or not all(t.text[:1].isupper() or t.lower_ in {"of", "for", "and", "on"}
                               for t in toks):
            return None
        if all(lex.head_classes(t.text) or t.lower_ in name_words.TITLES for t in toks):
            # "Minister promises …", "Mayor Says …" in a headline: a role in capitals, not an
            # organisation's name; the person the article gives that role, if any
            return self._by_role(Span(span.start_char, span.end_char, span.text), span[-1])
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
        """"Critics, like Senator X", "economists such as X": the named example speaks; one
        entity only, or the group of the people named."""
        for prep in head.children:
            such_as = prep.lower_ == "as" and prep.i > 0 and self.doc[prep.i - 1].lower_ == "such"
            if prep.dep_ == "prep" and (prep.lower_ in {"like", "including"} or such_as):
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
                    if len(ents) == 1 and (len(chain) == 1 or self.art.entities[ents[0]].members):
                        return ents[0]  # one name, or the group the recogniser made of the list
        return None

    def _lookup_name(self, span: SpacySpan) -> int | None:
        """A name the recogniser missed in a source: match it to a known entity, or add a person."""
        art = self.art
        words = [t for t in span if not t.is_punct and t.text not in POSSESSIVES]
        joined = _hyphen_joined(span)
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
        while len(run) > 2 and run[0].lower_ in _ROLE_PREFIXES or run and (
                lex.head_classes(run[0].text) or run[0].lower_ in name_words.TITLE_ABBREVIATIONS):
            run.pop(0)  # "Chief Chuck Jordan", "Coach Hal Brant"
        last = joined.get(names[-1].i, names[-1].text).lower()
        idx = art._match_short(last, honorific, span.start_char)
        if idx is not None:
            return idx
        key = " ".join(t.text for t in names)
        org = art._match_org(key)
        if org is not None:
            return org
        premod = self.text[span.start_char:run[0].idx] if run else ""
        role_prefix = bool(premod.split()) and premod.split()[-1].lower() in _ROLE_PREFIXES
        if 2 <= len(run) <= 3 and (
            lex.gender_of_first_name(run[0].text) or run[0].ent_type_ == "PERSON"
            or lex.role_classes(premod) or lex.nationalities(premod) or role_prefix
        ):
            names = run
            # "Okonkwo-Hale" is one word of the name, as the text writes it
            info_words = _joined_words(names, joined)
            idx = art._new_entity(" ".join(info_words), "person", info_words, names[0].idx)
            art.entities[idx].gender = lex.gender_of_first_name(names[0].text)
            role = premod.strip(" ,").removeprefix("the ").removeprefix("The ")
            if role and (lex.role_classes(role) or lex.nationalities(role) or role_prefix):
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


def _hyphen_joined(span: SpacySpan) -> dict[int, str]:
    """Names written with a hyphen and no spaces ("Okonkwo-Hale"), by the index of each of
    their tokens: the whole word as the text writes it."""
    out: dict[int, str] = {}
    for tok in span:
        if tok.text not in {"-", "‐"} or tok.i in {span.start, span.end - 1}:
            continue
        before, after = tok.nbor(-1), tok.nbor(1)
        if before.whitespace_ or tok.whitespace_ or not before.text.isalpha() or not after.text.isalpha():
            continue
        first = min((i for i in out if out[i] == out.get(before.i)), default=before.i)
        word = out.get(before.i, before.text) + tok.text + after.text
        for i in range(first, after.i + 1):
            out[i] = word
    return out


def _joined_words(tokens: list[Token], joined: dict[int, str]) -> list[str]:
    """The words of a name's tokens, a hyphenated name once ("Gene", "Okonkwo-Hale")."""
    words: list[str] = []
    for t in tokens:
        word = joined.get(t.i, t.text)
        if t.i in joined and t.i - 2 in joined and joined[t.i - 2] == word:
            continue  # the second half of a hyphenated word already written
        words.append(word)
    return words


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
    return [re.sub(r"'s$", "", w.casefold().replace("’", "'")) for w in _WORD.findall(flat)]


def _is_description(alias: str) -> bool:
    """Whether an alias is written as a description ("the Russian diplomat", "Hong Kong
    lawmaker Lee"): it has a word in lower case that is no name particle."""
    return any(w[:1].isalpha() and w[:1].islower() and w.casefold() not in name_words.NAME_PARTICLES
               for w in alias.split())


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in _ORG_SMALL)


#: Endings of English agent nouns, the heads of roles the lexicons may lack ("Analyst",
#: "Administrator", "Employee", "spokesman").
_AGENT_ENDINGS = ("ist", "yst", "or", "er", "ee", "ant", "ent", "ian", "man", "woman", "person", "ess")


def is_role_phrase(role: str) -> bool:
    """Whether ``role`` reads as a role noun phrase: it names an office, trade or title ("Foreign
    Minister", "spokeswoman"), a party or nationality, is headed by an agent noun ("Analyst"),
    or is written as a common noun phrase (a word in lower case: "farmer from Ohio"). A lone
    capitalised word that is none of these ("Everything", "Rip") is no role."""
    if lex.role_classes(role) or lex.nationalities(role) or lex.parties(role) or lex.places(role):
        return True
    words = _folded_words(role)
    if not words:
        return False
    if any(w in _TITLE_WORDS for w in words):
        return True
    head = words[-1][:-1] if words[-1].endswith("s") and len(words) == 1 else words[-1]
    if len(head) >= 5 and head.endswith(_AGENT_ENDINGS):
        return True  # "Analyst", "Proponents"
    return any(w[:1].isalpha() and w[:1].islower() and w.casefold() not in name_words.NAME_PARTICLES
               for w in role.split())


def _acronym_of(short: str, name: str) -> bool:
    """Whether ``short`` is written as an acronym ("FAA", "S.E.C.", "BoA") whose letters run in
    order through ``name``, the first one opening a word ("Singapore Airlines" → SIA)."""
    short = short.removeprefix("the ").removeprefix("The ")
    letters = "".join(c for c in short if c.isalpha())
    if not 2 <= len(letters) <= 8 or sum(c.isupper() for c in letters) < 2 or " " in short.strip():
        return False
    low = _folded_words(letters)[0] if _folded_words(letters) else ""
    words = _folded_words(name)
    if len(words) < 2 or not low:
        return False
    flat, starts, pos = "".join(words), [], 0
    for w in words:
        starts.append(pos)
        pos += len(w)
    for st in starts:
        if flat[st] != low[0]:
            continue
        i = st + 1
        for c in low[1:]:
            i = flat.find(c, i) + 1
            if i == 0:
                break
        else:
            return True
    return False


def _name_word(w: str, own: list[str]) -> bool:
    """Whether ``w`` is one of a person's name words: itself, a part of a hyphenated one, an
    initial, or a misspelling one letter away ("Bornsten")."""
    return any(w == o or w in o.split("-") or (len(w) == 1 and o.startswith(w))
               or (len(w) >= 5 and _one_edit(w, o)) for o in own)


def _prefix_fits(prefix: str, roles: list[str]) -> bool:
    """Whether the words before a person's name in an alias are no part of another name: a
    role of the entity, a role phrase, a possessor ("NBC's"), or a given name."""
    folded = " ".join(_folded_words(prefix))
    if folded in {" ".join(_folded_words(r)) for r in roles} or is_role_phrase(prefix):
        return True
    last = prefix.split()[-1]
    return last.endswith(("'s", "’s")) or lex.gender_of_first_name(last) is not None


def alias_fits(alias: str, name: str, kind: str, roles: list[str]) -> bool:
    """Whether ``alias`` can be a name (or description) of the entity ``name`` of ``kind``.

    Descriptions ("the Russian diplomat", "The Republican") fit. A person's name-shaped alias
    is the entity's own name words, after words that are a title, a role or a given name
    ("Former prime minister John Major", "Analyst Shawn Wu"): "Rip Donald Trump" and
    "Everything" do not fit Donald Trump. An organisation's alias shares a content word with its
    name or is its acronym ("FAA", "S.E.C."), or the name is the alias's acronym.
    """
    if kind not in ("person", "organization") or _is_description(alias):
        return True
    words = _folded_words(alias)
    own = _folded_words(name)
    if not words or not own:
        return False
    if kind == "organization":
        if {w for w in words if w not in _ORG_SMALL} & set(own):
            return True
        if len(words) == 1 and words[0] == "".join(w[0] for w in own if w not in _ORG_SMALL):
            return True  # "Nafta": initials written as a word
        return _acronym_of(alias, name) or _acronym_of(name, alias) or is_role_phrase(alias)
    base = alias.split(" of ")[0] if " of " in alias else alias  # "Mr. Morgan of the Sierra Club"
    words = _folded_words(base)
    tail = 0
    for w in reversed(words):
        if not _name_word(w, own):
            break
        tail += 1
    if tail == 0:
        return is_role_phrase(alias)  # "Miss Universe", "Ryanair CEO": a title, no other name
    prefix = base.split()[: max(0, len(base.split()) - tail)]
    return not prefix or _prefix_fits(" ".join(prefix), roles)


def fitting_aliases(aliases: list[str], name: str, kind: str, roles: list[str]) -> list[str]:
    """The aliases that :func:`alias_fits` the entity, in order."""
    return [a for a in aliases if alias_fits(a, name, kind, roles)]
