"""How long the store-reading commands take to answer (``quotegraph bench search --startup``).

``quotegraph search``, ``speakers`` and ``show`` are run as a user runs them — a new Python
process each time, ``python -m quotegraph …`` — against a store, and their wall time is taken
from the start of the process to its exit: interpreter start-up, imports, opening the store and
the query together. The median of ``repeat`` runs is reported; the first run of each is not
counted (it fills the operating system's file cache).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from typing import Any

from quotegraph.errors import QuotegraphError
from quotegraph.search import parse_terms
from quotegraph.store import Store


def startup_commands(store: Store) -> dict[str, list[str]]:
    """The commands timed, with arguments taken from the store so that each answers something.

    Raises:
        QuotegraphError: when the store holds no statement.
    """
    hits = store.search(limit=1).hits
    if not hits:
        raise QuotegraphError("the store has no statements; ingest first (e.g. `make run` for examples/)")
    words = [w for w in parse_terms(hits[0].content_text).words if len(w) > 3] or ["said"]
    return {
        "search": ["search", words[0]],
        "speakers": ["speakers"],
        "show": ["show", hits[0].article_id],
    }


def bench_startup(db: str, repeat: int = 5) -> dict[str, Any]:
    """Time each command's whole run, from a new process to its exit.

    Args:
        db: the store (path or URL), handed to each command as ``--db``.
        repeat: timed runs per command (after one untimed run).

    Returns:
        ``db``, ``repeat`` and ``commands``: per command its ``args``, ``median_s``, ``min_s``,
        ``max_s`` and ``exit_codes``.

    Raises:
        QuotegraphError: when the store holds no statement.
    """
    store = Store.open(db)
    try:
        commands = startup_commands(store)
    finally:
        store.close()
    out: dict[str, Any] = {}
    for name, args in commands.items():
        argv = [sys.executable, "-m", "quotegraph", *args, "--db", db]
        times: list[float] = []
        codes: set[int] = set()
        for i in range(repeat + 1):
            t0 = time.perf_counter()
            done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            if i:  # the first run warms the file cache
                times.append(time.perf_counter() - t0)
            codes.add(done.returncode)
        out[name] = {"args": args, "median_s": round(statistics.median(times), 3),
                     "min_s": round(min(times), 3), "max_s": round(max(times), 3),
                     "exit_codes": sorted(codes)}  # fmt: skip
    return {"db": db, "repeat": repeat, "commands": out}
