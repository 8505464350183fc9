"""Cleaning: scraping debris as excluded spans, masking that keeps offsets (the text the pipeline
parses), paragraph offsets."""

from quotegraph.clean.debris import MAX_DEBRIS_LINE, find_debris, mask, paragraph_spans, parse_text

__all__ = ["MAX_DEBRIS_LINE", "find_debris", "mask", "paragraph_spans", "parse_text"]
