"""The store end of the batch path: results and skips into the store, inside a recorded run.

All cross-article merging (speaker ids, near-duplicate groups, quotation aggregation) happens in
``Store.add``, so whatever feeds results to :func:`store_items` in the same order (``load`` of a
run's Parquet shards, ``ingest``) builds the same store.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from quotegraph.errors import StoreError
from quotegraph.ingest import Skipped
from quotegraph.models import ExtractionResult
from quotegraph.store import RunSummary, Store


def store_items(
    store: Store,
    items: Iterable[ExtractionResult | Skipped],
    summary: RunSummary,
    *,
    on_item: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Add results to the store (one transaction each) and record skips; updates ``summary``.

    Args:
        store: the open store.
        items: results and skips, in the order they are to be merged.
        summary: the run's summary, counted on.
        on_item: called with the summary after each item (progress).

    Returns:
        ``summary``.
    """
    for item in items:
        if isinstance(item, ExtractionResult):
            try:
                if store.add(item, run_id=summary.run_id):
                    summary.added += 1
                    summary.attributions += len(item.attributions)
                else:
                    summary.duplicates += 1
            except StoreError as exc:
                _skip(store, summary, item.article.url or item.article.id, f"could not be stored: {exc}")
        else:
            _skip(store, summary, item.origin, item.reason)
        if on_item is not None:
            on_item(summary)
    return summary


def _skip(store: Store, summary: RunSummary, origin: str, reason: str) -> None:
    summary.skipped += 1
    summary.skips.append((origin, reason))
    store.record_skip(origin, reason, summary.run_id)


@contextmanager
def recorded_run(
    db_url: str | None, store: Store | None, inputs: Sequence[str]
) -> Iterator[tuple[Store, RunSummary]]:
    """Open the store (unless one is given) and record a run in it around the block.

    The run's row ends ``done``, ``interrupted`` (Ctrl-C) or ``failed`` with its summary and
    duration; a store opened here is closed afterwards.

    Args:
        db_url: the store to open when ``store`` is ``None``.
        store: an already open store.
        inputs: what the run reads, as recorded.

    Yields:
        The store and the run's summary.
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
