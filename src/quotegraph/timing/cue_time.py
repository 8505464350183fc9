"""What the cue's own sentence tells about when a statement was made: its time, its tense.

The base of the ``said_on`` rules (:mod:`quotegraph.timing.said_on`): which time expressions can
date a statement at all (:func:`usable_time`), which one the parse hangs from the cue or sets as the
frame of its main clause (:func:`own_time`, source 1 of ``said_on``'s rules, with "then", "at
the time", "That's when …" and a weekend narrowed to its day), and how the cue is told: a
standing view, a statement told now or still to come, a participle or a "when" clause on another
dated statement. The vocabulary of speech occasions (``SPEECH_EVENTS``), the ``Dated`` verdict
and the small span helpers live here because every later step (occasions, scenes, the walk in
``said_on``) reads them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from quotegraph.intervals import Ranges, RangesExcept
from quotegraph.models import Attribution, SaidOn, Span, TimeExpression
from quotegraph.nlp.quotes import open_by_mark_count
from quotegraph.nlp.tokens import token_table
from quotegraph.timing.normalise import direction, interval
from quotegraph.timing.spans import expanded, sentence_of

# Nouns and verbs that name an occasion of speaking; a dated sentence that mentions one announces
# the event the following statements belong to.
SPEECH_EVENTS = {
    "interview", "speech", "rally", "debate", "hearing", "conference", "briefing", "statement",
    "remark", "comment", "question", "broadcast", "episode", "show", "appearance", "address",
    "testimony", "forum", "summit", "meeting", "session", "tweet", "post", "letter", "memo",
    "report", "release", "announcement", "op-ed", "column", "article", "email", "call", "event",
    "campaign", "visit", "trip", "town", "podcast", "program", "programme", "panel", "discussion",
    "talk", "tell", "say", "speak", "answer", "ask", "testify", "announce", "write", "appear",
    "respond", "reply", "declare", "argue", "claim", "insist", "warn", "publish", "issue", "send",
    "discuss", "stump", "join", "message", "note", "cable", "text",
    # Answers and set pieces given on an occasion: "said in Tuesday night's response".
    "response", "rebuttal", "keynote", "lecture", "sermon", "deposition",
    # Verbs of confronting, praising and pledging in words: "grilled the CEO on Tuesday".
    "grill", "criticize", "criticise", "slam", "blast", "lambaste",
    "rebuke", "chide", "praise", "urge", "accuse", "deny", "pledge", "promise", "vow", "mock",
    "boast", "tout", "hail", "complain", "host", "moderate", "confront", "challenge",
    # Messages that speak for someone: "in new radio ads announced Wednesday".
    "ad", "advertisement", "spot", "commercial", "video",
    # Platforms one speaks on: "took to Twitter early Wednesday to continue his attack".
    "twitter", "facebook", "instagram",
    # Published works whose statements share their date: "their Friday editorial … the editorial
    # said", "a study released Monday … the researchers state in the study".
    "editorial", "paper", "study", "analysis", "research", "book", "audit", "review",
}
# What is published and speaks for its makers: its own date ("a 2009 report", "the poll released
# Monday", "a Quinnipiac poll this month") is when it said what it says.
PUBLISHED_WORKS = {
    "report", "poll", "polls", "polling", "survey", "study", "paper", "analysis", "research",
    "memo", "letter", "statement", "release", "editorial", "column", "op-ed", "article", "book",
    "audit", "review", "ad", "video", "email", "tweet", "post", "estimate", "forecast", "index", "message",
}
_HABITUAL_ADVERBS = {
    "often", "always", "long", "repeatedly", "now", "frequently", "usually", "since", "consistently",
    "regularly", "routinely", "typically", "constantly", "continually", "habitually", "generally",
}
_PERIOD_PREPOSITIONS = {"since", "until", "till", "by", "before", "through", "from", "throughout"}
_VAGUE_VALUES = {"PAST_REF", "FUTURE_REF"}


@dataclass(frozen=True, slots=True)
class Dated:
    """What a time expression says about when a statement was made (see :func:`usable_time`)."""

    said_on: SaidOn | None  # None: a vague time that dates the statement to no interval
    anaphoric: bool = False  # "said then", "at the time": the time just told, if any


def _said_on(time: TimeExpression) -> SaidOn | None:
    found = interval(time.value)
    if found is None:
        return None
    value, granularity, start, end = found
    return SaidOn(value, granularity, start, end, Span(time.start, time.end, time.text))  # type: ignore[arg-type]


def cue_tokens(doc: Doc, attribution: Attribution) -> SpacySpan | list:
    """The tokens of the attribution's cue (empty when it has none or it does not align)."""
    if attribution.cue is None:
        return []
    span = expanded(doc, attribution.cue.start, attribution.cue.end)
    return span if span is not None else []


