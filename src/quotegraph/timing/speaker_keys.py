"""Who a statement is told by, as the ``said_on`` rules key it: speakers, groups, interviews.

Sources 2 and 4 of the ``said_on`` rules (:mod:`quotegraph.timing.said_on`) carry a date from one
statement to the next by who speaks: a key for each speaker (the resolved speaker, a surname,
the previous speaker for a pronoun) and for the subject of an event sentence, a group dated as a
whole that sets the scene of the next statement ("several officials objected on Tuesday") and
the people a dated pair names ("Reps. A and B"), and the writer's dated interviews with a group
("several economists I spoke to this week"). These keys only match mentions within one article;
resolving who a speaker is belongs to :mod:`quotegraph.speakers`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from quotegraph.models import Attribution, SaidOn, TimeExpression
from quotegraph.name_words import COMMON_TITLES
from quotegraph.timing.cue_time import Dated, dated_spans
from quotegraph.timing.spans import expanded

_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "his", "its"}


def speaker_key(doc: Doc, attribution: Attribution, previous: str | None, text: str) -> str | None:
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
    span = expanded(doc, start, end)
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
    names = [t.text for t in tokens if t.pos_ == "PROPN" and t.lower_.rstrip(".") not in COMMON_TITLES]
    if names:
        return names[-1].lower().strip("’'")
    return " ".join(w.lower() for w in words if w.lower() not in ("the", "a", "an"))


def speaker_aliases(doc: Doc, attributions: list[Attribution], text: str) -> dict[str, str]:
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


def subject_key(
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


def dated_interviews(
    doc: Doc, times: list[tuple[TimeExpression, Dated]], contents: list[tuple[int, int]],
) -> list[tuple[int, str, SaidOn]]:
    """The writer's dated interviews: (token index, noun lemma of the group, date).

    "several farm economists I spoke to this week": a first-person speech verb with a time,
    right after the plural noun it describes.
    """
    found = []
    for span, said_on in dated_spans(doc, times, contents):
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
            found.append((verb.i, group.lemma_.lower(), said_on))
    return found


def interviewed(doc: Doc, attribution: Attribution, interviews: list[tuple[int, str, SaidOn]]) -> SaidOn | None:
    """The date of the writer's interviews with the group this statement's source names again
    ("the economists", "several economists", "all", "everyone I talked to")."""
    if attribution.source is None:
        return None
    span = expanded(doc, attribution.source.start, attribution.source.end)
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


def is_group(token: object) -> bool:
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


def speaker_surname(attribution: Attribution) -> str | None:
    """The last word of the resolved speaker's name, lower-cased ("jon tester" → "tester")."""
    if attribution.speaker is None or not attribution.speaker.name or "," in attribution.speaker.name:
        return None
    words = attribution.speaker.name.split()
    return words[-1].lower().strip("’'") if len(words) > 1 and " and " not in attribution.speaker.name else None


def named_members(doc: Doc, attribution: Attribution) -> list[str]:
    """The surnames of the people a group source names: "Reps. A (D) and B (R)" → [a, b]."""
    names = []
    if attribution.speaker is not None and attribution.speaker.name:
        people = re.split(r",\s*(?:and\s+)?|\s+and\s+", attribution.speaker.name)
        if len(people) > 1:
            names += [p.split()[-1].lower().strip("’'") for p in people if p.strip()]
    if attribution.source is not None:
        span = expanded(doc, attribution.source.start, attribution.source.end)
        if span is not None and len(span) and span.root.ent_type_ == "PERSON":
            names += [t.lower_.strip("’'") for t in span.root.conjuncts if t.pos_ == "PROPN" and t.ent_type_ == "PERSON"]
    return names


def is_group_source(doc: Doc, attribution: Attribution) -> bool:
    """Whether the statement's source is a group of people (:func:`is_group`)."""
    if attribution.source is None:
        return False
    span = expanded(doc, attribution.source.start, attribution.source.end)
    return span is not None and len(span) > 0 and is_group(span.root)
