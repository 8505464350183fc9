"""Attribution: quotations, cues, sources and contents of statements."""

from quotegraph.attribution.find import find_attributions
from quotegraph.attribution.model import RULES_ONLY, AttributionModel, load_model
from quotegraph.attribution.quotes import Quote, find_quotes

__all__ = ["RULES_ONLY", "AttributionModel", "Quote", "find_attributions", "find_quotes", "load_model"]
