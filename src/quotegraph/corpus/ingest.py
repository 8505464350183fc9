"""Batch ingest: read → extract → store, resumable, with skips counted and a progress bar.

The run is three small steps over a stream (the datatrove pattern of ``STYLE.md``):

* :func:`read_step` turns paths into ``Article``/``Skipped`` items (``quotegraph.ingest``), or
  already extracted contract JSON into ``ExtractionResult`` items (``extracted=True``);
* :func:`extract_step` turns articles into results, in order, on ``workers`` processes that each
  load the spaCy pipeline once; an article whose extraction fails becomes a ``Skipped``;
* :func:`store_step` adds results to the store one transaction per article.

All cross-article merging (speaker ids, near-duplicate groups, quotation aggregation) happens in
``Store.add``, so any runner that feeds results to ``Store.add`` in a fixed order (the Ray runner's
``load`` included) builds the same store. Articles already stored (by URL or content hash) are
dropped before extraction, which is what makes a rerun after ``kill -9`` resume instead of redo.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Union

from quotegraph.errors import StoreError
from quotegraph.models import SCHEMA_ID, Article, ExtractionResult
from quotegraph.store import RunSummary, Store

#: Articles per extraction task (small: results come back in order, memory stays flat).
CHUNK = 8

try:  # the reader's type; a local stand-in keeps this module importable on its own
    from quotegraph.ingest import Skipped
except ImportError:  # pragma: no cover
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Skipped:  # type: ignore[no-redef]
        origin: str
        reason: str


Item = Union[Article, ExtractionResult, "Skipped"]


# ---------------------------------------------------------------------------- reading
def read_step(
    paths: Sequence[str | os.PathLike[str]],
    *,
    published: dt.date | None = None,
    extracted: bool = False,
) -> Iterator[Item]:
    """Read the inputs.

    Args:
        paths: files, folders and URLs (see ``quotegraph.ingest.read_inputs``); with
            ``extracted``, contract JSON files (``.json``, one result or a list) and JSONL files
            of results, or folders of them, as ``quotegraph extract`` writes.
        published: publication date for inputs that carry none.
        extracted: the inputs are extraction results, not articles.

    Yields:
        ``Article`` (or ``ExtractionResult``) items and ``Skipped`` items, in input order.
    """
    if extracted:
        yield from read_extracted(paths, published=published)
        return
    from quotegraph.ingest import read_inputs

    yield from read_inputs([os.fspath(p) for p in paths], published=published)


def read_extracted(
    paths: Sequence[str | os.PathLike[str]], *, published: dt.date | None = None
) -> Iterator[ExtractionResult | Skipped]:
    """Read contract JSON (``quotegraph/1``) results from files and folders."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(x for x in path.rglob("*") if x.is_file() and x.suffix in (".json", ".jsonl"))
            if not files:
                yield Skipped(str(path), "no .json or .jsonl result files in the folder")
            for f in files:
                yield from _read_result_file(f, published)
        elif path.is_file():
            yield from _read_result_file(path, published)
        else:
            yield Skipped(str(path), "no such file or directory")


def _read_result_file(path: Path, published: dt.date | None) -> Iterator[ExtractionResult | Skipped]:
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


# ---------------------------------------------------------------------------- extracting
_EXTRACTOR: Any = None


def _init_worker(model: str, attribution_model: str | None = None) -> None:
    global _EXTRACTOR
    from quotegraph.pipeline import Extractor

    _EXTRACTOR = Extractor(model, attribution_model=attribution_model)


def _origin(article: Article) -> str:
    return article.url or article.id


def _extract_chunk(chunk: list[Article]) -> list[ExtractionResult | Skipped]:
    """Extract a few articles; when the batch fails, retry one by one to isolate the bad one."""
    try:
        return list(_EXTRACTOR.extract_many(chunk))
    except Exception:  # noqa: BLE001 - a bad article must not stop the batch
        out: list[ExtractionResult | Skipped] = []
        for article in chunk:
            try:
                out.append(_EXTRACTOR.extract(article))
            except Exception as exc:  # noqa: BLE001
                out.append(Skipped(_origin(article), f"extraction failed: {exc.__class__.__name__}: {exc}"))
        return out


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_step(
    items: Iterable[Item],
    *,
    workers: int = 1,
    model: str | None = None,
    attribution_model: str | None = None,
) -> Iterator[ExtractionResult | Skipped]:
    """Extract articles in input order; results and skips pass through untouched.

    Args:
        items: articles, ready results and skips.
        workers: extraction processes (1 = this process); each loads the pipeline once.
        model: spaCy pipeline name or path (default: the package's English pipeline).
        attribution_model: attribution model folder or file, or ``"rules"`` (default: shipped).

    Yields:
        Results and skips, in input order.
    """
    from quotegraph.nlp import DEFAULT_MODEL

    model = model or DEFAULT_MODEL
    # Non-articles are kept in their place in the stream by queueing them behind pending chunks.
    pending: deque[Any] = deque()
    workers = max(1, int(workers))

    def grouped() -> Iterator[list[Item]]:
        group: list[Item] = []
        for item in items:
            group.append(item)
            if sum(isinstance(x, Article) for x in group) >= CHUNK:
                yield group
                group = []
        if group:
            yield group

    if workers == 1:
        if _EXTRACTOR is None or (_EXTRACTOR.model, _EXTRACTOR.attribution_model) != (model, attribution_model):
            _init_worker(model, attribution_model)
        for group in grouped():
            arts = [x for x in group if isinstance(x, Article)]
            done = iter(_extract_chunk(arts) if arts else [])
            for x in group:
                yield next(done) if isinstance(x, Article) else x
        return

    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(model, attribution_model)) as pool:
        limit = workers * 4
        for group in grouped():
            arts = [x for x in group if isinstance(x, Article)]
            pending.append((group, pool.apply_async(_extract_chunk, (arts,)) if arts else None))
            while len(pending) >= limit:
                yield from _drain(pending.popleft())
        while pending:
            yield from _drain(pending.popleft())


