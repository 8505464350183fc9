"""Property-based tests (hypothesis) of the extraction pipeline over generated and adversarial texts.

Whatever the text, ``quotegraph.extract`` either returns a result or raises one of the project's
own errors (``QuotegraphError``); a result's every span lies inside the text and slices it
exactly, its ``to_dict()`` passes the contract schema, its references (parents, speakers,
addressees) point at things of the same result, and the same input always gives the same output.

Texts come from three strategies: arbitrary Unicode (control characters included), news-like
texts assembled from invented fragments (names, cues, every kind of quotation mark, dates,
paragraph breaks, very long tokens, repeated punctuation), and HTML pages through the HTML reader.
Beside them: raw bytes through the text and HTML readers (read exactly, or an IngestError),
arbitrary metadata (``published``, ``id``, ``title``, ``url``), lone surrogates (refused with an
IngestError naming the offset), and batches (same results as one article at a time).

Settings: the ``quotegraph-properties`` profile keeps the file under two minutes on a small
machine; ``QUOTEGRAPH_HYPOTHESIS_PROFILE=quotegraph-properties-thorough`` runs ten times as many
examples.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import quotegraph
from quotegraph.contract import validate_result
from quotegraph.errors import IngestError, QuotegraphError
from quotegraph.ingest.html import article_from_html
from quotegraph.models import ExtractionResult

settings.register_profile(
    "quotegraph-properties",
    max_examples=60,
    deadline=None,  # one extraction takes milliseconds to a second: time is not the property
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "quotegraph-properties-thorough", settings.get_profile("quotegraph-properties"), max_examples=600
)
# Applied per test (not loaded globally), so that other hypothesis tests keep their own settings.
PROFILE = settings.get_profile(os.environ.get("QUOTEGRAPH_HYPOTHESIS_PROFILE", "quotegraph-properties"))


@pytest.fixture(scope="module", autouse=True)
def _loaded_extractor() -> None:
    """Load the spaCy pipeline once for the module (the first extraction would otherwise pay it)."""
    quotegraph.get_extractor()


# ------------------------------------------------------------------------------------ checks
def _span_ok(text: str, span: dict[str, Any] | None, where: str) -> None:
    if span is None:
        return
    start, end = span["start"], span["end"]
    assert 0 <= start <= end <= len(text), f"{where}: [{start}:{end}] outside 0..{len(text)}"
    assert text[start:end] == span["text"], f"{where}: text[{start}:{end}] != {span['text']!r}"


def check_result(text: str, result: ExtractionResult) -> dict[str, Any]:
    """Assert every invariant of one result over ``text``; return its contract object."""
    assert result.text == text, "the result's text must be the input exactly as given"
    data = result.to_dict()
    validate_result(data)
    # Serialisable as it stands (no NaN, no odd objects), and read back to the same object.
    assert ExtractionResult.from_dict(json.loads(json.dumps(data, ensure_ascii=False))).to_dict() == data
    assert data["text"] == text
    entity_ids = {e["id"] for e in data["entities"]}
    assert len(entity_ids) == len(data["entities"]), "entity ids must be unique"
    att_ids = [a["id"] for a in data["attributions"]]
    assert len(set(att_ids)) == len(att_ids), "attribution ids must be unique"
    for att in data["attributions"]:
        where = att["id"]
        for piece in att["content"]:
            _span_ok(text, piece, f"{where}.content")
        _span_ok(text, att["cue"], f"{where}.cue")
        _span_ok(text, att["source"], f"{where}.source")
        if att["addressee"]:
            _span_ok(text, att["addressee"], f"{where}.addressee")
            if att["addressee"]["entity"]:
                assert att["addressee"]["entity"]["id"] in entity_ids, f"{where}: addressee entity unknown"
        if att["said_on"]:
            _span_ok(text, att["said_on"]["evidence"], f"{where}.said_on.evidence")
            assert att["said_on"]["start"] <= att["said_on"]["end"], f"{where}: said_on ends before it starts"
        if att["speaker"]:
            assert att["speaker"]["id"] in entity_ids, f"{where}: speaker {att['speaker']['id']} is no entity"
        if att["parent"] is not None:
            assert att["parent"] in att_ids, f"{where}: parent {att['parent']} is no attribution"
            assert att["parent"] != where, f"{where} is its own parent"
    parents = {a["id"]: a["parent"] for a in data["attributions"]}
    for start in parents:  # nesting is a tree: following parents never comes back
        seen, node = set(), start
        while node is not None:
            assert node not in seen, f"parent cycle through {node}"
            seen.add(node)
            node = parents[node]
    for t in data["times"]:
        _span_ok(text, t, "times")
    for s in data.get("excluded", []):
        _span_ok(text, s, "excluded")
    return data


def extract_checked(text: str, published: dt.date | None) -> dict[str, Any] | None:
    """Extract ``text`` twice; check the result and that both runs agree (None: a documented refusal)."""
    try:
        first = quotegraph.extract(text, published=published)
    except QuotegraphError:
        return None
    data = check_result(text, first)
    again = quotegraph.extract(text, published=published).to_dict()
    assert again == data, "the same input must give the same output"
    return data


# -------------------------------------------------------------------------------- strategies
PUBLISHED = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from([dt.date.min, dt.date.max, dt.date(2024, 2, 29), dt.date(1999, 12, 31)]),
)
#: What callers pass as ``published``: dates, date-times, ISO strings, and strings that are none.
PUBLISHED_ANY = st.one_of(
    PUBLISHED,
    st.datetimes(),
    st.dates().map(dt.date.isoformat),
    st.sampled_from(["", "2024-02-30", "2024-13-01", "18/07/2024", "yesterday", "2024-07-18T10:30", "0000-01-01"]),
    st.text(max_size=12),
)

#: Characters that drive the pipeline's decisions, mixed into arbitrary text so it meets them often.
SIGNIFICANT = list("\"'“”‘’«»‹›„‚「」 \n\t\r.,;:!?-—()[]") + ["said", "told", "Mr.", "\u00a0", "\u2028", "\r\n", "İ", "ﬁ", "ẞ", "\ufeff", "\u200b"]
ANY_TEXT = st.lists(
    st.one_of(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=8),
              st.sampled_from(SIGNIFICANT)),
    max_size=80,
).map("".join)

NAMES = [
    "Maria Okafor", "Okafor", "Tomas Lindqvist", "Mr. Lindqvist", "Dr. Priya Raman", "the mayor",
    "He", "She", "They", "a spokeswoman for the Harbour Authority", "officials", "Senator Raman",
    "the Finance Minister", "Jonah Whitfield Jr.", "Élodie Marchand-Oyelaran", "O'Brien", "it",
    "İlhan Öztürk", "ﬁnance chief Ana Ruiz",  # lower() lengthens "İ"; "ﬁ" is one ligature
]
CUES = [
    "said", "says", "told reporters", "told the council", "added", "warned", "insisted", "claimed",
    "stated", "wrote", "asked", "replied", "announced", "denied", "said in a statement",
]
CONTENTS = [
    "the budget will be balanced by spring", "we will win", "no", "I never said that",
    "the bridge repairs cannot wait another winter", "it is, frankly, a disgrace!",
    "they told us the harbour was safe", "why now?", "", " ", "...", "Yes. No. Maybe.",
]
QUOTE_PAIRS = [
    ('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"), ("«", "»"), ("» ", " «"), ("„", "“"),
    ("‹", "›"), ("「", "」"), ("``", "''"), ("“", "“"), ("”", "“"), ('"', ""), ("", "”"),
]
DATES = [
    "on Monday", "yesterday", "last week", "on 3 March 2021", "at 10:30 a.m.", "in 1999", "next year",
    "two days ago", "tomorrow", "on 12/31/2020", "on 31 February", "in the year 99999", "on Sunday night",
    "this morning", "every Tuesday", "for three weeks", "in March", "on 2024-07-18", "at noon",
    "in the 1990s", "last Thursday evening", "on 29 February 2023", "in 0", "on 1 January 0001",
    # Relative to the publication date, which may be the calendar's first or last day.
    "next week", "last Monday", "next Monday", "this winter", "last month", "next year", "this week",
    "99999999999999999999 days ago", "9999 years ago", "in 99999999999999999999 weeks", "in week 60",
    "the day after the hearing", "the day before the vote", "the evening after that vote",
]
BREAKS = ["\n", "\n\n", "\r\n", "\r\n\r\n", "\t", "  ", "\u2028", "\u00a0", "\f", "\x0b", "\n \n"]
NOISE = st.one_of(
    st.builds(lambda c, n: c * n, st.sampled_from(list("!?.-—,\"'“”*#=_~x")), st.integers(2, 60)),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "Ab", "said", "9"]), st.integers(200, 3000)),
    st.sampled_from(["https://news.example/a/b?c=d", "@okafor", "#budget", "(AP) —", "By MARIA OKAFOR",
                     "Copyright 2024", "Advertisement", "Read more:", "•", "***"]),
)


@st.composite
def quoted(draw: st.DrawFn) -> str:
    """One (possibly nested, unbalanced or empty) quotation."""
    opening, closing = draw(st.sampled_from(QUOTE_PAIRS))
    content = draw(st.sampled_from(CONTENTS))
    if draw(st.booleans()):  # a nested quotation inside the content
        inner_open, inner_close = draw(st.sampled_from(QUOTE_PAIRS))
        content = f"{content} {inner_open}{draw(st.sampled_from(CONTENTS))}{inner_close} {content}"
    punct = draw(st.sampled_from(["", ",", ".", "?", "!", ",,", "…"]))
    return f"{opening}{content}{punct}{closing}"


@st.composite
def news_sentence(draw: st.DrawFn) -> str:
    """A sentence of reported speech in one of the common shapes, or a plain one."""
    name, cue, date = (draw(st.sampled_from(xs)) for xs in (NAMES, CUES, DATES))
    q = draw(quoted())
    content = draw(st.sampled_from(CONTENTS))
    shape = draw(st.integers(0, 9))
    if shape == 0:
        return f"{q} {name} {cue} {date}."
    if shape == 1:
        return f"{name} {cue} {date}: {q}"
    if shape == 2:
        return f"{name} {cue} that {content} {date}."
    if shape == 3:
        return f"According to {name}, {content}."
    if shape == 4:
        return f"{q} {cue} {name}. {draw(quoted())}"
    if shape == 5:  # a quote interrupted by its attribution
        return f"{q} {name} {cue}, {draw(quoted())}"
    if shape == 6:
        return f"{name} {cue} {q} {date}, {name} {cue} {q}"
    if shape == 8:  # an occasion, then a day told from it
        occasion = draw(st.sampled_from(["hearing", "vote", "meeting"]))
        rel = draw(st.sampled_from(["after", "before"]))
        return f"{name} {cue} at the {occasion} {date} that {content}. The day {rel} the {occasion}, {name} {cue} {q}"
    if shape == 7:
        return f"{name.capitalize()} met {draw(st.sampled_from(NAMES))} {date}."
    return f"{content.capitalize()} {date}, {name} {cue}."


NEWS_TEXT = st.tuples(
    st.sampled_from([" ", "", "\n"]),
    st.lists(st.one_of(news_sentence(), news_sentence(), st.sampled_from(BREAKS), NOISE, quoted(),
                       st.sampled_from(NAMES + CUES + DATES)), max_size=14),
).map(lambda sep_parts: sep_parts[0].join(sep_parts[1]))

HTML_TAGS = ["p", "div", "span", "b", "i", "blockquote", "q", "h1", "h2", "li", "article", "section", "td"]


@st.composite
def html_page(draw: st.DrawFn) -> str:
    """An HTML page around news-like paragraphs, with entities, stray tags and broken markup."""
    paragraphs = draw(st.lists(NEWS_TEXT, max_size=6))
    body = []
    for para in paragraphs:
        tag = draw(st.sampled_from(HTML_TAGS))
        para = para.replace("&", "&amp;").replace("<", "&lt;") if draw(st.booleans()) else para
        body.append(f"<{tag}>{para}</{tag}>" if draw(st.integers(0, 5)) else f"<{tag}>{para}")
    extra = draw(st.lists(st.sampled_from([
        "<script>var said = '“no”';</script>", "<style>p{}</style>", "<!-- “a comment,” he said -->",
        "&ldquo;We will win,&rdquo; the mayor said.", "&#8220;Yes&#8221;", "&nbsp;", "<br>", "<br/>",
        "</div></div>", "<p", "<![CDATA[x]]>", "<nav>Home | News | Sport</nav>", "<meta charset='latin1'>",
        "<time datetime='2024-07-18'>Thursday</time>", "<meta property='article:published_time' content='2024-13-45'>",
    ]), max_size=4))
    title = draw(st.sampled_from(["", "<title>Council meets</title>", "<title>“Quote” — said</title>"]))
    parts = body + extra
    draw(st.randoms()).shuffle(parts)
    return f"<html><head>{title}</head><body><article>{''.join(parts)}</article></body></html>"


# ---------------------------------------------------------------------------------- properties
def _record(data: dict[str, Any] | None, prefix: str = "") -> None:
    """Tell hypothesis's statistics what the example gave, so a run shows its texts find statements."""
    n = len(data["attributions"]) if data is not None else None
    event("refused" if n is None else f"{prefix}attributions: {'3+' if n >= 3 else n}")


