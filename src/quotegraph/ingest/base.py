"""What every reader shares: the skip record, the size limits, byte checks and date parsing."""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from quotegraph.errors import IngestError

__all__ = [
    "MAX_TEXT_BYTES",
    "MAX_HTML_BYTES",
    "Skipped",
    "check_text_bytes",
    "decode_utf8",
    "parse_published",
    "read_file_bytes",
    "stable_id",
]

#: Largest article text accepted, in bytes of UTF-8 (2 MB). News articles are a few kB; a text
#: this size is a dump, a book or a concatenation of many articles, and spaCy would spend minutes
#: on it. Readers take a ``max_bytes`` argument to raise it.
MAX_TEXT_BYTES = 2_000_000

#: Largest HTML page accepted, in bytes (20 MB, as trafilatura's own ``max_file_size``): markup
#: is many times the size of the article it carries.
MAX_HTML_BYTES = 20_000_000

# Control characters that never occur in text files (everything below 0x20 but tab, newline,
# vertical tab, form feed and carriage return, plus DEL).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13)) + b"\x7f"
_BINARY_SAMPLE = 8192
#: What a message about a text over the size limit tells the user to do.
SPLIT_HINT = "; split it into articles (one file or JSONL line each)"
_BINARY_CONTROL_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input (file, JSONL line, WARC record, URL) that could not be read as an article.

    Attributes:
        origin: where it came from: a path, ``path:line`` for JSONL, ``path#record-id`` for WARC,
            or a URL.
        reason: why it was skipped, phrased so that a user knows what to do.
    """

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def check_text_bytes(data: bytes, *, max_bytes: int = MAX_TEXT_BYTES, what: str = "text") -> None:
    """Refuse bytes that are empty, too large or binary (before any decoding).

    Args:
        data: the raw bytes of a text.
        max_bytes: the size limit.
        what: how the message names the input ("text", "HTML").

    Raises:
        IngestError: with the reason.
    """
    if not data:
        raise IngestError(f"empty file: there is no {what} to read")
    if len(data) > max_bytes:
        raise IngestError(
            f"{what} too large: {len(data):,} bytes, over the limit of {max_bytes:,} bytes{SPLIT_HINT}"
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise IngestError(
            f"not UTF-8 text: UTF-16 (byte order mark 0x{data[0]:02x} 0x{data[1]:02x} at offset 0); "
            "convert it with iconv (e.g. iconv -f utf-16 -t utf-8 IN > OUT)"
        )
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        raise IngestError(f"binary file (it contains NUL bytes), not {what}")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _BINARY_CONTROL_SHARE * len(sample):
        raise IngestError(
            f"binary file ({controls} of its first {len(sample)} bytes are control characters), not {what}"
        )


def read_file_bytes(path: Path, *, max_bytes: int, what: str, hint: str = "") -> bytes:
    """Read a whole file, refusing one over ``max_bytes`` before reading it.

    Args:
        path: the file.
        max_bytes: the size limit.
        what: how the message names the input ("text", "HTML").
        hint: what the too-large message adds (e.g. :data:`SPLIT_HINT`).

    Raises:
        IngestError: the file is missing, a folder, unreadable or too large.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            # Refuse before reading: a multi-gigabyte file must not be loaded to be rejected.
            raise IngestError(f"{what} too large: {size:,} bytes, over the limit of {max_bytes:,} bytes{hint}")
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError("no such file") from None
    except IsADirectoryError:
        raise IngestError("is a directory, not a file") from None
    except OSError as err:
        raise IngestError(f"cannot read the file: {err.strerror or err}") from None


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 strictly, keeping every character (a BOM and ``\\r\\n`` included).

    Raises:
        IngestError: the bytes are not UTF-8, with the offending byte and its offset.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        byte = data[err.start]
        raise IngestError(
            f"not UTF-8 text: {err.reason}, byte 0x{byte:02x} at offset {err.start}; "
            "convert it with iconv (e.g. iconv -f latin1 -t utf-8 IN > OUT)"
        ) from None


_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_published(value: object) -> _dt.date | None:
    """Read a publication date given as ``YYYY-MM-DD`` or as an ISO 8601 date-time.

    A date-time keeps its own calendar date (no conversion to UTC: the date printed on the
    article is the one that matters for "on Wednesday").

    Args:
        value: a string, a ``date``/``datetime`` or ``None``.

    Returns:
        The date, or ``None`` for ``None`` and the empty string.

    Raises:
        IngestError: the value is not a date in one of those forms.
    """
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        raise IngestError(f"bad publication date {value!r}: expected a string YYYY-MM-DD")
    text = value.strip()
    try:
        if len(text) == 10 and _ISO_DATE_RE.fullmatch(text):
            return _dt.date.fromisoformat(text)
        if _ISO_DATE_RE.match(text):
            return _dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    raise IngestError(f"bad publication date {value!r}: expected YYYY-MM-DD or an ISO 8601 date-time")


def stable_id(prefix: str, key: str, length: int = 16) -> str:
    """A short id that is the same for the same key on every run (``prefix-<sha1 hex>``)."""
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:length]}"
