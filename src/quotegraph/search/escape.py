"""Turning any user text into safe full-text queries; the code lives in
:mod:`quotegraph.store.fts` (the store builds the SQL), this name stays for callers of
``quotegraph.search.escape``."""

from quotegraph.store.fts import Terms, fts5_query, like_escape, parse_terms, ts_pieces

__all__ = ["Terms", "fts5_query", "like_escape", "parse_terms", "ts_pieces"]
