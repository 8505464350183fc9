"""Speech occasions the text dates, and the statements and events that name them again.

Sources 1 and 3 of the ``said_on`` rules (:mod:`quotegraph.timing.said_on`) beyond the cue's own
time: the occasions an article dates ("Monday's debate", "sent a letter Thursday"), the days told
from them ("the evening after the vote"), a definite occasion named again by a statement ("said
in the letter", "the letter reads") or at a named place ("speaking at a rally in Novi,
Michigan"), and the sentences that announce a dated speech event without being an attribution
("Answering reporters' questions on Wednesday, the diplomat …") or a speech act at an occasion
dated before ("made this statement during the debate").
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from quotegraph.intervals import Ranges, RangesExcept
from quotegraph.models import Attribution, SaidOn, TimeExpression
from quotegraph.nlp.tokens import token_table
from quotegraph.timing.cue_time import (
    SPEECH_EVENTS,
    Dated,
    attachment,
    dated_spans,
    frame_of,
    is_present,
    is_progressive,
    overlaps,
    sentence_at,
    still_to_come,
)
from quotegraph.timing.spans import expanded, sentence_of

_DEFINITE = {"the", "his", "her", "their", "its", "that", "this"}


def dated_occasions(
    doc: Doc, times: list[tuple[TimeExpression, Dated]], contents: list[tuple[int, int]],
) -> list[tuple[int, str, SaidOn]]:
    """Speech occasions the text dates: (token index, noun lemma, date).

    "Monday's debate", "a rally Friday evening", "the debate on Monday", "sent a letter Thursday".
    """
    found = []
    for span, said_on in dated_spans(doc, times, contents):
        head = span.root.head
        if head.pos_ == "ADP":
            head = head.head  # "the debate on Monday", "sent a letter on Tuesday"
        nouns = []
        if head.pos_ == "NOUN":
            nouns.append(head)  # "Monday's debate", "a rally Friday"
        elif head.pos_ in ("VERB", "AUX"):
            nouns += [c for c in head.children if c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.pos_ == "NOUN"]
            # "during a rally Friday": the time and the occasion share the verb
            nouns += [g for c in head.children if c.dep_ == "prep" for g in c.children
                      if g.dep_ == "pobj" and g.pos_ == "NOUN"]
        for noun in nouns:
            if noun.lemma_.lower() in SPEECH_EVENTS:
                found.append((noun.i, noun.lemma_.lower(), said_on))
    return sorted(found, key=lambda f: f[0])  # type: ignore[arg-type,return-value]


_RELATIVE_DAY = re.compile(
    r"\b(?i:the|that)\s+(?P<part>day|morning|afternoon|evening|night)\s+(?P<rel>after|before)\s+"
    r"(?:the|that|this|his|her|their|its)\s+(?:[\w-]+\s+){0,3}?(?P<noun>[a-z]+)\b"
)


def relative_days(doc: Doc, text: str, occasions: list[tuple[int, str, SaidOn]]) -> list[TimeExpression]:
    """Days told from a dated occasion: "the evening after the vote", "the day before the hearing".

    The occasion is the one of that name the text dated last before the phrase (else the only
    one it dates); its day shifted by one is the expression's value.
    """
    found = []
    for m in _RELATIVE_DAY.finditer(text):
        span = doc.char_span(m.start("noun"), m.end("noun"))
        if span is None or not len(span):
            continue
        lemma = span[0].lemma_.lower()
        same = [o for o in occasions if o[1] == lemma and o[2].granularity == "day"]
        earlier = [o for o in same if o[0] < span[0].i]
        if earlier:
            said = earlier[-1][2]
        elif len({o[2].value for o in same}) == 1:
            said = same[0][2]
        else:
            continue
        try:
            day = dt.date.fromisoformat(said.start) + dt.timedelta(days=1 if m["rel"] == "after" else -1)
        except OverflowError:  # the occasion is on the calendar's first or last day
            continue
        found.append(TimeExpression(m.start(), m.end("noun"), text[m.start() : m.end("noun")], "DATE", day.isoformat()))
    return found


def named_occasion(
    doc: Doc, attribution: Attribution, contents: list[tuple[int, int]],
    occasions: list[tuple[int, str, SaidOn]], item_start: int = 0,
) -> SaidOn | None:
    """The date of a dated occasion the statement names again.

    A definite speech noun that hangs from the cue through a preposition ("said in the letter",
    "during the debate") or is the source ("the letter reads") refers back to the occasion of that
    name the text last dated in the same live-blog item (from ``item_start``, a token index); an
    occasion or a speech act at a named place refers to the one occasion the text dates there.
    """
    start, end = frame_of(attribution)
    frame = expanded(doc, start, end)
    if frame is None or not len(frame):
        return None
    targets = {t.i for t in frame} | {t.head.i for t in frame if t.pos_ not in ("VERB", "AUX")}
    # "In the spin room after the debate, the aides were complimentary, perhaps recognizing …": a
    # participle's occasion is its clause's.
    targets |= {t.head.i for t in frame if t.dep_ in ("advcl", "conj") and t.tag_ in ("VBG", "VBN")}
    # Its own content may run over the occasion ("made this statement during the debate …").
    mine = {(c.start, c.end) for c in attribution.content}
    others = contents.without(mine) if isinstance(contents, Ranges) else [r for r in contents if r not in mine]
    named = _occasion_named_from(doc, targets, sentence_of(doc, frame[0].i), others, occasions, item_start)
    source = expanded(doc, attribution.source.start, attribution.source.end) if attribution.source else None
    if named is None and source is not None and len(source):
        # "“…,” the letter reads": a definite document as the source is the one the text dated.
        # (the parse may read "the editorial read" as one noun phrase: the source's own words
        # then hold its noun, tagged a modifier, and its determiner)
        head = source.root
        if head.pos_ not in ("NOUN", "ADJ"):
            head = next((t for t in reversed(source) if t.pos_ in ("NOUN", "ADJ")), head)
        word = head.lemma_.lower() if head.pos_ == "NOUN" else head.lower_ if head.pos_ == "ADJ" else ""
        if word in SPEECH_EVENTS and any(
            t.i < head.i and t.dep_ in ("det", "poss") and t.lower_ in _DEFINITE for t in source
        ):
            earlier = [o for o in occasions if o[1] == word and item_start <= o[0] < head.i]
            if earlier:
                named = earlier[-1][2]
    if named is None and source is not None:
        # "Trump, speaking to a veterans group in Virginia, said": a speech act at a named place
        # is the one occasion of speaking the text dates at that place.
        anchors = targets | {t.i for t in source}
        places: set[str] = set()
        table = token_table(doc)
        sent = sentence_of(doc, frame[0].i)
        for i in range(sent.start, sent.end):
            if table.pos[i] != "VERB" or table.lemma[i].lower() not in SPEECH_EVENTS \
                    or table.dep[i] not in ("acl", "advcl"):
                continue
            token = doc[i]
            if token.head.i in anchors and not overlaps(token.idx, token.idx + len(token), contents):
                places |= {g.lower_ for g in token.subtree if g.pos_ == "PROPN" and g.ent_type_ in ("GPE", "LOC", "FAC")}
        if places:
            matches = {o[2].value: o[2] for o in occasions if places & _places(doc[o[0]])}
            if len(matches) == 1:
                named = next(iter(matches.values()))
    return named


def _occasion_named_from(
    doc: Doc, targets: set[int], sent: SpacySpan, contents: list[tuple[int, int]] | Ranges | RangesExcept,
    occasions: list[tuple[int, str, SaidOn]], item_start: int = 0,
) -> SaidOn | None:
    """The date of a dated occasion named again by a speech noun hanging from ``targets``."""
    table = token_table(doc)
    for i in range(sent.start, sent.end):
        if table.pos[i] != "NOUN" or table.lemma[i].lower() not in SPEECH_EVENTS:
            continue
        token = doc[i]
        if overlaps(token.idx, token.idx + len(token), contents) or token.i in targets:
            continue
        # It must hang from the cue through prepositions (or a verb of speaking) only: "said in
        # the letter", "Speaking at a rally in Ohio, X says".
        node, ok = token, False
        for _ in range(5):
            if node.dep_ not in ("pobj", "prep", "advcl", "compound") or (
                node.dep_ == "advcl" and node.lemma_.lower() not in SPEECH_EVENTS
            ):
                break
            node = node.head
            if _around(node):
                break  # "in the lead-up to the vote", "on the eve of the summit": not at it
            if node.i in targets:
                ok = True
                break
        if not ok:
            continue
        same = [o for o in occasions if o[1] == token.lemma_.lower() and o[0] != token.i]
        if any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in token.children):
            earlier = [o for o in same if item_start <= o[0] < token.i]
            if earlier:
                return earlier[-1][2]
            continue
        # "a rally in Novi, Michigan" is "a rally Friday evening in Michigan": the same kind of
        # occasion at the same named place, wherever the text dates it.
        names = _places(doc[token.i])
        matches = {o[2].value: o[2] for o in same if names & _places(doc[o[0]])}
        if len(matches) == 1:
            return next(iter(matches.values()))
    return None


_AROUND = {"eve", "aftermath", "wake", "prelude", "run-up", "lead-up", "runup", "leadup", "buildup", "build-up"}


def _around(noun: object) -> bool:
    """Whether a noun names a time before or after an occasion ("the lead-up to", "the eve of")."""
    if noun.pos_ != "NOUN":  # type: ignore[attr-defined]
        return False
    if noun.lemma_.lower() in _AROUND:  # type: ignore[attr-defined]
        return True
    # "lead-up" parsed as "lead - up"
    return noun.lower_ == "up" and any(c.lower_ in ("lead", "run", "build") for c in noun.children)  # type: ignore[attr-defined]


def _places(noun: object) -> set[str]:
    """The proper names that modify an occasion noun ("a rally in Novi, Michigan" → Novi, Michigan)."""
    found = set()
    for t in noun.subtree:  # type: ignore[attr-defined]
        if t.pos_ == "PROPN" and t.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "NORP"):
            found.add(t.lower_)
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head  # type: ignore[attr-defined]
    for t in verb.children if verb.pos_ in ("VERB", "AUX") else []:
        # "a rally Friday evening in Michigan" may hang "in Michigan" from the verb.
        if t.dep_ == "prep" and t.lower_ in ("in", "at"):
            found |= {g.lower_ for g in t.subtree if g.pos_ == "PROPN" and g.ent_type_ in ("GPE", "LOC", "FAC")}
    return found


def _through(doc: Doc, time: TimeExpression, root: int, cues: set[int]) -> bool:
    """Whether the walk up the parse from ``time`` to the token ``root`` meets a cue token (the
    root itself included): then the time dates that statement, not its sentence's main clause."""
    span = expanded(doc, time.start, time.end)
    if span is None or not len(span):
        return True
    token = span.root
    for _ in range(12):
        if token.i in cues:
            return True
        if token.i == root or token.head.i == token.i:
            return False
        token = token.head
    return True


