"""Training: learn components from annotated corpora (``quotegraph train``).

A layer below evaluation: training labels candidates with the shared span matching of
:mod:`quotegraph.scoring` and reads corpora with :mod:`quotegraph.corpora`; it never imports
:mod:`quotegraph.evaluate`.

- :mod:`quotegraph.training.attribution` — examples, weighting, fitting, threshold tuning;
- :mod:`quotegraph.training.polnear` — the whole procedure on PolNeAR (:func:`train_polnear`).
"""

from __future__ import annotations

import importlib
from typing import Any

# the exports load on first use: the CLI reads a default from a submodule (training.speakers)
# and must not pay for spaCy, which training.attribution imports, to start
_EXPORTS = {
    "DocExamples": "quotegraph.training.attribution",
    "Figures": "quotegraph.training.attribution",
    "doc_examples": "quotegraph.training.attribution",
    "score": "quotegraph.training.attribution",
    "train_model": "quotegraph.training.attribution",
    "TrainedAttribution": "quotegraph.training.polnear",
    "train_polnear": "quotegraph.training.polnear",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'quotegraph.training' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "DocExamples",
    "Figures",
    "TrainedAttribution",
    "doc_examples",
    "score",
    "train_model",
    "train_polnear",
]
