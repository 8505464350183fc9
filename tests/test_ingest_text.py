"""Plain-text files: the text exactly as read, and one clear reason for each kind of bad file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quotegraph.errors import IngestError
from quotegraph.ingest import MAX_TEXT_BYTES, Skipped, article_from_text, read_inputs, read_text_file

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_ingest_text_keeps_crlf_and_offsets() -> None:
    raw = (FIXTURES / "crlf_article.txt").read_bytes()
    assert b"\r\n" in raw
    article = read_text_file(FIXTURES / "crlf_article.txt", published=dt.date(2025, 1, 10))
    assert article.text == raw.decode("utf-8")
    assert article.id == "crlf_article"
    assert article.published == dt.date(2025, 1, 10)
    start = article.text.index("Mayor Tom Reyes")
    assert raw.decode("utf-8")[start : start + 15] == "Mayor Tom Reyes"


def test_ingest_text_keeps_bom_and_surrounding_whitespace(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff  Leading spaces.\n\n".encode())
    assert read_text_file(path).text == "\ufeff  Leading spaces.\n\n"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n  ", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        (bytes(range(1, 9)) * 50, "binary file"),
        (b"Caf\xe9 owner said business was slow.", "not UTF-8 text"),
        ("Hello".encode("utf-16"), "UTF-16"),
    ],
    ids=["empty", "whitespace", "png", "control-bytes", "latin1", "utf16"],
)
def test_ingest_text_bad_file_gives_clear_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=reason):
        read_text_file(path)


def test_ingest_text_non_utf8_names_byte_offset_and_iconv(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Caf\xe9 owner said business was slow.")
    with pytest.raises(IngestError) as err:
        read_text_file(path)
    message = str(err.value)
    assert "byte 0xe9 at offset 3" in message
    assert "iconv" in message


def test_ingest_text_five_megabytes_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"The senator said the bill would pass. " * (5_000_000 // 38 + 1))
    assert path.stat().st_size > 5_000_000
    with pytest.raises(IngestError, match=r"too large: 5,000,\d{3} bytes, over the limit of 2,000,000 bytes"):
        read_text_file(path)
    # A higher limit reads it.
    assert len(read_text_file(path, max_bytes=6_000_000).text) > 5_000_000


def test_ingest_text_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        read_text_file(tmp_path / "absent.txt")


@pytest.mark.parametrize(
    ("text", "reason"),
    [("   \n ", "empty text"), ("x" * (MAX_TEXT_BYTES + 1), "too large")],
)
def test_ingest_text_in_memory_checks(text: str, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        article_from_text(text, id="a")


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"\x00\x01\x02binary", "binary"), (b"\xff\xfe\xfa", "UTF-16")],
)
def test_ingest_text_read_inputs_skips_instead_of_raising(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    results = list(read_inputs([path]))
    assert len(results) == 1
    assert isinstance(results[0], Skipped)
    assert results[0].origin == str(path)
    assert reason in results[0].reason
