"""The quotation page: one aggregated quotation's occurrences and wording variants over time
(its JSON twin, ``?format=json``, is ``GET /api/quotations/{id}``'s answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from quotegraph.views.checking import checker_cache
from quotegraph.views.deps import found, require_read
from quotegraph.web.pages import Format, _json, _render

router = APIRouter(tags=["pages"], dependencies=[Depends(require_read)])

#: How each relation reads on the page.
RELATIONS = {"altered": "words changed", "part": "part of this longer statement",
             "shortened": "a shortened form"}


@router.get("/quotations/{quote_id}", response_class=HTMLResponse, summary="Quotation page")
async def quotation_page(request: Request, quote_id: Annotated[str, Path(max_length=40)],
                         format: Format = "html") -> Response:
    """A quotation: where and when it appeared, first seen first, the wordings it was printed
    in, and the related quotations with nearly the same words, each with its word diff."""
    data = found(await run_in_threadpool(checker_cache(request.app.state).variants, quote_id),
                 "quotation", quote_id)
    if format == "json":
        return _json(data)
    return _render("quotation.html", page="check", q=data, relations=RELATIONS)
