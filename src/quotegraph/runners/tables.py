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

#: Column types by the letter the specs below use.
_TYPES: dict[str, pa.DataType] = {
    "s": pa.string(), "i": pa.int64(), "f": pa.float64(), "d": pa.date32(), "l": pa.list_(pa.string()),
}


def _schema(spec: str) -> pa.Schema:
    """A table's schema from ``name:type`` pairs (types in :data:`_TYPES`), after the read-order
    key every table starts with."""
    pairs = [field.split(":") for field in f"unit:i seq:i {spec}".split()]
    return pa.schema([(name, _TYPES[kind]) for name, kind in pairs])


SCHEMAS: dict[str, pa.Schema] = {
    "articles": _schema("origin:s article_id:s url:s title:s published:d source:s language:s chars:i "
                        "n_attributions:i result:s"),
    "attributions": _schema("article_id:s id:s kind:s content:s start:i end:i cue:s source:s speaker_id:s "
                            "speaker:s speaker_kind:s addressee:s said_on:s said_on_start:s said_on_end:s "
                            "parent:s confidence:f spans:s"),
    "entities": _schema("article_id:s id:s name:s kind:s aliases:l roles:l"),
    "times": _schema("article_id:s start:i end:i text:s type:s value:s"),
    "skips": _schema("origin:s reason:s"),
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
