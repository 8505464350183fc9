"""Date each statement: ``Attribution.said_on`` from the time that governs it.

Five sources, in this order of trust:

1. **Own time** — a time expression in the sentence of the cue, outside every quoted or reported
   content, that the parse hangs from the cue ("said on Wednesday", "said Thursday", "in an
   interview in February, X expressed", "during last month's forum, X said", "according to a
   speech she delivered in July") or that frames the main clause ("On Thursday, however, X spoke,
   promising …"; not a bare year there). A content span that runs over the cue's own adverbial
   ("is urging supporters at a rally Friday to …") does not hide it when the parse hangs the time
   from the cue verb, unless it lies in another statement's content. Without such a time:

   - a definite speech occasion the cue or the source names again ("said in the letter", "the
     letter reads") takes the date the text last gave an occasion of that name in the same
     live-blog item ("sent a letter Thursday"); an occasion or a speech
     act at a named place ("speaking at a rally in Novi, Michigan", "X, speaking to a group in
     Virginia, said") takes the one date the text gives an occasion at that place;
   - a statement whose sentence opens with a clause on a dated statement ("When Clinton noted …,
     Trump boasted …") is told at that time, and a participle cue on a dated cue ("said, adding
     later, …") at the time of that cue;
   - a day told from an occasion the text dates ("the evening after the vote") is that day moved
     by one; "That's when …" takes the time of the sentence before; a weekend narrows to the
     Saturday or Sunday that its occasion names;
   - "said then", "at the time" take the aside just told about the speaker, else no interval.

   A vague own time ("noted later", "said recently") dates the statement to no interval. Times
   that bound a period ("since Monday"), are told in the future ("will vote on Friday"), date a
   thing ("the 2005 best seller", "called Obama's remarks on Saturday …") or describe the speaker
   ("said X, the architect of the 2008 campaign") date no statement.
2. **The speaker's occasion** — later statements by the same speaker inherit the occasion (a day)
   the speaker was last dated at ("… Lavrov said. He reminded reporters …") until another event
   intervenes or the speaker falls silent for a few paragraphs; a statement that names a new
   occasion of its own ("said in an interview") inherits none. A week, a month, a year or a
   vague time is an aside: it carries only into the next sentence, after which the report returns
   to the speaker's occasion. A standing view ("has often argued", "now says") inherits nothing,
   and a statement told in the present tense ("X says") inherits no occasion before the
   publication day.
3. **An announced event** — a sentence that names a dated speech occasion without being an
   attribution itself ("Answering reporters' questions on Wednesday, the diplomat touched on …",
   "The city sent a letter Thursday.") dates the statement that follows it and is the occasion of
   its subject. The time must date the main clause through words of speaking ("problems during
   Monday's debate" dates the problems); a clause still to come ("she'll speak Friday") and a
   present-progressive clause about an earlier day ("is raising questions about Monday's
   debate") announce nothing, and a week, a month or a year no occasion. A speech act at an occasion the text dated
   before ("Trump made this statement during a portion of the debate") is that occasion for its
   subject only.
   A sentence that dates a speech occasion to a month or a week ("At a May meeting with the
   board, the mayor said …") dates the statement told in the next sentence, and no later one.
4. **Scenes** — a group dated on its own as a whole ("Several officials objected on Tuesday",
   "member after member rose on Tuesday") is the scene of the statement in the next sentence,
   unless that one is told in the present tense; the people a dated pair names ("Reps. A and B")
   keep its day. The writer's dated interviews with a group ("several economists I spoke to this
   week") date the statements of that group named again ("the economists", "all").
5. **Leads** — a statement of the headline or lead that precedes everything the article dates
   takes its speaker's first date. A live blog's items (after a rule line or a clock-time heading)
   are articles of their own: nothing carries across them, each opens with its own lead, and an
   item that dates a statement to the day of the blog dates its other undated statements with it
   (except those still to come: "plans to call"); the headline tells the news of the top item.

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
from quotegraph.time._text import doc_text
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
    # Verbs of confronting, praising and pledging in words: "grilled the CEO on Tuesday".
    "grill", "question", "interview", "criticize", "criticise", "slam", "blast", "lambaste",
    "rebuke", "chide", "praise", "urge", "accuse", "deny", "pledge", "promise", "vow", "mock",
    "boast", "tout", "hail", "complain", "host", "moderate", "confront", "challenge",
    # Messages that speak for someone: "in new radio ads announced Wednesday".
    "ad", "advertisement", "spot", "commercial", "video",
}
_HABITUAL_ADVERBS = {
    "often", "always", "long", "repeatedly", "now", "frequently", "usually", "since", "consistently",
}
_PERIOD_PREPOSITIONS = {"since", "until", "till", "by", "before", "through", "from", "throughout"}
_RULE = re.compile(r"[_*=~-]{3,}\.?")
# The heading of a live-blog item: a clock time alone on its line ("6:05 p.m.", "11 a.m. EDT").
_CLOCK_HEADING = re.compile(r"\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?(?:\s+[A-Z]{2,4})?\.?")
_VAGUE_VALUES = {"PAST_REF", "FUTURE_REF"}
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "his", "its"}
_TITLES = {"mr", "mrs", "ms", "dr", "sen", "senator", "gov", "governor", "president", "rep"}
_GAP = 16  # sentences (a few paragraphs) a speaker may fall silent before their occasion ends
_EVENT_REACH = 1  # sentences after an announced event within which a statement may claim it
_SCENE_GAP = 1  # sentences a group's scene (a hearing, a press conference) runs on without a statement
_LEAD_LINES = 6  # non-empty lines (headline and opening paragraphs) that may take a later date


@dataclass(frozen=True, slots=True)
class _Dated:
    said_on: SaidOn | None  # None: a vague time that dates the statement to no interval
    anaphoric: bool = False  # "said then", "at the time": the time just told, if any


def _said_on(time: TimeExpression) -> SaidOn | None:
    found = interval(time.value)
    if found is None:
        return None
    value, granularity, start, end = found
    return SaidOn(value, granularity, start, end, Span(time.start, time.end, time.text))  # type: ignore[arg-type]


def _lasting(said: SaidOn | None) -> bool:
    """Whether a statement's date is an occasion its speaker's next statements inherit.

    A day names one occasion ("on Thursday"); a week, a month or a year is a stretch that holds
    many ("last week, she told a meeting …"): it dates the one statement it is told with (and the
    next sentence), not what follows.
    """
    return said is not None and said.granularity == "day"


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
    doc: Doc, time: TimeExpression, targets: set[int], content: set[int], roots: set[int] = frozenset(),  # type: ignore[assignment]
    nouns: bool = False,
) -> str:
    """Whether the time hangs, through the parse, from the speech act's words.

    "said on Wednesday", "Last week, Biden said", "In an interview in February, he expressed":
    walking up from the time reaches the cue. A walk that enters a content, or a relative clause
    on the way ("Trump, who lost in 2020, said"), belongs to something else. With ``nouns``, so
    does a walk through a noun that names no occasion of speaking ("a report of a loss in 1995").
    """
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    token = span.root
    # "took part in the vote Tuesday": a bare day after the object of a preposition is the verb's
    # adverbial (the parser hangs it from the nearest noun).
    if (
        token.dep_ == "npadvmod" and token.head.dep_ == "pobj" and token.head.head.head.pos_ in ("VERB", "AUX")
        and time.value[:1].isdigit() and len(time.value) >= 10
    ):
        token = token.head.head.head
    # "the 2016 election", "his 1994 Contract": a time that modifies a noun dates that thing,
    # unless the thing is an occasion of speaking ("Monday's debate", "a Friday rally").
    elif token.dep_ in ("compound", "nmod", "amod", "poss", "npadvmod", "nummod") and token.head.pos_ in ("NOUN", "PROPN"):
        if token.head.lemma_.lower() not in _SPEECH_EVENTS and token.head.i not in targets:
            return ""
    for _ in range(12):
        if token.i in targets:
            return "cue"
        if token.i in content and token.i not in targets:
            return ""
        if token.dep_ == "relcl":
            # "a speech she delivered in July 2015": a relative clause on a speech noun tells
            # when that speech was given; any other dates what its noun names.
            if not (token.head.pos_ == "NOUN" and token.head.lemma_.lower() in _SPEECH_EVENTS):
                return ""
            token = token.head
            continue
        # Another verb's clause on the way ("… just as he did with Romney in 2012") dates that
        # clause, unless the verb itself tells of speaking ("Answering questions on Wednesday, …").
        if (
            token.pos_ in ("VERB", "AUX") and token.i not in targets and token.dep_ != "ROOT"
            and token.lemma_.lower() not in _SPEECH_EVENTS
        ):
            return ""
        # "called Mr. Obama's remarks on Saturday …": the time dates someone else's remarks.
        if token.dep_ == "dobj" and token.i != span.root.i and _authored(token):
            return ""
        if (
            nouns and token.i != span.root.i and token.pos_ == "NOUN"
            and token.lemma_.lower() not in _SPEECH_EVENTS and token.i not in targets
        ):
            return ""
        if token.head.i == token.i:
            # A frame adverbial of the main clause ("On Thursday, however, Trump spoke,
            # promising …") dates the speech acts the clause reports.
            return "frame" if token.i in roots else ""
        token = token.head
    return ""


def _hangs_from_cue(doc: Doc, time: TimeExpression, targets: set[int], sent: SpacySpan, text: str) -> bool:
    """Whether the first verb above the time is the cue's, and the time is not inside a quotation."""
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    before = text[sent.start_char : time.start]
    if sum(before.count(q) for q in "“\"") % 2 or before.count("“") > before.count("”"):
        return False
    token = span.root
    for _ in range(8):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token.i in targets
        # "the 1996 pageant winner": a time on the way to a thing dates that thing, and "called
        # Obama's remarks on Saturday …" dates someone else's remarks.
        if token.pos_ == "NOUN" and token.lemma_.lower() not in _SPEECH_EVENTS:
            return False
        if token.dep_ == "dobj" and _authored(token):
            return False
    return False


