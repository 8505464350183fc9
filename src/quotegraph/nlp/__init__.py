"""The spaCy stage: loading the English pipeline with quotegraph's own components, what
quotegraph keeps on a Doc, and the one quotation and live-blog item scanner."""

from quotegraph.nlp.doc import doc_text, set_published
from quotegraph.nlp.pipeline import DEFAULT_MODEL, load_pipeline, parse_texts
from quotegraph.nlp.quotes import item_breaks, quote_index

__all__ = ["DEFAULT_MODEL", "doc_text", "item_breaks", "load_pipeline", "parse_texts", "quote_index", "set_published"]
