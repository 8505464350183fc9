"""Sentence-embedding throughput on one core (``quotegraph bench embed``).

The texts are the store's own quotations (the ones ``quotegraph embed`` would encode); nothing is
written. One BLAS thread, as the checker and the backfill run it by default.
"""

from __future__ import annotations

import time
from typing import Any

from quotegraph.errors import QuotegraphError
from quotegraph.store import Store


def bench_embed(store: Store, limit: int = 500, batch: int = 32, threads: int = 1) -> dict[str, Any]:
    """Time the embedding of up to ``limit`` stored quotations.

    Args:
        store: an open store with quotations.
        limit: how many quotations to embed (the first by id).
        batch: texts per forward pass.
        threads: BLAS threads (1: one core).

    Returns:
        ``statements``, ``words``, ``seconds``, ``statements_per_s``, ``words_per_s``,
        ``batch`` and ``threads``.

    Raises:
        QuotegraphError: when the store has no quotation, or the model is not installed.
    """
    from quotegraph.check.embed import Embedder

    texts = [q.text for _, q in zip(range(limit), store.quotations_for_check(), strict=False)]
    if not texts:
        raise QuotegraphError("the store has no quotations to embed; ingest first")
    embedder = Embedder(batch_size=batch, threads=threads)
    embedder.encode(texts[: min(len(texts), batch)])  # warm-up: first BLAS calls, allocations
    start = time.perf_counter()
    embedder.encode(texts)
    seconds = time.perf_counter() - start
    words = sum(len(t.split()) for t in texts)
    return {
        "statements": len(texts), "words": words, "seconds": round(seconds, 3),
        "statements_per_s": round(len(texts) / seconds, 1), "words_per_s": round(words / seconds),
        "batch": batch, "threads": threads,
    }
