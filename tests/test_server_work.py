"""The server's bounded work queues: a per-client rate (429), a bounded queue (503 when full), a
wall-clock guard (503), and pages and searches answered while a long extraction runs."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient

from quotegraph.server import Settings, create_app
from quotegraph.views.work import RateLimiter, WorkLimits, WorkQueue

SHORT = "\u201cWe will keep the ferry running,\u201d Mayor Ines Calloway said on Tuesday.\n"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_allows_a_burst_then_refills_at_the_rate() -> None:
    clock = FakeClock()
    rate = RateLimiter(per_minute=6, burst=2, clock=clock)  # one token every 10 s
    assert rate.take("a") == 0.0
    assert rate.take("a") == 0.0
    wait = rate.take("a")
    assert 9.9 < wait <= 10.0
    assert rate.take("b") == 0.0  # another client has its own bucket
    clock.now += 10.0
    assert rate.take("a") == 0.0
    assert rate.take("a") > 0


def test_rate_zero_means_no_limit() -> None:
    rate = RateLimiter(per_minute=0, burst=1)
    assert all(rate.take("a") == 0.0 for _ in range(100))


def _blocking_job(started: threading.Event, release: threading.Event, value: str) -> str:
    started.set()
    release.wait(10)
    return value


def test_queue_admits_running_plus_waiting_then_answers_503() -> None:
    async def scenario() -> None:
        queue = WorkQueue("test", WorkLimits(running=1, waiting=1, per_minute=0, timeout_s=10))
        release = threading.Event()
        first_started, second_started = threading.Event(), threading.Event()
        first = asyncio.create_task(queue.run("a", _blocking_job, first_started, release, "one"))
        second = asyncio.create_task(queue.run("b", _blocking_job, second_started, release, "two"))
        await asyncio.sleep(0.05)
        assert first_started.wait(5) and not second_started.is_set()  # one runs, one waits
        with pytest.raises(HTTPException) as full:
            await queue.run("c", _blocking_job, threading.Event(), release, "three")
        assert full.value.status_code == 503 and full.value.headers == {"Retry-After": "5"}
        release.set()
        assert (await first, await second) == ("one", "two")
        assert queue.admitted == 0
        assert await queue.run("c", str.upper, "after") == "AFTER"  # room again
        queue.close()

    asyncio.run(scenario())


def test_a_job_over_the_time_guard_gets_503_and_keeps_its_slot_until_it_ends() -> None:
    async def scenario() -> None:
        queue = WorkQueue("test", WorkLimits(running=1, waiting=1, per_minute=0, timeout_s=0.2))
        release, started = threading.Event(), threading.Event()
        with pytest.raises(HTTPException) as slow:
            await queue.run("a", _blocking_job, started, release, "late")
        assert slow.value.status_code == 503 and "longer than 0.2 s" in slow.value.detail
        assert queue.admitted == 1  # still running: the bound holds
        never = threading.Event()
        with pytest.raises(HTTPException):  # waits behind it, times out, and is dropped unstarted
            await queue.run("b", _blocking_job, never, release, "dropped")
        release.set()
        for _ in range(100):
            if queue.admitted == 0:
                break
            await asyncio.sleep(0.02)
        assert queue.admitted == 0 and not never.is_set()
        queue.close()

    asyncio.run(scenario())


def test_job_errors_reach_the_caller_and_free_the_slot() -> None:
    async def scenario() -> None:
        queue = WorkQueue("test", WorkLimits(running=1, waiting=0, per_minute=0, timeout_s=5))
        with pytest.raises(ZeroDivisionError):
            await queue.run("a", divmod, 1, 0)
        assert queue.admitted == 0
        queue.close()

    asyncio.run(scenario())


def test_settings_read_the_bounds_from_the_environment() -> None:
    s = Settings.from_env(environ={"QUOTEGRAPH_QUEUE": "3", "QUOTEGRAPH_RATE": "0",
                                          "QUOTEGRAPH_RATE_BURST": "4", "QUOTEGRAPH_WORK_TIMEOUT": "2.5"})
    assert (s.queue, s.rate_per_minute, s.rate_burst, s.work_timeout_s) == (3, 0.0, 4, 2.5)
    with pytest.raises(ValueError, match="QUOTEGRAPH_RATE"):
        Settings.from_env(environ={"QUOTEGRAPH_RATE": "fast"})


def test_extractions_over_the_client_rate_get_429_with_retry_after(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "s.sqlite"), rate_per_minute=1, rate_burst=2)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        codes = [client.post("/api/extract", json={"text": SHORT}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        r = client.post("/api/extract", json={"text": SHORT})
        assert r.status_code == 429
        assert int(r.headers["retry-after"]) > 0
        assert "a minute per client" in r.json()["error"]
        # A browser gets the same answer as a page.
        page = client.post("/paste", content=b"text=x", headers={"accept": "text/html",
                                                                 "content-type": "application/x-www-form-urlencoded"})
        assert page.status_code == 429 and page.headers["content-type"].startswith("text/html")
        # Reads are not rate-limited.
        assert client.get("/api/search", params={"q": "ferry"}).status_code == 200


def _long_article(paragraphs: int) -> str:
    lines = []
    for i in range(paragraphs):
        lines.append(f"\u201cThe ferry timetable for week {i} will change,\u201d Mayor Ines Calloway said on Tuesday. "
                     f"Councillor Bram Oduya told reporters that the harbour fees for berth {i} would rise.")
    return "Harbour timetable\n\n" + "\n\n".join(lines) + "\n"


def test_searches_are_answered_while_a_long_extraction_runs(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "s.sqlite"), api_key="k")
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/api/articles", json={"text": SHORT}, headers={"X-API-Key": "k"}).status_code == 201
        queue = app.state.work_queues.extraction
        outcome: dict[str, object] = {}

        def long_extraction() -> None:
            r = client.post("/api/extract", json={"text": _long_article(600)})
            outcome["status"], outcome["done"] = r.status_code, time.monotonic()

        worker = threading.Thread(target=long_extraction)
        worker.start()
        deadline = time.monotonic() + 30
        while queue.admitted == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert queue.admitted == 1, "the long extraction never started"
        answered = []
        for _ in range(3):
            t0 = time.monotonic()
            r = client.get("/api/search", params={"q": "ferry"})
            answered.append((r.status_code, time.monotonic() - t0, time.monotonic()))
            assert client.get("/").status_code == 200
        still_running = queue.admitted == 1
        worker.join(120)
        assert outcome.get("status") == 200
        assert still_running, "the extraction ended before the searches: make the text longer"
        # Answered (not just queued behind it): each search came back before the extraction did.
        assert all(code == 200 and when < outcome["done"] for code, _took, when in answered), answered
        assert r.json()["total"] == 1


def test_an_article_over_the_size_budget_gets_413_with_the_reason(tmp_path: Path) -> None:
    from quotegraph.pipeline import SizeBudget

    text = "The harbour board met. " * (SizeBudget().max_chars // 23 + 10)
    settings = Settings(db=str(tmp_path / "s.sqlite"), max_body=3_000_000)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        r = client.post("/api/extract", json={"text": text})
        assert r.status_code == 413
        assert "size budget" in r.json()["error"] and "characters" in r.json()["error"]
