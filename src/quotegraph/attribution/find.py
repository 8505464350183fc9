"""Find the attributions of a parsed document: rule and broad candidates, judged by the model."""

from __future__ import annotations

from spacy.tokens import Doc

from quotegraph.attribution.broad import broad_candidates
from quotegraph.attribution.candidates import Candidate, QuoteIndex
from quotegraph.attribution.convert import to_attributions
from quotegraph.attribution.model import RULES_ONLY, AttributionModel, load_model
from quotegraph.attribution.rule_candidates import rule_candidates
from quotegraph.models import Attribution
from quotegraph.nlp import doc_text


def find_attributions(doc: Doc, model: AttributionModel | None = None) -> list[Attribution]:
    """Find every attribution in a parsed document.

    Args:
        doc: a spaCy ``Doc`` parsed by ``quotegraph.nlp.load_pipeline()`` (debris masked).
        model: the trained model that judges the candidates; ``None`` loads the default one
            (``$QUOTEGRAPH_ATTRIBUTION_MODEL`` or the shipped model). :data:`RULES_ONLY` keeps
            the hand-written rules' candidates as they are.

    Returns:
        Attributions in text order with ids ``a1``, ``a2``, …; ``speaker``, ``addressee`` and
        ``said_on`` are left for the later stages.
    """
    text = doc_text(doc)
    quotes = QuoteIndex(text)
    if model is None:
        model = load_model()
    if model is RULES_ONLY:
        candidates = rule_candidates(doc, quotes)
    else:
        candidates = model.choose(doc, quotes, all_candidates(doc, quotes))
    candidates.sort(key=lambda c: (c.start, c.cue[0]))
    return to_attributions(candidates, text, quotes)


def all_candidates(doc: Doc, quotes: QuoteIndex) -> list[Candidate]:
    """What the model chooses from: the rules' candidates and the broad ones."""
    return rule_candidates(doc, quotes) + broad_candidates(doc, quotes)
