"""JSONL: one article a line; a bad line is a skip with its line number, the others load."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from quotegraph.errors import IngestError
from quotegraph.ingest import Skipped, article_from_record, parse_published, read_jsonl
from quotegraph.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_ingest_jsonl_fixture_loads_good_lines_and_skips_bad_ones() -> None:
    path = FIXTURES / "articles.jsonl"
    results = list(read_jsonl(path, published=dt.date(2000, 1, 1)))
    articles = [r for r in results if isinstance(r, Article)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [a.id for a in articles] == ["j1", "j2", "j7"]
    j1, j2, j7 = articles
    assert (j1.title, j1.url, j1.source, j1.published) == (
        "Strike goes ahead",
        "https://news.example/j1",
        "Example News",
        dt.date(2025, 2, 3),
    )
    assert j1.text == "The union said on Monday that the strike would go ahead."
    assert j2.published == dt.date(2025, 2, 4)
    assert j7.published == dt.date(2025, 2, 6)
    assert "ticket prices would rise" in j7.text
    reasons = {s.origin.rsplit(":", 1)[1]: s.reason for s in skipped}
    assert set(reasons) == {"4", "5", "6", "7", "9"}
    assert reasons["4"].startswith("invalid JSON")
    assert "missing 'text'" in reasons["5"]
    assert "bad publication date 'last Tuesday'" in reasons["6"]
    assert "missing 'id'" in reasons["7"]
    assert "duplicate id 'j1'" in reasons["9"]
    assert all(s.origin.startswith(str(path) + ":") for s in skipped)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ([1, 2], "expected a JSON object"),
        ({"id": "", "text": "x"}, "missing 'id'"),
        ({"id": True, "text": "x"}, "missing 'id'"),
        ({"id": "a", "text": 5}, "'text' must be a string"),
        ({"id": "a", "text": "x", "title": 3}, "'title' must be a string"),
        ({"id": "a", "text": "   "}, "empty text"),
        ({"id": "a", "text": "x", "published": "2025-13-01"}, "bad publication date"),
        ({"id": "a", "html": "<html><body><nav>Home</nav></body></html>"}, "no article text"),
    ],
)
def test_ingest_jsonl_bad_records(record: object, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        article_from_record(record)


def test_ingest_jsonl_integer_id_and_fallback_date() -> None:
    article = article_from_record({"id": 17, "text": "Text."}, published=dt.date(2024, 5, 6))
    assert article.id == "17"
    assert article.published == dt.date(2024, 5, 6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-07-18", dt.date(2024, 7, 18)),
        ("2024-07-18T23:30:00", dt.date(2024, 7, 18)),
        ("2024-07-18T23:30:00Z", dt.date(2024, 7, 18)),
        ("2024-07-18T23:30:00-05:00", dt.date(2024, 7, 18)),
        (None, None),
        ("", None),
    ],
)
def test_ingest_jsonl_published_forms(value: str | None, expected: dt.date | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["18/07/2024", "July 18, 2024", "2024-7-18", 20240718])
def test_ingest_jsonl_published_bad_forms(value: object) -> None:
    with pytest.raises(IngestError, match="bad publication date"):
        parse_published(value)


def test_ingest_jsonl_non_utf8_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok", "text": "Fine."}).encode()
    path.write_bytes(good + b"\n" + b'{"id": "bad", "text": "caf\xe9"}\n' + good.replace(b"ok", b"ok2") + b"\n")
    results = list(read_jsonl(path))
    assert [type(r).__name__ for r in results] == ["Article", "Skipped", "Article"]
    assert results[1].origin == f"{path}:2"
    assert "not UTF-8" in results[1].reason


def test_ingest_jsonl_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    assert list(read_jsonl(path)) == [Skipped(str(path), "empty file: there are no JSONL lines to read")]
