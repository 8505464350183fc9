"""Find the attributions of a parsed document: rule and broad candidates, judged by the model."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from quotegraph.attribution.broad import broad_candidates, trimmed_readings
from quotegraph.attribution.candidates import Candidate, QuoteIndex
from quotegraph.attribution.convert import to_attributions
from quotegraph.attribution.framed import framed_quote_candidates
from quotegraph.attribution.lexicon import CueLexicon
from quotegraph.attribution.model import AttributionModel, load_model
from quotegraph.attribution.parse import parsed_source
from quotegraph.attribution.rule_candidates import rule_candidates
from quotegraph.models import Attribution
from quotegraph.nlp import doc_text, quote_index


def find_attributions(doc: Doc, model: AttributionModel | None = None) -> list[Attribution]:
    """Find every attribution in a parsed document.

    Args:
        doc: a spaCy ``Doc`` parsed by ``quotegraph.nlp.load_pipeline()`` (debris masked).
        model: the trained model that judges the candidates (its cue lexicon goes with it);
            ``None``: the shipped model. :data:`~quotegraph.attribution.RULES_ONLY` keeps the
            hand-written rules' candidates as they are.

    Returns:
        Attributions in text order with ids ``a1``, ``a2``, …; ``speaker``, ``addressee`` and
        ``said_on`` are left for the later stages.
    """
    text = doc_text(doc)
    quotes = quote_index(doc)
    if model is None:
        model = load_model()
    lexicon = model.cue_lexicon
    if model.rules_only:
        candidates = rule_candidates(doc, quotes, lexicon)
    else:
        candidates = [_with_parsed_source(doc, c) for c in model.choose(doc, quotes, all_candidates(doc, quotes, lexicon))]
    candidates.sort(key=lambda c: (c.start, c.cue[0]))
    return to_attributions(candidates, text, quotes)


def _with_parsed_source(doc: Doc, cand: Candidate) -> Candidate:
    """A chosen reading without a source takes the one the parse names (:func:`parsed_source`):
    the model chose the words; who said them is still the cue's subject."""
    if cand.source is not None:
        return cand
    source = parsed_source(doc, cand.cue, cand.content)
    return cand if source is None else replace(cand, source=source)


def all_candidates(doc: Doc, quotes: QuoteIndex, lexicon: CueLexicon | None = None) -> list[Candidate]:
    """What the model chooses from: the rules' candidates and the broad ones.

    ``lexicon``: the cue lexicon the rules read (default: the shipped one).
    """
    ruled = rule_candidates(doc, quotes, lexicon)
    out = ruled + broad_candidates(doc, quotes) + framed_quote_candidates(doc, quotes, ruled)
    seen = {(c.cue, tuple(c.content)) for c in out}
    # the rules' readings shortened, where no other candidate of the cue reads them so already
    out.extend(c for c in trimmed_readings(doc, ruled, quotes) if (c.cue, tuple(c.content)) not in seen)
    return out
