"""Training: learn components from annotated corpora (``quotegraph train``).

A layer below evaluation: training labels candidates with the shared span matching of
:mod:`quotegraph.scoring` and reads corpora with :mod:`quotegraph.corpora`; it never imports
:mod:`quotegraph.evaluate`.

- :mod:`quotegraph.training.attribution` — examples, weighting, fitting, threshold tuning;
- :mod:`quotegraph.training.polnear` — the whole procedure on PolNeAR (:func:`train_polnear`).
"""

from quotegraph.training.attribution import DocExamples, Figures, doc_examples, score, train_model
from quotegraph.training.polnear import TrainedAttribution, train_polnear

__all__ = [
    "DocExamples",
    "Figures",
    "TrainedAttribution",
    "doc_examples",
    "score",
    "train_model",
    "train_polnear",
]
