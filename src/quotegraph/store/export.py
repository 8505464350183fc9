"""Quote-centric export (JSONL, CSV, Parquet), one row per distinct quotation, Quotebank-style.

The fields and their meaning are documented by ``export.schema.json`` (shipped in the package,
see :func:`export_schema`); the CSV and Parquet exports carry the same columns (lists and objects
JSON-encoded in CSV, typed in Parquet).
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import sqlalchemy as sa

from quotegraph.errors import StoreError
from quotegraph.store import tables as t

if TYPE_CHECKING:
    from quotegraph.store.store import Store

FORMATS = ("jsonl", "csv", "parquet")
FIELDS = (
    "quoteID", "quotation", "speaker", "qids", "probas", "date", "numOccurrences", "urls",
    "speaker_id", "said_on", "kind", "cue", "parent", "articles", "attributions", "date_from_published",
    "date_granularity",
    "variants",
)


def export_schema() -> dict[str, Any]:
    """The JSON Schema of one exported JSONL line."""
    text = resources.files("quotegraph.store").joinpath("export.schema.json").read_text("utf-8")
    return json.loads(text)


def iter_quotations(store: Store) -> Iterator[dict[str, Any]]:
    """Every distinct quotation with its occurrences aggregated, ordered by first seen date and id."""
    a, art, q, s = t.attributions, t.articles, t.quotations, t.speakers
    stmt = (
        sa.select(
            q.c.id.label("qid"), q.c.quotation, q.c.first_seen, q.c.num_occurrences,
            a.c.id, a.c.article_id, a.c.kind, a.c.cue_text, a.c.parent_id, a.c.speaker_id,
            s.c.name.label("speaker_name"), a.c.said_on_value, a.c.said_on_granularity,
            a.c.said_on_start, a.c.said_on_end, a.c.date, a.c.date_from_published, art.c.url,
            a.c.content_text,
        )
        .select_from(
            q.join(a, a.c.quotation_id == q.c.id)
            .join(art, art.c.id == a.c.article_id)
            .outerjoin(s, s.c.id == a.c.speaker_id)
        )
        # Occurrences of a quotation in date order: the first row is the "first seen" one.
        .order_by(q.c.first_seen.is_(None), q.c.first_seen, q.c.id, a.c.date.is_(None), a.c.date,
                  a.c.article_id, a.c.position)
    )
    with store.engine.connect() as conn:
        rows = conn.execution_options(stream_results=True, yield_per=2000).execute(stmt)
        group: list[Any] = []
        for row in rows:
            if group and row.qid != group[0].qid:
                yield _aggregate(group)
                group = []
            group.append(row)
        if group:
            yield _aggregate(group)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)[:10]


def _aggregate(rows: list[Any]) -> dict[str, Any]:
    first = rows[0]
    names: Counter[str] = Counter()
    ids: dict[str, str | None] = {}
    order: dict[str, int] = {}
    for i, r in enumerate(rows):
        name = r.speaker_name if r.speaker_id else "None"
        names[name] += 1
        ids.setdefault(name, r.speaker_id)
        order.setdefault(name, i)
    ranked = sorted(names, key=lambda n: (-names[n], order[n]))
    named = [n for n in ranked if n != "None"]
    speaker = named[0] if named else None
    dated = next((r for r in rows if r.said_on_value is not None), None)
    said_on = None
    if dated is not None:
        said_on = {"value": dated.said_on_value, "granularity": dated.said_on_granularity,
                   "start": _iso(dated.said_on_start) or "", "end": _iso(dated.said_on_end) or ""}
    urls = list(dict.fromkeys(r.url for r in rows if r.url))
    return {
        "quoteID": first.qid,
        "quotation": first.quotation,
        "speaker": speaker,
        "qids": [],
        "probas": [[n, round(names[n] / len(rows), 4)] for n in ranked],
        "date": _iso(first.first_seen),
        "numOccurrences": len(rows),
        "urls": urls,
        "speaker_id": ids[speaker] if speaker else None,
        "said_on": said_on,
        "kind": first.kind,
        "cue": first.cue_text,
        "parent": first.parent_id,
        "articles": list(dict.fromkeys(r.article_id for r in rows)),
        "attributions": [r.id for r in rows],
        "date_from_published": bool(first.date_from_published),
        # How precise 'date' is: a text that gives only the year dates it "2019-01-01", "year".
        "date_granularity": None if first.first_seen is None else (
            first.said_on_granularity or "day" if first.said_on_value is not None and not first.date_from_published
            else "day"),
        "variants": _variants(rows),
    }


def _variants(rows: list[Any]) -> list[dict[str, Any]]:
    """The distinct texts the occurrences printed (rows come first seen first), each with the
    date it was first seen and how many occurrences printed it."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        v = out.setdefault(r.content_text, {"quotation": r.content_text, "date": _iso(r.date),
                                            "numOccurrences": 0})
        v["numOccurrences"] += 1
    return list(out.values())


def export(store: Store, format: str, path: str | os.PathLike[str] | IO[Any]) -> int:
    """Write every quotation of ``store`` as ``jsonl``, ``csv`` or ``parquet``.

    Args:
        store: the store.
        format: ``jsonl``, ``csv`` or ``parquet``.
        path: a file path, or an open file: a text stream for JSONL and CSV (``sys.stdout``), a
            binary one for Parquet (``sys.stdout.buffer``).

    Returns:
        The number of rows written.

    Raises:
        StoreError: unknown format or the file cannot be written.
    """
    if format not in FORMATS:
        raise StoreError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
    if not isinstance(path, str | os.PathLike):
        return _WRITERS[format](store, path)
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if format == "parquet":
            with target.open("wb") as fh:
                return _parquet(store, fh)
        with target.open("w", encoding="utf-8", newline="") as fh:
            return _WRITERS[format](store, fh)
    except OSError as exc:
        raise StoreError(f"cannot write {target}: {exc.strerror or exc}") from exc


def _jsonl(store: Store, fh: IO[str]) -> int:
    n = 0
    for row in iter_quotations(store):
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def _csv(store: Store, fh: IO[str]) -> int:
    n = 0
    writer = csv.DictWriter(fh, fieldnames=list(FIELDS))
    writer.writeheader()
    for row in iter_quotations(store):
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                         for k, v in row.items()})
        n += 1
    return n


def _parquet(store: Store, target: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    said = pa.struct([("value", pa.string()), ("granularity", pa.string()), ("start", pa.string()),
                      ("end", pa.string())])
    schema = pa.schema([
        ("quoteID", pa.string()), ("quotation", pa.string()), ("speaker", pa.string()),
        ("qids", pa.list_(pa.string())),
        ("probas", pa.list_(pa.struct([("speaker", pa.string()), ("proba", pa.float64())]))),
        ("date", pa.string()), ("numOccurrences", pa.int64()), ("urls", pa.list_(pa.string())),
        ("speaker_id", pa.string()), ("said_on", said), ("kind", pa.string()), ("cue", pa.string()),
        ("parent", pa.string()), ("articles", pa.list_(pa.string())),
        ("attributions", pa.list_(pa.string())), ("date_from_published", pa.bool_()),
        ("date_granularity", pa.string()),
        ("variants", pa.list_(pa.struct([("quotation", pa.string()), ("date", pa.string()),
                                         ("numOccurrences", pa.int64())]))),
    ])
    n = 0
    with pq.ParquetWriter(target, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in iter_quotations(store):
            row = dict(row, probas=[{"speaker": s, "proba": p} for s, p in row["probas"]])
            batch.append(row)
            if len(batch) >= 5000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


_WRITERS: dict[str, Any] = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}
