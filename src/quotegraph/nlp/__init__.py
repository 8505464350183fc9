"""The spaCy stage: loading the English pipeline with quotegraph's own components."""

from quotegraph.nlp.pipeline import DEFAULT_MODEL, doc_text, load_pipeline

__all__ = ["DEFAULT_MODEL", "doc_text", "load_pipeline"]
