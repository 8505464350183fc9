"""Evaluation against annotated corpora, with the figures ``EVALUATION.md`` defines.

- :mod:`quotegraph.evaluate.metrics` — matching and attribution figures (corpus-independent);
- :mod:`quotegraph.evaluate.polnear` — the PolNeAR brat reader and :func:`evaluate_polnear`;
- :mod:`quotegraph.evaluate.report` — rich tables of the figures;
- :mod:`quotegraph.evaluate.speakers`, :mod:`quotegraph.evaluate.timex` — speakers and times.

Importing this package loads no language pipeline; the evaluation functions do when called.
"""

from quotegraph.evaluate.metrics import Match, figures, match_article, score, tally_article
from quotegraph.evaluate.polnear import (
    GoldArticle,
    GoldAttribution,
    PolnearSplit,
    evaluate_polnear,
    read_polnear,
)

__all__ = [
    "GoldArticle",
    "GoldAttribution",
    "Match",
    "PolnearSplit",
    "evaluate_polnear",
    "figures",
    "match_article",
    "read_polnear",
    "score",
    "tally_article",
]
