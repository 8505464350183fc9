"""Search of stored statements: safe full-text queries and SQL built by pure functions."""

from quotegraph.search.escape import Terms, fts5_query, parse_terms, ts_pieces
from quotegraph.search.query import (
    KINDS,
    Hit,
    SearchPage,
    SearchQuery,
    build_search,
    run_search,
    speaker_ids_matching,
)

__all__ = [
    "KINDS",
    "Hit",
    "SearchPage",
    "SearchQuery",
    "Terms",
    "build_search",
    "fts5_query",
    "parse_terms",
    "run_search",
    "speaker_ids_matching",
    "ts_pieces",
]