def _fronted_occasion(doc: Doc, time: TimeExpression, sent: SpacySpan) -> bool:
    """Whether the time is told, before the main clause's subject, with an occasion of speaking
    that opens the sentence: "In a televised speech today, Obama …", "At a rally here last
    week, Pence …"."""
    span = expanded(doc, time.start, time.end)
    if span is None or not len(span):
        return False
    root = sent.root
    subjects = [t.i for t in root.children if t.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or span.end > subjects[0]:
        return False
    for child in root.children:
        if child.dep_ == "prep" and child.i < subjects[0] and child.left_edge.i <= span.start and any(
            t.pos_ == "NOUN" and t.lemma_.lower() in SPEECH_EVENTS for t in child.subtree
        ):
            return True
    return False


def announced_events(
    doc: Doc, times: list[tuple[TimeExpression, Dated]], frames: set[int],
    contents: list[tuple[int, int]], published: dt.date | None = None,
    occasions: list[tuple[int, str, SaidOn]] | None = None, renamed: set[int] | None = None,
    break_tokens: list[int] | None = None, cues: set[int] | None = None,
) -> dict[int, SaidOn]:
    """Sentences (by first token index) that date a speech event without being an attribution.

    The time must date the sentence's main clause ("The city sent a letter Thursday", "Answering
    questions on Wednesday, the diplomat touched on …"), reached through words of speaking only:
    "problems during Monday's debate" dates the problems, "a loss in 1995" the loss. Only an
    occasion (a day) is announced; a week, a month or a year dates background.

    A sentence that holds a statement announces its main clause's occasion too, for its subject
    alone, when an occasion of speaking told before the subject opens it with the time and the
    time reaches the main verb through no statement's cue (``cues``: the cue tokens): "In a
    televised speech today, Obama presented a plan following the announcement by GM that …"
    dates Obama's speech, whatever GM's statement in it says.
    """
    events: dict[int, SaidOn] = {}
    renamed = renamed if renamed is not None else set()
    for time, dated in times:
        if dated.said_on is None or overlaps(time.start, time.end, contents):
            continue
        sent = sentence_at(doc, time.start, time.end)
        if sent is None or sent.start in events:
            continue
        if sent.start in frames and (
            cues is None or sent.root.pos_ not in ("VERB", "AUX") or _through(doc, time, sent.root.i, cues)
            or not _fronted_occasion(doc, time, sent)
        ):
            continue
        outside = [t for t in sent if not overlaps(t.idx, t.idx + len(t), contents)]
        if not any(t.lemma_.lower() in SPEECH_EVENTS for t in outside):
            continue
        if still_to_come(sent.root):
            continue
        if is_progressive(sent.root) and published is not None and dated.said_on.end < published.isoformat():  # type: ignore[union-attr]
            continue  # "Trump is raising questions about Monday's debate": Monday dates the debate
        if attachment(doc, time, {sent.root.i}, set(), {sent.root.i}, nouns=True):
            events[sent.start] = dated.said_on  # type: ignore[assignment]
            if sent.start in frames:
                # beside a statement, the main clause's occasion is its subject's alone
                renamed.add(sent.start)
    # "Trump made this statement during a portion of the debate": a speech act at an occasion the
    # text dated before.
    occasions = occasions if occasions is not None else []
    for sent in doc.sents if occasions else []:
        root = sent.root
        if sent.start in frames or sent.start in events or still_to_come(root) or is_present(root):
            continue
        speech = root.lemma_.lower() in SPEECH_EVENTS or any(
            c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_EVENTS for c in root.children
        )
        if not speech or overlaps(root.idx, root.idx + len(root), contents):
            continue
        item_start = max((b for b in break_tokens or [] if b <= sent.start), default=0)
        named = _occasion_named_from(doc, {root.i}, sent, contents, occasions, item_start)
        if named is not None:
            events[sent.start] = named
            renamed.add(sent.start)
    return events
