"""The corpus store: SQLite (default) or PostgreSQL, one schema, Alembic migrations.

    >>> from quotegraph.store import Store
    >>> store = Store.open("corpus.sqlite")          # or "postgresql://user@host/db"
    >>> store.add(result)                            # an ExtractionResult; False if already stored
    >>> store.search("tariffs", speaker="Clinton", since="2016-01-01").hits

The store owns every SQL statement: :mod:`quotegraph.store.queries` builds the search SQL
(pure functions), the :class:`Store` runs it and every other read.
"""

from quotegraph.settings import DEFAULT_DB, ENV_DB
from quotegraph.store.queries import KINDS, SearchQuery
from quotegraph.store.store import Store, resolve_url
from quotegraph.store.types import (
    FacetCount,
    Facets,
    GraphEdge,
    Hit,
    Mentioned,
    RunSummary,
    SearchPage,
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
    "KINDS",
    "FacetCount",
    "Facets",
    "GraphEdge",
    "Hit",
    "Mentioned",
    "RunSummary",
    "SearchPage",
    "SearchQuery",
    "SpeakerInfo",
    "SpeakerSummary",
    "Store",
    "StoredArticle",
    "StoredAttribution",
    "StoredEntity",
    "TimelinePoint",
    "resolve_url",
]
