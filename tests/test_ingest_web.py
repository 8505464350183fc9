"""URLs and RSS/Atom feeds, against a local HTTP server on 127.0.0.1 (never another address)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from quotegraph.ingest import Skipped, parse_feed, read_inputs, read_url, url_article_id
from quotegraph.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/story1.html": (200, "text/html; charset=utf-8", (FIXTURES / "article.html").read_bytes()),
    "/undated.html": (200, "text/html", (FIXTURES / "undated.html").read_bytes()),
    "/nav.html": (200, "text/html", (FIXTURES / "no_article.html").read_bytes()),
    "/feed.rss": (200, "application/rss+xml", (FIXTURES / "feed_rss.xml").read_bytes()),
    "/feed.atom": (200, "application/atom+xml; charset=utf-8", (FIXTURES / "feed_atom.xml").read_bytes()),
    "/feed.xml": (200, "text/xml", (FIXTURES / "feed_rss.xml").read_bytes()),
    "/broken.rss": (200, "application/rss+xml", b"<rss><channel><item>"),
    "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
    "/error": (500, "text/plain", b"boom"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/story1.html")
            self.end_headers()
            return
        status, content_type, body = ROUTES.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_ingest_web_article_page(server: str) -> None:
    url = f"{server}/story1.html"
    [article] = list(read_url(url))
    assert isinstance(article, Article)
    assert article.url == url
    assert article.id == url_article_id(url)
    assert article.title == "Port authority approves expansion"
    assert article.published == dt.date(2025, 3, 12)
    assert "chairman Idris Okafor said" in article.text


def test_ingest_web_redirect_is_followed(server: str) -> None:
    [article] = list(read_url(f"{server}/moved"))
    assert isinstance(article, Article)
    assert "Idris Okafor" in article.text


@pytest.mark.parametrize("path", ["/feed.rss", "/feed.xml"])
def test_ingest_web_rss_feed_entries(server: str, path: str) -> None:
    results = list(read_url(f"{server}{path}", published=dt.date(2000, 1, 1)))
    assert len(results) == 2
    article, missing = results
    assert isinstance(article, Article) and article.url == f"{server}/story1.html"
    assert article.published == dt.date(2025, 3, 12)  # the page's own date wins over pubDate
    assert isinstance(missing, Skipped)
    assert missing.origin == f"{server}/missing.html"
    assert "HTTP 404" in missing.reason


def test_ingest_web_atom_feed_dates(server: str) -> None:
    results = list(read_url(f"{server}/feed.atom", published=dt.date(2000, 1, 1)))
    assert [type(r).__name__ for r in results] == ["Article", "Article"]
    assert results[0].published == dt.date(2025, 3, 12)
    assert results[1].url == f"{server}/undated.html"
    assert results[1].published == dt.date(2000, 1, 1)  # no page date, no entry date: the fallback


def test_ingest_web_feed_entry_date_is_the_fallback() -> None:
    rss = (FIXTURES / "feed_rss.xml").read_bytes()
    entries = parse_feed(rss, "http://127.0.0.1:8000/feeds/rss")
    assert entries is not None
    assert [e.url for e in entries] == ["http://127.0.0.1:8000/story1.html", "http://127.0.0.1:8000/missing.html"]
    assert entries[0].published == dt.date(2025, 3, 11)
    assert entries[1].published is None
    assert parse_feed(b"<html><body>not a feed</body></html>", "http://127.0.0.1/") is None


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/error", "HTTP 500"),
        ("/nothing-here", "HTTP 404"),
        ("/logo.png", "not HTML or a feed: content type 'image/png'"),
        ("/nav.html", "no article text"),
        ("/broken.rss", "not well-formed RSS or Atom"),
    ],
)
def test_ingest_web_failures_are_skips(server: str, path: str, reason: str) -> None:
    results = list(read_url(f"{server}{path}"))
    assert len(results) == 1 and isinstance(results[0], Skipped)
    assert results[0].origin == f"{server}{path}"
    assert reason in results[0].reason


def test_ingest_web_timeout_is_a_skip(server: str) -> None:
    started = time.monotonic()
    [result] = list(read_url(f"{server}/slow", timeout=0.3))
    assert isinstance(result, Skipped)
    assert "timed out" in result.reason
    assert time.monotonic() - started < 1.4


def test_ingest_web_connection_refused_is_a_skip() -> None:
    # A port nothing listens on: bind one, note it, close it.
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    [result] = list(read_inputs([f"http://127.0.0.1:{port}/story.html"]))
    assert isinstance(result, Skipped)
    assert "could not connect" in result.reason


def test_ingest_web_rss1_rdf_feed() -> None:
    rdf = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://127.0.0.1/"><title>t</title></channel>
<item rdf:about="http://127.0.0.1/a.html"><title>A</title><link>http://127.0.0.1/a.html</link>
<dc:date>2025-03-01T10:00:00Z</dc:date></item>
</rdf:RDF>"""
    [entry] = parse_feed(rdf, "http://127.0.0.1/feed") or []
    assert (entry.url, entry.title, entry.published) == ("http://127.0.0.1/a.html", "A", dt.date(2025, 3, 1))
