"""The candidate anchors of each statement's time, with the features the ``said_on`` model reads.

A statement's ``said_on`` is one of a few anchors: a date the article itself gives (the cue's own
time expression, one in the sentence, or a dated event or occasion told before or after it), the
publication date, or none. The hand rules of :mod:`quotegraph.timing.said_on` pick one; the
learned model (:mod:`quotegraph.timing.said_on_model`) chooses among all of them, with the rules'
decision as one of its features.

Candidates are the distinct dates (``SaidOn.value``) that the article's usable time expressions
give (:func:`quotegraph.timing.cue_time.usable_time`), the rules' choice, the publication day and
``None``. Each carries binary and small numeric features: where the date is told relative to the
statement (same sentence, sentences before or after, inside a quotation), how often and how
recently the article tells it, whether the rules chose it and why, whether it dated the previous
statement or the speaker's last one, its granularity and its relation to the publication date;
the ``None`` candidate carries what the cue tells about the statement (present tense, a standing
view, still to come) and what the rules decided. Everything is computed once per Doc from what
the rules already computed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from quotegraph.attribution.cues import BELIEF, SPEECH
from quotegraph.intervals import Ranges
from quotegraph.models import Attribution, SaidOn, TimeExpression
from quotegraph.nlp import item_breaks
from quotegraph.timing.cue_time import (
    SPEECH_EVENTS,
    Dated,
    cue_tokens,
    frame_of,
    is_habitual,
    is_intended,
    tells_today,
)

NONE = "none"  # the value of the candidate that leaves a statement undated


@dataclass(slots=True)
class Anchor:
    """One candidate date of a statement.

    Attributes:
        said_on: the date it gives (``None``: the statement stays undated).
        features: feature name → value (absent: 0).
    """

    said_on: SaidOn | None
    features: dict[str, float] = field(default_factory=dict)

    @property
    def value(self) -> str:
        """The candidate's date as text (``"none"`` for no date)."""
        return self.said_on.value if self.said_on is not None else NONE


@dataclass(frozen=True, slots=True)
class AnchorRecord:
    """The anchors of one Doc's statements, as recorded for training and cross-validation.

    Attributes:
        signature: the statements' ids and content starts, to find the record of a result.
        anchors: attribution id → its candidates.
    """

    signature: tuple[tuple[str, int], ...]
    anchors: dict[str, list[Anchor]]


_SINK: ContextVar[list[AnchorRecord] | None] = ContextVar("quotegraph_said_on_anchors", default=None)


@contextmanager
def recording_anchors() -> Iterator[list[AnchorRecord]]:
    """Record the anchors the time stage computes while the block runs (in this thread).

    Evaluation and training run the extractor inside it and fit or apply the model to the
    records (:func:`signature` finds an article's record from its attributions).

    Yields:
        The list the records are appended to, one per Doc the time stage dated.
    """
    records: list[AnchorRecord] = []
    token = _SINK.set(records)
    try:
        yield records
    finally:
        _SINK.reset(token)


def recording() -> bool:
    """Whether a :func:`recording_anchors` block is active."""
    return _SINK.get() is not None


def record(attributions: Sequence[Attribution], anchors: dict[str, list[Anchor]]) -> None:
    """Append one Doc's anchors to the active recording, if any (:func:`recording_anchors`)."""
    sink = _SINK.get()
    if sink is not None:
        sink.append(AnchorRecord(signature(attributions), anchors))


def signature(attributions: Sequence[Attribution]) -> tuple[tuple[str, int], ...]:
    """The ids and content starts of an article's statements (a key to its anchors)."""
    return tuple(sorted((a.id, a.start) for a in attributions))


def _bucket(distance: int) -> str:
    """Sentence distances in a few bins: 0, 1, 2-3, 4-7, 8-15, 16+."""
    if distance <= 1:
        return str(distance)
    if distance <= 3:
        return "2-3"
    if distance <= 7:
        return "4-7"
    return "8-15" if distance <= 15 else "16+"


def _sentence_starts(doc: Doc) -> list[int]:
    """The character offsets where the Doc's sentences start (read from arrays: iterating
    ``doc.sents`` builds a token object per token)."""
    if not len(doc):
        return [0]
    starts = doc.to_array("SENT_START")
    offsets = doc.to_array("IDX")
    starts[0] = 1
    return [int(o) for o in offsets[starts == 1]]


