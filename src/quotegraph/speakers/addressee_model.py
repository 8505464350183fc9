"""The addressee model: a conditional logistic model over a statement's candidates and "nobody".

Each candidate is a set of feature names; its score is the sum of their weights. "Nobody" is a
choice of its own, scored by the ``none`` features of the statement (:func:`none_features`).
The choice is the highest score (softmax over the choices). Weights are plain JSON
(``data/addressee_model.json`` beside this module), trained with numpy by
:mod:`quotegraph.training.addressee`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

from quotegraph.errors import ModelError

MODEL_PATH = Path(__file__).with_name("data") / "addressee_model.json"


def none_features(candidates: Sequence[Sequence[str]]) -> list[str]:
    """The features of the "nobody" choice: a bias, and what kinds of candidates it competes with
    (so that a strong local relation and a weak carried one weigh differently against it)."""
    local = [c for c in candidates if "carried" not in c]
    paths = sorted({f for c in local for f in c if f.startswith(("kind=", "hearer="))})
    return ["none", f"none|n_local={min(len(local), 3)}",
            f"none|n_carried={min(len(candidates) - len(local), 3)}"] + [f"none|{p}" for p in paths]


class AddresseeModel:
    """Feature weights, and the choice they make among candidates.

    Attributes:
        weights: feature name → weight (features not listed weigh 0).
        local: the model of the first pass, over each statement's local candidates alone (its
            choices are what carries to the next statements); the model itself when not given.
        threshold: "nobody" is chosen when its probability is at least this; otherwise the
            most probable candidate (someone is more likely than nobody, even when no single
            reading is).
    """

    def __init__(self, weights: dict[str, float], threshold: float = 0.5,
                 local: AddresseeModel | None = None) -> None:
        self.weights = weights
        self.threshold = threshold
        self.local: AddresseeModel = local if local is not None else self

    def score(self, features: Sequence[str]) -> float:
        """The sum of the weights of ``features``."""
        return sum(map(self.weights.get, features, repeat(0.0)))  # get(f, 0.0), in order

    def probabilities(self, candidates: Sequence[Sequence[str]]) -> list[float]:
        """Softmax over the candidates and, last, "nobody"."""
        scores = [self.score(c) for c in candidates] + [self.score(none_features(candidates))]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return [e / total for e in exp]

    def choose(self, candidates: Sequence[Sequence[str]]) -> int | None:
        """The index of the most probable candidate, or ``None`` when "nobody" is at least
        ``threshold`` probable."""
        if not candidates:
            return None
        probs = self.probabilities(candidates)
        if probs[-1] >= self.threshold:
            return None
        return max(range(len(candidates)), key=probs.__getitem__)

    def to_json(self, path: str | Path, meta: dict[str, object] | None = None) -> None:
        """Write the weights (rounded, zeros left out) and ``meta`` to ``path``."""
        data = {"meta": meta or {}, **self._data()}
        Path(path).write_text(json.dumps(data, indent=0,
                                         sort_keys=True) + "\n", encoding="utf-8")

    def _data(self) -> dict[str, object]:
        out: dict[str, object] = {
            "threshold": self.threshold,
            "weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-5}}
        if self.local is not self:
            out["local"] = self.local._data()
        return out


@lru_cache(maxsize=4)
def load_model(path: str | Path = MODEL_PATH) -> AddresseeModel:
    """The model stored at ``path`` (default: the shipped one).

    Raises:
        ModelError: when the file is missing or not a model.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return _from_data(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"cannot read the addressee model {path}: {exc}") from exc


def _from_data(data: dict[str, Any]) -> AddresseeModel:
    local = _from_data(data["local"]) if data.get("local") else None
    return AddresseeModel({str(k): float(v) for k, v in data["weights"].items()},
                          float(data.get("threshold", 0.5)), local)
