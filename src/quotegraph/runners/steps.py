"""The batch path as a list of small steps that any runner executes unchanged.

Each step has ``run(items, rank, world_size) -> Iterator`` (the datatrove pattern of
``STYLE.md``): :class:`ReadStep` ignores its input and yields the records of shard ``rank``;
:class:`DropStoredStep` (``quotegraph ingest``) drops what the store already holds before it is
extracted again; :class:`ExtractStep` turns articles into results (each worker process loads the
spaCy pipeline once); :class:`ParquetWriterStep` writes the shard's Parquet files and yields
nothing.
:func:`run_shard` chains the steps for one rank, then writes the shard's stats file and, last, its
completion marker: a shard without a marker is rerun by the next launch, one with a marker is
skipped. Runners (:mod:`.local`, :mod:`.ray`) only decide which process runs which rank.

Steps hold plain data (the plan, a model name, a folder), so they pickle to any worker.
"""

from __future__ import annotations

import json
import os
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from quotegraph.ingest import Skipped
from quotegraph.models import Article, ExtractionResult
from quotegraph.runners.plan import Plan, read_unit
from quotegraph.runners.tables import SCHEMAS, TABLES, result_rows, skip_row

DONE_DIR = "completions"
STATS_DIR = "stats"

#: Articles per ``nlp.pipe`` call (small: memory stays flat, a failing batch is cheap to retry).
CHUNK = 8
#: Rows buffered per table before a Parquet row group is written.
ROW_GROUP = 512


@dataclass(slots=True)
class Record:
    """One item flowing through the steps: an article, a result or a skip, with its place.

    Attributes:
        unit: index of the plan unit it was read from.
        seq: its position within that unit.
        origin: where it came from (path, ``path:line``, ``path#record-id``, URL).
        item: the article, its extraction result, or why it was skipped.
    """

    unit: int
    seq: int
    origin: str
    item: Article | ExtractionResult | Skipped


class Step(Protocol):
    """A pipeline step: a stream of records in, a stream of records out."""

    stats: Counter[str]

    def run(self, items: Iterable[Record], rank: int, world_size: int) -> Iterator[Record]: ...


def shard_name(rank: int) -> str:
    """The file stem of shard ``rank`` (``00003``)."""
    return f"{rank:05d}"


def stats_path(out: str | os.PathLike[str], rank: int) -> Path:
    """Where shard ``rank`` of the run in ``out`` keeps its stats (``stats/00003.json``)."""
    return Path(out) / STATS_DIR / f"{shard_name(rank)}.json"


def is_complete(out: str | os.PathLike[str], rank: int) -> bool:
    """Whether shard ``rank`` of the run in ``out`` finished (its completion marker exists)."""
    return (Path(out) / DONE_DIR / shard_name(rank)).exists()


def _origin(article: Article) -> str:
    return article.url or article.id


def _article(item: Article | ExtractionResult) -> Article:
    return item.article if isinstance(item, ExtractionResult) else item


# ---------------------------------------------------------------------------- reading
@dataclass
class ReadStep:
    """Yield the records of shard ``rank``: the articles and skips of its plan units.

    Args:
        plan: the run's plan (units and their shards).
    """

    plan: Plan
    stats: Counter[str] = field(default_factory=Counter)

    def run(self, items: Iterable[Record], rank: int, world_size: int) -> Iterator[Record]:
        if world_size != self.plan.shards:
            raise ValueError(f"the plan has {self.plan.shards} shards, the runner asked for {world_size}")
        published = self.plan.published_date
        for unit in self.plan.units_of(rank):
            started = time.perf_counter()
            self.stats["units"] += 1
            for seq, (origin, item) in enumerate(read_unit(unit, published)):
                self.stats["read_seconds"] += time.perf_counter() - started
                if isinstance(item, Skipped):
                    self.stats["skipped"] += 1
                else:
                    self.stats["articles"] += 1
                    self.stats["chars"] += len(_article(item).text)
                yield Record(unit.index, seq, origin, item)
                started = time.perf_counter()


# ---------------------------------------------------------------------------- dropping stored
@dataclass
class DropStoredStep:
    """Drop the articles (and ready results) the store already holds, by URL or text, before
    they are extracted again: what makes re-ingesting a grown folder cost only its new files.

    Dropping is an economy, not the guard against storing twice (``Store.add`` is): an article
    kept here and stored meanwhile is still refused by the store.

    Args:
        db_url: the store (opened read-only per shard; the driver has migrated it).
    """

    db_url: str
    stats: Counter[str] = field(default_factory=Counter)

    def run(self, items: Iterable[Record], rank: int, world_size: int) -> Iterator[Record]:
        from quotegraph.store import Store

        with Store.open(self.db_url, migrate=False) as store:
            for rec in items:
                if isinstance(rec.item, Article | ExtractionResult):
                    art = _article(rec.item)
                    if store.contains(art.url, art.text):
                        self.stats["already_stored"] += 1
                        continue
                yield rec


