"""Evaluation of the time stage: TempEval-3 figures, said_on scoring, the brat reader, the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotegraph.errors import EvaluationError
from quotegraph.evaluate.said_on import read_brat_attributions, said_on_is_right
from quotegraph.evaluate.timex import evaluate_timex
from quotegraph.models import SaidOn

FIXTURE = Path(__file__).parent / "fixtures" / "time" / "timex_small.jsonl"


def test_timex_evaluation_scores_the_annotated_lines() -> None:
    result = evaluate_timex(FIXTURE)
    assert result["scope_lines"] == 3  # the gold reaches line index 2
    assert (result["gold"], result["predicted"]) == (5, 5)
    assert result["relaxed"]["f1"] == 100.0
    assert result["strict"]["f1"] == 100.0
    # The fixture's gold value for "1999" is deliberately wrong: 4 of 5 values agree.
    assert result["value"] == {"precision": 80.0, "recall": 80.0, "f1": 80.0}
    assert result["type_accuracy"] == 100.0
    assert [e["kind"] for e in result["errors"]] == ["value"]


def test_timex_evaluation_whole_texts_counts_unannotated_lines_as_spurious() -> None:
    result = evaluate_timex(FIXTURE, scope_lines=None)
    assert result["predicted"] > 5
    assert result["relaxed"]["precision"] < 100.0
    assert result["relaxed"]["recall"] == 100.0


def test_timex_evaluation_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no such file"):
        evaluate_timex(tmp_path / "absent.jsonl")


def test_timex_evaluation_bad_line_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "x"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="not a TIMEX3 record"):
        evaluate_timex(bad)


@pytest.mark.parametrize(
    ("gold", "predicted", "right"),
    [
        ("2024-07-17", SaidOn("2024-07-17", "day", "2024-07-17", "2024-07-17"), True),
        ("2024-07-17", SaidOn("2024-07-16", "day", "2024-07-16", "2024-07-16"), False),
        ("2024-W29", SaidOn("2024-07-17", "day", "2024-07-17", "2024-07-17"), True),  # finer, inside
        ("2024-07-17", SaidOn("2024-W29", "week", "2024-07-15", "2024-07-21"), False),  # coarser
        ("2024-02", SaidOn("2024-02", "month", "2024-02-01", "2024-02-29"), True),
        ("2023", SaidOn("2024-02", "month", "2024-02-01", "2024-02-29"), False),
        ("2024", None, False),
    ],
)
def test_said_on_is_right_at_gold_granularity(gold, predicted, right) -> None:
    assert said_on_is_right(gold, predicted) is right


def test_read_brat_attributions_in_event_order(tmp_path: Path) -> None:
    text = "Ana said rain was coming. Later, Bo told us: dry weeks ahead."
    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tSource 33 35\tBo\n"
        "T2\tCue 36 40\ttold\n"
        "T3\tContent 45 60\tdry weeks ahead\n"
        "T4\tAttribution 36 40\ttold\n"
        "T5\tSource 0 3\tAna\n"
        "T6\tCue 4 8\tsaid\n"
        "T7\tContent 9 16;17 24\train was coming\n"
        "T8\tAttribution 4 8\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n",
        encoding="utf-8",
    )
    first, second = read_brat_attributions(ann, text)
    assert first.id == "0" and first.source is not None and first.source.text == "Bo"
    assert [(s.start, s.end) for s in second.content] == [(9, 16), (17, 24)]  # discontinuous content
    assert second.cue is not None and second.cue.text == "said"


def test_cli_evaluate_timex_prints_and_writes_json(tmp_path: Path) -> None:
    import quotegraph.cli  # noqa: F401 - registers the commands
    from quotegraph.cli.app import app

    out = tmp_path / "timex.json"
    result = CliRunner().invoke(app, ["evaluate", "timex", str(FIXTURE), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "value" in result.output
    assert out.is_file() and '"value"' in out.read_text(encoding="utf-8")


def test_cli_evaluate_timex_missing_file_exits_1(tmp_path: Path) -> None:
    import quotegraph.cli  # noqa: F401 - registers the commands
    from quotegraph.cli.app import app

    result = CliRunner().invoke(app, ["evaluate", "timex", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 1
    assert "no such file" in result.output
    assert "Traceback" not in result.output


POLNEAR = Path(__file__).parent / "fixtures" / "time" / "polnear"
SAID_ON_GOLD = Path(__file__).parent / "fixtures" / "time" / "said_on_gold.jsonl"


@pytest.mark.parametrize("gold_speakers", [False, True])
def test_said_on_gold_span_evaluation_on_an_invented_article(gold_speakers: bool) -> None:
    from quotegraph.evaluate.said_on import evaluate_said_on_gold_spans

    result = evaluate_said_on_gold_spans(POLNEAR, SAID_ON_GOLD, gold_speakers=gold_speakers)
    assert result["gold_speakers"] is gold_speakers
    assert (result["articles"], result["dated"], result["undated"]) == (1, 1, 1)
    assert result["time_accuracy"] == 100.0  # the quote inherits the Tuesday town hall
    assert result["false_time_rate"] == 0.0  # the critics are dated by nothing
    assert result["errors"] == []


def test_said_on_gold_span_evaluation_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    from quotegraph.evaluate.said_on import evaluate_said_on_gold_spans

    with pytest.raises(EvaluationError, match="metadata.tsv"):
        evaluate_said_on_gold_spans(tmp_path, SAID_ON_GOLD)


def test_cli_evaluate_said_on(tmp_path: Path) -> None:
    import quotegraph.cli  # noqa: F401 - registers the commands
    from quotegraph.cli.app import app

    out = tmp_path / "said_on.json"
    result = CliRunner().invoke(
        app, ["evaluate", "said-on", str(POLNEAR), "--gold", str(SAID_ON_GOLD), "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "time accuracy" in result.output
    assert out.is_file()


def test_said_on_gold_span_evaluation_of_another_split(tmp_path: Path) -> None:
    # the project's train gold lies in the train split: --split says where its articles are
    from quotegraph.evaluate.said_on import evaluate_said_on_gold_spans

    shutil.copytree(POLNEAR / "dev", tmp_path / "train")
    shutil.copy(POLNEAR / "metadata.tsv", tmp_path / "metadata.tsv")
    result = evaluate_said_on_gold_spans(tmp_path, SAID_ON_GOLD, split="train")
    assert (result["articles"], result["dated"], result["undated"]) == (1, 1, 1)
    with pytest.raises(EvaluationError, match="missing under"):
        evaluate_said_on_gold_spans(tmp_path, SAID_ON_GOLD)  # nothing in dev
