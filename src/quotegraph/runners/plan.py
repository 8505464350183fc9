"""The run's plan: inputs expanded into ordered read units, assigned to shards by size.

A *unit* is the smallest piece of input one shard reads: a text or HTML file, a WARC file, a URL,
or a byte range of a JSONL file (a line belongs to the range its first byte lies in, so a large
JSONL file spreads its lines over several shards). Units are numbered in exactly the order
``quotegraph.ingest.read_inputs`` reads the same inputs, and shards take *contiguous* runs of
units, balanced by bytes. So the rows of shard 0, then shard 1, … are the rows of a direct ingest
in its order: ``load`` can replay them into the store by concatenating shards, without sorting.

Inputs may be local paths or, when :mod:`fsspec` is installed, URLs of any filesystem it knows
(``s3://bucket/cc-news/*.warc.gz``, ``gs://…``, ``file://…``). ``http(s)://`` URLs stay what they
are for ``quotegraph ingest``: article pages or feeds.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from quotegraph.errors import IngestError
from quotegraph.ingest import (
    DIRECTORY_SUFFIXES,
    Skipped,
    input_kind,
    is_url,
    iter_input_files,
    read_inputs,
    read_path,
)
from quotegraph.ingest.jsonl import article_from_line, duplicate_id_reason
from quotegraph.ingest.metadata import Sidecar
from quotegraph.ingest.results import NO_RESULT_FILES, read_results_file, result_files
from quotegraph.models import Article, ExtractionResult

PLAN_FILE = "plan.json"
PLAN_VERSION = 1

#: A JSONL file larger than this is split into byte ranges even when there are few shards, so
#: that no single shard has to hold a multi-gigabyte file.
MAX_UNIT_BYTES = 256 * 1024 * 1024

_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of input a shard reads.

    Attributes:
        index: position in the run's read order.
        path: local path or fsspec URL (``url`` kind: the http(s) URL).
        kind: ``text``, ``html``, ``jsonl``, ``warc``, ``url``, ``results`` (contract JSON of
            ready results) or ``missing``.
        size: bytes (0 when unknown).
        id: article id for a text or HTML file found in a folder (its relative path).
        start: first byte of a JSONL range.
        end: end of a JSONL range (``None``: the whole file).
        reason: why a ``missing`` unit cannot be read.
    """

    index: int
    path: str
    kind: str
    size: int = 0
    id: str | None = None
    start: int = 0
    end: int | None = None
    reason: str | None = None


@dataclass(slots=True)
class Plan:
    """Units and the shard each belongs to; saved as ``plan.json`` so a relaunch reuses it."""

    inputs: list[str]
    shards: int
    units: list[Unit]
    assignment: list[int]
    published: str | None = None
    model: str | None = None
    extracted: bool = False
    #: Rows of the ``--metadata`` sidecar (:class:`~quotegraph.ingest.Sidecar`), carried to
    #: every worker with the plan.
    metadata: list[dict[str, Any]] | None = None
    #: The extractor version (:func:`quotegraph.pipeline.extractor_version`) the run's results
    #: are stored with; ``None`` for ready results (``extracted``).
    extractor: str | None = None

    def units_of(self, rank: int) -> list[Unit]:
        """The units shard ``rank`` reads, in read order."""
        return [u for u, r in zip(self.units, self.assignment, strict=True) if r == rank]

    @property
    def published_date(self) -> dt.date | None:
        """The ``--published`` fallback date of the run."""
        return dt.date.fromisoformat(self.published) if self.published else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": PLAN_VERSION,
            "inputs": self.inputs,
            "shards": self.shards,
            "published": self.published,
            "model": self.model,
            "extracted": self.extracted,
            "metadata": self.metadata,
            "extractor": self.extractor,
            "units": [asdict(u) for u in self.units],
            "assignment": self.assignment,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        return cls(
            inputs=list(data["inputs"]),
            shards=int(data["shards"]),
            units=[Unit(**u) for u in data["units"]],
            assignment=[int(x) for x in data["assignment"]],
            published=data.get("published"),
            model=data.get("model"),
            extracted=bool(data.get("extracted", False)),
            metadata=data.get("metadata"),
            extractor=data.get("extractor"),
        )


