"""Find time expressions in an article and normalise them to TIMEX3 values.

Recognition is a set of regular expressions over ``doc.text`` (fast, and their extents follow
TimeML: "last month", "the past week", "early June", not "on Wednesday"), plus spaCy's DATE/TIME
entities as a fallback for phrasings the patterns miss (those go through dateparser, cached).
Overlapping candidates resolve to the longest. Values are anchored on the publication date; the
tense of the governing verb decides whether "Wednesday" or "November 5" is the one before or after
it. Without a publication date, relative values stay underspecified (``XXXX-WXX-3``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from spacy.tokens import Doc

from quotegraph.models import TimeExpression
from quotegraph.nlp import doc_text
from quotegraph.timing.normalise import MONTHS
from quotegraph.timing.patterns import LAST_DAY, PATTERNS, SAME_LINE_DAY, MatchContext, Near

_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# A year TIMEX3 cannot write (negative, five digits, or unpadded before a month/week): the
# arithmetic left the calendar's years 0001-9999 ("next year" from 9999, "99999 years ago").
_OUTSIDE_CALENDAR = re.compile(r"-|\d{5}|\d{1,3}-")
_LEAD = re.compile(r"(?i:in|for|on|at)\s+")  # a preposition that TimeML leaves out of the extent


def _resolve_placeholders(
    text: str, chosen: list[tuple[int, int, str, str]], anchor: dt.date | None
) -> list[tuple[int, int, str, str]]:
    """Give "the day" and bare clock times the day that the text last named."""
    resolved: list[tuple[int, int, str, str]] = []
    last_day: tuple[int, str] | None = None  # (start, value) of the latest full date so far
    fallback = anchor.isoformat() if anchor else "XXXX-XX-XX"
    for start, end, kind, value in sorted(chosen):
        if value.startswith(SAME_LINE_DAY):
            same_line = last_day and "\n" not in text[last_day[0] : start]
            day = last_day[1] if last_day and same_line else fallback
            value = day + value[len(SAME_LINE_DAY) :]
        elif value == LAST_DAY:
            value = last_day[1] if last_day else fallback
        elif _DAY_VALUE.match(value) and kind == "DATE":
            last_day = (start, value[:10])
        resolved.append((start, end, kind, value))
    return resolved


# Characters a recogniser's window reaches on either side of its anchor: longer than any
# expression and the context its lookarounds read.
_REACH = 200


def _occurrences(anchor: Near, lower: str) -> list[tuple[int, int]]:
    """Where ``anchor`` occurs: its regex's matches, or every place each of its words stands."""
    if not isinstance(anchor, tuple):
        return [m.span() for m in anchor.finditer(lower)]
    found: list[tuple[int, int]] = []
    for word in anchor:
        size = len(word)
        at = lower.find(word)
        while at >= 0:
            found.append((at, at + size))
            at = lower.find(word, at + 1)
    found.sort()
    return found


def _windows(anchor: Near, lower: str) -> list[tuple[int, int]]:
    """Merged spans of ``_REACH`` characters around every occurrence of ``anchor``."""
    spans: list[tuple[int, int]] = []
    end = len(lower)
    for start, stop in _occurrences(anchor, lower):
        lo, hi = max(0, start - _REACH), min(end, stop + _REACH)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))  # words may overlap ("today", "day")
        else:
            spans.append((lo, hi))
    return spans


def _candidates(ctx: MatchContext) -> list[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    text = ctx.text
    lower = text.lower()
    whole = [(0, len(text))]
    aligned = len(lower) == len(text)  # a few characters lower-case to two
    windows: dict[Near, list[tuple[int, int]]] = {}  # recognisers share anchors (months, years)
    for regex, handler, needs, anchor in PATTERNS:
        if needs and not any(n in lower for n in needs):
            continue
        # Each match holds its anchor: scanning around the anchors finds every match.
        if anchor is not None and aligned:
            spans = windows.get(anchor)
            if spans is None:
                spans = windows[anchor] = _windows(anchor, lower)
        else:
            spans = whole
        for m in (m for lo, hi in spans for m in regex.finditer(text, lo, hi)):
            try:
                result = handler(m, ctx)
            except OverflowError:  # a date past the calendar's ends ("10**20 days ago")
                continue
            if result is None or _OUTSIDE_CALENDAR.match(result[1]):
                continue
            start, end = m.span()
            # Extents follow TimeML: the preposition is not part of the expression.
            lead = _LEAD.match(text, start, end)
            if lead:
                start = lead.end()
            found.append((start, end, result[0], result[1]))
    return found


@lru_cache(maxsize=4096)
def _dateparse(text: str, anchor: dt.date | None) -> str | None:
    """Normalise an entity the patterns missed with dateparser (slow, so cached and rare)."""
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return None
    has_day = re.search(r"\b[0-3]?\d(?:st|nd|rd|th)?\b", re.sub(r"\b\d{4}\b", "", text))
    has_month = any(word.lower().rstrip(".") in MONTHS for word in text.split())
    if has_day and has_month:
        return parsed.date().isoformat()
    if has_month:
        return f"{parsed.year}-{parsed.month:02d}"
    if re.search(r"\b\d{4}\b", text):
        return str(parsed.year)
    return None


#: a possessive, and an opening quotation mark after it if any, right before a programme's title
_OWNER_BEFORE_TITLE = re.compile(r"[A-Za-z][’']s\s+(?:''|[“\"‘'])?$")


def _programme_title(text: str, start: int, end: int) -> bool:
    """Whether a time expression is the title of a network's programme: written in capitals after
    a possessive ("on ABC's ''This Week''", "told NBC's Today"), it names no time."""
    words = re.findall(r"[A-Za-z]+", text[start:end])
    if not words or not all(w[0].isupper() for w in words) or any(c.isdigit() for c in text[start:end]):
        return False
    return _OWNER_BEFORE_TITLE.search(text, max(0, start - 40), start) is not None


def find_time_expressions(doc: Doc, published: dt.date | None) -> list[TimeExpression]:
    """Every time expression of the article, typed and normalised as TIMEX3.

    Args:
        doc: the parsed article (its ``text`` is what the offsets index).
        published: the publication date, the anchor of relative expressions; ``None`` leaves
            them underspecified (``XXXX-XX-XX``, ``XXXX-WXX-3``) rather than guessing.

    Returns:
        Non-overlapping expressions in text order.
    """
    text = doc_text(doc)
    ctx = MatchContext(doc, published, text)
    candidates = _candidates(ctx)
    taken = [False] * (len(text) + 1)
    chosen: list[tuple[int, int, str, str]] = []
    for start, end, kind, value in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if any(taken[start:end]) or _programme_title(text, start, end):
            continue
        for i in range(start, end):
            taken[i] = True
        chosen.append((start, end, kind, value))
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or any(taken[ent.start_char : ent.end_char]):
            continue
        ent_text = ent.text
        # Only dates the patterns missed that name a month and a number ("3rd of Sept. 2019")
        # are worth dateparser's time; bare numbers ("1520", "2010-11") it misreads.
        if published is None or not re.search(r"\d", ent_text):
            continue
        if not any(word.lower().strip(".,") in MONTHS for word in ent_text.split()):
            continue
        parsed = _dateparse(ent_text, published)
        if parsed:
            chosen.append((ent.start_char, ent.end_char, "DATE", parsed))
    chosen = _resolve_placeholders(text, chosen, published)
    return [TimeExpression(s, e, text[s:e], kind, value) for s, e, kind, value in chosen]  # type: ignore[arg-type]