def _new_occasion(doc: Doc, attribution: Attribution) -> bool:
    """Whether the cue names an occasion of its own with an indefinite noun ("in an interview")."""
    if attribution.cue is None:
        return False
    span = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    for token in span or []:
        for prep in token.children:
            if prep.dep_ != "prep":
                continue
            for noun in prep.children:
                if (
                    noun.dep_ == "pobj" and noun.lemma_.lower() in _SPEECH_EVENTS
                    and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)
                ):
                    return True
    return False


def _authored(noun: object) -> bool:
    """Whether a noun names someone's own work: "Obama's remarks", "a New York Times report"."""
    return any(
        c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN")
        for c in noun.children  # type: ignore[attr-defined]
    )


def _speaker_key(doc: Doc, attribution: Attribution, previous: str | None, text: str) -> str | None:
    """A key naming who spoke: the resolved speaker, a surname, or the previous speaker for a pronoun."""
    if attribution.speaker is not None:
        return attribution.speaker.id or attribution.speaker.name.lower()
    if attribution.source is None:
        return None
    return _mention_key(doc, attribution.source.start, attribution.source.end, previous, text)


def _mention_key(doc: Doc, start: int, end: int, previous: str | None, text: str) -> str | None:
    """A key for a mention of someone: a surname, a name, the words, or ``previous`` for a pronoun."""
    words = re.findall(r"[\w’'.-]+", text[start:end])
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return previous
    if len(words) == 1 and words[0].lower() in ("who", "which", "that", "whom"):
        return None  # a relative pronoun names whatever its clause hangs on, not a speaker
    span = doc.char_span(start, end, alignment_mode="expand")
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