# ---------------------------------------------------------------------------- fsspec
def is_fsspec_url(path: str) -> bool:
    """Whether ``path`` is a URL for fsspec (any scheme but http/https, which are web pages)."""
    return bool(_SCHEME_RE.match(path)) and not is_url(path)


def _fs(url: str) -> tuple[Any, str]:
    try:
        from fsspec.core import url_to_fs
    except ImportError as exc:
        raise IngestError(
            f"{url}: reading URLs like this needs fsspec (pip install fsspec, plus s3fs or gcsfs "
            "for S3 or GCS)"
        ) from exc
    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise IngestError(f"{url}: {exc}") from exc
    return fs, path


def _url_of(fs: Any, path: str) -> str:
    """A path listed by ``fs`` as a full URL again (``fs.unstrip_protocol``)."""
    return str(fs.unstrip_protocol(path))


def open_input(path: str) -> IO[bytes]:
    """Open a local path or an fsspec URL for binary reading."""
    if is_fsspec_url(path):
        fs, p = _fs(path)
        return fs.open(p, "rb")  # type: ignore[no-any-return]
    return open(path, "rb")


def _suffix(name: str) -> str:
    lower = name.lower()
    return next((s for s in DIRECTORY_SUFFIXES if lower.endswith(s)), "")


def _folder_ids(rels: list[str]) -> dict[str, str]:
    """Ids as ``read_inputs`` gives files of a folder: relative path without the extension, with
    the extension when two files would otherwise share an id."""
    stems = {r: r[: -len(_suffix(r))] if _suffix(r) else r for r in rels}
    counts = Counter(stems.values())
    return {r: stems[r] if counts[stems[r]] == 1 else r for r in rels}


def _expand_fsspec(url: str) -> list[tuple[str, int, str | None]] | str:
    """Files of an fsspec URL (a file, a folder or a glob) as ``(url, size, id)``; or a reason."""
    fs, path = _fs(url)
    if any(c in path for c in "*?["):
        found = sorted(fs.glob(path))
        if not found:
            return "no file matches the pattern"
        return [(_url_of(fs, f), int(fs.size(f) or 0), None) for f in found if fs.isfile(f)]
    if not fs.exists(path):
        return "no such file or directory"
    if fs.isfile(path):
        return [(url, int(fs.size(path) or 0), None)]
    root = path.rstrip("/")
    listed = [f for f in fs.find(root) if _suffix(f.rsplit("/", 1)[-1])
              and not any(part.startswith(".") for part in f[len(root) + 1:].split("/"))]
    rels = sorted(f[len(root) + 1:] for f in listed)
    if not rels:
        return f"no input files in the folder (looked for {', '.join(DIRECTORY_SUFFIXES)})"
    ids = _folder_ids(rels)
    return [(_url_of(fs, f"{root}/{r}"), int(fs.size(f"{root}/{r}") or 0), ids[r]) for r in rels]


# ---------------------------------------------------------------------------- planning
def _expand(inputs: Sequence[str], extracted: bool = False) -> list[Unit]:
    """Every input as units, in ``read_inputs`` order (JSONL files not split yet); with
    ``extracted``, files of results in ``read_results`` order."""
    units: list[Unit] = []

    def add(**kw: Any) -> None:
        units.append(Unit(index=len(units), **kw))

    if extracted:
        for item in inputs:
            path = Path(item)
            files = result_files(path) if path.is_dir() else [path] if path.is_file() else []
            if not files:
                add(path=str(path), kind="missing",
                    reason=NO_RESULT_FILES if path.is_dir() else "no such file or directory")
            for f in files:
                add(path=str(f), kind="results", size=f.stat().st_size)
        return units
    for item in inputs:
        if is_url(item):
            add(path=item, kind="url")
        elif is_fsspec_url(item):
            try:
                found = _expand_fsspec(item)
            except (IngestError, OSError) as exc:
                found = str(exc)
            if isinstance(found, str):
                add(path=item, kind="missing", reason=found)
                continue
            for url, size, fid in found:
                add(path=url, kind=input_kind(url), size=size, id=fid)
        else:
            path = Path(item)
            if path.is_dir():
                files = iter_input_files(path)
                if not files:
                    kinds = ", ".join(DIRECTORY_SUFFIXES)
                    add(path=str(path), kind="missing", reason=f"no input files in the folder (looked for {kinds})")
                    continue
                ids = _folder_ids([f.relative_to(path).as_posix() for f in files])
                for f in files:
                    add(path=str(f), kind=input_kind(f), size=f.stat().st_size,
                        id=ids[f.relative_to(path).as_posix()])
            elif not path.exists():
                add(path=str(path), kind="missing", reason="no such file or directory")
            else:
                add(path=str(path), kind=input_kind(path), size=path.stat().st_size)
    return units


