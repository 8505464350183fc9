"""The corpus: batch ingest into the store (resumable, idempotent) and quote-centric export."""

from quotegraph.corpus.ingest import (
    extract_step,
    ingest,
    read_extracted,
    read_step,
    recorded_run,
    store_step,
)
from quotegraph.store import RunSummary


def export(db_url: str | None, format: str, path: str) -> int:
    """Export the store at ``db_url`` (see :meth:`quotegraph.store.Store.export`)."""
    from quotegraph.store import Store

    with Store.open(db_url) as store:
        return store.export(format, path)


__all__ = ["RunSummary", "export", "extract_step", "ingest", "read_extracted", "read_step", "recorded_run", "store_step"]
