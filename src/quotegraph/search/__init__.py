"""Search of stored statements: safe full-text queries and SQL built by pure functions."""

from quotegraph.search.escape import Terms, fts5_query, parse_terms, ts_pieces
from quotegraph.search.query import (
    KINDS,
    FacetCount,
    Facets,
    Hit,
    SearchPage,
    SearchQuery,
    build_facets,
    build_search,
    run_facets,
    run_search,
    run_search_json,
    speaker_ids_matching,
)

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
    "speaker_ids_matching",
    "ts_pieces",
]