def _any_in(ordered: list[int], start: int, end: int) -> bool:
    """Whether any of the sorted offsets lies in ``[start, end)``."""
    k = bisect.bisect_left(ordered, start)
    return k < len(ordered) and ordered[k] < end


def _day(published: dt.date) -> SaidOn:
    day = published.isoformat()
    return SaidOn(day, "day", day, day, None)


_NOT_NAMES = frozenset({
    "he", "she", "it", "they", "we", "i", "you", "who", "the", "his", "her", "their", "its", "and", "said",
})  # fmt: skip


def _name_word(speaker: str | None) -> str | None:
    """The word of a speaker's name to look for in the sentences that tell a date: the last word
    of three or more letters that is not a pronoun ("ann lee" → "lee"; "he" → ``None``)."""
    if not speaker:
        return None
    words = [w for w in re.findall(r"[^\W\d_]{3,}", speaker) if w not in _NOT_NAMES]
    return words[-1] if words else None


def _cue_form(verbs: Sequence[Token]) -> str:
    """The form of the cue's first verb: its tag, or ``perfect`` ("has said") or ``modal``
    ("would say") when an auxiliary says so."""
    if not verbs:
        return "none"
    verb = verbs[0]
    aux = [c.lower_ for c in verb.children if c.dep_ == "aux"]
    if any(a in ("has", "have", "had", "'s", "'ve") for a in aux) and verb.tag_ == "VBN":
        return "perfect"
    if any(a in ("will", "would", "could", "might", "may", "shall", "should", "can") for a in aux):
        return "modal"
    return verb.tag_ or "none"


def _speaker_of(attribution: Attribution, text: str) -> str | None:
    """Who speaks, as far as the statement itself tells: the resolved speaker, else the source words."""
    if attribution.speaker is not None:
        return attribution.speaker.name.lower()
    if attribution.source is not None:
        return text[attribution.source.start:attribution.source.end].lower()
    return None


