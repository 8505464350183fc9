"""WARC and WARC.gz: the HTML pages of a web crawl (Common Crawl's CC-NEWS, a newsroom archive).

Every ``response`` (or ``resource``) record whose HTTP content type is HTML becomes an article:
its id is derived from the record's ``WARC-Record-ID`` (so it is the same on every run), its url is
the ``WARC-Target-URI``, and its publication date comes from the page's metadata, with the
``WARC-Date`` (when the page was crawled) only as a fallback. Records that are not pages
(``warcinfo``, ``request``, ``metadata``, revisits) are passed over silently; a page that is not
HTML, an HTTP error, a record the crawler marked truncated, or one cut short by the end of the
file becomes a :class:`Skipped` with its reason, and the rest of the file is still read.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from quotegraph.errors import IngestError
from quotegraph.ingest.base import MAX_HTML_BYTES, MAX_TEXT_BYTES, Skipped, parse_published, stable_id
from quotegraph.ingest.html import article_from_html, decode_html
from quotegraph.models import Article

__all__ = ["read_warc"]

_PAGE_TYPES = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_UUID_RE = re.compile(r"<?urn:uuid:([0-9a-fA-F-]{36})>?")


def _record_article_id(record_id: str | None, url: str | None) -> str:
    """The record's UUID when it has one (stable for this file), else a hash of its URL."""
    if record_id:
        match = _UUID_RE.fullmatch(record_id.strip())
        if match:
            return f"warc-{match.group(1).lower()}"
        return stable_id("warc", record_id.strip())
    return stable_id("url", url or "")


def _looks_like_warc(head: bytes) -> bool:
    """Whether a file starts like a WARC: ``WARC/`` plainly, or inside its first gzip member."""
    if head[:2] == b"\x1f\x8b":
        import zlib

        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n")[:5] == b"WARC/"


def _warc_date(value: str | None) -> _dt.date | None:
    try:
        return parse_published(value) if value else None
    except IngestError:
        return None


class _Readable(Protocol):
    """What a WARC record's content stream offers (warcio's readers are not typed)."""

    def read(self, length: int, /) -> bytes: ...


def _read_limited(stream: _Readable, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes, so that an oversized payload is detected, not loaded."""
    return stream.read(limit + 1)


def read_warc(
    path: str | Path,
    published: _dt.date | None = None,
    *,
    max_bytes: int = MAX_TEXT_BYTES,
    max_page_bytes: int = MAX_HTML_BYTES,
) -> Iterator[Article | Skipped]:
    """Read the HTML articles of a WARC or WARC.gz file.

    Args:
        path: the file (gzip compression is detected from the content, not the name).
        published: the publication date for pages whose metadata and record give none.
        max_bytes: the size limit of an article's extracted text.
        max_page_bytes: the size limit of a page's HTML.

    Yields:
        Articles and skips in file order. A skip's origin is ``PATH#RECORD-ID`` (or
        ``PATH@OFFSET`` for a record too damaged to name); a file that is not a WARC at all
        yields one skip for the file.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    path = Path(path)
    try:
        handle = path.open("rb")
        size = path.stat().st_size
    except OSError as err:
        yield Skipped(str(path), f"cannot read the file: {err.strerror or err}")
        return
    with handle:
        if size == 0:
            yield Skipped(str(path), "empty file: there are no WARC records to read")
            return
        head = handle.read(512)
        handle.seek(0)
        if not _looks_like_warc(head):
            yield Skipped(str(path), "not a WARC file: it does not start with a WARC/1.x record header")
            return
        records = ArchiveIterator(handle)
        # warcio writes a warning to stderr when a record's Content-Length is wrong; we report it
        # as a skip instead (one clear line per problem), so its message is silenced.
        records.INC_RECORD = ""
        count = 0
        errors = 0
        try:
            for record in records:
                offset = records.offset  # get_record_offset() would consume the record
                count += 1
                if records.err_count > errors:
                    errors = records.err_count
                    yield Skipped(
                        f"{path}@{offset}",
                        "damaged record boundary: the previous record's Content-Length is wrong, "
                        "so it and this record may be misread",
                    )
                result = _from_record(record, path, offset, published, max_bytes, max_page_bytes)
                if result is not None:
                    yield result
        except ArchiveLoadFailed as err:
            reason = str(err).strip().splitlines()[0] if str(err).strip() else "unreadable record"
            # The parser quotes the bad line, which may be compressed bytes: keep the reason one
            # short printable line.
            reason = reason.encode("ascii", "backslashreplace").decode("ascii")[:120]
            yield Skipped(
                f"{path}@{records.offset}",
                f"not a readable WARC record ({reason}); the rest of the file is skipped",
            )
            return
        except Exception as err:
            # A damaged gzip member surfaces as EOFError/zlib.error/OSError, and warcio's parser
            # fails on a record cut inside its headers with AttributeError or ValueError.
            yield Skipped(
                f"{path}@{records.offset}",
                f"truncated or damaged record ({type(err).__name__}: {err}); the rest of the file is skipped",
            )
            return
        # warcio stops quietly when the file ends inside a record's headers or a gzip member: the
        # iterator then has not reached the end of the file.
        if records.offset < size:
            handle.seek(records.offset)
            if handle.read(64).strip():
                if count == 0:
                    yield Skipped(str(path), "not a WARC file: no WARC record could be read from it")
                else:
                    yield Skipped(
                        f"{path}@{records.offset}",
                        "truncated record: the file ends inside its headers "
                        "(an interrupted download or copy?)",
                    )


