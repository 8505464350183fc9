"""``GET /api/quotations/{id}``: a quotation's occurrences and wording variants over time."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from starlette.concurrency import run_in_threadpool

from quotegraph.views.checking import checker_cache
from quotegraph.views.deps import found, require_read

router = APIRouter(prefix="/api", tags=["quotations"], dependencies=[Depends(require_read)])


@router.get("/quotations/{quote_id}", summary="A quotation's occurrences and variants")
async def quotation(request: Request, quote_id: Annotated[str, Path(max_length=40)]) -> dict[str, Any]:
    """One aggregated quotation (the export's `quoteID`): its occurrences (article, date,
    speaker, the text as printed), its distinct wordings, and related quotations whose words
    are nearly the same (`altered`, `part` of a longer one, `shortened`) with a word diff; every
    list first seen first."""
    cache = checker_cache(request.app.state)
    return found(await run_in_threadpool(cache.variants, quote_id), "quotation", quote_id)