class Timeline(list):  # type: ignore[type-arg]
    """An article's (time, date) pairs with lookup by start offset while they are in order."""

    def __init__(self, times: Iterable[tuple[TimeExpression, Dated]]) -> None:
        super().__init__(times)
        self._starts = [t.start for t, _ in self]
        self._ordered = all(a <= b for a, b in itertools.pairwise(self._starts))

    def starting_in(self, lo: int, hi: int) -> list[tuple[TimeExpression, Dated]]:
        """The pairs whose time starts in ``[lo, hi]``, in order (all when out of order)."""
        if not self._ordered:
            return list(self)
        return self[bisect.bisect_left(self._starts, lo):bisect.bisect_right(self._starts, hi)]


def overlaps(start: int, end: int, ranges: list[tuple[int, int]] | Ranges | RangesExcept) -> bool:
    """Whether the characters ``start``–``end`` share any character with one of ``ranges``."""
    if isinstance(ranges, (Ranges, RangesExcept)):
        return ranges.overlaps(start, end)
    return any(s < end and start < e for s, e in ranges)


def dated_spans(
    doc: Doc, times: list[tuple[TimeExpression, Dated]], contents: list[tuple[int, int]]
) -> Iterator[tuple[SpacySpan, SaidOn]]:
    """The tokens and dates of the times that give a date and stand outside every content."""
    for time, dated in times:
        if dated.said_on is None or overlaps(time.start, time.end, contents):
            continue
        span = expanded(doc, time.start, time.end)
        if span is not None and len(span):
            yield span, dated.said_on


def usable_time(doc: Doc, time: TimeExpression, published: dt.date | None) -> Dated | None:
    """What a time outside any content says about a statement: a date, vagueness, or nothing."""
    if time.type not in ("DATE", "TIME"):
        return None
    span = expanded(doc, time.start, time.end)
    if span is not None and len(span):
        head = span.root.head
        # "since Monday", "until June", "by 2030": the bound of a period, not a moment of speech.
        if span.root.dep_ == "pobj" and head.lower_ in _PERIOD_PREPOSITIONS:
            return None
        # Statements are reported after they are made: a time told in the future dates a plan.
        if direction(doc, time.start, time.end) == "future":
            return None
    if time.value in _VAGUE_VALUES:
        return Dated(None)
    said = _said_on(time)
    if said is None:
        return None
    # A statement reported in an article cannot postdate the article.
    if published is not None and said.start > published.isoformat():
        return None
    return Dated(said)


def sentence_at(doc: Doc, start: int, end: int) -> SpacySpan | None:
    """The sentence of the first token of the characters ``start``–``end`` (``None``: no token)."""
    span = expanded(doc, start, end)
    if span is None or not len(span):
        return None
    return sentence_of(doc, span.start)


def frame_of(attribution: Attribution) -> tuple[int, int]:
    """Where the speech act is told: the cue, else the source, else the first content span."""
    for span in (attribution.cue, attribution.source):
        if span is not None:
            return span.start, span.end
    first = min(attribution.content, key=lambda s: s.start)
    return first.start, first.end


