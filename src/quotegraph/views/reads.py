"""What the API and the pages read: the store's records shaped as JSON (facets, a speaker with
timeline and latest statements, the graph's nodes).

Everything here takes an open :class:`~quotegraph.store.Store` and returns plain JSON-ready
dicts, so that a page and its ``/api/`` twin serve the same data. Every query is a method of the
store; nothing here touches its tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from quotegraph.store import SearchQuery, Store

#: How many values each facet lists.
FACET_TOP = 8


def search(store: Store, query: SearchQuery, *, facets: bool = False) -> dict[str, Any]:
    """A page of statements matching ``query`` (and, with ``facets``, counts by kind, outlet
    and speaker over all matches): ``Store.search(...).to_dict()`` (see
    :meth:`~quotegraph.store.Store.search_json`)."""
    out = store.search_json(query)
    out["facets"] = search_facets(store, query) if facets else None
    return out


def search_facets(store: Store, query: SearchQuery) -> dict[str, list[dict[str, Any]]]:
    """Counts of the statements matching ``query`` by kind, outlet and speaker (top ones)."""
    facets = store.facet_counts(query, FACET_TOP)

    def rows(counts: list[Any]) -> list[dict[str, Any]]:
        return [{"value": c.value, "label": c.label or c.value, "count": c.count}
                for c in counts if c.value is not None]

    return {"kind": rows(facets.kind), "outlet": rows(facets.source), "speaker": rows(facets.speaker)}


def speaker(store: Store, speaker_id: str, *, recent: int = 20) -> dict[str, Any] | None:
    """A speaker with aliases, roles, counts, whom they talk about, their timeline and latest
    statements; ``None`` when no such id is stored."""
    info = store.speaker(speaker_id)
    if info is None:
        return None
    out = info.to_dict()
    out["timeline"] = [p.to_dict() for p in store.timeline(speaker_id)]
    out["recent"] = store.search(speaker_id=speaker_id, limit=recent).to_dict()["hits"]
    return out


def speakers(store: Store, *, name: str | None, limit: int, offset: int) -> list[dict[str, Any]]:
    """Speakers by number of distinct statements."""
    return [s.to_dict() for s in store.speakers(limit, offset=offset, name=name or None)]


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """A stored article with its attributions and entities, or ``None``."""
    art = store.article(article_id)
    return None if art is None else art.to_dict()


def graph(
    store: Store,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    speaker_id: str | None = None,
    min_weight: int = 1,
    limit: int = 300,
) -> dict[str, Any]:
    """Who talks about whom between ``since`` and ``until``: nodes and weighted edges."""
    edges = store.graph(since, until, speaker_id=speaker_id, min_weight=min_weight, limit=limit)
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        src = nodes.setdefault(e.source_id, {"id": e.source_id, "name": e.source_name,
                                             "kind": "", "spoken": 0, "mentioned": 0})
        src["spoken"] += e.weight
        dst = nodes.setdefault(e.target_id, {"id": e.target_id, "name": e.target_name,
                                             "kind": e.target_kind, "spoken": 0, "mentioned": 0})
        dst["mentioned"] += e.weight
        dst["kind"] = e.target_kind
    for sid, kind in store.speaker_kinds([n["id"] for n in nodes.values() if not n["kind"]]).items():
        nodes[sid]["kind"] = kind
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "nodes": sorted(nodes.values(), key=lambda n: (-(n["spoken"] + n["mentioned"]), n["name"])),
        "edges": [{"source": e.source_id, "target": e.target_id, "weight": e.weight} for e in edges],
    }
