"""The speaker accuracy metric of EVALUATION.md, on hand-made gold lines and predictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotegraph.errors import EvaluationError
from quotegraph.evaluate.speakers import (
    article_folds,
    classify_source,
    cross_validate,
    load_gold,
    name_words,
    score_speakers,
    speaker_is_right,
)
from quotegraph.models import Attribution, EntityRef, Span


@pytest.mark.parametrize(
    ("gold", "kind", "predicted", "right"),
    [
        # clause 1: the gold name's last word is among the predicted name's words
        ("Mirela Vostrikova", "person", "Mirela Vostrikova", True),
        ("Mirela Vostrikova", "person", "vostrikova", True),
        ("Sprinter Tamsin Adeyemi-Roe", "person", "Tamsin Adeyemi-Roe", True),
        ("Tamsin Adeyemi-Roe", "person", "Sprinter Tamsin Adeyemi-Roe", True),
        ("Queen Orlaith III", "person", "Orlaith III", True),
        ("Brennock Harbour Authority", "organization", "Harbour Authority", True),
        # the rule looks at names only: a shared last word is the same referent for it
        ("Pell Quarrington", "person", "Dov Quarrington", True),
        # clause 2: all the predicted name's words are in the gold name
        ("Orin Tasker Jr.", "person", "Orin Tasker", True),
        ("Ivo Brandt and Suvi Halme", "group", "Ivo Brandt", True),
        ("Kestrel Valley Gazette", "organization", "Kestrel Valley", True),
        # clause 3: one name is the other's acronym, either way round
        ("Bureau of Coastal Fisheries", "organization", "BCF", True),
        ("BCF", "organization", "Bureau of Coastal Fisheries", True),
        ("Office for Tidal Works", "organization", "O.T.W.", True),
        ("Bureau of Coastal Fisheries", "organization", "BCX", False),
        # ignored words: "the", "and", "of", "for" and company suffixes
        ("The Marrow Press", "organization", "Marrow Press Inc.", True),
        ("Quillfeather Ltd", "organization", "the Quillfeather", True),
        ("Halvorsen Shipping Co", "organization", "Halvorsen Shipping LLC", True),
        # none of the clauses
        ("Mirela Vostrikova", "person", "Mirela Stanek", False),
        ("Orin Tasker Jr.", "person", "Dr. Tasker", False),
        ("Kestrel Valley Gazette", "organization", "Valley Courier", False),
        # null gold: right only with a null prediction
        ("Mirela Vostrikova", "person", None, False),
        (None, "group", None, True),
        (None, "other", "Brennock Harbour Authority", False),
    ],
)
def test_speakers_metric_judges_names(
    gold: str | None, kind: str, predicted: str | None, right: bool
) -> None:
    assert speaker_is_right(gold, kind, predicted) is right


def test_speakers_metric_is_case_insensitive_and_kind_independent() -> None:
    for kind in ("person", "organization", "group", "document", "other"):
        assert speaker_is_right("TAMSIN ADEYEMI-ROE", kind, "tamsin adeyemi-roe")
        assert not speaker_is_right("Tamsin Adeyemi-Roe", kind, "Pell Quarrington")


def test_speakers_name_words_drop_ignored_words_and_outer_punctuation() -> None:
    assert name_words("The Board of Harbour Pilots, Inc.") == ["board", "harbour", "pilots"]
    assert name_words("O'Hanlon-Vane") == ["o'hanlon-vane"]


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
        _pred(text, "tolls stay", "Bob Park"),  # J = 2/3: matched, wrong name
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


def _addressed(text: str, content: str, speaker: str, addressee: str | None) -> Attribution:
    from quotegraph.models import Addressee

    att = _pred(text, content, speaker)
    if addressee is not None:
        start = text.index(addressee)
        att.addressee = Addressee(Span.of(text, start, start + len(addressee)))
    return att


def test_speakers_score_reads_offset_gold_with_kinds_and_addressees() -> None:
    # the train gold's format: source offsets instead of source_text, and an addressee key
    text = ("Ivo Brandt told the dock workers the pier will close. The Harbour Board said fees rise. "
            "He said nothing else changes.")
    pier = text.index("the pier will close")
    fees = text.index("fees rise")
    rest = text.index("nothing else changes")
    he = text.index("He said")
    gold = [
        {"article": "x", "index": 0, "content_start": pier, "content_end": pier + 19, "source_start": 0,
         "source_end": 10, "speaker": "Ivo Brandt", "speaker_kind": "person", "addressee": "dock workers"},
        {"article": "x", "index": 1, "content_start": fees, "content_end": fees + 9,
         "source_start": fees - 23, "source_end": fees - 6, "speaker": "Harbour Board",
         "speaker_kind": "organization", "addressee": None},
        {"article": "x", "index": 2, "content_start": rest, "content_end": rest + 20, "source_start": he,
         "source_end": he + 2, "speaker": "Ivo Brandt", "speaker_kind": "person", "addressee": None},
    ]
    preds = {"x": [
        _addressed(text, "the pier will close", "Ivo Brandt", "the dock workers"),
        _addressed(text, "fees rise", "Harbour Board", "Ivo Brandt"),  # an addressee the gold lacks
        _addressed(text, "nothing else changes", "Pell Quarrington", None),
    ]}
    result = score_speakers(gold, preds, {"x": text})
    assert result["by_kind"]["pronoun"]["total"] == 1  # "He", read from the offsets
    assert result["by_kind"]["organisation"]["total"] == 1
    assert result["by_speaker_kind"]["organisation"] == {"total": 1, "matched": 1, "right": 1, "accuracy": 1.0}
    assert result["by_speaker_kind"]["person"]["right"] == 1
    assert result["by_speaker_kind"]["person"]["accuracy"] == 0.5
    assert result["errors"][0]["source_text"] == "He"
    addressee = result["addressee"]
    assert (addressee["addressed"], addressee["found"], addressee["unaddressed"],
            addressee["falsely_given"]) == (1, 1, 2, 1)  # fmt: skip
    assert addressee["falsely_given_rate"] == 0.5


def test_speakers_score_has_no_addressee_figures_without_the_key() -> None:
    text = "Ann Lee said the bridge will open."
    gold = [{"article": "x", "index": 0, "content_start": 13, "content_end": 33,
             "source_text": "Ann Lee", "speaker": "Ann Lee", "speaker_kind": "person"}]
    result = score_speakers(gold, {"x": [_pred(text, "the bridge will open", "Ann Lee")]}, {"x": text})
    assert result["addressee"] is None


def test_speakers_article_folds_are_deterministic_and_cover_every_article() -> None:
    names = [f"pub{p}_2024-01-0{d}_story" for p in "abc" for d in range(1, 5)]
    folds = article_folds(reversed(names), 4)
    assert folds == article_folds(names + names[:3], 4)  # order and duplicates do not matter
    assert sorted(n for f in folds for n in f) == sorted(names)
    assert [len(f) for f in folds] == [3, 3, 3, 3]
    assert all(len({n[:4] for n in f}) == 3 for f in folds)  # every publisher in every fold
    for k in (1, 13):
        with pytest.raises(EvaluationError, match="--folds"):
            article_folds(names, k)


def test_speakers_cross_validate_trains_without_the_held_fold() -> None:
    text = "Ann Lee said the bridge will open."
    articles = [f"a{i}" for i in range(6)]
    gold = [{"article": a, "index": 0, "content_start": 13, "content_end": 33, "source_text": "Ann Lee",
             "speaker": "Ann Lee", "speaker_kind": "person"} for a in articles]
    seen: list[tuple[list[str], list[str]]] = []

    def trainer(train_ids):
        # a "learned" system: its answer depends on the training articles (4 of 6: right)
        def predict(held):
            seen.append((list(train_ids), list(held)))
            name = "Ann Lee" if len(train_ids) % 2 == 0 else "Bo Park"
            return {a: [_pred(text, "the bridge will open", name)] for a in held}
        return predict

    cv = cross_validate(gold, 3, trainer, {a: text for a in articles})
    assert len(seen) == 3
    for train_ids, held in seen:
        assert not set(train_ids) & set(held)
        assert sorted(train_ids + held) == articles
    assert [f["speaker_accuracy"] for f in cv["folds"]] == [100.0, 100.0, 100.0]
    assert cv["summary"]["speaker_accuracy"] == {"mean": 100.0, "sd": 0.0, "folds": 3}
    assert cv["summary"]["said_on_accuracy"] == {"mean": None, "sd": None, "folds": 0}

    def uneven(train_ids):
        return lambda held: {a: [_pred(text, "the bridge will open",
                                       "Ann Lee" if a in {"a0", "a3"} else "Bo Park")] for a in held}

    cv = cross_validate(gold, 3, uneven, {a: text for a in articles})
    # folds: [a0, a3] all right, [a1, a4] and [a2, a5] all wrong
    assert [f["speaker_accuracy"] for f in cv["folds"]] == [100.0, 0.0, 0.0]
    assert cv["summary"]["speaker_accuracy"]["mean"] == pytest.approx(33.33, abs=0.01)
    assert cv["summary"]["speaker_accuracy"]["sd"] == pytest.approx(57.74, abs=0.01)
