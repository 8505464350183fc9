"""Load benchmark of the web API (``quotegraph bench web``): many concurrent keep-alive clients
on loopback, against a server it starts (or one already running).

The client is a small asyncio HTTP/1.1 client (one connection per simulated user, requests
back to back, no think time), lighter than an HTTP library, so that on a small machine the
measurement is of the server more than of the load generator.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from quotegraph.errors import QuotegraphError
from quotegraph.store import Store


@dataclass(slots=True)
class LoadResult:
    """What a load run measured (latencies in milliseconds)."""

    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    def percentile(self, p: float) -> float:
        """The ``p``-th percentile latency (nearest rank)."""
        if not self.latencies_ms:
            return 0.0
        xs = sorted(self.latencies_ms)
        k = max(0, min(len(xs) - 1, int(round(p / 100 * len(xs) + 0.5)) - 1))
        return xs[k]

    def summary(self) -> dict[str, Any]:
        """Counts, throughput and latency percentiles, rounded for printing."""
        return {
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "requests_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(self.percentile(50), 1),
            "p95_ms": round(self.percentile(95), 1),
            "p99_ms": round(self.percentile(99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else 0.0,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "error_samples": self.error_samples[:5],
        }


def search_queries(store: Store, n: int = 500, seed: int = 7) -> list[str]:
    """``n`` realistic ``/api/search`` query strings drawn from the store's own speakers and
    words: text only, speaker only, speaker and text, mentioned entity, and date ranges."""
    rng = random.Random(seed)
    names = [s.name for s in store.speakers(200)]
    hits = store.search(limit=1000).hits
    words = sorted({w.strip(".,;:!?\"'“”‘’()").lower() for h in hits for w in h.content_text.split()
                    if len(w.strip(".,;:!?\"'“”‘’()")) >= 5 and w.strip(".,;:!?\"'“”‘’()").isalpha()})
    dates = sorted({h.date for h in hits if h.date})
    if not names or not words:
        raise ValueError("the store holds no statements to query; ingest articles first")
    out = []
    for i in range(n):
        form = i % 5
        params: dict[str, Any] = {}
        if form == 0:
            params["q"] = rng.choice(words)
        elif form == 1:
            params["speaker"] = rng.choice(names)
        elif form == 2:
            params["speaker"] = rng.choice(names).split()[-1]
            params["q"] = rng.choice(words)
        elif form == 3:
            params["about"] = rng.choice(names)
        else:
            params["q"] = rng.choice(words)
            if dates:
                a, b = sorted((rng.choice(dates), rng.choice(dates)))
                params["since"], params["until"] = a.isoformat(), b.isoformat()
        out.append("/api/search?" + urlencode(params))
    return out


async def _client(host: str, port: int, requests: list[tuple[str, bytes]], left: list[int],
                  result: LoadResult) -> None:
    """One keep-alive connection sending ``requests`` (label, raw HTTP request), cycled, back to
    back until ``left`` runs out."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while left[0] > 0:
            left[0] -= 1
            label, req = requests[left[0] % len(requests)]
            t0 = time.perf_counter()
            writer.write(req)
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            body = await reader.readexactly(length) if length else b""
            ms = (time.perf_counter() - t0) * 1000
            parts = status_line.split()
            status = int(parts[1]) if len(parts) > 1 else 0
            result.requests += 1
            result.latencies_ms.append(ms)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status != 200:
                result.errors += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(f"{status} {label}: {body[:200]!r}")
    finally:
        writer.close()


