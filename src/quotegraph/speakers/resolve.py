"""Resolve every attribution's source mention to an entity, and find whom it was said to.

Order of decisions for one source mention:

1. "I"/"we" inside a quotation belong to the speaker of the quote that holds them.
2. Personal pronouns and relative pronouns go through :mod:`quotegraph.speakers.pronouns`.
3. A mention whose head is a name is that name's entity; two names joined by "and" form a group.
   A name that only modifies the head decides by the head: a document ("a Trump tweet", "a new
   ad from the campaign") is its maker's; an organisation's official or reporter speaks for the
   organisation; entourage ("Clinton aides", "Johnson's doctor") is not the named person.
4. Indefinite and generic sources ("sources", "a source", "officials", "many Republicans") are
   anonymous: ``None``.
5. Definite descriptions match an entity's roles ("the Russian diplomat" → the Russian foreign
   minister); a role nobody in the article holds goes to the person in focus just before ("Mike
   Pence says … The Indiana governor said") or to the person the next sentence introduces;
   "both men" / "the two presidents" to the people just named; stand-ins match the campaign of
   the person in focus or the last organisation of their kind ("the campaign", "the
   newspaper"); documents go to their makers ("the film" → its director); "the woman" goes to
   the most salient fitting person or the one person the article calls only by a given name;
   nothing found → ``None``.

A source the detector cut short is first read as its whole noun phrase ("A reporter [for USA
Today]", "Sens. A [and B]"). A pronoun inside someone's direct quote is never that speaker, and
pronouns and descriptions do not reach back across a live-blog item break.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from quotegraph.intervals import SpanIndex
from quotegraph.models import Addressee, Attribution, Entity, EntityRef, Span
from quotegraph.name_words import GENDERED_ABBREVIATIONS
from quotegraph.nlp.tokens import token_table
from quotegraph.speakers import descriptions as lex
from quotegraph.speakers.addressees import AddresseeMixin
from quotegraph.speakers.base import (
    NATIONALITY_WORDS,
    NOT_ORG_LABELS,
    ORG_VOICE_HEADS,
    PLACE_LABELS,
    POSSESSIVES,
)
from quotegraph.speakers.describe import DescriptionMixin
from quotegraph.speakers.entities import _PERSON_NOUNS, EntityInfo, Mention, _start, is_subject
from quotegraph.speakers.names import NameMixin, alias_fits, fitting_aliases, is_role_phrase
from quotegraph.speakers.pronouns import (
    FIRST_PERSON,
    PERSONAL,
    PLURAL,
    RELATIVE,
    resolve_pronoun,
)
from quotegraph.speakers.ranker import FINDING_HEADS as NUMBER_HEADS  # published numbers' heads
from quotegraph.speakers.ranker import (
    NOBODY,
    ORG_TYPE_HEADS,
    SURFACE,
    Candidate,
    CandidateBuilder,
    ReferentModel,
    chosen_entity,
    counted_group,
    shipped_model,
)


class _Resolver(NameMixin, DescriptionMixin, AddresseeMixin):
    def __init__(self, doc: Doc, attributions: Sequence[Attribution]) -> None:
        self._source_spans: dict[tuple[int, int], SpacySpan | None] = {}  # :meth:`_source_tokens`
        super().__init__(doc, list(attributions))
        self._generic_plural_mentions()
        self._role_mentions()
        self.chains: dict[int, int] = {}  # head token index → entity
        self._unnamed_person_chains()
        self.result: dict[str, int | None] = {}
        self.by_id = {a.id: a for a in self.attributions}
        self._pieces: SpanIndex[int] | None = None

    # -- setup -----------------------------------------------------------------------------------
    def _generic_plural_mentions(self) -> None:
        """Plural common-noun subjects ("Republicans", "experts"): "they" may stay generic."""
        art = self.art
        table = token_table(self.doc)
        for i, (dep, tag) in enumerate(zip(table.dep, table.tag, strict=True)):
            if dep not in {"nsubj", "nsubjpass"} or tag not in {"NNS", "NNPS"}:
                continue
            tok = self.doc[i]
            if art.entity_at(tok.idx, tok.idx + len(tok.text)) is not None:
                continue
            if tok.ent_type_ == "ORG":
                continue
            start = min(t.idx for t in tok.subtree if t.i <= tok.i)
            named = self._named_inclusion(tok)
            if named is not None and self.art.entities[named].members:
                # "Critics, like Senators X and Y, see …. They sent a letter": X and Y
                art.add_mention(named, start, tok.idx + len(tok.text), True, "name",
                                plural=True)
                continue
            art.add_mention(None, start, tok.idx + len(tok.text), True, "group", plural=True)
        art.mentions.sort(key=lambda m: m.start)

    def _role_mentions(self) -> None:
        """Definite role descriptions in the text ("the president appeared cowed") as mentions.

        They keep the described person salient for the pronouns that follow.
        """
        art = self.art
        found = []
        table = token_table(self.doc)
        for i, (pos, tag) in enumerate(zip(table.pos, table.tag, strict=True)):
            if pos != "NOUN" or tag != "NN":
                continue
            standin = table.lemma[i].lower() in lex.ORG_STANDINS
            if not standin and not lex.head_classes(table.text[i]):
                continue
            tok = self.doc[i]
            left = [t for t in tok.lefts]
            if not left or left[0].lower_ not in {"the"} and left[0].dep_ != "poss":
                continue
            if left[0].dep_ == "poss" and left[0].lower_ in PERSONAL | FIRST_PERSON:
                continue  # "his adviser" is someone else
            if self.art.mentions.entity_holding(tok.idx) is not None:
                continue
            if any(c.dep_ in {"appos", "compound"} and c.pos_ == "PROPN"
                   and c.ent_type_ not in {"GPE", "NORP", "LOC"} for c in tok.children):
                continue  # "the senator, John Smith": the name is already a mention
            start = left[0].idx
            src = Span.of(self.text, start, tok.idx + len(tok.text))
            if standin:
                ent = self._standin(tok.lemma_.lower(), start) if left[0].lower_ == "the" else None
            else:
                ent = self._by_role(src, tok)
                if ent is None and left[0].lower_ == "the" and not art.in_quote(src.start, src.end):
                    # "The former New Mexico governor is a triathlete": the person in focus (not
                    # in quoted words: "“The mayor is running out of time,” Stone said" is not Stone)
                    ent = self._in_focus(self.doc[left[0].i:tok.i + 1], src, tok, [])
            if ent is not None:
                subject = is_subject(tok) or (left[0].dep_ == "poss" and is_subject(left[0]))
                found.append((ent, src.start, src.end, subject))
                m = Mention(src.start, src.end, ent, art.sent_of(src.start), subject,
                            art.in_quote(src.start, src.end), False, "role")
                art.mentions.insert(bisect.bisect_right(art.mentions, m.start, key=_start), m)
                art.entities[ent].mentions.append(m)
        for ent, start, end, _subject in found:
            surface = self.text[start:end]
            if surface[:4].lower() == "the " and len(surface.split()) <= 5:
                art.entities[ent].add_alias(surface)  # "the Russian diplomat"
        art.mentions.sort(key=lambda m: m.start)

    def _unnamed_person_chains(self) -> None:
        """"The woman" whom the article later calls only by a given name ("Melanie"): a
        private person kept unnamed at first. With exactly one such given-name-only person
        of that gender, every "the woman" / "the man" is that person."""
        art = self.art
        for head_word, gender in (("woman", "f"), ("man", "m")):
            only = [i for i, e in enumerate(art.entities)
                    if e.kind == "person" and len(e.words) == 1 and not e.members
                    and lex.gender_of_first_name(e.words[0]) == gender and e.weight == 0
                    and not any(a.split()[0].lower().rstrip(".") in GENDERED_ABBREVIATIONS
                                for a in e.aliases if a.split())]
            if len(only) != 1:
                continue
            ent = only[0]
            table = token_table(self.doc)
            for i, (lower, tag) in enumerate(zip(table.lower, table.tag, strict=True)):
                if lower != head_word or tag != "NN":
                    continue
                tok = self.doc[i]
                det = [c for c in tok.lefts]
                if len(det) != 1 or det[0].lower_ != "the":
                    continue
                start = det[0].idx
                m = Mention(start, tok.idx + len(tok.text), ent, art.sent_of(start),
                            is_subject(tok), art.in_quote(start, tok.idx + 1), False, "role")
                art.mentions.insert(bisect.bisect_right(art.mentions, m.start, key=_start), m)
                art.entities[ent].mentions.append(m)
                self.chains[tok.i] = ent

    def _add_speaker_mention(self, ent: int, src: Span) -> None:
        m = Mention(src.start, src.end, ent, self.art.sent_of(src.start), True,
                    self.art.in_quote(src.start, src.end), False, "speaker")
        self.art.mentions.insert(bisect.bisect_right(self.art.mentions, m.start, key=_start), m)
        self.art.entities[ent].mentions.append(m)
        self.art.entities[ent].referred = True

    # -- main ------------------------------------------------------------------------------------
    def run(self) -> None:
        order = sorted(self.attributions, key=lambda a: a.source.start if a.source else a.start)
        for a in order:
            ent = self.resolve(a)
            if ent is not None and a.source is not None:
                info = self.art.entities[ent]
                info.spoke = True
                words = re.findall(r"\w+", a.source.text.lower())
                if words in (["it"], ["its"], ["they"], ["their"]) and info.kind == "person" \
                        and len(info.words) == 1 and info.gender is None:
                    info.kind = "organization"  # "Politifact … it said": mislabelled as a person
                if words and words[0] not in RELATIVE and not (
                        info.kind == "person" and self._document_source(a.source)):
                    # a relative clause is no new focus, nor is a person's document ("Diamond's
                    # best seller argues …": the book speaks, its author is not in the scene)
                    self._add_speaker_mention(ent, a.source)
            elif a.source is not None and self._plural_source(a.source):
                # "according to show insiders. They said …": the generic group stays salient
                m = Mention(a.source.start, a.source.end, None, self.art.sent_of(a.source.start),
                            True, self.art.in_quote(a.source.start, a.source.end), True, "speaker")
                self.art.mentions.insert(bisect.bisect_right(self.art.mentions, m.start, key=_start), m)

    def _source_tokens(self, src: Span) -> SpacySpan | None:
        """The source mention's noun phrase (:func:`_trim`), or ``None`` when nothing is left."""
        key = (src.start, src.end)
        if key not in self._source_spans:  # asked by several steps for each source
            span = self.doc.char_span(src.start, src.end, alignment_mode="expand")
            if span is not None and len(span):
                span = _trim(span)
            self._source_spans[key] = span if span is not None and len(span) else None
        return self._source_spans[key]

    def _document_source(self, src: Span) -> bool:
        span = self._source_tokens(src)
        if span is None:
            return False
        head = span.root
        return head.pos_ == "NOUN" and (head.lower_ in lex.DOCUMENT_HEADS
                                        or head.lemma_.lower() in lex.DOCUMENT_HEADS)

    def _plural_source(self, src: Span) -> bool:
        span = self.doc.char_span(src.start, src.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        words = [t for t in span if not t.is_punct]
        return span.root.tag_ in {"NNS", "NNPS"} or span.root.lower_ in PLURAL or (
            bool(words) and words[-1].tag_ in {"NNS", "NNPS"})

    def resolve(self, a: Attribution, depth: int = 0) -> int | None:
        if a.id in self.result:
            return self.result[a.id]
        self.result[a.id] = None  # guards cycles
        ent = self._resolve_source(a, depth) if a.source is not None else None
        self.result[a.id] = ent
        if ent is not None and a.source is not None and len(a.source.text) < 80:
            self.art.entities[ent].add_features(a.source.text)
        return ent

    def _container(self, a: Attribution) -> Attribution | None:
        src = a.source
        assert src is not None
        if a.parent and a.parent in self.by_id:
            return self.by_id[a.parent]
        best = None
        if self._pieces is None:
            # content pieces by extent: only those near the source can hold it
            self._pieces = SpanIndex()
            for n, att in enumerate(self.attributions):
                for piece in att.content:
                    self._pieces.add(piece.start, piece.end, n)
        near = sorted({n for s, e, n in self._pieces.near(src.start, src.end) if s <= src.start and src.end <= e})
        for other in (self.attributions[n] for n in near):
            if other is a:
                continue
            if any(s.start <= src.start and src.end <= s.end for s in other.content):
                if best is None or other.end - other.start < best.end - best.start:
                    best = other
        return best

    def _resolve_source(self, a: Attribution, depth: int) -> int | None:
        src = a.source
        assert src is not None
        words = re.findall(r"\w+", src.text.lower().replace("’", "'"))
        if len(words) == 2 and words[1] == "s":
            words = words[:1]
        excluded = [(s.start, s.end) for s in a.content]
        if len(words) == 1 and words[0] in FIRST_PERSON:
            outer = self._container(a)
            if outer is not None and depth < 5:
                return self.resolve(outer, depth + 1)
            if words[0] in SINGULAR_FIRST and not self.art.in_quote(src.start, src.end):
                # "I" of the narrative, in no quote: the writer, when the article names them
                # ("Pat Doe is a columnist …" closing a column, "By Pat Doe"), else nobody
                return self._writer
            last = self._last_speaker(src.start, excluded)
            return last.entity if last else None
        masked = src.text.strip()
        if _MASKED_NAME.fullmatch(masked):
            # "– Jo** Al****": a reviewer's name the page masks is a person, named as written
            return self._masked_person(masked, src.start + src.text.index(masked))
        if len(words) == 1 and words[0] in PERSONAL:
            last = self._last_speaker(src.start, excluded)
            found = resolve_pronoun(self.art, words[0], src.start, excluded, last,
                                    self._reporter(a, depth))
            if found is None and words[0] in PLURAL:
                # "Cruz and Rubio … both locked on Trump. They pushed him …": the people the
                # subject of this or the sentence before named together
                return self._named_together(src.start, excluded)
            return found
        span = self._source_tokens(src)
        if span is None:
            return None
        together = self._pronoun_and_name(span, src, excluded, a, depth)
        if together is not None:
            return together
        span = self._complete(span, excluded)
        maker = self._clause_maker(span, excluded)
        if maker is not None:
            return maker  # "a speech Mrs. Clinton delivered at New York University"
        span = _without_clause(span)
        if span.start_char != src.start or span.end_char != src.end:
            src = Span.of(self.text, span.start_char, span.end_char)
        if span.root.pos_ == "VERB" and not span.root.ent_type_ and span.root.dep_ not in {
            "nsubj", "nsubjpass", "pobj", "dobj", "poss", "compound"
        }:
            # a source span that holds only the verb ("said"): its subject is the source
            subj = next((c for c in span.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is None:
                return None
            span = self.doc[subj.left_edge.i: subj.right_edge.i + 1]
            src = Span.of(self.text, span.start_char, span.end_char)
            words = re.findall(r"\w+", src.text.lower())
            if len(words) == 1 and words[0] in PERSONAL:
                last = self._last_speaker(src.start, excluded)
                return resolve_pronoun(self.art, words[0], src.start, excluded, last)
        if len(words) == 1 and words[0] in RELATIVE:
            return self._relative(span, a)
        return self._mention(span, src, a)

    def _pronoun_and_name(self, span: SpacySpan, src: Span, excluded: list[tuple[int, int]],
                          a: Attribution, depth: int) -> int | None:
        """"He and deputy Ken Bowland listed …": the person the pronoun stands for and the person
        named after "and", together (a group), when both are found and are two people."""
        first = span[0]
        if first.lower_ not in {"he", "she"} or first.i + 2 >= span.end or span[1].lower_ != "and":
            return None
        named = {m.entity for m in self.art.mentions.starting_in(span[2].idx, span.end_char)
                 if m.kind == "name" and m.entity is not None and m.end <= span.end_char}
        people = [e for e in named if self.art.entities[e].kind == "person"]
        if len(people) != 1 or len(named) != 1:
            return None
        last = self._last_speaker(src.start, excluded)
        who = resolve_pronoun(self.art, first.lower_, src.start, excluded, last, self._reporter(a, depth))
        if who is None or who == people[0] or self.art.entities[who].kind != "person":
            return None
        return self._group([who, people[0]])

    def _complete(self, span: SpacySpan, excluded: list[tuple[int, int]]) -> SpacySpan:
        """The whole noun phrase of a source the detector cut short: "A reporter [for USA
        Today]", "Officials [at Homeland Security Investigations]", "Sens. Jon Tester [and
        David Vitter]" — the words that say who it is, never reaching into the content."""
        head = span.root
        if head.pos_ not in {"NOUN", "PROPN"} or head.i < span.start or head.i >= span.end:
            return span
        end = cursor = span.end
        limit = min([s for s, _ in excluded if s >= span.end_char] + [len(self.text)])
        ent = self.art.mentions.entity_holding(head.idx)
        people = ent is not None and self.art.entities[ent].kind == "person"
        for child in head.rights:
            if child.i < cursor:
                continue
            if any(not t.is_punct and t.dep_ != "cc" for t in self.doc[cursor:child.left_edge.i]):
                break
            if child.right_edge.idx >= limit:
                break
            document = head.lemma_.lower() in lex.DOCUMENT_HEADS
            if head.pos_ == "NOUN" and child.dep_ == "prep" and (child.lower_ in {
                    "for", "at", "by", "from", "of", "with", "in"} or (
                    document and child.lower_ == "on")) and not (
                    document and child.lower_ == "with"):
                # ("a post on Twitter by X": the platform, then the maker)
                # ("an interview with X": X asked the questions)
                if child.right_edge.i == child.i:
                    # a parse that hung the object elsewhere: the name right after the word
                    after = self.art.entity_at(child.idx + len(child.text), limit)
                    named = [m for m in self.art.mentions if m.entity == after
                             and m.kind == "name" and m.start > child.idx
                             and not self.text[child.idx + len(child.text):m.start].strip()]
                    if not named:
                        break
                    tail = self.doc.char_span(named[0].start, named[0].end,
                                              alignment_mode="expand")
                    if tail is None:
                        break
                    end = cursor = tail.end
                    continue
                end = cursor = child.right_edge.i + 1
            elif people and child.dep_ == "conj" and child.pos_ == "PROPN":
                other = self.art.mentions.entity_holding(child.idx)
                if other is None or self.art.entities[other].kind != "person":
                    break
                end = cursor = child.right_edge.i + 1
            elif child.dep_ in {"punct", "cc"} or (child.dep_ == "appos" and people):
                cursor = child.right_edge.i + 1  # "(D-Mont.)", "and": kept only inside
            else:
                break
        if people and cursor > end and self.doc[cursor - 1].dep_ == "cc":
            # "Sens. A (D-Ore.) and B (R-Texas) asked", B parsed as a second subject: the
            # person named right after the "and" completes the group
            at = self.doc[cursor - 1].idx + len(self.doc[cursor - 1].text)
            nxt = next((m for m in self.art.mentions if m.kind == "name" and m.start >= at
                        and not self.text[at:m.start].strip() and m.entity is not None
                        and self.art.entities[m.entity].kind == "person"
                        and m.end <= limit), None)
            tail = self.doc.char_span(nxt.start, nxt.end, alignment_mode="expand") \
                if nxt is not None else None
            if tail is not None:
                end = tail.end
        while end > span.end and self.doc[end - 1].is_punct:
            end -= 1
        return self.doc[span.start:end] if end > span.end else span

    def _maker(self, tok: Token) -> int | None:
        """Who made a document (:meth:`DescriptionMixin._maker`), never the platform that
        carries it: "her Instagram post" is hers, "a Twitter post by X" is X's. A maker the
        phrase names ("a suit filed by X") comes before the subject of the clause it is in
        ("Y's office slammed a suit filed by X")."""
        made = self._made_by_clause(tok)
        if made is not None:
            return made
        ent = super()._maker(tok)
        if not self._platform(ent):
            return ent
        for c in tok.lefts:
            if c.dep_ == "poss":
                found = self.art.mentions.entity_holding(c.idx)
                if found is None and c.lower_ in PERSONAL:
                    found = self._possessor(c, Span.of(self.text, c.idx, tok.idx + len(tok.text)), [])
                return None if self._platform(found) else found
        for prep in tok.rights:
            if prep.dep_ == "prep" and prep.lower_ == "by":
                for x in prep.subtree:
                    found = self.art.mentions.entity_holding(x.idx)
                    if found is not None and not self._platform(found):
                        return found
        return None

    def _named_together(self, pos: int, excluded: list[tuple[int, int]]) -> int | None:
        """The group of the people a coordinated subject names ("Cruz and Rubio"), in the
        sentence of ``pos`` (before it) or the one before, outside ``excluded``."""
        sent = self.art.sent_of(pos)
        for m in reversed(self.art.mentions[:self.art.mentions.index_before(pos)]):
            if m.start >= pos or m.entity is None or any(s <= m.start < e for s, e in excluded):
                continue
            if sent - m.sent > 1:
                return None
            found = self._coordination(m)
            if found is None or found[0].dep_ not in {"nsubj", "nsubjpass"}:
                continue
            people = self._people_of(found[1])
            if people is not None and len(people) >= 2:
                return self._group(people)
        return None

    def _masked_person(self, name: str, start: int) -> int:
        """The person entity of a masked name, made on its first use."""
        for i, info in enumerate(self.art.entities):
            if info.kind == "person" and info.name == name:
                return i
        idx = self.art._new_entity(name, "person", name.split(), start)
        self.art.add_mention(idx, start, start + len(name), True, "name")
        self.art.mentions.sort(key=lambda m: m.start)
        return idx

    @functools.cached_property
    def _writer(self) -> int | None:
        """The person the article names as its writer: a byline ("By Pat Doe") among its first
        lines, or a closing line that introduces a person ("Pat Doe is a columnist for …", "Pat
        Doe, a law professor, is a member of …", "Doe writes for …")."""
        lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", self.text)]
        tries = [(start + 3, line) for start, line in lines[:4] if re.match(r"By [A-Z]", line)]
        tries += [(start, line) for start, line in lines[-3:]
                  if _BIO_LINE.match(line) and _WRITER_WORDS.search(line) and len(line) < 400]
        for start, line in tries:
            found = [m for m in self.art.mentions.starting_in(start, start + len(line))
                     if m.kind == "name" and m.entity is not None and m.start < start + 3]
            if found and self.art.entities[found[0].entity].kind == "person":  # type: ignore[index]
                return found[0].entity
        return None

    def _platform(self, ent: int | None) -> bool:
        """Whether an entity is a social platform ("Twitter", "an Instagram post")."""
        return ent is not None and self.art.entities[ent].name.lower() in lex.PLATFORMS

    def _clause_maker(self, span: SpacySpan, excluded: list[tuple[int, int]]) -> int | None:
        """The named subject of a relative clause on a document head ("a speech Mrs. Clinton
        delivered", "the letter that Grassley wrote"): the document's maker."""
        head = span.root
        if head.pos_ != "NOUN" or head.lemma_.lower() not in lex.DOCUMENT_HEADS:
            return None
        for clause in head.rights:
            if clause.dep_ != "relcl":
                continue
            subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.i < head.i or any(s <= subj.idx < e for s, e in excluded):
                continue
            ent = self.art.mentions.entity_holding(subj.idx)
            if ent is not None:
                return ent
        return None

    def _subordinate(self, m: Mention, head: Token) -> bool:
        """Whether a name only sits inside a clause on the source's head ("The film, which
        weaves together the voices of A and B"): not a co-speaker."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        cur, hops = span.root, 0
        while cur.i != head.i and cur.head.i != cur.i and hops < 12:
            if cur.dep_ in {"relcl", "acl", "ccomp", "advcl", "xcomp"}:
                return True
            cur, hops = cur.head, hops + 1
        return False

    def _reporter(self, a: Attribution, depth: int) -> int | None:
        """The speaker whose words hold this attribution's source, if any: a third-person
        pronoun there is someone else ("'… she said …,' Roe reports": she is not Roe)."""
        outer = self._container(a)
        if outer is None or depth >= 5 or outer.source is None:
            return None
        src = a.source
        assert src is not None
        if not any(s.start <= src.start < s.end for s in outer.content):
            return None
        if not (outer.kind == "direct" or self.art.in_quote(src.start, src.end)):
            return None  # reported speech: "Perdue said he didn't believe it" is Perdue
        return self.resolve(outer, depth + 1)

    def _relative(self, span: SpacySpan, a: Attribution) -> int | None:
        tok = span.root
        verb = tok.head
        ant = verb.head if verb.dep_ in {"relcl", "acl", "conj"} else None
        if verb.dep_ == "conj" and ant is not None and ant.dep_ == "relcl":
            ant = ant.head
        if ant is None or ant.i >= tok.i or ant.pos_ not in {"NOUN", "PROPN", "PRON"}:
            # a mis-attached clause: the noun right before the pronoun is the antecedent
            prev = tok.i - 1
            while prev >= 0 and self.doc[prev].is_punct:
                prev -= 1
            if prev < 0 or self.doc[prev].pos_ not in {"NOUN", "PROPN"}:
                return None
            ant = self.doc[prev]
        prev = tok.i - 1
        while prev > ant.i and self.doc[prev].is_punct:
            prev -= 1
        if prev > ant.i and self.art.mentions.entity_holding(self.doc[prev].idx) is not None and \
                self.art.mentions.entity_holding(ant.idx) is None:
            ant = self.doc[prev]  # "the rise of Donald Trump, who …": the name just before
        conjuncts = [c for c in ant.children if c.dep_ == "conj" and c.i < tok.i]
        if conjuncts:
            ant = conjuncts[-1]  # "Mr. Kerry and Mr. Obama, who …": the last conjunct
        if ant.dep_ == "pobj" and ant.head.head.pos_ in {"NOUN", "PROPN"} and \
                ant.head.lower_ in {"for", "of"} and self.art.mentions.entity_holding(ant.idx) is None and \
                lex.head_classes(ant.head.head.text):
            ant = ant.head.head  # "the nominee for president, who": the nominee
        if ant.dep_ == "attr" and ant.head.lemma_ == "be":
            subj = next((c for c in ant.head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                ant = subj  # "Kaine is a former lawyer who …": Kaine
        if tok.lower_ in {"who", "whom"} and (ant.ent_type_ in PLACE_LABELS or self._not_a_person(ant)):
            # "Alan Berger, a dentist from Englewood, New Jersey, who said": "who" is never the
            # place; it is the person the place describes. So too for an organisation or a
            # role inside a person's description ("Charles Ames, an expert at Stanford
            # University, who stated"; "Harold Doley, a banker and former official who")
            person = self._described_person(ant)
            if person is not None:
                return person
        ent = self.art.mentions.entity_holding(ant.idx)
        if ent is not None:
            return ent
        np = self.doc[min(t.i for t in ant.subtree if t.i <= ant.i): ant.i + 1]
        src = Span.of(self.text, np.start_char, np.end_char)
        return self._mention(np, src, a)

    def _not_a_person(self, tok: Token) -> bool:
        """Whether ``tok`` names no person: an organisation's name, or a common noun."""
        ent = self.art.mentions.entity_holding(tok.idx)
        if ent is not None:
            return self.art.entities[ent].kind == "organization"
        return tok.pos_ == "NOUN"

    def _described_person(self, tok: Token) -> int | None:
        """The person whose description holds ``tok``: walking up through appositions,
        prepositions and compounds ("Berger, a dentist from Englewood" → Berger)."""
        for _ in range(8):
            if tok.dep_ not in {"appos", "pobj", "prep", "compound", "amod", "conj", "npadvmod"} \
                    or tok.head.i == tok.i:
                return None
            tok = tok.head
            ent = self.art.mentions.entity_holding(tok.idx)
            if ent is not None and self.art.entities[ent].kind == "person":
                return ent
        return None

    def _mention(self, span: SpacySpan, src: Span, a: Attribution) -> int | None:
        head = span.root
        if head.i in self.chains:
            return self.chains[head.i]
        head_ent = self.art.mentions.entity_holding(head.idx)
        names = [m for m in self.art.mentions.starting_in(src.start, src.end)
                 if m.entity is not None and m.kind == "name"
                 and src.start <= m.start and m.end <= src.end]
        if head.pos_ == "NOUN" and head.lemma_.lower() in lex.DOCUMENT_HEADS:
            # "her Instagram post", "a post on Twitter by X": the platform only carries the
            # post; its maker is the possessor or the name after "by"
            names = [m for m in names if not self._platform(m.entity)]
            if head_ent is not None and self._platform(head_ent):
                head_ent = None
        people = {m.entity for m in names if m.entity is not None and self.art.entities[m.entity].kind == "person"}
        if len(people) >= 2 and any(t.dep_ in {"conj", "cc"} for t in span) and \
                head.tag_ != "NNS" and not any(self._subordinate(m, head) for m in names):
            ordered = sorted(people, key=lambda e: min(m.start for m in names if m.entity == e))
            if head_ent in people or head_ent is None:
                return self._group(ordered)
        counted = self._counted_people(span, src, head, [(s.start, s.end) for s in a.content])
        if counted is not None:
            return counted
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and head_ent is None:
                # "Another critic, Laurence H. Tribe,": the apposed name speaks
                appos = self.doc[child.left_edge.i: child.i + 1]
                found = self.art.mentions.entity_holding(child.idx)
                if found is None:  # (entity 0 is an entity: no `or` here)
                    found = self._lookup_name(appos)
                if found is None and head.lemma_.lower() in ORG_TYPE_HEADS:
                    found = self._apposed_org(child)
                if found is not None:
                    return found
        if head_ent is None:
            found = self._apposed_to_object(head)
            if found is not None:
                return found
        handle = next((t for t in span if t.text.startswith("@") and len(t.text) > 2), None)
        if handle is not None and head_ent is None:
            return self._handle(handle)
        toks = [t for t in span if not t.is_punct]
        if head.pos_ not in {"NOUN", "PROPN", "PRON"} and head_ent is None and names:
            # a parse that broke the phrase ("Tulsa police Chief Chuck Jordan" with "Tulsa" a
            # verb): the name that closes the phrase is its head
            last = max(names, key=lambda m: (m.end, m.end - m.start))
            if last.end >= span[-1].idx and " " in self.text[last.start:last.end]:
                return last.entity
        # (a name that holds the head word and runs on past the source counts: "Doctors
        # [Without Borders]" with the source cut after its first word)
        holding = [m for m in self.art.mentions.starting_in(head.idx - 120, head.idx)
                   if m.entity == head_ent and m.kind == "name" and m.start <= head.idx < m.end]
        if head.lower_ in lex.GENERIC_HEADS and head_ent is not None and not any(
            m.entity == head_ent and m.end - m.start > len(head.text) + 1 for m in names + holding
        ):
            head_ent = None  # "Scholars" tagged as an organisation is still a generic group
        if any(c.dep_ == "conj" and (c.lower_ in lex.GENERIC_HEADS or c.tag_ == "NNS")
               and self.art.mentions.entity_holding(c.idx) is None for c in head.children):
            return None  # "Joseph and other community members": a group, not Joseph
        if head_ent is not None:
            return head_ent
        lemma = head.lemma_.lower()
        if lemma in lex.ORG_STANDINS and head.pos_ == "NOUN":
            named = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"
                     and c.lower_ not in lex.PARTIES and c.lower_ not in lex.PLATFORMS]
            if named:
                # "Tulsa police", "the Senate banking committee": kind named by its owner
                first_tok = min(named[0].left_edge.i, *(c.i for c in head.lefts
                                                      if c.dep_ in {"compound", "amod"}))
                name = self.doc[first_tok:head.i + 1].text
                return self._org_named(name, self.doc[first_tok].idx, head.idx + len(head.text))
        headline = 0 <= src.start < self.text.find("\n")
        # a title-cased headline capitalises a kind of organisation ("Newspaper Says …")
        common_title = headline and head.tag_ == "NNP" and head.lower_ in lex.ORG_STANDINS and len(toks) == 1
        if headline and ((head.tag_ == "NN" and lemma in lex.ORG_STANDINS) or common_title) and not names:
            # a headline drops its articles and names what the story introduces later ("Poll")
            key = head.lower_ if common_title else lemma
            ent = self._standin(key, src.start)
            if ent is None:
                ent = self._standin_after(key, src.end)
            if ent is not None or common_title:
                return ent
        if toks and toks[0].lower_ == "the" and lemma in lex.ORG_STANDINS:
            mods = [c.lower_ for c in head.lefts if c.dep_ in {"compound", "amod"}
                    and c.pos_ in {"NOUN", "PROPN"}]
            ent = self._standin(lemma, src.start, mods)
            if ent is not None:
                return ent
        voiced = bool(names) and bool({head.lower_, lemma} & (lex.DOCUMENT_HEADS | ORG_VOICE_HEADS
                                                               | lex.SURVEY_HEADS | NUMBER_HEADS))
        if lemma in lex.ORG_STANDINS and head.pos_ == "NOUN":
            for prep in head.children:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if prep.lower_ == "of" and pobj is not None and pobj.pos_ == "PROPN" and \
                        self.art.mentions.entity_holding(pobj.idx) is None or (
                        prep.lower_ == "of" and pobj is not None and pobj.ent_type_ == "GPE"):
                    # "the city of Phoenix": an organisation named by its kind and place
                    name = f"{head.text.capitalize()} of " + self.text[
                        pobj.left_edge.idx:pobj.idx + len(pobj.text)]
                    return self._org_named(name, head.idx, pobj.idx + len(pobj.text))
        generic_head = not voiced and (head.lower_ in lex.GENERIC_HEADS or (
            head.tag_ in {"NNS", "NNPS"} and head.lower_ in lex.PARTIES) or (
            head.lower_.endswith("s") and head.lower_[:-1] in NATIONALITY_WORDS))
        if generic_head and toks and toks[0].lower_ in {"the", "this", "that"} and head.tag_ == "NN" \
                and lemma in FINDING_HEADS:
            # "The Northfield Institute runs a quarterly survey … The quarterly survey said":
            # a definite survey is the one named before, and speaks for its maker
            maker = self._earlier_maker(span, lemma)
            if maker is not None:
                return maker
        if head.pos_ == "NOUN" and (
                lemma in _MADE_HEADS or head.lower_ in _MADE_HEADS or lemma in lex.DOCUMENT_HEADS):
            maker = self._made_by_clause(head)
            if maker is not None:
                return maker  # "A poll released Monday by the Harlow Institute"
        # "Critics, like Senator X", "Some staunch defenders of free trade, like Gary Hufbauer, …":
        # the named example speaks
        example = self._named_inclusion(head) if generic_head or (
            head.tag_ in {"NNS", "NNPS"} and not names) else None
        if generic_head and example is None:
            return None  # "sources", "Republicans", "officials": nobody in particular
        if not generic_head and example is not None:
            return example
        if toks and toks[0].lower_ in lex.INDEFINITE and head_ent is None and not (
            head.lower_ in lex.DOCUMENT_HEADS or head.lemma_.lower() in lex.DOCUMENT_HEADS
            or head.lower_ in ORG_VOICE_HEADS or head.lemma_.lower() in lex.SURVEY_HEADS
        ):
            return None
        if generic_head:
            return example
        if head_ent is not None:
            return head_ent
        proper = head.pos_ == "PROPN" or head.text[:1].isupper()
        if (not names or head.pos_ == "PROPN") and proper and head.lower_ not in lex.PARTIES \
                and head.lower_ not in NATIONALITY_WORDS:
            found = self._lookup_name(span)
            if found is not None:
                return found
            if head.pos_ == "PROPN" and head.ent_type_ not in NOT_ORG_LABELS:
                end = head.i + 1
                if end < span.end and self.doc[end].like_num and self.doc[end].head.i == head.i:
                    # "Channel 9", "Fox 5": the number is part of the name
                    first = next(t for t in span if t.lower_ not in {"the", "a", "an"})
                    num = self.doc[end]
                    return self._org_named(self.text[first.idx:num.idx + len(num.text)],
                                           first.idx, num.idx + len(num.text))
                return self._new_org(self.doc[span.start:end])
        low = head.text.lower()
        lemma = head.lemma_.lower()
        if names:
            # the name nearest the head in the tree speaks ("officials at X, a division of Y")
            outer = min(names, key=lambda m: (self._depth(m, head), -(m.end - m.start)))
            info = self.art.entities[outer.entity]  # type: ignore[index]
            if low in lex.DOCUMENT_HEADS or lemma in lex.DOCUMENT_HEADS:
                return outer.entity
            if (low in _MADE_HEADS or lemma in _MADE_HEADS) and self._names_the_maker(
                    outer, head, by_only=info.kind == "person"):
                # "data from MarketLine", "a poll from Harbor Law School", "a study by Ana Ruiz"
                return outer.entity
            if info.kind != "person" and (low in ORG_VOICE_HEADS or lemma in ORG_VOICE_HEADS):
                return outer.entity
            if head.tag_ == "NN" and (low in lex.ENTOURAGE_HEADS | lex.GENERIC_HEADS
                                      or lemma in lex.ENTOURAGE_HEADS):
                # "A spokeswoman for X says … . X communications director Jane Roe spoke …":
                # the next sentence names her, and her role ties her to X
                return self._introduced_next(span, src, head, a, strict=True)
            if low in lex.ENTOURAGE_HEADS or lemma in lex.ENTOURAGE_HEADS or head.tag_ == "NNS":
                return None
            if low in lex.GENERIC_HEADS:
                return None
            if head.pos_ == "PROPN":
                return outer.entity
            if any(t.dep_ == "poss" and t.head.i == head.i for t in self.doc[
                    span.start:head.i] if outer.start <= t.idx < outer.end):
                return outer.entity  # "Mrs. Clinton's plan would …": her plan speaks for her
        found = self._description(span, src, head, a)
        if found is None and toks and toks[0].lower_ in {"the", "this", "that"} and \
                head.tag_ == "NN" and lemma in FINDING_HEADS:
            # "The report said …" after "the Associated Press report": the maker named there
            found = self._earlier_maker(span, lemma)
        return found

    def _made_by_clause(self, head: Token) -> int | None:
        """The maker a participle on a finding or document names: "a poll released Monday by the
        Harlow Institute", "research conducted for the Voters League" (who commissioned it), "a
        suit filed by a former aide named Ed Roe", or "by" alone ("a study by X"); through "of"
        for what the finding is drawn from ("early results of exit polls conducted by Marlow
        Research")."""
        for verb in head.children:
            if verb.dep_ == "prep" and verb.lower_ == "by":
                # "a study by the Harlow Institute", though the statement's words took it in
                for x in verb.children:
                    ent = self._named_by(x) if x.dep_ == "pobj" else None
                    if ent is not None:
                        return ent
            if verb.dep_ == "prep" and verb.lower_ == "of":
                for pobj in verb.children:
                    lemma = pobj.lemma_.lower()
                    if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN" and (
                            lemma in _MADE_HEADS or lemma in lex.DOCUMENT_HEADS):
                        ent = self._made_by_clause(pobj)
                        if ent is not None:
                            return ent
            if verb.dep_ != "acl" or verb.lemma_.lower() not in _MAKING_VERBS:
                continue
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ in {"by", "for"}:
                    for x in prep.children:
                        ent = self._named_by(x) if x.dep_ == "pobj" else None
                        if ent is not None:
                            return ent
                elif prep.dep_ == "agent":
                    for x in prep.children:
                        ent = self._named_by(x)
                        if ent is not None:
                            return ent
        return None

    def _named_by(self, tok: Token) -> int | None:
        """Whom a maker's phrase names: its own word's entity, else the name it goes on to give
        ("a former staffer named Ed Roe", "a retired judge, Ana Ruiz"); never a platform."""
        ent = self.art.mentions.entity_holding(tok.idx)
        if ent is None:
            for child in tok.children:
                name = None
                if child.dep_ == "acl" and child.lemma_.lower() in {"name", "call"}:
                    name = next((c for c in child.children if c.dep_ in {"oprd", "dobj", "attr"}
                                 and c.pos_ == "PROPN"), None)
                elif child.dep_ == "appos" and child.pos_ == "PROPN":
                    name = child
                if name is None:
                    continue
                ent = self.art.mentions.entity_holding(name.idx)
                if ent is None:
                    ent = self._lookup_name(self.doc[name.left_edge.i:name.i + 1])
                if ent is not None:
                    break
        return None if ent is None or self._platform(ent) else ent

    def _names_the_maker(self, m: Mention, head: Token, by_only: bool = False) -> bool:
        """Whether a name is said of a finding's head itself ("MarketLine data", "the Bureau's
        figures", "data from MarketLine"), not of a word under it ("data from the Aldwick
        satellite"). With ``by_only`` (a person), only as its maker: "a study by Ana Ruiz",
        "Ruiz's study" — not "a poll of Ruiz" or "the Ruiz polling"."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        root = span.root
        if root.head.i == head.i and root.dep_ in ({"poss"} if by_only else {"compound", "poss", "nmod"}):
            return True
        return root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.i == head.i and (
            not by_only or root.head.lower_ in {"by", "from"})

    def _apposed_org(self, child: Token) -> int | None:
        """"The drug maker Alvena", "patients' group Voices for Care": the name set in
        apposition with a kind of organisation is that organisation's, whatever the recogniser
        made of it."""
        words = [t for t in self.doc[child.left_edge.i: child.right_edge.i + 1]
                 if t.lower_ not in {"the", "a", "an"}]
        if not words or child.ent_type_ == "PERSON" or not all(
                t.text[:1].isupper() or t.lower_ in {"of", "for", "and", "&", "-"} for t in words) \
                or not words[0].text[:1].isupper():
            return None
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        return self._org_named(self.text[start:end], start, end)

    def _apposed_to_object(self, head: Token) -> int | None:
        """"The mayor of Tessaro, Giancarlo Ventimiglia, said": a person's name the parse set in
        apposition with the place or body of a role, not with the role itself."""
        if head.pos_ != "NOUN" or not (head.lemma_.lower() in _PERSON_NOUNS or lex.role_classes(head.text)):
            return None
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"of", "at", "for"}:
                continue
            for pobj in prep.children:
                owner = self.art.mentions.entity_holding(pobj.idx)
                if pobj.dep_ != "pobj" or (owner is not None and self.art.entities[owner].kind == "person"):
                    continue
                for child in pobj.children:
                    if child.dep_ != "appos" or child.pos_ != "PROPN" or child.i < pobj.i:
                        continue
                    found = self.art.mentions.entity_holding(child.idx)
                    if found is not None and self.art.entities[found].kind == "person":
                        return found
        return None

    def _earlier_maker(self, span: SpacySpan, lemma: str) -> int | None:
        """The maker of the document a definite description points back to: the nearest
        earlier noun of the same lemma (within a few sentences) whose maker the text names
        (:meth:`_maker`: a name on it, "by"/"from" a name, or the subject that has or runs it)."""
        sent = self.art.sent_of(span.start_char)
        for before in reversed(self.doc[:span.start]):
            if sent - self.art.sent_of(before.idx) > _MAKER_WINDOW:
                break
            if before.lemma_.lower() == lemma and before.pos_ == "NOUN":
                maker = self._maker(before)
                if maker is not None:
                    return maker
            if before.lemma_.lower() == lemma and before.pos_ == "VERB":
                # "The Bellmont Institute surveyed 2,000 households … The survey said": who did it
                subj = next((c for c in before.children if c.dep_ == "nsubj"), None)
                maker = None if subj is None else self.art.mentions.entity_holding(subj.idx)
                if maker is not None and not self._platform(maker):
                    return maker
        return None


# a name masked by the page that shows it ("Ali***", "Jo** Al****"): every word ends in asterisks
_MASKED_NAME = re.compile(r"[A-Z][^\W\d_]*\*+(?: [A-Z][^\W\d_]*\*+){0,3}")
# what a closing line says of a writer ("… is a columnist for …", "… is the author of …"), so that
# a last paragraph of news ("Okafor is expected to …") names no writer
_WRITER_WORDS = re.compile(r"\b(?:author|columnist|writer|reporter|editor|contributor|contributors|"
                           r"correspondent|professor|fellow|blogger|journalist|critic|writes|covers|"
                           r"teaches)\b", re.I)
# "I" and its forms: one writer ("we" of a column is an editorial voice, nobody in particular)
SINGULAR_FIRST = {"i", "me", "my", "mine", "myself"}
# a closing line that introduces the writer: a name (and an apposition) that is or writes
_BIO_LINE = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:, [^,\n]{3,80},)? "
                       r"(?:is|was|writes|has been|teaches|covers)\b")
# documents and findings whose definite mention ("the survey", "the report") points back to one
# the article introduced with its maker
FINDING_HEADS = lex.SURVEY_HEADS | {"report", "analysis", "research", "estimate", "memo", "book",
                                    "paper", "editorial", "statement"}
_MAKER_WINDOW = 6  # sentences looked back for it
# what someone makes and publishes, its maker named on it: numbers, polls, surveys and studies
_MADE_HEADS = NUMBER_HEADS | lex.SURVEY_HEADS
# participles that tell who made or ordered such a thing ("released by", "conducted for")
_MAKING_VERBS = frozenset({
    "release", "publish", "conduct", "commission", "issue", "produce", "prepare", "compile",
    "write", "carry", "sponsor", "fund", "author", "post", "do", "perform", "undertake", "run",
    "draft", "file", "bring", "submit", "sign", "pen",
})


def _matters(info: EntityInfo) -> bool:
    """Whether an entity belongs in the output: it speaks or is spoken to, or the article names
    it clearly (a full name, a role, or more than once) — not a one-off recogniser slip."""
    if info.referred or info.members:
        return True
    names = [m for m in info.mentions if m.kind == "name"]
    if not names:
        return False
    return len(info.words) >= 2 or bool(info.roles) or len(names) >= 2


def _without_clause(span: SpacySpan) -> SpacySpan:
    """A source phrase without the clause that describes its head ("The film ― which weaves
    together the voices of activists like A and B"): the clause does not say who speaks."""
    head = span.root
    if head.pos_ != "NOUN":
        return span
    cut = min((c.left_edge.i for c in head.rights
               if c.dep_ in {"relcl", "acl"} and span.start <= c.i < span.end), default=None)
    if cut is None:
        return span
    doc = span.doc
    end = cut
    while end > head.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[span.start:end] if end > span.start else span


def _trim(span: SpacySpan) -> SpacySpan:
    """The noun phrase of a source span: without a leading preposition ("from the committee",
    "according to X"), trailing possessive marks or punctuation."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].pos_ == "ADP" or doc[start].lower_ in {"according", "to"}
                           or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVES or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def find_speakers(
    doc: Doc, attributions: Sequence[Attribution], *, ranker: ReferentModel | str | None = "shipped"
) -> tuple[list[Attribution], list[Entity]]:
    """Resolve each attribution's source to an entity of the article, and find its addressee.

    The attributions given are left as they are; the ones returned are copies with ``speaker``
    set (``None`` for anonymous or generic sources and sources that name no one the article
    identifies) and ``addressee`` set where the text gives one.

    Args:
        doc: the article parsed by :func:`quotegraph.nlp.load_pipeline` (with NER).
        attributions: the article's attributions, with ``source`` and ``cue`` spans.
        ranker: the learned referent ranker (:mod:`quotegraph.speakers.ranker`) that makes the
            final choice among each source's candidates: ``"shipped"`` for the package's
            model, ``None`` or ``"rules"`` for the rules' choice alone, or a model.

    Returns:
        The attributions with their speakers and addressees, in the order given, and the
        article's entities (people, organisations, groups), ids ``e1``, ``e2``, … in order of
        first mention, each with its aliases and roles.
    """
    entities, speakers, addressees = _resolve(doc, attributions, _ranker(ranker))
    resolved = [
        # the addressee model decides (the attribution stage's hint is one of its candidates)
        dataclasses.replace(a, speaker=speakers[a.id], addressee=addressees.get(a.id))
        for a in attributions
    ]
    return resolved, entities


def resolve_speakers(
    doc: Doc, attributions: list[Attribution], *, ranker: ReferentModel | str | None = "shipped"
) -> list[Entity]:
    """:func:`find_speakers` that sets ``speaker`` and ``addressee`` on the attributions given
    (for evaluations that score them in place); returns the article's entities."""
    entities, speakers, addressees = _resolve(doc, attributions, _ranker(ranker))
    for a in attributions:
        a.speaker = speakers[a.id]
        a.addressee = addressees.get(a.id)
    return entities


def _ranker(ranker: ReferentModel | str | None) -> ReferentModel | None:
    if ranker is None or ranker == "rules":
        return None
    if ranker == "shipped":
        return shipped_model()
    if isinstance(ranker, str):
        from quotegraph.speakers.ranker import read_model

        return read_model(ranker)
    return ranker


def referent_candidates(doc: Doc, attributions: Sequence[Attribution]) -> dict[str, list[Candidate]]:
    """Each sourced attribution's candidate referents after the rules ran, by attribution id
    (what the ranker chooses among, and what :mod:`quotegraph.training.speakers` learns from)."""
    res = _Resolver(doc, attributions)
    res.run()
    builder = CandidateBuilder(res, res.result)
    return {a.id: builder.candidates(a) for a in attributions if a.source is not None}


def _rerank(res: _Resolver, ranker: ReferentModel) -> None:
    """Replace the rules' choice by the ranker's for every source (:mod:`.ranker`)."""
    builder = CandidateBuilder(res, res.result)
    for a in res.attributions:
        cands = builder.candidates(a)
        if not cands:
            continue
        pick = counted_group(cands) or cands[ranker.best(cands)]
        if pick.entity == NOBODY:
            res.result[a.id] = None
            continue
        if pick.entity == SURFACE:
            assert pick.surface is not None and pick.name is not None
            ent = res._org_named(pick.name, *pick.surface)
        else:
            ent = chosen_entity(res.art.entities, cands, pick)
        res.result[a.id] = ent
        res.art.entities[ent].referred = True


def _resolve(
    doc: Doc, attributions: Sequence[Attribution], ranker: ReferentModel | None = None
) -> tuple[list[Entity], dict[str, EntityRef | None], dict[str, Addressee]]:
    """The article's entities, each attribution's speaker and the addressees found, by id."""
    res = _Resolver(doc, attributions)
    res.run()
    if ranker is not None:
        _rerank(res, ranker)
    found_addressees = {}
    for a in attributions:
        found = res.addressee(a)
        if found is not None:
            found_addressees[a.id] = found
            if found[1] is not None:
                res.art.entities[found[1]].referred = True
    art = res.art
    keep = [i for i, info in enumerate(art.entities) if _matters(info)]
    for i in keep:
        for m in art.entities[i].members:
            if m not in keep:
                keep.append(m)
    first = {i: min([m.start for m in art.entities[i].mentions] + [art.entities[i].first])
             for i in keep}
    keep.sort(key=lambda i: (first[i], bool(art.entities[i].members)))
    out: dict[int, Entity] = {}
    for n, i in enumerate(keep, 1):
        info = art.entities[i]
        roles = [r for r in info.roles if is_role_phrase(r)]
        out[i] = Entity(f"e{n}", info.name, info.kind, fitting_aliases(info.aliases, info.name, info.kind, roles), roles)
    speakers: dict[str, EntityRef | None] = {}
    addressees: dict[str, Addressee] = {}
    for a in attributions:
        ent = res.result.get(a.id)
        speakers[a.id] = out[ent].ref() if ent is not None and ent in out else None
        if ent is not None and a.source is not None and ent in out:
            surface = a.source.text.replace("[", "").replace("]", "")
            surface = re.sub(r"\s+", " ", surface).strip(" ,")
            if surface.lower() not in {p for p in PERSONAL | FIRST_PERSON | RELATIVE} and \
                    len(surface) <= 60:
                if surface.lower() not in {x.lower() for x in out[ent].aliases} and \
                        surface != out[ent].name and \
                        alias_fits(surface, out[ent].name, out[ent].kind, out[ent].roles):
                    out[ent].aliases.append(surface)
        if a.id in found_addressees:
            sp, e = found_addressees[a.id]
            addressees[a.id] = Addressee(sp, out[e].ref() if e is not None and e in out else None)
    return [out[i] for i in keep], speakers, addressees


__all__ = ["find_speakers", "referent_candidates", "resolve_speakers"]
