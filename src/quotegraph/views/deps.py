"""Typed request dependencies the API and the pages share: the settings, the open store, the
key checks, the search filters and paging of the query string."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated, Literal, TypeVar

from fastapi import Depends, HTTPException, Query, Request, Security
from fastapi.responses import RedirectResponse
from fastapi.security import APIKeyCookie, APIKeyHeader
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from quotegraph.settings import Settings
from quotegraph.store import SearchQuery, Store

KEY_HEADER = "X-API-Key"
T = TypeVar("T")

#: An empty query value (a blank field of a submitted form) means "no filter".
EmptyIsNone = BeforeValidator(lambda v: None if v == "" else v)
OptDate = Annotated[dt.date | None, EmptyIsNone]
OptKind = Annotated[Literal["direct", "indirect", "mixed"] | None, EmptyIsNone]
OptSort = Annotated[Literal["relevance", "date"] | None, EmptyIsNone]
#: Paging of a list: how many rows, and how many to skip.
Limit = Annotated[int, Query(ge=0, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
KEY_COOKIE = "quotegraph_key"

_header_key = APIKeyHeader(name=KEY_HEADER, auto_error=False,
                           description="QUOTEGRAPH_API_KEY for writes; QUOTEGRAPH_READ_KEY for reads when set")
_cookie_key = APIKeyCookie(name=KEY_COOKIE, auto_error=False,
                           description="the same key as a cookie, for browsers")


# The dependencies below do no I/O, so they are ``async``: FastAPI runs a plain ``def``
# dependency in its thread pool, and a thread hop per dependency costs more than the work.
async def get_settings(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings  # type: ignore[no-any-return]


async def get_store(request: Request) -> Store:
    """The app's open store (one per app; its connection pool serves every request)."""
    return request.app.state.store  # type: ignore[no-any-return]


def _matches(given: str | None, expected: str) -> bool:
    # Constant-time comparison: the time taken tells nothing about how much of a guess was right.
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


async def require_read(
    settings: Annotated[Settings, Depends(get_settings)],
    header: Annotated[str | None, Security(_header_key)] = None,
    cookie: Annotated[str | None, Security(_cookie_key)] = None,
) -> None:
    """Reads are open unless ``QUOTEGRAPH_READ_KEY`` is set; then that key (or the write key)
    is required in the ``X-API-Key`` header or the ``quotegraph_key`` cookie."""
    check_read(settings, header, cookie)


def check_read(settings: Settings, header: str | None, cookie: str | None) -> None:
    """:func:`require_read` on given header and cookie values.

    Raises:
        HTTPException: 401, when a read key is set and neither value is a valid key.
    """
    if settings.read_key is None:
        return
    for given in (header, cookie):
        if _matches(given, settings.read_key) or (settings.api_key and _matches(given, settings.api_key)):
            return
    raise HTTPException(401, "a read key is required: send it in the X-API-Key header",
                        headers={"WWW-Authenticate": "X-API-Key"})


async def require_write(
    settings: Annotated[Settings, Depends(get_settings)],
    header: Annotated[str | None, Security(_header_key)] = None,
) -> None:
    """Writes need ``QUOTEGRAPH_API_KEY`` in the ``X-API-Key`` header; without a configured key
    every write is refused."""
    if settings.api_key is None:
        raise HTTPException(401, "writes are disabled: the server has no QUOTEGRAPH_API_KEY",
                            headers={"WWW-Authenticate": "X-API-Key"})
    if not _matches(header, settings.api_key):
        raise HTTPException(401, "an API key is required: send QUOTEGRAPH_API_KEY in the X-API-Key header",
                            headers={"WWW-Authenticate": "X-API-Key"})


def merged_redirect(request: Request, store: Store, speaker_id: str) -> RedirectResponse | None:
    """A permanent redirect (308) from a merged speaker's URL to the same URL of the speaker it
    was merged into (the query string kept), or ``None`` when ``speaker_id`` was not merged."""
    into = store.merged_into(speaker_id)
    if into is None:
        return None
    # The id is the path's last segment: /api/speakers/OLD → /api/speakers/NEW.
    url = request.url.path.rsplit("/", 1)[0] + "/" + into + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(url, status_code=308)


def found(value: T | None, what: str, key: str) -> T:
    """``value``, when the store found one.

    Raises:
        HTTPException: 404 naming the ``what`` and ``key`` that were not found.
    """
    if value is None:
        raise HTTPException(404, f"no {what} with id {key!r}")
    return value


class SearchFilters(BaseModel):
    """The search filters of the query string: FastAPI documents and validates them as query
    parameters, and a request handler can validate a query string against the same model."""

    model_config = ConfigDict(extra="ignore")

    q: str | None = Field(None, max_length=500, description="words of the statement or the speaker's name")
    speaker: str | None = Field(None, max_length=200, description="a speaker's name or alias")
    speaker_id: str | None = Field(None, max_length=100, description="a speaker's id")
    about: str | None = Field(None, max_length=200, description="name of an entity the statement mentions")
    about_id: str | None = Field(None, max_length=100, description="id of an entity the statement mentions")
    since: OptDate = Field(None, description="first date (said_on, else publication), YYYY-MM-DD")
    until: OptDate = Field(None, description="last date, inclusive")
    kind: OptKind = None
    outlet: str | None = Field(None, max_length=200, description="the article's source (outlet)")
    limit: int = Field(20, ge=0, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)
    sort: OptSort = Field(
        None, description="relevance (best match first; the default) or date (newest first)")

    def query(self) -> SearchQuery:
        """The store's query for these filters (a blank value sets no filter)."""
        return SearchQuery(text=self.q or None, speaker=self.speaker or None, speaker_id=self.speaker_id or None,
                           about=self.about or None, about_id=self.about_id or None, since=self.since,
                           until=self.until, kind=self.kind or None, source=self.outlet or None,
                           limit=self.limit, offset=self.offset, sort=self.sort)


async def search_filters(filters: Annotated[SearchFilters, Query()]) -> SearchFilters:
    """The search filters of the query string."""
    return filters


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SearchDep = Annotated[SearchFilters, Depends(search_filters)]
