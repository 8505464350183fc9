"""WARC and WARC.gz written here with warcio: HTML articles in, other records out with reasons."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quotegraph.ingest import Skipped, read_inputs, read_warc
from quotegraph.models import Article


def _page(body: str, date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (
        f"<html><head><meta charset='utf-8'><title>Story</title>{meta}</head><body><article>"
        f"<p>{body}</p></article></body></html>"
    ).encode()


DATED = _page("The transport minister said on Monday that the new rail line would open in the autumn, two years late.", "2025-04-02")
UNDATED = _page("Officials said the museum would close for repairs next month, and that the collection would travel abroad.")


def _record(writer: WARCWriter, url: str, payload: bytes, content_type: str, status: str = "200 OK",
            warc_date: str = "2025-05-01T12:00:00Z", truncated: str | None = None):
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    headers = {"WARC-Date": warc_date}
    if truncated:
        headers["WARC-Truncated"] = truncated
    return writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http,
                                     warc_headers_dict=headers)


def _write_warc(path: Path, gzip: bool, *, cut_last: int = 0) -> list[int]:
    """Two HTML articles, a PNG, a 404, a request record, a crawler-truncated record and a last
    HTML record that ``cut_last`` bytes are cut from (the file ends inside it)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "quotegraph tests"}))
    writer.write_record(_record(writer, "https://news.example/dated", DATED, "text/html; charset=utf-8"))
    writer.write_record(_record(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"))
    writer.write_record(_record(writer, "https://news.example/undated", UNDATED, "text/html"))
    writer.write_record(_record(writer, "https://news.example/gone", b"<html>gone</html>", "text/html", "404 Not Found"))
    writer.write_record(writer.create_warc_record("https://news.example/dated", "request",
                                                  payload=io.BytesIO(b"GET /dated HTTP/1.1\r\n\r\n")))
    writer.write_record(_record(writer, "https://news.example/cut", DATED, "text/html", truncated="length"))
    last_start = buf.tell()
    writer.write_record(_record(writer, "https://news.example/last", UNDATED, "text/html"))
    data = buf.getvalue()
    path.write_bytes(data[: len(data) - cut_last] if cut_last else data)
    return [last_start, len(data)]


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_ingest_warc_articles_and_reasons(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    _write_warc(path, gzip)
    results = list(read_warc(path, published=dt.date(1999, 1, 1)))
    articles = [r for r in results if isinstance(r, Article)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [a.url for a in articles] == ["https://news.example/dated", "https://news.example/undated", "https://news.example/last"]
    dated, undated, _ = articles
    assert dated.published == dt.date(2025, 4, 2)  # the page's metadata wins
    assert undated.published == dt.date(2025, 5, 1)  # WARC-Date as the fallback
    assert "rail line would open in the autumn" in dated.text
    assert all(a.id.startswith("warc-") for a in articles)
    assert len({a.id for a in articles}) == 3
    reasons = [s.reason for s in skipped]
    assert len(reasons) == 3
    assert "not HTML: content type 'image/png'" in reasons[0]
    assert "HTTP status 404" in reasons[1]
    assert "truncated by the crawler (WARC-Truncated: length)" in reasons[2]
    assert all(s.origin.startswith(f"{path}#<urn:uuid:") for s in skipped)


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("cut", [12, 40, 200, 400], ids=lambda c: f"cut{c}")
def test_ingest_warc_file_ending_inside_a_record(tmp_path: Path, gzip: bool, cut: int) -> None:
    path = tmp_path / "cut.warc"
    _write_warc(path, gzip, cut_last=cut + 4)  # +4: past the record's trailing blank lines
    results = list(read_warc(path))
    articles = [r for r in results if isinstance(r, Article)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [a.url for a in articles] == ["https://news.example/dated", "https://news.example/undated"]
    assert len(skipped) == 4
    assert "truncated" in skipped[-1].reason


def test_ingest_warc_ids_are_stable(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path, True)
    first = [r.id for r in read_warc(path) if isinstance(r, Article)]
    second = [r.id for r in read_warc(path) if isinstance(r, Article)]
    assert first == second


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"this is not a WARC file at all\n" * 5, "WARC")],
)
def test_ingest_warc_not_a_warc(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(content)
    results = list(read_inputs([path]))
    assert len(results) == 1 and isinstance(results[0], Skipped)
    assert reason in results[0].reason


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_ingest_warc_bytes_lost_mid_file_never_crash(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / "damaged.warc"
    _write_warc(path, gzip)
    data = path.read_bytes()
    middle = len(data) // 2
    path.write_bytes(data[:middle] + data[middle + 50 :])
    results = list(read_warc(path))
    assert results, "a damaged file still reports something"
    assert all(isinstance(r, (Article, Skipped)) for r in results)
    assert results[0].url == "https://news.example/dated"  # the records before the damage load
    assert any(isinstance(r, Skipped) for r in results)
