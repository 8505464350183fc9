"""The JSON API under ``/api/``: one router per resource (:mod:`.routers`), the pydantic models
of its requests and answers (:mod:`.payloads`). :func:`quotegraph.server.create_app` serves it
beside the pages; it shares dependencies and JSON views with them through
:mod:`quotegraph.views` and imports nothing of :mod:`quotegraph.web`.
"""

from fastapi import FastAPI

from quotegraph.api.routers import ROUTERS


def mount(app: FastAPI) -> None:
    """Add the ``/api/`` routes to ``app``."""
    for router in ROUTERS:
        app.include_router(router)


__all__ = ["mount"]
