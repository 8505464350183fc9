"""Ingest: turn files, folders, JSONL, WARC archives, URLs and feeds into :class:`Article` objects.

``read_inputs`` is the entry point the commands use; the per-format readers are public too. Bad
inputs never stop a batch: readers that yield give a :class:`Skipped` (origin and reason), and the
single-article functions raise :class:`~quotegraph.errors.IngestError` with the reason.
"""

from quotegraph.errors import IngestError
from quotegraph.ingest.base import MAX_HTML_BYTES, MAX_TEXT_BYTES, Skipped, parse_published
from quotegraph.ingest.html import MIN_ARTICLE_WORDS, article_from_html, read_html_file
from quotegraph.ingest.jsonl import article_from_record, read_jsonl
from quotegraph.ingest.metadata import Sidecar, first_words, headline, read_sidecar
from quotegraph.ingest.sources import DIRECTORY_SUFFIXES, input_kind, iter_input_files, read_inputs, read_path
from quotegraph.ingest.text import article_from_text, read_text_file
from quotegraph.ingest.warc import read_warc
from quotegraph.ingest.web import FeedEntry, is_url, parse_feed, read_url, url_article_id

__all__ = [
    "DIRECTORY_SUFFIXES",
    "MAX_HTML_BYTES",
    "MAX_TEXT_BYTES",
    "MIN_ARTICLE_WORDS",
    "FeedEntry",
    "IngestError",
    "Sidecar",
    "Skipped",
    "article_from_html",
    "article_from_record",
    "article_from_text",
    "first_words",
    "headline",
    "input_kind",
    "is_url",
    "iter_input_files",
    "parse_feed",
    "parse_published",
    "read_html_file",
    "read_inputs",
    "read_jsonl",
    "read_path",
    "read_sidecar",
    "read_text_file",
    "read_url",
    "read_warc",
    "url_article_id",
]
