"""The ``qg_time`` spaCy component: time expressions and the date of each statement on a Doc.

Reads the publication date from ``doc._.qg_published`` (set it before the pipeline runs:
:func:`quotegraph.nlp.set_published`; ``None`` leaves relative times underspecified) and the
statements from ``doc._.qg_attributions``; writes ``doc._.qg_times`` and replaces the statements
with copies that carry ``said_on``. Without statements it finds the times alone.
"""

from spacy.language import Language
from spacy.tokens import Doc

from quotegraph.nlp.doc import ATTRIBUTIONS, PUBLISHED, TIMES
from quotegraph.timing.expressions import find_time_expressions
from quotegraph.timing.said_on import date_statements


class TimeComponent:
    """Finds the article's times and dates its statements (see :mod:`quotegraph.timing`)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.get(PUBLISHED)
        times = find_time_expressions(doc, published)
        doc._.set(TIMES, times)
        attributions = doc._.get(ATTRIBUTIONS)
        if attributions is not None:
            doc._.set(ATTRIBUTIONS, date_statements(doc, attributions, times, published))
        return doc


@Language.factory(
    "qg_time",
    requires=[f"doc._.{PUBLISHED}", "doc.sents", "token.dep", "token.tag"],
    assigns=[f"doc._.{TIMES}", f"doc._.{ATTRIBUTIONS}"],
)
def make_time(nlp: Language, name: str) -> TimeComponent:
    """The time stage (nothing to configure: the publication date comes with each Doc)."""
    return TimeComponent(name)
