"""``GET /api/search``: statements by text, speaker, mentioned entity, dates, kind and outlet."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import Field, ValidationError

from quotegraph.api import payloads
from quotegraph.store import Store
from quotegraph.views import reads
from quotegraph.views.deps import (
    KEY_COOKIE,
    KEY_HEADER,
    SearchFilters,
    StoreDep,
    check_read,
    require_read,
)

router = APIRouter(prefix="/api", tags=["search"], dependencies=[Depends(require_read)])


class SearchQueryString(SearchFilters):
    """The query string of ``GET /api/search``: the filters and whether to count facets."""

    facets: bool = Field(False, description="also count matches by kind, outlet and speaker")


def _answer(store: Store, filters: SearchQueryString) -> Response:
    # The store's records are JSON-ready already, so they are encoded directly (orjson: the
    # same compact UTF-8 JSON as json.dumps, in a tenth of the time) instead of being validated
    # again against the response model (which documents them).
    data = reads.search(store, filters.query(), facets=filters.facets)
    return Response(orjson.dumps(data), media_type="application/json")


class SearchRoute(APIRoute):
    """The search route, with a short way through for the common request.

    FastAPI resolves a route's dependencies generically on every request, and for this route
    (the read-key check with its header and cookie, the store, a dozen query parameters) that
    costs several times what the search itself costs. A request whose query string the route's
    own model accepts is answered directly: the same model validates it, the same key check
    and the same answer follow. Any other request (an invalid parameter, overridden
    dependencies) goes through FastAPI's handler, which reports problems as usual.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        general = super().get_route_handler()

        async def handler(request: Request) -> Response:
            app = request.app
            if app.dependency_overrides:
                return await general(request)
            try:
                filters = SearchQueryString.model_validate(dict(request.query_params))
            except ValidationError:
                return await general(request)
            check_read(app.state.settings, request.headers.get(KEY_HEADER), request.cookies.get(KEY_COOKIE))
            return _answer(app.state.store, filters)

        return handler


async def search(store: StoreDep, filters: Annotated[SearchQueryString, Query()]) -> Response:
    """Statements matching every given filter, newest first (best match first for `q`), paged
    with `limit` and `offset`; `total` counts all matches."""
    # Runs on the event loop, not in the thread pool: a search is a few milliseconds of CPU,
    # which a thread would not overlap with anything (the GIL), and each hand-over to a thread
    # and back costs a sizeable fraction of that.
    return _answer(store, filters)


router.add_api_route("/search", search, methods=["GET"], response_model=payloads.SearchPage,
                     summary="Search statements", route_class_override=SearchRoute)


@router.get("/counts", response_model=dict[str, int], summary="Rows in the store")
def counts(store: StoreDep) -> dict[str, int]:
    """Row counts of the store's tables."""
    return store.counts()