def _aliases(doc: Doc, attributions: list[Attribution], text: str) -> dict[str, str]:
    """Mention keys ("warren", "republican nominee") → the key of the speaker they were resolved to.

    A sentence that announces an event names its subject the way the attributions name their
    sources; this maps such a name onto the resolved speaker the statements carry.
    """
    table: dict[str, str] = {}
    for attribution in attributions:
        if attribution.speaker is None or attribution.source is None:
            continue
        key = attribution.speaker.id or attribution.speaker.name.lower()
        mention = _mention_key(doc, attribution.source.start, attribution.source.end, None, text)
        if mention is not None:
            table.setdefault(mention, key)
        surname = attribution.speaker.name.split()[-1].lower().strip("’'") if attribution.speaker.name else ""
        if surname:
            table.setdefault(surname, key)
    return table


def _subject_key(
    doc: Doc, sent: SpacySpan, previous: str | None, aliases: dict[str, str], text: str
) -> str | None:
    """The key of who an event sentence is about: the subject of its main clause."""
    subjects = [t for t in sent.root.children if t.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return None
    subtree = list(subjects[0].subtree)
    # "The Democratic presidential candidate's response": the possessor is the one who spoke.
    owners = [t for t in subjects[0].children if t.dep_ == "poss"]
    if owners:
        subtree = list(owners[0].subtree)
    key = _mention_key(doc, subtree[0].idx, subtree[-1].idx + len(subtree[-1]), previous, text)
    return aliases.get(key, key) if key is not None else None


_INTERVIEW_VERBS = {"speak", "talk", "interview", "survey", "consult", "poll"}
_EVERYONE = {"all", "everyone", "everybody"}


def _interviews(
    doc: Doc, times: list[tuple[TimeExpression, _Dated]], contents: list[tuple[int, int]],
) -> list[tuple[int, str, SaidOn]]:
    """The writer's dated interviews: (token index, noun lemma of the group, date).

    "several farm economists I spoke to this week": a first-person speech verb with a time,
    right after the plural noun it describes.
    """
    found = []
    for time, dated in times:
        if dated.said_on is None or _overlaps(time.start, time.end, contents):
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        verb = span.root
        for _ in range(3):
            if verb.pos_ == "VERB" or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _INTERVIEW_VERBS:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in ("i", "we")), None)
        if subject is None or subject.i == 0:
            continue
        group = doc[subject.i - 1]
        if group.tag_ == "NNS":
            found.append((verb.i, group.lemma_.lower(), dated.said_on))
    return found


def _interviewed(doc: Doc, attribution: Attribution, interviews: list[tuple[int, str, SaidOn]]) -> SaidOn | None:
    """The date of the writer's interviews with the group this statement's source names again
    ("the economists", "several economists", "all", "everyone I talked to")."""
    if attribution.source is None:
        return None
    span = doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    head = span.root
    earlier = [i for i in interviews if i[0] < head.i]
    if not earlier:
        return None
    lemma = head.lemma_.lower()
    if head.lower_ in _EVERYONE or (head.tag_ == "NNS" and any(i[1] == lemma for i in earlier)):
        same = [i for i in earlier if head.lower_ in _EVERYONE or i[1] == lemma]
        return same[-1][2]
    return None


def _group(token: object) -> bool:
    """Whether a noun names several people: "several officials", "Reps. A and B", "member after member"."""
    if token.pos_ not in ("NOUN", "PROPN"):  # type: ignore[attr-defined]
        return False
    if token.tag_ in ("NNS", "NNPS") and token.ent_type_ not in ("ORG", "GPE", "FAC", "WORK_OF_ART"):  # type: ignore[attr-defined]
        return True
    for child in token.children:  # type: ignore[attr-defined]
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
            return True
        if child.dep_ == "prep" and child.lower_ == "after" and any(g.lower_ == token.lower_ for g in child.children):  # type: ignore[attr-defined]
            return True
    return False


def _surname(attribution: Attribution) -> str | None:
    """The last word of the resolved speaker's name, lower-cased ("jon tester" → "tester")."""
    if attribution.speaker is None or not attribution.speaker.name or "," in attribution.speaker.name:
        return None
    words = attribution.speaker.name.split()
    return words[-1].lower().strip("’'") if len(words) > 1 and " and " not in attribution.speaker.name else None


def _named_members(doc: Doc, attribution: Attribution) -> list[str]:
    """The surnames of the people a group source names: "Reps. A (D) and B (R)" → [a, b]."""
    names = []
    if attribution.speaker is not None and attribution.speaker.name:
        people = re.split(r",\s*(?:and\s+)?|\s+and\s+", attribution.speaker.name)
        if len(people) > 1:
            names += [p.split()[-1].lower().strip("’'") for p in people if p.strip()]
    if attribution.source is not None:
        span = doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
        if span is not None and len(span) and span.root.ent_type_ == "PERSON":
            names += [t.lower_.strip("’'") for t in span.root.conjuncts if t.pos_ == "PROPN" and t.ent_type_ == "PERSON"]
    return names


def _group_source(doc: Doc, attribution: Attribution) -> bool:
    """Whether the statement's source is a group of people (:func:`_group`)."""
    if attribution.source is None:
        return False
    span = doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and _group(span.root)


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


def _item_breaks(doc: Doc, sentence_index: dict[int, int], text: str) -> list[int]:
    """Sentence indices where a live-blog item begins: after a rule line or a clock-time heading."""
    breaks, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        pos += len(line)
        if stripped and (_RULE.fullmatch(stripped) or _CLOCK_HEADING.fullmatch(stripped)):
            token = next((t for t in _tokens_from(doc, pos) if not t.is_space), None)
            if token is not None:
                breaks.append(sentence_index.get(token.sent.start, 0))
    return sorted(set(breaks))


