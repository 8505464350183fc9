"""The recognisers behind ``find_time_expressions``: one regular expression per kind of expression.

Each recogniser is a regex over the article text and a handler that turns a match into a TIMEX3
type and value (or refuses it: "May" the verb, "USA Today", "a second term"). Handlers anchor
relative values on ``MatchContext.anchor`` and ask ``MatchContext.direction`` for the tense of
the governing verb. Two placeholder values (``SAME_LINE_DAY``, ``LAST_DAY``) are resolved by
:mod:`quotegraph.timing.expressions` once every expression of the article is known.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from quotegraph.timing import normalise as nz
from quotegraph.timing.normalise import DAY_PARTS, MONTHS, SEASONS, WEEKDAYS, Direction

SAME_LINE_DAY = "@line"  # placeholder: the day last named in the same line, else the anchor
LAST_DAY = "@day"  # placeholder: the day last named before, else the anchor

# --- lexicon -------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
}
_VAGUE = {"several", "few", "a few", "many", "some", "a couple of", "couple of", "the few"}
_UNITS = {
    "second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"),
    "week": ("", "W"), "month": ("", "M"), "year": ("", "Y"), "decade": ("", "DE"),
    "century": ("", "CE"), "quarter": ("", "Q"), "weekend": ("", "WE"),
}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
_SET_WORDS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annual": "P1Y", "annually": "P1Y",
    "yearly": "P1Y", "quarterly": "P3M", "hourly": "PT1H", "biweekly": "P2W",
}
_REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "current": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
    "the time being": "PRESENT_REF", "at present": "PRESENT_REF", "the moment": "PRESENT_REF",
    "recently": "PAST_REF", "more recently": "PAST_REF", "most recently": "PAST_REF",
    "recent": "PAST_REF", "the past": "PAST_REF",
    "earlier": "PAST_REF",
    "the future": "FUTURE_REF", "soon": "FUTURE_REF", "very soon": "FUTURE_REF",
    "later": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the long term": "FUTURE_REF", "the short term": "FUTURE_REF", "short-term": "FUTURE_REF",
    "long-term": "FUTURE_REF",
}

_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a hundred|hundred|"
    r"single|an?)"
)
_NUM = rf"(?:\d+(?:\.\d+)?|{_NUM_WORD}(?: and a half)?)"
_UNIT = r"(?:second|minute|hour|day|week|month|year|decade|century|centuries|quarter)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|"
    r"Jan|Feb|Aug|Sept|Oct|Nov|Dec)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MOD = r"(?:(?i:early|late|mid|earlier|later|the end of|the beginning of|the start of|the middle of)[- ])"
_B = r"(?<![\w'’-])"  # left word boundary that also refuses hyphenated or clitic glue
_E = r"(?![\w])"
_APPROX = r"(?:(?i:almost|nearly|about|around|roughly|over|more than|less than|at least|some|just|only|up to|barely|well over)\s+)"
_ZONES = r"(?:UTC|GMT|ET|EST|EDT|PT|PST|PDT|CT|CST|CDT|BST|CET|CEST)"


# Lower-case anchors of the recognisers that need no keyword: a month's first three letters, a
# year's digits.
_MONTH_NEAR = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_YEAR_NEAR = r"(?:1[89]|20)\d\d"


@dataclass
class MatchContext:
    """What a handler needs: the Doc, the anchor and a cache of tense directions."""

    doc: Doc
    anchor: dt.date | None
    text: str = ""  # doc.text, built once: spaCy rebuilds it on every access
    _dirs: dict[tuple[int, int], Direction | None] = field(default_factory=dict)

    def direction(self, start: int, end: int) -> Direction | None:
        key = (start, end)
        if key not in self._dirs:
            self._dirs[key] = nz.direction(self.doc, start, end)
        return self._dirs[key]


Handler = Callable[[re.Match[str], MatchContext], tuple[str, str] | None]
# (regex, handler, needs, near): the regex runs only on texts whose lower case holds one of
# ``needs`` (a cheap substring test that spares most scans of most articles), and only around
# the places where ``near`` matches the lower-cased text (``None``: everywhere). Every match of
# the regex holds a match of ``near``, so scanning the windows finds what a whole scan finds.
# A ``near`` made of plain words is kept as those words: ``str.find`` locates them far faster
# than a regex alternation (the windows around every occurrence hold those around every match).
Near = re.Pattern[str] | tuple[str, ...]
PATTERNS: list[tuple[re.Pattern[str], Handler, tuple[str, ...], Near | None]] = []


def _pattern(
    regex: str, flags: int = 0, needs: tuple[str, ...] = (), near: str | None = None, window: bool = True,
) -> Callable[[Handler], Handler]:
    """Register a recogniser. ``near`` (default: any of ``needs``) is a lower-case regex that every
    match contains; ``window=False`` scans the whole text (for a regex with no such anchor)."""
    anchor: Near | None = None
    if window and near is None and needs:
        anchor = tuple(needs)
    elif window and near:
        words = near.split("|")
        plain = all(re.fullmatch(r"(?:[\w' ’-]|\\[ -])+", w) for w in words)
        anchor = tuple(w.replace("\\", "") for w in words) if plain else re.compile(near)

    def register(handler: Handler) -> Handler:
        PATTERNS.append((re.compile(regex, flags), handler, needs, anchor))
        return handler

    return register


def _number(text: str) -> float | None:
    text = text.lower().replace("-", " ").strip()
    half = text.endswith(" and a half")
    if half:
        text = text[: -len(" and a half")]
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        value = float(text)
    elif text in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[text])
    else:
        parts = text.split()
        if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
            value = float(_NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]])
        else:
            return None
    return value + 0.5 if half else value


def _duration(amount: float | None, unit: str) -> str:
    unit = unit.lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    prefix, code = _UNITS[unit]
    if code == "DE":
        code, amount = "Y", None if amount is None else amount * 10
    elif code == "CE":
        code, amount = "Y", None if amount is None else amount * 100
    if amount is None:
        number = "X"
    elif amount == int(amount):
        number = str(int(amount))
    else:
        number = f"{amount:g}"
    return f"P{prefix}{number}{code}"


# --- dates with a month ---------------------------------------------------------------------


def _month_of(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


@_pattern(rf"{_B}{_MOD}?(?P<m>{_MONTH})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:1[89]|20)\d\d))?{_E}", near=_MONTH_NEAR)
def _month_day(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    month, day = _month_of(m["m"]), int(m["d"])
    if not 1 <= day <= 31:
        return None
    if m["y"]:
        year: int | None = int(m["y"])
    elif ctx.anchor:
        year = nz.day_year(ctx.anchor, month, day, ctx.direction(m.start(), m.end()))
    else:
        year = None
    try:
        if year is not None:
            dt.date(year, month, day)
    except ValueError:
        return None
    return "DATE", f"{year if year is not None else 'XXXX'}-{month:02d}-{day:02d}"


# A full date glued to the word before it, as scraped pages run a byline or label into it
# ("moderatorFeaturedFebruary 6, 2016"): only a month's full name after a lower-case letter, with
# its day and year.
@_pattern(
    r"(?<=[a-z])(?P<m>January|February|March|April|June|July|August|September|October|November|December)"
    r"\s+(?P<d>[0-3]?\d),\s+(?P<y>(?:1[89]|20)\d\d)(?![\w])",
    near=r"[a-z](?:january|february|march|april|june|july|august|september|october|november|december)\s+\d")
def _glued_month_day(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    return _month_day(m, ctx)


@_pattern(rf"{_B}(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>(?:1[89]|20)\d\d))?{_E}", near=_MONTH_NEAR)
def _day_month(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    return _month_day(m, ctx)


@_pattern(rf"{_B}{_MOD}?(?P<m>{_MONTH}),?\s+(?:of\s+)?(?P<y>(?:1[89]|20)\d\d|['’]\d\d){_E}", near=_MONTH_NEAR)
def _month_year(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    year = m["y"]
    if year[0] in "'’":
        year = ("19" if int(year[1:]) > 30 else "20") + year[1:]
    return "DATE", f"{year}-{_month_of(m['m']):02d}"


_MONTH_BEFORE = re.compile(
    r"(?i:\b(?:in|since|by|until|till|through|during|of|from|to|and|or|early|late|mid|last|next|"
    r"this|before|after|between|each|every|until)\s*-?\s*)$"
)


@_pattern(rf"{_B}(?:(?P<rel>(?i:last|next|this|earlier this|later this))\s+)?{_MOD}?(?P<m>{_MONTH}){_E}", near=_MONTH_NEAR)
def _month(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    name = m["m"]
    # "May" and "March" are also verbs; bare abbreviations are too ambiguous.
    if m["m"].rstrip(".") != name.rstrip(".") or len(name.rstrip(".")) <= 4 and name not in ("June", "July"):
        if not m["rel"] and not _MONTH_BEFORE.search(ctx.text[max(0, m.start() - 12) : m.start()]):
            return None
    if name == "May" and ctx.text[m.end() : m.end() + 1] == " " and re.match(
        r" (?:be|have|not|also|well|still)\b", ctx.text[m.end() : m.end() + 6]
    ):
        return None
    month = _month_of(name)
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}"
    rel = (m["rel"] or "").lower()
    if rel == "last":
        year = ctx.anchor.year if month < ctx.anchor.month else ctx.anchor.year - 1
    elif rel == "next":
        year = ctx.anchor.year if month > ctx.anchor.month else ctx.anchor.year + 1
    elif rel:
        year = ctx.anchor.year
    else:
        year = nz.month_year(ctx.anchor, month, ctx.direction(m.start(), m.end()))
    return "DATE", f"{year}-{month:02d}"


@_pattern(rf"{_B}(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{{4}}|\d\d){_E}", needs=("/",))
def _numeric_us(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    year = int(m["y"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        return "DATE", dt.date(year, int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return None


@_pattern(rf"{_B}(?P<y>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d){_E}", near=_YEAR_NEAR)
def _numeric_iso(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    try:
        return "DATE", dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return None


# --- years, decades, quarters, seasons ------------------------------------------------------


@_pattern(rf"(?<![\w$£€.,:/'’-]){_MOD}?(?P<y>(?:1[89]|20)\d\d)(?![\w%]|[.,:/-]\d|\s*(?:%|percent|per cent))", near=_YEAR_NEAR)
def _bare_year(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    before = ctx.text[max(0, m.start() - 20) : m.start()].lower()
    # "No. 2010", "$2010", "page 1998": numbers, not years.
    if re.search(r"(?:no\.|number|page|route|flight|#|about|nearly|some|than)\s*$", before):
        return None
    after = ctx.text[m.end() : m.end() + 20]
    if re.match(r"\s+(?:people|votes|troops|jobs|members|units|cases|deaths|times|miles|feet|"
                r"meters|dollars|euros|pounds|students|workers|words|pages|acres|points)\b", after):
        return None
    return "DATE", m["y"]


@_pattern(rf"{_B}(?:[Tt]he\s+)?(?P<c>1[89]|20)(?P<d>\d)0s{_E}|{_B}['’]?(?P<s>[2-9]0)s{_E}", needs=("0s",))
def _decade(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    if m["c"]:
        return "DATE", f"{m['c']}{m['d']}"
    return "DATE", f"19{m['s'][0]}"


# (typing software often turns the apostrophe of "’08" into an opening mark: "in ‘08")
@_pattern(r"(?<![\w'’‘])['’‘](?P<y>\d\d)(?![\w'’])", needs=("'", "’", "‘"))
def _short_year(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if not re.search(r"(?:in|since|of|class|until|from|to|and)\s*$", before):
        return None
    y = int(m["y"])
    return "DATE", f"{1900 + y if y > 30 else 2000 + y}"


def _year_ref(ref: str | None, ctx: MatchContext, start: int, end: int) -> int | None:
    """The year of "this year", "last year", "2009" inside a larger phrase."""
    if ref is None:
        return None
    ref = ref.lower()
    if re.fullmatch(r"\d{4}", ref):
        return int(ref)
    if ctx.anchor is None:
        return None
    return ctx.anchor.year + {"this": 0, "last": -1, "next": 1, "the": 0, "this fiscal": 0}.get(
        ref.split()[0], 0
    )


@_pattern(
    rf"{_B}(?i:(?:the\s+)?(?P<o>first|second|third|fourth|final|last)[- ]quarter"
    rf"(?:\s+(?:of|in)\s+(?:(?P<y>(?:1[89]|20)\d\d)|(?P<r>this|last|next)\s+year))?){_E}",
    needs=("quarter",))
def _quarter(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    order = m["o"].lower()
    text = m.group(0).lower()
    if m["y"]:
        year: int | None = int(m["y"])
    elif m["r"]:
        year = _year_ref(m["r"], ctx, m.start(), m.end())
    else:
        year = None
    if order == "last" and year is None:
        if not text.startswith("the") or ctx.anchor is None:
            return None
        q = (ctx.anchor.month - 1) // 3  # the quarter before the current one
        y = ctx.anchor.year
        if q == 0:
            q, y = 4, y - 1
        return "DATE", f"{y}-Q{q}"
    q = _ORDINALS[order]
    if year is None:
        if ctx.anchor is None:
            return "DATE", f"XXXX-Q{q}"
        current = (ctx.anchor.month - 1) // 3 + 1
        year = ctx.anchor.year
        if q > current and ctx.direction(m.start(), m.end()) != "future":
            year -= 1
    return "DATE", f"{year}-Q{q}"


@_pattern(
    rf"{_B}(?:(?P<rel>(?i:this|last|next|the|earlier this|later this))\s+)?{_MOD}?"
    rf"(?P<s>(?i:spring|summer|autumn|winter)|Fall|fall(?=\s+(?:of\s+)?(?:1[89]|20)\d\d))"
    rf"(?:\s+(?:of\s+)?(?P<y>(?:1[89]|20)\d\d))?{_E}",
    needs=("spring", "summer", "autumn", "winter", "fall"))
def _season(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    code = SEASONS[m["s"].lower()]
    rel = (m["rel"] or "").lower()
    if m["y"]:
        return "DATE", f"{m['y']}-{code}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}"
    year = ctx.anchor.year + {"last": -1, "next": 1}.get(rel, 0)
    return "DATE", f"{year}-{code}"


# --- days --------------------------------------------------------------------------------------


def _day_and_part(day: str, part: str | None) -> tuple[str, str]:
    """A day's TIMEX3 type and value; with a part of the day ("Monday night") it is a TIME."""
    return ("TIME", f"{day}T{part}") if part else ("DATE", day)


