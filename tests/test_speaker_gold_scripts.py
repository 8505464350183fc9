"""Tests for the speaker-gold helper scripts (validation and agreement), on invented fixtures."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from quotegraph.evaluate.polnear import GoldArticle, GoldAttribution

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


validate = _load("validate_speaker_gold")
agreement = _load("annotation_agreement")

# An invented article: "Mayor Ann Lee said on Tuesday the bridge will reopen."
TEXT = "Mayor Ann Lee said on Tuesday the bridge will reopen. No source here."
ARTICLE = GoldArticle(
    id="invented_article",
    text=TEXT,
    published=None,
    attributions=[
        GoldAttribution(content=[(30, 53)], source=[(0, 13)], cue=[(14, 18)]),
        GoldAttribution(content=[(55, 70)], source=[], cue=[]),
    ],
)


def _line(**over: object) -> dict:
    line = {
        "article": "invented_article", "index": 0, "content_start": 30, "content_end": 53,
        "source_start": 0, "source_end": 13, "speaker": "Ann Lee", "speaker_kind": "person",
        "said_on": "2030-01-01", "time_evidence": [19, 29], "addressee": None, "note": None,
    }  # fmt: skip
    line.update(over)
    return line


def test_valid_line_passes() -> None:
    assert validate.check_line(_line(), ARTICLE) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"content_start": 31}, "content"),
        ({"source_end": 12}, "source"),
        ({"speaker_kind": "robot"}, "speaker_kind"),
        ({"said_on": "Tuesday"}, "said_on"),
        ({"time_evidence": None}, "together"),
        ({"time_evidence": [19, 999]}, "outside the article"),
        ({"index": 1}, "no source span"),
        ({"index": 5}, "beyond"),
        ({"source_text": "Mayor Ann Lee"}, "unexpected fields"),
        ({"speaker": 3}, "speaker has type int"),
    ],
)
def test_bad_lines_are_reported(change: dict, expected: str) -> None:
    problems = validate.check_line(_line(**change), ARTICLE)
    assert any(expected in problem for problem in problems), problems


def test_week_and_year_dates_are_accepted() -> None:
    assert validate.check_line(_line(said_on="2030-W05"), ARTICLE) == []
    assert validate.check_line(_line(said_on="2030"), ARTICLE) == []


def test_agreement_folds_case_and_counts_disagreements(tmp_path: Path) -> None:
    first = [_line(), _line(index=2, speaker="City Council", speaker_kind="organization")]
    second = [
        _line(speaker="ann  LEE"),
        _line(index=2, speaker="City Council", speaker_kind="group", said_on=None),
    ]
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(json.dumps(x) for x in first) + "\n", encoding="utf-8")
    b.write_text("\n".join(json.dumps(x) for x in second) + "\n", encoding="utf-8")
    result = agreement.agreement(agreement.read_lines(a), agreement.read_lines(b))
    assert result["lines"] == 2
    assert result["speaker"]["agree"] == 2
    assert result["speaker_kind"]["agree"] == 1
    assert result["said_on"]["agree"] == 1
    assert {(d[1], d[2], d[3]) for d in result["disagreements"]} == {
        ("speaker_kind", "organization", "group"), ("said_on", "2030-01-01", None)
    }


def test_cohen_kappa() -> None:
    assert agreement.cohen_kappa([("a", "a"), ("b", "b")]) == 1.0
    assert agreement.cohen_kappa([("a", "b"), ("b", "a")]) == pytest.approx(-1.0)
    assert agreement.cohen_kappa([("a", "a"), ("a", "a")]) == 1.0


def test_speaker_cv_misses_sorts_each_miss_into_one_cause() -> None:
    misses = _load("speaker_cv_misses")

    def miss(**kw: object) -> dict[str, object]:
        base = {"source": "the agency", "gold": "Velmar Motors", "pred": None, "kind": "organisation",
                "any_right": True, "source_features": ["st=def", "hd=orgtype"],
                "ranked": [{"name": None, "ck": "ck=none", "base": ["rule"]}]}
        return {**base, **kw}

    assert misses.cause(miss(source=None)) == "A"
    assert misses.cause(miss(gold=None, pred="Ines Dorr")) == "G"
    assert misses.cause(miss()) == "E"
    assert misses.cause(miss(pred="Ines Dorr", ranked=[{"name": "Ines Dorr", "ck": "ck=person",
                                                         "base": ["rank=1"]}])) == "F"
    assert misses.cause(miss(any_right=False)) == "D"
    named = [{"name": "Ines Dorr", "ck": "ck=person", "base": ["head", "insrc"]}]
    assert misses.cause(miss(pred="Ines Dorr", source="Dorr", ranked=named,
                             source_features=["st=name", "hd=propn"])) == "B"
    report = [{"name": "Harbour Report", "ck": "ck=organization", "base": ["head", "insrc"]}]
    assert misses.cause(miss(kind="document", pred="Harbour Report", gold="Kestrel Trust",
                             ranked=report, source_features=["st=name", "hd=doc"])) == "C"


sheet = _load("annotation_sheet")


def test_the_skeleton_has_one_empty_line_per_sourced_attribution_that_the_validator_asks_to_fill() -> None:
    lines = sheet.skeleton(ARTICLE)
    assert [(line["index"], line["content_start"], line["source_end"]) for line in lines] == [(0, 30, 13)]
    assert all(line[k] is None for line in lines for k in ("speaker", "said_on", "addressee", "note"))
    # unfilled, it does not pass: the kind is a label the annotator must give
    assert any("speaker_kind" in p for p in validate.check_line(lines[0], ARTICLE))
    filled = {**lines[0], "speaker": "Ann Lee", "speaker_kind": "person", "said_on": "2030-01-01",
              "time_evidence": list(sheet.find(TEXT, "on Tuesday")[0])}
    assert validate.check_line(filled, ARTICLE) == []


def test_the_sheet_shows_each_line_offset_and_the_spans_of_sourced_attributions() -> None:
    text = sheet.sheet(ARTICLE)
    assert "[0] Mayor Ann Lee said on Tuesday" in text
    assert "[0, 13) 'Mayor Ann Lee'" in text and "[14, 18) 'said'" in text
    assert "1:" not in text.split("## attributions")[1]  # no source: nothing to label
    assert sheet.find(TEXT, "e") == [(i, i + 1) for i, c in enumerate(TEXT) if c == "e"]
