"""Quotations, as the attribution stage reads them: the one scanner lives in
:mod:`quotegraph.nlp.quotes`, below every stage."""

from quotegraph.nlp.quotes import CLOSING, OPENING, Quote, QuoteIndex, find_quotes, quote_index

__all__ = ["CLOSING", "OPENING", "Quote", "QuoteIndex", "find_quotes", "quote_index"]
