"""Evaluation against annotated corpora, with the figures ``EVALUATION.md`` defines.

- :mod:`quotegraph.evaluate.metrics` — attribution figures (corpus-independent), over the span
  matching of :mod:`quotegraph.scoring.spans` that training shares;
- :mod:`quotegraph.evaluate.polnear` — :func:`evaluate_polnear` and human agreement, over the
  brat reader of :mod:`quotegraph.corpora.polnear` (re-exported here);
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
