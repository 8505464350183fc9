"""``GET /api/search``: statements by text, speaker, mentioned entity, dates, kind and outlet."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from quotegraph.api import schemas, service
from quotegraph.api.deps import SearchDep, StoreDep, require_read

router = APIRouter(prefix="/api", tags=["search"], dependencies=[Depends(require_read)])


@router.get("/search", response_model=schemas.SearchPage, summary="Search statements")
def search(
    store: StoreDep,
    params: SearchDep,
    facets: Annotated[bool, Query(description="also count matches by kind, outlet and speaker")] = False,
) -> dict[str, Any]:
    """Statements matching every given filter, newest first (best match first for `q`), paged
    with `limit` and `offset`; `total` counts all matches."""
    return service.search(store, params, facets=facets)


@router.get("/counts", response_model=dict[str, int], summary="Rows in the store")
def counts(store: StoreDep) -> dict[str, int]:
    """Row counts of the store's tables."""
    return store.counts()
