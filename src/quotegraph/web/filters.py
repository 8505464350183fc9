"""Jinja filters of the pages: dates at the granularity the text gives, statement anchors."""

from __future__ import annotations

import datetime as dt
from typing import Any

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def when(said_on: dict[str, Any] | None, date: Any = None) -> str:
    """A statement's date as precise as the text gives it: ``2019`` for a year (never January 1),
    ``March 2019`` for a month, ``week of 2019-03-04``, a range as ``start – end``, else the day.

    Args:
        said_on: the ``said_on`` dict of a hit or attribution (``value``, ``granularity``,
            ``start``, ``end``), or ``None``.
        date: the day to show when there is no ``said_on`` (the publication date).

    Returns:
        The label, or ``""`` when there is no date at all.
    """
    if said_on:
        gran = said_on.get("granularity")
        start, end = _day(said_on.get("start")), _day(said_on.get("end"))
        if start is not None:
            if gran == "year":
                return str(start.year)
            if gran == "month":
                return f"{MONTHS[start.month - 1]} {start.year}"
            if gran == "week":
                return f"week of {start.isoformat()}"
            if gran == "range" and end is not None and end != start:
                return f"{start.isoformat()} – {end.isoformat()}"
            return start.isoformat()
        if said_on.get("value"):
            return str(said_on["value"])
    day = _day(date)
    return day.isoformat() if day else ""


def at(day: Any, granularity: str | None) -> str:
    """A stored day at its granularity (a speaker's first and last dates): ``2019`` for a year,
    ``March 2019`` for a month, else the day; ``""`` for none."""
    if _day(day) is None:
        return ""
    return when({"granularity": granularity or "day", "start": day}, day)


def anchor(attribution_id: str) -> str:
    """The statement's anchor on its article page: its id within the article (``a3`` of the
    stored ``<article id>:a3``)."""
    return attribution_id.rsplit(":", 1)[-1]


def shorten(text: str, limit: int = 160) -> str:
    """``text`` cut at a word boundary before ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return (cut or text[: limit - 1]) + "…"


FILTERS = {"when": when, "at": at, "anchor": anchor, "shorten": shorten}
