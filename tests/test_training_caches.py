"""The caches of parsed training articles are keyed by what made their content."""

from __future__ import annotations

import quotegraph.training.speaker_docs as speaker_docs
from quotegraph.training.speaker_docs import ArticleText, before_speakers_code


def test_the_parse_cache_key_follows_the_attribution_rules_code(monkeypatch) -> None:
    articles = [ArticleText("a1", "The mayor said the pier would close.", None)]
    key = speaker_docs._key(articles, "quotegraph 0.1.0")
    assert key == speaker_docs._key(articles, "quotegraph 0.1.0")  # stable
    # the extractor version names models and tokenizer rules, not rule code: a change of the
    # rules' code must make a new key
    monkeypatch.setattr(speaker_docs, "before_speakers_code", lambda: "other-rules")
    assert speaker_docs._key(articles, "quotegraph 0.1.0") != key


def test_the_code_digest_reads_the_stages_before_speakers() -> None:
    digest = before_speakers_code()
    assert len(digest) == 12 and digest == before_speakers_code()
