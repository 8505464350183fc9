"""Readers of annotated corpora, shared by training and evaluation (both import from here).

- :mod:`quotegraph.corpora.polnear` — PolNeAR's brat gold: texts, attributions, dates.
"""

from quotegraph.corpora.polnear import (
    GoldArticle,
    GoldAttribution,
    PolnearSplit,
    parse_ann,
    read_metadata,
    read_polnear,
)

__all__ = [
    "GoldArticle",
    "GoldAttribution",
    "PolnearSplit",
    "parse_ann",
    "read_metadata",
    "read_polnear",
]
