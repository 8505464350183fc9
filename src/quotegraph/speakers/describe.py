"""Definite descriptions and stand-ins: "the Russian diplomat", "the senators", "the campaign".

A description matches a person when its head shares a role class with the person's roles (see
:mod:`quotegraph.speakers.descriptions`) and none of its nationality, party, place or
government-level words contradicts what the article says about them; a stand-in matches the
latest organisation of its kind; "the ad" stands for its maker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from quotegraph.models import Attribution, Span
from quotegraph.speakers import descriptions as lex
from quotegraph.speakers.base import ResolverBase
from quotegraph.speakers.pronouns import resolve_pronoun


class DescriptionMixin(ResolverBase):
    """Resolving descriptions by role, nationality, party and place, and organisation stand-ins."""

    def _description(self, span: SpacySpan, src: Span, head: Token, a: Attribution) -> int | None:
        toks = [t for t in span if not t.is_punct]
        if not toks:
            return None
        first = toks[0].lower_
        low = head.text.lower()
        lemma = head.lemma_.lower()
        text_low = src.text.lower()
        if first in lex.INDEFINITE or any(t.dep_ == "nummod" and t.head == head for t in toks):
            return None
        excluded = [(s.start, s.end) for s in a.content]
        definite = first in {"the", "this", "that"} or toks[0].dep_ == "poss"
        # organisation stand-ins: "the campaign", "the newspaper", "the commission"
        key = "white house" if "white house" in text_low else lemma
        if definite and key in lex.ORG_STANDINS:
            ent = self._standin(key, src.start)
            if ent is not None:
                return ent
        # person descriptions by role, nationality, party, place
        if first == "the" and head.tag_ == "NNS" and lex.role_classes(head.text):
            return self._group_by_role(lex.role_classes(head.text), src.start)
        if definite or head.tag_ == "NNP":
            ent = self._by_role(src, head)
            if ent is not None:
                return ent
        if first == "the" and lemma in lex.PERSON_HEADS:
            pron = {"m": "he", "f": "she"}.get(lex.PERSON_HEADS[lemma] or "", "he")
            last = self._last_speaker(src.start, excluded)
            ent = resolve_pronoun(self.art, pron, src.start, excluded, last)
            if ent is not None and (lex.PERSON_HEADS[lemma] is not None
                                    or self.art.entities[ent].gender is None):
                return ent
        if definite and lemma in lex.DOCUMENT_HEADS:
            return self._document_maker(src.start)
        return None

    def _group_by_role(self, classes: set[str], pos: int) -> int | None:
        """"The senators": the latest group of named people who all hold the role."""
        for m in reversed(self.art.mentions):
            if m.start >= pos or m.entity is None:
                continue
            info = self.art.entities[m.entity]
            if info.members and all(classes & self.art.entities[x].classes for x in info.members):
                return m.entity
        return None

    def _standin(self, key: str, pos: int, modifiers: Sequence[str] = ()) -> int | None:
        words = lex.ORG_STANDINS[key]
        if modifiers:
            # "the appeals court": prefer the court whose name carries the modifier
            found = self._standin(key, pos)
            for m in reversed(self.art.mentions):
                if m.start >= pos or m.entity is None:
                    continue
                name = self.art.entities[m.entity].name.lower()
                if any(mod[:5] in name for mod in modifiers) and self._standin_fits(m.entity,
                                                                                     words):
                    return m.entity
            return found
        for m in reversed(self.art.mentions):
            if m.start >= pos or m.entity is None:
                continue
            info = self.art.entities[m.entity]
            if info.kind not in {"organization", "other"}:
                continue
            name = info.name.lower()
            names = [name] + [x.lower() for x in info.aliases]
            if any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", n) for w in words
                   for n in names):
                return m.entity
        return None

    def _standin_after(self, key: str, pos: int) -> int | None:
        """The first organisation of the stand-in's kind named after ``pos`` (for headlines)."""
        words = lex.ORG_STANDINS[key]
        for m in self.art.mentions:
            if m.start >= pos and m.entity is not None and self._standin_fits(m.entity, words):
                return m.entity
        return None

    def _standin_fits(self, ent: int, words: Sequence[str]) -> bool:
        info = self.art.entities[ent]
        names = [info.name.lower()] + [x.lower() for x in info.aliases]
        return info.kind in {"organization", "other"} and any(
            re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", n) for w in words for n in names)

    def _document_maker(self, pos: int) -> int | None:
        """The maker of the latest document mentioned before ``pos`` ("the ad" → its campaign)."""
        for tok in reversed(list(self.doc.char_span(0, pos, alignment_mode="contract") or [])):
            if tok.lemma_.lower() in lex.DOCUMENT_HEADS or tok.lower_ in lex.DOCUMENT_HEADS:
                for t in tok.subtree:
                    if t.i == tok.i:
                        continue
                    ent = self._entity_of_token(t)
                    if ent is not None:
                        return ent
        return None

    def _by_role(self, src: Span, head: Token) -> int | None:
        text = src.text
        classes = lex.head_classes(head.text) | lex.role_classes(text)
        nats = lex.nationalities(text)
        pars = lex.parties(text) | ({lex.PARTIES[head.lower_]} if head.lower_ in lex.PARTIES
                                    else set())
        plcs = lex.places(text)
        party_only = not classes and head.lower_ in lex.PARTIES and head.tag_ != "NNPS"
        if not classes and not party_only:
            return None
        former = "former" in text.lower()
        scopes = lex.scopes(text)
        best: tuple[float, int] | None = None
        sent = self.art.sent_of(src.start)
        vice = "vice" in text.lower()
        for i, info in enumerate(self.art.entities):
            if info.kind != "person" or info.members:
                continue
            ent_classes = set()
            for role in info.roles:
                if ("vice" in role.lower()) == vice:
                    ent_classes |= lex.role_classes(role)
            if classes and not classes & ent_classes:
                # a clear party cue stands in for the role ("the GOP nominee": the Republican)
                if not (pars & info.parties and classes & {"nominee", "candidate"}
                        and not ent_classes
                        and not (vice and not any("vice" in r.lower() for r in info.roles))):
                    continue
            if party_only and not pars & info.parties:
                continue
            if nats and info.nationalities and not nats & info.nationalities:
                continue
            if pars and info.parties and not pars & info.parties:
                continue
            if plcs and info.places and not plcs & info.places:
                continue
            ent_scopes = set().union(*(lex.scopes(r) for r in info.roles)) if info.roles else set()
            if scopes and ent_scopes and not scopes & ent_scopes:
                continue  # "the state attorney general" is not the city attorney
            score = 2.0 + len(classes & ent_classes) * 0.5
            score += len(nats & info.nationalities) + len(pars & info.parties)
            score += len(plcs & info.places)
            if former and any("former" in r.lower() for r in info.roles):
                score += 1.0
            before = [m for m in info.mentions if m.start < src.start]
            if before:
                last = max(before, key=lambda m: m.start)
                score -= 0.05 * (sent - last.sent)
                if info.spoke:
                    score += 0.3
            else:
                score -= 1.5
            if best is None or score > best[0]:
                best = (score, i)
        return best[1] if best else None
