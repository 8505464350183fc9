"""The ``qg_attribution`` spaCy component: the attribution stage on a Doc.

Configured, not hard-wired: which model judges the candidates (a trained model's folder or
JSON file, ``"rules"`` for the hand-written rules alone, ``None`` for the shipped model), the cue
lexicon (default: the one beside the model, else the shipped one) and the decision threshold
(default: the model's own). Writes ``doc._.qg_attributions``.
"""

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from quotegraph.attribution.find import find_attributions
from quotegraph.attribution.model import AttributionModel, load_model
from quotegraph.nlp.doc import ATTRIBUTIONS

ATTRIBUTION_CONFIG: dict[str, object] = {"model": None, "lexicon": None, "threshold": None}


class AttributionComponent:
    """Finds the statements of a parsed Doc (see :func:`~quotegraph.attribution.find_attributions`).

    Args:
        name: the component's name in the pipeline.
        model: the loaded attribution model, its cue lexicon with it.
    """

    def __init__(self, name: str, model: AttributionModel) -> None:
        self.name = name
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(ATTRIBUTIONS, find_attributions(doc, self.model))
        return doc


@Language.factory(
    "qg_attribution",
    default_config=ATTRIBUTION_CONFIG,
    requires=["token.dep", "token.pos", "token.lemma", "token.ent_type", "doc.sents"],
    assigns=[f"doc._.{ATTRIBUTIONS}"],
)
def make_attribution(
    nlp: Language,
    name: str,
    model: Optional[str],
    lexicon: Optional[str],
    threshold: Optional[float],
) -> AttributionComponent:
    """The attribution stage, with its model loaded from the config.

    Args:
        nlp: the pipeline it joins.
        name: its name there.
        model: a trained model (folder or ``attribution_model.json``), ``"rules"``, or ``None``
            for the shipped model.
        lexicon: a ``cue_lexicon.json`` instead of the model's own.
        threshold: a decision threshold instead of the model's own.

    Raises:
        ModelError: the model or lexicon cannot be read.
    """
    return AttributionComponent(name, load_model(model, lexicon=lexicon, threshold=threshold))