@_pattern(
    rf"{_B}"
    rf"(?:(?P<rel>(?i:last|next|this|early|late|earlier|later|this past|this coming))\s+)?(?P<w>{_WEEKDAY})"
    rf"(?:['’]s)?(?:\s+(?P<p>morning|afternoon|evening|night))?{_E}",
    needs=("day",))
def _weekday(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    # "Black Monday", "Super Tuesday": named days, not a weekday near the anchor.
    if re.search(r"(?:Black|Cyber|Super|Ash|Good|Easter|Palm|Holy)\s$", ctx.text[max(0, m.start() - 8) : m.start()]):
        return None
    weekday = WEEKDAYS[m["w"].lower()]
    rel = (m["rel"] or "").lower()
    part = DAY_PARTS.get(m["p"] or "")
    if ctx.anchor is None:
        return _day_and_part(f"XXXX-WXX-{weekday + 1}", part)
    if rel in ("last", "this past"):
        day = nz.weekday_date(ctx.anchor - dt.timedelta(days=1), weekday, "past")
    elif rel in ("next", "this coming"):
        day = nz.weekday_date(ctx.anchor + dt.timedelta(days=1), weekday, "future")
    else:
        day = nz.weekday_date(ctx.anchor, weekday, ctx.direction(m.start(), m.end()))
    return _day_and_part(day.isoformat(), part)


@_pattern(
    rf"{_B}(?:(?P<rel>(?i:earlier|later|early|late))\s+)?(?P<w>(?i:today|tonight|yesterday|tomorrow))"
    rf"(?:['’]s)?(?:\s+(?P<p>morning|afternoon|evening|night))?{_E}",
    needs=("today", "tonight", "yesterday", "tomorrow"))
def _deictic_day(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    word = m["w"].lower()
    # "USA Today", "Good Morning America Today": a title, not a day.
    if m["w"] == "Today" and re.search(r"[A-Z][\w.]*\s$", ctx.text[max(0, m.start() - 12) : m.start()]):
        if not re.search(r"(?:^|[.!?\n]\s*)[A-Z][\w.]*\s$", ctx.text[max(0, m.start() - 14) : m.start()]):
            return None
    # "visited NBC's “Today”", "told the Today show": a capital inside a sentence names the show
    if m["w"] == "Today" and not re.search(r"(?:^|[.!?:\n])[\s\"“‘'(]*$", ctx.text[max(0, m.start() - 40) : m.start()]) \
            and not re.search(r"[A-Z][\w.]*\s$", ctx.text[max(0, m.start() - 12) : m.start()]):
        return None
    part = DAY_PARTS.get(m["p"] or "") or ("NI" if word == "tonight" else None)
    if ctx.anchor is None:
        return _day_and_part("XXXX-XX-XX", part)
    offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return _day_and_part((ctx.anchor + dt.timedelta(days=offset)).isoformat(), part)


@_pattern(rf"{_B}(?i:this|that)\s+(?P<p>morning|afternoon|evening){_E}", needs=("morning", "afternoon", "evening"))
def _this_morning(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    if m.group(0).lower().startswith("that"):
        return None
    part = DAY_PARTS[m["p"].lower()]
    return _day_and_part("XXXX-XX-XX" if ctx.anchor is None else ctx.anchor.isoformat(), part)


# --- this/last/next week, month, year -------------------------------------------------------


@_pattern(
    rf"{_B}(?P<pre>(?i:earlier|later|just|early|late|(?:the\s+)?(?:end|start|beginning|middle)\s+of)\s+)?"
    rf"(?P<rel>(?i:this|last|next|the\s+past|the\s+previous|the\s+coming|the\s+last|the\s+next|the))"
    rf"\s+(?P<u>(?i:week|weekend|month|year|decade|century))(?P<post>\s+previous)?{_E}",
    needs=("week", "month", "year", "decade", "century"))
def _relative_unit(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    rel = " ".join(m["rel"].lower().split())
    unit = m["u"].lower()
    if rel == "the":
        # "the year previous" → last year; "the weekend" → this week's weekend; others are generic.
        if m["post"] and unit == "year" and ctx.anchor:
            return "DATE", str(ctx.anchor.year - 1)
        if unit == "weekend" and ctx.anchor:
            # Early in the week, or told in the past, "the weekend" is the one just gone.
            a = ctx.anchor
            gone = a.weekday() < 5 and (a.weekday() == 0 or ctx.direction(m.start(), m.end()) == "past")
            return "DATE", nz.iso_week(a - dt.timedelta(weeks=1) if gone else a) + "-WE"
        if m["pre"] and unit == "year" and ctx.anchor:
            return "DATE", str(ctx.anchor.year)
        return None
    if rel in ("the past", "the coming", "the next") or (rel == "the last" and unit in ("week", "month", "decade", "century")):
        return "DURATION", _duration(1, unit if unit != "weekend" else "week")
    offset = {"this": 0, "last": -1, "the previous": -1, "the last": -1, "next": 1}.get(rel, 0)
    if ctx.anchor is None:
        return "DATE", {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX"}.get(unit, "XXXX")
    a = ctx.anchor
    if unit == "weekend" and rel == "this" and a.weekday() < 5:
        # Early in the week, "this weekend" of a past-tense report is the one just gone.
        if a.weekday() == 0 or ctx.direction(m.start(), m.end()) == "past":
            offset = -1
    if unit == "week" and offset == -1 and a.weekday() == 6:
        # Written on a Sunday, "last week" is the week just ending (the ISO week holding that
        # Sunday), as the project's annotation guidelines read it.
        offset = 0
    if unit in ("week", "weekend"):
        value = nz.iso_week(a + dt.timedelta(weeks=offset))
        return "DATE", value + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        y, mo = nz.shift_months(a.year, a.month, offset)
        return "DATE", f"{y}-{mo:02d}"
    if unit == "year":
        return "DATE", str(a.year + offset)
    if unit == "decade":
        return "DATE", str(a.year // 10 + offset)
    return "DATE", str(a.year // 100 + offset)


@_pattern(rf"{_B}(?P<n>{_NUM}|(?i:a few|several|many))\s+(?P<u>{_UNIT})s?\s+(?i:ago|earlier|before)(?!\s+(?:the|his|her|a|an|that|this)\b){_E}", re.I, needs=("ago", "earlier", "before"))
def _ago(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    amount = _number(m["n"])
    unit = m["u"].lower().rstrip("s")
    if ctx.anchor is None or amount is None or amount != int(amount) or unit not in ("day", "week", "month", "year", "decade"):
        return "DATE", "PAST_REF"
    n = int(amount)
    a = ctx.anchor
    if unit == "day":
        return "DATE", (a - dt.timedelta(days=n)).isoformat()
    if unit == "week":
        return "DATE", (a - dt.timedelta(weeks=n)).isoformat()
    if unit == "month":
        y, mo = nz.shift_months(a.year, a.month, -n)
        return "DATE", f"{y}-{mo:02d}"
    if unit == "decade":
        return "DATE", str(a.year - 10 * n)[:3]
    return "DATE", str(a.year - n)


# --- durations and sets --------------------------------------------------------------------------


@_pattern(
    rf"{_B}(?:(?P<the>(?i:the\s+(?:past|last|next|coming|previous|first|final|following)))\s+)?{_APPROX}?"
    rf"(?P<n>{_NUM}|(?i:a few|several|many|a couple of|few))[- ](?:(?i:straight|consecutive|full|trading|whole|long)\s+)?(?P<u>{_UNIT})s?(?P<adj>-long|-old)?{_E}",
    re.I,
    needs=("second", "minute", "hour", "day", "week", "month", "year", "decade", "centur", "quarter"))
def _duration_phrase(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    n = m["n"].lower()
    if n in ("a", "an") and m["u"].lower() == "second":
        return None  # "a second term": the ordinal, not a second of time
    if n in ("a", "an", "one", "single"):
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        after = ctx.text[m.end() : m.end() + 8].lower()
        # "once a year", "$5 a month" are rates; "a day after" is an anchor, not a span of time.
        if re.search(r"(?:once|twice|times|\d|per)\s*$", before) and not m["the"]:
            return "SET", _duration(1, m["u"])
        if not (m["the"] or re.search(r"(?:for|in|within|over|about|nearly|almost|than|after|last|past|next|spent|took|lasted|single|entire|whole)\s*$", before) or "-" in m.group(0)):
            return None
        if re.match(r"\s*(?:after|before|earlier|later)\b", after):
            return None
    amount = None if n in _VAGUE or n in ("a few", "a couple of", "few") else _number(n)
    if amount is None and n not in _VAGUE and n not in ("a few", "a couple of", "few"):
        return None
    if m["u"].lower().startswith("quarter"):
        return "DURATION", f"P{'X' if amount is None else int(amount)}Q"
    return "DURATION", _duration(amount, m["u"])


@_pattern(r"(?<![\w-])(?:(?i:for|over the|in recent|recent|decades|many|several)\s+)?(?P<u>(?i:years|decades|months|weeks|minutes|hours))(?=[\s,.;])", 0, needs=("years", "decades", "months", "weeks", "minutes", "hours"))
def _bare_plural(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    text = m.group(0).lower()
    if not re.match(r"(?:for|over the|in recent|recent|decades|many|several)\s", text):
        return None
    if text.startswith("in recent") or text.startswith("recent"):
        return "DATE", "PAST_REF"
    unit = m["u"].lower()
    return "DURATION", _duration(None, unit)


@_pattern(rf"{_B}(?P<u>decades|years|months|weeks)-long{_E}", re.I, needs=("-long",))
def _long_adj(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    return "DURATION", _duration(None, m["u"])


@_pattern(rf"{_B}(?P<w>daily|weekly|monthly|annual|annually|yearly|quarterly|hourly|biweekly){_E}", re.I, needs=("daily", "weekly", "monthly", "annual", "yearly", "quarterly", "hourly"))
def _set_adj(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    return "SET", _SET_WORDS[m["w"].lower()]


@_pattern(rf"{_B}(?i:every|each)\s+(?:(?P<w>{_WEEKDAY})|(?P<u>(?i:day|week|month|year|morning|night|evening)))(?!['’])\b", needs=("every", "each"))
def _every(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    if m["w"]:
        return "SET", f"XXXX-WXX-{WEEKDAYS[m['w'].lower()] + 1}"
    unit = m["u"].lower()
    if unit in DAY_PARTS:
        return "SET", f"TXX{DAY_PARTS[unit]}"
    return "SET", _duration(1, unit)


@_pattern(rf"{_B}(?i:(?:once|twice|\w+\s+times)\s+(?:a|per|every)|per)\s+(?P<u>(?i:day|week|month|year)){_E}", needs=("once", "twice", "times", "per "))
def _rate(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    return "SET", _duration(1, m["u"])


# --- clock times -----------------------------------------------------------------------------------


@_pattern(
    rf"{_B}(?P<h>[0-2]?\d)(?::(?P<mi>[0-5]\d)|(?P<mi2>[0-5]\d)(?=\s*{_ZONES}))?"
    rf"(?:\s*(?P<ap>(?i:a\.m\.|p\.m\.|am|pm)(?![\w])))?(?:\s*(?P<z>{_ZONES}))?(?:\s*\((?:GMT|UTC)\s*[+-]\s*\d+\))?"
    rf"(?:\s+(?:on\s+)?(?P<w>{_WEEKDAY}|(?i:today|yesterday|tomorrow)))?(?![\w])",
    needs=(":", "a.m", "p.m", " am", " pm", "utc", "gmt"), window=False)
def _clock(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    minute = m["mi"] or m["mi2"]
    if minute is None and not m["ap"]:
        return None
    if m["mi2"] and len(m["h"]) != 2:
        return None
    hour = int(m["h"])
    ap = (m["ap"] or "").lower().replace(".", "")
    if ap == "pm" and hour < 12:
        hour += 12
    elif ap == "am" and hour == 12:
        hour = 0
    if hour > 24:
        return None
    if m["w"] and ctx.anchor:
        word = m["w"].lower()
        if word in WEEKDAYS:
            day = nz.weekday_date(ctx.anchor, WEEKDAYS[word], ctx.direction(m.start(), m.end()))
        else:
            day = ctx.anchor + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
        date_part = day.isoformat()
    else:
        # No day given: the clock time belongs to the day the sentence last named (resolved
        # once all expressions are known), else to the anchor.
        date_part = SAME_LINE_DAY
    zone = "Z" if m["z"] in ("UTC", "GMT") else ""
    return "TIME", f"{date_part}T{hour:02d}:{int(minute or 0):02d}{zone}"


@_pattern(rf"{_B}(?P<w>noon|midnight){_E}", re.I, needs=("noon", "midnight"))
def _noon(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    return "TIME", f"{SAME_LINE_DAY}T{'12:00' if m['w'].lower() == 'noon' else '24:00'}"


@_pattern(
    r"(?<![\w-])(?:(?i:the same|that same|that|the)\s+day|(?i:late|early)\s+in\s+the\s+day|"
    r"(?i:the\s+(?:start|end|beginning)\s+of\s+the)\s+day)(?![\w'’-])"
    r"(?!\s+(?:after|before|of|when|that|in\s+which|on\s+which|he|she|they|we|I|it)\b)",
    needs=(" day",))
def _the_day(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    # "the day" of a report is the day it last named (the trading day, the day of the vote).
    return "DATE", LAST_DAY


# --- references to the present, past and future ----------------------------------------------------

_REF_RE = "|".join(sorted((re.escape(k) for k in _REFS), key=len, reverse=True))


@_pattern(rf"{_B}(?P<r>(?i:{_REF_RE})){_E}", near=_REF_RE.lower())
def _reference(m: re.Match[str], ctx: MatchContext) -> tuple[str, str] | None:
    word = m["r"].lower()
    after = ctx.text[m.end() : m.end() + 12].lower()
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if word in ("later", "earlier", "soon", "recent", "current", "now", "previously", "ongoing"):
        # "later than", "sooner or", "earlier this week" (longer pattern), "now that" …
        if re.match(r"\s*(?:than|on\b|in life|,? (?:the|a)\b)", after) and word != "now":
            return None
        if word == "now" and re.match(r"\s*that\b", after):
            return None
        if word in ("recent", "current") and re.match(r"\s+(?:of|events?|weeks?|months?|years?|days?|decades?|price|account|level|rate|system|form|state)\b", after):
            return None
        if word in ("later", "earlier") and re.search(r"(?:years?|months?|weeks?|days?|hours?|minutes?|much|even|a bit|little|some)\s*$", before):
            return None
    return "DATE", _REFS[word]
