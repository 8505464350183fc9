"""``quotegraph evaluate gold``: the reader, the scorer and the contrast report, on invented fixtures."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotegraph.cli import app
from quotegraph.errors import EvaluationError
from quotegraph.evaluate.gold import (
    GoldDocument,
    GoldStatement,
    contrast_outcome,
    jaccard,
    read_gold,
    score_gold,
)
from quotegraph.models import Addressee, Attribution, EntityRef, SaidOn, Span

FIXTURES = Path(__file__).parent / "fixtures" / "evaluate" / "gold"
ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _pred(text: str, content: str, speaker: str | None = None, *, said_on: str | None = None,
          addressee: str | None = None, at: int = 0) -> Attribution:  # fmt: skip
    start = text.index(content, at)
    return Attribution(
        id=f"p{start}",
        kind="indirect",
        content=[Span.of(text, start, start + len(content))],
        speaker=EntityRef("e1", speaker, "person") if speaker else None,
        said_on=SaidOn(said_on, "day", said_on, said_on) if said_on else None,
        addressee=Addressee(Span.of(text, text.index(addressee), text.index(addressee)
                                    + len(addressee))) if addressee else None,
    )


def test_evaluate_gold_reads_both_spellings() -> None:
    articles = read_gold(FIXTURES / "articles.jsonl")
    items = read_gold(FIXTURES / "contrast.jsonl")
    assert [d.id for d in articles] == ["fn-1", "ob-2"]
    assert articles[0].published is not None and articles[0].published.isoformat() == "2031-03-05"
    assert articles[0].dates_annotated and articles[0].addressees_annotated
    assert articles[1].statements[0].speaker_kind == "organisation"  # "organization" folded in
    assert [(d.id, d.label, d.beat, len(d.statements)) for d in items] == [
        ("s-1", "statement", "sports", 1), ("sc-2", "statement", "science", 1),
        ("b-3", "act", "business", 0), ("c-4", "act", "courts", 0)]  # fmt: skip
    assert not items[0].dates_annotated


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"doc_id": "x", "text": "abc", "attributions": [{"content": [1, 9]}]}', "outside the text"),
        ('{"doc_id": "x", "text": "abc"}', "attributions"),
        ('{"text": "abc", "attributions": []}', "doc_id"),
        ('{"id": "x", "text": "abc", "label": "event", "statements": []}', "label"),
        ("not json", "not a JSON line"),
    ],
)
def test_evaluate_gold_rejects_malformed_lines(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        read_gold(path)


def test_evaluate_gold_missing_file_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="not found"):
        read_gold(tmp_path / "none.jsonl")


def test_evaluate_gold_jaccard_is_over_characters() -> None:
    assert jaccard((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert jaccard((0, 10), (10, 20)) == 0.0
    assert jaccard((3, 7), (3, 7)) == 1.0


def test_evaluate_gold_scores_content_speakers_dates_and_addressees() -> None:
    first, second = read_gold(FIXTURES / "articles.jsonl")
    t1, t2 = first.text, second.text
    preds1 = [
        # right content, speaker, date and addressee
        _pred(t1, "that the rail operator would buy 40 new trains", "Giulia Santangelo-Reyes",
              said_on="2031-03-03", addressee="reporters"),
        # right content (quote marks in: J still ≥ 0.5), wrong speaker, a false date
        _pred(t1, "\"We will run on time or not at all,\"", "Ferrovia Nord", said_on="2031-03-05"),
        # a spurious one (the headline)
        _pred(t1, "Ferrovia Nord names new chief", "Ferrovia Nord"),
    ]
    preds2 = [_pred(t2, "inflation", "Orchard Bank")]  # J = 9/20 < 0.5: no match
    result = score_gold([(first, preds1), (second, preds2)])
    assert (result["documents"], result["gold"], result["predicted"]) == (2, 4, 4)
    assert result["content"]["tp"] == 2
    assert (result["content"]["p"], result["content"]["r"]) == (50.0, 50.0)
    assert result["end_to_end"]["tp"] == 1
    assert result["speaker_accuracy"]["value"] == 50.0
    assert result["speaker_by_kind"]["person"] == {"gold": 2, "value": 50.0, "right": 1, "total": 2}
    assert result["speaker_by_kind"]["unnamed"]["total"] == 0
    assert result["said_on"]["accuracy"]["value"] == 100.0
    assert result["said_on"]["false_time_rate"] == {"value": 100.0, "right": 1, "total": 1}
    assert result["addressee"]["found"]["value"] == 100.0
    assert result["addressee"]["falsely_given"] == {"value": 0.0, "right": 0, "total": 1}
    assert result["recall_by_kind"]["direct"]["right"] == 1
    assert result["token_metrics"]["gold"] == 4  # the PolNeAR token figures ride along
    assert result["contrast"] is None  # articles carry no labels
    assert [e["gold"] for e in result["errors"]] == ["Giulia Santangelo-Reyes"]


def test_evaluate_gold_said_on_left_out_where_not_annotated() -> None:
    items = read_gold(FIXTURES / "contrast.jsonl")
    result = score_gold([(d, []) for d in items])
    assert result["said_on"] is None and result["addressee"] is None
    assert result["content"]["r"] == 0.0 and result["content"]["p"] is None


def test_evaluate_gold_contrast_report() -> None:
    s1, s2, act1, act2 = read_gold(FIXTURES / "contrast.jsonl")
    pairs = [
        (s1, [_pred(s1.text, "her team would appeal the red card", "Mira Kovacevic-Lund")]),
        # right content and speaker, but a second (spurious) statement: not exact
        (s2, [_pred(s2.text, "The data are clear", "Telmar Institute"),
              _pred(s2.text, "the Telmar Institute", None)]),
        (act1, []),
        (act2, [_pred(act2.text, "the former treasurer to nine years", "Omar Haddad")]),
    ]
    report = score_gold(pairs)["contrast"]
    assert report["acts_silent"] == {"value": 50.0, "right": 1, "total": 2}
    assert report["statements_exact"] == {"value": 50.0, "right": 1, "total": 2}
    assert report["statements_found"]["right"] == 2
    assert report["statements_speaker"]["right"] == 2
    assert report["statements_extra"]["right"] == 1
    assert report["by_beat"]["courts"]["acts_silent"]["value"] == 0.0
    assert report["by_beat"]["sports"]["statements_exact"]["value"] == 100.0
    assert sorted(f["id"] for f in report["failures"]) == ["c-4", "sc-2"]


def test_evaluate_gold_contrast_statement_needs_the_right_speaker() -> None:
    text = "Coach Ana Ruiz said the pitch was frozen."
    doc = GoldDocument("x", text, [GoldStatement((19, 40), speaker="Ana Ruiz",
                                                 speaker_kind="person")], label="statement")  # fmt: skip
    assert contrast_outcome(doc, [_pred(text, "the pitch was frozen", "Ana Ruiz")])["ok"]
    wrong = contrast_outcome(doc, [_pred(text, "the pitch was frozen", "Coach Bo")])
    assert (wrong["ok"], wrong["content_matched"], wrong["speaker_right"]) == (False, True, False)
    assert not contrast_outcome(doc, [_pred(text, "Coach Ana Ruiz", "Ana Ruiz")])["content_matched"]


def test_evaluate_gold_cli_on_the_fixture(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    result = runner.invoke(app, ["evaluate", "gold", str(FIXTURES / "contrast.jsonl"),
                                 "--json", str(out), "--failures", "4"],
                           env={"COLUMNS": "120"})  # fmt: skip
    assert result.exit_code == 0, result.output
    for label in ("content (char. J ≥ 0.5)", "speaker accuracy", "Contrast", "acts silent"):
        assert label in result.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert (figures["documents"], figures["gold"], figures["failed"]) == (4, 2, {})
    assert figures["contrast"]["acts_silent"]["total"] == 2
    assert figures["contrast"]["statements_exact"]["total"] == 2


def test_evaluate_gold_cli_error_is_one_line() -> None:
    result = runner.invoke(app, ["evaluate", "gold", "/nonexistent/gold.jsonl"])
    assert result.exit_code == 1
    assert "not found" in result.output


def test_evaluate_gold_contrast_set_is_built_from_its_source() -> None:
    spec = importlib.util.spec_from_file_location("build_contrast_set",
                                                  ROOT / "scripts" / "build_contrast_set.py")  # fmt: skip
    assert spec and spec.loader
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    items = builder.build()
    committed = (ROOT / "data" / "contrast" / "contrast_set.jsonl").read_text(encoding="utf-8")
    assert committed == "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    docs = read_gold(ROOT / "data" / "contrast" / "contrast_set.jsonl")
    labels = [d.label for d in docs]
    assert len(docs) >= 320 and labels.count("statement") == labels.count("act")
    for doc in docs:
        assert len(doc.statements) == (1 if doc.label == "statement" else 0)
        for st in doc.statements:
            content = doc.text[st.content[0] : st.content[1]]
            assert content == content.strip() and content[-1] not in ".,;:!?"
            assert st.cue is not None and doc.text[st.cue[0] : st.cue[1]].strip()


def test_evaluate_gold_help_has_an_example() -> None:
    result = runner.invoke(app, ["evaluate", "gold", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
