"""Server-rendered pages over the store (Jinja2 templates, vendored JS in ``static/``).

:func:`mount` adds the pages and ``/static`` to an app; :func:`quotegraph.server.create_app`
assembles them with the JSON API.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from quotegraph.web.errors import error_html, error_page, wants_html
from quotegraph.web.errors import router as signin_router
from quotegraph.web.pages import HERE, router
from quotegraph.web.variants import router as variants_router


def mount(app: FastAPI) -> None:
    """Add the pages and their static files to ``app``."""
    app.include_router(signin_router)
    app.include_router(router)
    app.include_router(variants_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


__all__ = ["error_html", "error_page", "mount", "wants_html"]
