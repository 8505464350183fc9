"""The corpus store: SQLite (default) or PostgreSQL, one schema, Alembic migrations.

    >>> from quotegraph.store import Store
    >>> store = Store.open("corpus.sqlite")          # or "postgresql://user@host/db"
    >>> store.add(result)                            # an ExtractionResult; False if already stored
    >>> store.search("tariffs", speaker="Clinton", since="2016-01-01").hits
"""

from quotegraph.store.store import DEFAULT_DB, ENV_DB, Store, resolve_url
from quotegraph.store.types import (
    GraphEdge,
    Mentioned,
    RunSummary,
    SpeakerInfo,
    SpeakerSummary,
    StoredArticle,
    StoredAttribution,
    StoredEntity,
    TimelinePoint,
)

__all__ = [
    "DEFAULT_DB",
    "ENV_DB",
    "GraphEdge",
    "Mentioned",
    "RunSummary",
    "SpeakerInfo",
    "SpeakerSummary",
    "Store",
    "StoredArticle",
    "StoredAttribution",
    "StoredEntity",
    "TimelinePoint",
    "resolve_url",
]
