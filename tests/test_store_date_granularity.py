"""Dates at the granularity the text gives, wherever a stored date is shown: a speaker's first
and last dates (store, pages, CLI) and the export's ``date`` — never a year as January 1."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import make_result, person
from quotegraph.cli import app as cli_app
from quotegraph.models import ExtractionResult, SaidOn
from quotegraph.server import Settings, create_app
from quotegraph.store import Store

VERA = person("e1", "Vera Lindqvist", ["Lindqvist"])
TEXT = ("Harbour plans revisited\n"
        "\u201cThe harbour was full in those days,\u201d Lindqvist said of 2019.\n"
        "\u201cWe rebuilt the quay in the spring,\u201d Lindqvist said.\n"
        "\u201cThe ferry will run all winter,\u201d Lindqvist said on Tuesday.\n")
QUOTES = ["The harbour was full in those days,", "We rebuilt the quay in the spring,",
          "The ferry will run all winter,"]


def _result(said: list[SaidOn | None], published: dt.date = dt.date(2024, 7, 18), aid: str = "harbour") -> ExtractionResult:
    result = make_result(aid, TEXT, [(q, VERA) for q in QUOTES], [VERA], published=published,
                         url=f"https://harbour.example/{aid}")
    result.attributions = [dataclasses.replace(a, said_on=s) for a, s in zip(result.attributions, said, strict=True)]
    return result


YEAR_2019 = SaidOn("2019", "year", "2019-01-01", "2019-12-31")
MARCH_2023 = SaidOn("2023-03", "month", "2023-03-01", "2023-03-31")


def test_first_and_last_dates_carry_their_granularity(store: Store) -> None:
    assert store.add(_result([YEAR_2019, MARCH_2023, None]))
    [s] = store.speakers()
    assert (s.first_date, s.first_granularity) == (dt.date(2019, 1, 1), "year")
    assert (s.last_date, s.last_granularity) == (dt.date(2024, 7, 18), "day")  # the publication date
    info = store.speaker(s.id)
    assert info is not None
    assert (info.first_granularity, info.last_granularity) == ("year", "day")


def test_a_day_on_the_same_date_is_the_more_precise_label(store: Store) -> None:
    day = SaidOn("2019-01-01", "day", "2019-01-01", "2019-01-01")
    assert store.add(_result([YEAR_2019, day, MARCH_2023], published=dt.date(2023, 3, 31)))
    [s] = store.speakers()
    assert (s.first_date, s.first_granularity) == (dt.date(2019, 1, 1), "day")
    # Every statement is dated by its text: the last is March 2023, not the publication day.
    assert (s.last_date, s.last_granularity) == (dt.date(2023, 3, 1), "month")


def test_a_day_at_the_end_wins_over_a_month_starting_that_day(store: Store) -> None:
    assert store.add(_result([YEAR_2019, MARCH_2023, None], published=dt.date(2023, 3, 1)))
    [s] = store.speakers()
    assert (s.last_date, s.last_granularity) == (dt.date(2023, 3, 1), "day")


def test_pages_cli_and_export_show_a_year_as_a_year(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite")
    with Store.open(db) as store:
        assert store.add(_result([YEAR_2019, MARCH_2023, None]))
        [s] = store.speakers()
    with TestClient(create_app(Settings(db=db))) as client:
        listing = client.get("/speakers").text
        assert "<td>2019</td>" in listing and "2019-01-01" not in listing
        page = client.get(f"/speakers/{s.id}").text
        assert "2019 – 2024-07-18" in page
    runner = CliRunner()
    out = runner.invoke(cli_app, ["speakers", "--db", db, "--format", "csv"])
    assert out.exit_code == 0, out.output
    header, row = out.output.strip().splitlines()[:2]
    assert "first_granularity" in header and ",2019-01-01,year,2024-07-18,day" in row
    table = runner.invoke(cli_app, ["speakers", "--db", db], env={"COLUMNS": "200"})
    assert " 2019 " in table.output and "2019-01-01" not in table.output
    exported = runner.invoke(cli_app, ["export", "--db", db, "--format", "jsonl", "--out", "-"])
    rows = [json.loads(line) for line in exported.stdout.splitlines() if line.strip().startswith("{")]
    by_text = {r["quotation"]: r for r in rows}
    first = next(r for q, r in by_text.items() if "harbour was full" in q)
    assert (first["date"], first["date_granularity"]) == ("2019-01-01", "year")
    last = next(r for q, r in by_text.items() if "ferry" in q)
    assert (last["date"], last["date_granularity"], last["date_from_published"]) == ("2024-07-18", "day", True)
