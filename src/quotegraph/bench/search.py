"""Search latency over a store (``quotegraph bench search``): p50/p95 of speaker+text queries.

Queries pair the store's most frequent speakers with a word of one of their own statements, so
each query has hits; a first round warms caches and is not timed.
"""

from __future__ import annotations

import time
from typing import Any

from quotegraph.errors import QuotegraphError
from quotegraph.search import parse_terms
from quotegraph.store import Store


def bench_search(store: Store, queries: int = 200) -> dict[str, Any]:
    """Time ``queries`` speaker+text searches over ``store``.

    Args:
        store: an open store with attributed statements.
        queries: the number of timed queries (the query pairs are cycled).

    Returns:
        ``backend``, ``articles``, ``attributions``, ``queries`` and the ``p50_ms``, ``p95_ms``
        and ``max_ms`` latencies.

    Raises:
        QuotegraphError: when the store has no attributed statement to search.
    """
    pairs: list[tuple[str, str]] = []
    for s in store.speakers(50):
        for h in store.search(speaker_id=s.id, limit=5).hits:
            words = [w for w in parse_terms(h.content_text).words if len(w) > 4]
            if words:
                pairs.append((s.name, words[len(words) // 2]))
    if not pairs:
        raise QuotegraphError("the store has no attributed statements to search; ingest first")
    for name, word in pairs[:20]:
        store.search(word, speaker=name, limit=20)
    times = []
    for i in range(queries):
        name, word = pairs[i % len(pairs)]
        t0 = time.perf_counter()
        store.search(word, speaker=name, limit=20)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()

    def pct(p: float) -> float:
        return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))]

    counts = store.counts()
    return {
        "backend": store.dialect,
        "articles": counts["articles"],
        "attributions": counts["attributions"],
        "queries": len(times),
        "p50_ms": round(pct(50), 2),
        "p95_ms": round(pct(95), 2),
        "max_ms": round(times[-1], 2),
    }
