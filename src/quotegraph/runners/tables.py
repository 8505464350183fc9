"""The Parquet tables a shard writes, and the rows of one result in each.

Per shard ``NNNNN``, under the run's output folder::

    articles/NNNNN.parquet      one row per article, with the full contract JSON (``result``)
    attributions/NNNNN.parquet  one row per attribution (flattened for SQL engines: DuckDB, Spark)
    entities/NNNNN.parquet      one row per entity of an article
    times/NNNNN.parquet         one row per time expression
    skips/NNNNN.parquet         one row per input that could not be read or extracted

Every row carries ``unit`` and ``seq``: its place in the run's read order (see ``plan``). The
``result`` column is what ``load`` reads back, so loading is lossless; the other tables are for
people who query the output directly.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from quotegraph.models import ExtractionResult

TABLES = ("articles", "attributions", "entities", "times", "skips")

_KEY = [("unit", pa.int64()), ("seq", pa.int64())]

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        *_KEY,
        ("origin", pa.string()),
        ("article_id", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("source", pa.string()),
        ("language", pa.string()),
        ("chars", pa.int64()),
        ("n_attributions", pa.int64()),
        ("result", pa.string()),
    ]),
    "attributions": pa.schema([
        *_KEY,
        ("article_id", pa.string()),
        ("id", pa.string()),
        ("kind", pa.string()),
        ("content", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("cue", pa.string()),
        ("source", pa.string()),
        ("speaker_id", pa.string()),
        ("speaker", pa.string()),
        ("speaker_kind", pa.string()),
        ("addressee", pa.string()),
        ("said_on", pa.string()),
        ("said_on_start", pa.string()),
        ("said_on_end", pa.string()),
        ("parent", pa.string()),
        ("confidence", pa.float64()),
        ("spans", pa.string()),
    ]),
    "entities": pa.schema([
        *_KEY,
        ("article_id", pa.string()),
        ("id", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("aliases", pa.list_(pa.string())),
        ("roles", pa.list_(pa.string())),
    ]),
    "times": pa.schema([
        *_KEY,
        ("article_id", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("type", pa.string()),
        ("value", pa.string()),
    ]),
    "skips": pa.schema([*_KEY, ("origin", pa.string()), ("reason", pa.string())]),
}


def result_rows(result: ExtractionResult, unit: int, seq: int, origin: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of one extraction result in every table but ``skips``."""
    art = result.article
    key = {"unit": unit, "seq": seq}
    aid = art.id
    data = result.to_dict()
    rows: dict[str, list[dict[str, Any]]] = {
        "articles": [{
            **key, "origin": origin, "article_id": aid, "url": art.url, "title": art.title,
            "published": art.published, "source": art.source, "language": art.language,
            "chars": len(art.text), "n_attributions": len(result.attributions),
            "result": json.dumps(data, ensure_ascii=False),
        }],
        "attributions": [],
        "entities": [],
        "times": [],
    }
    for a in result.attributions:
        rows["attributions"].append({
            **key, "article_id": aid, "id": a.id, "kind": a.kind, "content": a.content_text,
            "start": a.start, "end": a.end,
            "cue": a.cue.text if a.cue else None,
            "source": a.source.text if a.source else None,
            "speaker_id": a.speaker.id if a.speaker else None,
            "speaker": a.speaker.name if a.speaker else None,
            "speaker_kind": a.speaker.kind if a.speaker else None,
            "addressee": a.addressee.span.text if a.addressee else None,
            "said_on": a.said_on.value if a.said_on else None,
            "said_on_start": a.said_on.start if a.said_on else None,
            "said_on_end": a.said_on.end if a.said_on else None,
            "parent": a.parent, "confidence": float(a.confidence),
            "spans": json.dumps([s.to_dict() for s in a.content], ensure_ascii=False),
        })
    for e in result.entities:
        rows["entities"].append({**key, "article_id": aid, "id": e.id, "name": e.name, "kind": e.kind,
                                 "aliases": list(e.aliases), "roles": list(e.roles)})
    for t in result.times:
        rows["times"].append({**key, "article_id": aid, "start": t.start, "end": t.end, "text": t.text,
                              "type": t.type, "value": t.value})
    return rows


def skip_row(unit: int, seq: int, origin: str, reason: str) -> dict[str, Any]:
    """The ``skips`` row of an input that was not extracted."""
    return {"unit": unit, "seq": seq, "origin": origin, "reason": reason}
