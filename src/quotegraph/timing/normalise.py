"""Calendar arithmetic behind TIMEX3 values: anchoring, direction by tense, value → interval.

Everything here is pure (dates and strings in, strings out) except :func:`direction`, which reads
the verb that governs a time expression in a spaCy Doc. TIMEX3 values follow TimeML: ``2024-07-17``,
``2024-W28``, ``2024-W28-WE`` (weekend), ``2024-06``, ``2024``, ``2024-Q3``, ``2024-SU`` (season),
``199`` (decade), ``2024-07-17T15:00``, ``P2D``, ``PRESENT_REF`` … Underspecified values use ``X``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal

from spacy.tokens import Doc

from quotegraph.models import SaidOn
from quotegraph.timing.spans import expanded

Direction = Literal["past", "future"]

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _i:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

# Part of day codes of TimeML (``2024-07-17TMO``).
DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "'d", "would"}
_FUTURE_LEMMAS = {"schedule", "plan", "expect", "set", "due", "slate", "intend"}


def iso_week(day: dt.date) -> str:
    """The ISO week of a date as a TIMEX3 value (``2024-W28``)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """Add ``delta`` months to a (year, month) pair."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def weekday_date(anchor: dt.date, weekday: int, direction: Direction | None) -> dt.date:
    """The date of ``weekday`` nearest ``anchor`` in the given direction.

    The anchor's own weekday is the anchor itself ("Monday" in a Monday report is that day).
    Without a direction, news reports mostly speak of the days just past, so the past wins.
    """
    delta = (weekday - anchor.weekday()) % 7
    if delta == 0:
        return anchor
    if direction == "future":
        return anchor + dt.timedelta(days=delta)
    return anchor - dt.timedelta(days=7 - delta)


def month_year(anchor: dt.date, month: int, direction: Direction | None) -> int:
    """The year of a month named without a year, relative to the anchor."""
    if direction == "past" and month > anchor.month:
        return anchor.year - 1
    if direction == "future" and month < anchor.month:
        return anchor.year + 1
    return anchor.year


def day_year(anchor: dt.date, month: int, day: int, direction: Direction | None) -> int:
    """The year of a month and day named without a year, relative to the anchor."""
    try:
        candidate = dt.date(anchor.year, month, day)
    except ValueError:
        return anchor.year
    if direction == "past" and candidate > anchor:
        return anchor.year - 1
    if direction == "future" and candidate < anchor:
        return anchor.year + 1
    return anchor.year


def direction(doc: Doc, start: int, end: int) -> Direction | None:
    """Whether the clause around a time expression talks about the past or the future.

    Walks from the expression up to its governing verb and reads its tense and auxiliaries:
    "will"/"'ll"/"is scheduled to" → future; a past-tense verb or perfect → past.

    Args:
        doc: the parsed article.
        start: character offset where the expression starts.
        end: character offset where it ends.

    Returns:
        ``"past"``, ``"future"`` or ``None`` when the tense says nothing.
    """
    span = expanded(doc, start, end)
    if span is None or not len(span):
        return None
    token = span.root
    prep = token.head if token.dep_ == "pobj" else None
    if prep is not None and prep.lower_ == "since":
        return "past"
    if prep is not None and prep.lower_ in ("until", "till", "til"):
        return "future"
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound"):
            break
        if token.head.i == token.i:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return None
    verbs = [token]
    # "is set to begin on Wednesday": the tense lives on the matrix verb.
    if token.dep_ == "xcomp" and token.head.pos_ in ("VERB", "AUX"):
        verbs.append(token.head)
    for verb in verbs:
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        lowered = {a.lower_ for a in auxes}
        past_aux = any(a.tag_ == "VBD" for a in auxes)
        # "would not rule out", "wouldn't say": a refusal told in the past, not a plan
        refused = "would" in lowered and any(c.dep_ == "neg" for c in verb.children)
        if lowered & _FUTURE_AUX and not refused:
            return "future"
        # "is scheduled for", "has been set for": arrangements point ahead unless told as past.
        if verb.lemma_ in _FUTURE_LEMMAS and verb.tag_ == "VBN" and not past_aux:
            return "future"
        if verb.lemma_ == "go" and verb.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in verb.children):
            return "future"
        # Headline infinitives: "Markets to remain closed until Friday".
        if verb.dep_ == "ROOT" and verb.tag_ == "VB" and lowered == {"to"}:
            return "future"
        if past_aux or verb.tag_ == "VBD":
            return "past"
        if any(a.lemma_ == "have" for a in auxes) and verb.tag_ == "VBN":
            return "past"
    return None


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")

Interval = tuple[str, str, str, str]  # value, granularity, start, end


def interval(value: str) -> Interval | None:
    """The calendar interval a TIMEX3 date value denotes, for ``SaidOn``.

    Args:
        value: a TIMEX3 value.

    Returns:
        ``(value, granularity, start, end)`` with ISO dates, or ``None`` for values that name no
        fixed interval (durations, ``PAST_REF``, underspecified dates) or none inside the
        calendar's years 0001-9999 ("9999-WI" ends in 10000).
    """
    try:
        found = _interval(value)
    except (ValueError, OverflowError):  # no such day, week or month ("2024-W60", "9999-W52" + 6 days)
        return None
    if found is None or not (_ISO_DATE.match(found[2]) and _ISO_DATE.match(found[3])):
        return None
    return found


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def said_on_covers(gold: str, predicted: SaidOn | None) -> bool:
    """Whether a predicted ``said_on`` names the gold interval, at the gold granularity or finer
    inside it (``EVALUATION.md``'s time accuracy).

    Args:
        gold: the gold value (``YYYY-MM-DD``, ``YYYY-Www``, ``YYYY-MM`` or ``YYYY``).
        predicted: the prediction, or ``None``.

    Returns:
        Whether the prediction is right.
    """
    if predicted is None:
        return False
    found = interval(gold)
    if found is None:
        return predicted.value == gold
    _, _, start, end = found
    return start <= predicted.start and predicted.end <= end


def _interval(value: str) -> Interval | None:
    if m := _DAY.match(value):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return value[:10], "day", day.isoformat(), day.isoformat()
    if m := _WEEK.match(value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        week = f"{m[1]}-W{m[2]}"
        return week, "week", monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        last = calendar.monthrange(year, month)[1]
        return value, "month", f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    if m := _YEAR.match(value):
        return value, "year", f"{value}-01-01", f"{value}-12-31"
    if m := _QUARTER.match(value):
        year, q = int(m[1]), int(m[2])
        first = 3 * q - 2
        last_day = calendar.monthrange(year, first + 2)[1]
        return value, "range", f"{year:04d}-{first:02d}-01", f"{year:04d}-{first + 2:02d}-{last_day:02d}"
    if m := _HALF.match(value):
        year, h = int(m[1]), int(m[2])
        return value, "range", f"{year:04d}-{'01' if h == 1 else '07'}-01", f"{year:04d}-{'06-30' if h == 1 else '12-31'}"
    if m := _SEASON.match(value):
        year = int(m[1])
        bounds = {
            "SP": ("03-20", "06-20"),
            "SU": ("06-21", "09-22"),
            "FA": ("09-23", "12-20"),
            "WI": ("12-21", "03-19"),
        }[m[2]]
        end_year = year + 1 if m[2] == "WI" else year
        return value, "range", f"{year:04d}-{bounds[0]}", f"{end_year:04d}-{bounds[1]}"
    return None
