"""Definite descriptions and stand-ins: "the Russian diplomat", "the senators", "the campaign".

A description matches a person when its head shares a role class with the person's roles (see
:mod:`quotegraph.speakers.descriptions`) and none of its nationality, party, place or
government-level words contradicts what the article says about them; a stand-in matches the
latest organisation of its kind; "the ad" stands for its maker.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from quotegraph.models import Attribution, Span
from quotegraph.nlp.tokens import token_table
from quotegraph.speakers import descriptions as lex
from quotegraph.speakers.base import ResolverBase
from quotegraph.speakers.entities import Mention, _surname, headline_end
from quotegraph.speakers.pronouns import resolve_pronoun


class DescriptionMixin(ResolverBase):
    """Resolving descriptions by role, nationality, party and place, and organisation stand-ins."""

    if TYPE_CHECKING:
        # NameMixin's, beside this one in the resolver (declared for the type checker only)
        def _group(self, members: list[int]) -> int: ...

    def _description(self, span: SpacySpan, src: Span, head: Token, a: Attribution) -> int | None:
        toks = [t for t in span if not t.is_punct]
        if not toks:
            return None
        first = toks[0].lower_
        lemma = head.lemma_.lower()
        text_low = src.text.lower()
        if first in lex.INDEFINITE or any(t.dep_ == "nummod" and t.head == head for t in toks):
            if head.tag_ in {"NN", "NNP"} and (head.lower_ in lex.PARTIES
                                               or lex.head_classes(head.text)):
                # "At least one Democrat wasn't on board. '…,' Sen. Jane Roe (D-Mo.) said."
                return self._introduced_next(span, src, head, a, strict=True)
            return None
        excluded = [(s.start, s.end) for s in a.content]
        definite = first in {"the", "this", "that"} or toks[0].dep_ == "poss"
        # organisation stand-ins: "the campaign", "the newspaper", "the commission"
        key = "white house" if "white house" in text_low else lemma
        owned = key in lex.OWNED_BODIES or key in lex.CAMPAIGN_WORDS
        if definite and (key in lex.ORG_STANDINS or owned):
            owner = self._owner_of_body(toks[0], key, src, excluded)
            if owner is not None:
                # "his campaign": that man's campaign, named as the article names it, else no
                # other candidate's campaign
                info = self.art.entities[owner]
                name = lex.owned_body_name(info.name, _surname(info.words, lower=False), key)
                found = self.art._match_org(name)
                if found is None and (name.endswith(" campaign") or key == "office"):
                    # the article never names it: "his campaign" is still that man's campaign
                    found = self.art._new_entity(name, "organization", name.split(), src.start)
                return found
            ent = self._standin(key, src.start) if key in lex.ORG_STANDINS else None
            if ent is not None:
                return ent
        # person descriptions by role, nationality, party, place
        if first == "the" and head.tag_ == "NNS" and lex.role_classes(head.text):
            return self._group_by_role(lex.role_classes(head.text), src.start)
        if definite or head.tag_ == "NNP":
            ent = self._by_role(src, head)
            if ent is not None:
                return ent
        if definite and head.lower_ == "old" and any(c.lower_ in {"year", "years"} for c in head.children):
            # "The 56-year-old said": an age stands for the person in focus, as a role would
            ent = self._in_focus(span, src, head, excluded)
            if ent is not None:
                return ent
        if definite and lex.head_classes(head.text) and head.tag_ in {"NN", "NNP"}:
            # a role the article never gave anyone ("The Indiana governor said", "the New York
            # businessman"): the person in focus just before, or the one the next sentence
            # introduces ("Connecticut's tax commissioner says … Kevin Sullivan says")
            ent = self._in_focus(span, src, head, excluded)
            if ent is None:
                ent = self._introduced_next(span, src, head, a, strict=False)
            if ent is None:
                ent = self._titled_later(span, src, head)
            if ent is not None:
                return ent
        if first == "the" and lemma in lex.PERSON_HEADS:
            pron = {"m": "he", "f": "she"}.get(lex.PERSON_HEADS[lemma] or "", "he")
            last = self._last_speaker(src.start, excluded)
            ent = resolve_pronoun(self.art, pron, src.start, excluded, last)
            if ent is not None and (lex.PERSON_HEADS[lemma] is not None
                                    or self.art.entities[ent].gender is None):
                return ent
        if lemma in lex.DOCUMENT_HEADS and head.pos_ == "NOUN":
            # its own sentence may say who made it ("Trump unleashed a series of tweets")
            ent = self._maker(head)
            if ent is not None:
                return ent
        if definite and lemma in lex.DOCUMENT_HEADS:
            if toks[0].lower_ in {"his", "her", "its", "their"}:
                return self._possessor(toks[0], src, excluded)
            for t in head.lefts:  # "the FEC filings": the maker's name the recogniser missed
                if t.dep_ == "compound" and t.pos_ == "PROPN":
                    ent = self.art._match_org(t.text)
                    if ent is not None:
                        return ent
            return self._document_maker(src.start, head)
        return None

    def _compatible(self, ent: int, text: str, head: Token) -> bool:
        """Whether a person can be what a description says: no nationality, party, place,
        government level or gender of the description contradicts the article's facts."""
        info = self.art.entities[ent]
        if info.kind != "person" or info.members:
            return False
        nats, pars, plcs = lex.nationalities(text), lex.parties(text), lex.places(text)
        if head.lower_ in lex.PARTIES:
            pars |= {lex.PARTIES[head.lower_]}
        if nats and info.nationalities and not nats & info.nationalities:
            return False
        if pars and info.parties and not pars & info.parties:
            return False
        if plcs and info.places and not plcs & info.places:
            return False
        scopes = lex.scopes(text)
        ent_scopes = set().union(*(lex.scopes(r) for r in info.roles)) if info.roles else set()
        if scopes and ent_scopes and not scopes & ent_scopes:
            return False
        if ("vice" in text.lower()) != any("vice" in r.lower() for r in info.roles) and \
                info.roles and lex.role_classes(" ".join(info.roles)) & lex.head_classes(
                    head.text):
            return False  # "the vice presidential nominee" is not the presidential one
        gender = lex.gender_of_role(text)
        return gender is None or info.gender in (gender, None)

    def _qualified_by_name(self, span: SpacySpan, head: Token) -> bool:
        """"The FBI director", "the Clinton spokesman": a role defined by a named organisation
        or person, which only that name's holder fills — salience must not guess it."""
        for t in span:
            if t.i == head.i:
                continue
            if t.ent_type_ in {"ORG", "PERSON", "FAC"} or self.art.mentions.entity_holding(t.idx) is not None:
                return True
        return False

    def _in_focus(
        self, span: SpacySpan, src: Span, head: Token, excluded: list[tuple[int, int]]
    ) -> int | None:
        """The person a definite role description most likely refers back to when no entity
        holds the role: the person in focus in the one or two sentences before (a main-clause
        subject or a speaker before a subordinate one or an object; the headline's subject
        at the top of the story), compatible with the description's nationality, party,
        place and gender. Someone named earlier in the description's own sentence is not
        described again by it ("Graham called on Republicans to drop Trump after the mogul …")."""
        if self._qualified_by_name(span, head):
            return None
        sent = self.art.sent_of(src.start)
        headline_end = self._headline_end()
        scores: dict[int, float] = {}
        same_sentence: set[int] = set()
        sent_end = self.art.sent_starts[sent + 1] if sent + 1 < len(self.art.sent_starts) \
            else len(self.text)
        mentions = self.art.mentions
        # only mentions after the source in its sentence or in the statement can count
        after = [m for lo, hi in [(src.end, sent_end - 1), *excluded]
                 for m in mentions.starting_in(max(lo, src.end), hi)]
        for m in after:
            # "the candidate said of running against Mr. Trump": not Trump; nor anyone named
            # inside the statement itself
            if m.entity is not None and m.start >= src.end and (m.start < sent_end or any(
                    s <= m.start < e for s, e in excluded)):
                same_sentence.add(m.entity)
        for m in reversed(mentions[:mentions.index_before(src.start)]):
            if m.start >= src.start or m.entity is None:
                continue
            if any(s <= m.start < e for s, e in excluded):
                continue
            dist = sent - m.sent
            if dist == 0:
                same_sentence.add(m.entity)
                continue
            headline = 0 <= m.start < headline_end and sent <= 6
            if dist > 2 and sent > 6 and mentions.ordered:
                break  # in start order every earlier mention is as far: none can count
            if dist > 2 and not headline or self.art.broken(m.start, src.start):
                continue
            if m.in_quote and not self.art.in_quote(src.start, src.end):
                continue
            if not self._compatible(m.entity, src.text, head):
                continue
            score = -1.0 * min(dist, 2)
            if m.subject or m.kind == "speaker":
                score += 1.0
            if m.kind == "speaker":
                score += 0.5
            if self._main_clause_subject(m.start) or self._opens_sentence(m.start):
                score += 1.0
            if score > scores.get(m.entity, -99.0):
                scores[m.entity] = score
        ranked = sorted(((v, k) for k, v in scores.items() if k not in same_sentence),
                        reverse=True)
        if not ranked or ranked[0][0] < 0.0:
            return None
        if len(ranked) > 1 and ranked[1][0] >= ranked[0][0]:
            return None  # two people equally in focus: no guess
        return ranked[0][1]

    def _headline_end(self) -> int:
        """The end of the first line when it reads as a headline (short, title-cased), else
        -1: its subject is the story's protagonist."""
        # the text does not change: look once (the first line may be a whole long paragraph)
        found: int | None = getattr(self, "_headline_end_at", None)
        if found is None:
            found = self._headline_end_at = self._find_headline_end()
        return found

    def _find_headline_end(self) -> int:
        return headline_end(self.text)

    def _main_clause_subject(self, char: int) -> bool:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        tok = span[0]
        for _ in range(4):  # from a name's first word up to its head
            if tok.dep_ in {"compound", "flat", "poss"} and tok.head.i != tok.i:
                tok = tok.head if tok.dep_ != "poss" else tok
                if tok.dep_ == "poss":
                    break
            else:
                break
        if tok.dep_ == "poss":
            tok = tok.head
        return tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.dep_ == "ROOT"

    def _opens_paragraph(self, char: int) -> bool:
        """Whether only space lies between the start of the paragraph and ``char``."""
        para = self.text.rfind("\n", 0, char) + 1
        return not self.text[para:char].strip()

    def _opens_sentence(self, char: int) -> bool:
        """Whether a mention is the first word of its sentence ("Trump charges that …", which
        the parser may not read as a subject)."""
        sents = self.art.sent_starts
        i = self.art.sent_of(char)
        return not self.text[sents[i]:char].strip(" \n\t\"“‘'—-")

    def _introduced_next(
        self, span: SpacySpan, src: Span, head: Token, a: Attribution, *, strict: bool
    ) -> int | None:
        """A description that opens a story item and is named in the next sentence: "A
        spokeswoman for X says … . Jennifer Palmieri, X's communications director, said …".

        The next sentence must begin with (or have as subject) a person's full name that the
        article has not used before. ``strict`` (indefinite descriptions) also wants the
        person's own roles or party to confirm the description.
        """
        sents = list(self.doc.sents)
        idx = self.art.sent_of(src.start)
        if idx + 1 >= len(sents):
            return None
        end = max([src.end] + [s.end for s in a.content])
        nxt = next((s for s in sents[idx + 1:] if s.start_char >= end and s.text.strip()), None)
        if nxt is None or self.art.sent_of(nxt.start_char) - idx > 2:
            return None
        # the next sentence, or the next paragraph when it opens with a quotation ("At least
        # one Democrat … . “Mitt Romney was prepared. …,” Sen. Jane Roe said.")
        stop = nxt.end_char
        if self.art.in_quote(nxt.start_char, nxt.start_char + 1) or self.text[
                nxt.start_char:nxt.start_char + 1] in "\"“":
            para_end = self.text.find("\n", nxt.start_char)
            stop = para_end if para_end > 0 else len(self.text)
        for m in self.art.mentions:
            if m.entity is None or m.kind != "name" or not (
                    nxt.start_char <= m.start < stop):
                continue
            info = self.art.entities[m.entity]
            if info.kind != "person" or len(info.words) < 2:
                continue
            if not m.subject or m.in_quote:
                continue
            if any(x.start < src.start for x in info.mentions):
                return None  # a known person: no introduction
            if " " not in self.text[m.start:m.end].strip():
                return None
            if not self._compatible(m.entity, src.text, head):
                return None
            own = lex.role_classes(" ".join(info.roles))
            wanted = lex.head_classes(head.text) | lex.role_classes(src.text)
            if not strict and own and wanted and not own & wanted:
                return None  # "The judge ruled … John Smith, the plaintiff's lawyer, said"
            if not strict and not self._opens_paragraph(src.start):
                return None  # an unconfirmed description is introduced only as an item's lead
            if strict and not self._confirms(m.entity, src.text, head,
                                             self._premodifiers(m.start)):
                return None
            return m.entity
        return None

    def _titled_later(self, span: SpacySpan, src: Span, head: Token) -> int | None:
        """A role the lead gives and a later paragraph names with the same title ("…, Ruritania's
        culture minister said. … “…,” Culture Minister Anna Berg said"): the first person the
        next few sentences introduce whose own title holds every word of the role."""
        wanted = {t.lower_ for t in span if t.i == head.i or (
            t.head.i == head.i and t.dep_ in {"compound", "amod"} and not t.ent_type_ and t.pos_ in {"NOUN", "ADJ"})}
        sent = self.art.sent_of(src.start)
        for m in self.art.mentions.starting_in(src.end, len(self.text)):
            if m.sent - sent > _TITLED_SENTENCES or self.art.broken(src.start, m.start):
                return None
            if m.entity is None or m.kind != "name":
                continue
            info = self.art.entities[m.entity]
            if info.kind != "person" or any(x.start < src.start for x in info.mentions):
                continue
            if any(wanted <= set(re.findall(r"[\w-]+", role.lower())) for role in info.roles):
                return m.entity
        return None

    def _premodifiers(self, char: int) -> str:
        """The words before a name in its noun phrase ("Clinton communications director")."""
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None or len(span) == 0:
            return ""
        tok = span[0]
        i = tok.i
        while i > 0 and self.doc[i - 1].dep_ in {"compound", "amod", "nmod", "poss", "case"} \
                and self.doc[i - 1].head.i > i - 1:
            i -= 1
        return self.text[self.doc[i].idx:char]

    def _confirms(self, ent: int, text: str, head: Token, before: str = "") -> bool:
        """Positive evidence that a person is the one described: a shared role class, party,
        or the name the description is affiliated with inside the person's roles."""
        info = self.art.entities[ent]
        classes = lex.head_classes(head.text) | lex.role_classes(text)
        roles = " ".join(info.roles + [before])  # "Clinton communications director Jane …"
        if classes & (lex.role_classes(roles) | info.classes):
            return True
        if head.lower_ in lex.PARTIES and lex.PARTIES[head.lower_] in info.parties:
            return True  # "one Democrat … Sen. Jane Roe (D-Mo.)"
        # the name the description is affiliated with ("a spokeswoman for Hillary Clinton")
        # inside the person's role ("Clinton communications director")
        words = {w for w in re.findall(r"[A-Z][a-z]+", text)} - {"The", "A", "An"}
        return bool(words) and any(re.search(r"\b" + w + r"\b", roles) for w in words)

    def _counted_people(
        self, span: SpacySpan, src: Span, head: Token, excluded: list[tuple[int, int]]
    ) -> int | None:
        """"Both men", "the two Republican presidents": exactly that many people named in the
        sentence, or else in it and the one before, form the group."""
        if head.tag_ not in {"NNS", "NNPS"} or self.art.mentions.entity_holding(head.idx) is not None:
            return None
        words = [t.lower_ for t in span if not t.is_punct]
        counts = {"both": 2, "two": 2, "three": 3, "four": 4}
        n = next((counts[w] for w in words[:3] if w in counts), None)
        if n is None or not (words[0] in {"both", "the", "all"} or words[0] in counts):
            return None
        lemma = head.lemma_.lower()
        if lemma not in lex.PERSON_HEADS and not lex.head_classes(lemma) and lemma not in {
                "leader", "politician", "lawmaker"}:
            return None
        sent = self.art.sent_of(src.start)
        classes = lex.head_classes(lemma)

        def fits(p: int) -> bool:
            info = self.art.entities[p]
            roles = lex.role_classes(" ".join(info.roles)) | info.classes
            if classes and roles and not classes & roles:
                return False  # "the two lawmakers" are not the FBI director and a candidate
            return self._compatible(p, src.text, head)

        # people the story named together as a group lately ("Chairman A and Chairman B asked
        # … The two lawmakers argue")
        for m in reversed(self.art.mentions):
            if m.start >= src.start or sent - m.sent > 6 or self.art.broken(m.start, src.start):
                if m.start >= src.start:
                    continue
                break
            info = self.art.entities[m.entity] if m.entity is not None else None
            if info is not None and len(info.members) == n and all(fits(p) for p in info.members):
                return m.entity
        for back in (0, 1):
            people: list[int] = []
            for m in self.art.mentions:
                if m.start >= src.start or m.entity is None or not (
                        sent - back <= m.sent <= sent):
                    continue
                if any(s <= m.start < e for s, e in excluded):
                    continue
                info = self.art.entities[m.entity]
                if info.kind != "person" or info.members or m.entity in people:
                    continue
                people.append(m.entity)
            if len(people) == n:
                if all(fits(p) for p in people):
                    return self._group(people)
                return None
            if len(people) > n:
                return None
        # the latest list of exactly that many people named together a little earlier ("A, B and
        # C met on stage … All three candidates said")
        listed = self._latest_list(src.start, n, excluded)
        if listed is not None and all(fits(p) for p in listed):
            return self._group(listed)
        return None

    def _latest_list(self, pos: int, n: int, excluded: list[tuple[int, int]]) -> list[int] | None:
        """The people of the latest coordination of named people before ``pos`` (within six
        sentences, outside ``excluded``), when it names exactly ``n`` of them; else ``None``."""
        sent = self.art.sent_of(pos)
        for m in reversed(self.art.mentions):
            if m.start >= pos or m.entity is None or any(s <= m.start < e for s, e in excluded):
                continue
            if sent - m.sent > 6 or self.art.broken(m.start, pos):
                return None
            found = self._coordination(m)
            if found is None or len(found[1]) < 2:
                continue  # a name on its own is no list
            people = self._people_of(found[1])
            if people is None:
                return None  # the latest list holds something else than people
            return people if len(people) == n else None
        return None

    def _coordination(self, m: Mention) -> tuple[Token, list[Token]] | None:
        """The coordination a name mention stands in ("A, B and C"): its first conjunct, whose
        relation is the whole list's, and every conjunct's head in order."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        first = span.root
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        chain = [first]
        for t in chain:
            chain.extend(c for c in t.children if c.dep_ == "conj")
        return first, chain

    def _people_of(self, heads: Sequence[Token]) -> list[int] | None:
        """The distinct people the conjuncts name, in order; ``None`` when one names no single
        person (an organisation, a group, nothing known)."""
        people: list[int] = []
        for t in heads:
            ent = self.art.mentions.entity_holding(t.idx)
            if ent is None or self.art.entities[ent].kind != "person" or self.art.entities[ent].members:
                return None
            if ent not in people:
                people.append(ent)
        return people

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
        if key in lex.OWNED_BODIES and not modifiers:
            owned = self._owned_by_focus(key, pos)
            if owned is not None:
                return owned
        if modifiers:
            # "the appeals court": prefer the court whose name carries the modifier
            found = self._standin(key, pos)
            for m in self._mentions_back(pos):
                if m.start >= pos or m.entity is None:
                    continue
                name = self.art.entities[m.entity].name.lower()
                if any(mod[:5] in name for mod in modifiers) and self._standin_fits(m.entity,
                                                                                     words):
                    return m.entity
            return found
        unfit: set[int] = set()  # entities already found not to fit (names do not change here)
        for m in self._mentions_back(pos):
            if m.start >= pos or m.entity is None or m.entity in unfit:
                continue
            if self._standin_fits(m.entity, words):
                return m.entity
            unfit.add(m.entity)
        if key in _ANY_NAME_KINDS:
            return self._latest_organisation(pos)
        return None

    def _latest_organisation(self, pos: int) -> int | None:
        """"Facebook … . The company said": a company's or agency's name need not say what it is,
        so the organisation the paragraph named last (within a few sentences, and no news outlet,
        which mostly only carries the news) stands for it when none of its kind was named."""
        sent = self.art.sent_of(pos)
        para = self.text.rfind("\n", 0, pos)  # and in the same paragraph
        for m in self._mentions_back(pos):
            if m.start >= pos or m.entity is None:
                continue
            if sent - m.sent > _ANY_NAME_SENTS or m.start < para:
                break
            info = self.art.entities[m.entity]
            if info.kind not in {"organization", "other"} or info.members or m.in_quote:
                continue
            name = info.name.lower()
            if any(lex.has_word(name, w) for w in _OUTLET_WORDS):
                continue
            return m.entity
        return None

    def _mentions_back(self, pos: int) -> Iterator[Mention]:
        """The mentions in reverse list order from the last one that can start before ``pos``
        (all of them while the list is out of start order): what a backward pass over every
        mention that skips those at or after ``pos`` meets, without walking past the rest."""
        mentions = self.art.mentions
        for i in range(mentions.index_before(pos) - 1, -1, -1):
            yield mentions[i]

    def _owned_by_focus(self, key: str, pos: int) -> int | None:
        """"Hillary Clinton plans … . The campaign says …": the campaign (or administration)
        of the person who is the subject of the sentence before, when the article names it."""
        sent = self.art.sent_of(pos)
        for m in self._mentions_back(pos):
            if m.start >= pos or m.entity is None:
                continue
            if sent - m.sent > 1:
                break
            info = self.art.entities[m.entity]
            if info.kind != "person" or info.members or not (m.subject or m.kind == "speaker"):
                continue
            if m.in_quote and not self.art.in_quote(pos, pos + 1):
                continue
            return self.art._match_org(lex.owned_body_name(info.name, _surname(info.words, lower=False), key))
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
        if "outlet" in info.classes and set(words) & set(lex.ORG_STANDINS["outlet"]):
            return True  # "the newspaper" is The Advocate, whose editors the text named
        names = [info.name.lower()] + [x.lower() for x in info.aliases]
        return info.kind in {"organization", "other"} and any(
            lex.has_word(n, w) for w in words for n in names)

    @functools.cached_property
    def _document_heads(self) -> dict[str | None, tuple[list[int], list[int]]]:
        """The end offsets and token indexes of the article's document nouns ("ad", "report"),
        in text order, all of them (key ``"*"``) and by :func:`~.descriptions.document_kind`."""
        out: dict[str | None, tuple[list[int], list[int]]] = {}
        table = token_table(self.doc)
        for i, pos in enumerate(table.pos):
            if pos in {"NOUN", "PROPN"}:
                lemma = table.lemma[i].lower()
                if lemma in lex.DOCUMENT_HEADS or table.lower[i] in lex.DOCUMENT_HEADS:
                    for key in ("*", lex.document_kind(lemma)):
                        ends, heads = out.setdefault(key, ([], []))
                        ends.append(table.ends[i])
                        heads.append(i)
        return out

    def _document_maker(self, pos: int, head: Token | None = None) -> int | None:
        """The maker of the latest document mentioned before ``pos`` ("the ad" → its campaign),
        preferring a document of the same kind ("the film" → "her new documentary")."""
        kind = lex.document_kind(head.lemma_.lower()) if head is not None else None

        def latest(key: str | None, count: int, skip: bool = False) -> list[Token]:
            # the document nouns wholly before ``pos``, latest first, up to ``count`` of them
            # (with ``skip``, none of the source head's kind): a walk back from ``pos``
            ends, heads = self._document_heads.get(key, ([], []))
            found: list[Token] = []
            for n in range(bisect.bisect_right(ends, pos) - 1, -1, -1):
                t = self.doc[heads[n]]
                if not (skip and lex.document_kind(t.lemma_.lower()) == kind):
                    found.append(t)
                    if len(found) == count:
                        break
            return found

        if head is None:
            before = latest("*", 6)
        else:
            # the same document named again first ("a lawsuit filed by X … the suit says")
            word = lex.document_word(head.lemma_.lower())
            same = [t for t in latest(kind, 12) if lex.document_word(t.lemma_.lower()) == word]
            for tok in same[:3]:
                ent = self._maker(tok)
                if ent is not None:
                    return ent
            # then the same kind, then the others (fewer than six of the same kind: the walk
            # back skips fewer than six)
            before = latest(kind, 6)
            if len(before) < 6:
                before += latest("*", 6 - len(before), skip=True)
        for tok in before[:6]:
            ent = self._maker(tok)
            if ent is not None:
                return ent
        return None

    def _maker(self, tok: Token) -> int | None:
        """Who made a document: a name on it ("a Trump tweet", "DuVernay's film", "an ad from
        the campaign", "a video by X"), else whoever has or releases it ("Clinton has a new
        ad", "The director makes this clear in her new documentary")."""
        named = [t for t in tok.lefts if t.dep_ in {"compound", "poss", "nmod"}]
        # "a video by X"; "a report in the Argus Leader": the outlet that ran it made it
        named += [p for p in tok.rights if p.dep_ == "prep" and p.lower_ in {"from", "by", "in"}]
        if tok.dep_ == "nsubjpass":
            # "an email was sent from the club's director, Jeremy Boreing", "a memo written by X"
            named += [p for p in tok.head.children if p.dep_ in {"agent", "prep"} and p.lower_ in {"from", "by"}]
        for t in named:
            for x in t.subtree:
                ent = self.art.mentions.entity_holding(x.idx)
                if ent is not None and (t.dep_ != "prep" or t.lower_ != "in" or "outlet" in self.art.entities[ent].classes):
                    return self._campaign_of(ent, tok)
        cur = tok
        while cur.dep_ in {"pobj", "prep", "dobj", "attr", "appos"} and cur.head.i != cur.i:
            if cur.dep_ == "prep" and cur.lower_ not in {"of", "in", "with", "through"}:
                return None  # "…, according to a report": the clause's subject did not make it
            cur = cur.head
            if cur.pos_ in {"VERB", "AUX"}:
                break
        if cur.pos_ not in {"VERB", "AUX"}:
            return None
        for subj in (c for c in cur.children if c.dep_ in {"nsubj", "nsubjpass"}):
            ent = self.art.mentions.entity_holding(subj.idx)
            if ent is None and subj.lower_ in {"he", "she", "it", "they"}:
                # "The Network says it will spend $150,000 on a TV ad": who "it" is
                ent = resolve_pronoun(self.art, subj.lower_, subj.idx, [], None)
            if ent is None:
                ent = self.art.entity_at(subj.idx, subj.idx + len(subj.text), ("name", "role"))
            if ent is None:
                ent = next((m.entity for m in self.art.mentions if m.kind == "role"
                            and m.start <= subj.idx < m.end), None)
            if ent is not None:
                return self._campaign_of(ent, tok)
        return None

    def _possessor(self, poss: Token, src: Span, excluded: list[tuple[int, int]]) -> int | None:
        """Whose "her statement" is: the subject of its own clause when that fits ("In her
        statement, Hillary Clinton defended …"), else what the pronoun refers back to."""
        cur = poss.head
        while cur.dep_ in {"pobj", "prep", "dobj", "nsubj", "nsubjpass", "poss"} and \
                cur.head.i != cur.i and cur.pos_ not in {"VERB", "AUX"}:
            cur = cur.head
        subj = next((c for c in cur.children if c.dep_ in {"nsubj", "nsubjpass"}
                     and c.i != poss.head.i), None) if cur.pos_ in {"VERB", "AUX"} else None
        if subj is not None and subj.lower_ in {"who", "which", "that"} and cur.dep_ == "relcl":
            subj = cur.head  # "the former president, who spent much of his speech …"
        if subj is not None and subj.lower_ not in {"he", "she", "it", "they"}:
            ent = self.art.mentions.entity_holding(subj.idx)
            if ent is None:
                ent = next((m.entity for m in self.art.mentions if m.kind == "role"
                            and m.start <= subj.idx < m.end), None)
            if ent is None:
                return None  # its own clause's subject, whom the article does not name
            info = self.art.entities[ent]
            want = {"his": "m", "her": "f"}.get(poss.lower_)
            person = poss.lower_ in {"his", "her"}
            if (info.kind == "person") == person and info.gender in (want, None):
                return ent
        last = self._last_speaker(src.start, excluded)
        return resolve_pronoun(self.art, poss.lower_, src.start, excluded, last)

    def _owner_of_body(self, first: Token, key: str, src: Span, excluded: list[tuple[int, int]]) -> int | None:
        """The person "his campaign" or "her administration" belongs to (``None`` for other
        stand-ins or when the pronoun resolves to no person)."""
        if key not in lex.OWNED_BODIES | lex.CAMPAIGN_WORDS or first.dep_ != "poss" or first.lower_ not in {"his", "her"}:
            return None
        ent = self._possessor(first, src, excluded)
        return ent if ent is not None and self.art.entities[ent].kind == "person" else None

    def _campaign_of(self, ent: int, tok: Token) -> int:
        """"A campaign ad" by a candidate is the candidate's campaign's, when the article
        names it."""
        info = self.art.entities[ent]
        if info.kind == "person" and any(t.lower_ == "campaign" for t in tok.lefts):
            camp = self.art._match_org(f"{_surname(info.words, lower=False)} campaign")
            if camp is not None:
                return camp
        return ent

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
        sent = self.art.sent_of(src.start)
        vice = "vice" in text.lower()

        def best_of(entities: Iterable[int]) -> tuple[float, int] | None:
            best: tuple[float, int] | None = None
            for i in entities:
                info = self.art.entities[i]
                if info.kind != "person" or info.members:
                    continue
                ent_classes = _role_classes(tuple(info.roles), vice) if info.roles else frozenset()
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
                    later = [m.sent for m in info.mentions if m.start >= src.end]
                    if not later or min(later) - sent > 2:
                        continue  # someone the story reaches only much later is not meant yet
                    score -= 1.5
                if best is None or score > best[0]:
                    best = (score, i)
            return best

        # the people named near the source first: one last named more than _ROLE_WINDOW
        # sentences back loses 0.05 a sentence, so it cannot beat a near one that scores above
        # the most it could score; only when none does is every entity weighed
        ceiling = 2.0 + 0.5 * len(classes) + len(nats) + len(pars) + len(plcs) + 0.3 + (
            1.0 if former else 0.0) - 0.05 * (_ROLE_WINDOW + 1)
        starts = self.art.sent_starts
        lo = starts[max(0, sent - _ROLE_WINDOW)]
        hi = starts[sent + 3] - 1 if sent + 3 < len(starts) else len(self.text)
        near = sorted({m.entity for m in self.art.mentions.starting_in(lo, hi) if m.entity is not None})
        best = best_of(near)
        if best is None or best[0] <= ceiling + 1e-9:
            best = best_of(range(len(self.art.entities)))
        return best[1] if best else None


# sentences back within which people are weighed first for a role (see ``_by_role``)
_ROLE_WINDOW = 40
#: kinds of organisation whose names need not say what they are ("Facebook" for "the company")
_ANY_NAME_KINDS = frozenset({"company", "firm", "agency"})
#: how many sentences back such a stand-in reaches for the organisation named last
_ANY_NAME_SENTS = 3
#: words of news outlets' names, which carry the news rather than make it
_OUTLET_WORDS = lex.ORG_STANDINS["newspaper"] + lex.ORG_STANDINS["network"]


@functools.lru_cache(maxsize=4096)
def _role_classes(roles: tuple[str, ...], vice: bool) -> frozenset[str]:
    """The role classes of a person's roles that are (``vice``) or are not vice roles: what
    :meth:`DescriptionMixin._by_role` compares, once per set of roles, not once per entity and
    description."""
    found: set[str] = set()
    for role in roles:
        if ("vice" in role.lower()) == vice:
            found |= lex.role_classes(role)
    return frozenset(found)


#: sentences after a role that a later paragraph may name its holder in ("… the minister said. …
#: Interior Minister Wolfgang Peschorn …")
_TITLED_SENTENCES = 6
