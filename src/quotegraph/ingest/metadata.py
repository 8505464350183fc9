r"""Article metadata a plain text does not carry: a headline read off its first line, and a
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

A file-name pattern (``--name-pattern``) reads the same fields off each file's name, for folders
named like ``2019-03-05_guardian_harbour-council-delays.txt``: a template such as
``{published}_{outlet}_{title}`` (each ``{field}`` stands for any run of characters; the rest must
appear as written) or a regular expression with named groups (``(?P<published>\d{8})-.*``),
matched against the whole file name without its extension. Dates may be written ``YYYY-MM-DD``,
``YYYY_MM_DD`` or ``YYYYMMDD``; hyphens and underscores of a title become spaces. A file whose
name does not match, or whose date is no date, keeps what it has (nothing is skipped). A
sidecar row wins over the pattern, and the pattern over the input's own fields.
"""

from __future__ import annotations

import csv
import functools
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

__all__ = ["Sidecar", "compile_name_pattern", "fields_from_name", "first_words", "headline", "read_sidecar"]

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


#: Fields a file-name pattern may name, and the article field each fills.
PATTERN_FIELDS = {"title": "title", "published": "published", "date": "published", "outlet": "source",
                  "source": "source", "url": "url"}
_TEMPLATE_FIELD = re.compile(r"\{(\w*)\}")
_COMPACT_DATE = re.compile(r"(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})")


@functools.lru_cache(maxsize=16)
def compile_name_pattern(pattern: str) -> re.Pattern[str]:
    """The regular expression of a file-name pattern (a template or a regex, see the module).

    Raises:
        IngestError: the pattern names no field or an unknown one, names one twice, or is not
            a valid regular expression.
    """
    if "(?P<" in pattern:
        try:
            regex = re.compile(pattern)
        except re.error as err:
            raise IngestError(f"the name pattern is not a valid regular expression: {err}") from None
        names = list(regex.groupindex)
    else:
        names = _TEMPLATE_FIELD.findall(pattern)
        parts = _TEMPLATE_FIELD.split(pattern)
        # split() alternates literal text and field names: literals escaped, fields lazy groups.
        source = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        if len(set(names)) != len(names):
            raise IngestError(f"the name pattern names a field twice: {pattern!r}")
        try:
            regex = re.compile(source)
        except re.error as err:  # an empty or non-identifier name: "{}" or "{2}"
            raise IngestError(f"the name pattern {pattern!r} has a bad field: {err}") from None
    unknown = [n for n in names if n not in PATTERN_FIELDS]
    if unknown or not names:
        raise IngestError(f"the name pattern must name some of {', '.join(sorted(PATTERN_FIELDS))} "
                          f"(as {{field}} or (?P<field>...)); it names {', '.join(unknown) or 'none'}")
    return regex


def fields_from_name(pattern: str, path: str | os.PathLike[str]) -> dict[str, Any]:
    """The fields a file-name pattern reads off ``path``'s name (without its extension); empty
    when the name does not match. ``published`` is ``YYYY-MM-DD`` (left out when no date)."""
    regex = compile_name_pattern(pattern)
    name = Path(path).name
    stem = name.split(".", 1)[0] if not name.startswith(".") else name
    match = regex.fullmatch(stem) or regex.fullmatch(Path(path).stem)
    if match is None:
        return {}
    out: dict[str, Any] = {}
    for group, value in match.groupdict().items():
        value = (value or "").strip()
        if not value:
            continue
        target = PATTERN_FIELDS[group]
        if target == "published":
            compact = _COMPACT_DATE.fullmatch(value)
            try:
                day = parse_published(f"{compact[1]}-{compact[2]}-{compact[3]}" if compact else value)
            except IngestError:
                continue
            if day is not None:
                out["published"] = day.isoformat()
        elif target == "title":
            out["title"] = " ".join(re.split(r"[-_\s]+", value)).strip()
        else:
            out[target] = value
    return out


@dataclass(slots=True)
class Sidecar:
    """The rows of a metadata sidecar, looked up by file path, article id or file name.

    Attributes:
        rows: one dict per row: ``key`` (the path or id as written), ``abs`` (the path made
            absolute, for ``path`` rows) and the fields (``title``, ``published`` as
            ``YYYY-MM-DD``, ``source``, ``url``).
        pattern: a file-name pattern (see the module) read before the rows, or ``None``.
    """

    rows: list[dict[str, Any]] = field(default_factory=list)
    pattern: str | None = None

    def __bool__(self) -> bool:
        return bool(self.rows) or self.pattern is not None

    def to_list(self) -> list[dict[str, Any]]:
        """The rows (and the pattern, as a last ``{"pattern": ...}`` entry) as plain JSON data (a
        run's plan carries them to its workers)."""
        out = [dict(r) for r in self.rows]
        if self.pattern is not None:
            out.append({"pattern": self.pattern})
        return out

    @classmethod
    def from_list(cls, rows: list[dict[str, Any]] | None) -> Sidecar:
        """The sidecar :meth:`to_list` gave."""
        pattern = next((r["pattern"] for r in rows or [] if "pattern" in r), None)
        return cls([dict(r) for r in rows or [] if "pattern" not in r], pattern)

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
        """Give ``article`` the fields its file name gives by :attr:`pattern`, then those of its
        row (non-empty ones win); whether anything applied."""
        named = fields_from_name(self.pattern, path) if self.pattern is not None and path is not None else {}
        row = self.find(article.id, path)
        if row is None and not named:
            return False
        row = {**named, **{k: v for k, v in (row or {}).items() if v}}
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
