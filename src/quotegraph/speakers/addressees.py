"""Whom a statement was made to: "told reporters", "in a letter to the council", "told them".

The choice is learned. A candidate generator reads the cue's dependency relations and proposes
mentions the statement may have been made to:

- the object of the cue verb ("told a parliamentary inquiry", "asked the candidate", "urged
  voters"), the subject of a passive telling ("employees were told"), the agent of "when asked
  by reporters";
- the object of "to", "with", "before" or "on" after the cue ("wrote to the council", "testified
  before the committee", "said on a morning show"), and after a carrier noun the cue holds ("in a
  letter to the council", "in an interview with Channel 9", "in remarks to donors", "on a call
  with reporters"); "to applause from supporters" gives the supporters, not the applause;
- the same relations of the verb the cue hangs from ("refused to comment" in "In an interview
  with X, Y refused to comment"), marked as such;
- the candidates of the statements just before, carried ("In an interview with Channel 9, she
  said …. 'We will win,' she added": within one event the addressee carries).

Each candidate is resolved through pronouns ("told them"), stand-ins ("told the paper") and
role mentions to an entity of the article where there is one; a pronoun resolved to no entity
takes the noun phrase it stands for. A small logistic model (:mod:`quotegraph.speakers.
addressee_model`, weights in ``data/addressee_model.json``, trained by
:mod:`quotegraph.training.addressee`) scores every candidate and "nobody"; the best wins.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from quotegraph.models import Attribution, Span
from quotegraph.speakers.addressee_model import AddresseeModel, load_model
from quotegraph.speakers.base import ResolverBase
from quotegraph.speakers.pronouns import FIRST_PERSON, PERSONAL, resolve_pronoun

TELL_VERBS = {
    "tell", "remind", "inform", "assure", "warn", "advise", "urge", "brief", "ask", "promise",
    "reassure", "notify", "caution", "address", "email", "text", "write", "lecture", "coach",
    "implore", "beg", "press", "question", "instruct", "order", "thank", "answer",
    "convince", "persuade", "admonish", "scold", "challenge", "teach", "show",
}  # fmt: skip
CARRIER_NOUNS = {
    "letter", "email", "e-mail", "message", "note", "memo", "interview", "statement", "speech",
    "call", "conversation", "remarks", "remark", "address", "op-ed", "tweet", "post", "testimony",
    "hearing", "briefing", "conference", "telecon", "teleconference", "meeting", "session",
    "segment", "appearance", "chat", "podcast", "show", "presentation", "rally", "event",
    "town", "hall", "appeal", "plea", "video", "broadcast", "exchange", "q&a",
    "discussion", "question", "comment", "comments", "filing", "submission", "report", "talk",
}  # fmt: skip
# a reaction whose makers are the audience: "said to applause from supporters"
REACTION_NOUNS = {"applause", "cheer", "cheers", "laughter", "boo", "boos", "ovation", "jeer",
                  "jeers", "gasp", "gasps", "murmur", "chant", "chants"}  # fmt: skip
ASKING_VERBS = {"ask", "contact", "question", "press", "interview", "reach", "approach", "query"}
TARGET_PREPS = {"to", "with", "before", "on", "for"}
# words that are never whom a statement was made to
NOT_ADDRESSEES = {"that", "it", "this", "these", "those", "what", "which", "so", "something",
                  "anything", "nothing", "everything", "one", "all", "lot", "much", "more"}  # fmt: skip
STANDIN_HEADS = {"outlet", "paper", "newspaper", "network", "station", "magazine", "broadcaster",
                 "publication", "site", "website", "program", "programme", "channel", "agency"}  # fmt: skip
_SHORT_CUT = {"relcl", "acl", "punct", "prep", "appos", "cc", "conj"}
_CARRY_STATEMENTS = 8  # statements looked back for carried candidates
_CARRY_SENTENCES = 15  # … within this many sentences


@dataclass(slots=True)
class Candidate:
    """One possible addressee of a statement.

    Attributes:
        start: start of the mention (character offset).
        end: end of the mention.
        entity: the article entity it resolves to, if any.
        features: the model's feature names for it.
        names: the mention's text and its entity's name (what a scorer compares).
    """

    start: int
    end: int
    entity: int | None
    features: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Statement:
    """What carrying reads of one statement: where it is, who said it, its local candidates.

    Attributes:
        id: the attribution id.
        sent: the sentence of its cue.
        speaker: its speaker's entity index, if resolved.
        cue: the cue's lemma (``-`` without a cue).
        content: its content spans (carried candidates inside them are left out).
        local: the candidates its cue's own relations give.
    """

    id: str
    sent: int
    speaker: int | None
    cue: str
    content: list[tuple[int, int]]
    local: list[Candidate]


def carry(statements: Sequence[Statement], local_model: AddresseeModel) -> list[list[Candidate]]:
    """Each statement's candidates: its local ones, plus the choice the local model makes for
    each of the statements just before (within one event the addressee carries).

    Args:
        statements: the article's statements in cue order.
        local_model: the model that scores local candidates alone.

    Returns:
        The candidates of each statement, in the order given.
    """
    firsts: list[tuple[Candidate, float] | None] = []
    for st in statements:
        local = [c.features for c in st.local]
        best = local_model.choose(local)
        firsts.append(None if best is None else (st.local[best], local_model.probabilities(local)[best]))
    out = []
    for i, st in enumerate(statements):
        cands = {(c.start, c.end): Candidate(c.start, c.end, c.entity, list(c.features), c.names)
                 for c in st.local}
        for back in range(1, _CARRY_STATEMENTS + 1):
            j = i - back
            if j < 0 or st.sent - statements[j].sent > _CARRY_SENTENCES:
                break
            first = firsts[j]
            if first is None:
                continue
            c, p = first
            if any(c.start < e and s < c.end for s, e in st.content):
                continue
            same = st.speaker is not None and st.speaker == statements[j].speaker
            feats = [f"carried|{f}" for f in c.features if f.startswith("kind=")] + [
                f"carried|{f}|same_speaker={same}" for f in c.features if f.startswith(("kind=", "hearer="))] + [
                "carried", f"carried|back={min(back, 4)}", f"carried|same_speaker={same}",
                f"carried|sents={min(st.sent - statements[j].sent, 4)}",
                f"carried|has_local={bool(st.local)}", f"carried|cue={st.cue}",
                f"carried|p={min(int(p * 5), 4)}", f"carried|same_speaker={same}|has_local={bool(st.local)}"]
            key = (c.start, c.end)
            if key not in cands:
                cands[key] = Candidate(c.start, c.end, c.entity, feats + [
                    f for f in c.features if f.startswith(("ent=", "pos=", "lemma=", "entity", "plural"))], c.names)
            elif "carried" not in cands[key].features:  # also a local candidate
                cands[key].features.extend(feats)
        final = list(cands.values())
        for c in final:
            if c.entity is not None and c.entity == st.speaker:
                c.features.append("is_speaker")
        out.append(final)
    return out


class AddresseeMixin(ResolverBase):
    """Finding each attribution's addressee from its cue (after the speakers are resolved)."""

    addressee_model: AddresseeModel | None = None  # None: the shipped model
    _addressee_choices: dict[str, tuple[Span, int | None] | None] | None = None

    def addressee(self, a: Attribution) -> tuple[Span, int | None] | None:
        """The addressee mention of ``a`` and its entity index, or ``None`` (nobody named).

        The first call decides every attribution of the article (candidates carry from one
        statement to the next), later calls look the decision up.
        """
        if self._addressee_choices is None:
            model = self.addressee_model or load_model()
            statements = self.addressee_statements()
            self._addressee_choices = {}
            for st, cands in zip(statements, carry(statements, model.local), strict=True):
                best = model.choose([c.features for c in cands])
                chosen = None if best is None else cands[best]
                self._addressee_choices[st.id] = None if chosen is None else (
                    Span.of(self.text, chosen.start, chosen.end), chosen.entity)
        return self._addressee_choices.get(a.id)

    # -- candidates ----------------------------------------------------------------------------
    def addressee_statements(self) -> list[Statement]:
        """Every attribution (in cue order) with its local candidate addressees."""
        order = sorted(self.attributions, key=lambda a: (a.cue.start if a.cue else a.start))
        return [Statement(a.id, self.art.sent_of(a.cue.start if a.cue else a.start),
                          self._speaker_of(a), self._cue_lemma(a),
                          [(s.start, s.end) for s in a.content], self._local_candidates(a))
                for a in order]

    def _speaker_of(self, a: Attribution) -> int | None:
        result: dict[str, int | None] = getattr(self, "result", {})
        return result.get(a.id)

    def _cue_lemma(self, a: Attribution) -> str:
        verb = self._cue_verb(a)
        return verb.lemma_.lower() if verb is not None else "-"

    def _cue_verb(self, a: Attribution) -> Token | None:
        if a.cue is None:
            return None
        span = self.doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        verbs = [t for t in span if t.pos_ in {"VERB", "AUX"}] or [span.root]
        return verbs[-1]

    def _local_candidates(self, a: Attribution) -> list[Candidate]:
        """The candidates the cue's own relations (and those of the verb it hangs from) give."""
        verb = self._cue_verb(a)
        if verb is None:
            return []
        found: list[tuple[Token, str]] = []
        self._relations(verb, found, "")
        if verb.pos_ == "NOUN" and verb.dep_ == "pobj" and verb.head.head.pos_ in {"VERB", "AUX"}:
            # "told The Hill in a statement": the cue noun's clause
            self._relations(verb.head.head, found, "up|")
        head, hops = verb, 0
        while head.dep_ in {"xcomp", "conj", "advcl", "pcomp"} and head.head.i != head.i and hops < 2:
            head, hops = head.head, hops + 1
            if head.pos_ in {"VERB", "AUX"}:
                self._relations(head, found, "up|")
        inside = [(s.start, s.end) for s in a.content]
        lemma = verb.lemma_.lower()
        out: dict[tuple[int, int], Candidate] = {}
        for tok, path in found:
            for cand in self._mentions_of(tok, a):
                kind = path.split(":")[0]
                cand.features += [f"path={path}", f"path={path}|verb={lemma}",
                                  f"kind={kind}", f"path={path}|tell={lemma in TELL_VERBS}",
                                  f"hearer={_hearer_relation(path, lemma)}"]
                if any(cand.start < e and s < cand.end for s, e in inside):
                    # a content span that ran over the cue ("…,' X told the BBC"), or a word of
                    # the content itself ("said it")
                    cand.features += ["in_content", f"in_content|kind={kind}"]
                cand.names = [self.text[cand.start:cand.end]] + (
                    [self.art.entities[cand.entity].name] if cand.entity is not None else [])
                key = (cand.start, cand.end)
                if key in out:
                    out[key].features.extend(f for f in cand.features if f not in out[key].features)
                else:
                    out[key] = cand
        return list(out.values())

    def _relations(self, verb: Token, found: list[tuple[Token, str]], up: str) -> None:
        """The tokens related to ``verb`` as a hearer may be, each with its relation's name."""
        lemma = verb.lemma_.lower()
        tell = lemma in TELL_VERBS
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        for child in verb.children:
            dep = child.dep_
            if dep in {"dobj", "dative", "iobj"} or (dep in {"advmod", "npadvmod"} and (
                    child.pos_ == "PROPN" or child.text[:1].isupper() and child.i > verb.i)):
                found.append((child, f"{up}obj:{dep}"))
            elif dep in {"advcl", "xcomp", "conj"} and child.lemma_.lower() in TELL_VERBS and not up:
                # "laughed when he urged voters, '…'": the telling hangs below the cue
                self._relations(child, found, "down|")
            elif dep in {"nsubj", "nsubjpass"} and child.lemma_.lower() in CARRIER_NOUNS:
                self._carrier(child, "subject", found, up)  # "a presentation to bondholders indicated"
            elif dep == "nsubjpass" and tell:
                found.append((child, f"{up}passive_subject"))
            elif dep == "agent" and passive and lemma in ASKING_VERBS:
                found.extend((p, f"{up}asked_by") for p in child.children if p.dep_ == "pobj")
            elif dep == "prep" and child.lower_ in {"from", "of"} and any(
                    p.lower_ == "to" and any(o.lemma_.lower() in REACTION_NOUNS for o in p.children)
                    for p in verb.children if p.dep_ in {"prep", "dative"}):
                # "said to applause from supporters", the "from" hung on the verb
                found.extend((p, f"{up}reaction_from") for p in child.children if p.dep_ == "pobj")
            elif dep in {"prep", "dative"} and child.lower_ in TARGET_PREPS:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    self._prep_object(pobj, child.lower_, found, up)
            elif dep == "prep" and child.lower_ in {"in", "during", "at", "on", "through", "via"}:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    self._carrier(pobj, child.lower_, found, up)
            elif dep == "advcl" and child.lemma_.lower() in ASKING_VERBS:
                # "…, she said when asked by reporters" / "when contacted by Reuters"
                for gc in child.children:
                    if gc.dep_ == "agent":
                        found.extend((p, f"{up}asked_by") for p in gc.children if p.dep_ == "pobj")
            elif dep == "prt" and child.lower_ == "on" and lemma == "call":
                continue
        if verb.pos_ == "NOUN":  # a nominal cue: "testimony before the committee"
            self._carrier(verb, "cue", found, up)
        if verb.dep_ == "acl" and verb.head.lemma_.lower() in CARRIER_NOUNS:
            self._carrier(verb.head, "acl", found, up)  # "a letter to management stating …"

    def _prep_object(self, pobj: Token, prep: str, found: list[tuple[Token, str]], up: str) -> None:
        if pobj.lemma_.lower() in REACTION_NOUNS:
            for p2 in pobj.children:
                if p2.dep_ == "prep" and p2.lower_ in {"from", "of"}:
                    found.extend((c, f"{up}reaction_from") for c in p2.children if c.dep_ == "pobj")
            return
        if pobj.lemma_.lower() in CARRIER_NOUNS:
            self._carrier(pobj, prep, found, up)
        found.append((pobj, f"{up}prep:{prep}"))

    def _carrier(self, noun: Token, prep: str, found: list[tuple[Token, str]], up: str) -> None:
        """"(in) a letter to the council", "(on) a call with reporters", "(in) remarks to donors"."""
        lemma = noun.lemma_.lower()
        if lemma not in CARRIER_NOUNS and prep != "on":
            return
        det = [c.lower_ for c in noun.children if c.dep_ in {"det", "amod"}]
        if lemma in CARRIER_NOUNS and ("the" in det or "same" in det) and not any(
                c.dep_ == "prep" and c.lower_ in TARGET_PREPS for c in noun.children):
            # "Claure said in the email": the email named before, "an email to staff"
            earlier = self._earlier_carrier(noun)
            if earlier is not None:
                self._carrier(earlier, prep, found, f"{up}ref|")
        name = lemma if lemma in CARRIER_NOUNS else "other"
        for p2 in noun.children:
            if p2.dep_ == "prep" and p2.lower_ in TARGET_PREPS | {"from"}:
                for c in p2.children:
                    if c.dep_ == "pobj":
                        if c.lemma_.lower() in REACTION_NOUNS:
                            self._prep_object(c, p2.lower_, found, up)
                        else:
                            found.append((c, f"{up}carrier:{p2.lower_}"))
                            found.append((c, f"{up}carrier:{name}:{p2.lower_}"))
        if prep == "on" and lemma not in CARRIER_NOUNS:
            found.append((noun, f"{up}on"))  # "said on NBC's Meet the Press"

    def _earlier_carrier(self, noun: Token) -> Token | None:
        """The nearest earlier carrier noun of the same lemma that names whom it went to."""
        lemma = noun.lemma_.lower()
        for t in reversed(self.doc[max(0, noun.i - 400):noun.i]):
            if t.lemma_.lower() == lemma and any(c.dep_ == "prep" and c.lower_ in TARGET_PREPS
                                                 for c in t.children):
                return t
        return None

    # -- mentions --------------------------------------------------------------------------------
    def _ent_index(self) -> tuple[list[SpacySpan], list[int], list[SpacySpan], list[int]]:
        # doc.ents builds every span on each access: read them once per article, by position.
        cached = getattr(self, "_addressee_ents", None)
        if cached is None:
            ents = list(self.doc.ents)
            orgs = [e for e in ents if e.label_ in {"ORG", "WORK_OF_ART"}]
            cached = (ents, [e.start for e in ents], orgs, [e.end_char for e in orgs])
            self._addressee_ents = cached
        return cached  # type: ignore[no-any-return]

    def _ent_holding(self, tok: Token) -> SpacySpan | None:
        """The named-entity span that holds ``tok``, if any."""
        ents, starts, _, _ = self._ent_index()
        i = bisect.bisect_right(starts, tok.i) - 1
        return ents[i] if i >= 0 and ents[i].start <= tok.i < ents[i].end else None

    def _org_named_before(self, char: int) -> SpacySpan | None:
        """The last organisation (or work) named that ends at or before ``char``."""
        _, _, orgs, ends = self._ent_index()
        i = bisect.bisect_right(ends, char) - 1
        return orgs[i] if i >= 0 else None

    def _mentions_of(self, tok: Token, a: Attribution) -> list[Candidate]:
        """The candidate mentions a head token gives: its short and its full noun phrase (and an
        appositive name), resolved to entities; pronouns resolved to what they stand for."""
        if tok.pos_ not in {"NOUN", "PROPN", "PRON", "NUM", "X"} or tok.lower_ in NOT_ADDRESSEES:
            return []
        if tok.ent_type_ in {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"}:
            return []
        base = [f"pos={tok.pos_}", f"ent={tok.ent_type_ or '-'}", f"lemma={tok.lemma_.lower()}",
                f"plural={tok.tag_ in {'NNS', 'NNPS'}}"]
        word = tok.lower_
        if tok.pos_ == "PRON":
            if word in FIRST_PERSON or word == "you":
                return [Candidate(tok.idx, tok.idx + len(tok.text), None,
                                  base + ["pron=deictic", f"pron={word}"])]
            if word in PERSONAL or word in {"himself", "herself", "themselves"}:
                return self._pronoun(tok, a, base)
            return []
        out = []
        short = [t for t in tok.subtree if t.i == tok.i or (t.i < tok.i and not _branch(t, tok, _SHORT_CUT))
                 or (t.i > tok.i and t.dep_ == "compound" and t.head.i == tok.i)]
        s_start = min(t.idx for t in short)
        s_end = max(t.idx + len(t.text) for t in short)
        ent_span = self._ent_holding(tok)
        if ent_span is not None:  # the whole name: "Channel 9", "Fox & Friends"
            s_start, s_end = min(s_start, ent_span.start_char), max(s_end, ent_span.end_char)
        ent = self._entity_in(s_start, s_end, tok)
        feats = base + ["extent=short", f"entity={self._entity_kind(ent)}"]
        if ent is None and tok.pos_ == "NOUN" and tok.lemma_.lower() in STANDIN_HEADS:
            ent = self._standin_entity(tok.idx)
            feats.append(f"standin={ent is not None}")
            if ent is None:
                # "told the outlet": the organisation named last, when no entity holds it
                named = self._org_named_before(tok.idx)
                if named is not None:
                    out.append(Candidate(named.start_char, named.end_char, None,
                                         base + ["extent=short", "standin=antecedent"]))
        out.append(Candidate(s_start, s_end, ent, feats))
        full = [t for t in tok.subtree if t.i == tok.i or not _branch(t, tok, {"relcl", "acl", "appos"})]
        full = [t for t in full if not t.is_punct or s_start < t.idx]
        if full:
            f_start = min(t.idx for t in full)
            f_end = max(t.idx + len(t.text) for t in full)
            while f_end > f_start and not self.text[f_end - 1].isalnum():
                f_end -= 1
            if (f_start, f_end) != (s_start, s_end) and f_end - f_start < 120:
                kinds = sorted({t.dep_ for t in full if t.head.i == tok.i and t.i > tok.i})
                out.append(Candidate(f_start, f_end, ent, base + ["extent=full"] + [
                    f"full_has={k}" for k in kinds] + [f"entity={self._entity_kind(ent)}"]))
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":  # "the host, Sam Jones"
                for cand in self._mentions_of(c, a):
                    cand.features.append("appos")
                    out.append(cand)
        return out

    def _pronoun(self, tok: Token, a: Attribution, base: list[str]) -> list[Candidate]:
        word = tok.lower_
        key = {"himself": "him", "herself": "her", "themselves": "them"}.get(word, word)
        excluded = [(s.start, s.end) for s in a.content]
        reflexive = key != word
        speaker = self._speaker_of(a)
        ent = speaker if reflexive else resolve_pronoun(
            self.art, {"him": "he", "her": "she", "them": "they", "us": "we"}.get(key, key),
            tok.idx, excluded, None, speaker)
        feats = base + [f"pron={key}", f"reflexive={reflexive}", f"entity={self._entity_kind(ent)}"]
        if ent is None and key == "them":
            np = self._plural_antecedent(tok, excluded)
            if np is not None:
                # "greeted 2,000 supporters … and told them": the people meant, not the pronoun
                return [Candidate(np[0], np[1], None, feats + ["antecedent=plural_np"])]
        return [Candidate(tok.idx, tok.idx + len(tok.text), ent, feats)]

    def _plural_antecedent(self, tok: Token, excluded: list[tuple[int, int]]) -> tuple[int, int] | None:
        """The nearest plural noun phrase before "them" in its sentence or the one before
        ("She greeted 2,000 supporters … and told them")."""
        sent = tok.sent
        start = sent.start
        if start > 0:
            start = self.doc[start - 1].sent.start
        for t in reversed(self.doc[start:tok.i]):
            if t.tag_ in {"NNS", "NNPS"} and t.dep_ in {"dobj", "nsubj", "pobj", "nsubjpass"} \
                    and not any(s <= t.idx < e for s, e in excluded):
                toks = [x for x in t.subtree if x.i <= t.i and x.dep_ not in {"punct", "relcl", "acl"}]
                return min(x.idx for x in toks), t.idx + len(t.text)
        return None

    def _entity_in(self, start: int, end: int, head: Token) -> int | None:
        ent = self.art.mentions.entity_holding(head.idx)
        if ent is not None:
            return ent
        ent = self.art.entity_at(start, end, kinds=("name", "role"))
        if ent is not None:
            return ent
        for m in self.art.mentions.starting_in(start, end):
            if m.entity is not None and m.start <= head.idx < m.end:
                return m.entity
        return None

    def _entity_kind(self, ent: int | None) -> str:
        return "-" if ent is None else self.art.entities[ent].kind

    def _standin_entity(self, pos: int) -> int | None:
        """"The paper", "the outlet": the nearest organisation named before."""
        for m in reversed(self.art.mentions[:self.art.mentions.index_before(pos)]):
            if m.start >= pos or m.entity is None:
                continue
            if self.art.entities[m.entity].kind == "organization":
                return m.entity
        return None


def _branch(t: Token, top: Token, deps: set[str]) -> bool:
    """Whether ``t`` hangs from ``top`` through a relation in ``deps`` (``t``'s own included)."""
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ in deps:
            return True
        t = t.head
    return False


def _hearer_relation(path: str, lemma: str) -> str:
    """How directly a relation names a hearer, shared by rare relations and common ones: ``strong``
    (a telling verb's object, a carrier's or a reaction's "to"/"with"/"from", "to"/"before" after
    the cue, a told passive subject, "asked by"), ``weak`` (any other) — so that "said to
    applause from supporters" learns from "told reporters"."""
    last = path.split("|")[-1]
    if last.startswith("obj:"):
        return "strong" if lemma in TELL_VERBS else "weak"
    if last.startswith(("carrier:to", "carrier:with", "carrier:before", "reaction_from",
                        "passive_subject", "asked_by", "prep:to", "prep:before")):
        return "strong"
    return "weak"
