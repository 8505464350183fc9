"""``GET /api/graph``: who talks about whom."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from quotegraph.api import payloads
from quotegraph.views import reads
from quotegraph.views.deps import OptDate, StoreDep, require_read

router = APIRouter(prefix="/api", tags=["graph"], dependencies=[Depends(require_read)])


@router.get("/graph", response_model=payloads.Graph, summary="Who talks about whom")
def graph(
    store: StoreDep,
    since: Annotated[OptDate, Query(description="first statement date, YYYY-MM-DD")] = None,
    until: Annotated[OptDate, Query(description="last statement date, inclusive")] = None,
    speaker_id: Annotated[str | None, Query(max_length=100, description="only this speaker's edges")] = None,
    min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=2000, description="the heaviest edges only")] = 300,
) -> dict[str, Any]:
    """Edges speaker → entity mentioned in their statements, weighted by distinct statements
    (syndicated copies count once), and the nodes they join."""
    return reads.graph(store, since=since, until=until, speaker_id=speaker_id,
                         min_weight=min_weight, limit=limit)
