"""Article metadata a plain text does not carry: a headline read off its first line, and a
sidecar table (CSV or TSV) of titles, dates, outlets and URLs.

The headline rule (:func:`headline`): the first line of the text is the headline when it

* is followed by more text (a blank line, then the body, or the body directly);
* holds 1 to 20 words and at most 200 characters (14 words when no blank line follows: without
  that separation a short first sentence must look even more like a title);
* starts with a capital letter, a digit or a quotation mark, not with a lower-case letter (a
  sentence cut by a hard line break) nor with "By " (a byline);
* does not end like a sentence or a clause: no final ``.`` ``,`` ``;`` ``:`` (``?`` and ``!``
  are allowed: "Will rates rise?" is a headline), also before a closing quote or bracket.

The text itself is never changed: the headline stays part of it, and every offset still indexes
the text as given.

A sidecar has a header row naming any of ``path`` (or ``id``), ``title``, ``published``,
``outlet`` (or ``source``) and ``url``; a ``.tsv`` file (or a header holding a tab) is
tab-separated, anything else comma-separated. A row applies to the article read from the file it
names (a path relative to the sidecar's folder, or absolute), else to the article whose id or
file name it gives. Its non-empty fields win over what the input itself says.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotegraph.clean import find_debris
from quotegraph.errors import IngestError
from quotegraph.ingest.base import parse_published
from quotegraph.models import Article

__all__ = ["Sidecar", "first_words", "headline", "read_sidecar"]

_MAX_HEADLINE_WORDS = 20
_MAX_RUN_ON_WORDS = 14
_MAX_HEADLINE_CHARS = 200
_SENTENCE_END = re.compile(r"[.,;:][\"'”’)\]]*$")
_WORDS = re.compile(r"\S+")
_FIRST_WORDS = 10
_FIRST_WORDS_CHARS = 80

#: Header names a sidecar may use, and the field each fills.
COLUMNS = {"path": "path", "id": "id", "title": "title", "published": "published", "date": "published",
           "outlet": "source", "source": "source", "url": "url"}


def headline(text: str) -> str | None:
    """The headline of ``text`` by the rule of the module docstring, or ``None``.

    Args:
        text: an article text, as read.

    Returns:
        The first line, stripped, when it is a headline.
    """
    body = _after_leading_debris(text).lstrip("\ufeff \t\r\n")
    first, newline, rest = body.partition("\n")
    line = first.strip()
    if not newline or not line or not rest.strip():
        return None
    words = _WORDS.findall(line)
    blank_follows = rest.split("\n", 1)[0].strip() == ""
    limit = _MAX_HEADLINE_WORDS if blank_follows else _MAX_RUN_ON_WORDS
    if len(words) > limit or len(line) > _MAX_HEADLINE_CHARS:
        return None
    if line[0].islower() or line.startswith("By ") or _SENTENCE_END.search(line):
        return None
    if not any(c.isalpha() for c in line):
        return None
    return line


def _after_leading_debris(text: str) -> str:
    """``text`` from its first line that is not scraping debris ("ARTICLE AD BOX", "Skip to
    content" …): such a line above the headline is page furniture, not the title."""
    debris = find_debris(text)
    pos = 0
    for span in debris:
        gap = text[pos:span.start]
        if gap.strip("\ufeff \t\r\n"):
            break  # a real line comes before this debris
        line_end = text.find("\n", span.end)
        rest_of_line = text[span.end:line_end if line_end >= 0 else len(text)]
        if rest_of_line.strip():
            break  # a label glued to a real line: that line is the candidate
        pos = span.end
    return text[pos:]


def first_words(text: str, words: int = _FIRST_WORDS, chars: int = _FIRST_WORDS_CHARS) -> str:
    """A title of last resort: the first words of ``text`` (at most ``words`` words and about
    ``chars`` characters, with "…" when cut)."""
    found = _WORDS.findall(text.lstrip("\ufeff"))
    out: list[str] = []
    for w in found[:words]:
        if out and len(" ".join(out)) + 1 + len(w) > chars:
            break
        out.append(w)
    title = " ".join(out)[:chars]
    return title + "…" if len(title) < len(" ".join(found)) else title


@dataclass(slots=True)
class Sidecar:
    """The rows of a metadata sidecar, looked up by file path, article id or file name.

    Attributes:
        rows: one dict per row: ``key`` (the path or id as written), ``abs`` (the path made
            absolute, for ``path`` rows) and the fields (``title``, ``published`` as
            ``YYYY-MM-DD``, ``source``, ``url``).
    """

    rows: list[dict[str, Any]] = field(default_factory=list)

    def to_list(self) -> list[dict[str, Any]]:
        """The rows as plain JSON data (a run's plan carries them to its workers)."""
        return [dict(r) for r in self.rows]

    @classmethod
    def from_list(cls, rows: list[dict[str, Any]] | None) -> Sidecar:
        return cls([dict(r) for r in rows or []])

    def find(self, article_id: str, path: str | os.PathLike[str] | None = None) -> dict[str, Any] | None:
        """The row for the article ``article_id`` read from ``path``: by path, else by id,
        else by file name; ``None`` when no row names it."""
        if path is not None:
            where = os.path.abspath(os.fspath(path))
            for r in self.rows:
                if r.get("abs") == where:
                    return r
        for r in self.rows:
            if r["key"] == article_id:
                return r
        if path is not None:
            name = Path(path).name
            for r in self.rows:
                if r["key"] == name:
                    return r
        return None

    def apply(self, article: Article, path: str | os.PathLike[str] | None = None) -> bool:
        """Give ``article`` the fields of its row (non-empty ones win); whether a row applied."""
        row = self.find(article.id, path)
        if row is None:
            return False
        if row.get("title"):
            article.title = row["title"]
        if row.get("published"):
            article.published = parse_published(row["published"])
        if row.get("source"):
            article.source = row["source"]
        if row.get("url"):
            article.url = row["url"]
        return True


def read_sidecar(path: str | os.PathLike[str]) -> Sidecar:
    """Read a metadata sidecar (CSV or TSV with a header row; see the module docstring).

    Raises:
        IngestError: the file cannot be read, has no ``path``/``id`` column or no field column,
            or a row has a bad date.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise IngestError(f"{path}: cannot read the metadata file: {getattr(err, 'strerror', None) or err}") from None
    header = text.split("\n", 1)[0]
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in header else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    names = {(n or "").strip().lower(): n for n in reader.fieldnames or []}
    known = {COLUMNS[n]: raw for n, raw in names.items() if n in COLUMNS}
    key_column = known.get("path") or known.get("id")
    if key_column is None:
        raise IngestError(f"{path}: the metadata file's header names no 'path' or 'id' column "
                          f"(it has: {', '.join(names) or 'nothing'})")
    if not set(known) - {"path", "id"}:
        raise IngestError(f"{path}: the metadata file names no title, published, outlet or url column")
    rows: list[dict[str, Any]] = []
    for number, record in enumerate(reader, start=2):
        key = (record.get(key_column) or "").strip()
        if not key:
            continue
        row: dict[str, Any] = {"key": key, "abs": None}
        if key_column == known.get("path"):
            row["abs"] = os.path.abspath(key if os.path.isabs(key) else path.parent / key)
        for name in ("title", "source", "url"):
            value = (record.get(known[name]) or "").strip() if name in known else ""
            row[name] = value or None
        raw_date = (record.get(known["published"]) or "").strip() if "published" in known else ""
        try:
            day = parse_published(raw_date) if raw_date else None
        except IngestError as err:
            raise IngestError(f"{path}, line {number}: {err}") from None
        row["published"] = day.isoformat() if day else None
        rows.append(row)
    return Sidecar(rows)