def attachment(
    doc: Doc, time: TimeExpression, targets: set[int], content: set[int], roots: set[int] = frozenset(),  # type: ignore[assignment]
    nouns: bool = False,
) -> str:
    """Whether the time hangs, through the parse, from the speech act's words.

    "said on Wednesday", "Last week, Biden said", "In an interview in February, he expressed":
    walking up from the time reaches the cue. A walk that enters a content, or a relative clause
    on the way ("Trump, who lost in 2020, said"), belongs to something else. With ``nouns``, so
    does a walk through a noun that names no occasion of speaking ("a report of a loss in 1995").
    """
    span = expanded(doc, time.start, time.end)
    if span is None or not len(span):
        return ""
    token = span.root
    if _fronted(doc, span):
        # "Sunday, on X's show, while commenting on …, Governor Lee said": a time that opens the
        # sentence, set off by a comma, frames its main clause wherever the parser hung it
        token = sentence_of(doc, span.root.i).root
    # "took part in the vote Tuesday": a bare day after the object of a preposition is the verb's
    # adverbial (the parser hangs it from the nearest noun).
    elif (
        token.dep_ == "npadvmod" and token.head.dep_ == "pobj" and token.head.head.head.pos_ in ("VERB", "AUX")
        and time.value[:1].isdigit() and len(time.value) >= 10
    ):
        token = token.head.head.head
    # "the 2016 election", "his 1994 Contract": a time that modifies a noun dates that thing,
    # unless the thing is an occasion of speaking ("Monday's debate", "a Friday rally").
    elif token.dep_ in ("compound", "nmod", "amod", "poss", "npadvmod", "nummod") and token.head.pos_ in ("NOUN", "PROPN"):
        if token.head.lemma_.lower() not in SPEECH_EVENTS and token.head.i not in targets:
            return ""
    for _ in range(12):
        if token.i in targets:
            return "cue"
        if token.i in content and token.i not in targets:
            return ""
        if token.dep_ == "pobj" and token.head.lower_ == "for":
            return ""  # "For the final quarter of 2009, Ford says …": the period reported on
        if token.dep_ == "relcl":
            # "a speech she delivered in July 2015": a relative clause on a speech noun tells
            # when that speech was given; any other dates what its noun names.
            if not (token.head.pos_ == "NOUN" and token.head.lemma_.lower() in SPEECH_EVENTS):
                return ""
            token = token.head
            continue
        # Another verb's clause on the way ("… just as he did with Romney in 2012") dates that
        # clause, unless the verb itself tells of speaking ("Answering questions on Wednesday, …").
        # (A participle the parse makes a preposition, "Following a town hall last week, …", is one.)
        if (
            token.pos_ in ("VERB", "AUX") and token.i not in targets and token.dep_ not in ("ROOT", "prep")
            and token.lemma_.lower() not in SPEECH_EVENTS
        ):
            return ""
        # "called Mr. Obama's remarks on Saturday …": the time dates someone else's remarks.
        if token.dep_ == "dobj" and token.i != span.root.i and _authored(token):
            return ""
        if (
            nouns and token.i != span.root.i and token.pos_ == "NOUN"
            and token.lemma_.lower() not in SPEECH_EVENTS and token.i not in targets
        ):
            return ""
        if token.head.i == token.i:
            # A frame adverbial of the main clause ("On Thursday, however, Trump spoke,
            # promising …") dates the speech acts the clause reports.
            return "frame" if token.i in roots else ""
        token = token.head
    return ""


#: words that may come before a sentence-opening time: "On Sunday, …", "Late Friday, …"
_FRAME_OPENERS = frozenset({"on", "late", "early", "earlier", "later", "then"})


