"""Bounded queues for the server's CPU work: extraction (``POST /api/articles``, ``/api/extract``,
the paste page) and quote checks (``POST /api/check``, the check page).

Each queue runs its jobs off the event loop on its own threads, so pages and searches keep being
answered while an extraction runs. Three bounds keep one client, or a burst, from taking the
server:

- a **per-client rate** (token bucket by client address): over it, 429 with ``Retry-After``;
- a **bounded queue**: when ``running + waiting`` jobs are admitted already, 503 with
  ``Retry-After`` at once, instead of piling up threads and memory;
- a **wall-clock guard**, the last resort: a client waits at most ``timeout_s`` and then gets
  503. A job that has not started by then is dropped; one that has keeps its slot until it ends
  (Python threads cannot be stopped), so the queue stays bounded either way. The per-article size
  budget of the extractor bounds how long that can be.

    >>> queue = WorkQueue("extraction", WorkLimits(running=1, waiting=8, per_minute=60, timeout_s=120))
    >>> result = await queue.run(client="203.0.113.9", fn=extract, args=(article,))
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import HTTPException, Request

from quotegraph.settings import Settings

T = TypeVar("T")

#: Most clients whose rate is remembered; beyond it the idle ones are forgotten (a full bucket
#: and a forgotten client are the same thing).
MAX_CLIENTS = 10_000


@dataclass(frozen=True, slots=True)
class WorkLimits:
    """The bounds of one queue.

    Attributes:
        running: jobs run at once (each on its own thread).
        waiting: jobs admitted beyond those, waiting for a thread.
        per_minute: jobs one client may start per minute (0: no limit).
        burst: jobs one client may start at once before the rate applies.
        timeout_s: longest a client waits for its answer, queueing included (0: no guard).
    """

    running: int = 1
    waiting: int = 8
    per_minute: float = 60.0
    burst: int = 10
    timeout_s: float = 120.0


class RateLimiter:
    """A token bucket per client: ``burst`` tokens, refilled at ``per_minute``."""

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_second = per_minute / 60.0
        self.burst = max(1, burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Take one token for ``client``.

        Returns:
            0.0 when the client may go on, else the seconds until it may.
        """
        if self.per_second <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.per_second)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return (1.0 - tokens) / self.per_second
            if len(self._buckets) >= MAX_CLIENTS and client not in self._buckets:
                self._forget_full(now)
            self._buckets[client] = (tokens - 1.0, now)
            return 0.0

    def _forget_full(self, now: float) -> None:
        full = [c for c, (t, w) in self._buckets.items() if t + (now - w) * self.per_second >= self.burst]
        for c in full:
            del self._buckets[c]
        if len(self._buckets) >= MAX_CLIENTS:  # all busy: forget the oldest half
            for c, _ in sorted(self._buckets.items(), key=lambda kv: kv[1][1])[: MAX_CLIENTS // 2]:
                del self._buckets[c]


class WorkQueue:
    """A bounded queue of CPU jobs with a per-client rate and a wall-clock guard (see the module)."""

    def __init__(self, name: str, limits: WorkLimits) -> None:
        """
        Args:
            name: what the queue runs, for the messages ("extraction", "quote check").
            limits: its bounds.
        """
        self.name = name
        self.limits = limits
        self.rate = RateLimiter(limits.per_minute, limits.burst)
        self._threads = ThreadPoolExecutor(max_workers=max(1, limits.running),
                                           thread_name_prefix=f"quotegraph-{name.replace(' ', '-')}")
        self._admitted = 0
        self._lock = threading.Lock()

    @property
    def admitted(self) -> int:
        """Jobs running or waiting now."""
        return self._admitted

    def _release(self, _: Future[Any]) -> None:
        with self._lock:
            self._admitted -= 1

    async def run(self, client: str, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` on the queue's threads and return its result.

        Args:
            client: who asks (the rate is kept per client).
            fn: the job; its exceptions reach the caller.
            *args: its arguments.

        Raises:
            HTTPException: 429 when the client is over its rate, 503 when the queue is full or
                the answer took longer than ``timeout_s``; both with ``Retry-After``.
        """
        wait = self.rate.take(client)
        if wait > 0:
            raise HTTPException(429, f"too many requests for {self.name}: at most "
                                     f"{self.limits.per_minute:g} a minute per client; retry in {math.ceil(wait)} s",
                                headers={"Retry-After": str(math.ceil(wait))})
        capacity = self.limits.running + self.limits.waiting
        with self._lock:
            if self._admitted >= capacity:
                raise HTTPException(503, f"the server is busy: {capacity} {self.name} jobs are running or "
                                         "waiting; retry shortly", headers={"Retry-After": "5"})
            self._admitted += 1
        try:
            job = self._threads.submit(fn, *args)
        except BaseException:
            with self._lock:
                self._admitted -= 1
            raise
        job.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(job)), self.limits.timeout_s or None)
        except TimeoutError:
            job.cancel()  # dropped if it has not started; a running job ends on its own
            raise HTTPException(503, f"the {self.name} took longer than {self.limits.timeout_s:g} s and was "
                                     "given up; send a shorter text or retry later",
                                headers={"Retry-After": "30"}) from None

    def close(self) -> None:
        """Stop taking jobs; waiting ones are dropped, running ones end on their own."""
        self._threads.shutdown(wait=False, cancel_futures=True)


@dataclass
class WorkQueues:
    """The server's queues: one for extraction, one for quote checks."""

    extraction: WorkQueue
    check: WorkQueue

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkQueues:
        """Queues bounded by ``settings`` (``QUOTEGRAPH_QUEUE``, ``QUOTEGRAPH_RATE``,
        ``QUOTEGRAPH_WORK_TIMEOUT``). One extraction runs at a time (the spaCy pipeline is not
        shared between threads) and one check (checks share the checker's caches)."""
        def limits() -> WorkLimits:
            return WorkLimits(running=1, waiting=settings.queue, per_minute=settings.rate_per_minute,
                              burst=max(1, settings.rate_burst), timeout_s=settings.work_timeout_s)

        return cls(extraction=WorkQueue("extraction", limits()), check=WorkQueue("quote check", limits()))

    def close(self) -> None:
        """Close both queues."""
        self.extraction.close()
        self.check.close()


def client_of(request: Request) -> str:
    """The client a request's rate is kept for: its address (the peer, not a forwarded header,
    which anyone can write)."""
    return request.client.host if request.client else "unknown"


def queues_of(request: Request) -> WorkQueues:
    """The app's queues (made on first use from its settings)."""
    state = request.app.state
    queues = getattr(state, "work_queues", None)
    if queues is None:
        queues = state.work_queues = WorkQueues.from_settings(state.settings)
    return queues  # type: ignore[no-any-return]


__all__ = ["MAX_CLIENTS", "RateLimiter", "WorkLimits", "WorkQueue", "WorkQueues", "client_of", "queues_of"]
