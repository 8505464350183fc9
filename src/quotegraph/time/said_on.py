"""Date each statement: ``Attribution.said_on`` from the time that governs it.

Three sources, in this order of trust:

1. **Own time** — a time expression in the sentence of the cue, outside every quoted or reported
   content, that the parse hangs from the cue ("said on Wednesday", "said Thursday", "in an
   interview in February, X expressed", "during last month's forum, X said") or that frames the
   main clause ("On Thursday, however, X spoke, promising …"; not a bare year there). A vague own
   time ("noted later", "said recently") dates the statement to no interval: it stays undated
   and inherits nothing. Times that bound a period ("since Monday") or are told in the future
   ("will vote on Friday") date no statement.
2. **The speaker's occasion** — later statements by the same speaker inherit the time of the
   occasion the speaker was last dated at ("… Lavrov said. He reminded reporters …") until another
   event intervenes or the speaker falls silent for a few sentences. A month or a year carries only
   into the next sentence; a standing view ("has often argued", "now says") inherits nothing.
3. **An announced event** — a sentence that names a dated speech event without being an
   attribution itself ("Answering reporters' questions on Wednesday, the diplomat touched on …")
   dates the statement that follows it, which binds that speaker to it. A statement of the
   headline or lead that precedes everything the article dates takes its speaker's first date.

A time inside any content dates the reported event, never the statement. Times after the
publication date cannot date a statement. When nothing dates a statement, ``said_on`` stays
``None``: the publication date is never used as a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from quotegraph.models import Attribution, SaidOn, Span, TimeExpression
from quotegraph.time.normalise import direction, interval

# Nouns and verbs that name an occasion of speaking; a dated sentence that mentions one announces
# the event the following statements belong to.
_SPEECH_EVENTS = {
    "interview", "speech", "rally", "debate", "hearing", "conference", "briefing", "statement",
    "remark", "comment", "question", "broadcast", "episode", "show", "appearance", "address",
    "testimony", "forum", "summit", "meeting", "session", "tweet", "post", "letter", "memo",
    "report", "release", "announcement", "op-ed", "column", "article", "email", "call", "event",
    "campaign", "visit", "trip", "town", "podcast", "program", "programme", "panel", "discussion",
    "talk", "tell", "say", "speak", "answer", "ask", "testify", "announce", "write", "appear",
    "respond", "reply", "declare", "argue", "claim", "insist", "warn", "publish", "issue", "send",
    "discuss", "stump", "join",
}
_HABITUAL_ADVERBS = {
    "often", "always", "long", "repeatedly", "now", "frequently", "usually", "since", "consistently",
}
_PERIOD_PREPOSITIONS = {"since", "until", "till", "by", "before", "through", "from", "throughout"}
_RULE = re.compile(r"[_*=~-]{3,}\.?")
_VAGUE_VALUES = {"PAST_REF", "FUTURE_REF"}
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "his", "its"}
_TITLES = {"mr", "mrs", "ms", "dr", "sen", "senator", "gov", "governor", "president", "rep"}
_GAP = 4  # sentences a speaker may fall silent before their occasion stops carrying
_EVENT_REACH = 1  # sentences after an announced event within which a statement may claim it
_LEAD_LINES = 6  # non-empty lines (headline and opening paragraphs) that may take a later date


@dataclass(frozen=True, slots=True)
class _Dated:
    said_on: SaidOn | None  # None: a vague time that dates the statement to no interval


def _said_on(time: TimeExpression) -> SaidOn | None:
    found = interval(time.value)
    if found is None:
        return None
    value, granularity, start, end = found
    return SaidOn(value, granularity, start, end, Span(time.start, time.end, time.text))  # type: ignore[arg-type]


def _lasting(said: SaidOn | None) -> bool:
    """Whether a statement's date is one its speaker's next statements inherit.

    Reports follow a speaker through one recent occasion ("on Thursday", "this week"); a month or a
    year dates a single remembered statement ("in June 2015, she said"), not what follows.
    """
    return said is not None and said.granularity in ("day", "week")


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)


def _usable(doc: Doc, time: TimeExpression, published: dt.date | None) -> _Dated | None:
    """What a time outside any content says about a statement: a date, vagueness, or nothing."""
    if time.type not in ("DATE", "TIME"):
        return None
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is not None and len(span):
        head = span.root.head
        # "since Monday", "until June", "by 2030": the bound of a period, not a moment of speech.
        if span.root.dep_ == "pobj" and head.lower_ in _PERIOD_PREPOSITIONS:
            return None
        # Statements are reported after they are made: a time told in the future dates a plan.
        if direction(doc, time.start, time.end) == "future":
            return None
    if time.value in _VAGUE_VALUES:
        return _Dated(None)
    said = _said_on(time)
    if said is None:
        return None
    # A statement reported in an article cannot postdate the article.
    if published is not None and said.start > published.isoformat():
        return None
    return _Dated(said)


def _sentence(doc: Doc, start: int, end: int) -> SpacySpan | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span[0].sent


def _attached(
    doc: Doc, time: TimeExpression, targets: set[int], content: set[int], roots: set[int] = frozenset()  # type: ignore[assignment]
) -> bool:
    """Whether the time hangs, through the parse, from the speech act's words.

    "said on Wednesday", "Last week, Biden said", "In an interview in February, he expressed":
    walking up from the time reaches the cue. A walk that enters a content, or a relative clause
    on the way ("Trump, who lost in 2020, said"), belongs to something else.
    """
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    token = span.root
    # "the 2016 election", "his 1994 Contract": a time that modifies a noun dates that thing,
    # unless the thing is an occasion of speaking ("Monday's debate", "a Friday rally").
    if token.dep_ in ("compound", "nmod", "amod", "poss", "npadvmod") and token.head.pos_ in ("NOUN", "PROPN"):
        if token.head.lemma_.lower() not in _SPEECH_EVENTS and token.head.i not in targets:
            return ""
    for _ in range(12):
        if token.i in targets:
            return "cue"
        if token.i in content and token.i not in targets or token.dep_ == "relcl":
            return ""
        # Another verb's clause on the way ("… just as he did with Romney in 2012") dates that
        # clause, unless the verb itself tells of speaking ("Answering questions on Wednesday, …").
        if (
            token.pos_ in ("VERB", "AUX") and token.i not in targets and token.dep_ != "ROOT"
            and token.lemma_.lower() not in _SPEECH_EVENTS
        ):
            return ""
        if token.head.i == token.i:
            # A frame adverbial of the main clause ("On Thursday, however, Trump spoke,
            # promising …") dates the speech acts the clause reports.
            return "frame" if token.i in roots else ""
        token = token.head
    return ""


def _speaker_key(doc: Doc, attribution: Attribution, previous: str | None) -> str | None:
    """A key naming who spoke: the resolved speaker, a surname, or the previous speaker for a pronoun."""
    if attribution.speaker is not None:
        return attribution.speaker.id or attribution.speaker.name.lower()
    if attribution.source is None:
        return None
    words = re.findall(r"[\w’'.-]+", attribution.source.text)
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return previous
    if len(words) == 1 and words[0].lower() in ("who", "which", "that", "whom"):
        return None  # a relative pronoun names whatever its clause hangs on, not a speaker
    span = doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
    tokens, depth = [], 0
    for token in span or []:
        # "Gov. Mike Pence (R-IN)": the bracketed party and state name nobody.
        depth += token.text == "("
        if depth == 0:
            tokens.append(token)
        depth -= token.text == ")" and depth > 0
    people = [t for t in tokens if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]
    if people:
        # The head of the first person named: "Sen. Elizabeth Warren" → "warren".
        first = people[0]
        run = [t for t in people if t.i - first.i < 4 and all(u in people for u in doc[first.i : t.i + 1])]
        return run[-1].text.lower().strip("’'")
    names = [t.text for t in tokens if t.pos_ == "PROPN" and t.lower_.rstrip(".") not in _TITLES]
    if names:
        return names[-1].lower().strip("’'")
    return " ".join(w.lower() for w in words if w.lower() not in ("the", "a", "an"))


def _habitual(doc: Doc, attribution: Attribution) -> bool:
    """Whether the cue tells a standing view rather than one occasion.

    "has often cited", "has acknowledged", "now says": such statements inherit no occasion.
    """
    if attribution.cue is None:
        return False
    span = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    for token in span or []:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        children = list(token.children)
        if any(c.lower_ in _HABITUAL_ADVERBS and c.dep_ == "advmod" for c in children):
            return True
        # "has acknowledged", "have argued": a standing position; "has said" reports a statement.
        if (
            token.tag_ == "VBN" and token.lemma_ not in ("say", "tell")
            and any(c.dep_ == "aux" and c.lemma_ == "have" for c in children)
        ):
            return True
    return False


def _lead_end(text: str) -> int:
    """End of the headline and first paragraph (the first two non-empty lines)."""
    seen, pos = 0, 0
    for line in text.splitlines(keepends=True):
        pos += len(line)
        if line.strip():
            seen += 1
            if seen == _LEAD_LINES:
                return pos
    return pos


def _frame(attribution: Attribution) -> tuple[int, int]:
    """Where the speech act is told: the cue, else the source, else the first content span."""
    for span in (attribution.cue, attribution.source):
        if span is not None:
            return span.start, span.end
    first = min(attribution.content, key=lambda s: s.start)
    return first.start, first.end


def _own_time(
    doc: Doc, attribution: Attribution, times: list[tuple[TimeExpression, _Dated]],
    contents: list[tuple[int, int]],
) -> tuple[_Dated | None, int]:
    """The time of the cue's sentence that dates this statement, and that sentence's index."""
    start, end = _frame(attribution)
    sent = _sentence(doc, start, end)
    if sent is None:
        return None, -1
    frame = doc.char_span(start, end, alignment_mode="expand")
    targets = {t.i for t in frame or []}
    # A nominal or multiword cue ("in a statement", "went on to discuss") speaks through its verb.
    targets |= {t.head.i for t in frame or [] if t.pos_ not in ("VERB", "AUX") and t.head.pos_ in ("VERB", "AUX")}
    content = {
        t.i for s in attribution.content for t in doc.char_span(s.start, s.end, alignment_mode="expand") or []
    }
    # The main clause the cue belongs to: the root of its sentence.
    roots = {t.sent.root.i for t in frame or []}
    best: tuple[int, _Dated] | None = None
    for time, dated in times:
        if time.start < sent.start_char or time.end > sent.end_char:
            continue
        if _overlaps(time.start, time.end, contents):
            continue
        how = _attached(doc, time, targets, content, roots)
        if not how:
            continue
        # A bare year in the main clause mostly dates the background, not the speech act.
        if how == "frame" and (dated.said_on is None or dated.said_on.granularity == "year"):
            continue
        distance = min(abs(time.start - end), abs(start - time.end))
        if best is None or distance < best[0]:
            best = (distance, dated)
    return (best[1] if best else None), sent.start


def _announced_events(
    doc: Doc, times: list[tuple[TimeExpression, _Dated]], frames: set[int],
    contents: list[tuple[int, int]],
) -> dict[int, SaidOn]:
    """Sentences (by first token index) that date a speech event without being an attribution."""
    events: dict[int, SaidOn] = {}
    for time, dated in times:
        if dated.said_on is None or _overlaps(time.start, time.end, contents):
            continue
        sent = _sentence(doc, time.start, time.end)
        if sent is None or sent.start in frames or sent.start in events:
            continue
        outside = [t for t in sent if not _overlaps(t.idx, t.idx + len(t), contents)]
        if any(t.lemma_.lower() in _SPEECH_EVENTS for t in outside):
            events[sent.start] = dated.said_on
    return events


def assign_said_on(
    doc: Doc,
    attributions: list[Attribution],
    times: list[TimeExpression],
    published: dt.date | None,
) -> None:
    """Set ``said_on`` on each attribution from the time that governs its statement.

    Args:
        doc: the parsed article; every span offset indexes ``doc.text``.
        attributions: the article's statements; their ``said_on`` is overwritten.
        times: the article's time expressions (``find_time_expressions``).
        published: the publication date; it bounds statement times and is never used as one.
    """
    said_on_with_reasons(doc, attributions, times, published)


def said_on_with_reasons(
    doc: Doc,
    attributions: list[Attribution],
    times: list[TimeExpression],
    published: dt.date | None,
) -> dict[str, str]:
    """:func:`assign_said_on`, returning which rule dated each statement (for evaluation).

    Returns:
        Attribution id → ``"own"``, ``"vague"``, ``"speaker"``, ``"event"`` or ``"lead"``.
    """
    reasons: dict[str, str] = {}
    contents = sorted((s.start, s.end) for a in attributions for s in a.content)
    usable = [(t, d) for t in times if (d := _usable(doc, t, published)) is not None]
    ordered = sorted(attributions, key=lambda a: _frame(a)[0])
    own: dict[str, tuple[_Dated | None, int]] = {}
    for attribution in ordered:
        attribution.said_on = None
        own[attribution.id] = _own_time(doc, attribution, usable, contents)
    frames = {sent for dated, sent in own.values() if sent >= 0}
    events = _announced_events(doc, usable, frames, contents)
    sentence_index = {s.start: i for i, s in enumerate(doc.sents)}

    # Walk statements and announced events in text order.
    items: list[tuple[int, int, object]] = [(sentence_index.get(k, 0), 0, v) for k, v in events.items()]
    # A rule line ("___", "***") separates the items of a live blog: nothing carries across it.
    items += [(sentence_index.get(s.start, 0), 0, None) for s in doc.sents if _RULE.fullmatch(s.text.strip())]
    items += [(sentence_index.get(own[a.id][1], 0), 1, a) for a in ordered]
    items.sort(key=lambda item: (item[0], item[1]))
    bound: dict[str | None, SaidOn | None] = {}
    bound_at: dict[str | None, int] = {}
    last_seen: dict[str | None, int] = {}
    first_context: dict[str | None, SaidOn] = {}
    waiting: dict[str | None, list[Attribution]] = {}
    open_event: tuple[int, SaidOn] | None = None
    previous_key: str | None = None
    for position, kind, item in items:
        if kind == 0:
            assert item is None or isinstance(item, SaidOn)
            open_event = (position, item) if item is not None else None
            bound.clear()  # another event intervenes: earlier bindings end
            continue
        assert isinstance(item, Attribution)
        attribution = item
        key = _speaker_key(doc, attribution, previous_key)
        if key in last_seen and position - last_seen[key] > _GAP:
            # The speaker was silent too long: what they say now may be another occasion.
            bound.pop(key, None)
        if key is not None:
            last_seen[key] = position
        previous_key = key if key is not None else previous_key
        dated = own[attribution.id][0]
        if dated is None and _habitual(doc, attribution):
            reasons[attribution.id] = "habitual"
            continue
        if dated is not None:
            attribution.said_on = dated.said_on
            bound[key] = dated.said_on
            bound_at[key] = position
            reasons[attribution.id] = "own" if dated.said_on else "vague"
        elif key in bound and (_lasting(bound[key]) or position - bound_at.get(key, -99) <= 1):
            # A month or a year carries only into the same or the next sentence ("In an
            # interview in February, he expressed …, calling …").
            attribution.said_on = bound[key]
            reasons[attribution.id] = "speaker"
        elif key in bound and bound[key] is None:
            reasons[attribution.id] = "vague"
        elif open_event is not None and position - open_event[0] <= _EVENT_REACH:
            attribution.said_on = open_event[1]
            bound[key] = open_event[1]
            bound_at[key] = position
            reasons[attribution.id] = "event"
        else:
            waiting.setdefault(key, []).append(attribution)
            continue
        if attribution.said_on is not None and key not in first_context and _lasting(attribution.said_on):
            first_context[key] = attribution.said_on
    # Statements before any dated context of their speaker (headlines, lead sentences).
    lead_end = _lead_end(doc.text)
    # The lead is what comes before the article dates anything: later undated statements
    # follow a dated one and would borrow a date meant for someone else.
    first_dated = min(
        (s.evidence.start for s in first_context.values() if s.evidence is not None), default=len(doc.text)
    )
    lead_end = min(lead_end, first_dated)
    for key, pending in waiting.items():
        if key is None or key not in first_context:
            continue
        for attribution in pending:
            # Only a headline or lead paragraph announces what the article later dates.
            if _frame(attribution)[0] > lead_end:
                continue
            if attribution.said_on is None and attribution.start < first_context[key].evidence.start:  # type: ignore[union-attr]
                attribution.said_on = first_context[key]
                reasons[attribution.id] = "lead"
    return reasons
