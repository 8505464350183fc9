"""``kill -9`` in the middle of ``quotegraph ingest``, then a rerun: the same store as one
uninterrupted run (row counts and contents), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from conftest import invented_corpus, store_snapshot, write_story_files
from quotegraph.store import Store

CLI = [sys.executable, "-c", "from quotegraph.cli import main; main()"]


def _cli(*args: str) -> list[str]:
    return [*CLI, *map(str, args)]


def _count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM articles")).scalar_one())


def _kill_halfway(cmd: list[str], store: Store, total: int, at_least: int) -> int:
    """Start ``cmd``, SIGKILL it once ``at_least`` (but not all) articles are stored."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            n = _count(store)
            if n >= at_least:
                os.killpg(proc.pid, signal.SIGKILL)
                break
            if proc.poll() is not None:
                raise AssertionError(f"ingest ended before it could be killed: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.005)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    stored = _count(store)
    assert at_least <= stored < total, f"killed at {stored} of {total}: not half-way"
    return stored


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


def test_corpus_kill_and_rerun_of_extracted_results(db_url: str, tmp_path: Path) -> None:
    total = 240
    src = tmp_path / "results.jsonl"
    src.write_text("".join(json.dumps(r.to_dict()) + "\n" for r in invented_corpus(total)), encoding="utf-8")

    reference = str(tmp_path / "reference.sqlite")
    _run(_cli("ingest", src, "--extracted", "--db", reference, "--no-progress"))

    store = Store.open(db_url)  # create the schema before the ingest process and the poller race
    try:
        _kill_halfway(_cli("ingest", src, "--extracted", "--db", db_url, "--no-progress"), store, total, total // 3)
    finally:
        store.close()
    _run(_cli("ingest", src, "--extracted", "--db", db_url, "--no-progress"))

    got, want = store_snapshot(db_url), store_snapshot(reference)
    assert {k: len(v) for k, v in got.items()} == {k: len(v) for k, v in want.items()}
    assert got == want


def test_corpus_kill_and_rerun_of_real_extraction(db_url: str, tmp_path: Path) -> None:
    total = 20
    folder = tmp_path / "news"
    write_story_files(folder, total)
    args = ("ingest", folder, "--workers", "1", "--published", "2024-05-01", "--no-progress")

    reference = str(tmp_path / "reference.sqlite")
    _run(_cli(*args, "--db", reference))

    store = Store.open(db_url)
    try:
        _kill_halfway(_cli(*args, "--db", db_url), store, total, 1)
    finally:
        store.close()
    _run(_cli(*args, "--db", db_url))

    got, want = store_snapshot(db_url), store_snapshot(reference)
    assert got["articles"] and got["attributions"]
    assert {k: len(v) for k, v in got.items()} == {k: len(v) for k, v in want.items()}
    assert got == want