def statement_anchors(
    doc: Doc,
    attributions: Sequence[Attribution],
    usable: Sequence[tuple[TimeExpression, Dated]],
    published: dt.date | None,
    reasons: dict[str, str],
    text: str,
) -> dict[str, list[Anchor]]:
    """The candidate anchors of every statement, after the rules have set ``said_on``.

    Args:
        doc: the parsed article.
        attributions: the statements, their ``said_on`` as the rules decided it.
        usable: the (time, verdict) pairs of the article's times that can date a statement.
        published: the publication date (a candidate of its own), if known.
        reasons: which rule dated each statement (:func:`~quotegraph.timing.said_on.said_on_with_reasons`).
        text: the Doc's text.

    Returns:
        Attribution id → its anchors: ``None`` first, then the dates in the order the article
        first gives them, then the publication day when the text never gives it.
    """
    sentence_starts = _sentence_starts(doc)

    def sentence(offset: int) -> int:
        return max(bisect.bisect_right(sentence_starts, offset) - 1, 0)

    contents = Ranges((s.start, s.end) for a in attributions for s in a.content)
    mentions: dict[str, list[tuple[int, int, bool]]] = {}  # value → (sentence, start, in a content)
    dates: dict[str, SaidOn] = {}
    for time, dated in usable:
        if dated.said_on is None:
            continue
        said = dated.said_on
        dates.setdefault(said.value, said)
        mentions.setdefault(said.value, []).append(
            (sentence(time.start), time.start, contents.overlaps(time.start, time.end))
        )
    starts = {v: sorted(p for _, p, _ in ms) for v, ms in mentions.items()}
    time_starts = sorted(t.start for t, _ in usable)
    outside = Counter({v: sum(not inside for _, _, inside in ms) for v, ms in mentions.items()})
    top = max(outside.values(), default=0)
    day_told = {v: n for v, n in outside.items() if dates[v].granularity == "day"}
    top_day = max(day_told.values(), default=0)
    all_days = sum(day_told.values())
    lead_sentences = 3
    # sentences that tell each date outside every content, and their words (to find a speaker's
    # name there: "Carson told the AP on Wednesday" ties Carson's other words to that Wednesday)
    told_in = {v: {m[0] for m in ms if not m[2]} for v, ms in mentions.items()}
    bounds = sentence_starts + [len(text)]
    sentence_words: dict[int, set[str]] = {}

    def words_of(k: int) -> set[str]:
        if k not in sentence_words:
            sentence_words[k] = set(re.findall(r"[^\W\d_]{3,}", text[bounds[k]:bounds[k + 1]].lower()))
        return sentence_words[k]

    days_told = len(day_told)

    def names_occasion(k: int) -> bool:
        # a word of an occasion of speaking ("debate", "interviews", "rally") in sentence k
        return any(w in SPEECH_EVENTS or w.rstrip("s") in SPEECH_EVENTS for w in words_of(k))

    occasion_days = {v for v, ks in told_in.items() if any(names_occasion(k) for k in ks)}
    rule_days = Counter(a.said_on.value for a in attributions if a.said_on is not None)
    main_rule_day = rule_days.most_common(1)[0][0] if rule_days else None
    pub_value = published.isoformat() if published is not None else None
    any_day = any(d.granularity == "day" for d in dates.values())
    live = bool(item_breaks(doc))  # a live blog: its items report one day's events
    ordered = sorted(attributions, key=lambda a: frame_of(a)[0])
    speakers = {a.id: _speaker_of(a, text) for a in ordered}
    rule_at: dict[str, list[int]] = {}  # value → sentences of the statements the rules dated to it
    speaker_days: dict[str | None, set[str]] = {}
    for a in ordered:
        if a.said_on is not None:
            rule_at.setdefault(a.said_on.value, []).append(sentence(frame_of(a)[0]))
            speaker_days.setdefault(speakers[a.id], set()).add(a.said_on.value)
    dated_share = {v: len(at) / len(ordered) for v, at in rule_at.items()}
    rules_dated = sum(dated_share.values())
    previous: SaidOn | None = None
    by_speaker: dict[str | None, SaidOn] = {}
    out: dict[str, list[Anchor]] = {}
    for attribution in ordered:
        start, end = frame_of(attribution)
        here = sentence(start)
        mine = [(s.start, s.end) for s in attribution.content]
        reason = reasons.get(attribution.id, "none")
        rule = attribution.said_on
        speaker = speakers[attribution.id]
        cue = cue_tokens(doc, attribution)
        verbs = [t for t in cue if t.pos_ in ("VERB", "AUX")]
        lemma = (verbs[0] if verbs else cue[0]).lemma_.lower() if len(cue) else ""
        form = _cue_form(verbs)
        kind = "speech" if lemma in SPEECH else "belief" if lemma in BELIEF else "other"
        name_word = _name_word(speaker)
        context = {
            "past": bool(verbs) and verbs[0].tag_ == "VBD",
            "group": attribution.speaker is not None and attribution.speaker.kind == "group",
            "unnamed": attribution.speaker is None,
            "present": tells_today(doc, attribution),
            "habitual": is_habitual(doc, attribution),
            "intended": is_intended(doc, attribution),
            "direct": attribution.kind == "direct",
            "no_cue": attribution.cue is None,
            "lead": here < lead_sentences,
            "article_has_day": any_day,
            "live": live,
            "rules_date_most": rules_dated > 0.5,
            "rules_date_few": rules_dated < 0.2,
            "content_has_time": any(_any_in(time_starts, s, e) for s, e in mine),
            "perfect": form == "perfect",
            "speech": kind == "speech",
            "belief": kind == "belief",
            "participle": form == "VBG",
            "one_day": days_told == 1,
            "many_days": days_told >= 3,
        }
        none = Anchor(None, {"bias": 1.0, f"rule:{reason}": 1.0, "rule_dated": float(rule is not None),
                             f"cue:{lemma}": 1.0, f"form:{form}": 1.0,
                             f"form:{form}&{kind}": 1.0})
        none.features.update({f"ctx:{k}": 1.0 for k, on in context.items() if on})
        anchors = [none]
        out[attribution.id] = anchors
        if reason == "vague":
            # "noted later", "said recently": its own time says it was not said at a date told
            # before, and gives none itself.
            continue
        values = list(dates)
        if rule is not None and rule.value not in dates:
            values.append(rule.value)
        if pub_value is not None and pub_value not in dates and pub_value not in values:
            values.append(pub_value)
        before_values = sorted(
            (starts[v][k - 1], v) for v in dates if (k := bisect.bisect_left(starts[v], start))
        )
        recency = {v: rank for rank, (_, v) in enumerate(reversed(before_values))}
        for value in values:
            found = dates.get(value) or (rule if rule is not None and rule.value == value else None)
            if found is None and published is not None:
                found = _day(published)
            assert found is not None  # every value comes from the text, the rules or the publication
            said = found
            f: dict[str, float] = {f"gran:{said.granularity}": 1.0}
            ms = mentions.get(value, [])
            told_outside = [m for m in ms if not m[2]]
            inside_mine = value in starts and any(_any_in(starts[value], s, e) for s, e in mine)
            same = [m for m in told_outside if m[0] == here]
            before = [m for m in told_outside if m[1] < start and m[0] != here]
            after = [m for m in told_outside if m[1] >= end and m[0] != here]
            if not ms:
                f["untold"] = 1.0
            if same:
                f["same_sentence"] = 1.0
                f[f"same_sentence:{said.granularity}"] = 1.0
            if before:
                f[f"before:{_bucket(here - max(m[0] for m in before))}"] = 1.0
            if after:
                f[f"after:{_bucket(min(m[0] for m in after) - here)}"] = 1.0
            if inside_mine and not same:
                f["only_in_own_content"] = 1.0
            if ms and not told_outside:
                f["only_in_contents"] = 1.0
            if value in recency:
                f[f"recency:{min(recency[value], 2)}"] = 1.0
            if told_outside:
                f["mentions"] = math.log1p(len(told_outside))
                if len(told_outside) == top:
                    # (not crossed with the context: the crosses fit the training folds, not the held ones)
                    f["most_told"] = 1.0
                if value in day_told and day_told[value] == top_day:
                    f["most_told_day"] = 1.0
                    f["day_share"] = day_told[value] / all_days
                if min(m[0] for m in told_outside) < lead_sentences:
                    f["in_lead"] = 1.0
            if name_word is not None and any(name_word in words_of(k) for k in told_in.get(value, ())):
                # the speaker is named where the text tells this date: the speaker's occasion
                f["speaker_named_there"] = 1.0
                f.update({f"named&{k}": 1.0 for k, on in context.items() if on})
            if value in occasion_days:
                # told in a sentence that names an occasion of speaking ("the debate on Thursday")
                f["occasion"] = 1.0
                f.update({f"occasion&{k}": 1.0 for k, on in context.items() if on})
            if rule is not None and rule.value == value:
                f["rule"] = 1.0
                f[f"rule:{reason}"] = 1.0
            if previous is not None and previous.value == value:
                f["previous_statement"] = 1.0
            if speaker is not None and speaker in by_speaker and by_speaker[speaker].value == value:
                f["speaker_last"] = 1.0
            if main_rule_day == value:
                f["main_rule_day"] = 1.0
                f.update({f"main&{k}": 1.0 for k, on in context.items() if on})
            if value in dated_share:
                f["rule_share"] = dated_share[value]
                near = min(abs(here - at) for at in rule_at[value])
                f[f"near_rule:{_bucket(near)}"] = 1.0
            told_days = speaker_days.get(speaker, set()) if speaker is not None else set()
            if value in told_days:
                f["speaker_any"] = 1.0
            elif told_days:
                f["speaker_other"] = 1.0
            if pub_value is not None:
                if value == pub_value:
                    f["published"] = 1.0
                    f.update({f"published&{k}": 1.0 for k, on in context.items() if on})
                elif said.granularity == "day" and published is not None:
                    gap = (published - dt.date.fromisoformat(said.start)).days
                    f[f"days_before:{_bucket(gap)}"] = 1.0
                if said.start <= pub_value <= said.end and said.granularity != "day":
                    f["contains_published"] = 1.0
            anchors.append(Anchor(said, f))
        if rule is not None:
            previous = rule
            by_speaker[speaker] = rule
    return out

