"""Plain-text articles: the file's content, exactly as read, is the text every offset indexes."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from quotegraph.errors import IngestError
from quotegraph.ingest.base import (
    MAX_TEXT_BYTES,
    SPLIT_HINT,
    check_text_bytes,
    decode_utf8,
    read_file_bytes,
)
from quotegraph.models import Article

__all__ = ["read_text_file", "article_from_text"]


def article_from_text(
    text: str,
    *,
    id: str,
    published: _dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    max_bytes: int = MAX_TEXT_BYTES,
) -> Article:
    """Make an article of a text already in memory (a JSONL field, an API request).

    Args:
        text: the article text; kept exactly as given.
        id: the article id.
        published: the publication date, if known.
        title: the headline, if known.
        url: where the article was published, if known.
        source: the outlet, if known.
        max_bytes: the size limit in bytes of UTF-8.

    Returns:
        The article.

    Raises:
        IngestError: the text is empty, whitespace only or too large.
    """
    if not text.strip():
        raise IngestError("empty text: there is nothing but whitespace to read")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise IngestError(f"text too large: {size:,} bytes, over the limit of {max_bytes:,} bytes{SPLIT_HINT}")
    return Article(id=id, text=text, title=title, published=published, url=url, source=source)


def read_text_file(
    path: str | Path,
    published: _dt.date | None = None,
    *,
    id: str | None = None,
    max_bytes: int = MAX_TEXT_BYTES,
) -> Article:
    """Read a UTF-8 plain-text file as one article.

    The text is the file content exactly as decoded: no newline conversion (``\\r\\n`` stays),
    no stripping, a byte order mark kept as ``\\ufeff``, so that offsets index the file.

    Args:
        path: the file.
        published: the publication date (a text file carries none of its own).
        id: the article id; the file name without its extension by default.
        max_bytes: the size limit (default 2 MB); larger files are refused before being read.

    Returns:
        The article.

    Raises:
        IngestError: the file cannot be read, is empty or whitespace only, binary, not UTF-8, or
            larger than ``max_bytes``.
    """
    path = Path(path)
    data = read_file_bytes(path, max_bytes=max_bytes, what="text", hint=SPLIT_HINT)
    check_text_bytes(data, max_bytes=max_bytes)
    text = decode_utf8(data)
    if not text.strip():
        raise IngestError("empty file: it holds only whitespace")
    return Article(id=id if id is not None else path.stem, text=text, published=published)
