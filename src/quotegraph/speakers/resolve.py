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
   minister), stand-ins match the last organisation of their kind ("the campaign", "the
   newspaper"), "the woman" goes to the most salient fitting person; nothing found → ``None``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from quotegraph.models import Addressee, Attribution, Entity, Span
from quotegraph.speakers import descriptions as lex
from quotegraph.speakers.entities import Article, EntityInfo, Mention, is_subject
from quotegraph.speakers.pronouns import FIRST_PERSON, PERSONAL, PLURAL, RELATIVE, resolve_pronoun

_POSSESSIVES = {"'s", "’s", "'", "’"}
_NATIONALITY_WORDS = set(lex.NATIONALITIES.values())
_NOT_ORG_LABELS = {"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_QUOTE = re.compile(r"“[^”]{1,3000}”|\"[^\"\n]{1,3000}\"")
_TELL_VERBS = {
    "tell", "remind", "inform", "assure", "warn", "advise", "urge", "brief", "ask", "promise",
    "reassure", "notify", "caution", "address", "email", "text", "write",
}  # fmt: skip
_CARRIER_NOUNS = {
    "letter", "email", "e-mail", "message", "note", "interview", "statement", "speech",
    "memo", "call", "conversation", "remarks", "address", "op-ed", "tweet", "post",
}  # fmt: skip
_ORG_VOICE_HEADS = {
    "official", "officials", "reporter", "spokesman", "spokeswoman", "spokesperson",
    "representative", "correspondent", "writer", "columnist", "editor", "analysis",
    "announcement", "statement", "release",
}  # fmt: skip


class _Resolver:
    def __init__(self, doc: Doc, attributions: Sequence[Attribution]) -> None:
        self.doc = doc
        self.attributions = list(attributions)
        self.text = doc.text  # Doc.text rebuilds the string on every access
        quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(self.text)]
        self.art = Article(doc, quotes)
        self._generic_plural_mentions()
        self._role_mentions()
        self.result: dict[str, int | None] = {}
        self.by_id = {a.id: a for a in self.attributions}

    # -- setup -----------------------------------------------------------------------------------
    def _generic_plural_mentions(self) -> None:
        """Plural common-noun subjects ("Republicans", "experts"), so that "they" can stay generic."""
        art = self.art
        for tok in self.doc:
            if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.tag_ not in {"NNS", "NNPS"}:
                continue
            if art.entity_at(tok.idx, tok.idx + len(tok.text)) is not None:
                continue
            if tok.ent_type_ == "ORG":
                continue
            start = min(t.idx for t in tok.subtree if t.i <= tok.i)
            art.add_mention(None, start, tok.idx + len(tok.text), True, "group", plural=True)
        art.mentions.sort(key=lambda m: m.start)

    def _role_mentions(self) -> None:
        """Definite role descriptions in the text ("the president appeared cowed") as mentions.

        They keep the described person salient for the pronouns that follow.
        """
        art = self.art
        found = []
        for tok in self.doc:
            if tok.pos_ != "NOUN" or tok.tag_ != "NN":
                continue
            standin = tok.lemma_.lower() in lex.ORG_STANDINS
            if not standin and not lex.head_classes(tok.text):
                continue
            left = [t for t in tok.lefts]
            if not left or left[0].lower_ not in {"the"} and left[0].dep_ != "poss":
                continue
            if left[0].dep_ == "poss" and left[0].lower_ in PERSONAL | FIRST_PERSON:
                continue  # "his adviser" is someone else
            if self._entity_of_token(tok) is not None:
                continue
            if any(c.dep_ in {"appos", "compound"} and c.pos_ == "PROPN" for c in tok.children):
                continue  # "the senator, John Smith": the name is already a mention
            start = left[0].idx
            src = Span.of(self.text, start, tok.idx + len(tok.text))
            if standin:
                ent = self._standin(tok.lemma_.lower(), start) if left[0].lower_ == "the" else None
            else:
                ent = self._by_role(src, tok)
            if ent is not None:
                subject = is_subject(tok) or (left[0].dep_ == "poss" and is_subject(left[0]))
                found.append((ent, src.start, src.end, subject))
        for ent, start, end, subject in found:
            art.add_mention(ent, start, end, subject, "role")
        art.mentions.sort(key=lambda m: m.start)

    def _add_speaker_mention(self, ent: int, src: Span) -> None:
        m = Mention(src.start, src.end, ent, self.art.sent_of(src.start), True,
                    self.art.in_quote(src.start, src.end), False, "speaker")
        starts = [x.start for x in self.art.mentions]
        self.art.mentions.insert(bisect.bisect_right(starts, m.start), m)
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
                if words and words[0] not in RELATIVE:  # a relative clause is no new focus
                    self._add_speaker_mention(ent, a.source)
            elif a.source is not None and self._plural_source(a.source):
                # "according to show insiders. They said …": the generic group stays salient
                m = Mention(a.source.start, a.source.end, None, self.art.sent_of(a.source.start),
                            True, self.art.in_quote(a.source.start, a.source.end), True, "speaker")
                starts = [x.start for x in self.art.mentions]
                self.art.mentions.insert(bisect.bisect_right(starts, m.start), m)

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
        for other in self.attributions:
            if other is a:
                continue
            if any(s.start <= src.start and src.end <= s.end for s in other.content):
                if best is None or other.end - other.start < best.end - best.start:
                    best = other
        return best

    def _last_speaker(self, start: int, excluded: list[tuple[int, int]]) -> Mention | None:
        for m in reversed(self.art.mentions):
            if m.kind == "speaker" and m.start < start and not any(
                s <= m.start < e for s, e in excluded
            ):
                return m
        return None

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
            last = self._last_speaker(src.start, excluded)
            return last.entity if last else None
        if len(words) == 1 and words[0] in PERSONAL:
            last = self._last_speaker(src.start, excluded)
            return resolve_pronoun(self.art, words[0], src.start, excluded, last)
        span = self.doc.char_span(src.start, src.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        span = _trim(span)
        if len(span) == 0:
            return None
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
        if prev > ant.i and self._entity_of_token(self.doc[prev]) is not None and \
                self._entity_of_token(ant) is None:
            ant = self.doc[prev]  # "the rise of Donald Trump, who …": the name just before
        conjuncts = [c for c in ant.children if c.dep_ == "conj" and c.i < tok.i]
        if conjuncts:
            ant = conjuncts[-1]  # "Mr. Kerry and Mr. Obama, who …": the last conjunct
        if ant.dep_ == "pobj" and ant.head.head.pos_ in {"NOUN", "PROPN"} and \
                ant.head.lower_ in {"for", "of"} and self._entity_of_token(ant) is None and \
                lex.head_classes(ant.head.head.text):
            ant = ant.head.head  # "the nominee for president, who": the nominee
        if ant.dep_ == "attr" and ant.head.lemma_ == "be":
            subj = next((c for c in ant.head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                ant = subj  # "Kaine is a former lawyer who …": Kaine
        ent = self._entity_of_token(ant)
        if ent is not None:
            return ent
        np = self.doc[min(t.i for t in ant.subtree if t.i <= ant.i): ant.i + 1]
        src = Span.of(self.text, np.start_char, np.end_char)
        return self._mention(np, src, a)

    def _entity_of_token(self, tok: Token) -> int | None:
        best, best_len = None, 0
        for m in self.art.mentions:
            if m.entity is not None and m.kind == "name" and m.start <= tok.idx < m.end:
                if m.end - m.start > best_len:
                    best, best_len = m.entity, m.end - m.start
        return best

    def _mention(self, span: SpacySpan, src: Span, a: Attribution) -> int | None:
        head = span.root
        head_ent = self._entity_of_token(head)
        names = [m for m in self.art.mentions
                 if m.entity is not None and m.kind == "name"
                 and src.start <= m.start and m.end <= src.end]
        people = {m.entity for m in names if self.art.entities[m.entity].kind == "person"}
        if len(people) >= 2 and any(t.dep_ == "conj" for t in span) and head.tag_ != "NNS":
            ordered = sorted(people, key=lambda e: min(m.start for m in names if m.entity == e))
            if head_ent in people or head_ent is None:
                return self._group(ordered)
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and head_ent is None:
                # "Another critic, Laurence H. Tribe,": the apposed name speaks
                appos = self.doc[child.left_edge.i: child.i + 1]
                found = self._entity_of_token(child) or self._lookup_name(appos)
                if found is not None:
                    return found
        handle = next((t for t in span if t.text.startswith("@") and len(t.text) > 2), None)
        if handle is not None and head_ent is None:
            return self._handle(handle)
        toks = [t for t in span if not t.is_punct]
        if head.lower_ in lex.GENERIC_HEADS and head_ent is not None and not any(
            m.entity == head_ent and m.end - m.start > len(head.text) + 1 for m in names
        ):
            head_ent = None  # "Scholars" tagged as an organisation is still a generic group
        if any(c.dep_ == "conj" and (c.lower_ in lex.GENERIC_HEADS or c.tag_ == "NNS")
               and self._entity_of_token(c) is None for c in head.children):
            return None  # "Joseph and other community members": a group, not Joseph
        if head_ent is not None:
            return head_ent
        lemma = head.lemma_.lower()
        if lemma in lex.ORG_STANDINS and head.pos_ == "NOUN":
            named = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"
                     and c.lower_ not in lex.PARTIES]
            if named:
                # "Tulsa police", "the Senate banking committee": kind named by its owner
                first_tok = min(named[0].left_edge.i, *(c.i for c in head.lefts
                                                      if c.dep_ in {"compound", "amod"}))
                name = self.doc[first_tok:head.i + 1].text
                return self._org_named(name, self.doc[first_tok].idx, head.idx + len(head.text))
        if toks and toks[0].lower_ == "the" and lemma in lex.ORG_STANDINS:
            mods = [c.lower_ for c in head.lefts if c.dep_ in {"compound", "amod"}
                    and c.pos_ in {"NOUN", "PROPN"}]
            ent = self._standin(lemma, src.start, mods)
            if ent is not None:
                return ent
        voiced = bool(names) and bool({head.lower_, lemma} & (lex.DOCUMENT_HEADS | _ORG_VOICE_HEADS
                                                               | lex.SURVEY_HEADS))
        if lemma in lex.ORG_STANDINS and head.pos_ == "NOUN":
            for prep in head.children:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if prep.lower_ == "of" and pobj is not None and pobj.pos_ == "PROPN" and \
                        self._entity_of_token(pobj) is None or (
                        prep.lower_ == "of" and pobj is not None and pobj.ent_type_ == "GPE"):
                    # "the city of Phoenix": an organisation named by its kind and place
                    name = f"{head.text.capitalize()} of " + self.text[
                        pobj.left_edge.idx:pobj.idx + len(pobj.text)]
                    return self._org_named(name, head.idx, pobj.idx + len(pobj.text))
        generic_head = not voiced and (head.lower_ in lex.GENERIC_HEADS or (
            head.tag_ in {"NNS", "NNPS"} and head.lower_ in lex.PARTIES) or (
            head.lower_.endswith("s") and head.lower_[:-1] in _NATIONALITY_WORDS))
        if generic_head and not self._named_inclusion(head):
            return None  # "sources", "Republicans", "officials": nobody in particular
        if toks and toks[0].lower_ in lex.INDEFINITE and head_ent is None and not (
            head.lower_ in lex.DOCUMENT_HEADS or head.lemma_.lower() in lex.DOCUMENT_HEADS
            or head.lower_ in _ORG_VOICE_HEADS or head.lemma_.lower() in lex.SURVEY_HEADS
        ):
            return None
        if generic_head:
            return self._named_inclusion(head)
        if head_ent is not None:
            return head_ent
        if (not names or head.pos_ == "PROPN") and (head.pos_ == "PROPN" or head.text[:1].isupper()) and \
                head.lower_ not in lex.PARTIES and head.lower_ not in set(lex.NATIONALITIES.values()):
            found = self._lookup_name(span)
            if found is not None:
                return found
            if head.pos_ == "PROPN" and head.ent_type_ not in _NOT_ORG_LABELS:
                return self._new_org(self.doc[span.start:head.i + 1])
        low = head.text.lower()
        lemma = head.lemma_.lower()
        if names:
            # the name nearest the head in the tree speaks ("officials at X, a division of Y")
            outer = min(names, key=lambda m: (self._depth(m, head), -(m.end - m.start)))
            info = self.art.entities[outer.entity]  # type: ignore[index]
            if low in lex.DOCUMENT_HEADS or lemma in lex.DOCUMENT_HEADS:
                return outer.entity
            if info.kind != "person" and (low in _ORG_VOICE_HEADS or lemma in _ORG_VOICE_HEADS):
                return outer.entity
            if low in lex.ENTOURAGE_HEADS or lemma in lex.ENTOURAGE_HEADS or head.tag_ == "NNS":
                return None
            if low in lex.GENERIC_HEADS:
                return None
            if head.pos_ == "PROPN":
                return outer.entity
        return self._description(span, src, head, a)

    def _new_org(self, span: SpacySpan) -> int | None:
        """An organisation named only in a source ("the Dallas Morning News said")."""
        toks = [t for t in span if t.text not in _POSSESSIVES and not t.is_punct]
        while toks and toks[0].lower_ in {"the", "a", "an"} | lex.INDEFINITE:
            toks = toks[1:]
        if not toks or not all(t.text[:1].isupper() or t.lower_ in {"of", "for", "and", "on"}
                               for t in toks):
            return None
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

    def _depth(self, m: Mention, head: Token) -> int:
        """Tree distance from a mention's first head-ward token up to ``head``."""
        best = 99
        for tok in self.doc.char_span(m.start, m.end, alignment_mode="expand") or []:
            cur, hops = tok, 0
            while cur.i != head.i and cur.head.i != cur.i and hops < 12:
                cur, hops = cur.head, hops + 1
            if cur.i == head.i:
                best = min(best, hops)
        return best

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
                        ent = self._entity_of_token(tok)
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
        words = [t for t in span if not t.is_punct and t.text not in _POSSESSIVES]
        honorific = next((t.text for t in words if t.lower_ in lex.HONORIFICS), None)
        names = [t for t in words if t.text[:1].isupper() and t.lower_ not in lex.HONORIFICS
                 and t.lower_ not in lex.TITLE_ABBREVIATIONS and t.lower_ not in {"the", "a"}]
        if not names:
            return None
        # the trailing run of proper nouns is the name: "Latvian journalist Dainis Ivans"
        run: list[Token] = []
        for t in reversed(words):
            if t.pos_ == "PROPN" and t.text[:1].isupper():
                run.insert(0, t)
            else:
                break
        while run and (lex.head_classes(run[0].text) or run[0].lower_ in lex.TITLE_ABBREVIATIONS):
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

    # -- descriptions ----------------------------------------------------------------------------
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

    # -- addressees ------------------------------------------------------------------------------
    def addressee(self, a: Attribution) -> tuple[Span, int | None] | None:
        if a.cue is None:
            return None
        span = self.doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        verbs = [t for t in span if t.pos_ in {"VERB", "AUX"}] or [span.root]
        verb = verbs[-1]
        inside = [(s.start, s.end) for s in a.content]
        candidates: list[Token] = []
        for child in verb.children:
            if child.dep_ in {"dobj", "dative", "iobj"} and verb.lemma_.lower() in _TELL_VERBS:
                candidates.append(child)
            elif child.dep_ in {"prep", "dative"} and child.lower_ == "to":
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ in {"in", "during", "through"}:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if pobj.lemma_.lower() in _CARRIER_NOUNS:
                        for p2 in pobj.children:
                            if p2.dep_ == "prep" and p2.lower_ in {"to", "with"}:
                                candidates.extend(c for c in p2.children if c.dep_ == "pobj")
        for tok in candidates:
            if tok.pos_ not in {"NOUN", "PROPN", "PRON"} or tok.lower_ in {"that", "it"}:
                continue
            toks = [t for t in tok.subtree if t.dep_ not in {"relcl", "acl", "punct", "prep"}
                    and t.i <= tok.i or (t.i > tok.i and t.dep_ in {"compound"})]
            start = min(t.idx for t in toks)
            end = max(t.idx + len(t.text) for t in toks)
            if any(s < end and start < e for s, e in inside):
                continue
            ent = self._entity_of_token(tok)
            return Span.of(self.text, start, end), ent
        return None


def _matters(info: EntityInfo) -> bool:
    """Whether an entity belongs in the output: it speaks or is spoken to, or the article names
    it clearly (a full name, a role, or more than once) — not a one-off recogniser slip."""
    if info.referred or info.members:
        return True
    names = [m for m in info.mentions if m.kind == "name"]
    if not names:
        return False
    return len(info.words) >= 2 or bool(info.roles) or len(names) >= 2


def _trim(span: SpacySpan) -> SpacySpan:
    """The noun phrase of a source span: without a leading preposition ("from the committee",
    "according to X"), trailing possessive marks or punctuation."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].pos_ == "ADP" or doc[start].lower_ in {"according", "to"}
                           or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVES or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def resolve_speakers(doc: Doc, attributions: list[Attribution]) -> list[Entity]:
    """Resolve each attribution's source to an entity of the article, and find its addressee.

    Sets ``attribution.speaker`` (``None`` for anonymous or generic sources and sources that name
    no one the article identifies) and ``attribution.addressee`` where the text gives one.

    Args:
        doc: the article parsed by :func:`quotegraph.nlp.load_pipeline` (with NER).
        attributions: the article's attributions, with ``source`` and ``cue`` spans.

    Returns:
        The article's entities (people, organisations, groups), ids ``e1``, ``e2``, … in order
        of first mention, each with its aliases and roles.
    """
    res = _Resolver(doc, attributions)
    res.run()
    addressees = {}
    for a in attributions:
        found = res.addressee(a)
        if found is not None:
            addressees[a.id] = found
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
        out[i] = Entity(f"e{n}", info.name, info.kind, list(info.aliases), list(info.roles))  # type: ignore[arg-type]
    for a in attributions:
        ent = res.result.get(a.id)
        a.speaker = out[ent].ref() if ent is not None and ent in out else None
        if ent is not None and a.source is not None and ent in out:
            surface = re.sub(r"\s+", " ", a.source.text.replace("[", "").replace("]", "")).strip(" ,")
            if surface.lower() not in {p for p in PERSONAL | FIRST_PERSON | RELATIVE} and \
                    len(surface) <= 60:
                if surface.lower() not in {x.lower() for x in out[ent].aliases} and \
                        surface != out[ent].name:
                    out[ent].aliases.append(surface)
        if a.id in addressees:
            sp, e = addressees[a.id]
            a.addressee = Addressee(sp, out[e].ref() if e is not None and e in out else None)
    return [out[i] for i in keep]


__all__ = ["resolve_speakers", "PLURAL"]
