"""``quotegraph evaluate`` end to end on the invented PolNeAR fixture, with the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotegraph.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "evaluate" / "polnear"
runner = CliRunner()


@pytest.fixture(scope="module")
def polnear_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, dict]:
    out = tmp_path_factory.mktemp("eval") / "figures.json"
    result = runner.invoke(
        app, ["evaluate", "polnear", str(FIXTURE), "--split", "dev", "--json", str(out)],
        env={"COLUMNS": "120"},
    )
    return result, json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}


def test_evaluate_cli_polnear_prints_every_figure(polnear_run) -> None:
    result, _ = polnear_run
    assert result.exit_code == 0, result.output
    for label in ("content exact", "content partial", "content lenient", "content tokens",
                  "source accuracy", "cue accuracy", "end-to-end", "direct-quote recall",
                  "By kind", "By part"):  # fmt: skip
        assert label in result.stdout


def test_evaluate_cli_polnear_json_holds_the_figures(polnear_run) -> None:
    _, figures = polnear_run
    assert (figures["articles"], figures["gold"], figures["split"]) == (2, 5, "dev")
    assert figures["failed"] == {}  # the real pipeline ran on every article
    assert figures["predicted"] > 0
    for key in ("content_exact", "content_partial", "content_lenient", "content_token",
                "end_to_end"):  # fmt: skip
        assert set(figures[key]) >= {"p", "r", "f1"}
        assert figures[key]["f1"] is None or 0 <= figures[key]["f1"] <= 100
    assert set(figures["by_kind"]) == {"direct", "indirect", "mixed"}
    assert set(figures["by_part"]) == {"content", "source", "cue"}
    assert figures["skipped"]["no annotation"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evaluate", "polnear", "/nonexistent/polnear"], "PolNeAR folder not found"),
        (["evaluate", "polnear", str(FIXTURE), "--split", "test"], "no split 'test'"),
        (["evaluate", "speakers", str(FIXTURE), "--gold", "/nonexistent/gold.jsonl"],
         "not found"),
    ],
)
def test_evaluate_cli_errors_are_one_line_and_status_1(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_evaluate_cli_speakers_on_invented_gold(tmp_path: Path) -> None:
    text = (FIXTURE / "dev" / "text" / "alpha_2024-03-04_mayor-budget.txt").read_text()
    start = text.index("the city budget")
    line = {"article": "alpha_2024-03-04_mayor-budget", "index": 0, "content_start": start,
            "content_end": text.index(" by June") + 8, "source_start": 0, "source_end": 20,
            "source_text": "Mayor Dana Whitfield", "speaker": "Dana Whitfield",
            "speaker_kind": "person", "said_on": None, "time_evidence": None}  # fmt: skip
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(line) + "\n", encoding="utf-8")
    out = tmp_path / "speakers.json"
    result = runner.invoke(app, ["evaluate", "speakers", str(FIXTURE), "--gold", str(gold),
                                 "--json", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())
    # "Mayor Dana Whitfield said ... that the city budget ...": found, and named right
    assert (figures["total"], figures["matched"], figures["correct"]) == (1, 1, 1)
    assert "Speakers" in result.stdout


def test_evaluate_cli_agreement_on_fixture() -> None:
    result = runner.invoke(app, ["evaluate", "agreement", str(FIXTURE), "--split", "dev"],
                           env={"COLUMNS": "120"})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "PolNeAR dev: 1 articles, 3 gold, 1 predicted" in result.stdout


def test_evaluate_cli_speakers_on_offset_gold_with_folds(tmp_path: Path) -> None:
    # the project's train-gold format: offsets only, with addressees; two articles, two folds
    alpha = (FIXTURE / "dev" / "text" / "alpha_2024-03-04_mayor-budget.txt").read_text()
    beta = (FIXTURE / "dev" / "text" / "beta_2024-05-06_merger-bet.txt").read_text()
    taxes = alpha.index("We will not raise")
    told = alpha.index("Whitfield told")
    merger = beta.index("the merger")
    lines = [
        {"article": "alpha_2024-03-04_mayor-budget", "index": 0,
         "content_start": alpha.index("the city budget"), "content_end": alpha.index(" by June") + 8,
         "source_start": 0, "source_end": 20, "speaker": "Dana Whitfield", "speaker_kind": "person",
         "said_on": None, "time_evidence": None, "addressee": None, "note": ""},
        {"article": "alpha_2024-03-04_mayor-budget", "index": 1, "content_start": taxes,
         "content_end": taxes + 23, "source_start": told, "source_end": told + 9,
         "speaker": "Dana Whitfield", "speaker_kind": "person", "said_on": None,
         "time_evidence": None, "addressee": "reporters", "note": ""},
        {"article": "beta_2024-05-06_merger-bet", "index": 0, "content_start": merger,
         "content_end": beta.index("bet") + 3, "source_start": 0, "source_end": 20,
         "speaker": "Northbank", "speaker_kind": "organization", "said_on": None,
         "time_evidence": None, "addressee": None, "note": ""},
    ]  # fmt: skip
    gold = tmp_path / "train_gold.jsonl"
    gold.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "speakers.json"
    result = runner.invoke(app, ["evaluate", "speakers", str(FIXTURE), "--gold", str(gold), "--split", "dev",
                                 "--folds", "2", "--json", str(out)], env={"COLUMNS": "160"})  # fmt: skip
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())
    assert figures["total"] == 3 and figures["split"] == "dev"
    assert set(figures["by_speaker_kind"]) == {"person", "organisation"}
    assert figures["by_speaker_kind"]["person"]["total"] == 2
    assert figures["addressee"] is not None
    assert figures["addressee"]["addressed"] + figures["addressee"]["unaddressed"] == figures["matched"]
    cv = figures["cross_validation"]
    assert cv["k"] == 2 and [f["articles"] for f in cv["folds"]] == [1, 1]
    assert sum(f["lines"] for f in cv["folds"]) == 3
    assert "article folds" in result.stdout and "speaker kind" in result.stdout
    bad = runner.invoke(app, ["evaluate", "speakers", str(FIXTURE), "--gold", str(gold), "--folds", "3"])
    assert bad.exit_code == 1 and "--folds" in bad.stderr