def _fronted(doc: Doc, span: SpacySpan) -> bool:
    """Whether a time opens its sentence and a comma closes it off ("Sunday, …", "On Friday
    morning, …"), before a main clause whose root is a verb."""
    sent = sentence_of(doc, span.root.i)
    if span.end >= len(doc) or doc[span.end].text != "," or sent.root.pos_ not in ("VERB", "AUX"):
        return False
    if sent.root.i < span.end:
        return False
    return all(t.is_space or t.is_punct or t.lower_ in _FRAME_OPENERS for t in doc[sent.start:span.start])


def _hangs_from_cue(doc: Doc, time: TimeExpression, targets: set[int], sent: SpacySpan, text: str,
                    heads: Collection[int] = ()) -> bool:
    """Whether the first verb above the time is the cue's, and the time is not inside a quotation
    nor written before one of ``heads``, the head nouns of the statement's own nominal content
    ("changed his mind about that 2012 remark" dates the remark, not the change of mind)."""
    span = expanded(doc, time.start, time.end)
    if span is None or not len(span):
        return False
    if open_by_mark_count(text, sent.start_char, time.start):
        return False
    token = span.root
    for _ in range(8):
        if token.head.i == token.i:
            return False
        below, token = token, token.head
        if token.pos_ in ("VERB", "AUX"):
            return token.i in targets
        if token.i in heads and (span.root.i < token.i or below.lower_ == "of"):
            # (a time after the noun may be the cue's: "sent an article in May 2012"; not its
            # own "of": "described the events of today as …" dates the events)
            return False
        # "the 1996 pageant winner": a time on the way to a thing dates that thing, and "called
        # Obama's remarks on Saturday …" dates someone else's remarks.
        if token.pos_ == "NOUN" and token.lemma_.lower() not in SPEECH_EVENTS:
            return False
        if token.dep_ == "dobj" and _authored(token):
            return False
    return False


def _nominal_heads(doc: Doc, attribution: Attribution) -> set[int]:
    """The head nouns of a statement's content pieces that are noun phrases ("that 2012
    remark")."""
    out = set()
    for s in attribution.content:
        piece = expanded(doc, s.start, s.end)
        if piece is not None and len(piece) and piece.root.pos_ in ("NOUN", "PROPN"):
            out.add(piece.root.i)
    return out


def cue_objects(doc: Doc, attribution: Attribution) -> Iterator[tuple[Token, Token]]:
    """The (preposition, object) pairs the cue's words govern: "said [in] an [interview]"."""
    for token in cue_tokens(doc, attribution):
        for prep in token.children:
            if prep.dep_ == "prep":
                for noun in prep.children:
                    if noun.dep_ == "pobj":
                        yield prep, noun


#: no occasion of their own: what is said within one (a debate, a hearing), and the written
#: statement that issues the news the article dates ("On Tuesday, X said … X said in a statement")
_PARTS_OF_OCCASIONS = {"response", "rebuttal", "answer", "reply", "remark", "comment", "question", "statement"}


def new_occasion_nouns(doc: Doc, attribution: Attribution) -> set[str]:
    """The occasions the cue names with an indefinite noun ("in an interview": {"interview"});
    a part of an occasion ("in a two-minute response", "in an answer") or a statement is none."""
    return {
        noun.lemma_.lower() for _, noun in cue_objects(doc, attribution)
        if noun.lemma_.lower() in SPEECH_EVENTS and noun.lemma_.lower() not in _PARTS_OF_OCCASIONS
        and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)
    }


def names_new_occasion(doc: Doc, attribution: Attribution) -> bool:
    """Whether the cue names an occasion of its own with an indefinite noun ("in an interview")."""
    return bool(new_occasion_nouns(doc, attribution))


def _authored(noun: object) -> bool:
    """Whether a noun names someone's own work: "Obama's remarks", "a New York Times report"."""
    return any(
        c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN")
        for c in noun.children  # type: ignore[attr-defined]
    )


