"""The spaCy stage: loading the English pipeline with quotegraph's own components, and what
quotegraph keeps on a Doc."""

from quotegraph.nlp.doc import doc_text, set_published
from quotegraph.nlp.pipeline import DEFAULT_MODEL, load_pipeline

__all__ = ["DEFAULT_MODEL", "doc_text", "load_pipeline", "set_published"]