# ---------------------------------------------------------------------------- extracting
@dataclass
class ExtractStep:
    """Extract the articles of the stream in order; results and skips pass through.

    An article whose extraction raises becomes a skip with the error, never a failed shard.

    Args:
        model: spaCy pipeline name or path (default: the package's English pipeline).
        chunk: articles per ``nlp.pipe`` call.
        attribution_model: attribution model folder or file, or ``"rules"`` (default: the
            shipped model).
    """

    model: str | None = None
    chunk: int = CHUNK
    attribution_model: str | None = None
    stats: Counter[str] = field(default_factory=Counter)

    def extractor(self) -> Any:
        """The process's extractor (loaded once; see :func:`quotegraph.get_extractor`)."""
        from quotegraph import get_extractor

        return get_extractor(self.model, self.attribution_model)

    def warm(self) -> None:
        """Load the pipeline now (runners call this once per worker, before timing work)."""
        self.extractor()

    def run(self, items: Iterable[Record], rank: int, world_size: int) -> Iterator[Record]:
        group: list[Record] = []
        for rec in items:
            group.append(rec)
            if sum(isinstance(r.item, Article) for r in group) >= self.chunk:
                yield from self._extract(group)
                group = []
        if group:
            yield from self._extract(group)

    def _extract(self, group: list[Record]) -> Iterator[Record]:
        extractor = self.extractor()
        arts = [r.item for r in group if isinstance(r.item, Article)]
        started = time.perf_counter()
        done: list[ExtractionResult | Skipped]
        try:
            done = list(extractor.extract_many(arts)) if arts else []
        except Exception:  # noqa: BLE001 - isolate the bad article: retry one by one
            done = []
            for art in arts:
                try:
                    done.append(extractor.extract(art))
                except Exception as exc:  # noqa: BLE001
                    done.append(Skipped(_origin(art), f"extraction failed: {exc.__class__.__name__}: {exc}"))
        self.stats["extract_seconds"] += time.perf_counter() - started
        it = iter(done)
        for rec in group:
            if isinstance(rec.item, Article):
                out = next(it)
                if isinstance(out, Skipped):
                    self.stats["failed"] += 1
                else:
                    self.stats["attributions"] += len(out.attributions)
                yield Record(rec.unit, rec.seq, rec.origin, out)
            else:
                yield rec


# ---------------------------------------------------------------------------- writing
@dataclass
class ParquetWriterStep:
    """Write the shard's results and skips to Parquet under ``out`` (see :mod:`.tables`).

    Files are written under a temporary name and renamed when complete, so a reader never sees
    half a file; the completion marker comes later, from :func:`run_shard`.

    Args:
        out: the run's output folder (local path).
    """

    out: str
    stats: Counter[str] = field(default_factory=Counter)

    def run(self, items: Iterable[Record], rank: int, world_size: int) -> Iterator[Record]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = shard_name(rank)
        paths = {t: Path(self.out) / t / f"{name}.parquet" for t in TABLES}
        writers: dict[str, Any] = {}
        buffers: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}

        def flush(table: str) -> None:
            rows = buffers[table]
            if rows:
                writers[table].write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]))
                rows.clear()

        try:
            for t in TABLES:
                paths[t].parent.mkdir(parents=True, exist_ok=True)
                writers[t] = pq.ParquetWriter(str(paths[t]) + ".tmp", SCHEMAS[t], compression="zstd")
            for rec in items:
                if isinstance(rec.item, ExtractionResult):
                    self.stats["results"] += 1
                    for t, rows in result_rows(rec.item, rec.unit, rec.seq, rec.origin).items():
                        buffers[t].extend(rows)
                else:
                    skipped = rec.item if isinstance(rec.item, Skipped) else Skipped(rec.origin, "not extracted")
                    self.stats["skips"] += 1
                    buffers["skips"].append(skip_row(rec.unit, rec.seq, skipped.origin, skipped.reason))
                for t in TABLES:
                    if len(buffers[t]) >= ROW_GROUP:
                        flush(t)
            for t in TABLES:
                flush(t)
        finally:
            for w in writers.values():
                w.close()
        for t in TABLES:
            os.replace(str(paths[t]) + ".tmp", paths[t])
        return
        yield  # a generator that yields nothing: the writer ends the pipeline


# ---------------------------------------------------------------------------- one shard
@dataclass(slots=True)
class ShardOutcome:
    """What running one shard gave: its stats, or the error that stopped it."""

    rank: int
    ok: bool
    seconds: float
    stats: dict[str, float]
    error: str | None = None
    pid: int = 0
    peak_rss_mb: float = 0.0
    started_at: float = 0.0
    ended_at: float = 0.0