_CLEFT_WHEN = re.compile(r"(?i:that|this|it)(?:['’]s|\s+is|\s+was)\s+(?i:when)\b")


def own_time(
    doc: Doc, attribution: Attribution, times: list[tuple[TimeExpression, Dated]],
    contents: list[tuple[int, int]], text: str,
) -> tuple[Dated | None, int]:
    """The time of the cue's sentence that dates this statement, and that sentence's index."""
    start, end = frame_of(attribution)
    sent = sentence_at(doc, start, end)
    if sent is None:
        return None, -1
    frame = expanded(doc, start, end)
    targets = {t.i for t in frame or []}
    # A nominal or multiword cue ("in a statement", "went on to discuss") speaks through its verb.
    targets |= {t.head.i for t in frame or [] if t.pos_ not in ("VERB", "AUX") and t.head.pos_ in ("VERB", "AUX")}
    content: set[int] = set()
    for s in attribution.content:
        piece = expanded(doc, s.start, s.end)
        if piece is not None:
            content.update(range(piece.start, piece.end))
    # The main clause the cue belongs to: the root of its sentence.
    roots = {sentence_of(doc, t.i).root.i for t in frame or []}
    best: tuple[int, Dated] | None = None
    best_time: TimeExpression | None = None
    source = attribution.source
    described: list[tuple[int, int]] = []
    if source is not None:
        described.append((source.start, source.end))
        head = expanded(doc, source.start, source.end)
        if head is not None and len(head):
            # Its appositions and relative clauses ("the architect of the 2008 campaign"); a
            # document's own date ("an ad in 2008 questioned") is the date of what it says.
            for child in head.root.children:
                # (not the cue itself where the parser hangs it as a relative clause of the source:
                # "Ryan, the party's leader, on Tuesday called …")
                if child.dep_ == "appos" or (child.dep_ == "relcl" and head.root.lemma_.lower() not in SPEECH_EVENTS
                                             and child.i not in targets):
                    tree = list(child.subtree)
                    described.append((tree[0].idx, tree[-1].idx + len(tree[-1])))
    in_sentence = times.starting_in(sent.start_char, sent.end_char) if isinstance(times, Timeline) else times
    # "Sunday on River News channel's “Sunday Report,” Rep. Lee said …": the parser may cut the
    # opening adverbial off as a sentence of its own; it is still the cue's.
    fragment = _opening_fragment(doc, sent, text)
    if fragment is not None:
        cut_off = times.starting_in(fragment.start_char, fragment.end_char) if isinstance(times, Timeline) else times
        in_sentence = [*cut_off, *in_sentence]
    for time, dated in in_sentence:
        if fragment is not None and fragment.start_char <= time.start and time.end <= fragment.end_char:
            distance = min(abs(time.start - end), abs(start - time.end))
            if best is None or distance < best[0]:
                best, best_time = (distance, dated), time
            continue
        if time.start < sent.start_char or time.end > sent.end_char:
            continue
        if source is not None and _dates_the_work(doc, time, source):
            how = "cue"  # "A 2009 report by X found": the report's own date
        elif source is not None and overlaps(time.start, time.end, [(source.start, source.end)]) and \
                _cue_adverbial(doc, time, targets, source):
            how = "cue"  # a source span that swallows the cue's own time ("A poll this month found")
        # "said David Plouffe, the architect of the 2008 campaign": a time that describes the
        # speaker dates the speaker's past, not the statement.
        elif source is not None and overlaps(time.start, time.end, described):
            continue
        elif overlaps(time.start, time.end, contents):
            # A content span that runs over the speech act's own adverbial ("is urging supporters at
            # a rally Friday evening to …"): the time still dates the cue when the parse hangs it
            # from the cue verb itself, outside any quotation and any other statement's content.
            mine = [(c.start, c.end) for c in attribution.content]
            # (A content that holds this very speech act — "footage of Trump saying during the
            # debate last week, …" — is no other statement's: the time is this cue's.)
            shared = contents.overlapping(time.start, time.end) if isinstance(contents, Ranges) else [
                r for r in contents if overlaps(time.start, time.end, [r])]
            outer = [r for r in shared if r[0] <= start and end <= r[1]]
            if any(r not in mine and r not in outer for r in shared) or not _hangs_from_cue(
                    doc, time, targets, sent, text, _nominal_heads(doc, attribution)):
                continue
            how = "cue"
        else:
            how = attachment(doc, time, targets, content, roots)
        if not how:
            continue
        # A bare year in the main clause mostly dates the background, not the speech act.
        if how == "frame" and (dated.said_on is None or dated.said_on.granularity == "year"):
            continue
        distance = min(abs(time.start - end), abs(start - time.end))
        if best is None or distance < best[0]:
            best, best_time = (distance, dated), time
    if best is None and _anaphoric_then(frame, targets, doc):
        return Dated(None, anaphoric=True), sent.start
    if best is None and _CLEFT_WHEN.match(text, sent.start_char) and sent.start > 0:
        # "… since the town meeting on Monday. That's when she said …": the time just told.
        before = sentence_of(doc, sent.start - 1)
        told = [d for t, d in times if before.start_char <= t.start and t.end <= before.end_char and d.said_on is not None]
        if told:
            return told[-1], sent.start
    if best is not None and best_time is not None and best_time.value.endswith("-WE"):
        # "this weekend's broadcast of “Town Hall Sunday”": the weekend's day its occasion names.
        day = _weekend_day(doc, best_time, best[1], times, sent, contents)
        if day is not None:
            return day, sent.start
    return (best[1] if best else None), sent.start


