"""The corpus commands: thin layers, JSON output, clear one-line errors, examples in help."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import invented_corpus
from quotegraph.cli import app
from quotegraph.models import SaidOn

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


def test_corpus_cli_export_writes_to_stdout(db: str, tmp_path: Path) -> None:
    to_file = runner.invoke(app, ["export", "--out", str(tmp_path / "q.jsonl"), "--db", db])
    assert to_file.exit_code == 0
    for args in (["export", "--db", db], ["export", "--format", "jsonl", "--out", "-", "--db", db]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0, res.output
        assert res.stdout == (tmp_path / "q.jsonl").read_text(encoding="utf-8")
        assert "to stdout" in res.stderr
    res = runner.invoke(app, ["export", "--format", "csv", "--db", db])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert res.exit_code == 0 and len(rows) == len(res.stdout and (tmp_path / "q.jsonl").read_text().splitlines())
    assert "quotation" in rows[0]


@pytest.mark.parametrize("command", [["search", "budget"], ["speakers"], ["show", None]])
def test_corpus_cli_listings_take_csv_json_and_table(db: str, command: list) -> None:
    if command[-1] is None:
        hit = json.loads(runner.invoke(app, ["search", "budget", "--json", "--db", db]).stdout)["hits"][0]
        command = ["show", hit["article_id"]]
    as_json = runner.invoke(app, [*command, "--json", "--db", db])
    assert as_json.exit_code == 0
    assert json.loads(runner.invoke(app, [*command, "--format", "json", "--db", db]).stdout) == json.loads(as_json.stdout)
    res = runner.invoke(app, [*command, "--format", "csv", "--db", db])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    data = json.loads(as_json.stdout)
    expected = data["hits"] if command[0] == "search" else data if command[0] == "speakers" else data["attributions"]
    assert len(rows) == len(expected) > 0
    res = runner.invoke(app, [*command, "--format", "xml", "--db", db])
    assert res.exit_code == 2 and "table, csv, json" in res.output
    # Tables fit $COLUMNS: no line is wider, at 60 columns or 200.
    for width in (60, 200):
        res = runner.invoke(app, [*command, "--db", db], env={"COLUMNS": str(width)})
        assert res.exit_code == 0, res.output
        assert max(len(line) for line in res.stdout.splitlines()) <= width
    wide = runner.invoke(app, [*command, "--db", db], env={"COLUMNS": "200"}).stdout
    assert max(len(line) for line in wide.splitlines()) > 60


def test_corpus_cli_dates_are_shown_at_their_granularity(tmp_path: Path) -> None:
    from conftest import make_result, person

    speaker = person("e1", "Ada Quist")
    text = '"The dam was finished," Quist said in 2019. "The canal followed," she said in March 2020.'
    r = make_result("g1", text, [("The dam was finished", speaker), ("The canal followed", speaker)], [speaker])
    r.attributions[0].said_on = SaidOn("2019", "year", "2019-01-01", "2019-12-31")
    r.attributions[1].said_on = SaidOn("2020-03", "month", "2020-03-01", "2020-03-31")
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps(r.to_dict()) + "\n", encoding="utf-8")
    url = str(tmp_path / "g.sqlite")
    assert runner.invoke(app, ["ingest", str(src), "--extracted", "--db", url, "--no-progress"]).exit_code == 0
    res = runner.invoke(app, ["search", "--format", "csv", "--db", url])
    dates = sorted(row["date"] for row in csv.DictReader(io.StringIO(res.stdout)))
    assert dates == ["2019", "2020-03"]
    table = runner.invoke(app, ["search", "--db", url], env={"COLUMNS": "120"}).stdout
    assert "2019-01-01" not in table and "2020-03-01" not in table
