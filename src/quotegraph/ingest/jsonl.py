"""JSONL: one article a line, as ``CONTRACT.md`` describes.

Each line is a JSON object with ``id`` and ``text`` (or ``html``), and optionally ``published``
(``YYYY-MM-DD`` or an ISO 8601 date-time), ``title``, ``url`` and ``source``. A line that cannot be
read becomes a :class:`Skipped` naming its line number; the other lines still load. The file is
streamed, so its size is not limited, only each article's.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quotegraph.errors import IngestError
from quotegraph.ingest.base import MAX_TEXT_BYTES, Skipped, parse_published
from quotegraph.ingest.html import article_from_html
from quotegraph.ingest.metadata import headline
from quotegraph.ingest.text import article_from_text
from quotegraph.models import Article

__all__ = ["article_from_record", "read_jsonl"]

_OPTIONAL_STRINGS = ("title", "url", "source")


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise IngestError(f"field {key!r} must be a string, not {type(value).__name__}")
    return value or None


def article_from_record(
    record: object,
    *,
    published: _dt.date | None = None,
    max_bytes: int = MAX_TEXT_BYTES,
) -> Article:
    """Make an article of one decoded JSONL object.

    Args:
        record: the decoded JSON value of one line.
        published: the publication date to use when the record gives none.
        max_bytes: the size limit of the article text.

    Returns:
        The article (for ``html``, the extracted text; the page's own date wins over the record's
        ``published``, which wins over the ``published`` argument).

    Raises:
        IngestError: the record is not an object, lacks ``id`` or ``text``/``html``, or a field
            has the wrong type or a bad date.
    """
    if not isinstance(record, dict):
        raise IngestError(f"expected a JSON object, got {type(record).__name__}")
    article_id = record.get("id")
    valid_type = isinstance(article_id, (str, int)) and not isinstance(article_id, bool)
    if not valid_type or str(article_id).strip() == "":
        raise IngestError("missing 'id': every line needs a non-empty string id")
    article_id = str(article_id)
    title, url, source = (_optional_str(record, key) for key in _OPTIONAL_STRINGS)
    date = parse_published(record.get("published")) or published
    text, html = record.get("text"), record.get("html")
    if text is not None:
        if not isinstance(text, str):
            raise IngestError(f"field 'text' must be a string, not {type(text).__name__}")
        # No title given: the first line when it is a headline (it stays part of the text).
        return article_from_text(
            text, id=article_id, published=date, title=title or headline(text), url=url, source=source,
            max_bytes=max_bytes,
        )
    if html is not None:
        if not isinstance(html, str):
            raise IngestError(f"field 'html' must be a string, not {type(html).__name__}")
        article = article_from_html(
            html, id=article_id, url=url, published=date, source=source, max_bytes=max_bytes
        )
        if title:
            article.title = title
        return article
    raise IngestError("missing 'text' (or 'html'): the line has no article")


def article_from_line(
    raw: bytes, *, published: _dt.date | None = None, max_bytes: int = MAX_TEXT_BYTES
) -> Article:
    """Parse one JSONL line (bytes, as read) into an article.

    Raises:
        IngestError: when the line is not UTF-8, not JSON, or not a valid article record.
    """
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise IngestError(
            f"not UTF-8 text: {err.reason}, byte 0x{raw[err.start]:02x} "
            f"at column {err.start + 1}; convert the file with iconv"
        ) from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise IngestError(f"invalid JSON: {err.msg} at column {err.colno}") from None
    return article_from_record(record, published=published, max_bytes=max_bytes)


def duplicate_id_reason(article_id: str) -> str:
    """Why a JSONL line whose id an earlier line of the same file has is skipped."""
    return f"duplicate id {article_id!r}: an earlier line of this file has it"


def read_jsonl(
    path: str | Path,
    published: _dt.date | None = None,
    *,
    max_bytes: int = MAX_TEXT_BYTES,
) -> Iterator[Article | Skipped]:
    """Read a JSONL file of articles, one a line.

    Blank lines are ignored. A line that is not UTF-8, not JSON, lacks a field, has a bad date,
    or repeats an id already read from this file becomes a :class:`Skipped` with origin
    ``path:LINE``.

    Args:
        path: the file.
        published: the publication date for records that give none.
        max_bytes: the size limit of each article text.

    Yields:
        Articles and skips, in line order; a file that cannot be opened yields one skip.
    """
    path = Path(path)
    seen: set[str] = set()
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Skipped(str(path), f"cannot read the file: {err.strerror or err}")
        return
    with handle:
        any_line = False
        for number, raw in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            any_line = True
            try:
                article = article_from_line(raw, published=published, max_bytes=max_bytes)
            except IngestError as err:
                yield Skipped(origin, str(err))
                continue
            if article.id in seen:
                yield Skipped(origin, duplicate_id_reason(article.id))
                continue
            seen.add(article.id)
            yield article
        if not any_line:
            yield Skipped(str(path), "empty file: there are no JSONL lines to read")
