"""The corpus commands: thin layers, JSON output, clear one-line errors, examples in help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import invented_corpus
from quotegraph.cli import app

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    src = tmp_path / "results.jsonl"
    src.write_text("".join(json.dumps(r.to_dict()) + "\n" for r in invented_corpus(8)), encoding="utf-8")
    url = str(tmp_path / "c.sqlite")
    res = runner.invoke(app, ["ingest", str(src), "--extracted", "--db", url, "--no-progress"])
    assert res.exit_code == 0, res.output
    return url


def test_corpus_cli_search_speakers_show_json(db: str) -> None:
    res = runner.invoke(app, ["search", "budget", "--speaker", "Okafor", "--json", "--db", db])
    assert res.exit_code == 0, res.output
    page = json.loads(res.stdout)
    assert page["total"] >= 1 and page["hits"][0]["speaker_name"] == "Maria Okafor"
    res = runner.invoke(app, ["speakers", "--top", "3", "--json", "--db", db])
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 3
    res = runner.invoke(app, ["show", page["hits"][0]["article_id"], "--json", "--db", db])
    assert res.exit_code == 0
    art = json.loads(res.stdout)
    assert art["attributions"] and art["text"]


def test_corpus_cli_errors_are_one_line(db: str, tmp_path: Path) -> None:
    res = runner.invoke(app, ["show", "nope", "--db", db])
    assert res.exit_code == 1 and "no article 'nope'" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["search", "x", "--kind", "quoted", "--db", db])
    assert res.exit_code == 1 and "unknown kind" in res.output
    res = runner.invoke(app, ["search", "x", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert res.exit_code == 1 and "cannot open the store" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["export", "--format", "xml", "--out", str(tmp_path / "x"), "--db", db])
    assert res.exit_code == 1 and "unknown export format" in res.output


def test_corpus_cli_export_and_bench(db: str, tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(tmp_path / "q.jsonl"), "--db", db])
    assert res.exit_code == 0
    assert (tmp_path / "q.jsonl").read_text().count("\n") >= 8
    res = runner.invoke(app, ["bench", "search", "--queries", "20", "--json", "--db", db])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["queries"] == 20 and not res.stderr
    # the name before the bench group still runs the same command, with a note on stderr
    res = runner.invoke(app, ["bench-search", "--queries", "3", "--json", "--db", db])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["queries"] == 3
    assert res.stderr.count("\n") == 1 and "deprecated" in res.stderr and "quotegraph bench search" in res.stderr


@pytest.mark.parametrize("command", ["ingest", "search", "speakers", "show", "export"])
def test_corpus_cli_help_has_an_example(command: str) -> None:
    res = runner.invoke(app, [command, "--help"])
    assert res.exit_code == 0 and "Example: quotegraph " + command in res.output