async def send_all(url: str, requests: list[tuple[str, bytes]], clients: int, count: int) -> LoadResult:
    """Send ``count`` of ``requests`` (label, raw HTTP request; cycled) from ``clients``
    concurrent keep-alive connections to ``url``; what was measured."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    result = LoadResult()
    remaining = [count]
    t0 = time.perf_counter()
    outcomes = await asyncio.gather(
        *[_client(host, port, requests, remaining, result) for _ in range(clients)],
        return_exceptions=True,
    )
    result.seconds = time.perf_counter() - t0
    for o in outcomes:
        if isinstance(o, BaseException):
            result.errors += 1
            if len(result.error_samples) < 5:
                result.error_samples.append(f"connection failed: {type(o).__name__}: {o}")
    return result


async def _run(url: str, paths: list[str], clients: int, requests: int, key: str | None) -> LoadResult:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    headers = f"X-API-Key: {key}\r\n" if key else ""
    raw = [(path, f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{headers}\r\n".encode()) for path in paths]
    return await send_all(url, raw, clients, requests)


def run_load(url: str, paths: list[str], *, clients: int = 50, requests: int = 5000,
             key: str | None = None, warmup: int = 200) -> LoadResult:
    """Send ``requests`` GETs of ``paths`` (cycled) from ``clients`` concurrent connections.

    Args:
        url: the server, ``http://127.0.0.1:PORT``.
        paths: request paths with their query strings.
        clients: concurrent connections, each sending its next request when the last answered.
        requests: total requests measured.
        key: a read key to send, if the server needs one.
        warmup: requests sent first and not measured (connection pools, caches).

    Returns:
        Latencies, statuses and errors of the measured requests.
    """
    if warmup:
        asyncio.run(_run(url, paths[::-1], min(clients, 10), warmup, key))
    return asyncio.run(_run(url, paths, clients, requests, key))


def bench_web(
    db: str | None,
    *,
    url: str | None = None,
    clients: int = 50,
    requests: int = 5000,
    workers: int | None = None,
    min_articles: int = 900,
) -> tuple[dict[str, Any], LoadResult]:
    """Draw search queries from the store, start a server on it (unless ``url`` names a running
    one) and measure ``requests`` searches from ``clients`` concurrent clients.

    Args:
        db: the store the queries come from (and the started server serves).
        url: a running server; ``None`` starts one on a free loopback port, stopped afterwards.
        clients: concurrent clients.
        requests: search requests measured.
        workers: server processes when a server is started (default: one per core).
        min_articles: refuse a smaller store.

    Returns:
        The printable summary and the load result (its ``errors`` decide the exit status).

    Raises:
        QuotegraphError: a store too small, or a server that exits or does not answer.
        ValueError: a store without statements to query.
    """
    with Store.open(db) as store:
        n_articles = store.counts()["articles"]
        if n_articles < min_articles:
            raise QuotegraphError(f"the store holds {n_articles} articles, fewer than --min-articles "
                                  f"{min_articles}; ingest more or lower the bar")
        paths = search_queries(store)
        db_url = store.url
    proc = None
    workers = workers or os.cpu_count() or 1
    try:
        if url is None:
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            # A load test is one client asking many times: the per-client rate is lifted.
            env = {**os.environ, "QUOTEGRAPH_DB": db or os.environ.get("QUOTEGRAPH_DB", "quotegraph.sqlite"),
                   "QUOTEGRAPH_RATE": os.environ.get("QUOTEGRAPH_RATE", "0")}
            proc = subprocess.Popen(
                [sys.executable, "-m", "quotegraph.api.workers", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", str(workers), "--log-level", "warning"],
                env=env,
            )
        _wait_up(url.rstrip("/"), proc)
        # The client shares the machine with the server (and with whatever else runs there).
        load_before = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
        result = run_load(url.rstrip("/"), paths, clients=clients, requests=requests,
                          key=os.environ.get("QUOTEGRAPH_READ_KEY"))
    finally:
        stop_server(proc)
    summary = {"store": db_url, "articles": n_articles, "clients": clients, "cpus": os.cpu_count(),
               "load_1m_before": load_before,
               "server_workers": workers if proc is not None else None,
               "http_parser": _http_parser() if proc is not None else None, **result.summary()}
    return summary, result


def stop_server(proc: subprocess.Popen[bytes] | None) -> None:
    """Stop a server this bench started (terminate, then kill after 20 s); ``None``: nothing."""
    if proc is None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(url: str, proc: subprocess.Popen[bytes] | None, timeout: float = 120.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise QuotegraphError(f"the server exited with status {proc.returncode} before answering")
        try:
            if httpx.get(url + "/api/counts", timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise QuotegraphError(f"the server at {url} did not answer within {timeout:.0f} s")


def _http_parser() -> str:
    """What uvicorn's ``auto`` settings pick: httptools and uvloop (``uvicorn[standard]``) are
    several times faster per request than the pure-Python h11 and asyncio."""
    parser = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return f"{parser}+{loop}"
