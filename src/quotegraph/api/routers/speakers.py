"""``GET /api/speakers`` and ``GET /api/speakers/{id}``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import RedirectResponse

from quotegraph.api import payloads
from quotegraph.views import reads
from quotegraph.views.deps import Limit, Offset, StoreDep, found, merged_redirect, require_read

router = APIRouter(prefix="/api", tags=["speakers"], dependencies=[Depends(require_read)])


@router.get("/speakers", response_model=list[payloads.SpeakerSummary],  # type: ignore[valid-type]
            summary="Speakers by statements")
def speakers(
    store: StoreDep,
    name: Annotated[str | None, Query(max_length=200, description="only speakers of this name or alias")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Speakers with the most distinct statements first."""
    return reads.speakers(store, name=name, limit=limit, offset=offset)


@router.get(
    "/speakers/{speaker_id}",
    response_model=payloads.Speaker,
    responses={404: {"model": payloads.Error},
               308: {"description": "the speaker was merged into another: its id is in `Location`"}},
    summary="One speaker",
)
def speaker(request: Request, store: StoreDep,
            speaker_id: Annotated[str, Path(max_length=100)]) -> dict[str, Any] | RedirectResponse:
    """A speaker's aliases, roles, counts, the people they talk about, their statements per
    date (`said_on`, else the publication date, counted in `from_published`) and latest
    statements. The id of a speaker merged into another redirects (308) to that one."""
    moved = merged_redirect(request, store, speaker_id)
    if moved is not None:
        return moved
    return found(reads.speaker(store, speaker_id), "speaker", speaker_id)