def _opening_fragment(doc: Doc, sent: SpacySpan, text: str) -> SpacySpan | None:
    """The sentence the parser ends just before ``sent`` on the same line, when it has no verb
    and opens with a time ("Sunday on River News channel's"): an adverbial cut off from its clause."""
    if sent.start == 0:
        return None
    before = sentence_of(doc, sent.start - 1)
    if len(before) > 25:
        return None
    between = text[before.start_char:sent.start_char]
    if "\n" in between or between.rstrip().endswith((".", "!", "?", ":", ";")):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in before) or before[0].ent_type_ not in ("DATE", "TIME"):
        return None
    return before


def _cue_adverbial(doc: Doc, time: TimeExpression, targets: set[int], source: Span) -> bool:
    """Whether a time inside the source's words is the cue's own adverbial: the parse hangs it
    from the cue without passing through the source's head ("A Quinnipiac poll this month
    found", with "this month" on "found"), unlike a time that describes the speaker ("Rep. Ames,
    chair since 2010, said")."""
    span = expanded(doc, time.start, time.end)
    head_span = expanded(doc, source.start, source.end)
    if span is None or head_span is None or not len(span) or not len(head_span):
        return False
    token, head = span.root, head_span.root
    for _ in range(6):
        if token.i == head.i or token.dep_ == "relcl" or token.head.i == token.i:
            return False
        token = token.head
        if token.i in targets:
            return True
        if token.pos_ in ("VERB", "AUX"):
            return False  # another verb's clause ("who lined up on Tuesday")
    return False


def _dates_the_work(doc: Doc, time: TimeExpression, source: Span) -> bool:
    """Whether a time is the date of the published work the source names: it modifies
    the source's head ("a 2009 report", "July's polling", "a poll this month") or tells when the
    head was released ("the poll released Monday") — not a time said of something under it
    ("a report on the 2008 crash")."""
    head_span = expanded(doc, source.start, source.end)
    span = expanded(doc, time.start, time.end)
    if head_span is None or span is None or not len(head_span) or not len(span):
        return False
    head, token = head_span.root, span.root
    if head.pos_ not in ("NOUN", "PROPN") or head.lemma_.lower() not in PUBLISHED_WORKS:
        return False
    if token.head.i == head.i and token.dep_ in ("compound", "nmod", "amod", "poss", "npadvmod", "nummod"):
        return True
    verb = token.head if token.dep_ in ("npadvmod", "tmod") else (
        token.head.head if token.dep_ == "pobj" and token.head.dep_ == "prep" else None)
    return verb is not None and verb.dep_ == "acl" and verb.head.i == head.i and verb.lemma_.lower() in {
        "release", "publish", "issue", "conduct", "take", "post", "send", "write"}