def make_plan(inputs: Sequence[str], shards: int, *, published: dt.date | None = None,
              model: str | None = None, max_unit_bytes: int = MAX_UNIT_BYTES,
              extracted: bool = False, metadata: Sidecar | None = None,
              extractor: str | None = None) -> Plan:
    """Expand the inputs and assign them to ``shards`` shards.

    JSONL files larger than a shard's share of all bytes (or than ``max_unit_bytes``) are split into byte ranges; every other file is one unit. Shards take contiguous
    units so that each holds about the same number of bytes; a shard is empty only when there
    are fewer units than shards.

    Args:
        inputs: files, folders, http(s) URLs and fsspec URLs, as for ``quotegraph ingest``.
        shards: number of shards (at least 1).
        published: publication date for inputs that carry none.
        model: spaCy pipeline name or path (``None``: the default), pinned for relaunches.
        max_unit_bytes: the largest JSONL range one unit reads.
        extracted: the inputs are contract JSON results (``quotegraph extract``), not articles.
        metadata: a sidecar of titles, dates, outlets and URLs for the articles read.
        extractor: the extractor version the results are to be stored with.

    Returns:
        The plan.
    """
    shards = max(1, int(shards))
    raw = _expand(list(inputs), extracted)
    total = sum(max(u.size, 1) for u in raw)
    share = max(1, math.ceil(total / shards))
    limit = max(1, min(share, max_unit_bytes))
    units: list[Unit] = []
    for u in raw:
        pieces = math.ceil(u.size / limit) if u.kind == "jsonl" and u.size > limit else 1
        if pieces == 1:
            units.append(Unit(len(units), u.path, u.kind, u.size, u.id, reason=u.reason))
            continue
        step = math.ceil(u.size / pieces)
        for start in range(0, u.size, step):
            end = min(u.size, start + step)
            units.append(Unit(len(units), u.path, u.kind, end - start, u.id, start, end))
    # Contiguous and byte-balanced: a shard ends when it holds its share of the bytes left (a
    # unit goes where most of it fits), and no shard stays empty while there are units for it.
    assignment: list[int] = []
    shard, acc, left = 0, 0, total
    for i, u in enumerate(units):
        weight = max(u.size, 1)
        if shard < shards - 1 and acc > 0:
            share_now = left / (shards - shard)
            if acc + weight / 2 > share_now or len(units) - i <= shards - shard - 1:
                shard, left, acc = shard + 1, left - acc, 0
        assignment.append(shard)
        acc += weight
    return Plan([str(i) for i in inputs], shards, units, assignment,
                published.isoformat() if published else None, model, extracted,
                metadata.to_list() if metadata is not None else None, None if extracted else extractor)


