"""``POST /api/check``: did they say it, in those words, and where did it first appear?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from quotegraph.views.checking import CheckRequest, checker_cache
from quotegraph.views.deps import require_read

# A check writes nothing: it needs the read key when one is set, never the write key.
router = APIRouter(prefix="/api", tags=["check"], dependencies=[Depends(require_read)])


@router.post("/check", summary="Check a quote")
async def check(body: CheckRequest, request: Request) -> dict[str, Any]:
    """The verdict on a claimed quotation (verbatim, altered, cut_short, someone_else,
    paraphrase, not_found), its reason, and the closest attested statements with speaker,
    `said_on`, first article, number of articles and a word diff."""
    cache = checker_cache(request.app.state)
    # CPU work (alignment, maybe an embedding): off the event loop.
    return await run_in_threadpool(cache.check, body)
