"""Extraction results already made: contract JSON (``quotegraph/1``) as ``quotegraph extract``
writes it, one result or a list per ``.json`` file, one result a line in ``.jsonl`` files.

Like the article readers, a bad record never stops a batch: it becomes a :class:`Skipped`.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from quotegraph.ingest.base import Skipped
from quotegraph.models import SCHEMA_ID, ExtractionResult

__all__ = ["RESULT_SUFFIXES", "read_results", "read_results_file", "result_files"]

#: File kinds a folder of results is searched for.
RESULT_SUFFIXES = (".json", ".jsonl")


def result_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The result files under a folder, recursively, in sorted order."""
    return sorted(x for x in Path(folder).rglob("*") if x.is_file() and x.suffix in RESULT_SUFFIXES)


#: Why a folder without result files is skipped.
NO_RESULT_FILES = "no .json or .jsonl result files in the folder"


def read_results(
    paths: Sequence[str | os.PathLike[str]], *, published: _dt.date | None = None
) -> Iterator[ExtractionResult | Skipped]:
    """Read results from files and folders, in input order.

    Args:
        paths: ``.json`` and ``.jsonl`` files, or folders of them.
        published: publication date for results whose article carries none.

    Yields:
        Results and skips (unreadable files, lines that are not ``quotegraph/1`` results).
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = result_files(path)
            if not files:
                yield Skipped(str(path), NO_RESULT_FILES)
            for f in files:
                yield from read_results_file(f, published)
        elif path.is_file():
            yield from read_results_file(path, published)
        else:
            yield Skipped(str(path), "no such file or directory")


def read_results_file(
    path: str | os.PathLike[str], published: _dt.date | None = None
) -> Iterator[ExtractionResult | Skipped]:
    """Read one file of results (``.jsonl``: one a line; otherwise one result or a list).

    Args:
        path: the file.
        published: publication date for results whose article carries none.

    Yields:
        Results and skips; a skip's origin is ``path:LINE`` for JSONL lines.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield Skipped(str(path), f"cannot read the file: {exc}")
        return
    if path.suffix == ".jsonl":
        records: Iterable[tuple[str, Any]] = (
            (f"{path}:{n}", line) for n, line in enumerate(raw.splitlines(), 1) if line.strip()
        )
    else:
        records = [(str(path), raw)]
    for origin, text in records:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Skipped(origin, f"not JSON ({exc.msg} at line {exc.lineno}); expected quotegraph/1 results")
            continue
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict) or item.get("schema") != SCHEMA_ID:
                yield Skipped(origin, f"not a {SCHEMA_ID} result; write one with `quotegraph extract`")
                continue
            try:
                result = ExtractionResult.from_dict(item)
            except (KeyError, TypeError, ValueError) as exc:
                yield Skipped(origin, f"malformed {SCHEMA_ID} result: {exc!r}")
                continue
            if result.article.published is None and published is not None:
                result.article.published = published
            yield result
