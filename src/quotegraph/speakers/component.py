"""The ``qg_speakers`` spaCy component: speakers, addressees and entities on a Doc.

Reads ``doc._.qg_attributions`` (from ``qg_attribution``) and replaces them with copies that
carry ``speaker`` and ``addressee``; writes the article's entities to ``doc._.qg_entities``.
"""

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from quotegraph.errors import ModelError, PipelineError
from quotegraph.nlp.doc import ATTRIBUTIONS, ENTITIES
from quotegraph.speakers.ranker import ReferentModel, read_model, shipped_model
from quotegraph.speakers.resolve import find_speakers


class SpeakersComponent:
    """Resolves each statement's source to an entity (see :func:`~quotegraph.speakers.find_speakers`).

    Attributes:
        name: the component's name in the pipeline.
        ranker: the learned referent ranker that makes the final choice, or ``None`` for the
            rules' choice alone.
    """

    def __init__(self, name: str, ranker: ReferentModel | None = None) -> None:
        self.name = name
        self.ranker = ranker

    def __call__(self, doc: Doc) -> Doc:
        attributions = doc._.get(ATTRIBUTIONS)
        if attributions is None:
            raise PipelineError(f"{self.name} needs the statements of qg_attribution: add that component before it")
        resolved, entities = find_speakers(doc, attributions, ranker=self.ranker)
        doc._.set(ATTRIBUTIONS, resolved)
        doc._.set(ENTITIES, entities)
        return doc


@Language.factory(
    "qg_speakers",
    default_config={"ranker": "shipped"},
    requires=[f"doc._.{ATTRIBUTIONS}", "doc.ents", "doc.sents", "token.dep"],
    assigns=[f"doc._.{ATTRIBUTIONS}", f"doc._.{ENTITIES}"],
)
def make_speakers(nlp: Language, name: str, ranker: Optional[str]) -> SpeakersComponent:
    """The speaker stage.

    Args:
        nlp: the pipeline it joins.
        name: its name there.
        ranker: ``"shipped"`` for the package's learned referent ranker, ``"rules"`` (or
            ``None``) for the rules' choice alone, or the path of a ``referent_model.json``
            (``quotegraph train speakers``).

    Raises:
        ModelError: the ranker file cannot be read.
    """
    if ranker is None or ranker == "rules":
        return SpeakersComponent(name, None)
    if ranker == "shipped":
        return SpeakersComponent(name, shipped_model())
    try:
        return SpeakersComponent(name, read_model(ranker))
    except (OSError, ValueError, KeyError) as err:
        raise ModelError(f"cannot read the speaker ranker {ranker}: {err}") from err
