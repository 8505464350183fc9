"""One entry point for every kind of input: files, directories, JSONL, WARC, URLs and feeds.

``read_inputs`` never raises for a bad input: whatever cannot be read becomes a
:class:`Skipped` with its origin and reason, and the rest of the batch goes on. Article ids are
stable (the same input gives the same id on every run) and unique within a directory: a file's id
is its path relative to the directory given, without the extension (``politics/vote``); if two
files differ only by extension (``vote.txt``, ``vote.html``) both keep their extension in the id.
JSONL lines keep their ``id`` field, WARC records and URLs get ids derived from the record id or
the URL.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from quotegraph.errors import IngestError
from quotegraph.ingest.base import MAX_TEXT_BYTES, Skipped
from quotegraph.ingest.html import read_html_file
from quotegraph.ingest.jsonl import read_jsonl
from quotegraph.ingest.metadata import Sidecar
from quotegraph.ingest.text import read_text_file
from quotegraph.ingest.warc import read_warc
from quotegraph.ingest.web import is_url, read_url
from quotegraph.models import Article

__all__ = ["DIRECTORY_SUFFIXES", "input_kind", "iter_input_files", "read_inputs", "read_path"]

#: File kinds a directory is searched for (a file given by name may have any extension: it is
#: read as plain text unless its extension says otherwise).
DIRECTORY_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".jsonl", ".warc", ".warc.gz")


def input_kind(path: str | Path) -> str:
    """The reader a file name calls for: ``"warc"``, ``"jsonl"``, ``"html"`` or ``"text"``."""
    name = Path(path).name.lower()
    if name.endswith((".warc", ".warc.gz", ".arc.gz")):
        return "warc"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    return "text"


def _suffix_of(name: str) -> str:
    lower = name.lower()
    for suffix in DIRECTORY_SUFFIXES:
        if lower.endswith(suffix):
            return name[len(name) - len(suffix) :]
    return ""


def iter_input_files(directory: str | Path) -> list[Path]:
    """The readable files under a directory, recursively, in sorted order.

    Hidden files and folders (names starting with ".") are left out, and symbolic links to
    folders are not followed (no cycles).

    Args:
        directory: the folder.

    Returns:
        Paths of every file whose name ends with one of :data:`DIRECTORY_SUFFIXES`, sorted by
        their path relative to ``directory`` (so the order is the same on every machine).
    """
    directory = Path(directory)
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and _suffix_of(name):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(directory).as_posix())


def _directory_ids(directory: Path, files: list[Path]) -> dict[Path, str]:
    """Ids for the files of a directory: relative path without extension, unless that collides."""
    stems = {f: f.relative_to(directory).as_posix()[: -len(_suffix_of(f.name)) or None] for f in files}
    counts = Counter(stems.values())
    return {
        f: (stem if counts[stem] == 1 else f.relative_to(directory).as_posix())
        for f, stem in stems.items()
    }


def read_path(
    path: str | Path,
    published: _dt.date | None = None,
    *,
    id: str | None = None,
    max_bytes: int = MAX_TEXT_BYTES,
    metadata: Sidecar | None = None,
) -> Iterator[Article | Skipped]:
    """Read one file by its extension (WARC, JSONL, HTML, else plain text).

    Args:
        path: the file.
        published: the publication date for inputs that carry none.
        id: the article id of a text or HTML file (its name without extension by default).
        max_bytes: the size limit of an article text.
        metadata: a sidecar whose row for an article (by this path, its id or file name) gives
            its title, date, outlet and URL.

    Yields:
        Its article(s), or a :class:`Skipped` for each part that cannot be read.
    """
    path = Path(path)
    if metadata:
        for item in read_path(path, published, id=id, max_bytes=max_bytes):
            if isinstance(item, Article):
                metadata.apply(item, path)
            yield item
        return
    kind = input_kind(path)
    if kind == "warc":
        yield from read_warc(path, published, max_bytes=max_bytes)
        return
    if kind == "jsonl":
        yield from read_jsonl(path, published, max_bytes=max_bytes)
        return
    try:
        if kind == "html":
            yield read_html_file(path, published, id=id)
        else:
            yield read_text_file(path, published, id=id, max_bytes=max_bytes)
    except IngestError as err:
        yield Skipped(str(path), str(err))


def read_inputs(
    paths: Iterable[str | Path],
    *,
    published: _dt.date | None = None,
    max_bytes: int = MAX_TEXT_BYTES,
    metadata: Sidecar | None = None,
) -> Iterator[Article | Skipped]:
    """Read articles from files, directories and URLs, skipping what cannot be read.

    Args:
        paths: files (``.txt`` and anything else as plain text, ``.html``/``.htm``, ``.jsonl``,
            ``.warc``/``.warc.gz``), directories (searched recursively for those kinds, in sorted
            order), and ``http(s)://`` URLs of article pages or RSS/Atom feeds.
        published: the publication date for inputs that carry none (plain text always; HTML,
            JSONL, WARC and feeds only when their own metadata gives no date).
        max_bytes: the size limit of an article text (default 2 MB).
        metadata: a sidecar of titles, dates, outlets and URLs (see
            :mod:`quotegraph.ingest.metadata`); its fields win over the inputs' own.

    Yields:
        Articles, and a :class:`Skipped` (origin and reason) for every input, line or record that
        could not be read. Never raises for a bad input.
    """
    for item in paths:
        if isinstance(item, str) and is_url(item):
            for got in read_url(item, published, max_bytes=max_bytes):
                if metadata is not None and isinstance(got, Article):
                    metadata.apply(got)
                yield got
            continue
        path = Path(item)
        if path.is_dir():
            files = iter_input_files(path)
            if not files:
                kinds = ", ".join(DIRECTORY_SUFFIXES)
                yield Skipped(str(path), f"no input files in the folder (looked for {kinds})")
                continue
            ids = _directory_ids(path, files)
            for file in files:
                yield from read_path(file, published, id=ids[file], max_bytes=max_bytes, metadata=metadata)
            continue
        if not path.exists():
            yield Skipped(str(path), "no such file or directory")
            continue
        yield from read_path(path, published, max_bytes=max_bytes, metadata=metadata)
