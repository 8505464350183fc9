"""The FastAPI application, assembled in one place: the JSON API (:mod:`quotegraph.api`) under
``/api/``, the pages (:mod:`quotegraph.web`) at ``/``; errors as JSON, or as HTML pages for browsers.

    >>> from quotegraph.server import create_app, Settings
    >>> app = create_app(Settings(db="corpus.sqlite", api_key="s3cret"))
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import event
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import quotegraph
from quotegraph import api, web
from quotegraph import settings as process_settings
from quotegraph.errors import IngestError, QuotegraphError, SizeBudgetError, StoreError
from quotegraph.settings import Settings
from quotegraph.store import Store
from quotegraph.views.checking import CheckerCache
from quotegraph.views.work import WorkQueues

log = logging.getLogger("quotegraph.api")

#: SQLite page cache of each connection the server opens, in KiB (SQLite's own default is
#: 2,000): a search reads pages all over a store, and every page not in the cache is a system
#: call, even when the operating system has the file in memory. It fills only as pages are read.
SQLITE_CACHE_KIB = 65_536

SECURITY_HEADERS = {
    # Scripts only from our own static files: stored text can never run as script.
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


class BodyLimit:
    """ASGI middleware: request bodies over ``max_body`` bytes get 413 (by their
    Content-Length before anything is read, or as soon as a chunked body passes the limit),
    and every response carries :data:`SECURITY_HEADERS`."""

    #: The security headers as ASGI header pairs (they are added to every response).
    _HEADERS = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body
        self.too_large = (f"request body too large: the limit is {max_body:,} bytes "
                          "(set QUOTEGRAPH_MAX_BODY to change it)")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    size = int(value)
                except ValueError:
                    size = -1
                if size > self.max_body:
                    if web.wants_html(scope.get("path", ""), Headers(scope=scope),
                                      scope.get("query_string", b"").decode("latin-1")):
                        await _send(send, 413, web.error_html(413, self.too_large).encode(), b"text/html; charset=utf-8")
                    else:
                        await _send_json(send, 413, {"error": self.too_large})
                    return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    # FastAPI passes an HTTPException raised while reading the body through.
                    raise HTTPException(413, self.too_large)
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [kv for kv in self._HEADERS if kv[0] not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, limited_receive, with_headers)


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    import json

    await _send(send, status, json.dumps(body).encode(), b"application/json")


async def _send(send: Send, status: int, data: bytes, content_type: bytes) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(data)).encode()),
               (b"connection", b"close")]
    headers += BodyLimit._HEADERS
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


def _error(status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None,
           request: Request | None = None) -> Response:
    """The error as JSON, or as an HTML page when a browser asked for a page."""
    if request is not None and web.wants_html(request.url.path, request.headers, request.url.query):
        if status == 401:
            headers = None  # the page has the sign-in form; no browser prompt for a header
        next_path = request.url.path + ("?" + request.url.query if request.url.query else "")
        return web.error_page(status, message, next_path=next_path, headers=headers)
    body: dict[str, Any] = {"error": message}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(jsonable_encoder(body), status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        return _error(exc.status_code, message, headers=getattr(exc, "headers", None), request=request)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        # Location, message and type of each problem; never the rejected input itself.
        problems = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
                     "type": str(e.get("type", ""))} for e in exc.errors()]
        first = problems[0] if problems else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"][1:] or first["loc"])
        return _error(422, f"invalid request: {where + ': ' if where else ''}{first['msg']}", problems,
                      request=request)

    @app.exception_handler(IngestError)
    async def not_an_article(request: Request, exc: IngestError) -> Response:
        return _error(422, str(exc), request=request)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error: %s", exc)
        return _error(503, f"the store failed: {exc}", request=request)

    @app.exception_handler(SizeBudgetError)
    async def over_budget(request: Request, exc: SizeBudgetError) -> Response:
        return _error(413, str(exc), request=request)

    @app.exception_handler(QuotegraphError)
    async def domain_error(request: Request, exc: QuotegraphError) -> Response:
        return _error(400, str(exc), request=request)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        # The trace goes to the server log, never to the client.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(500, "internal server error; the server log has the details", request=request)


def _cache_pages(store: Store) -> None:
    """Give the server's SQLite connections a larger page cache (:data:`SQLITE_CACHE_KIB`)."""
    url = store.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return

    @event.listens_for(store.engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")

    store.engine.dispose()  # connections opened while migrating reopen with the setting


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """Build the app over the store of ``settings`` (or an already open ``store``).

    Args:
        settings: database, keys and body limit (default: the process's settings,
            :func:`quotegraph.settings.current`).
        store: an open store to serve instead of opening ``settings.db``.

    Returns:
        The ASGI application (serve it with uvicorn, or test it with ``TestClient``).

    Raises:
        StoreError: the store cannot be opened.
    """
    settings = settings or process_settings.current()
    own = store is None
    st = store if store is not None else Store.open(settings.db)
    if own:
        _cache_pages(st)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Fresh queues each time the app starts: a closed queue takes no jobs.
        app.state.work_queues = WorkQueues.from_settings(settings)
        yield
        app.state.work_queues.close()
        if own:
            st.close()

    app = FastAPI(
        title="quotegraph",
        version=quotegraph.__version__,
        description=(
            "Who said what, about whom, to whom, and when: attributed statements from news.\n\n"
            "Reads are open unless the server sets `QUOTEGRAPH_READ_KEY`; writes need "
            "`QUOTEGRAPH_API_KEY`; send the key in the `X-API-Key` header. Request bodies over "
            f"{settings.max_body:,} bytes get 413. Errors are JSON: `{{\"error\": message}}`. "
            "Every page has a JSON twin: add `?format=json`. Browsers asking for `text/html` get error "
            "pages as HTML, and a sign-in form (`/signin`) when a read key is set."
        ),
        docs_url=None,  # the Swagger/ReDoc pages load scripts from a CDN; the document is enough
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = st
    app.state.checker_cache = CheckerCache(st, meaning=settings.check_meaning)
    app.state.work_queues = WorkQueues.from_settings(settings)
    _install_error_handlers(app)
    api.mount(app)
    web.mount(app)
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    return app


def create_app_from_env() -> FastAPI:
    """The app over ``$QUOTEGRAPH_DB`` with the keys of the environment (uvicorn's factory for
    ``quotegraph serve --workers N``: each worker process builds its own)."""
    return create_app(process_settings.current())
