"""Extraction of a posted article, for ``POST /api/articles``, ``/api/extract`` and the paste page:
checks of the posted text, the article it makes, one extraction at a time, and its storage."""

from __future__ import annotations

import datetime as dt
import threading

from quotegraph.errors import IngestError
from quotegraph.models import Article, ExtractionResult
from quotegraph.store import Store, dedup

# spaCy pipelines are not documented as thread-safe; extraction requests queue on this lock.
_EXTRACT_LOCK = threading.Lock()


def check_text(text: str, what: str = "text") -> None:
    """Refuse text the store could not keep exactly as given.

    Raises:
        IngestError: the text holds NUL characters or unpaired surrogates.
    """
    if "\x00" in text:
        raise IngestError(f"the {what} holds NUL characters; send plain text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise IngestError(f"the {what} holds unpaired surrogate characters; send valid UTF-8 text") from None


def make_article(
    *,
    text: str | None = None,
    html: str | None = None,
    published: dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
) -> Article:
    """An article from posted ``text`` or ``html`` (exactly one of them).

    Raises:
        IngestError: neither or both were given, or the text is empty, too large or unreadable.
    """
    from quotegraph.ingest.base import stable_id
    from quotegraph.ingest.html import article_from_html
    from quotegraph.ingest.text import article_from_text

    if (text is None) == (html is None):
        raise IngestError("send exactly one of 'text' and 'html'")
    for value, what in ((text, "text"), (html, "html"), (title, "title"), (url, "url"), (source, "source")):
        if value is not None:
            check_text(value, what)
    body = text if text is not None else html
    art_id = stable_id("api", url or body or "")
    if text is not None:
        return article_from_text(text, id=art_id, published=published, title=title or None,
                                 url=url or None, source=source or None)
    art = article_from_html(html or "", id=art_id, url=url or None, published=published,
                            source=source or None)
    if title:
        art.title = title
    return art


def extract(article: Article) -> ExtractionResult:
    """Run the extractor on one article (one request at a time)."""
    from quotegraph import get_extractor

    with _EXTRACT_LOCK:
        return get_extractor().extract(article)


def store_result(store: Store, result: ExtractionResult) -> tuple[str, bool]:
    """Store an extraction; ``(stored article id, whether it is new)``."""
    created = store.add(result)
    art = result.article
    found = store.find_article_id(art.url, art.text)
    return (found or dedup.article_id(dedup.content_hash(art.text))), created
