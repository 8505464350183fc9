"""Attribution: quotations, cues, sources and contents of statements."""

from quotegraph.attribution.quotes import Quote, find_quotes
from quotegraph.attribution.rules import find_attributions

__all__ = ["Quote", "find_attributions", "find_quotes"]