def save_plan(plan: Plan, out: str | os.PathLike[str]) -> None:
    """Write ``plan.json`` into the output folder (atomically)."""
    path = Path(out) / PLAN_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(plan.to_dict(), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def load_plan(out: str | os.PathLike[str]) -> Plan | None:
    """The plan saved in the output folder, or ``None`` when there is none."""
    path = Path(out) / PLAN_FILE
    if not path.exists():
        return None
    return Plan.from_dict(json.loads(path.read_text(encoding="utf-8")))


# ---------------------------------------------------------------------------- reading
def read_unit(
    unit: Unit, published: dt.date | None = None, metadata: Sidecar | None = None
) -> Iterator[tuple[str, Article | ExtractionResult | Skipped]]:
    """Read one unit as ``read_inputs`` would read the same input.

    Args:
        unit: the unit.
        published: publication date for inputs that carry none.
        metadata: a sidecar whose rows give articles their title, date, outlet and URL.

    Yields:
        ``(origin, item)`` pairs in input order: each article or skip with where it was read
        (``path:LINE`` for JSONL ranges; the URL or id of an article otherwise).
    """
    if metadata:
        for origin, item in read_unit(unit, published):
            if isinstance(item, Article):
                metadata.apply(item, None if unit.kind == "url" else unit.path)
            yield origin, item
        return
    if unit.kind == "jsonl" and (unit.end is not None or is_fsspec_url(unit.path)):
        yield from read_jsonl_range(unit.path, unit.start, unit.end, published)
        return
    items: Iterator[Article | ExtractionResult | Skipped]
    if unit.kind == "missing":
        items = iter([Skipped(unit.path, unit.reason or "cannot be read")])
    elif unit.kind == "results":
        items = read_results_file(unit.path, published)
    elif unit.kind == "url":
        items = read_inputs([unit.path], published=published)
    elif is_fsspec_url(unit.path):
        items = _read_staged(unit, published)
    else:
        items = read_path(unit.path, published, id=unit.id)
    for item in items:
        art = item.article if isinstance(item, ExtractionResult) else item
        yield (art.origin if isinstance(art, Skipped) else art.url or art.id), item


def _read_staged(unit: Unit, published: dt.date | None) -> Iterator[Article | Skipped]:
    """Copy a remote file to local disk (readers such as warcio's want a seekable local file),
    read it there, and name the remote URL in every skip."""
    name = unit.path.rstrip("/").rsplit("/", 1)[-1] or "input"
    with tempfile.TemporaryDirectory(prefix="quotegraph-") as tmp:
        local = Path(tmp) / name
        try:
            with open_input(unit.path) as src, open(local, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
        except (OSError, IngestError) as exc:
            yield Skipped(unit.path, f"cannot read the file: {exc}")
            return
        # Same file name as the remote one, so default ids (the name without extension) match.
        for item in read_path(local, published, id=unit.id):
            if isinstance(item, Skipped):
                item = Skipped(item.origin.replace(str(local), unit.path), item.reason)
            yield item


def _count_lines_before(handle: IO[bytes], start: int) -> tuple[int, bool]:
    """Newlines in the first ``start`` bytes, and whether byte ``start - 1`` is one."""
    count, left, last = 0, start, b"\n"
    while left > 0:
        chunk = handle.read(min(left, 1 << 22))
        if not chunk:
            break
        count += chunk.count(b"\n")
        left -= len(chunk)
        last = chunk[-1:]
    return count, last == b"\n"


def read_jsonl_range(path: str, start: int = 0, end: int | None = None,
                     published: dt.date | None = None) -> Iterator[tuple[str, Article | Skipped]]:
    """Read the JSONL lines that start in bytes ``[start, end)`` of a file, as ``read_jsonl``.

    Origins are ``path:LINE`` with the line number in the whole file. Ids repeated within the
    range are skipped here; ``load`` skips ids repeated across ranges of the same file.

    Args:
        path: local path or fsspec URL.
        start: first byte of the range.
        end: end of the range (``None``: the end of the file).
        published: publication date for records that carry none.

    Yields:
        ``(path:LINE, item)`` pairs: articles and skips in line order.
    """
    seen: set[str] = set()
    try:
        handle = open_input(path)
    except (OSError, IngestError) as exc:
        yield path, Skipped(path, f"cannot read the file: {exc}")
        return
    with handle:
        number, at_line_start = _count_lines_before(handle, start) if start else (0, True)
        if not at_line_start:
            handle.readline()  # the rest of a line that belongs to the range before
            number += 1
        any_line = False
        while end is None or handle.tell() < end:
            raw = handle.readline()
            if not raw:
                break
            number += 1
            if not raw.strip():
                continue
            any_line = True
            origin = f"{path}:{number}"
            try:
                article = article_from_line(raw, published=published)
            except IngestError as err:
                yield origin, Skipped(origin, str(err))
                continue
            if article.id in seen:
                yield origin, Skipped(origin, duplicate_id_reason(article.id))
                continue
            seen.add(article.id)
            yield origin, article
        if not any_line and start == 0 and end is None:
            yield path, Skipped(path, "empty file: there are no JSONL lines to read")