def _drain(entry: tuple[list[Item], Any]) -> Iterator[ExtractionResult | Skipped]:
    group, job = entry
    done = iter(job.get() if job is not None else [])
    for x in group:
        yield next(done) if isinstance(x, Article) else x  # type: ignore[misc]


# ---------------------------------------------------------------------------- storing
def store_step(
    store: Store,
    items: Iterable[ExtractionResult | Skipped],
    summary: RunSummary,
    *,
    on_item: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Add results to the store (one transaction each) and record skips; updates ``summary``."""
    for item in items:
        if isinstance(item, ExtractionResult):
            try:
                if store.add(item, run_id=summary.run_id):
                    summary.added += 1
                    summary.attributions += len(item.attributions)
                else:
                    summary.duplicates += 1
            except StoreError as exc:
                _skip(store, summary, _origin(item.article), f"could not be stored: {exc}")
        else:
            _skip(store, summary, item.origin, item.reason)
        if on_item is not None:
            on_item(summary)
    return summary


def _skip(store: Store, summary: RunSummary, origin: str, reason: str) -> None:
    summary.skipped += 1
    summary.skips.append((origin, reason))
    store.record_skip(origin, reason, summary.run_id)


# ---------------------------------------------------------------------------- the run
def ingest(
    paths: Sequence[str | os.PathLike[str]],
    db_url: str | None = None,
    *,
    workers: int | None = None,
    published: dt.date | None = None,
    progress: bool = True,
    extracted: bool = False,
    model: str | None = None,
    store: Store | None = None,
    attribution_model: str | None = None,
) -> RunSummary:
    """Read, extract and store articles; rerunning resumes where a broken run stopped.

    Args:
        paths: files, folders, URLs (or, with ``extracted``, contract JSON results).
        db_url: the store (path, ``sqlite:///…``, ``postgresql://…``; default
            ``$QUOTEGRAPH_DB`` or ``./quotegraph.sqlite``).
        workers: extraction processes (default: every core).
        published: publication date for inputs that carry none.
        progress: show a progress bar on stderr.
        extracted: the inputs are ``quotegraph extract`` results; store them without extracting.
        model: spaCy pipeline name or path.
        store: an already open store (``db_url`` is then ignored).
        attribution_model: attribution model folder or file, or ``"rules"`` (default: shipped).

    Returns:
        The run's summary: articles read, added, already stored, skipped (with reasons).
    """
    workers = workers or os.cpu_count() or 1
    with recorded_run(db_url, store, [os.fspath(p) for p in paths]) as (st, summary):
        return _ingest(st, summary, paths, workers, published, progress, extracted, model, attribution_model)


def _ingest(
    st: Store,
    summary: RunSummary,
    paths: Sequence[str | os.PathLike[str]],
    workers: int,
    published: dt.date | None,
    progress: bool,
    extracted: bool,
    model: str | None,
    attribution_model: str | None = None,
) -> RunSummary:
    """The steps of :func:`ingest` inside its recorded run."""

    def fresh(items: Iterable[Item]) -> Iterator[Item]:
        # Drop what is already stored before paying for its extraction.
        for item in items:
            if isinstance(item, Article | ExtractionResult):
                summary.read += 1
                art = item if isinstance(item, Article) else item.article
                if st.contains(art.url, art.text):
                    summary.duplicates += 1
                    continue
            yield item

    items = fresh(read_step(paths, published=published, extracted=extracted))
    results = items if extracted else extract_step(items, workers=workers, model=model, attribution_model=attribution_model)
    if progress:
        _with_progress(st, results, summary)  # type: ignore[arg-type]
    else:
        store_step(st, results, summary)  # type: ignore[arg-type]
    if summary.added:
        st.optimize()
    return summary


@contextmanager
def recorded_run(
    db_url: str | None, store: Store | None, inputs: Sequence[str]
) -> Iterator[tuple[Store, RunSummary]]:
    """Open the store (unless one is given) and record a run in it around the block.

    The run's row ends ``done``, ``interrupted`` (Ctrl-C) or ``failed`` with its summary and
    duration; a store opened here is closed afterwards.
    """
    own = store is None
    st = store if store is not None else Store.open(db_url)
    summary = RunSummary(run_id=st.start_run(list(inputs)))
    started = time.monotonic()
    status = "failed"
    try:
        yield st, summary
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        summary.seconds = round(time.monotonic() - started, 3)
        try:
            st.finish_run(summary.run_id or 0, summary, status)
        finally:
            if own:
                st.close()


def _with_progress(store: Store, results: Iterable[ExtractionResult | Skipped], summary: RunSummary) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]ingest[/]"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[line]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("ingest", total=None, line="")

        def update(s: RunSummary) -> None:
            bar.update(task, line=f"{s.read} read · {s.added} added · {s.duplicates} already stored · "
                                  f"{s.skipped} skipped · {s.attributions} statements")

        update(summary)
        store_step(store, results, summary, on_item=update)
        update(summary)