def _from_record(
    record: object,
    path: Path,
    offset: int,
    published: _dt.date | None,
    max_bytes: int,
    max_page_bytes: int,
) -> Article | Skipped | None:
    """Turn one WARC record into an article, a skip, or nothing (not a page record)."""
    headers = record.rec_headers  # type: ignore[attr-defined]
    rec_type = record.rec_type  # type: ignore[attr-defined]
    record_id = headers.get_header("WARC-Record-ID")
    url = headers.get_header("WARC-Target-URI")
    origin = f"{path}#{record_id}" if record_id else f"{path}@{offset}"
    if rec_type is None or not record_id or headers.get_header("Content-Length") is None:
        return Skipped(origin, "truncated record: its WARC headers are incomplete")
    if rec_type not in _PAGE_TYPES:
        return None
    if headers.get_header("WARC-Truncated"):
        why = headers.get_header("WARC-Truncated")
        return Skipped(origin, f"record truncated by the crawler (WARC-Truncated: {why})")
    try:
        payload = _read_limited(record.content_stream(), max_page_bytes)  # type: ignore[attr-defined]
    except Exception as err:
        return Skipped(origin, f"payload could not be decoded ({type(err).__name__}: {err})")
    # Checked before the content type: a record cut inside its HTTP headers has a partial one.
    remaining = getattr(record.raw_stream, "limit", 0)  # type: ignore[attr-defined]
    if len(payload) <= max_page_bytes and remaining and remaining > 0:
        return Skipped(
            origin,
            f"truncated record: the file ends {remaining:,} bytes before the record does ({url})",
        )
    http = record.http_headers  # type: ignore[attr-defined]
    if http is None and rec_type == "response" and (url or "").startswith(("http:", "https:")):
        return Skipped(origin, f"truncated record: its HTTP headers are missing ({url})")
    if http is not None and rec_type == "response":
        status = (http.get_statuscode() or "").strip()
        if status and not status.startswith("2"):
            return Skipped(origin, f"HTTP status {status}, not a page ({url})")
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in _HTML_TYPES:
        return Skipped(origin, f"not HTML: content type {media_type or 'missing'!r} ({url})")
    if len(payload) > max_page_bytes:
        return Skipped(origin, f"HTML too large: over the limit of {max_page_bytes:,} bytes ({url})")
    charset = _CHARSET_RE.search(content_type)
    try:
        return article_from_html(
            decode_html(payload, charset.group(1) if charset else None),
            id=_record_article_id(record_id, url),
            url=url,
            published=_warc_date(headers.get_header("WARC-Date")) or published,
            max_bytes=max_bytes,
        )
    except IngestError as err:
        return Skipped(origin, f"{err} ({url})")
