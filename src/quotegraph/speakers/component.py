"""The ``qg_speakers`` spaCy component: speakers, addressees and entities on a Doc.

Reads ``doc._.qg_attributions`` (from ``qg_attribution``) and replaces them with copies that
carry ``speaker`` and ``addressee``; writes the article's entities to ``doc._.qg_entities``.
"""

from spacy.language import Language
from spacy.tokens import Doc

from quotegraph.errors import PipelineError
from quotegraph.nlp.doc import ATTRIBUTIONS, ENTITIES
from quotegraph.speakers.resolve import find_speakers


class SpeakersComponent:
    """Resolves each statement's source to an entity (see :func:`~quotegraph.speakers.find_speakers`)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        attributions = doc._.get(ATTRIBUTIONS)
        if attributions is None:
            raise PipelineError(f"{self.name} needs the statements of qg_attribution: add that component before it")
        resolved, entities = find_speakers(doc, attributions)
        doc._.set(ATTRIBUTIONS, resolved)
        doc._.set(ENTITIES, entities)
        return doc


@Language.factory(
    "qg_speakers",
    requires=[f"doc._.{ATTRIBUTIONS}", "doc.ents", "doc.sents", "token.dep"],
    assigns=[f"doc._.{ATTRIBUTIONS}", f"doc._.{ENTITIES}"],
)
def make_speakers(nlp: Language, name: str) -> SpeakersComponent:
    """The speaker stage (nothing to configure)."""
    return SpeakersComponent(name)
