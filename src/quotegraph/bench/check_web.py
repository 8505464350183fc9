"""Latency of ``POST /api/check`` under concurrent clients (``quotegraph bench check-latency``),
on a store grown to a target size from a PolNeAR store plus generated wording variants.

The client is asyncio on keep-alive loopback connections, like ``bench web``'s: each simulated
user sends its next check as soon as the last one is answered. Claims are drawn from the store
with the check-set generator (verbatim, altered, cut short, spliced, speaker swapped, never
said), so the server does every kind of work a real check does.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from quotegraph.bench.check_set import Pool, generate
from quotegraph.bench.check_store import generated_results
from quotegraph.bench.web import LoadResult, _free_port, _wait_up, send_all, stop_server
from quotegraph.errors import QuotegraphError
from quotegraph.store import Store


def grow_store(source: str, target: str, size: int, *, seed: int = 13, per_article: int = 20,
               progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Copy every article of ``source`` into ``target`` (when ``target`` is empty), then add
    invented articles of wording variants of its statements until ``target`` holds ``size``
    statements.

    Args:
        source: a store of real statements (e.g. PolNeAR train + dev).
        target: the store to fill (SQLite path or PostgreSQL URL).
        size: statements wanted in ``target``.
        seed: the seed of the variants.
        per_article: generated statements per invented article (more: fewer, longer articles,
            and a faster fill of a store reached over the network).
        progress: called with a line now and then.

    Returns:
        ``copied`` articles, ``generated`` statements, ``statements`` in all and ``seconds``.
    """
    say = progress or (lambda _m: None)
    t0 = time.perf_counter()
    copied = generated = 0
    with Store.open(source) as src, Store.open(target) as dst:
        if not dst.counts()["articles"]:
            ids = [a["id"] for a in src.articles(limit=10**7)]
            for n, aid in enumerate(ids):
                art = src.article(aid)
                if art is not None and dst.add(art.to_result()):
                    copied += 1
                if n % 200 == 199:
                    say(f"  copied {n + 1} of {len(ids)} articles")
        have = dst.counts()["attributions"]
        if have < size:
            pairs = [(q.text, q.speaker_name) for q in src.quotations_for_check()]
            for result in generated_results(pairs, size - have, seed=seed + have, per_article=per_article):
                dst.add(result)
                generated += len(result.attributions)
                if generated % 10_000 < len(result.attributions):
                    say(f"  generated {generated} of {size - have} statements")
        total = dst.counts()["attributions"]
    vectors = copy_vectors(source, target)
    return {"copied": copied, "generated": generated, "statements": total, "vectors_copied": vectors,
            "seconds": round(time.perf_counter() - t0, 1)}


def copy_vectors(source: str, target: str, model: str = "all-MiniLM-L6-v2") -> int:
    """Copy the sentence embeddings of ``source`` to the same quotations of ``target`` (a
    quotation's id is the hash of its words, so the same words have the same vector) where
    ``target`` has none yet.

    Returns:
        How many were copied.
    """
    with Store.open(source) as src, Store.open(target) as dst:
        blobs = src.vectors(model)
        if not blobs:
            return 0
        have = set(dst.vectors(model))
        wanted = {q for q, _ in dst.missing_vectors(model, limit=10**9)} - have
        rows = [(qid, blob) for qid, blob in blobs.items() if qid in wanted]
        dims = len(next(iter(blobs.values()))) // 4
        for start in range(0, len(rows), 5000):
            dst.add_vectors(model, dims, rows[start : start + 5000])
    return len(rows)


def check_bodies(store: Store, n: int = 400, *, sample: int = 3000, seed: int = 5) -> list[bytes]:
    """``n`` JSON bodies for ``POST /api/check``, made by the check-set generator from
    ``sample`` statements of the store (the checks search the whole store)."""
    from quotegraph.check.stored import statements

    found = statements(store)
    rng = random.Random(seed)
    picked = rng.sample(found, min(sample, len(found)))
    pool = Pool(picked, {st.id: "all" for st in picked})
    cases = generate(pool, per_kind=max(1, n // 6), never_said=max(1, n // 6), seed=seed)
    rng.shuffle(cases)
    if not cases:
        raise QuotegraphError("the store has no statements to make claims from")
    return [json.dumps({"claim": c.claim, "speaker": c.speaker, "k": 5}).encode() for c in cases[:n]]


def _posts(url: str, bodies: list[bytes], key: str | None) -> list[tuple[str, bytes]]:
    """``POST /api/check`` requests of ``bodies`` (label, raw HTTP request)."""
    parts = urlsplit(url)
    extra = f"X-API-Key: {key}\r\n" if key else ""
    return [(f"POST /api/check {body[:60]!r}",
             (f"POST /api/check HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
              f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n").encode() + body)
            for body in bodies]


def bench_check_latency(
    db: str,
    *,
    clients: int = 4,
    requests: int = 400,
    workers: int | None = None,
    warmup: int = 40,
    url: str | None = None,
    min_statements: int = 100_000,
    progress: Callable[[str], None] | None = None,
) -> tuple[dict[str, Any], LoadResult]:
    """Start a server on ``db`` (unless ``url`` names one), wait until its checkers are built,
    and time ``requests`` checks from ``clients`` concurrent clients.

    Raises:
        QuotegraphError: a store smaller than ``min_statements``, or a server that does not answer.
    """
    say = progress or (lambda _m: None)
    with Store.open(db) as store:
        counts = store.counts()
        if counts["attributions"] < min_statements:
            raise QuotegraphError(f"the store holds {counts['attributions']} statements, fewer than "
                                  f"{min_statements}; grow it with --grow-from")
        have, total = store.vector_counts("all-MiniLM-L6-v2")
        bodies = check_bodies(store, max(requests, 60))
        db_url = store.url
    proc = None
    workers = workers or os.cpu_count() or 1
    key = os.environ.get("QUOTEGRAPH_READ_KEY")
    try:
        if url is None:
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            # A load test is a few clients asking many times: the per-client rate is lifted.
            env = {**os.environ, "QUOTEGRAPH_DB": db, "QUOTEGRAPH_RATE": os.environ.get("QUOTEGRAPH_RATE", "0")}
            proc = subprocess.Popen(
                [sys.executable, "-m", "quotegraph.api.workers", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", str(workers), "--log-level", "warning"], env=env)
        _wait_up(url.rstrip("/"), proc)
        say("server up; building the checkers (first checks)")
        t0 = time.perf_counter()
        # Every worker builds its checker on its first check: enough warm-up checks reach each.
        asyncio.run(send_all(url, _posts(url, bodies[::-1], key), max(clients, workers * 2),
                             max(warmup, workers * 4)))
        build_s = time.perf_counter() - t0
        load_before = round(os.getloadavg()[0], 2)
        result = asyncio.run(send_all(url, _posts(url, bodies, key), clients, requests))
    finally:
        stop_server(proc)
    summary = {"store": db_url, "statements": counts["attributions"], "articles": counts["articles"],
               "vectors": have, "quotations": total, "clients": clients,
               "server_workers": workers if proc is not None else None, "cpus": os.cpu_count(),
               "load_1m_before": load_before, "warmup_s": round(build_s, 1), **result.summary()}
    return summary, result
