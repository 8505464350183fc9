"""Error pages for browsers and the sign-in form: a browser that asked for a page gets HTML,
an API client keeps the JSON error (``{"error": message}``)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import Headers

from quotegraph.settings import Settings
from quotegraph.views.deps import KEY_COOKIE, check_read, get_settings

#: Heading of the error page of each status.
TITLES = {
    400: "That request cannot be answered",
    401: "Sign in to read this store",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
    422: "That request cannot be read",
    429: "Too many requests",
    500: "Something went wrong",
    503: "The store is unavailable",
}
#: What a reader can do about each status.
HINTS = {
    404: "The address may be mistyped, or what it named was removed from the store.",
    413: "Send less: a shorter text, or a smaller file.",
    422: "Check the fields of the form: a date is YYYY-MM-DD, and texts have a length limit.",
    429: "Wait a moment, then try again.",
    503: "Try again in a moment; if it persists, the server log has the details.",
}
SIGNIN_COOKIE_DAYS = 30

router = APIRouter(tags=["pages"], include_in_schema=False)


def wants_html(path: str, headers: Headers | dict[str, str], query: str = "") -> bool:
    """Whether a request came from a browser asking for a page: not under ``/api/``, no
    ``format=json``, and ``text/html`` in its ``Accept`` header."""
    if path.startswith("/api/") or path == "/api" or path.startswith("/openapi") or "format=json" in query:
        return False
    return "text/html" in (headers.get("accept") or "")


def error_html(status: int, message: str, *, next_path: str = "/") -> str:
    """The error page of ``status`` (with the sign-in form for 401)."""
    from quotegraph.web.pages import _env  # the pages' Jinja environment and filters

    return _env.get_template("error.html").render(
        page="error", status=status, title=TITLES.get(status, "Error"), message=message,
        hint=HINTS.get(status), sign_in=status == 401, next_path=_safe_next(next_path), error=None)


def error_page(status: int, message: str, *, next_path: str = "/",
               headers: dict[str, str] | None = None) -> HTMLResponse:
    """:func:`error_html` as a response."""
    return HTMLResponse(error_html(status, message, next_path=next_path), status_code=status, headers=headers)


def _safe_next(path: str) -> str:
    # Only a path on this site: never "//host" or "https://…" (an open redirect).
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"


@router.get("/signin", response_class=HTMLResponse)
def signin_form(next: str = "/") -> Response:
    """The sign-in form: the read key, kept in a cookie that is checked like the header."""
    return error_page(200, "Enter the store's read key.", next_path=next)


@router.post("/signin", response_class=HTMLResponse)
async def signin(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> Response:
    """Check the submitted key; when it is valid, set the key cookie and go to ``next``."""
    from fastapi import HTTPException

    fields = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    key, target = fields.get("key", ""), _safe_next(fields.get("next", "/"))
    try:
        check_read(settings, key or None, None)
    except HTTPException:
        return error_page(401, "That key is not valid.", next_path=target)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(KEY_COOKIE, key, max_age=SIGNIN_COOKIE_DAYS * 86400, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


@router.post("/signout", response_class=HTMLResponse)
def signout() -> Response:
    """Forget the key cookie."""
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(KEY_COOKIE, path="/")
    return response