def _weekend_day(
    doc: Doc, weekend: TimeExpression, dated: Dated, times: list[tuple[TimeExpression, Dated]],
    sent: SpacySpan, contents: list[tuple[int, int]],
) -> Dated | None:
    """A Saturday or Sunday of the weekend that the phrase the weekend modifies names."""
    span = expanded(doc, weekend.start, weekend.end)
    if span is None or not len(span) or dated.said_on is None or span.root.head.pos_ not in ("NOUN", "PROPN"):
        return None
    phrase = span.root.head
    lo, hi = phrase.left_edge.idx, phrase.right_edge.idx + len(phrase.right_edge)
    for time, other in times:
        said = other.said_on
        if said is None or said.granularity != "day" or not (lo <= time.start and time.end <= hi) or time is weekend:
            continue
        if overlaps(time.start, time.end, contents):
            continue
        day = dt.date.fromisoformat(said.start)
        if day.weekday() >= 5 and dated.said_on.start <= said.start <= dated.said_on.end:
            return other
    return None


def _anaphoric_then(frame: SpacySpan | None, targets: set[int], doc: Doc) -> bool:
    """Whether the cue is dated by "then" or "at the time": a time told earlier, not the occasion."""
    table = token_table(doc)  # read as columns: this runs for most statements
    deps, lowers, children = table.dep, table.lower, table.children
    for i in targets:
        for child in children[i]:
            if deps[child] == "advmod" and lowers[child] == "then" and child > i:
                return True
            if deps[child] == "prep" and lowers[child] == "at" and any(
                lowers[g] == "time" and any(lowers[d] in ("the", "that") for d in children[g]) for g in children[child]
            ):
                return True
    return False


def is_habitual(doc: Doc, attribution: Attribution) -> bool:
    """Whether the cue tells a standing view rather than one occasion.

    "has often cited", "has acknowledged", "now says": such statements inherit no occasion.
    """
    span = cue_tokens(doc, attribution)
    for token in span:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        children = list(token.children)
        if any(c.lower_ in _HABITUAL_ADVERBS and c.dep_ == "advmod" for c in children):
            return True
        # "has acknowledged", "have argued": a standing position; "has said" reports a statement.
        # (A verb joined to such a one shares its auxiliary: "has decried … and highlighted".)
        auxiliaries = children + (list(token.head.children) if token.dep_ == "conj" else [])
        if (
            token.tag_ == "VBN" and token.lemma_ not in ("say", "tell")
            and any(c.dep_ == "aux" and c.lemma_ == "have" for c in auxiliaries)
        ):
            return True
    return False


def is_perfect_report(doc: Doc, attribution: Attribution) -> bool:
    """Whether the cue reports a statement in the present perfect ("has said", "have told
    reporters"): made at some time before now, not on the occasion the speaker was last seen at."""
    for token in cue_tokens(doc, attribution):
        if token.tag_ == "VBN" and token.lemma_ in ("say", "tell"):
            auxiliaries = list(token.children) + (list(token.head.children) if token.dep_ == "conj" else [])
            if any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP") for c in auxiliaries):
                return True
    return False


def is_present(token: object) -> bool:
    """Whether a verb is in the present tense ("says", "is telling"), not the perfect."""
    if token.tag_ in ("VBZ", "VBP"):  # type: ignore[attr-defined]
        return token.lemma_ not in ("be", "have") or token.dep_ == "ROOT"  # type: ignore[attr-defined]
    if token.tag_ == "VBG":  # type: ignore[attr-defined]
        return any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in token.children)  # type: ignore[attr-defined]
    return False


