"""The web server: the JSON API and the pages over one store, assembled by :func:`create_app`.

    >>> from quotegraph.server import create_app, Settings
    >>> app = create_app(Settings(db="corpus.sqlite"))   # then: uvicorn, or quotegraph serve

Settings come from ``QUOTEGRAPH_DB``, ``QUOTEGRAPH_API_KEY`` (writes), ``QUOTEGRAPH_READ_KEY``
(reads, optional) and ``QUOTEGRAPH_MAX_BODY`` (bytes, default 2.5 MB), read once
(:mod:`quotegraph.settings`).
"""

from quotegraph.server.app import create_app, create_app_from_env
from quotegraph.settings import DEFAULT_MAX_BODY, Settings

__all__ = ["DEFAULT_MAX_BODY", "Settings", "create_app", "create_app_from_env"]
