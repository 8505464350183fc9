"""Dates as the store reads and writes them: ISO text (or a date) in, ``datetime.date`` out.

Apart from the writer so that the store's readers (``quotegraph search``) import neither it nor
what it needs.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from quotegraph.errors import StoreError


def _parse_date(value: str | None) -> dt.date | None:
    """An ISO date, or the first day of an ISO month/year; ``None`` for anything else."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    d = _parse_date(str(value))
    if d is None:
        raise StoreError(f"not a date: {value!r}; use YYYY-MM-DD")
    return d


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
