"""``quotegraph bench`` on a few invented texts: it runs and reports sane numbers (no speeds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotegraph.bench import BenchInputError, count_words, load_bench_input
from quotegraph.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "evaluate" / "polnear"
TEXTS = {
    "a.txt": 'Mayor Lena Ortiz said the bridge would reopen in May.\n"We are on schedule," she '
    "told reporters.\n",
    "b.txt": "Analysts warned that prices could rise. According to the bank, inflation is "
    "easing.\n",
    "c.txt": 'The coach said the team "played with heart" on Sunday.\n',
}
runner = CliRunner()


@pytest.fixture()
def text_dir(tmp_path: Path) -> Path:
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def bench_result(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, dict]:
    folder = tmp_path_factory.mktemp("texts")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = folder / "bench.json"
    result = runner.invoke(app, ["bench", "pipeline", str(folder), "--workers", "2", "--json", str(out),
                                 "--sweep", "1,2"], env={"COLUMNS": "160"})  # fmt: skip
    return result, json.loads(out.read_text()) if out.exists() else {}


def test_bench_cli_runs_both_modes_on_one_and_all_cores(bench_result) -> None:
    result, figures = bench_result
    assert result.exit_code == 0, result.output
    assert "spaCy ×1" in result.stdout and "pipeline ×2" in result.stdout
    runs = {(r["mode"], r["processes"]) for r in figures["runs"]}
    assert runs == {("bare", 1), ("pipeline", 1), ("bare", 2), ("pipeline", 2)}


def test_bench_figures_are_positive_and_consistent(bench_result) -> None:
    _, figures = bench_result
    words = sum(count_words(t) for t in TEXTS.values())
    assert figures["input"] == {**figures["input"], "articles": 3, "words": words, "kind": "txt"}
    for run in figures["runs"]:
        assert run["seconds"] > 0 and run["articles_per_s"] > 0 and run["words_per_s"] > 0
        assert run["articles_per_s_per_core"] == pytest.approx(
            run["articles_per_s"] / run["processes"], abs=0.01)  # fmt: skip
        assert run["peak_rss_mb"] > 50  # a loaded spaCy pipeline
        assert (run["worker_peak_rss_mb"] is None) == (run["processes"] == 1)
    pipeline = [r for r in figures["runs"] if r["mode"] == "pipeline"]
    assert all(r["attributions"] > 0 for r in pipeline)
    for key in ("ratio", "ratio_cpu"):
        assert set(figures[key]) == {"1", "2"} and all(v > 0 for v in figures[key].values())


def test_bench_length_sweep_joins_the_same_words_into_longer_texts(bench_result) -> None:
    result, figures = bench_result
    sweep = figures["sweep"]
    assert "Length sweep" in result.stdout and sweep["articles"] == 64
    one, two = sweep["runs"]
    assert (one["factor"], one["texts"], two["factor"], two["texts"]) == (1, 64, 2, 32)
    # the same articles, joined by blank lines: the same words
    order = [TEXTS[name] for name in sorted(TEXTS)]  # the input's order, cycled to 64 articles
    assert one["words"] == two["words"] == sum(count_words(order[i % 3]) for i in range(64))
    for run in (one, two):
        assert run["seconds"] > 0 and run["words_per_s"] > 0 and run["peak_rss_mb"] >= run["loaded_rss_mb"] > 50
        assert run["attributions"] > 0
    assert one["relative"] == 1.0 and two["relative"] > 0
    assert figures["machine"]["fast_path"] is True


def test_joined_articles_cycle_the_input_and_keep_the_first_date() -> None:
    import datetime as dt

    from quotegraph.bench.pipeline import joined_articles
    from quotegraph.models import Article

    arts = [Article(id=str(i), text=f"Text {i}.", published=dt.date(2024, 1, 1 + i)) for i in range(3)]
    joined = joined_articles(arts, 2, total=4)
    assert [a.text for a in joined] == ["Text 0.\n\nText 1.", "Text 2.\n\nText 0."]
    assert [a.published for a in joined] == [dt.date(2024, 1, 1), dt.date(2024, 1, 3)]
    assert joined_articles(arts, 4, total=2)[0].text.count("Text") == 4  # at least one whole text
    assert joined_articles([], 2) == []


def test_bench_stage_breakdown(bench_result) -> None:
    _, figures = bench_result
    stages = figures["stages"]
    assert list(stages["stages"]) == ["clean", "spacy", "quotes", "attribution", "speakers",
                                      "time", "assemble"]  # fmt: skip
    assert stages["stages"]["spacy"] > 0
    assert stages["total"] == pytest.approx(sum(stages["stages"].values()), abs=0.01)
    assert {"tokenizer", "parser"} <= set(stages["spacy_components"])


@pytest.mark.parametrize("kind", ["txt", "jsonl", "polnear"])
def test_bench_reads_each_input_kind(kind: str, text_dir: Path) -> None:
    if kind == "txt":
        data = load_bench_input(text_dir, limit=2)
        assert [a.id for a in data.articles] == ["a", "b"]
    elif kind == "jsonl":
        path = text_dir / "articles.jsonl"
        lines = [json.dumps({"id": n, "text": t, "published": "2024-05-01"})
                 for n, t in TEXTS.items()]  # fmt: skip
        path.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
        data = load_bench_input(path)
        assert len(data.articles) == 3 and len(data.skipped) == 1
    else:
        data = load_bench_input(FIXTURE)  # the dev texts, annotated or not
        assert len(data.articles) == 3 and data.articles[0].published is not None
    assert data.kind == kind


@pytest.mark.parametrize("make", ["missing", "empty", "binary"])
def test_bench_bad_input_is_one_clear_error(make: str, tmp_path: Path) -> None:
    path = tmp_path / "in"
    if make != "missing":
        path.mkdir()
    if make == "binary":
        (path / "x.txt").write_bytes(b"\x00\xff\x00binary")
    with pytest.raises(BenchInputError):
        load_bench_input(path)
    result = runner.invoke(app, ["bench", "pipeline", str(path)])
    assert result.exit_code == 1 and result.stderr.startswith("error:")
    assert "Traceback" not in result.output


def test_bench_path_without_subcommand_still_runs_the_pipeline_bench(tmp_path: Path) -> None:
    """The form before the ``bench`` group (``quotegraph bench PATH``), for one release."""
    for args in (["bench", str(tmp_path / "absent")], ["bench", "--limit", "2", str(tmp_path / "absent")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output
        deprecation, error = result.stderr.splitlines()[:2]
        assert "deprecated" in deprecation and "quotegraph bench pipeline PATH" in deprecation
        assert error.startswith("error: benchmark input not found")


def test_bench_failed_runs_are_reported_not_hidden(text_dir: Path) -> None:
    out = text_dir / "bench.json"
    result = runner.invoke(app, ["bench", "pipeline", str(text_dir), "--workers", "2", "--model",
                                 "no_such_pipeline_xyz", "--json", str(out), "--sweep", ""])  # fmt: skip
    assert result.exit_code == 1
    assert "cannot load the spaCy pipeline" in result.stderr and "Traceback" not in result.output
    figures = json.loads(out.read_text())
    assert len(figures["errors"]) == 4 and figures["ratio"] == {"1": None, "2": None}
    assert figures["ratio_cpu"] == {"1": None, "2": None}
    assert figures["stages"] is None


def test_bench_runner_old_name_runs_the_same_command(tmp_path: Path) -> None:
    for args in (["bench", "runner"], ["bench-runner"]):
        result = runner.invoke(app, [*args, str(tmp_path / "absent")])
        assert result.exit_code == 1 and "no such file or directory" in result.stderr
        assert "Traceback" not in result.output
    assert "deprecated" in result.stderr and "quotegraph bench runner" in result.stderr
