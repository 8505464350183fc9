"""Date each statement: ``Attribution.said_on`` from the time that governs it.

Six sources, in this order of trust:

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
   occasion of its own ("said in an interview") inherits none (a written statement that issues
   the day's news and a part of an occasion, "in a two-minute response", are no new occasion).
   A week, a month, a year or a vague time is an aside: it carries only into the next sentence,
   after which the report returns to the speaker's occasion. A standing view ("has often
   argued", "now says") inherits nothing, and a statement told in the present tense ("X says")
   inherits no occasion before the publication day.
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
   takes its speaker's first date, unless the lead tells it in the present ("is introducing a
   bill": it holds now); a headline's present tense tells past news. A live blog's items (after
   a rule line or a clock-time heading) are articles of their own: nothing carries across them,
   each opens with its own lead, and an item that dates a statement to the day of the blog dates
   its other undated statements with it (except those still to come: "plans to call"); the
   headline tells the news of the top item.

6. **Transcripts** — the lines of one transcript ("WALLACE: …", "PENCE: …") were said on one
   occasion: when its dated lines agree on a day, its undated lines (the host's questions) take it.

A time inside any content dates the reported event, never the statement. Times after the
publication date cannot date a statement. When nothing dates a statement, ``said_on`` stays
``None``: the publication date is never used as a guess by these rules. (The pipeline's learned
model, :mod:`quotegraph.timing.said_on_model`, weighs the rules' decision against the other
anchors, the publication day among them, as the annotated data taught it.)

The rules are split by what they read: :mod:`quotegraph.timing.cue_time` the cue's own sentence
(its time and tense), :mod:`quotegraph.timing.occasions` the occasions and events the text dates,
:mod:`quotegraph.timing.speaker_keys` who speaks (speaker keys, groups, the writer's interviews). This
module walks the statements in text order and decides which source dates each one; it also
splits a live blog into its items and finds the lead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Doc

from quotegraph.attribution.cues import BELIEF
from quotegraph.intervals import Ranges
from quotegraph.models import Attribution, SaidOn, Span, TimeExpression
from quotegraph.nlp import doc_text, item_breaks
from quotegraph.timing.cue_time import (
    Dated,
    Timeline,
    added_to,
    cue_objects,
    cue_tokens,
    frame_of,
    is_habitual,
    is_intended,
    is_participle,
    is_perfect_report,
    names_new_occasion,
    new_occasion_nouns,
    own_time,
    tells_today,
    told_now,
    usable_time,
    when_clause,
)
from quotegraph.timing.normalise import MONTHS
from quotegraph.timing.occasions import (
    announced_events,
    dated_occasions,
    named_occasion,
    relative_days,
)
from quotegraph.timing.spans import expanded
from quotegraph.timing.speaker_keys import (
    dated_interviews,
    interviewed,
    is_group,
    is_group_source,
    named_members,
    speaker_aliases,
    speaker_key,
    speaker_surname,
    subject_key,
)

_GAP = 16  # sentences (a few paragraphs) a speaker may fall silent before their occasion ends
_EVENT_REACH = 1  # sentences after an announced event within which a statement may claim it
_SCENE_GAP = 1  # sentences a group's scene (a hearing, a press conference) runs on without a statement
_LEAD_LINES = 6  # non-empty lines (headline and opening paragraphs) that may take a later date


def _lasting(said: SaidOn | None) -> bool:
    """Whether a statement's date is an occasion its speaker's next statements inherit.

    A day names one occasion ("on Thursday"); a week, a month or a year is a stretch that holds
    many ("last week, she told a meeting …"): it dates the one statement it is told with (and the
    next sentence), not what follows — unless it dates the occasion the cue names ("in an interview
    last week": :func:`_told_at_an_occasion`).
    """
    return said is not None and said.granularity == "day"


def _told_at_an_occasion(doc: Doc, attribution: Attribution) -> bool:
    """Whether the cue tells the occasion it was said at ("said in an interview", "wrote in a
    Post op-ed"): a week that dates that occasion is one its speaker's next statements share."""
    return any(prep.lower_ in ("in", "at", "during", "on") and noun.lemma_.lower() in _OCCASION_NOUNS
               for prep, noun in cue_objects(doc, attribution))


_OCCASION_NOUNS = frozenset({
    "interview", "speech", "rally", "debate", "hearing", "conference", "briefing", "op-ed", "oped",
    "column", "editorial", "appearance", "address", "testimony", "forum", "summit", "meeting", "session",
    "call", "event", "visit", "hall", "show",
})


def _fits(said: SaidOn | None, today: bool, published: dt.date | None) -> bool:
    """Whether an inherited date can date a statement told in the present tense (``today``)."""
    if said is None or not today or published is None:
        return True
    return said.end >= published.isoformat()


#: a post's time stamp in a live blog: "February 6, 2016 10:01PM", "Feb. 6, 2016, 10:01 p.m."
#: (a page's text may run the post's title on into it: "10:01PMTrump Says …")
_POST_STAMP = re.compile(
    r"(?P<month>[A-Z][a-z]{2,8})\.? (?P<day>\d{1,2}), (?P<year>\d{4}),? (?:at )?\d{1,2}:\d{2} ?[AaPp]\.?[Mm]"
    r"(?![a-z0-9])")


def _blog_days(text: str, usable: Timeline, contents: Ranges, item_starts: list[int],
               published: dt.date | None) -> list[tuple[int, SaidOn | None]]:
    """The days a live blog's posts are of, as (where they begin, day), in text order.

    Posts with their own time stamps (three or more, spread over the text) are of the stamp's
    day (``None`` for a stamp that names no day before publication: its post is not dated); a
    blog cut into items by clock-time headings or rule lines (``item_starts``) is of the one day
    its opening, before the first item, names outside any statement's words. Else none."""
    stamps = list(_POST_STAMP.finditer(text))
    # (three or more, spread over the text: a page's "posted … / updated …" lines are no posts)
    if len(stamps) >= 3 and stamps[-1].start() - stamps[0].start() >= len(text) / 3:
        return [(m.start(), _stamped_day(text, m, published)) for m in stamps]
    if not item_starts:
        return []
    # (dates only: an item's clock-time heading is no day the blog names)
    said = {d.said_on.value: d.said_on for t, d in usable
            if d.said_on is not None and d.said_on.granularity == "day" and t.type == "DATE"
            and t.start < item_starts[0] and not contents.overlaps(t.start, t.end)}
    if len(said) != 1:
        return []
    return [(item_starts[0], next(iter(said.values())))]


#: verbs of a standing position, not of one occasion ("is backing Clinton", "favors a ban")
_STANCE = frozenset({"support", "back", "favor", "favour", "oppose", "endorse", "prefer", "like", "love", "hate"})


def _spoken(doc: Doc, attribution: Attribution) -> bool:
    """Whether a statement was made at one time, as a blog's post reports it: its cue is no verb
    of belief, plan or stance ("thinks", "wants", "is backing"), nor still to come; a statement
    without a verb for its cue (a quotation) was said."""
    words = [t for t in cue_tokens(doc, attribution) if t.is_alpha]
    if not words:
        return True
    # (the verb, else the first word: the tagger may read "hopes" as a noun; its lemma or its
    # present form, as the lemmatizer makes "hop" of "hopes")
    word = next((t for t in words if t.pos_ == "VERB"), words[0])
    forms = {word.lemma_.lower(), word.lower_, word.lower_.removesuffix("s")}
    return not forms & (BELIEF | _STANCE) and not is_intended(doc, attribution)


def _item_breaks(doc: Doc, sentence_index: dict[int, int]) -> list[int]:
    """Sentence indices where a live-blog item begins: after a rule line or a clock-time heading
    (:func:`quotegraph.nlp.item_breaks`)."""
    breaks = []
    for item in item_breaks(doc):
        token = next((t for t in _tokens_from(doc, item.end) if not t.is_space), None)
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


#: a line of at most this many words at the top of a page is a headline or its deck
_HEADLINE_WORDS = 15


def _headline_end(text: str) -> int:
    """End of the headline: the first non-empty line, and any short lines right after it (a
    deck: "Sanders praises Obama after meeting.")."""
    end, seen = 0, 0
    for m in re.finditer(r"\S[^\n]*", text):
        if seen and len(m.group().split()) > _HEADLINE_WORDS:
            break
        end, seen = m.end(), seen + 1
    return end


def date_statements(
    doc: Doc,
    attributions: Sequence[Attribution],
    times: list[TimeExpression],
    published: dt.date | None,
) -> list[Attribution]:
    """Date each statement from the time that governs it.

    Args:
        doc: the parsed article; every span offset indexes its text.
        attributions: the article's statements (left as they are).
        times: the article's time expressions (``find_time_expressions``).
        published: the publication date; it bounds statement times and is never used as one.

    Returns:
        Copies of the statements, in the order given, with ``said_on`` set (``None`` where
        nothing dates one).
    """
    dated = [dataclasses.replace(a) for a in attributions]
    said_on_with_reasons(doc, dated, times, published)
    return dated


def assign_said_on(
    doc: Doc,
    attributions: list[Attribution],
    times: list[TimeExpression],
    published: dt.date | None,
) -> None:
    """:func:`date_statements` that sets ``said_on`` on the attributions given (for evaluations
    that score them in place).

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
    usable_out: list[tuple[TimeExpression, Dated]] | None = None,
) -> dict[str, str]:
    """:func:`assign_said_on`, returning which rule dated each statement (for evaluation).

    Args:
        doc: the parsed article; every span offset indexes ``doc.text``.
        attributions: the article's statements; their ``said_on`` is overwritten.
        times: the article's time expressions (``find_time_expressions``).
        published: the publication date; it bounds statement times and is never used as one.
        usable_out: when given, receives the (time, verdict) pairs that can date a statement
            (the learned model's anchors read them: :mod:`quotegraph.timing.anchors`).

    Returns:
        Attribution id → ``"own"`` (its own or a named occasion's time), ``"vague"``,
        ``"habitual"``, ``"speaker"``, ``"event"``, ``"scene"`` (a group's day), ``"interview"``
        (the writer's dated interviews with a group), ``"lead"`` or ``"item"`` (a live-blog item's
        day), ``"transcript"`` (the day of the transcript the line belongs to); statements nothing
        dated are absent.
    """
    reasons: dict[str, str] = {}
    text = doc_text(doc)  # spaCy rebuilds doc.text on every access: once per article
    contents = Ranges((s.start, s.end) for a in attributions for s in a.content)
    usable = Timeline((t, d) for t in times if (d := usable_time(doc, t, published)) is not None)
    ordered = sorted(attributions, key=lambda a: frame_of(a)[0])
    own: dict[str, tuple[Dated | None, int]] = {}
    occasions = dated_occasions(doc, usable, contents)
    if occasions:
        # "the evening after the vote": a day told from an occasion the text dates.
        relative = [(t, d) for t in relative_days(doc, text, occasions) if (d := usable_time(doc, t, published)) is not None]
        if relative:
            usable = Timeline(sorted(usable + relative, key=lambda pair: pair[0].start))
    if usable_out is not None:
        usable_out.extend(usable)
    sentences = list(doc.sents)
    sentence_index = {s.start: i for i, s in enumerate(sentences)}
    breaks = _item_breaks(doc, sentence_index)
    break_tokens = [sentences[i].start for i in breaks]
    for attribution in ordered:
        attribution.said_on = None
        own[attribution.id] = own_time(doc, attribution, usable, contents, text)
        if own[attribution.id][0] is None and occasions:
            # "the letter" names an occasion of its own live-blog item.
            frame_token = expanded(doc, *frame_of(attribution))
            frame_at = frame_token[0].i if frame_token is not None and len(frame_token) else 0
            item_start = max((b for b in break_tokens if b <= frame_at), default=0)
            named = named_occasion(doc, attribution, contents, occasions, item_start)
            if named is not None:
                own[attribution.id] = (Dated(named), own[attribution.id][1])
    frames = {sent for dated, sent in own.values() if sent >= 0}
    renamed: set[int] = set()
    spoken = {t.i for a in attributions for t in cue_tokens(doc, a)}
    events = announced_events(doc, usable, frames, contents, published, occasions, renamed, break_tokens, spoken)
    aliases = speaker_aliases(doc, attributions, text)
    interviews = dated_interviews(doc, usable, contents)

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
            subject = subject_key(doc, sentences[position], previous_key, aliases, text)
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
            scene = (position, item) if subjects and is_group(subjects[0]) else None
            if subject is not None:
                # "The city sent a letter Thursday. It says …": the event is its subject's occasion.
                occasion[subject] = (item, position)
                last_seen[subject] = position
                note(subject, item)
                previous_key = subject
            continue
        assert isinstance(item, Attribution)
        attribution = item
        key = speaker_key(doc, attribution, previous_key, text)
        if key is None and attribution.source is None and attribution.speaker is None and is_participle(doc, attribution):
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
        today_tense = tells_today(doc, attribution)
        if dated is None and is_habitual(doc, attribution):
            reasons[attribution.id] = "habitual"
            continue
        if dated is None:
            # "When Clinton noted …, Trump boasted …": told at the time of the clause it hangs on.
            at = when_clause(doc, attribution, dated_cues, dated_words)
            if at is not None:
                dated = Dated(at)
        if dated is not None and dated.said_on is None and not dated.anaphoric:
            # "“…,” the mayor said, adding later, “…”": later in the statement it adds to.
            at = added_to(doc, attribution, dated_cues)
            if at is not None:
                dated = Dated(at)
        if dated is not None and dated.anaphoric:
            # "X said at the time": the aside just told about X, else no interval.
            if key in recent and position - recent[key][1] <= 2:
                attribution.said_on = recent[key][0]
            reasons[attribution.id] = "speaker" if attribution.said_on else "vague"
        elif dated is not None:
            attribution.said_on = dated.said_on
            if _lasting(dated.said_on) or (
                dated.said_on is not None and dated.said_on.granularity == "week"
                and _told_at_an_occasion(doc, attribution)
            ):
                occasion[key] = (dated.said_on, position)  # type: ignore[assignment]
                recent.pop(key, None)
            else:
                recent[key] = (dated.said_on, position)
            reasons[attribution.id] = "own" if dated.said_on else "vague"
        elif is_perfect_report(doc, attribution):
            # "X has said …": some time before now, not X's last occasion (a lead may still
            # announce it: "…, Mayor Berg has said. Speaking on Tuesday, Berg …")
            waiting.setdefault((section, key), []).append(attribution)
            continue
        elif (occasion_kinds := new_occasion_nouns(doc, attribution)) and not (
            key in occasion and any(t.lemma_.lower() in occasion_kinds for t in sentences[occasion[key][1]])
        ):
            # "X said in an interview": an occasion of its own, undated; it inherits none — unless
            # the speaker's dated occasion was one of that kind ("delivered during an afternoon
            # radio interview on Friday … X said in an interview with …"): the same one, told again.
            waiting.setdefault((section, key), []).append(attribution)
            continue
        elif key is not None and key in recent and position - recent[key][1] <= 1:
            # A month, a year or a vague time carries only into the same or the next sentence
            # ("In an interview in February, he expressed …, calling …").
            attribution.said_on = recent[key][0]
            reasons[attribution.id] = "speaker" if attribution.said_on else "vague"
        elif key is not None and key in occasion and _fits(occasion[key][0], today_tense, published) and not (
            today_tense and not _spoken(doc, attribution)
        ):
            # (a view or a wish told in the present, "he wants …", "she hopes …", holds now: it was
            # not said at the speaker's last occasion)
            # After a remembered aside ("In June, he called …"), the report returns to the
            # speaker's occasion.
            attribution.said_on = occasion[key][0]
            reasons[attribution.id] = "speaker"
        elif (member := speaker_surname(attribution) or key) in members and position - members[member][1] <= _GAP:
            # "Reps. A and B pressed the minister …; “…,” A said": one of a dated pair speaks then.
            attribution.said_on = members[member][0]
            occasion[key] = (members[member][0], position)
            reasons[attribution.id] = "speaker"
        elif (
            open_event is not None and position - open_event[0] <= _EVENT_REACH
            and _fits(open_event[1], today_tense, published)
        ):
            # (as with a speaker's occasion: "Jobs believes …" is not the event's day)
            attribution.said_on = open_event[1]
            occasion[key] = (open_event[1], position)
            reasons[attribution.id] = "event"
        elif aside_event is not None and position - aside_event[0] <= _EVENT_REACH:
            attribution.said_on = aside_event[1]
            recent[key] = (aside_event[1], position)
            reasons[attribution.id] = "event"
        elif (
            scene is not None and position - scene[0] <= _SCENE_GAP and key is not None
            and not is_intended(doc, attribution) and not told_now(doc, attribution)
        ):
            # A group dated as a whole ("several officials objected on Friday", "member after
            # member rose on Tuesday") is the scene the next speaker speaks in.
            attribution.said_on = scene[1]
            occasion[key] = (scene[1], position)
            reasons[attribution.id] = "scene"
        elif interviews and (told := interviewed(doc, attribution, interviews)) is not None:
            # "… the economists I spoke to this week …": the writer's interviews with that group.
            attribution.said_on = told
            reasons[attribution.id] = "interview"
        else:
            waiting.setdefault((section, key), []).append(attribution)
            continue
        note(key, attribution.said_on)
        if (
            reasons.get(attribution.id) in ("own", "event", "scene") and _lasting(attribution.said_on)
            and is_group_source(doc, attribution) and not told_now(doc, attribution)
        ):
            # Only a group dated on its own (not by inheritance) sets the scene, and only a group
            # carries it on.
            scene = (position, attribution.said_on)  # type: ignore[assignment]
            members.update((name, (attribution.said_on, position)) for name in named_members(doc, attribution))  # type: ignore[misc]
        elif dated is not None:
            scene = None  # a time of its own: another occasion
        if attribution.said_on is not None and attribution.cue is not None:
            dated_cues.update({t.i: attribution.said_on for t in cue_tokens(doc, attribution)})
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
    headline_end = _headline_end(text)
    for (sec, key), pending in waiting.items():
        if key is None or (sec, key) not in first_context:
            continue
        context = first_context[(sec, key)]
        for attribution in pending:
            # Only a headline or lead paragraph announces what the article later dates.
            if sec == 0 and frame_of(attribution)[0] > lead_end:
                continue
            # A lead told in the present ("is introducing a bill") holds now, not on an earlier
            # day; a headline's present tense tells past news.
            if frame_of(attribution)[0] >= headline_end and not _fits(
                    context, tells_today(doc, attribution), published):
                continue
            if attribution.said_on is None and attribution.start < context.evidence.start:  # type: ignore[union-attr]
                attribution.said_on = context
                reasons[attribution.id] = "lead"
    # A live-blog item that dates a statement to the day of the blog reports that day's news: its
    # other undated statements belong to it ("Trump is telling veterans … Trump made the pledge
    # Monday …"). An older date in an item ("at Monday's debate, she cited …") is background.
    today = published.isoformat() if published is not None else None
    for (sec, _key), pending in waiting.items():
        day_context = item_days.get(sec, {}).get(today) if today is not None else None
        if sec == 0 or day_context is None:
            continue
        for attribution in pending:
            if attribution.said_on is None and not is_intended(doc, attribution):
                attribution.said_on = day_context
                reasons[attribution.id] = "item"
    # A live blog of one day dates its posts' statements by the blog's day (the day its opening
    # names, "The Latest on … two crucial contests Saturday") or by each post's own time stamp
    # ("February 6, 2016 10:01PM"), unless they tell a time of their own or are still to come.
    blog_days = _blog_days(text, usable, contents, [sentences[i].start_char for i in breaks], published)
    if blog_days:
        for (sec, _key), pending in waiting.items():
            for attribution in pending:
                begins = frame_of(attribution)[0]
                # (the post it is in: the latest stamp before it)
                blog_day = next((d for start, d in reversed(blog_days) if start <= begins), None)
                if attribution.said_on is None and blog_day is not None and _spoken(doc, attribution) \
                        and not names_new_occasion(doc, attribution) and (sec > 0 or not section):
                    attribution.said_on = blog_day
                    reasons[attribution.id] = "blog"
    # A live blog's headline tells the news of its top item: an undated headline statement takes
    # the date its speaker's statements have there.
    if section:
        top = [a for a in ordered if a.said_on is not None and item_of.get(a.id) == 1]
        for attribution in (a for (sec, _), pending in waiting.items() if sec == 0 for a in pending):
            if attribution.said_on is not None or frame_of(attribution)[0] >= headline_end:
                continue
            key = keys.get(attribution.id)
            same = [a.said_on for a in top if keys.get(a.id) == key and key is not None]
            if same:
                attribution.said_on = same[0]
                reasons[attribution.id] = "lead"
    _date_transcripts(text, ordered, reasons)
    _date_posts(text, ordered, published, reasons)
    return reasons


#: what follows an embedded post's author in its signature: "(@handle) November 18, 2019"
_POST_DATE = re.compile(r"[^\n()]{0,40}\(@\w{1,30}\)[ \t]*(?P<month>[A-Z][a-z]+) (?P<day>\d{1,2}), (?P<year>\d{4})")


#: a post embedded as markup that carries its date: '<tweet tweet-author="@x" tweet-date="March
#: 9, 2016">…<tweet/>' (PolNeAR's texts keep embedded tweets so)
_POST_ELEMENT = re.compile(
    r'<tweet\b[^<>\n]{0,200}?\btweet-date="\s*(?P<month>[A-Z][a-z]+)\.? (?P<day>\d{1,2}), (?P<year>\d{4})\s*"[^<>\n]{0,200}>'
)
_POST_ELEMENT_END = re.compile(r"<(?:tweet\s*/|/tweet\s*)>")


def _date_posts(text: str, ordered: list[Attribution], published: dt.date | None,
                reasons: dict[str, str]) -> None:
    """A post embedded in the page was made on the day its signature gives ("— Name
    (@handle) November 18, 2019") or its markup's date attribute, never after publication."""
    elements: list[tuple[int, int, SaidOn]] = []
    if "tweet-date" in text:
        for opening in _POST_ELEMENT.finditer(text):
            # the post ends at its closing tag, and never past its line (a tag left open)
            line_end = text.find("\n", opening.end())
            line_end = len(text) if line_end < 0 else line_end
            closing = _POST_ELEMENT_END.search(text, opening.end(), line_end)
            stamped = _stamped_day(text, opening, published)
            if stamped is not None:
                elements.append((opening.end(), closing.start() if closing else line_end, stamped))
    for attribution in ordered:
        start = attribution.content[0].start if attribution.content else -1
        told = attribution.source.start if attribution.source is not None else -1
        inside = next((said for lo, hi, said in elements if lo <= start < hi and not lo <= told < hi), None)
        if inside is not None:
            # the post's words are its author's, said on the post's day (not what the post
            # itself reports someone said)
            attribution.said_on = inside
            reasons[attribution.id] = "post"
            continue
        source, cue = attribution.source, attribution.cue
        if source is None or cue is None or cue.text not in {"—", "–"} or cue.end > source.start:
            continue
        m = _POST_DATE.match(text, source.end)
        said = _stamped_day(text, m, published) if m is not None else None
        if said is not None:
            attribution.said_on = said
            reasons[attribution.id] = "post"


def _stamped_day(text: str, m: re.Match[str], published: dt.date | None) -> SaidOn | None:
    """The day a post's stamp or signature gives (its ``month``, ``day`` and ``year`` groups),
    with those words as evidence; ``None`` for no such day or one after publication."""
    month = MONTHS.get(m["month"].lower())
    try:
        day = dt.date(int(m["year"]), month or 0, int(m["day"]))
    except ValueError:
        return None
    if published is not None and day > published:
        return None  # a time after publication dates nothing
    value = day.isoformat()
    return SaidOn(value, "day", value, value, Span.of(text, m.start("month"), m.end("year")))


def _transcript_line(text: str, attribution: Attribution) -> bool:
    """A line of a transcript: the speaker's label at the start of a line, then a colon
    ("WALLACE: …", "“PENCE: …")."""
    source, cue = attribution.source, attribution.cue
    if source is None or cue is None or cue.text != ":" or source.end != cue.start:
        return False
    line_start = text.rfind("\n", 0, source.start) + 1
    return text[line_start:source.start].strip(" \t\"“‘'") == ""


def _date_transcripts(text: str, ordered: list[Attribution], reasons: dict[str, str]) -> None:
    """The lines of one transcript were said on one occasion: when the dated lines agree on a
    day, the undated ones take it (the host's questions, the guest's answers)."""
    lines = [a for a in ordered if a.parent is None and _transcript_line(text, a)]
    blocks: list[list[Attribution]] = []
    for line in lines:
        if blocks:
            gap = text[blocks[-1][-1].end:line.source.start]  # type: ignore[union-attr]
            # another speaker's label may follow any number of lines; a paragraph of
            # narration in between ends the transcript
            prose = [p for p in gap.split("\n") if p.strip(" \t\"“”'‘’") and not _continues(p)]
            if not prose:
                blocks[-1].append(line)
                continue
        blocks.append([line])
    for block in blocks:
        days = {a.said_on.value: a.said_on for a in block if a.said_on is not None}
        if len(block) < 2 or len(days) != 1:
            continue
        (day,) = days.values()
        if not _lasting(day):
            continue
        for attribution in block:
            if attribution.said_on is None:
                attribution.said_on = day
                reasons[attribution.id] = "transcript"


def _continues(paragraph: str) -> bool:
    """A paragraph of the quotation going on ("“And I will …") or a stage note ("(CROSSTALK.)")."""
    body = paragraph.strip()
    return body[:1] in "\"“‘'" or body.startswith(("(", "["))
