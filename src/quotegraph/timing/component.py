"""The ``qg_time`` spaCy component: time expressions and the date of each statement on a Doc.

Reads the publication date from ``doc._.qg_published`` (set it before the pipeline runs:
:func:`quotegraph.nlp.set_published`; ``None`` leaves relative times underspecified) and the
statements from ``doc._.qg_attributions``; writes ``doc._.qg_times`` and replaces the statements
with copies that carry ``said_on``. Without statements it finds the times alone.

Each statement's ``said_on`` is chosen by the hand rules (the default, ``said_on_model="rules"``),
or among its candidate anchors by the learned model (``said_on_model="shipped"``, or a model
file: :mod:`quotegraph.timing.said_on_model`, the rules' decision one of its features). The rules
stay the default although the model beats them on 5-fold cross-validation over the project's
PolNeAR train gold: on the PolNeAR dev speaker gold, a check neither was fit on, the model gives
22.0 % false times against the rules' 0.4 % (README, Figures). A false date is worse than none, so a
change that fails that check does not become the default; the train gold dates statements by
their event ("time inherited") far more often than the dev gold does.
"""

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from quotegraph.nlp.doc import ATTRIBUTIONS, PUBLISHED, TIMES
from quotegraph.timing.expressions import find_time_expressions
from quotegraph.timing.said_on_model import SaidOnModel, date_with_model, load_said_on_model
from quotegraph.timing.spans import forget


class TimeComponent:
    """Finds the article's times and dates its statements (see :mod:`quotegraph.timing`).

    Attributes:
        name: the component's name in the pipeline.
        model: the learned ``said_on`` model; ``None``: the hand rules alone.
    """

    def __init__(self, name: str, model: SaidOnModel | None = None) -> None:
        self.name = name
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.get(PUBLISHED)
        try:
            times = find_time_expressions(doc, published)
            doc._.set(TIMES, times)
            attributions = doc._.get(ATTRIBUTIONS)
            if attributions is not None:
                doc._.set(ATTRIBUTIONS, date_with_model(doc, attributions, times, published, self.model))
        finally:
            forget()  # the spans looked up for this Doc hold it
        return doc


@Language.factory(
    "qg_time",
    default_config={"said_on_model": "rules"},
    requires=[f"doc._.{PUBLISHED}", "doc.sents", "token.dep", "token.tag"],
    assigns=[f"doc._.{TIMES}", f"doc._.{ATTRIBUTIONS}"],
)
def make_time(nlp: Language, name: str, said_on_model: Optional[str]) -> TimeComponent:
    """The time stage (the publication date comes with each Doc).

    Args:
        nlp: the pipeline.
        name: the component's name.
        said_on_model: ``"rules"`` for the hand rules alone (the default), ``"shipped"`` for the
            shipped learned model, or a model file from ``quotegraph train said-on``.

    Raises:
        ModelError: the model file cannot be read.
    """
    return TimeComponent(name, load_said_on_model(said_on_model))
