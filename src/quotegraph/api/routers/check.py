"""``POST /api/check``: did they say it, in those words, and where did it first appear?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from quotegraph.api import payloads
from quotegraph.views.checking import CheckRequest, checker_cache
from quotegraph.views.deps import require_read
from quotegraph.views.work import client_of, queues_of

# A check writes nothing: it needs the read key when one is set, never the write key.
router = APIRouter(prefix="/api", tags=["check"], dependencies=[Depends(require_read)])


@router.post("/check", summary="Check a quote", responses={
    429: {"model": payloads.Error, "description": "over the per-client rate (see Retry-After)"},
    503: {"model": payloads.Error, "description": "check queue full, or the check took too long"}})
async def check(body: CheckRequest, request: Request) -> dict[str, Any]:
    """The verdict on a claimed quotation (verbatim, altered, cut_short, someone_else,
    paraphrase, not_found), its reason, and the closest attested statements with speaker,
    `said_on`, first article, number of articles and a word diff."""
    cache = checker_cache(request.app.state)
    # CPU work (alignment, maybe an embedding): off the event loop, in the bounded queue.
    return await queues_of(request).check.run(client_of(request), cache.check, body)
