"""``GET /api/search``: statements by text, speaker, mentioned entity, dates, kind and outlet."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from quotegraph.api import schemas, service
from quotegraph.api.deps import SearchDep, StoreDep, require_read

router = APIRouter(prefix="/api", tags=["search"], dependencies=[Depends(require_read)])


@router.get("/search", response_model=schemas.SearchPage, summary="Search statements")
async def search(
    store: StoreDep,
    params: SearchDep,
    facets: Annotated[bool, Query(description="also count matches by kind, outlet and speaker")] = False,
) -> Response:
    """Statements matching every given filter, newest first (best match first for `q`), paged
    with `limit` and `offset`; `total` counts all matches."""
    # The hot path: the store's records are JSON-ready already, so they are encoded directly
    # instead of being validated again against the response model (which documents them).
    # It runs on the event loop, not in the thread pool: a search is a few milliseconds of
    # CPU, which a thread would not overlap with anything (the GIL), and each hand-over to a
    # thread and back costs a sizeable fraction of that.
    data = service.search(store, params, facets=facets)
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(),
                    media_type="application/json")


@router.get("/counts", response_model=dict[str, int], summary="Rows in the store")
def counts(store: StoreDep) -> dict[str, int]:
    """Row counts of the store's tables."""
    return store.counts()
