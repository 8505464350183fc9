"""HTML articles: trafilatura finds the article text, its title and its publication date.

Extraction is offline and deterministic: trafilatura is given the markup only (never a URL to
fetch), comments and tables are left out, and the date search reads the page's metadata and
markup without the "extensive" guessing from free text. For HTML, offsets index the extracted
text (``Article.text``), not the markup.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from quotegraph.errors import IngestError
from quotegraph.ingest.base import (
    MAX_HTML_BYTES,
    MAX_TEXT_BYTES,
    check_text_bytes,
    parse_published,
    read_file_bytes,
)
from quotegraph.models import Article

__all__ = ["MIN_ARTICLE_WORDS", "article_from_html", "decode_html", "read_html_file"]

#: An extraction with fewer words than this is navigation or boilerplate, not an article.
MIN_ARTICLE_WORDS = 10

_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode an HTML page: the declared charset (HTTP header, then ``<meta>``), else UTF-8, else a guess.

    Args:
        data: the page's bytes.
        charset: the charset of the HTTP ``Content-Type`` header, if any.

    Returns:
        The markup as a string (undecodable bytes replaced as a last resort: offsets index the
        extracted text, not the markup, so a replaced byte costs one character at most).
    """
    declared = [charset] if charset else []
    meta = _META_CHARSET_RE.search(data[:4096])
    if meta:
        declared.append(meta.group(1).decode("ascii", "ignore"))
    for encoding in [*declared, "utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    from trafilatura.utils import decode_file

    return decode_file(data)


def article_from_html(
    html: str,
    *,
    id: str,
    url: str | None = None,
    published: _dt.date | None = None,
    source: str | None = None,
    max_bytes: int = MAX_TEXT_BYTES,
) -> Article:
    """Extract the article of an HTML page.

    Args:
        html: the page's markup.
        id: the article id.
        url: where the page was published (kept as ``Article.url``; never fetched).
        published: the publication date to use when the page's metadata gives none.
        source: the outlet; the page's site name when not given.
        max_bytes: the size limit of the extracted text.

    Returns:
        The article: trafilatura's text (one paragraph a line), title and date.

    Raises:
        IngestError: the page holds no article text (fewer than ``MIN_ARTICLE_WORDS`` words), or
            its text is too large.
    """
    import trafilatura  # heavy import (lxml, htmldate, courlan): only when HTML is read

    if not html.strip():
        raise IngestError("empty HTML: there is no page to read")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as err:  # noqa: BLE001 -- trafilatura/lxml raise many kinds on broken markup
        raise IngestError(f"HTML could not be parsed: {type(err).__name__}: {err}") from None
    text = (doc.text or "") if doc is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise IngestError(
            "no article text found in the HTML (only navigation or boilerplate); "
            "give the page of a single article, or its text as a .txt file"
        )
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise IngestError(f"article text too large: {size:,} bytes, over the limit of {max_bytes:,} bytes")
    meta_date: _dt.date | None = None
    if doc.date:
        try:
            meta_date = parse_published(doc.date)
        except IngestError:
            meta_date = None  # an unreadable date in the markup is as good as none
    return Article(
        id=id,
        text=text,
        title=doc.title or None,
        published=meta_date or published,
        url=url or doc.url or None,
        source=source or doc.sitename or None,
    )


def read_html_file(
    path: str | Path,
    published: _dt.date | None = None,
    *,
    id: str | None = None,
    max_bytes: int = MAX_HTML_BYTES,
) -> Article:
    """Read an HTML file as one article.

    Args:
        path: the file.
        published: the publication date to use when the page's metadata gives none.
        id: the article id; the file name without its extension by default.
        max_bytes: the size limit of the file (default 20 MB).

    Returns:
        The article.

    Raises:
        IngestError: the file cannot be read, is empty, binary, too large, or holds no article.
    """
    path = Path(path)
    data = read_file_bytes(path, max_bytes=max_bytes, what="HTML")
    check_text_bytes(data, max_bytes=max_bytes, what="HTML")
    return article_from_html(decode_html(data), id=id if id is not None else path.stem, published=published)
