"""The caches of parsed training articles are keyed by what made their content."""

from __future__ import annotations

import quotegraph.pipeline as pipeline
import quotegraph.training.speaker_docs as speaker_docs
from quotegraph.training.speaker_docs import ArticleText


def test_the_parse_cache_key_follows_the_attribution_rules_code(monkeypatch) -> None:
    articles = [ArticleText("a1", "The mayor said the pier would close.", None)]
    version = pipeline.extractor_version()
    key = speaker_docs._key(articles, version)
    assert key == speaker_docs._key(articles, pipeline.extractor_version())  # stable
    # the extractor version names the rules' code, not only models and tokenizer rules: a change
    # of the rules' code must make a new key
    monkeypatch.setattr(pipeline, "extraction_code", lambda: "other-rules")
    assert speaker_docs._key(articles, pipeline.extractor_version()) != key
