"""URLs and RSS/Atom feeds, for users with network access.

A URL that answers with an HTML page is one article; one that answers with an RSS or Atom feed
yields the article of every entry's link (the entry's date is the fallback publication date when
the page's metadata gives none). Fetching uses httpx with a timeout, a size limit and redirects
followed; every failure (no connection, timeout, HTTP error, not HTML) becomes a
:class:`Skipped` with its reason. Article ids are a hash of the URL, so the same URL gives the
same id on every run.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from quotegraph.errors import IngestError
from quotegraph.ingest.base import MAX_HTML_BYTES, MAX_TEXT_BYTES, Skipped, parse_published, stable_id
from quotegraph.ingest.html import article_from_html, decode_html
from quotegraph.models import Article

__all__ = [
    "DEFAULT_TIMEOUT",
    "FeedEntry",
    "fetch",
    "is_url",
    "parse_feed",
    "read_url",
    "url_article_id",
]

#: Seconds to wait for a server (connect, and between bytes of the answer).
DEFAULT_TIMEOUT = 20.0
_USER_AGENT = "quotegraph/0.1 (+https://github.com/quotegraph/quotegraph)"
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_XML_TYPES = ("application/xml", "text/xml")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_ATOM = "{http://www.w3.org/2005/Atom}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed: the article's link, and the entry's title and date if given."""

    url: str
    title: str | None = None
    published: _dt.date | None = None


def is_url(value: str) -> bool:
    """Whether an input names an http(s) URL rather than a path."""
    return value.startswith(("http://", "https://"))


def url_article_id(url: str) -> str:
    """The stable article id of a URL (``url-`` and 16 hex digits of its SHA-1)."""
    return stable_id("url", url)


def fetch(
    url: str,
    *,
    client: httpx.Client,
    max_bytes: int = MAX_HTML_BYTES,
) -> tuple[bytes, str, str]:
    """Fetch a URL.

    Args:
        url: the http(s) URL.
        client: the httpx client (it carries the timeout and the redirect policy).
        max_bytes: the largest answer accepted; the download stops beyond it.

    Returns:
        The body, its media type (lower case, without parameters) and the full Content-Type.

    Raises:
        IngestError: the server cannot be reached, times out, answers with an HTTP error, or sends
            more than ``max_bytes``.
    """
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise IngestError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise IngestError(f"answer too large: over the limit of {max_bytes:,} bytes")
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "")
    except httpx.TimeoutException:
        seconds = client.timeout.read or DEFAULT_TIMEOUT
        raise IngestError(f"timed out after {seconds:g} s; try again later") from None
    except httpx.TooManyRedirects:
        raise IngestError("too many redirects") from None
    except httpx.ConnectError as err:
        raise IngestError(f"could not connect ({err}); check the address and your network") from None
    except httpx.HTTPError as err:
        raise IngestError(f"download failed ({type(err).__name__}: {err})") from None
    media_type = content_type.split(";", 1)[0].strip().lower()
    return b"".join(chunks), media_type, content_type


def _text(element: object | None) -> str | None:
    if element is None:
        return None
    value = (element.text or "").strip()  # type: ignore[attr-defined]
    return value or None


def _feed_date(value: str | None) -> _dt.date | None:
    """RSS dates are RFC 822 ("Tue, 11 Mar 2025 08:00:00 GMT"), Atom's are ISO 8601."""
    if not value:
        return None
    try:
        return parse_published(value)
    except IngestError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def parse_feed(data: bytes, base_url: str) -> list[FeedEntry] | None:
    """Read the entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed.

    Args:
        data: the document's bytes.
        base_url: the feed's URL, against which relative links are resolved.

    Returns:
        The entries that have a link, in document order; ``None`` when the document is not a
        feed (not XML, or another root element).
    """
    from lxml import etree

    # No entities, no network, no DTDs: a feed is untrusted input.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return None
    tag = etree.QName(root).localname.lower()
    entries: list[FeedEntry] = []
    if tag == "feed":  # Atom
        for entry in root.iter(f"{_ATOM}entry"):
            link = None
            for candidate in entry.findall(f"{_ATOM}link"):
                if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                    link = candidate.get("href")
                    break
            if link:
                date = _text(entry.find(f"{_ATOM}published")) or _text(entry.find(f"{_ATOM}updated"))
                title = _text(entry.find(f"{_ATOM}title"))
                entries.append(FeedEntry(urljoin(base_url, link), title, _feed_date(date)))
        return entries
    if tag in ("rss", "rdf"):
        for item in root.iter():
            if not isinstance(item.tag, str) or etree.QName(item).localname != "item":
                continue
            fields = {etree.QName(child).localname: child for child in item if isinstance(child.tag, str)}
            link = _text(fields.get("link")) or item.get(f"{_RDF}about")
            if link:
                date = _text(fields.get("pubDate")) or _text(fields.get("date"))
                title = _text(fields.get("title"))
                entries.append(FeedEntry(urljoin(base_url, link.strip()), title, _feed_date(date)))
        return entries
    return None


def _page_article(
    data: bytes,
    content_type: str,
    url: str,
    published: _dt.date | None,
    max_bytes: int,
) -> Article:
    charset = _CHARSET_RE.search(content_type)
    return article_from_html(
        decode_html(data, charset.group(1) if charset else None),
        id=url_article_id(url),
        url=url,
        published=published,
        max_bytes=max_bytes,
    )


def read_url(
    url: str,
    published: _dt.date | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_entries: int | None = None,
    max_bytes: int = MAX_TEXT_BYTES,
    client: httpx.Client | None = None,
) -> Iterator[Article | Skipped]:
    """Read the article at a URL, or every article of the RSS/Atom feed at a URL.

    Args:
        url: the http(s) URL of an article page or a feed.
        published: the publication date when neither the page nor the feed entry gives one.
        timeout: seconds to wait for each server.
        max_entries: read at most this many entries of a feed (all by default).
        max_bytes: the size limit of an article's extracted text.
        client: an httpx client to use (one is made and closed otherwise).

    Yields:
        The article(s), and a :class:`Skipped` for the URL or for each entry that failed.
    """
    own_client = client is None
    if client is None:
        client = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": _USER_AGENT},
        )
    try:
        try:
            data, media_type, content_type = fetch(url, client=client)
        except IngestError as err:
            yield Skipped(url, str(err))
            return
        entries = None
        if media_type in _FEED_TYPES or media_type in _XML_TYPES or data.lstrip()[:5] == b"<?xml":
            entries = parse_feed(data, url)
            if entries is None and media_type in _FEED_TYPES:
                yield Skipped(url, f"the feed ({media_type}) is not well-formed RSS or Atom")
                return
        if entries is not None:
            if not entries:
                yield Skipped(url, "the feed has no entries with a link")
            for entry in entries[:max_entries] if max_entries is not None else entries:
                try:
                    page, entry_type, entry_content_type = fetch(entry.url, client=client)
                    if entry_type not in _HTML_TYPES:
                        raise IngestError(f"not HTML: content type {entry_type or 'missing'!r}")
                    fallback = entry.published or published
                    article = _page_article(page, entry_content_type, entry.url, fallback, max_bytes)
                except IngestError as err:
                    yield Skipped(entry.url, str(err))
                    continue
                if not article.title and entry.title:
                    article.title = entry.title
                yield article
            return
        if media_type not in _HTML_TYPES:
            yield Skipped(url, f"not HTML or a feed: content type {media_type or 'missing'!r}")
            return
        try:
            yield _page_article(data, content_type, url, published, max_bytes)
        except IngestError as err:
            yield Skipped(url, str(err))
    finally:
        if own_client:
            client.close()
