"""Settings of the web app and API, read from the environment (or given in code and tests)."""

from __future__ import annotations

import os
from dataclasses import dataclass

ENV_DB = "QUOTEGRAPH_DB"
ENV_API_KEY = "QUOTEGRAPH_API_KEY"
ENV_READ_KEY = "QUOTEGRAPH_READ_KEY"
ENV_MAX_BODY = "QUOTEGRAPH_MAX_BODY"

#: Largest request body accepted, in bytes (2.5 MB): a little over the 2 MB article-text limit
#: of the readers (``quotegraph.ingest.base.MAX_TEXT_BYTES``) plus JSON escaping. Larger bodies
#: are answered 413 before they are read in full.
DEFAULT_MAX_BODY = 2_500_000


@dataclass(frozen=True, slots=True)
class Settings:
    """What the server needs to know.

    Attributes:
        db: the store URL or path (``None``: ``$QUOTEGRAPH_DB``, else ``./quotegraph.sqlite``).
        api_key: key that write endpoints require (``None``: writes are refused, 401).
        read_key: key that reads require (``None``: reads are open).
        max_body: largest request body in bytes; larger ones get 413.
    """

    db: str | None = None
    api_key: str | None = None
    read_key: str | None = None
    max_body: int = DEFAULT_MAX_BODY

    @classmethod
    def from_env(cls, db: str | None = None) -> Settings:
        """Settings from ``QUOTEGRAPH_DB``, ``QUOTEGRAPH_API_KEY``, ``QUOTEGRAPH_READ_KEY`` and
        ``QUOTEGRAPH_MAX_BODY``; ``db`` overrides the environment's store."""
        max_body = os.environ.get(ENV_MAX_BODY, "").strip()
        return cls(
            db=db or os.environ.get(ENV_DB) or None,
            api_key=os.environ.get(ENV_API_KEY) or None,
            read_key=os.environ.get(ENV_READ_KEY) or None,
            max_body=int(max_body) if max_body.isdigit() else DEFAULT_MAX_BODY,
        )