def _tokens_from(doc: Doc, offset: int):  # type: ignore[no-untyped-def]
    """The tokens of ``doc`` from the character ``offset`` on."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < offset:
            lo = mid + 1
        else:
            hi = mid
    return doc[lo:]


def _present(token: object) -> bool:
    """Whether a verb is in the present tense ("says", "is telling"), not the perfect."""
    if token.tag_ in ("VBZ", "VBP"):  # type: ignore[attr-defined]
        return token.lemma_ not in ("be", "have") or token.dep_ == "ROOT"  # type: ignore[attr-defined]
    if token.tag_ == "VBG":  # type: ignore[attr-defined]
        return any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in token.children)  # type: ignore[attr-defined]
    return False


def _progressive(token: object) -> bool:
    """Whether a verb is in the present progressive ("is raising"): an act going on now."""
    return token.tag_ == "VBG" and _present(token)  # type: ignore[attr-defined]


def _tells_today(doc: Doc, attribution: Attribution) -> bool:
    """Whether the cue is in the present tense: "X says" reports what X says now."""
    if attribution.cue is None:
        return False
    span = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    verbs = [t for t in span or [] if t.pos_ in ("VERB", "AUX")]
    return bool(verbs) and _present(verbs[0])


def _told_now(doc: Doc, attribution: Attribution) -> bool:
    """Whether any verb of the cue is in the present tense ("says", "are challenging", "try")."""
    if attribution.cue is None:
        return False
    span = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    return any(t.pos_ == "VERB" and _present(t) for t in span or [])


def _fits(said: SaidOn | None, today: bool, published: dt.date | None) -> bool:
    """Whether an inherited date can date a statement told in the present tense (``today``)."""
    if said is None or not today or published is None:
        return True
    return said.end >= published.isoformat()


def _when_clause(
    doc: Doc, attribution: Attribution, dated_cues: dict[int, SaidOn],
    dated_words: list[tuple[int, int, SaidOn]] | None = None,
) -> SaidOn | None:
    """The date of a dated statement whose cue heads a "when"/"as"/"after" clause of this cue, or
    whose cue this cue's "when"/"as"/"while" clause hangs on."""
    if attribution.cue is None:
        return None
    span = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    if span is None or not len(span):
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
    for clause in cue.sent:
        if clause.dep_ != "advcl" or clause.i not in dated_cues or cue in clause.subtree:
            continue
        if any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as", "after", "while") for m in clause.children):
            return dated_cues[clause.i]
    return None


def _participle(doc: Doc, attribution: Attribution) -> bool:
    """Whether the cue is a participle clause ("…, saying …") that takes its clause's subject."""
    if attribution.cue is None:
        return False
    span = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[0].tag_ == "VBG" and span[0].dep_ in ("advcl", "xcomp", "conj")


def _added_to(doc: Doc, attribution: Attribution, dated_cues: dict[int, SaidOn]) -> SaidOn | None:
    """The date of the dated cue that this participle cue adds to ("said, adding later, …")."""
    if attribution.cue is None:
        return None
    span = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    cue = span[0]
    if cue.tag_ == "VBG" and cue.dep_ in ("advcl", "xcomp", "conj") and cue.head.i in dated_cues:
        return dated_cues[cue.head.i]
    return None


def _intended(doc: Doc, attribution: Attribution) -> bool:
    """Whether the speech act is still to come ("plans to call on …", "will announce")."""
    if attribution.cue is None:
        return False
    span = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    return any(_to_come(token) for token in span or [])


def _to_come(token: object) -> bool:
    """Whether a verb tells what is still to come: "will announce", "she'll present", "plans to call"."""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll", "’ll", "could", "might", "may") for c in token.children):  # type: ignore[attr-defined]
        return True
    return token.dep_ == "xcomp" and token.head.lemma_ in ("plan", "expect", "intend", "hope", "want", "prepare", "go")  # type: ignore[attr-defined]


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


_CLEFT_WHEN = re.compile(r"(?i:that|this|it)(?:['’]s|\s+is|\s+was)\s+(?i:when)\b")
_DEFINITE = {"the", "his", "her", "their", "its", "that", "this"}


def _dated_occasions(
    doc: Doc, times: list[tuple[TimeExpression, _Dated]], contents: list[tuple[int, int]],
) -> list[tuple[int, str, SaidOn]]:
    """Speech occasions the text dates: (token index, noun lemma, date).

    "Monday's debate", "a rally Friday evening", "the debate on Monday", "sent a letter Thursday".
    """
    found = []
    for time, dated in times:
        if dated.said_on is None or _overlaps(time.start, time.end, contents):
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
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
            if noun.lemma_.lower() in _SPEECH_EVENTS:
                found.append((noun.i, noun.lemma_.lower(), dated.said_on))
    return sorted(found, key=lambda f: f[0])  # type: ignore[arg-type,return-value]


_RELATIVE_DAY = re.compile(
    r"\b(?i:the|that)\s+(?P<part>day|morning|afternoon|evening|night)\s+(?P<rel>after|before)\s+"
    r"(?:the|that|this|his|her|their|its)\s+(?:[\w-]+\s+){0,3}?(?P<noun>[a-z]+)\b"
)


def _relative_days(doc: Doc, text: str, occasions: list[tuple[int, str, SaidOn]]) -> list[TimeExpression]:
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
        day = dt.date.fromisoformat(said.start) + dt.timedelta(days=1 if m["rel"] == "after" else -1)
        found.append(TimeExpression(m.start(), m.end("noun"), text[m.start() : m.end("noun")], "DATE", day.isoformat()))
    return found


