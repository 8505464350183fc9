"""``load``: the Parquet shards of a finished run into the store, as ``ingest`` would store them.

The load replays the run's results through :meth:`Store.add` in the run's read order (shard 0,
then shard 1, …; within a shard by ``(unit, seq)``). All cross-article merging lives in
``Store.add`` (speaker ids, near-duplicate groups, quotation aggregation) and depends on what was
added before, so the same order gives the same store as ``quotegraph ingest`` over the same inputs.

How it scales, and why it stays one sequential writer: merging is order-dependent and
conservative (a speaker is joined to an earlier one only when names, aliases and roles agree;
the first article of a near-duplicate group names the group; a quotation's first sighting is the
earliest added). Parallel writers would make the ids depend on timing. The merge is cheap next to
extraction (a few indexed look-ups per article against the ``speaker_aliases``, ``article_bands``
and ``quotations`` tables), so one writer keeps up with many extraction cores; see
``docs/cluster.md`` for the measured rates and for the route beyond that (blocking candidates
in parallel with DuckDB over the Parquet tables, then a sequential pass over the blocks).
The load is resumable: ``Store.add`` skips articles already stored, so a broken load is rerun.
"""

from __future__ import annotations

import heapq
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from quotegraph.ingest import Skipped
from quotegraph.ingest.jsonl import duplicate_id_reason
from quotegraph.models import ExtractionResult
from quotegraph.runners.batch import RunError
from quotegraph.runners.plan import Plan, load_plan
from quotegraph.runners.steps import is_complete, shard_name
from quotegraph.runners.store import recorded_run, store_items
from quotegraph.store import RunSummary, Store

BATCH_ROWS = 256


def _rows(path: Path, columns: list[str]) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    if not path.exists():
        raise RunError(f"{path} is missing: the run folder is incomplete; rerun `quotegraph run`")
    for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS, columns=columns):
        yield from batch.to_pylist()


def shard_items(out: str | os.PathLike[str], rank: int) -> Iterator[tuple[int, int, str, ExtractionResult | Skipped]]:
    """The results and skips of one shard in read order, as ``(unit, seq, origin, item)``.

    Args:
        out: the run's output folder.
        rank: the shard.
    """
    folder, name = Path(out), shard_name(rank)
    results = ((r["unit"], r["seq"], True, r["origin"], r["result"])
               for r in _rows(folder / "articles" / f"{name}.parquet", ["unit", "seq", "origin", "result"]))
    skips = ((r["unit"], r["seq"], False, r["origin"], r["reason"])
             for r in _rows(folder / "skips" / f"{name}.parquet", ["unit", "seq", "origin", "reason"]))
    for unit, seq, is_result, origin, payload in heapq.merge(results, skips, key=lambda x: (x[0], x[1])):
        if is_result:
            yield unit, seq, origin, ExtractionResult.from_dict(json.loads(payload))
        else:
            yield unit, seq, origin, Skipped(origin, payload)


def run_items(out: str | os.PathLike[str], plan: Plan) -> Iterator[ExtractionResult | Skipped]:
    """Every result and skip of a finished run, in read order.

    A JSONL file split over several units may repeat an id across them; as ``read_jsonl`` does
    for one file, the later line becomes a skip.
    """
    seen: dict[str, set[str]] = {}
    for rank in range(plan.shards):
        for unit, _seq, origin, item in shard_items(out, rank):
            u = plan.units[unit]
            if u.kind == "jsonl" and isinstance(item, ExtractionResult):
                ids = seen.setdefault(u.path, set())
                if item.article.id in ids:
                    yield Skipped(origin, duplicate_id_reason(item.article.id))
                    continue
                ids.add(item.article.id)
            yield item


def load(
    out: str | os.PathLike[str],
    db_url: str | None = None,
    *,
    store: Store | None = None,
    on_item: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Load a finished run's Parquet shards into the store.

    Args:
        out: the run's output folder (``quotegraph run --out``).
        db_url: the store (path, ``sqlite:///…``, ``postgresql://…``; default ``$QUOTEGRAPH_DB``
            or ``./quotegraph.sqlite``).
        store: an already open store (``db_url`` is then ignored).
        on_item: called with the running summary after each item.

    Returns:
        The load's summary (articles read, added, already stored, skipped with reasons).

    Raises:
        RunError: the folder is not a run, or some shards are not finished.
    """
    plan = finished_plan(out)
    with recorded_run(db_url, store, [os.fspath(out)]) as (st, summary):
        load_into(st, out, plan, summary, on_item=on_item)
    return summary


def finished_plan(out: str | os.PathLike[str]) -> Plan:
    """The plan of the run in ``out``, once every shard of it is finished.

    Raises:
        RunError: the folder is not a run, or some shards are not finished.
    """
    plan = load_plan(out)
    if plan is None:
        raise RunError(f"{out} is not a quotegraph run folder (no plan.json); write one with `quotegraph run`")
    missing = [r for r in range(plan.shards) if not is_complete(out, r)]
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        raise RunError(f"{len(missing)} of {plan.shards} shards are not finished ({shown}); "
                       "relaunch `quotegraph run` with the same inputs and --out first")
    return plan


def load_into(
    store: Store,
    out: str | os.PathLike[str],
    plan: Plan,
    summary: RunSummary,
    *,
    on_item: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Store the results and skips of a finished run in read order; updates ``summary``.

    Args:
        store: the open store.
        out: the run's output folder.
        plan: its plan (see :func:`finished_plan`).
        summary: the summary of the recorded run that loads it.
        on_item: called with the summary after each item.

    Returns:
        ``summary``.
    """

    def counted() -> Iterator[ExtractionResult | Skipped]:
        for item in run_items(out, plan):
            if isinstance(item, ExtractionResult):
                summary.read += 1
            yield item

    store_items(store, counted(), summary, on_item=on_item)
    if summary.added:
        store.optimize()  # fresh planner statistics for the searches that follow
    return summary
