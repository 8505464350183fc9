"""Cleaning: scraping debris as excluded spans, masking that keeps offsets, paragraph offsets."""

from quotegraph.clean.debris import MAX_DEBRIS_LINE, find_debris, mask, paragraph_spans

__all__ = ["MAX_DEBRIS_LINE", "find_debris", "mask", "paragraph_spans"]