def is_progressive(token: object) -> bool:
    """Whether a verb is in the present progressive ("is raising"): an act going on now."""
    return token.tag_ == "VBG" and is_present(token)  # type: ignore[attr-defined]


def tells_today(doc: Doc, attribution: Attribution) -> bool:
    """Whether the cue is in the present tense: "X says" reports what X says now."""
    span = cue_tokens(doc, attribution)
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    # the tense of "has been lobbying" is its main verb's; "does say" carries it on "does"
    main = [t for t in verbs if t.dep_ not in ("aux", "auxpass")]
    return bool(verbs) and (is_present((main or verbs)[0]) or any(
        t.lemma_ == "do" and t.tag_ in ("VBZ", "VBP") for t in verbs))


def told_now(doc: Doc, attribution: Attribution) -> bool:
    """Whether any verb of the cue is in the present tense ("says", "are challenging", "try")."""
    span = cue_tokens(doc, attribution)
    return any(t.pos_ == "VERB" and is_present(t) for t in span)


def when_clause(
    doc: Doc, attribution: Attribution, dated_cues: dict[int, SaidOn],
    dated_words: list[tuple[int, int, SaidOn]] | None = None,
) -> SaidOn | None:
    """The date of a dated statement whose cue heads a "when"/"as"/"after" clause of this cue, or
    whose cue this cue's "when"/"as"/"while" clause hangs on."""
    span = cue_tokens(doc, attribution)
    if not span:
        return None
    cue = span[0]
    # "… Trump saying “That makes me smart,” when Clinton blasted him": the clause is told at the
    # time of the statement it hangs on (its cue or its words).
    if cue.dep_ == "advcl" and any(
        m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as", "while") for m in cue.children
    ):
        head = cue.head
        if head.i in dated_cues:
            return dated_cues[head.i]
        for start, end, said in dated_words or []:
            if start <= head.idx < end:
                return said
    sent, deps = sentence_of(doc, cue.i), token_table(doc).dep
    for i in range(sent.start, sent.end):
        if deps[i] != "advcl" or i not in dated_cues:
            continue
        clause = doc[i]
        if cue in clause.subtree:
            continue
        if any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as", "after", "while") for m in clause.children):
            return dated_cues[clause.i]
    return None


def is_participle(doc: Doc, attribution: Attribution) -> bool:
    """Whether the cue is a participle clause ("…, saying …") that takes its clause's subject."""
    span = cue_tokens(doc, attribution)
    return bool(span) and span[0].tag_ == "VBG" and span[0].dep_ in ("advcl", "xcomp", "conj")


def added_to(doc: Doc, attribution: Attribution, dated_cues: dict[int, SaidOn]) -> SaidOn | None:
    """The date of the dated cue that this participle cue adds to ("said, adding later, …")."""
    span = cue_tokens(doc, attribution)
    if not span:
        return None
    cue = span[0]
    if cue.tag_ == "VBG" and cue.dep_ in ("advcl", "xcomp", "conj") and cue.head.i in dated_cues:
        return dated_cues[cue.head.i]
    return None


def is_intended(doc: Doc, attribution: Attribution) -> bool:
    """Whether the speech act is still to come ("plans to call on …", "will announce")."""
    span = cue_tokens(doc, attribution)
    return any(still_to_come(token) for token in span)


def still_to_come(token: object) -> bool:
    """Whether a verb tells what is still to come: "will announce", "she'll present", "plans to call"."""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll", "’ll", "could", "might", "may") for c in token.children):  # type: ignore[attr-defined]
        return True
    return token.dep_ == "xcomp" and token.head.lemma_ in ("plan", "expect", "intend", "hope", "want", "prepare", "go")  # type: ignore[attr-defined]
