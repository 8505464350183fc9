"""``ingest``: the batch path straight into a store — ``run`` on the local runner, then ``load``.

The inputs are planned into shards and run through the same steps as ``quotegraph run`` (read →
drop what the store already holds → extract → Parquet), in a work folder, with the same skips
and completion markers; then the shards are merged into the store exactly as ``quotegraph load``
merges them. So:

* a run killed while extracting resumes at its first unfinished shard (the work folder, kept
  until the store holds everything, is found again from the same store, inputs and options);
* a run killed while storing resumes storing (``Store.add`` refuses what is already there);
* re-ingesting stores nothing twice, and extracts only articles the store does not hold yet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from quotegraph.ingest import is_url
from quotegraph.runners.batch import RunError, default_shards, launch
from quotegraph.runners.load import load_into
from quotegraph.runners.plan import Plan, load_plan, make_plan, save_plan
from quotegraph.runners.steps import ShardOutcome, build_pipeline
from quotegraph.runners.store import recorded_run
from quotegraph.store import RunSummary, Store

#: Where work folders go when none is given (one per store, inputs and options).
WORK_ROOT = Path(tempfile.gettempdir()) / "quotegraph-ingest"
#: The file that marks a folder as an ingest's own (only such a folder is reused or removed).
WORK_MARK = "ingest-work"


def ingest(
    paths: Sequence[str | os.PathLike[str]],
    db_url: str | None = None,
    *,
    workers: int | None = None,
    published: dt.date | None = None,
    progress: bool = True,
    extracted: bool = False,
    model: str | None = None,
    attribution_model: str | os.PathLike[str] | None = None,
    store: Store | None = None,
    work_dir: str | os.PathLike[str] | None = None,
) -> RunSummary:
    """Read, extract and store articles; rerunning resumes where a broken run stopped.

    Args:
        paths: files, folders, URLs (or, with ``extracted``, contract JSON results).
        db_url: the store (path, ``sqlite:///…``, ``postgresql://…``; default
            ``$QUOTEGRAPH_DB`` or ``./quotegraph.sqlite``).
        workers: extraction processes (default: every core); 1 extracts in this process.
        published: publication date for inputs that carry none.
        progress: show a progress bar on stderr.
        extracted: the inputs are ``quotegraph extract`` results; store them without extracting.
        model: spaCy pipeline name or path.
        attribution_model: attribution model folder or file, or ``"rules"``.
        store: an already open store (``db_url`` is then ignored).
        work_dir: the folder for the run's shards (default: one under the system's temporary
            folder, named after the store, the inputs and the options); removed once stored.

    Returns:
        The run's summary: articles read, added, already stored, skipped (with reasons).

    Raises:
        RunError: a shard failed (rerun to resume), or ``work_dir`` holds files of something else.
    """
    inputs = [os.fspath(p) for p in paths]
    workers = max(1, int(workers or os.cpu_count() or 1))
    with recorded_run(db_url, store, inputs) as (st, summary):
        url = _reopenable(st)
        folder = Path(work_dir) if work_dir is not None else WORK_ROOT / _work_key(
            url or st.url, inputs, published, model, extracted, attribution_model)
        plan = _plan(folder, inputs, workers, published, model, extracted)
        steps = build_pipeline(plan, folder, model=model, attribution_model=attribution_model, drop_stored=url)
        with _Progress(progress, plan.shards) as bar:
            # Ready results are only read and written: not worth starting worker processes for.
            report = launch(plan, steps, folder, workers=workers, in_process=workers == 1 or extracted,
                            on_done=bar.shard_done, on_progress=bar.extracting)
            if report.failed:
                errors = "; ".join(f"shard {o.rank}: {o.error}" for o in report.failed[:3])
                raise RunError(f"{len(report.failed)} of {plan.shards} shards failed ({errors}); "
                               "rerun the same command to resume")
            # Articles the store already held were dropped before extraction: read, not added.
            stored = int(report.totals.get("already_stored", 0))
            summary.read += stored
            summary.duplicates += stored
            load_into(st, folder, plan, summary, on_item=bar.storing)
        shutil.rmtree(folder, ignore_errors=True)
    return summary


def _reopenable(store: Store) -> str | None:
    """A URL worker processes can open the store by (``None`` for an in-memory store)."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def _work_key(db: str, inputs: list[str], published: dt.date | None, model: str | None, extracted: bool,
              attribution_model: str | os.PathLike[str] | None) -> str:
    """The same store, inputs and options give the same work folder: a rerun finds its shards."""
    where = [i if is_url(i) or "://" in i else os.path.abspath(i) for i in inputs]
    key = [db, where, published.isoformat() if published else None, model, extracted,
           os.fspath(attribution_model) if attribution_model is not None else None]
    return hashlib.sha1(json.dumps(key).encode()).hexdigest()[:16]


def _plan(folder: Path, inputs: list[str], workers: int, published: dt.date | None, model: str | None,
          extracted: bool) -> Plan:
    """The saved plan of a broken run when the inputs are unchanged since, else a new one."""
    ours = (folder / WORK_MARK).is_file()
    if not ours and folder.exists() and any(folder.iterdir()):
        raise RunError(f"{folder} holds files that are not an ingest's work: choose a new or empty work folder")
    saved = load_plan(folder) if ours else None
    shards = saved.shards if saved is not None else default_shards(inputs, workers, extracted=extracted)
    plan = make_plan(inputs, shards, published=published, model=model, extracted=extracted)
    if saved is not None and saved.to_dict() == plan.to_dict():
        return saved
    # Files grew, appeared or went away since the broken run: its shards would mix old and new.
    shutil.rmtree(folder, ignore_errors=True)
    save_plan(plan, folder)
    (folder / WORK_MARK).write_text("quotegraph ingest: removed once its shards are stored\n", encoding="utf-8")
    return plan


class _Progress:
    """A progress bar on stderr: extraction (shards, results, skips), then storing; when not
    enabled, its callbacks do nothing."""

    def __init__(self, enabled: bool, shards: int) -> None:
        self.enabled, self.shards, self.done = enabled, shards, 0
        self.results = self.skips = 0
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(SpinnerColumn(), TextColumn("[bold]ingest[/]"), BarColumn(bar_width=None),
                                TextColumn("{task.fields[line]}"), TimeElapsedColumn(),
                                console=Console(stderr=True), transient=False)
            self.bar.__enter__()
            self.task = self.bar.add_task("ingest", total=None, line="")
            self._extract_line()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, exc, tb)

    def _line(self, text: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, line=text)

    def _extract_line(self) -> None:
        self._line(f"extracting: {self.results} articles · {self.skips} skipped · "
                   f"{self.done} of {self.shards} shards")

    def extracting(self, results: int, skips: int) -> None:
        """Results and skips written so far."""
        self.results, self.skips = results, skips
        self._extract_line()

    def shard_done(self, outcome: ShardOutcome) -> None:
        """A shard finished."""
        self.done += 1
        self._extract_line()

    def storing(self, s: RunSummary) -> None:
        """The counts of the store step so far."""
        self._line(f"{s.read} read · {s.added} added · {s.duplicates} already stored · "
                   f"{s.skipped} skipped · {s.attributions} statements")
