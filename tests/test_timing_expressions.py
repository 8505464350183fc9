"""Time expressions: recognition extents and TIMEX3 values against a publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from quotegraph.nlp import load_pipeline
from quotegraph.timing import find_time_expressions

WED = dt.date(2024, 7, 17)  # a Wednesday


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _found(nlp, text: str, published: dt.date | None) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    times = find_time_expressions(doc, published)
    for t in times:
        assert doc.text[t.start : t.end] == t.text  # offsets index the text exactly
    return [(t.text, t.type, t.value) for t in times]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor opened the bridge on July 3, 2019.", ("July 3, 2019", "DATE", "2019-07-03")),
        ("The vote took place in March 2021.", ("March 2021", "DATE", "2021-03")),
        ("The company was founded in 1987.", ("1987", "DATE", "1987")),
        ("Prices soared in the 1990s.", ("the 1990s", "DATE", "199")),
        ("Sales fell last month.", ("last month", "DATE", "2024-06")),
        ("Talks resume next year.", ("next year", "DATE", "2025")),
        ("The panel met last week.", ("last week", "DATE", "2024-W28")),
        ("She was ill this week.", ("this week", "DATE", "2024-W29")),
        ("The minister resigned yesterday.", ("yesterday", "DATE", "2024-07-16")),
        ("Traders were nervous today.", ("today", "DATE", "2024-07-17")),
        ("Harvests were poor last summer.", ("last summer", "DATE", "2023-SU")),
        ("Profits rose in the third quarter of 2023.", ("the third quarter of 2023", "DATE", "2023-Q3")),
        ("The strike lasted two days.", ("two days", "DURATION", "P2D")),
        ("The flight took three hours.", ("three hours", "DURATION", "PT3H")),
        ("Rates were frozen for the past year.", ("the past year", "DURATION", "P1Y")),
        ("The council meets weekly.", ("weekly", "SET", "P1W")),
        ("The club meets every Monday.", ("every Monday", "SET", "XXXX-WXX-1")),
        ("Prices are currently high.", ("currently", "DATE", "PRESENT_REF")),
        ("The firm recently hired staff.", ("recently", "DATE", "PAST_REF")),
        ("Nobody can predict the future.", ("the future", "DATE", "FUTURE_REF")),
        ("The polls closed at 3 p.m.", ("3 p.m.", "TIME", "2024-07-17T15:00")),
        ("The ship docked at 18:00 UTC.", ("18:00 UTC", "TIME", "2024-07-17T18:00Z")),
        ("Voters left on Tuesday morning.", ("Tuesday morning", "TIME", "2024-07-16TMO")),
        ("The senator said in ’08 that he would run.", ("’08", "DATE", "2008")),
        # a scraped byline runs into the date
        ("Posted by staffFeaturedJuly 3, 2019 at noon.", ("July 3, 2019", "DATE", "2019-07-03")),
        # told in the past midweek, "the weekend" is the one just gone, not the coming one
        ("The ministers met over the weekend.", ("the weekend", "DATE", "2024-W28-WE")),
        ("The ministers will meet over the weekend.", ("the weekend", "DATE", "2024-W29-WE")),
        ("The senator said in ‘08 that he would run.", ("‘08", "DATE", "2008")),
    ],
)
def test_time_expressions_kinds_and_values(nlp, text, expected) -> None:
    assert expected in _found(nlp, text, WED)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Past tense: the last such day or date at or before publication.
        ("The envoy arrived on Monday.", "2024-07-15"),
        ("The envoy arrived on Friday.", "2024-07-12"),
        ("The envoy spoke on Wednesday.", "2024-07-17"),
        ("The court ruled on November 5.", "2023-11-05"),
        # Future tense: the coming one.
        ("The envoy will arrive on Friday.", "2024-07-19"),
        ("The country will vote on November 5.", "2024-11-05"),
        ("The hearing is scheduled for Monday.", "2024-07-22"),
    ],
)
def test_time_expressions_tense_decides_direction(nlp, text, value) -> None:
    values = [v for _, _, v in _found(nlp, text, WED)]
    assert values == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The envoy arrived on Friday.", ("Friday", "DATE", "XXXX-WXX-5")),
        ("The minister resigned yesterday.", ("yesterday", "DATE", "XXXX-XX-XX")),
        ("Sales fell last month.", ("last month", "DATE", "XXXX-XX")),
        ("The vote is set for June.", ("June", "DATE", "XXXX-06")),
        ("The bridge opened on July 3, 2019.", ("July 3, 2019", "DATE", "2019-07-03")),
    ],
)
def test_time_expressions_without_publication_date_stay_underspecified(nlp, text, expected) -> None:
    assert _found(nlp, text, None) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The senator told USA Today that she would run.",
        "The senator visited NBC's “Today” to discuss her plan.",
        "The senator told the Today show that she would run.",
        "The senator told ABC's This Week that she would run.",
        "The senator said on CBS’s ''This Morning'' that she would run.",
        "Investors may sell their shares.",
        "Workers march through the square.",
        "He signed a second contract.",
        "She called it ‘20 percent better’ than the old plan.",
    ],
)
def test_time_expressions_ignore_lookalikes(nlp, text) -> None:
    assert _found(nlp, text, WED) == []


def test_time_expressions_extent_leaves_out_the_preposition(nlp) -> None:
    found = _found(nlp, "The envoy arrived on Monday and left in March.", WED)
    assert [text for text, _, _ in found] == ["Monday", "March"]


def test_time_expressions_the_day_takes_the_day_last_named(nlp) -> None:
    text = "Shares fell on Monday.\nBy the end of the day, the index had lost 5 percent."
    found = _found(nlp, text, WED)
    assert ("the day", "DATE", "2024-07-15") in found or ("the end of the day", "DATE", "2024-07-15") in found
