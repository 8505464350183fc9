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
- whom quoted words call by name: "'Ohio, get out and vote'", "'Hey Twitter, …'", "'…, my
  dear Ames'" (a name set off by a comma at a quoted sentence's start or end);
- the other side of a talk told in the sentences just before, when the speaker takes part in
  it: "The Gazette spoke to one nurse. … she said", "Okafor met Hale on Monday. … he said" (an
  unnamed speaker by its source's word: "X talked with the man. … the man mentioned");
- whoever asked the question the statement answers ("'…?' Hale asked. '…,' Banks said");
- the choices of the statements near it, carried: before it, a few after it and the same
  speaker's anywhere ("In an interview with Channel 9, she said …. 'We will win,' she added":
  within one event the addressee carries).

Each candidate is resolved through pronouns ("told them"), stand-ins ("told the paper") and
role mentions to an entity of the article where there is one (an acronym to the organisation the
article spells out: "the PUC" → the Public Utilities Commission); a pronoun also proposes the noun
phrase it stands for ("greeted dock workers and told them" → the dock workers, "examined the man
and told him" → the man). A small logistic model (:mod:`quotegraph.speakers.
addressee_model`, weights in ``data/addressee_model.json``, trained by
:mod:`quotegraph.training.addressee`) scores every candidate and "nobody"; the best wins.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy
from spacy.attrs import LEMMA, POS
from spacy.symbols import NOUN, VERB
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from quotegraph.models import Attribution, Span
from quotegraph.speakers import descriptions as lex
from quotegraph.speakers.addressee_model import AddresseeModel, load_model
from quotegraph.speakers.base import PLACE_LABELS, ResolverBase
from quotegraph.speakers.pronouns import FIRST_PERSON, PERSONAL, resolve_pronoun

TELL_VERBS = {
    "tell", "remind", "inform", "assure", "warn", "advise", "urge", "brief", "ask", "promise",
    "reassure", "notify", "caution", "address", "email", "text", "write", "lecture", "coach",
    "implore", "beg", "press", "question", "instruct", "order", "thank", "answer",
    "convince", "persuade", "admonish", "scold", "challenge", "teach",
}  # fmt: skip
# verbs of saying whose "to" names a hearer ("confirmed to the Gazette", "wrote to the board"), unlike
# "according to", "pointed to", "referred to"
SPEECH_VERBS = {
    "say", "confirm", "write", "explain", "admit", "complain", "apologize", "apologise",
    "reiterate", "confess", "boast", "announce", "describe", "declare", "insist", "claim",
    "suggest", "mention", "reveal", "report", "acknowledge", "concede", "deny", "promise",
    "pledge", "vow", "stress", "note", "add", "comment", "speak", "talk", "testify", "tweet",
    "post", "email", "signal", "whisper", "shout", "yell", "repeat", "lie", "swear", "disclose",
    "indicate", "send", "address", "present", "read", "recount", "relay", "state", "plead",
    "propose", "recommend", "warn", "argue", "express", "predict", "estimate", "recall",
    "joke", "quip", "brag", "grumble", "lament", "pitch", "appeal", "deliver",
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
# verbs whose "on" names whom they urge ("called on the government to act")
APPEAL_VERBS = {"call", "prevail", "lean"}
# words that are never whom a statement was made to
NOT_ADDRESSEES = {"that", "it", "this", "these", "those", "what", "which", "so", "something",
                  "anything", "nothing", "everything", "one", "all", "lot", "much", "more"}  # fmt: skip
STANDIN_HEADS = {"outlet", "paper", "newspaper", "network", "station", "magazine", "broadcaster",
                 "publication", "site", "website", "program", "programme", "channel", "agency"}  # fmt: skip
# a talk told just before the statement, whose other side the statement was said to ("The
# Gazette spoke to one nurse. … she said", "Okafor met Hale on Monday. … he said"), and the nouns
# of such talks ("in a long interview with the police"). Verbs of telling are left out: their
# hearer carries through the statement they report, and news annotators do not carry it further
# (5-fold CV on news2019: false addressees 4.3 % with them, 2.7 % without).
EVENT_VERBS = {"speak", "talk", "meet", "interview", "ask", "press", "question", "visit", "chat",
               "phone", "call", "sit", "grill", "confront"}  # fmt: skip
EVENT_NOUNS = {"interview", "conversation", "call", "meeting", "chat", "talk", "exchange"}
INTERJECTIONS = {"hey", "oh", "dear", "hi", "hello", "o", "ok", "okay", "listen", "look", "yes", "no"}
_SHORT_CUT = {"relcl", "acl", "punct", "prep", "appos", "cc", "conj"}
_EVENT_SENTENCES = 3  # sentences looked back for a talk
_TURN_SENTENCES = 2  # sentences looked back for the question a statement answers
_CARRY_STATEMENTS = 8  # statements looked back for carried candidates
_CARRY_SENTENCES = 15  # … within this many sentences
_CARRY_AHEAD = 3  # statements looked ahead ("'…,' he said. … In an interview with X, he added")
_CARRY_AHEAD_SENTENCES = 6
_CARRY_SAME_SPEAKER = True  # the same speaker's statements anywhere in the article…
#: …within this many statements: one event (an interview, a speech) is told within far fewer,
#: and a transcript of thousands of one speaker's statements must not make each carry from
#: every other (quadratic). News articles hold fewer statements, so for them it is "anywhere".
_CARRY_SAME_SPEAKER_WINDOW = 400


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
    """Each statement's candidates: its local ones, plus the local model's choice for each of
    the statements near it — before it, a few after it, and the same speaker's anywhere (within
    one event, an interview or a speech, the addressee carries both ways).

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
        # only a chosen hearer carries (carrying the best of every statement, chosen or not,
        # gave more false addressees in CV)
        firsts.append(None if best is None else (st.local[best], local_model.probabilities(local)[best]))
    out = []
    by_speaker = _speakers_statements(statements)
    for i, st in enumerate(statements):
        cands = {(c.start, c.end): Candidate(c.start, c.end, c.entity, list(c.features), c.names)
                 for c in st.local}
        carried: dict[tuple[int, int], int] = {}
        for j in _carry_sources(statements, i, by_speaker):
            first = firsts[j]
            if first is None:
                continue
            c, p = first
            if any(c.start < e and s < c.end for s, e in st.content):
                continue
            key = (c.start, c.end)
            carried[key] = carried.get(key, 0) + 1
            if carried[key] > 1:
                continue  # the nearest source speaks for it (sources come nearest first)
            feats = _carried_features(st, statements[j], i - j, c, p)
            if key not in cands:
                cands[key] = Candidate(c.start, c.end, c.entity, feats + [
                    f for f in c.features if f.startswith(("ent=", "pos=", "lemma=", "entity", "plural", "animate="))],
                    c.names)
            elif "carried|also" not in cands[key].features:
                # also a local candidate: its own relation speaks for it, and how far the other
                # statement is says nothing against it
                same = st.speaker is not None and st.speaker == statements[j].speaker
                cands[key].features.extend(["carried|also", f"carried|also|same_speaker={same}"])
        for key, n in carried.items():
            if key in cands:
                cands[key].features.append(f"carried|sources={min(n, 3)}")
        final = list(cands.values())
        for c in final:
            if c.entity is not None and c.entity == st.speaker:
                c.features.append("is_speaker")
        out.append(final)
    return out


def _carry_sources(statements: Sequence[Statement], i: int,
                   by_speaker: Mapping[int, Sequence[int]] | None = None) -> list[int]:
    """The statements whose best candidate statement ``i`` may carry, nearest first: up to
    ``_CARRY_STATEMENTS`` before it, ``_CARRY_AHEAD`` after it, and the same speaker's (within
    ``_CARRY_SAME_SPEAKER_WINDOW`` statements). ``by_speaker``: each speaker's statement
    indexes in order (:func:`_speakers_statements`; built here when not given)."""
    st = statements[i]
    near: set[int] = set()
    for j in range(max(0, i - _CARRY_STATEMENTS), min(len(statements), i + _CARRY_AHEAD + 1)):
        back = i - j
        other = statements[j]
        if (0 < back and st.sent - other.sent <= _CARRY_SENTENCES) or (
                back < 0 and other.sent - st.sent <= _CARRY_AHEAD_SENTENCES):
            near.add(j)
    if _CARRY_SAME_SPEAKER and st.speaker is not None:
        own = (by_speaker if by_speaker is not None else _speakers_statements(statements)).get(st.speaker, ())
        lo = bisect.bisect_left(own, i - _CARRY_SAME_SPEAKER_WINDOW)
        for j in itertools.islice(own, lo, None):
            if j > i + _CARRY_SAME_SPEAKER_WINDOW:
                break
            if j != i:
                near.add(j)
    return sorted(near, key=lambda j: abs(i - j) * 2 + (j > i))


def _speakers_statements(statements: Sequence[Statement]) -> dict[int, list[int]]:
    """Each speaker's statement indexes, in order."""
    out: dict[int, list[int]] = {}
    for j, st in enumerate(statements):
        if st.speaker is not None:
            out.setdefault(st.speaker, []).append(j)
    return out


def _carried_features(st: Statement, src: Statement, back: int, c: Candidate, p: float) -> list[str]:
    """The features of a candidate carried to ``st`` from ``src`` (``back`` statements before
    it; negative: after it)."""
    same = st.speaker is not None and st.speaker == src.speaker
    way = "back" if back > 0 else "ahead"
    far = min(abs(back), 4) if abs(back) <= 8 else 9
    sents = min(abs(st.sent - src.sent), 4) if abs(st.sent - src.sent) <= 15 else 9
    return [f"carried|{f}" for f in c.features if f.startswith("kind=")] + [
        f"carried|{f}|same_speaker={same}" for f in c.features if f.startswith(("kind=", "hearer="))] + [
        "carried", f"carried|back={far}", f"carried|way={way}", f"carried|way={way}|same_speaker={same}",
        f"carried|same_speaker={same}", f"carried|sents={sents}", f"carried|has_local={bool(st.local)}",
        f"carried|cue={st.cue}", f"carried|p={min(int(p * 5), 4)}",
        f"carried|same_speaker={same}|has_local={bool(st.local)}"]


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
        """The candidates the cue's own relations (and those of the verb it hangs from) give,
        the vocatives of its quoted words, and the other side of an event told just before."""
        verb = self._cue_verb(a)
        if verb is None:
            return []
        found: list[tuple[Token, str, str]] = []
        self._relations(verb, found, "")
        if verb.pos_ == "NOUN" and verb.dep_ == "pobj" and verb.head.head.pos_ in {"VERB", "AUX"}:
            # "told The Hill in a statement": the cue noun's clause
            self._relations(verb.head.head, found, "up|")
        elif verb.pos_ == "NOUN" and verb.dep_ in {"dobj", "nsubj", "attr"} and verb.head.pos_ == "VERB":
            # "In an interview with X, Ames gave new details": the clause the cue noun is in
            self._relations(verb.head, found, "up|")
        head, hops = verb, 0
        while head.dep_ in {"xcomp", "conj", "advcl", "pcomp"} and head.head.i != head.i and hops < 2:
            head, hops = head.head, hops + 1
            if head.pos_ in {"VERB", "AUX"}:
                self._relations(head, found, "up|")
        inside = [(s.start, s.end) for s in a.content]
        out: dict[tuple[int, int], Candidate] = {}
        for tok, path, lemma in found:
            if not _may_hear(tok, path, lemma):
                continue
            for cand in self._mentions_of(tok, a):
                kind = path.split(":")[0]
                tell = lemma in TELL_VERBS
                cand.features += [f"path={path}", f"path={path}|verb={lemma}",
                                  f"kind={kind}", f"path={path}|tell={tell}",
                                  f"path={path}|speech={lemma in SPEECH_VERBS}",
                                  f"hearer={_hearer_relation(path, lemma)}"]
                if a.source is not None and cand.start < a.source.end and a.source.start < cand.end:
                    continue  # "wrote Fadem": the inverted subject is who said it, not to whom
                if any(cand.start < e and s < cand.end for s, e in inside):
                    # a content span that ran over the cue ("…,' X told the BBC"), or a word of
                    # the content itself ("said it"); "urged the board to act" puts the hearer
                    # first in the content
                    at_start = any(s == cand.start for s, _ in inside)
                    cand.features += ["in_content", f"in_content|kind={kind}",
                                      f"in_content|start={at_start}|tell={tell}"]
                self._add(out, cand)
        for cand in self._vocatives(a) + self._event_candidates(a, verb) + self._turn_candidates(a):
            self._add(out, cand)
        return list(out.values())

    def _add(self, out: dict[tuple[int, int], Candidate], cand: Candidate) -> None:
        """Put ``cand`` among ``out`` (its features joining those of the same mention)."""
        cand.names = [self.text[cand.start:cand.end]] + (
            [self.art.entities[cand.entity].name] if cand.entity is not None else [])
        key = (cand.start, cand.end)
        if key in out:
            out[key].features.extend(f for f in cand.features if f not in out[key].features)
        else:
            out[key] = cand

    # -- vocatives and events ------------------------------------------------------------------
    def _vocatives(self, a: Attribution) -> list[Candidate]:
        """Whom quoted words call by name: "'Ohio, get out and vote,'", "'Hey Twitter, …'",
        "'…, my dear Ames.'" — a name set off by a comma at a quoted sentence's start or end."""
        if a.kind == "indirect":
            return []
        out = []
        for span in a.content:
            toks = self.doc.char_span(span.start, span.end, alignment_mode="contract")
            if toks is None:
                continue
            for sent_toks in _sentences_of(toks):
                for words, where in ((_vocative_at_start(sent_toks), "start"),
                                     (_vocative_at_end(sent_toks), "end")):
                    if not words:
                        continue
                    head = words[-1]
                    ent = self._entity_in(words[0].idx, head.idx + len(head.text), head)
                    out.append(Candidate(
                        words[0].idx, head.idx + len(head.text), ent,
                        ["kind=vocative", f"vocative={where}", f"vocative|pos={head.pos_}",
                         f"vocative|ent={head.ent_type_ or '-'}", f"entity={self._entity_kind(ent)}",
                         "hearer=vocative", f"pos={head.pos_}", f"ent={head.ent_type_ or '-'}"]
                        + _vocative_features(words, sent_toks, where)))
        return out

    def _event_candidates(self, a: Attribution, cue: Token) -> list[Candidate]:
        """The other side of a talk told in the sentences just before the statement, or in its
        own sentence outside the cue's relations: "X met Y on Monday. … he said", "The Gazette
        spoke to one nurse. … she said", "In a long interview with the police, Ames admitted"
        — when the statement's speaker takes part in the talk."""
        pos = a.cue.start if a.cue is not None else a.start
        sent = self.art.sent_of(pos)
        speaker = self._speaker_of(a)
        # an unnamed speaker ("the man") takes part when a participant has the source's head word
        word = _head_word(a.source.text) if speaker is None and a.source is not None else None
        contents = self._all_contents()
        out: list[Candidate] = []
        for t, t_sent in self._talks():
            if not sent - _EVENT_SENTENCES <= t_sent <= sent or t.i == cue.i:
                continue
            lemma = t.lemma_.lower()
            dist = sent - t_sent
            speaker_in = self._speaker_role(t, speaker, word)
            if speaker_in not in {"subj", "other"}:
                continue  # a talk the speaker takes no part in ("X met Y. … Z said")
            for part, role in self._participants(t):
                if any(s <= part.idx < e for s, e in contents) or (
                        self._token_entity(part) == speaker if word is None else part.lower_ == word):
                    continue
                for cand in self._mentions_of(part, a):
                    cand.features += [
                        "kind=event", f"event|role={role}", f"event|trigger={lemma}",
                        f"event|role={role}|trigger={t.pos_}", f"event|sents={dist}",
                        f"event|role={role}|sents={min(dist, 1)}",
                        f"event|speaker_in={speaker_in}", f"event|role={role}|speaker_in={speaker_in}",
                        "hearer=event"]
                    out.append(cand)
        return out

    def _turn_candidates(self, a: Attribution) -> list[Candidate]:
        """Whoever asked the question this statement answers: the source of the statement just
        before it (within ``_TURN_SENTENCES`` sentences), another speaker's, when that one is a
        question or was asked ("'…?' Aderholt asked. 'I think, sir, …,' Bridenstine said")."""
        ends, atts = self._statement_ends()
        i = bisect.bisect_right(ends, a.start) - 1
        while i >= 0 and (atts[i] is a or atts[i].parent is not None):
            i -= 1
        if i < 0:
            return []
        b = atts[i]
        if b.source is None or b.source.start >= a.start:
            return []
        speaker, other = self._speaker_of(a), self._speaker_of(b)
        if (speaker is not None and speaker == other) or (
                speaker is None and a.source is not None and a.source.text.lower() == b.source.text.lower()):
            return []
        dist = self.art.sent_of(a.start) - self.art.sent_of(b.end - 1 if b.end > b.start else b.start)
        if dist > _TURN_SENTENCES:
            return []
        question = "?" in self.text[max(b.end - 2, b.start):b.end + 2]
        asked = self._cue_lemma(b) in ASKING_VERBS
        if not (question or asked):
            return []
        return [Candidate(b.source.start, b.source.end, other, [
            "kind=turn", "hearer=turn", f"turn|question={question}", f"turn|asked={asked}",
            f"turn|sents={dist}", f"turn|kind={a.kind}", f"entity={self._entity_kind(other)}"])]

    def _statement_ends(self) -> tuple[list[int], list[Attribution]]:
        """The article's statements by where their content ends (found once per article)."""
        cached: tuple[list[int], list[Attribution]] | None = getattr(self, "_addressee_ends", None)
        if cached is None:
            atts = sorted(self.attributions, key=lambda x: x.end)
            cached = ([x.end for x in atts], atts)
            self._addressee_ends = cached
        return cached

    def _talks(self) -> list[tuple[Token, int]]:
        """The article's talk words outside any statement's content, with their sentences
        (found once per article)."""
        cached: list[tuple[Token, int]] | None = getattr(self, "_addressee_talks", None)
        if cached is None:
            # read lemma and part of speech as arrays: making a Token for every word of the
            # article cost more than the rest of the addressee stage
            contents = self._all_contents()
            strings = self.doc.vocab.strings
            arr = self.doc.to_array([LEMMA, POS]).reshape(-1, 2)
            lemmas, tags = arr[:, 0], arr[:, 1]
            verbs = numpy.array(sorted(strings.add(w) for w in EVENT_VERBS), dtype=arr.dtype)
            nouns = numpy.array(sorted(strings.add(w) for w in EVENT_NOUNS), dtype=arr.dtype)
            # the whole article at once: a Python test per word cost as much as the rest
            hits = numpy.flatnonzero(((tags == VERB) & numpy.isin(lemmas, verbs))
                                     | ((tags == NOUN) & numpy.isin(lemmas, nouns))).tolist()
            cached = [(t, self.art.sent_of(t.idx)) for t in (self.doc[i] for i in hits)
                      if not any(s <= t.idx < e for s, e in contents)]
            self._addressee_talks = cached
        return cached

    def _participants(self, t: Token) -> list[tuple[Token, str]]:
        """Who takes part in a talk: the subject, the object, the object of "to"/"with"/
        "before"/"on" (a verb's or a talk noun's)."""
        out = []
        for c in t.children:
            if c.dep_ in {"nsubj", "nsubjpass"} and t.pos_ == "VERB":
                out.append((c, "subj"))
            elif c.dep_ in {"dobj", "dative"}:
                out.append((c, "obj"))
            elif c.dep_ in {"prep", "dative"} and c.lower_ in TARGET_PREPS | {"by"}:
                out.extend((p, f"prep:{c.lower_}") for p in c.children if p.dep_ == "pobj")
            elif c.dep_ == "agent":
                out.extend((p, "prep:by") for p in c.children if p.dep_ == "pobj")
        if t.pos_ == "VERB" and t.dep_ in {"advcl", "acl", "xcomp"} and not any(r == "subj" for _, r in out):
            # "Okafor, speaking on Radio 5, said …": the participle's subject is its head's
            out.extend((c, "subj") for c in t.head.children if c.dep_ == "nsubj")
        return out

    def _speaker_role(self, t: Token, speaker: int | None, word: str | None = None) -> str:
        """Whether the statement's speaker takes part in the talk ``t``: ``subj``, ``other``
        (another participant), ``no`` or ``-`` (speaker unknown). An unresolved speaker is
        known by its source's head word (``word``: "the man" → ``man``), when given."""
        if speaker is None and word is None:
            return "-"
        for part, role in self._participants(t):
            if (part.lower_ == word) if speaker is None else self._token_entity(part) == speaker:
                return "subj" if role == "subj" else "other"
        return "no"

    def _token_entity(self, tok: Token) -> int | None:
        """The entity a participant's head word names (a pronoun through its resolution)."""
        if tok.pos_ == "PRON" and tok.lower_ in PERSONAL:
            word = {"him": "he", "her": "she", "them": "they"}.get(tok.lower_, tok.lower_)
            return resolve_pronoun(self.art, word, tok.idx, [], None)
        return self.art.mentions.entity_holding(tok.idx)

    def _all_contents(self) -> list[tuple[int, int]]:
        cached: list[tuple[int, int]] | None = getattr(self, "_addressee_contents", None)
        if cached is None:
            cached = [(s.start, s.end) for a in self.attributions for s in a.content]
            self._addressee_contents = cached
        return cached

    def _relations(self, verb: Token, found: list[tuple[Token, str, str]], up: str) -> None:
        """The tokens related to ``verb`` as a hearer may be, each with its relation's name."""
        lemma = verb.lemma_.lower()
        tell = lemma in TELL_VERBS
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        for child in verb.children:
            dep = child.dep_
            if dep == "dative" and child.pos_ == "ADP":
                dep = "prep"  # "sent a letter to management": the parser's "dative" is a "to"
            if dep == "dobj" and child.pos_ != "PROPN" and any(
                    c.dep_ == "dative" and c.pos_ != "ADP" and c.i < child.i for c in verb.children):
                # "told the Echo outside court": after the hearer comes what is told (a name
                # there is a show of the hearer's: "told CNBC 'Squawk Box'")
                continue
            if dep in {"dobj", "dative", "iobj"} or (dep in {"advmod", "npadvmod"} and (
                    child.pos_ == "PROPN" or child.text[:1].isupper() and child.i > verb.i)):
                found.append((child, f"{up}obj:{dep}", lemma))
                if dep == "dobj" and child.lemma_.lower() in CARRIER_NOUNS:
                    self._carrier(child, "obj", found, up, lemma)  # "sent a letter to management"
            elif dep in {"advcl", "xcomp", "conj"} and child.lemma_.lower() in TELL_VERBS and not up:
                # "laughed when he urged voters, '…'": the telling hangs below the cue
                self._relations(child, found, "down|")
            elif dep in {"nsubj", "nsubjpass"} and child.lemma_.lower() in CARRIER_NOUNS:
                self._carrier(child, "subject", found, up, lemma)  # "a presentation to bondholders indicated"
            elif dep == "nsubjpass" and tell:
                found.append((child, f"{up}passive_subject", lemma))
            elif dep == "agent" and passive and lemma in ASKING_VERBS:
                found.extend((p, f"{up}asked_by", lemma) for p in child.children if p.dep_ == "pobj")
            elif dep == "prep" and child.lower_ in {"from", "of"} and any(
                    p.lower_ == "to" and any(o.lemma_.lower() in REACTION_NOUNS for o in p.children)
                    for p in verb.children if p.dep_ in {"prep", "dative"}):
                # "said to applause from supporters", the "from" hung on the verb
                found.extend((p, f"{up}reaction_from", lemma) for p in child.children if p.dep_ == "pobj")
            elif dep == "prep" and lemma == "accord":
                continue  # "according to X": X is the source, never the hearer
            elif dep in {"prep", "dative"} and child.lower_ in TARGET_PREPS:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    self._prep_object(pobj, child.lower_, found, up, lemma)
            elif dep == "prep" and child.lower_ in {"in", "during", "at", "on", "through", "via"}:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if pobj.tag_ == "WDT" and verb.dep_ == "relcl":
                        # "a call he made to X, in which he said": the carrier the clause is about
                        pobj = next((t for t in itertools.islice(verb.ancestors, 4)
                                     if t.lemma_.lower() in CARRIER_NOUNS), verb.head)
                    self._carrier(pobj, child.lower_, found, up, lemma)
            elif dep == "advcl" and child.lemma_.lower() in ASKING_VERBS:
                # "…, she said when asked by reporters" / "when contacted by Reuters"
                for gc in child.children:
                    if gc.dep_ == "agent":
                        found.extend((p, f"{up}asked_by", child.lemma_.lower()) for p in gc.children if p.dep_ == "pobj")
            elif dep == "prt" and child.lower_ == "on" and lemma == "call":
                continue
        if verb.pos_ == "NOUN":  # a nominal cue: "testimony before the committee"
            self._carrier(verb, "cue", found, up, lemma)
        if verb.dep_ == "acl" and verb.head.lemma_.lower() in CARRIER_NOUNS:
            self._carrier(verb.head, "acl", found, up, lemma)  # "a letter to management stating …"

    def _prep_object(self, pobj: Token, prep: str, found: list[tuple[Token, str, str]], up: str,
                     lemma: str) -> None:
        if pobj.lemma_.lower() in REACTION_NOUNS:
            for p2 in pobj.children:
                if p2.dep_ == "prep" and p2.lower_ in {"from", "of"}:
                    found.extend((c, f"{up}reaction_from", lemma) for c in p2.children if c.dep_ == "pobj")
            return
        if pobj.lemma_.lower() in CARRIER_NOUNS:
            self._carrier(pobj, prep, found, up, lemma)
        found.append((pobj, f"{up}prep:{prep}", lemma))

    def _carrier(self, noun: Token, prep: str, found: list[tuple[Token, str, str]], up: str,
                 verb: str) -> None:
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
                self._carrier(earlier, prep, found, f"{up}ref|", verb)
        name = lemma if lemma in CARRIER_NOUNS else "other"
        for p2 in _carrier_preps(noun):
            if p2.lower_ in TARGET_PREPS | {"from"}:
                for c in p2.children:
                    if c.dep_ == "pobj":
                        if c.lemma_.lower() in REACTION_NOUNS:
                            self._prep_object(c, p2.lower_, found, up, verb)
                        else:
                            found.append((c, f"{up}carrier:{p2.lower_}", verb))
                            found.append((c, f"{up}carrier:{name}:{p2.lower_}", verb))
        if prep == "on" and lemma not in CARRIER_NOUNS:
            found.append((noun, f"{up}on", verb))  # "said on NBC's Meet the Press"

    def _earlier_carrier(self, noun: Token) -> Token | None:
        """The nearest earlier carrier noun of the same lemma that names whom it went to."""
        lemma = noun.lemma_.lower()
        for t in reversed(self.doc[max(0, noun.i - 400):noun.i]):
            if t.lemma_.lower() == lemma and any(p.lower_ in TARGET_PREPS for p in _carrier_preps(t)):
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

    def _org_named_before(self, char: int, skip: Sequence[tuple[int, int]] = ()) -> SpacySpan | None:
        """The last organisation (or work) named that ends at or before ``char``, outside the
        ``skip`` extents."""
        _, _, orgs, ends = self._ent_index()
        i = bisect.bisect_right(ends, char) - 1
        while i >= 0 and any(s <= orgs[i].start_char < e for s, e in skip):
            i -= 1
        return orgs[i] if i >= 0 else None

    def _mentions_of(self, tok: Token, a: Attribution) -> list[Candidate]:
        """The candidate mentions a head token gives: its short and its full noun phrase (and an
        appositive name), resolved to entities; pronouns resolved to what they stand for."""
        # a capitalised word the tagger took for an adverb ("told Harbourline that …") is a name
        name_like = tok.pos_ in {"ADV", "ADJ"} and tok.text[:1].isupper() and tok.i > tok.sent.start
        if (tok.pos_ not in {"NOUN", "PROPN", "PRON", "NUM", "X"} and not name_like) or tok.lower_ in NOT_ADDRESSEES:
            return []
        if tok.ent_type_ in {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"}:
            return []
        # a capitalised word the tagger took for an adverb or adjective reads as the name it is
        base = [f"pos={'PROPN' if name_like else tok.pos_}", f"ent={tok.ent_type_ or '-'}",
                f"lemma={tok.lemma_.lower()}", f"plural={tok.tag_ in {'NNS', 'NNPS'}}"]
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
        ent = self._spelled_out(self._entity_in(s_start, s_end, tok))
        # "NASA's approach" holds a name but is a thing; "the border" is no one to talk to
        holds = ent is not None and self.art.mentions.entity_holding(tok.idx) == ent
        base += [f"animate={_animacy(tok, ent is not None and holds)}", f"entity|holds_head={holds}"]
        feats = base + ["extent=short", f"entity={self._entity_kind(ent)}"]
        owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)
        if ent is None and tok.pos_ == "NOUN" and tok.lemma_.lower() in STANDIN_HEADS and not owned:
            # "told the outlet": the organisation named last outside the statement's own words
            # ("'Scooter is frustrated,' an insider told the outlet" is not told to Scooter);
            # "its website", "his paper" is the speaker's own medium, no one it was said to
            inside = [(s.start, s.end) for s in a.content]
            ent = self._standin_entity(tok.idx, inside)
            feats.append(f"standin={ent is not None}")
            # beside the nearest organisation entity, the organisation named last (the
            # entities' kinds are guesses: a person's name may pass for one)
            named = self._org_named_before(tok.idx, inside)
            if named is not None:
                agrees = ent is not None and self._entity_in(
                    named.start_char, named.end_char, named.root) == ent
                out.append(Candidate(named.start_char, named.end_char, None, base + [
                    "extent=short", "standin=antecedent", f"standin|agrees={agrees}",
                    f"standin|resolved={ent is not None}"]))
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
        feats = base + [f"pron={key}", f"reflexive={reflexive}", f"entity={self._entity_kind(ent)}",
                        f"pron={key}|entity={self._entity_kind(ent)}"]
        out = [Candidate(tok.idx, tok.idx + len(tok.text), ent, feats)]
        if reflexive:
            return out
        np = self._plural_antecedent(tok, excluded) if key == "them" else (
            self._singular_antecedent(tok, excluded) if key in {"him", "her"} else None)
        if np is not None:
            # "greeted 2,000 supporters … and told them", "examined the man and told him": the
            # people meant, beside what the pronoun resolution gives
            phrase = self.doc.char_span(np[0], np[1], alignment_mode="expand")
            ant = self._entity_in(np[0], np[1], phrase.root if phrase is not None else tok)
            if ent is None:
                out = []  # an unresolved pronoun names no one: the phrase it stands for does
            out.append(Candidate(np[0], np[1], ant, base + [
                f"pron={key}", f"antecedent={'plural' if key == 'them' else 'singular'}_np",
                f"antecedent|resolved={ent is not None}", f"antecedent|dep={np[2]}",
                f"entity={self._entity_kind(ant)}", f"antecedent|same={ant is not None and ant == ent}"]))
        return out

    def _plural_antecedent(self, tok: Token, excluded: list[tuple[int, int]]) -> tuple[int, int, str] | None:
        """The nearest plural noun phrase (or names joined by "and") before "them" in its
        sentence or the one before ("She greeted 2,000 supporters … and told them", "the two
        witnesses, Tom Ames and Lu Chen, … asked them"): its extent and relation."""
        for t in self._before(tok):
            plural = t.tag_ in {"NNS", "NNPS"} or (t.pos_ == "PROPN" and any(c.dep_ == "conj" for c in t.children))
            if plural and t.dep_ in {"dobj", "nsubj", "pobj", "nsubjpass", "dative"} \
                    and not any(s <= t.idx < e for s, e in excluded):
                return self._phrase(t) + (t.dep_,)
        return None

    def _singular_antecedent(self, tok: Token, excluded: list[tuple[int, int]]) -> tuple[int, int, str] | None:
        """The nearest singular person-like noun phrase before "him"/"her" in its sentence or
        the one before ("The doctor examined the man and told him")."""
        for t in self._before(tok):
            if t.tag_ in {"NN", "NNP"} and t.dep_ in {"dobj", "dative", "pobj", "nsubj", "nsubjpass"} \
                    and (t.ent_type_ == "PERSON" or t.lemma_.lower() in lex.PERSON_HEADS
                         or t.lemma_.lower() in PERSON_NOUNS) \
                    and not any(s <= t.idx < e for s, e in excluded):
                return self._phrase(t) + (t.dep_,)
        return None

    def _before(self, tok: Token) -> list[Token]:
        """The tokens of ``tok``'s sentence and the one before, nearest first."""
        start = tok.sent.start
        if start > 0:
            start = self.doc[start - 1].sent.start
        return list(reversed(self.doc[start:tok.i]))

    def _phrase(self, t: Token) -> tuple[int, int]:
        """The noun phrase of ``t`` up to its head word, with an appositive of names."""
        toks = [x for x in t.subtree if x.dep_ not in {"punct", "relcl", "acl"}
                and not _branch(x, t, {"relcl", "acl", "prep"})]
        start = min(x.idx for x in toks)
        end = max(x.idx + len(x.text) for x in toks)
        if end - start > 120:
            end = t.idx + len(t.text)
        return start, end

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

    def _spelled_out(self, ent: int | None) -> int | None:
        """The organisation an acronym entity stands for, when the article spells it out
        ("the PUC" → California Public Utilities Commission): its fullest name."""
        if ent is None:
            return None
        e = self.art.entities[ent]
        if e.kind != "organization" or not (2 <= len(e.name) <= 6 and e.name.isalpha() and e.name.isupper()):
            return ent
        for i, other in enumerate(self.art.entities):
            if i == ent or other.kind != "organization":
                continue
            initials = "".join(w[0] for w in other.name.split() if w[:1].isupper())
            if len(initials) >= len(e.name) and initials.endswith(e.name):
                return i
        return ent

    def _entity_kind(self, ent: int | None) -> str:
        return "-" if ent is None else self.art.entities[ent].kind

    def _standin_entity(self, pos: int, skip: Sequence[tuple[int, int]] = ()) -> int | None:
        """"The paper", "the outlet": the nearest organisation named before, outside the
        ``skip`` extents."""
        for m in reversed(self.art.mentions[:self.art.mentions.index_before(pos)]):
            if m.start >= pos or m.entity is None or any(s <= m.start < e for s, e in skip):
                continue
            if self.art.entities[m.entity].kind == "organization":
                return m.entity
        return None


# what "told" tells when it is not whom: "told the tale of a man", "told the truth"
TOLD_THINGS = {"tale", "story", "truth", "lie", "joke", "news", "secret", "anecdote", "history"}
# events that stand for their audience after a verb of telling ("told the hearing", "told a
# news conference") — other things a telling verb takes are what it tells or asks about
# ("questioned NASA's approach", "answered the question", "promised a tax cut")
AUDIENCE_EVENTS = {"hearing", "conference", "meeting", "rally", "summit", "session", "briefing",
                   "forum", "gathering", "convention", "assembly", "event", "inquiry", "trial",
                   "tribunal", "seminar", "symposium", "congress", "audience", "crowd", "show",
                   "podcast", "segment", "broadcast", "service"}  # fmt: skip


def _may_hear(tok: Token, path: str, verb: str) -> bool:
    """Whether a word in a hearer's relation can be one: not the thing a verb of telling tells
    or asks about, not an event a statement was made before ("said before the interview"), not
    the platform it was posted on ("said on Twitter": the medium, not an audience)."""
    last = path.split("|")[-1]
    lemma = tok.lemma_.lower()
    if tok.lower_ in lex.PLATFORMS or (tok.lower_ == "media" and any(c.lower_ == "social" for c in tok.children)):
        return False
    if tok.pos_ != "NOUN" or lemma in AUDIENCE_EVENTS:
        return True
    thing = _animacy(tok, False) == "thing"
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children) and (lemma in STANDIN_HEADS or thing):
        return False  # "wrote on his blog", "shared to its website": the speaker's own medium
    if last.startswith("obj:dobj") and verb in TELL_VERBS:
        return not thing and lemma not in TOLD_THINGS
    if last.startswith(("prep:before", "carrier:before")):
        return not thing  # "testified before the committee", not "said before the vote"
    return True


def _carrier_preps(noun: Token) -> list[Token]:
    """The prepositions that may say whom a carrier noun went to: its own ("a letter to the
    board"), its clause's ("the call he made to Omar's office", "an email sent to staff") and, for
    an object, its verb's "to" ("sent a letter to management stating …", "gave a speech to donors")."""
    out = [c for c in noun.children if c.dep_ in {"prep", "dative"}]
    out += [g for c in noun.children if c.dep_ in {"relcl", "acl"} and c.pos_ == "VERB"
            for g in c.children if g.dep_ in {"prep", "dative"} and g.lower_ in {"to", "with"}]
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in SPEECH_VERBS | {"give", "hand", "make"}:
        out += [g for g in noun.head.children if g.dep_ in {"prep", "dative"} and g.lower_ == "to"]
    return out


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
                        "passive_subject", "asked_by")):
        return "strong"
    if last.startswith(("prep:to", "prep:before")):
        return "strong" if lemma in SPEECH_VERBS | TELL_VERBS else "weak"
    if last.startswith("prep:on") and lemma in APPEAL_VERBS:
        return "strong"  # "called on the government to withdraw", "prevailed on the board"
    return "weak"


def _animacy(tok: Token, named: bool) -> str:
    """Whether a head word names someone who can be told something: ``name`` (a person's or an
    organisation's), ``place`` (a country, a city: "urged Vietnam"), ``person`` (a word for
    people: "voters", "the man", "the senator"), ``thing``."""
    if tok.ent_type_ in {"PERSON", "ORG", "NORP"} or (named and tok.pos_ == "PROPN"):
        return "name"
    if tok.ent_type_ in PLACE_LABELS:
        return "place"
    lemma = tok.lemma_.lower()
    # (the word as written too: "media" is people, though its lemma is "medium")
    if lemma in PERSON_NOUNS or lemma in lex.PERSON_HEADS or lemma in VOCATIVE_NOUNS or \
            lemma in GROUP_NOUNS or tok.lower_ in GROUP_NOUNS or tok.lower_ in lex.GENERIC_HEADS or \
            lemma in STANDIN_HEADS or lex.head_classes(lemma):
        return "person"
    if named or (tok.pos_ == "PROPN" and not tok.ent_type_):
        return "name"  # "told WIRED", "told Ruptly": an outlet the tagger did not name
    return "thing"


def _head_word(source: str) -> str | None:
    """The last word of a source mention, lower-cased ("the man" → ``man``); ``None`` for a
    pronoun (it names no one by itself)."""
    words = [w for w in source.lower().split() if w.isalpha()]
    if not words or words[-1] in PERSONAL or words[-1] in FIRST_PERSON:
        return None
    return words[-1]


def _sentences_of(toks: SpacySpan) -> list[list[Token]]:
    """The tokens of a span, grouped by sentence."""
    out: list[list[Token]] = []
    for t in toks:
        if out and not t.is_sent_start:
            out[-1].append(t)
        else:
            out.append([t])
    return out


# words that open or close a quoted sentence after a comma without calling anyone ("Thanks,
# …", "Today, …", "…, huh?")
NOT_CALLS = {"thanks", "thank", "please", "huh", "today", "tonight", "now", "well", "so", "sorry",
             "yes", "no", "yeah", "okay", "ok", "again", "too", "though", "however", "indeed",
             "sure", "right", "fine", "anyway", "meanwhile", "instead", "frankly", "honestly"}  # fmt: skip
# nouns of a greeting or praise that a call follows ("Good morning, Ohio", "Great job, Ames")
GREETING_NOUNS = {"morning", "afternoon", "evening", "night", "day", "luck", "job", "work", "bye",
                  "thanks", "congratulations", "welcome"}  # fmt: skip
# words before a comma that give an example, not a call ("a U.S. importer — say, Costco")
EXAMPLE_WORDS = {"say", "like", "including", "namely", "especially", "notably", "e.g.", "i.e."}


def _name_run(toks: Sequence[Token], first: bool = False) -> list[Token]:
    """A vocative's words: "Ohio", "my dear Ames", "Madam Chair", "folks". ``first``: the words
    open their sentence, where every word is capitalised, so a common noun there is no name
    ("Tariffs, …", "Dance, …")."""
    words = list(toks)
    called = bool(words) and words[0].lower_ in {"my", "dear", "good"}
    if words and words[0].lower_ == "my":
        words = words[1:]
    while words and words[0].lower_ in {"dear", "good"}:
        words = words[1:]
    if not words or len(words) > 4:
        return []
    if any(w.lower_ in NOT_CALLS or w.ent_type_ in {"DATE", "TIME"} for w in words):
        return []
    if any(c.dep_ == "conj" for c in words[-1].children):
        return []  # "Dance, music, acting is amazing": the first of a list
    if all(w.pos_ == "PROPN" or (w.text[:1].isupper() and w.pos_ in {"NOUN", "ADJ"}
                                 and not (first and not called)) for w in words):
        return words
    if len(words) == 1 and words[0].lower_ in VOCATIVE_NOUNS:
        return words
    return []


def _vocative_features(words: Sequence[Token], sent: Sequence[Token], where: str) -> list[str]:
    """What tells a call from an apposition: an interjection or "my dear" before the name, the
    word beside the comma ("…, China." after a noun is an apposition), a command or "you" in the
    sentence ("Virginia, … go out and vote")."""
    doc = words[0].doc
    before = [doc[i] for i in range(max(words[0].i - 2, sent[0].i), words[0].i)]
    side = doc[words[-1].i + 1] if where == "start" else (before[-1] if before else None)
    if where == "start" and words[-1].i + 2 < len(doc):
        side = doc[words[-1].i + 2]  # the word after the comma
    elif where == "end" and len(before) == 2 and before[-1].text == ",":
        side = before[0]  # the word before the comma
    called = any(t.lower_ in INTERJECTIONS | {"my"} for t in before) or any(
        w.lower_ in {"my", "dear"} for w in words[0].lefts)
    # a bare verb with no subject but the name itself ("Harbourline, fix the timetable")
    called_ids = {w.i for w in words}
    command = any(t.tag_ == "VB" and t.dep_ in {"ROOT", "conj", "ccomp"} and not any(
        c.dep_ in {"nsubj", "aux"} and c.i not in called_ids for c in t.children) for t in sent)
    you = any(t.lower_ in {"you", "your", "yourself", "yourselves"} for t in sent)
    side_tag = "-" if side is None else (side.tag_ if not side.is_punct else "PUNCT")
    return [f"vocative|called={called}", f"vocative|command={command}", f"vocative|you={you}",
            f"vocative|{where}|side={side_tag}", f"vocative|{where}|called={called}",
            f"vocative|{where}|command={command or you}"]


def _vocative_at_start(toks: Sequence[Token]) -> list[Token]:
    """A name set off by a comma at the start of a quoted sentence ("Ohio, go vote")."""
    words = [t for t in toks if not (t.is_punct and t.text not in {",", "!"})]
    i = 0
    if words and words[0].lower_ in INTERJECTIONS and len(words) > 1:
        i = 1
        if words[1].text == ",":
            i = 2
    j = i
    while j < len(words) and words[j].text not in {",", "!"} and j - i < 6:
        j += 1
    if j >= len(words) or j == i or words[j].text not in {",", "!"} or j + 1 >= len(words):
        return []
    if words[j + 1].lower_ in {"who", "which", "whose", "and", "or", "inc", "jr", "sr"}:
        return []  # "Ames, who …", "Paris, and …": not a call
    return _name_run(words[i:j], first=i == 0)


def _vocative_at_end(toks: Sequence[Token]) -> list[Token]:
    """A name set off by a comma at the end of a quoted sentence ("…, my dear Ames.")."""
    words = [t for t in toks if not t.is_punct or t.text == ","]
    while words and words[-1].text == ",":
        words.pop()  # "'…, my dear Ames,' she said": the comma before the cue
    j = len(words)
    i = j
    while i > 0 and words[i - 1].text != "," and j - i < 6:
        i -= 1
    if i <= 1 or i == j or words[i - 1].text != ",":
        return []
    if words[i].lower_ not in {"my", "dear"} and words[i - 2].lower_ not in GREETING_NOUNS and (
            words[i - 2].pos_ in {"PROPN", "NOUN"} or words[i - 2].lower_ in EXAMPLE_WORDS):
        # "in Paris, France", "a country that never gave us 10 cents, China": an apposition;
        # "an importer — say, Costco": an example, not a call
        return []
    return _name_run(words[i:j])


# words for a group of people a statement may be made to ("told the crowd", "wrote to staff")
GROUP_NOUNS = {
    "crowd", "audience", "media", "press", "staff", "management", "investor", "shareholder",
    "bondholder", "delegate", "company", "nation", "office", "follower", "neighbor", "neighbour",
    "circle", "committee", "panel", "board", "council", "government", "congress", "parliament",
    "lawmaker", "public", "jury", "court", "team", "player", "worker", "employee", "supporter",
    "donor", "student", "class", "inquiry", "commission", "agency", "department", "ministry",
    "senate", "house", "assembly", "legislature", "cabinet", "party", "union", "church",
    "congregation", "graduate", "attendee", "guest", "listener", "viewer", "reader", "fan",
    "colleague", "counterpart", "partner", "client", "customer", "member", "group", "family",
    "community", "country", "world", "everyone", "people", "citizen", "resident", "voter",
}  # fmt: skip
VOCATIVE_NOUNS = {"folks", "guys", "everyone", "everybody", "gentlemen", "ladies", "friends",
                  "sir", "ma'am", "madam", "son", "kids", "people", "america", "fans"}  # fmt: skip
PERSON_NOUNS = {"man", "woman", "boy", "girl", "patient", "child", "person", "doctor", "officer",
                "reporter", "host", "interviewer", "journalist", "witness", "judge", "student",
                "teacher", "caller", "customer", "client", "driver", "victim", "suspect"}  # fmt: skip