@PROFILE
@given(text=ANY_TEXT, published=PUBLISHED)
@example(text="", published=None)
@example(text=" \n\t\r\n\u2028 ", published=None)
@example(text="\x00\x01\x1b[0m “x,” he said \x7f", published=dt.date(2024, 7, 18))
def test_any_text(text: str, published: dt.date | None) -> None:
    _record(extract_checked(text, published))


@PROFILE
@given(text=NEWS_TEXT, published=PUBLISHED)
@example(text="“We will win,” the mayor said on Monday.", published=dt.date(2024, 7, 18))
@example(text="“Nested ‘inner “deep” quote’ here,” Okafor said.", published=None)
def test_news_like_text(text: str, published: dt.date | None) -> None:
    data = extract_checked(text, published)
    assert data is not None, "extract refuses no text made of valid Unicode"
    _record(data)


@settings(PROFILE, max_examples=max(1, PROFILE.max_examples // 3))
@given(texts=st.lists(st.one_of(NEWS_TEXT, ANY_TEXT), min_size=1, max_size=5))
def test_batch_gives_what_one_by_one_gives(texts: list[str]) -> None:
    # Parsing in batches (padding, shared vocabulary) must not change any article's result.
    batch = [r.to_dict() for r in quotegraph.extract_batch(texts)]
    alone = [quotegraph.extract(t, id=f"article-{i + 1}").to_dict() for i, t in enumerate(texts)]
    assert batch == alone


@PROFILE
@given(html=html_page(), published=PUBLISHED)
def test_html_pages(html: str, published: dt.date | None) -> None:
    try:
        article = article_from_html(html, id="page", published=published)
    except IngestError:
        event("page refused")
        return  # a documented refusal: no article in the page
    assert article.text.strip()
    result = quotegraph.get_extractor().extract(article)
    data = check_result(article.text, result)
    _record(data, "page read, ")
    assert quotegraph.get_extractor().extract(article).to_dict() == data


CHARSETS = st.one_of(
    st.none(),
    st.sampled_from(["utf-8", "UTF8", "latin-1", "cp1252", "utf-16", "utf-7", "shift_jis", "koi8-r",
                     "rot13", "hex", "base64", "raw_unicode_escape", "x-unknown", "", " utf-8 "]),
    st.text(max_size=12),
)
BYTES = st.one_of(
    st.binary(max_size=300),
    NEWS_TEXT.flatmap(lambda t: st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"]).map(
        lambda enc: t.encode(enc, "replace"))),
)


@PROFILE
@given(data=BYTES, charset=CHARSETS, meta=st.sampled_from(["", "<meta charset='{}'>", '<meta http-equiv="Content-Type" content="text/html; charset={}">']))
def test_html_bytes_decode_and_read(data: bytes, charset: str | None, meta: str) -> None:
    # decode_html always gives a str (its last resort replaces bytes); the reader then gives an
    # article or an IngestError.
    from quotegraph.ingest.html import decode_html

    page = meta.format(charset or "").encode("ascii", "replace") + data
    markup = decode_html(page, charset)
    assert isinstance(markup, str)
    try:
        article = article_from_html(markup, id="page")
    except IngestError:
        return
    assert article.text.strip()


@PROFILE
@given(data=BYTES)
def test_text_bytes_are_read_or_refused(data: bytes) -> None:
    # The plain-text path: refused with an IngestError, or read exactly (the text is the bytes).
    from quotegraph.ingest.base import check_text_bytes, decode_utf8
    from quotegraph.ingest.text import article_from_text

    try:
        check_text_bytes(data)
        article = article_from_text(decode_utf8(data), id="t")
    except IngestError:
        event("refused")
        return
    event("read")
    assert article.text.encode("utf-8") == data


@PROFILE
@given(
    before=ANY_TEXT,
    surrogate=st.characters(categories=["Cs"]),
    after=st.one_of(ANY_TEXT, NEWS_TEXT),
)
def test_lone_surrogates_are_refused_clearly(before: str, surrogate: str, after: str) -> None:
    # A lone surrogate is a valid Python str but no Unicode text: it cannot be encoded as UTF-8,
    # stored or served as JSON. extract refuses it with an IngestError naming its offset.
    text = before + surrogate + after
    with pytest.raises(IngestError, match=rf"surrogate.*offset {len(before)}\b"):
        quotegraph.extract(text)


@PROFILE
@given(
    published=PUBLISHED_ANY,
    article_id=st.one_of(st.just("article"), st.text(max_size=10)),
    title=st.one_of(st.none(), st.text(max_size=20)),
    url=st.one_of(st.none(), st.text(max_size=20)),
)
def test_any_metadata(published: object, article_id: str, title: str | None, url: str | None) -> None:
    # Metadata that cannot be valid (no date, an empty id) is the caller's error: an IngestError.
    text = "“We will win,” the mayor said yesterday. Okafor told reporters on Monday that it was over."
    try:
        result = quotegraph.extract(text, published=published, id=article_id, title=title, url=url)  # type: ignore[arg-type]
    except QuotegraphError:
        event("refused")
        assert isinstance(published, str) or not article_id
        return
    assert result.article.id == article_id and result.article.title == title and result.article.url == url
    data = check_result(text, result)
    event("read")
    if isinstance(published, dt.date):
        expected = published.date() if isinstance(published, dt.datetime) else published
        assert data["article"]["published"] == expected.isoformat()


# ------------------------------------------------------------------- regressions found by them
@pytest.mark.parametrize(
    ("text", "published"),
    [
        # Date arithmetic from an anchor at the calendar's ends raised OverflowError.
        ("“We will win,” the mayor said next week.", dt.date.max),
        ("“We will win,” the mayor said next Monday.", dt.date.max),
        ("“We will win,” the mayor said tomorrow.", dt.date.max),
        ("“We will win,” the mayor said last Monday.", dt.date.min),
        ("“We will win,” the mayor said yesterday.", dt.date.min),
        ("“We will win,” the mayor said last week.", dt.date(1, 1, 3)),
        # A count too large for a timedelta.
        ("“We will win,” the mayor said 100000000000000000000 days ago.", dt.date(2024, 7, 18)),
        ("“We will win,” the mayor said 99999999999999999999 weeks ago.", dt.date(2024, 7, 18)),
        # A day told from an occasion dated on the calendar's last (first) day.
        ("The mayor said at the hearing on Friday that the city will win. "
         "The day after the hearing, she said it again.", dt.date.max),
        ("The mayor said at the hearing on Monday that the city will win. "
         "The day before the hearing, she said it again.", dt.date.min),
        # said_on of "this week"/"this winter" ending in year 10000 broke the schema's dates.
        ("“We will win,” the mayor said this week.", dt.date.max),
        ("“We will win,” the mayor said this winter.", dt.date.max),
    ],
)
def test_dates_at_the_calendar_ends(text: str, published: dt.date) -> None:
    data = extract_checked(text, published)
    assert data is not None
    for t in data["times"]:  # no year TIMEX3 cannot write: negative, five digits, unpadded
        assert not re.match(r"-|\d{5}|\d{1,3}-", t["value"]), t


def test_years_outside_the_calendar_are_no_time_values() -> None:
    # "next month" from 9999-12 would be "10000-01", "last month" from 0001-01 "0-12".
    late = quotegraph.extract("“We will win,” the mayor said next month.", published=dt.date.max)
    early = quotegraph.extract("“We will win,” the mayor said last month.", published=dt.date.min)
    assert [t.value for t in late.times] == [] and [t.value for t in early.times] == []
    ordinary = quotegraph.extract("“We will win,” the mayor said next month.", published="2024-07-18")
    assert [t.value for t in ordinary.times] == ["2024-08"]


def test_interval_of_values_outside_the_calendar() -> None:
    from quotegraph.timing.normalise import interval

    assert interval("9999-WI") is None  # ends on 10000-03-19
    assert interval("9999-W52") is None  # its Sunday is 10000-01-02
    assert interval("2024-W60") is None  # no such week
    assert interval("0000-01-01") is None  # no year 0
    assert interval("2024-13") is None  # no such month
    assert interval("2024-W28") == ("2024-W28", "week", "2024-07-08", "2024-07-14")
    assert interval("9998-WI") == ("9998-WI", "range", "9998-12-21", "9999-03-19")


def test_lone_surrogate_in_a_batch_goes_to_on_error() -> None:
    from quotegraph.models import Article

    errors: list[tuple[str, Exception]] = []
    articles = [
        Article("a1", "“Yes,” the mayor said."),
        Article("a2", "“No,\ud800” the mayor said."),
        Article("a3", "“Maybe,” the mayor said."),
    ]
    results = list(quotegraph.get_extractor().extract_many(articles, on_error=lambda a, e: errors.append((a.id, e))))
    assert [r.article.id for r in results] == ["a1", "a3"]
    assert [(i, type(e)) for i, e in errors] == [("a2", IngestError)]
    assert "lone surrogate U+D800 at offset 4" in str(errors[0][1])


def test_published_as_datetime_counts_as_its_date() -> None:
    # A datetime is a date: its time of day leaked into the article's date (breaking the schema)
    # and into every relative value ("yesterday" became 2024-07-17T10:30:00).
    text = "“We will win,” the mayor said yesterday."
    result = quotegraph.extract(text, published=dt.datetime(2024, 7, 18, 10, 30))
    validate_result(result.to_dict())
    assert result.article.published == dt.date(2024, 7, 18)
    assert [t.value for t in result.times] == ["2024-07-17"]


@pytest.mark.parametrize("published", ["2024-02-30", "18/07/2024", "", "yesterday"])
def test_published_that_is_no_date_is_an_ingest_error(published: str) -> None:
    with pytest.raises(IngestError, match="published must be a date or YYYY-MM-DD"):
        quotegraph.extract("“We will win,” the mayor said.", published=published)


def test_empty_article_id_is_an_ingest_error() -> None:
    # The contract requires a non-empty article id; extract(id="") gave a result that broke it.
    with pytest.raises(IngestError, match="article id"):
        quotegraph.extract("“We will win,” the mayor said.", id="")


def test_decode_html_with_a_nul_in_the_declared_charset() -> None:
    # A charset name holding NUL made bytes.decode raise ValueError, not the LookupError caught.
    from quotegraph.ingest.html import decode_html

    assert decode_html("<p>Caf\u00e9</p>".encode(), "utf\x00-8") == "<p>Caf\u00e9</p>"
