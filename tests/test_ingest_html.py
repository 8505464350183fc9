"""HTML pages: trafilatura's text, title and date; the metadata date wins over the fallback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quotegraph.errors import IngestError
from quotegraph.ingest import Skipped, article_from_html, read_html_file, read_inputs

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_ingest_html_title_date_and_text() -> None:
    article = read_html_file(FIXTURES / "article.html")
    assert article.id == "article"
    assert article.title == "Port authority approves expansion"
    assert article.published == dt.date(2025, 3, 12)
    assert article.source == "The Coastal Ledger"
    assert "“This is a good day for everyone who works on the docks,” chairman Idris Okafor said" in article.text
    assert "Home" not in article.text  # navigation is not article text
    assert "Copyright" not in article.text
    # One paragraph a line.
    assert any(line.startswith("Residents of the harbour district") for line in article.text.split("\n"))


@pytest.mark.parametrize(
    ("name", "fallback", "expected"),
    [
        ("article.html", dt.date(2020, 1, 1), dt.date(2025, 3, 12)),  # metadata wins
        ("undated.html", dt.date(2024, 6, 1), dt.date(2024, 6, 1)),  # fallback used
        ("undated.html", None, None),
    ],
)
def test_ingest_html_published_fallback(name: str, fallback: dt.date | None, expected: dt.date | None) -> None:
    assert read_html_file(FIXTURES / name, published=fallback).published == expected


def test_ingest_html_is_deterministic() -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    first = article_from_html(html, id="x", url="https://news.example/port")
    second = article_from_html(html, id="x", url="https://news.example/port")
    assert first == second
    assert first.url == "https://news.example/port"


@pytest.mark.parametrize(
    "html",
    [
        (FIXTURES / "no_article.html").read_text(encoding="utf-8"),
        "<html><body></body></html>",
        "   ",
        "<<<>>> not markup at all",
    ],
    ids=["navigation-only", "empty-body", "blank", "garbage"],
)
def test_ingest_html_without_article_is_an_error(html: str) -> None:
    with pytest.raises(IngestError, match="no article text|empty HTML"):
        article_from_html(html, id="x")


def test_ingest_html_without_article_is_skipped_by_read_inputs() -> None:
    results = list(read_inputs([FIXTURES / "no_article.html"]))
    assert len(results) == 1 and isinstance(results[0], Skipped)
    assert "no article text" in results[0].reason


def test_ingest_html_latin1_page_with_meta_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head><body><article>'
        "<p>The caf\xe9 owner said on Monday that business had never been better, and that she would "
        "hire three more people before the summer.</p></article></body></html>"
    )
    path = tmp_path / "latin1.html"
    path.write_bytes(page.encode("latin-1"))
    assert "café owner said" in read_html_file(path).text
