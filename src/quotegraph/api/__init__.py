"""HTTP API and web app over the corpus store (FastAPI).

    >>> from quotegraph.api import create_app, Settings
    >>> app = create_app(Settings(db="corpus.sqlite"))   # then: uvicorn, or quotegraph serve

Settings come from ``QUOTEGRAPH_DB``, ``QUOTEGRAPH_API_KEY`` (writes), ``QUOTEGRAPH_READ_KEY``
(reads, optional) and ``QUOTEGRAPH_MAX_BODY`` (bytes, default 2.5 MB).
"""

from quotegraph.api.app import create_app
from quotegraph.api.settings import DEFAULT_MAX_BODY, Settings

__all__ = ["DEFAULT_MAX_BODY", "Settings", "create_app"]