def _named_occasion(
    doc: Doc, attribution: Attribution, contents: list[tuple[int, int]],
    occasions: list[tuple[int, str, SaidOn]], item_start: int = 0,
) -> SaidOn | None:
    """The date of a dated occasion the statement names again.

    A definite speech noun that hangs from the cue through a preposition ("said in the letter",
    "during the debate") or is the source ("the letter reads") refers back to the occasion of that
    name the text last dated in the same live-blog item (from ``item_start``, a token index); an
    occasion or a speech act at a named place refers to the one occasion the text dates there.
    """
    start, end = _frame(attribution)
    frame = doc.char_span(start, end, alignment_mode="expand")
    if frame is None or not len(frame):
        return None
    targets = {t.i for t in frame} | {t.head.i for t in frame if t.pos_ not in ("VERB", "AUX")}
    # "In the spin room after the debate, the aides were complimentary, perhaps recognizing …": a
    # participle's occasion is its clause's.
    targets |= {t.head.i for t in frame if t.dep_ in ("advcl", "conj") and t.tag_ in ("VBG", "VBN")}
    # Its own content may run over the occasion ("made this statement during the debate …").
    mine = {(c.start, c.end) for c in attribution.content}
    others = [r for r in contents if r not in mine]
    named = _occasion_named_from(doc, targets, frame[0].sent, others, occasions, item_start)
    source = doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand") if attribution.source else None
    if named is None and source is not None and len(source):
        # "“…,” the letter reads": a definite document as the source is the one the text dated.
        head = source.root
        if head.pos_ == "NOUN" and head.lemma_.lower() in _SPEECH_EVENTS and any(
            c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in head.children
        ):
            earlier = [o for o in occasions if o[1] == head.lemma_.lower() and item_start <= o[0] < head.i]
            if earlier:
                named = earlier[-1][2]
    if named is None and source is not None:
        # "Trump, speaking to a veterans group in Virginia, said": a speech act at a named place
        # is the one occasion of speaking the text dates at that place.
        anchors = targets | {t.i for t in source}
        places: set[str] = set()
        for token in frame[0].sent:
            if (
                token.pos_ == "VERB" and token.lemma_.lower() in _SPEECH_EVENTS and token.dep_ in ("acl", "advcl")
                and token.head.i in anchors and not _overlaps(token.idx, token.idx + len(token), contents)
            ):
                places |= {g.lower_ for g in token.subtree if g.pos_ == "PROPN" and g.ent_type_ in ("GPE", "LOC", "FAC")}
        if places:
            matches = {o[2].value: o[2] for o in occasions if places & _places(doc[o[0]])}
            if len(matches) == 1:
                named = next(iter(matches.values()))
    return named


