"""The speaker accuracy metric of EVALUATION.md, on hand-made gold lines and predictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotegraph.errors import EvaluationError
from quotegraph.evaluate.speakers import (
    classify_source,
    load_gold,
    score_speakers,
    speaker_is_right,
)
from quotegraph.models import Attribution, EntityRef, Span


@pytest.mark.parametrize(
    ("gold", "kind", "predicted", "right"),
    [
        ("Hillary Clinton", "person", "Hillary Clinton", True),
        ("Hillary Clinton", "person", "Clinton", True),
        ("Obama", "person", "Barack Obama", True),
        ("Hillary Clinton", "person", "Bill Clinton", False),
        ("Hillary Clinton", "person", "Donald Trump", False),
        ("Hillary Clinton", "person", None, False),
        (None, "group", None, True),
        (None, "group", "Republican National Committee", False),
        ("The New York Post", "organization", "The New York Post", True),
        ("The New York Post", "organization", "New York Post", True),
        ("The New York Post", "organization", "The Post", False),
        ("Clinton campaign", "organization", "Clinton campaign", True),
        ("Jon Tester and David Vitter", "person", "Jon Tester and David Vitter", True),
        ("Jon Tester and David Vitter", "person", "Jon Tester", False),
    ],
)
def test_speakers_metric_judges_names(
    gold: str | None, kind: str, predicted: str | None, right: bool
) -> None:
    assert speaker_is_right(gold, kind, predicted) is right


@pytest.mark.parametrize(
    ("source", "gold", "kind", "expected"),
    [
        ("he", "Donald Trump", "person", "pronoun"),
        ("Trump’s", "Donald Trump", "person", "name"),
        ("Mr. Obama", "Barack Obama", "person", "name"),
        ("the Republican nominee", "Donald Trump", "person", "description"),
        ("The campaign", "Clinton campaign", "organization", "organisation"),
        ("sources", None, "group", "anonymous"),
        ("it", "Trump campaign", "organization", "pronoun"),
    ],
)
def test_speakers_metric_classifies_sources(
    source: str, gold: str | None, kind: str, expected: str
) -> None:
    assert classify_source(source, gold, kind) == expected


def _pred(text: str, content: str, speaker: str | None) -> Attribution:
    start = text.index(content)
    ref = EntityRef("e1", speaker, "person") if speaker else None
    return Attribution("p", "indirect", [Span.of(text, start, start + len(content))], speaker=ref)


def test_speakers_score_matches_by_content_and_breaks_down_by_kind() -> None:
    text = "Ann Lee said the bridge will open. She said tolls stay low. Sources said it is late."
    gold = [
        {"article": "x", "index": 0, "content_start": 13, "content_end": 33,
         "source_text": "Ann Lee", "speaker": "Ann Lee", "speaker_kind": "person"},
        {"article": "x", "index": 1, "content_start": 44, "content_end": 58,
         "source_text": "She", "speaker": "Ann Lee", "speaker_kind": "person"},
        {"article": "x", "index": 2, "content_start": 73, "content_end": 83,
         "source_text": "Sources", "speaker": None, "speaker_kind": "group"},
    ]
    preds = {"x": [
        _pred(text, "the bridge will open", "Ann Lee"),
        _pred(text, "tolls stay", "Bob Lee"),  # J = 2/3: matched, wrong name
        _pred(text, "it is late", "Ann Lee"),  # a name for an anonymous source
    ]}
    result = score_speakers(gold, preds, {"x": text})
    assert result["matched"] == 3
    assert result["correct"] == 1
    assert result["by_kind"]["name"]["accuracy"] == 1.0
    assert result["by_kind"]["pronoun"]["accuracy"] == 0.0
    assert result["confusion"]["pronoun"]["wrong_name"] == 1
    assert result["confusion"]["anonymous"]["false_name"] == 1
    assert len(result["errors"]) == 2


def test_speakers_score_leaves_unmatched_gold_out_of_accuracy() -> None:
    text = "Ann Lee said the bridge will open next spring."
    gold = [{"article": "x", "index": 0, "content_start": 13, "content_end": 45,
             "source_text": "Ann Lee", "speaker": "Ann Lee", "speaker_kind": "person"}]
    result = score_speakers(gold, {"x": [_pred(text, "spring", "Ann Lee")]}, {"x": text})
    assert result["matched"] == 0 and result["accuracy"] is None
    assert result["confusion"]["name"]["unmatched"] == 1


def test_speakers_load_gold_errors(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="not found"):
        load_gold(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"article": "x"}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="bad.jsonl:2"):
        load_gold(bad)


def test_speakers_score_lists_the_time_errors() -> None:
    from quotegraph.models import SaidOn

    text = "Ann Lee said on Monday the bridge will open. Bo Park said tolls stay low. Cy Ng said it is late."
    gold = [
        {"article": "x", "index": 0, "content_start": 23, "content_end": 43, "source_text": "Ann Lee",
         "speaker": "Ann Lee", "speaker_kind": "person", "said_on": "2024-07-15"},
        {"article": "x", "index": 1, "content_start": 58, "content_end": 72, "source_text": "Bo Park",
         "speaker": "Bo Park", "speaker_kind": "person", "said_on": "2024-07-15"},
        {"article": "x", "index": 2, "content_start": 85, "content_end": 95, "source_text": "Cy Ng",
         "speaker": "Cy Ng", "speaker_kind": "person", "said_on": None},
    ]
    monday = SaidOn("2024-07-15", "day", "2024-07-15", "2024-07-15")
    preds = [_pred(text, "the bridge will open", "Ann Lee"), _pred(text, "tolls stay low", "Bo Park"),
             _pred(text, "it is late", "Cy Ng")]
    preds[0].said_on = monday
    preds[2].said_on = monday  # a date the text never gives this statement
    time = score_speakers(gold, {"x": preds}, {"x": text})["time"]
    assert (time["dated"], time["right"], time["undated"], time["false_times"]) == (2, 1, 1, 1)
    assert time["errors"] == [
        {"article": "x", "index": 1, "gold": "2024-07-15", "predicted": None},
        {"article": "x", "index": 2, "gold": None, "predicted": "2024-07-15"},
    ]
