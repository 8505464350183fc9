"""Quote checks for the API and the pages: one checker per server process, built from the store
on first use and rebuilt when the number of stored quotations changes (looked at every few
seconds, not on every check).

Building reads every quotation (and its stored embedding) once; a check is then a shingle lookup,
a few alignments and, with embeddings, one matrix product and one sentence encoding. Checks run
in the thread pool, one at a time per process (the embedder limits BLAS to one thread, and
checks share the checker's caches), so a burst of checks queues instead of oversubscribing the
CPU.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from quotegraph.check import Checker
from quotegraph.check.render import diff_segments
from quotegraph.errors import ModelError
from quotegraph.settings import Settings
from quotegraph.store import Store

log = logging.getLogger("quotegraph.check")

#: Longest claim accepted, in characters.
MAX_CLAIM = 5000
#: Most matches a request may ask for.
MAX_K = 20
#: Seconds between two looks at the number of stored quotations (a change rebuilds the checker).
RECOUNT_S = 5.0


class CheckRequest(BaseModel):
    """What to check: the claimed words, and optionally who said them and when."""

    model_config = ConfigDict(extra="forbid")

    claim: str = Field(..., min_length=1, max_length=MAX_CLAIM, description="the quoted words as the post gives them")
    speaker: str | None = Field(None, max_length=200, description="who the claim says said them")
    since: dt.date | None = Field(None, description="only statements said on or after this day")
    until: dt.date | None = Field(None, description="only statements said on or before this day")
    k: int = Field(5, ge=1, le=MAX_K, description="most matches listed")


class CheckerCache:
    """The checker of one store, rebuilt when the store's quotation count changes."""

    def __init__(self, store: Store, *, meaning: bool = True) -> None:
        """Nothing is read until the first check.

        Args:
            store: the open store.
            meaning: also match by meaning when the embedding model is installed.
        """
        self.store = store
        self.meaning = meaning
        self._checker: Checker | None = None
        self._count = -1
        self._counted = -float("inf")
        self._lock = threading.Lock()

    def _embedder(self) -> Any:
        if not self.meaning:
            return None
        from quotegraph.check.embed import default_embedder

        try:
            return default_embedder()
        except ModelError as err:
            log.warning("checking by words only: %s", err)
            self.meaning = False
            return None

    def get(self) -> Checker:
        """The current checker (built or rebuilt here when needed).

        Whether the store changed is asked at most every :data:`RECOUNT_S` seconds: counting a
        large table on every check would cost more than the check.
        """
        now = time.monotonic()
        with self._lock:
            if self._checker is not None and now - self._counted < RECOUNT_S:
                return self._checker
        count = self.store.quotation_count()
        with self._lock:
            self._counted = now
            if self._checker is None or count != self._count:
                from quotegraph.check.stored import checker_from_store

                self._checker = checker_from_store(self.store, self._embedder())
                self._count = count
            return self._checker

    def check(self, request: CheckRequest) -> dict[str, Any]:
        """Check one claim; the JSON answer of ``POST /api/check``.

        Returns:
            ``CheckResult.to_dict()`` with at most ``k`` matches, each with its diff as display
            ``segments`` (``[kind, text]`` pairs, see :func:`~quotegraph.check.render.diff_segments`).
        """
        checker = self.get()
        with self._lock:
            result = checker.check(request.claim, speaker=request.speaker or None,
                                   since=request.since, until=request.until)
        out = result.to_dict()
        out["matches"] = out["matches"][: request.k]
        for m in out["matches"]:
            m["segments"] = [list(s) for s in diff_segments(m)]
        return out


    def variants(self, quotation_id: str) -> dict[str, Any] | None:
        """A quotation's occurrences, wordings and related quotations (see
        :func:`~quotegraph.check.variants.quotation_variants`), each related one with its diff as
        display ``segments``; ``None`` when no such quotation is stored."""
        from quotegraph.check.variants import quotation_variants

        checker = self.get()
        with self._lock:
            out = quotation_variants(self.store, quotation_id, checker)
        if out is not None:
            for r in out["related"] or []:
                r["segments"] = [list(s) for s in diff_segments({"text": out["quotation"], "diff": r["diff"]})]
        return out


def checker_cache(app_state: Any) -> CheckerCache:
    """The app's checker cache (made on first use)."""
    cache = getattr(app_state, "checker_cache", None)
    if cache is None:
        settings: Settings = app_state.settings
        cache = app_state.checker_cache = CheckerCache(app_state.store, meaning=settings.check_meaning)
    return cache  # type: ignore[no-any-return]
