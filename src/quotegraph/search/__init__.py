"""Search of stored statements, as a library: what to look for, the SQL it becomes, the hits.

User text is always safe: :func:`parse_terms` splits it into words and "quoted phrases", and
:func:`fts5_query` / :func:`ts_pieces` turn those into full-text queries whose text travels
only as bound parameters. The SQL itself belongs to the store (:mod:`quotegraph.store.queries`
builds it with pure functions, :class:`~quotegraph.store.Store` runs it); this package is the
public face of both and is imported by nothing in the store.

    >>> from quotegraph.search import SearchQuery, build_search
    >>> rows_sql, count_sql = build_search(SearchQuery(text="tariffs"), "sqlite")
"""

from quotegraph.store.execute import run_facets, run_search, run_search_json
from quotegraph.store.fts import Terms, fts5_query, parse_terms, ts_pieces
from quotegraph.store.queries import (
    KINDS,
    SearchQuery,
    build_facets,
    build_search,
    search_parameters,
    speaker_ids_matching,
)
from quotegraph.store.types import FacetCount, Facets, Hit, SearchPage

__all__ = [
    "KINDS",
    "FacetCount",
    "Facets",
    "Hit",
    "SearchPage",
    "SearchQuery",
    "Terms",
    "build_facets",
    "build_search",
    "fts5_query",
    "parse_terms",
    "run_facets",
    "run_search",
    "run_search_json",
    "search_parameters",
    "speaker_ids_matching",
    "ts_pieces",
]
