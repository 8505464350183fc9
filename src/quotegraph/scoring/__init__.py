"""Span matching shared by training and evaluation (``EVALUATION.md``'s tokens and matching).

Below both: training labels candidates the way the evaluation counts a match, so the two must
share one definition of tokens, overlap and the greedy one-to-one matching.
"""

from quotegraph.scoring.spans import WORD, SpanPairs, Tokens, as_spans, jaccard, match_sets

__all__ = ["WORD", "SpanPairs", "Tokens", "as_spans", "jaccard", "match_sets"]
