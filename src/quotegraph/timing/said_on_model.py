"""The learned choice of each statement's ``said_on`` among its candidate anchors.

A log-linear model (a conditional logit): each candidate anchor of a statement
(:mod:`quotegraph.timing.anchors`: the dates the article gives, the publication day, none) is
scored by the dot product of its features with the weights, and the highest-scoring one dates the
statement. The hand rules run first and their decision is one of the features, so the model
learns where the rules are right and where the article's conventions call for another anchor
(an event dated earlier, the day of publication for a statement told as today's news).

The weights are learned by ``quotegraph train said-on`` (:mod:`quotegraph.training.said_on`) and
ship as ``timing/data/said_on_model.json``: feature names and numbers only, no corpus text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from quotegraph.errors import ModelError
from quotegraph.models import Attribution, TimeExpression
from quotegraph.nlp import doc_text
from quotegraph.timing.anchors import Anchor, record, recording, statement_anchors
from quotegraph.timing.cue_time import Dated
from quotegraph.timing.said_on import said_on_with_reasons

MODEL_FILE = "said_on_model.json"
_FORMAT = "quotegraph.said_on_model/1"
RULES = "rules"  # the configuration value that keeps the hand rules alone
SHIPPED = "shipped"  # the configuration value for the shipped learned model


@dataclass(frozen=True, slots=True)
class SaidOnModel:
    """Weights of the anchor features; the best-scoring anchor dates a statement.

    Attributes:
        weights: feature name → weight (features without a weight count 0).
        meta: how the weights were learned (articles, lines, regularisation), for the record.
        none_margin: added to the score of leaving a statement undated.
        rule_margin: added to the score of the rules' own date (``None``: ``none_margin``, as
            model files without the field were scored). A date the rules did not give must beat
            no date by ``none_margin``, and no date must beat the rules' date by ``none_margin -
            rule_margin``: the two trade statements dated beyond the rules, and the rules' own
            dates, for fewer false times.
    """

    weights: Mapping[str, float]
    meta: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    none_margin: float = 0.0
    rule_margin: float | None = None

    def score(self, anchor: Anchor) -> float:
        """The anchor's score: the weighted sum of its features, plus ``none_margin`` for no date
        and ``rule_margin`` for the rules' own choice."""
        weights = self.weights
        total = sum(weights.get(name, 0.0) * value for name, value in anchor.features.items())
        if anchor.said_on is None:
            return total + self.none_margin
        if anchor.features.get("rule"):
            return total + (self.none_margin if self.rule_margin is None else self.rule_margin)
        return total

    def choose(self, anchors: Sequence[Anchor]) -> Anchor:
        """The best anchor (the first on a tie, which is ``None``'s)."""
        return max(anchors, key=self.score)

    def to_json(self) -> dict[str, Any]:
        """The model as the JSON object :meth:`from_json` reads (weights sorted by name)."""
        out: dict[str, Any] = {"format": _FORMAT, "meta": dict(self.meta), "none_margin": self.none_margin}
        if self.rule_margin is not None:
            out["rule_margin"] = self.rule_margin
        out["weights"] = {k: round(v, 6) for k, v in sorted(self.weights.items()) if v}
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SaidOnModel:
        """Read :meth:`to_json`'s object.

        Raises:
            ModelError: when it is not a said_on model.
        """
        if data.get("format") != _FORMAT or not isinstance(data.get("weights"), dict):
            raise ModelError(f"not a said_on model (expected format {_FORMAT!r})")
        rule_margin = data.get("rule_margin")
        return cls({str(k): float(v) for k, v in data["weights"].items()}, dict(data.get("meta") or {}),
                   float(data.get("none_margin") or 0.0), None if rule_margin is None else float(rule_margin))

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the model as JSON; returns the file written (``MODEL_FILE`` inside a folder)."""
        out = Path(path)
        if out.is_dir():
            out = out / MODEL_FILE
        out.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")
        return out


@cache
def _shipped() -> SaidOnModel:
    text = resources.files("quotegraph.timing").joinpath("data", MODEL_FILE).read_text("utf-8")
    return SaidOnModel.from_json(json.loads(text))


def load_said_on_model(spec: str | os.PathLike[str] | None = None) -> SaidOnModel | None:
    """The model a configuration names.

    Args:
        spec: ``None`` or ``"shipped"`` for the shipped model, ``"rules"`` for the hand rules
            alone (returns ``None``), or a model file (or a folder holding ``said_on_model.json``).

    Returns:
        The model, or ``None`` for the rules.

    Raises:
        ModelError: when the file is missing or not a said_on model.
    """
    if spec is None or os.fspath(spec) == SHIPPED:
        return _shipped()
    if os.fspath(spec) == RULES:
        return None
    path = Path(spec)
    if path.is_dir():
        path = path / MODEL_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ModelError(f"cannot read the said_on model {path}: {err}") from None
    return SaidOnModel.from_json(data)


def date_with_model(
    doc: Doc,
    attributions: Sequence[Attribution],
    times: list[TimeExpression],
    published: dt.date | None,
    model: SaidOnModel | None,
) -> list[Attribution]:
    """Date each statement: the rules, then (with a model) the best of its anchors.

    The anchors are recorded for an active :func:`~quotegraph.timing.anchors.recording_anchors`
    (training and cross-validation), with the rules' dates in their features.

    Args:
        doc: the parsed article.
        attributions: the article's statements (left as they are).
        times: the article's time expressions.
        published: the publication date.
        model: the learned model; ``None`` keeps the rules' dates.

    Returns:
        Copies of the statements, in the order given, with ``said_on`` set.
    """
    dated = [dataclasses.replace(a) for a in attributions]
    said_on_in_place(doc, dated, times, published, model)
    return dated


def said_on_in_place(
    doc: Doc,
    attributions: list[Attribution],
    times: list[TimeExpression],
    published: dt.date | None,
    model: SaidOnModel | None,
) -> dict[str, str]:
    """:func:`date_with_model` on the attributions given, returning which rule dated each one
    (:func:`~quotegraph.timing.said_on.said_on_with_reasons`; the model may choose otherwise)."""
    usable: list[tuple[TimeExpression, Dated]] = []
    reasons = said_on_with_reasons(doc, attributions, times, published, usable_out=usable)
    if model is None and not recording():
        return reasons  # the rules alone: no anchors to weigh
    anchors = statement_anchors(doc, attributions, usable, published, reasons, doc_text(doc))
    record(attributions, anchors)
    if model is not None:
        for attribution in attributions:
            attribution.said_on = model.choose(anchors[attribution.id]).said_on
    return reasons


def redate(
    attributions: Sequence[Attribution], anchors: Mapping[str, Sequence[Anchor]], model: SaidOnModel
) -> list[Attribution]:
    """Copies of an article's statements dated by ``model`` from recorded anchors (for
    cross-validation: the rules' dates are kept where a statement has no anchors)."""
    out = []
    for attribution in attributions:
        found = anchors.get(attribution.id)
        said_on = model.choose(found).said_on if found else attribution.said_on
        out.append(dataclasses.replace(attribution, said_on=said_on))
    return out