def _occasion_named_from(
    doc: Doc, targets: set[int], sent: SpacySpan, contents: list[tuple[int, int]],
    occasions: list[tuple[int, str, SaidOn]], item_start: int = 0,
) -> SaidOn | None:
    """The date of a dated occasion named again by a speech noun hanging from ``targets``."""
    for token in sent:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in _SPEECH_EVENTS:
            continue
        if _overlaps(token.idx, token.idx + len(token), contents) or token.i in targets:
            continue
        # It must hang from the cue through prepositions (or a verb of speaking) only: "said in
        # the letter", "Speaking at a rally in Ohio, X says".
        node, ok = token, False
        for _ in range(5):
            if node.dep_ not in ("pobj", "prep", "advcl", "compound") or (
                node.dep_ == "advcl" and node.lemma_.lower() not in _SPEECH_EVENTS
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


def _own_time(
    doc: Doc, attribution: Attribution, times: list[tuple[TimeExpression, _Dated]],
    contents: list[tuple[int, int]], text: str,
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
    best_time: TimeExpression | None = None
    source = attribution.source
    described: list[tuple[int, int]] = []
    if source is not None:
        described.append((source.start, source.end))
        head = doc.char_span(source.start, source.end, alignment_mode="expand")
        if head is not None and len(head):
            # Its appositions and relative clauses ("the architect of the 2008 campaign"); a
            # document's own date ("an ad in 2008 questioned") is the date of what it says.
            for child in head.root.children:
                if child.dep_ == "appos" or (child.dep_ == "relcl" and head.root.lemma_.lower() not in _SPEECH_EVENTS):
                    tree = list(child.subtree)
                    described.append((tree[0].idx, tree[-1].idx + len(tree[-1])))
    for time, dated in times:
        if time.start < sent.start_char or time.end > sent.end_char:
            continue
        # "said David Plouffe, the architect of the 2008 campaign": a time that describes the
        # speaker dates the speaker's past, not the statement.
        if source is not None and _overlaps(time.start, time.end, described):
            continue
        if _overlaps(time.start, time.end, contents):
            # A content span that runs over the speech act's own adverbial ("is urging supporters at
            # a rally Friday evening to …"): the time still dates the cue when the parse hangs it
            # from the cue verb itself, outside any quotation and any other statement's content.
            mine = [(c.start, c.end) for c in attribution.content]
            # (A content that holds this very speech act — "footage of Trump saying during the
            # debate last week, …" — is no other statement's: the time is this cue's.)
            shared = [r for r in contents if _overlaps(time.start, time.end, [r])]
            outer = [r for r in shared if r[0] <= start and end <= r[1]]
            if any(r not in mine and r not in outer for r in shared) or not _hangs_from_cue(doc, time, targets, sent, text):
                continue
            how = "cue"
        else:
            how = _attached(doc, time, targets, content, roots)
        if not how:
            continue
        # A bare year in the main clause mostly dates the background, not the speech act.
        if how == "frame" and (dated.said_on is None or dated.said_on.granularity == "year"):
            continue
        distance = min(abs(time.start - end), abs(start - time.end))
        if best is None or distance < best[0]:
            best, best_time = (distance, dated), time
    if best is None and _anaphoric_then(frame, targets, doc):
        return _Dated(None, anaphoric=True), sent.start
    if best is None and _CLEFT_WHEN.match(text, sent.start_char) and sent.start > 0:
        # "… since the town meeting on Monday. That's when she said …": the time just told.
        before = doc[sent.start - 1].sent
        told = [d for t, d in times if before.start_char <= t.start and t.end <= before.end_char and d.said_on is not None]
        if told:
            return told[-1], sent.start
    if best is not None and best_time is not None and best_time.value.endswith("-WE"):
        # "this weekend's broadcast of “Town Hall Sunday”": the weekend's day its occasion names.
        day = _weekend_day(doc, best_time, best[1], times, sent, contents)
        if day is not None:
            return day, sent.start
    return (best[1] if best else None), sent.start


def _weekend_day(
    doc: Doc, weekend: TimeExpression, dated: _Dated, times: list[tuple[TimeExpression, _Dated]],
    sent: SpacySpan, contents: list[tuple[int, int]],
) -> _Dated | None:
    """A Saturday or Sunday of the weekend that the phrase the weekend modifies names."""
    span = doc.char_span(weekend.start, weekend.end, alignment_mode="expand")
    if span is None or not len(span) or dated.said_on is None or span.root.head.pos_ not in ("NOUN", "PROPN"):
        return None
    phrase = span.root.head
    lo, hi = phrase.left_edge.idx, phrase.right_edge.idx + len(phrase.right_edge)
    for time, other in times:
        said = other.said_on
        if said is None or said.granularity != "day" or not (lo <= time.start and time.end <= hi) or time is weekend:
            continue
        if _overlaps(time.start, time.end, contents):
            continue
        day = dt.date.fromisoformat(said.start)
        if day.weekday() >= 5 and dated.said_on.start <= said.start <= dated.said_on.end:
            return other
    return None


def _anaphoric_then(frame: SpacySpan | None, targets: set[int], doc: Doc) -> bool:
    """Whether the cue is dated by "then" or "at the time": a time told earlier, not the occasion."""
    for i in targets:
        for child in doc[i].children:
            if child.dep_ == "advmod" and child.lower_ == "then" and child.i > i:
                return True
            if child.dep_ == "prep" and child.lower_ == "at" and any(
                g.lower_ == "time" and any(d.lower_ in ("the", "that") for d in g.children) for g in child.children
            ):
                return True
    return False


def _announced_events(
    doc: Doc, times: list[tuple[TimeExpression, _Dated]], frames: set[int],
    contents: list[tuple[int, int]], published: dt.date | None = None,
    occasions: list[tuple[int, str, SaidOn]] | None = None, renamed: set[int] | None = None,
    break_tokens: list[int] | None = None,
) -> dict[int, SaidOn]:
    """Sentences (by first token index) that date a speech event without being an attribution.

    The time must date the sentence's main clause ("The city sent a letter Thursday", "Answering
    questions on Wednesday, the diplomat touched on …"), reached through words of speaking only:
    "problems during Monday's debate" dates the problems, "a loss in 1995" the loss. Only an
    occasion (a day) is announced; a week, a month or a year dates background.
    """
    events: dict[int, SaidOn] = {}
    for time, dated in times:
        if dated.said_on is None or _overlaps(time.start, time.end, contents):
            continue
        sent = _sentence(doc, time.start, time.end)
        if sent is None or sent.start in frames or sent.start in events:
            continue
        outside = [t for t in sent if not _overlaps(t.idx, t.idx + len(t), contents)]
        if not any(t.lemma_.lower() in _SPEECH_EVENTS for t in outside):
            continue
        if _to_come(sent.root):
            continue
        if _progressive(sent.root) and published is not None and dated.said_on.end < published.isoformat():  # type: ignore[union-attr]
            continue  # "Trump is raising questions about Monday's debate": Monday dates the debate
        if _attached(doc, time, {sent.root.i}, set(), {sent.root.i}, nouns=True):
            events[sent.start] = dated.said_on  # type: ignore[assignment]
    # "Trump made this statement during a portion of the debate": a speech act at an occasion the
    # text dated before.
    renamed = renamed if renamed is not None else set()
    for sent in doc.sents if occasions else []:
        root = sent.root
        if sent.start in frames or sent.start in events or _to_come(root) or _present(root):
            continue
        speech = root.lemma_.lower() in _SPEECH_EVENTS or any(
            c.dep_ == "dobj" and c.lemma_.lower() in _SPEECH_EVENTS for c in root.children
        )
        if not speech or _overlaps(root.idx, root.idx + len(root), contents):
            continue
        item_start = max((b for b in break_tokens or [] if b <= sent.start), default=0)
        named = _occasion_named_from(doc, {root.i}, sent, contents, occasions, item_start)
        if named is not None:
            events[sent.start] = named
            renamed.add(sent.start)
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
        Attribution id → ``"own"`` (its own or a named occasion's time), ``"vague"``,
        ``"habitual"``, ``"speaker"``, ``"event"``, ``"scene"`` (a group's day), ``"interview"``
        (the writer's dated interviews with a group), ``"lead"`` or ``"item"`` (a live-blog item's
        day); statements nothing dated are absent.
    """
    reasons: dict[str, str] = {}
    text = doc_text(doc)  # spaCy rebuilds doc.text on every access: once per article
    contents = sorted((s.start, s.end) for a in attributions for s in a.content)
    usable = [(t, d) for t in times if (d := _usable(doc, t, published)) is not None]
    ordered = sorted(attributions, key=lambda a: _frame(a)[0])
    own: dict[str, tuple[_Dated | None, int]] = {}
    occasions = _dated_occasions(doc, usable, contents)
    if occasions:
        # "the evening after the vote": a day told from an occasion the text dates.
        relative = [(t, d) for t in _relative_days(doc, text, occasions) if (d := _usable(doc, t, published)) is not None]
        if relative:
            usable = sorted(usable + relative, key=lambda pair: pair[0].start)
    sentences = list(doc.sents)
    sentence_index = {s.start: i for i, s in enumerate(sentences)}
    breaks = _item_breaks(doc, sentence_index, text)
    break_tokens = [sentences[i].start for i in breaks]
    for attribution in ordered:
        attribution.said_on = None
        own[attribution.id] = _own_time(doc, attribution, usable, contents, text)
        if own[attribution.id][0] is None and occasions:
            # "the letter" names an occasion of its own live-blog item.
            frame_token = doc.char_span(*_frame(attribution), alignment_mode="expand")
            at = frame_token[0].i if frame_token is not None and len(frame_token) else 0
            item_start = max((b for b in break_tokens if b <= at), default=0)
            named = _named_occasion(doc, attribution, contents, occasions, item_start)
            if named is not None:
                own[attribution.id] = (_Dated(named), own[attribution.id][1])
    frames = {sent for dated, sent in own.values() if sent >= 0}
    renamed: set[int] = set()
    events = _announced_events(doc, usable, frames, contents, published, occasions, renamed, break_tokens)
    aliases = _aliases(doc, attributions, text)
    interviews = _interviews(doc, usable, contents)

    # Walk statements and announced events in text order.
    items: list[tuple[int, int, object]] = [(sentence_index.get(k, 0), 0, v) for k, v in events.items()]
    # A rule line ("___", "***") separates the items of a live blog: nothing carries across it,
    # and each item opens with its own lead.
    items += [(i, -1, None) for i in breaks]  # before the item's own events
    items += [(sentence_index.get(own[a.id][1], 0), 1, a) for a in ordered]
    items.sort(key=lambda item: (item[0], item[1]))
    occasion: dict[str | None, tuple[SaidOn, int]] = {}  # the speaker's current occasion (a day)
    recent: dict[str | None, tuple[SaidOn | None, int]] = {}  # a week, month, year or vague time just told
    last_seen: dict[str | None, int] = {}
    dated_cues: dict[int, SaidOn] = {}  # the cue tokens of the statements dated so far
    dated_words: list[tuple[int, int, SaidOn]] = []  # and their contents
    keys: dict[str, str | None] = {}  # attribution id → speaker key
    item_of: dict[str, int] = {}  # attribution id → live-blog item (0: before the first)
    first_context: dict[tuple[int, str | None], SaidOn] = {}
    item_days: dict[int, dict[str, SaidOn]] = {}  # the days each live-blog item dates statements to
    waiting: dict[tuple[int, str | None], list[Attribution]] = {}
    open_event: tuple[int, SaidOn] | None = None
    aside_event: tuple[int, SaidOn] | None = None  # a month, week or year an event sentence told
    scene: tuple[int, SaidOn] | None = None  # a day a group spoke on, and the last statement of it
    members: dict[str, tuple[SaidOn, int]] = {}  # surnames of the people a dated group names
    previous_key: str | None = None
    section = 0

    def note(key: str | None, said: SaidOn | None) -> None:
        if said is not None and _lasting(said):
            item_days.setdefault(section, {}).setdefault(said.value, said)
            if (section, key) not in first_context:
                first_context[(section, key)] = said

    for position, kind, item in items:
        if kind <= 0:
            if item is None:
                section += 1
                open_event, previous_key, scene, aside_event = None, None, None, None
                members.clear()
                occasion.clear()
                recent.clear()
                continue
            assert isinstance(item, SaidOn)
            subject = _subject_key(doc, sentences[position], previous_key, aliases, text)
            if not _lasting(item) and item.granularity == "year":
                continue  # "As governor in 1983, X was …": a year dates the background
            if not _lasting(item):
                # "At a May meeting with the board, the mayor said …": a month or a week dates
                # the statement told next, and no later one.
                if subject is not None:
                    last_seen[subject] = position
                    previous_key = subject
                aside_event = (position, item)
                continue
            # A speech act at an occasion named again dates its own subject only.
            open_event = (position, item) if sentences[position].start not in renamed else None
            aside_event = None
            if sentences[position].start not in renamed:
                occasion.clear()  # another event intervenes: earlier bindings end
            recent.clear()
            # "Member after member rose to object on Tuesday": who speaks next is of the scene.
            subjects = [t for t in sentences[position].root.children if t.dep_ in ("nsubj", "nsubjpass")]
            scene = (position, item) if subjects and _group(subjects[0]) else None
            if subject is not None:
                # "The city sent a letter Thursday. It says …": the event is its subject's occasion.
                occasion[subject] = (item, position)
                last_seen[subject] = position
                note(subject, item)
                previous_key = subject
            continue
        assert isinstance(item, Attribution)
        attribution = item
        key = _speaker_key(doc, attribution, previous_key, text)
        if key is None and attribution.source is None and attribution.speaker is None and _participle(doc, attribution):
            # A participle told without its source ("…, saying …") is the last speaker's; a source
            # that names nobody ("who") is nobody's to inherit.
            key = previous_key
        keys[attribution.id], item_of[attribution.id] = key, section
        if key in last_seen and position - last_seen[key] > _GAP:
            # The speaker was silent too long: what they say now may be another occasion.
            occasion.pop(key, None)
            recent.pop(key, None)
        if key is not None:
            last_seen[key] = position
        previous_key = key if key is not None else previous_key
        dated = own[attribution.id][0]
        today_tense = _tells_today(doc, attribution)
        if dated is None and _habitual(doc, attribution):
            reasons[attribution.id] = "habitual"
            continue
        if dated is None:
            # "When Clinton noted …, Trump boasted …": told at the time of the clause it hangs on.
            at = _when_clause(doc, attribution, dated_cues, dated_words)
            if at is not None:
                dated = _Dated(at)
        if dated is not None and dated.said_on is None and not dated.anaphoric:
            # "“…,” the mayor said, adding later, “…”": later in the statement it adds to.
            at = _added_to(doc, attribution, dated_cues)
            if at is not None:
                dated = _Dated(at)
        if dated is not None and dated.anaphoric:
            # "X said at the time": the aside just told about X, else no interval.
            if key in recent and position - recent[key][1] <= 2:
                attribution.said_on = recent[key][0]
            reasons[attribution.id] = "speaker" if attribution.said_on else "vague"
        elif dated is not None:
            attribution.said_on = dated.said_on
            if _lasting(dated.said_on):
                occasion[key] = (dated.said_on, position)  # type: ignore[assignment]
                recent.pop(key, None)
            else:
                recent[key] = (dated.said_on, position)
            reasons[attribution.id] = "own" if dated.said_on else "vague"
        elif _new_occasion(doc, attribution):
            # "X said in an interview": an occasion of its own, undated; it inherits none.
            waiting.setdefault((section, key), []).append(attribution)
            continue
        elif key is not None and key in recent and position - recent[key][1] <= 1:
            # A month, a year or a vague time carries only into the same or the next sentence
            # ("In an interview in February, he expressed …, calling …").
            attribution.said_on = recent[key][0]
            reasons[attribution.id] = "speaker" if attribution.said_on else "vague"
        elif key is not None and key in occasion and _fits(occasion[key][0], today_tense, published):
            # After a remembered aside ("In June, he called …"), the report returns to the
            # speaker's occasion.
            attribution.said_on = occasion[key][0]
            reasons[attribution.id] = "speaker"
        elif (member := _surname(attribution) or key) in members and position - members[member][1] <= _GAP:
            # "Reps. A and B pressed the minister …; “…,” A said": one of a dated pair speaks then.
            attribution.said_on = members[member][0]
            occasion[key] = (members[member][0], position)
            reasons[attribution.id] = "speaker"
        elif open_event is not None and position - open_event[0] <= _EVENT_REACH:
            attribution.said_on = open_event[1]
            occasion[key] = (open_event[1], position)
            reasons[attribution.id] = "event"
        elif aside_event is not None and position - aside_event[0] <= _EVENT_REACH:
            attribution.said_on = aside_event[1]
            recent[key] = (aside_event[1], position)
            reasons[attribution.id] = "event"
        elif (
            scene is not None and position - scene[0] <= _SCENE_GAP and key is not None
            and not _intended(doc, attribution) and not _told_now(doc, attribution)
        ):
            # A group dated as a whole ("several officials objected on Friday", "member after
            # member rose on Tuesday") is the scene the next speaker speaks in.
            attribution.said_on = scene[1]
            occasion[key] = (scene[1], position)
            reasons[attribution.id] = "scene"
        elif interviews and (told := _interviewed(doc, attribution, interviews)) is not None:
            # "… the economists I spoke to this week …": the writer's interviews with that group.
            attribution.said_on = told
            reasons[attribution.id] = "interview"
        else:
            waiting.setdefault((section, key), []).append(attribution)
            continue
        note(key, attribution.said_on)
        if (
            reasons.get(attribution.id) in ("own", "event", "scene") and _lasting(attribution.said_on)
            and _group_source(doc, attribution) and not _told_now(doc, attribution)
        ):
            # Only a group dated on its own (not by inheritance) sets the scene, and only a group
            # carries it on.
            scene = (position, attribution.said_on)  # type: ignore[assignment]
            members.update((name, (attribution.said_on, position)) for name in _named_members(doc, attribution))  # type: ignore[misc]
        elif dated is not None:
            scene = None  # a time of its own: another occasion
        if attribution.said_on is not None and attribution.cue is not None:
            cue = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
            dated_cues.update({t.i: attribution.said_on for t in cue or []})
            dated_words.extend((c.start, c.end, attribution.said_on) for c in attribution.content)
    # Statements before any dated context of their speaker: the headline and lead of the article,
    # and the opening of each live-blog item, announce what the text then dates.
    lead_end = _lead_end(text)
    # The lead is what comes before the article dates anything: later undated statements
    # follow a dated one and would borrow a date meant for someone else.
    first_dated = min(
        (s.evidence.start for (sec, _), s in first_context.items() if sec == 0 and s.evidence is not None),
        default=len(text),
    )
    lead_end = min(lead_end, first_dated)
    for (sec, key), pending in waiting.items():
        if key is None or (sec, key) not in first_context:
            continue
        context = first_context[(sec, key)]
        for attribution in pending:
            # Only a headline or lead paragraph announces what the article later dates.
            if sec == 0 and _frame(attribution)[0] > lead_end:
                continue
            if attribution.said_on is None and attribution.start < context.evidence.start:  # type: ignore[union-attr]
                attribution.said_on = context
                reasons[attribution.id] = "lead"
    # A live-blog item that dates a statement to the day of the blog reports that day's news: its
    # other undated statements belong to it ("Trump is telling veterans … Trump made the pledge
    # Monday …"). An older date in an item ("at Monday's debate, she cited …") is background.
    today = published.isoformat() if published is not None else None
    for (sec, key), pending in waiting.items():
        context = item_days.get(sec, {}).get(today) if today is not None else None
        if sec == 0 or context is None:
            continue
        for attribution in pending:
            if attribution.said_on is None and not _intended(doc, attribution):
                attribution.said_on = context
                reasons[attribution.id] = "item"
    # A live blog's headline tells the news of its top item: an undated headline statement takes
    # the date its speaker's statements have there.
    if section:
        headline_end = next((m.end() for m in re.finditer(r"\S[^\n]*", text)), 0)
        top = [a for a in ordered if a.said_on is not None and item_of.get(a.id) == 1]
        for attribution in (a for (sec, _), pending in waiting.items() if sec == 0 for a in pending):
            if attribution.said_on is not None or _frame(attribution)[0] >= headline_end:
                continue
            key = keys.get(attribution.id)
            same = [a.said_on for a in top if keys.get(a.id) == key and key is not None]
            if same:
                attribution.said_on = same[0]
                reasons[attribution.id] = "lead"
    return reasons