def peak_rss_mb() -> float:
    """This process's peak resident memory in MiB (Linux reports ``ru_maxrss`` in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _counted(items: Iterable[Record], on_record: Callable[[Record], None]) -> Iterator[Record]:
    for rec in items:
        on_record(rec)
        yield rec


def run_shard(steps: Sequence[Step], rank: int, world_size: int, out: str | os.PathLike[str],
              on_record: Callable[[Record], None] | None = None) -> ShardOutcome:
    """Run the steps for one rank, then write its stats file and its completion marker.

    Never raises: a failure is returned as an outcome with ``ok=False`` (no marker is written, so
    the next launch reruns the shard).

    Args:
        steps: the pipeline; the first step reads, the last writes.
        rank: the shard.
        world_size: the number of shards.
        out: the run's output folder.
        on_record: called with each record the last step receives (progress).

    Returns:
        The shard's outcome.
    """
    started, wall, cpu = time.perf_counter(), time.time(), time.process_time()
    for step in steps:
        step.stats = Counter()
    try:
        items: Iterable[Record] = iter(())
        for i, step in enumerate(steps):
            if on_record is not None and i == len(steps) - 1:
                items = _counted(items, on_record)
            items = step.run(items, rank, world_size)
        for _ in items:
            pass
        stats: dict[str, float] = {}
        for step in steps:
            for k, v in step.stats.items():
                stats[k] = stats.get(k, 0) + v
        # CPU seconds of this process: with wall seconds, tells work from waiting for a core.
        stats["cpu_seconds"] = time.process_time() - cpu
        outcome = ShardOutcome(rank, True, time.perf_counter() - started,
                               {k: round(v, 4) if isinstance(v, float) else v for k, v in stats.items()},
                               pid=os.getpid(), peak_rss_mb=round(peak_rss_mb(), 1),
                               started_at=wall, ended_at=time.time())
        marker = Path(out) / DONE_DIR / shard_name(rank)
        for path, payload in ((stats_path(out, rank), outcome_dict(outcome)), (marker, {"rank": rank})):
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(json.dumps(payload), encoding="utf-8")
            os.replace(tmp, path)  # stats first, the marker last: a marker means all is there
        return outcome
    except Exception as exc:  # noqa: BLE001 - reported to the runner, which reruns it next launch
        return ShardOutcome(rank, False, time.perf_counter() - started, {},
                            f"{exc.__class__.__name__}: {exc}", os.getpid(), round(peak_rss_mb(), 1),
                            wall, time.time())


def outcome_dict(o: ShardOutcome) -> dict[str, Any]:
    """A shard outcome as JSON-ready data."""
    return {"rank": o.rank, "ok": o.ok, "seconds": round(o.seconds, 3), "stats": o.stats,
            "error": o.error, "pid": o.pid, "peak_rss_mb": o.peak_rss_mb,
            "started_at": o.started_at, "ended_at": o.ended_at}


@dataclass(frozen=True, slots=True)
class Job:
    """What a runner is asked to do: run shards ``ranks`` (of ``world_size``) of a pipeline.

    Attributes:
        steps: the pipeline (see :func:`build_pipeline`).
        ranks: the shards to run.
        world_size: the number of shards of the run.
        out: the run's output folder (on a cluster, storage every node sees).
    """

    steps: Sequence[Step]
    ranks: Sequence[int]
    world_size: int
    out: str


def build_pipeline(
    plan: Plan,
    out: str | os.PathLike[str],
    *,
    model: str | None = None,
    attribution_model: str | os.PathLike[str] | None = None,
    drop_stored: str | None = None,
) -> list[Step]:
    """The standard batch path: read → (drop what is stored) → extract (unless the plan reads
    ready results) → write Parquet.

    Args:
        plan: the run's plan.
        out: the run's output folder.
        model: spaCy pipeline name or path.
        attribution_model: attribution model folder or file, or ``"rules"``.
        drop_stored: a store URL: articles it already holds are not extracted again.
    """
    steps: list[Step] = [ReadStep(plan)]
    if drop_stored is not None:
        steps.append(DropStoredStep(drop_stored))
    if not plan.extracted:  # ready results need no pipeline
        am = os.fspath(attribution_model) if attribution_model is not None else None
        steps.append(ExtractStep(model, attribution_model=am))
    return [*steps, ParquetWriterStep(os.fspath(out))]


def warm(steps: Sequence[Any]) -> None:
    """Let every step load what it needs once per worker (the spaCy pipeline)."""
    for step in steps:
        fn = getattr(step, "warm", None)
        if fn is not None:
            fn()
