"""The spaCy stage: loading the English pipeline with quotegraph's own components."""

from quotegraph.nlp.pipeline import DEFAULT_MODEL, load_pipeline

__all__ = ["DEFAULT_MODEL", "load_pipeline"]
