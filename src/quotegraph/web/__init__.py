"""Server-rendered pages over the store (Jinja2 templates, vendored JS in ``static/``).

:func:`mount` adds the pages and ``/static`` to an app; :func:`quotegraph.server.create_app`
assembles them with the JSON API.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from quotegraph.web.pages import HERE, router


def mount(app: FastAPI) -> None:
    """Add the pages and their static files to ``app``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


__all__ = ["mount"]
