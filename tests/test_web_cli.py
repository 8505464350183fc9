"""The web commands: ``demo`` builds a store from sample articles (dates of plain-text samples
from the examples README), ``bench web`` measures a server it starts, ``serve`` documents itself."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import invented_corpus
from quotegraph.cli import app
from quotegraph.cli.demo import build_demo_store, example_dates, find_examples
from quotegraph.store import Store

README = """# Samples

| File | Published | What |
|---|---|---|
| `harbour.txt` | 2025-03-05 | a direct quote |
| `page.html` | 2025-03-19 (meta) | html |
| `missing.txt` | soon | no date |
"""
HARBOUR = ("Harbour council delays the ferry contract\n"
           "\u201cWe will not sign a contract we cannot afford,\u201d Mayor Ines Calloway said on Tuesday.\n")
RAIL = ('{"id": "rail", "published": "2025-01-08", "title": "Rail fares", "text": '
        '"\\u201cFares will rise in March,\\u201d transport secretary Lena Moss said on Monday."}\n')


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "README.md").write_text(README, encoding="utf-8")
    (folder / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (folder / "rail.jsonl").write_text(RAIL, encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    return folder


def test_example_dates_come_from_the_readme_table(samples: Path) -> None:
    assert example_dates(samples) == {"harbour.txt": "2025-03-05", "page.html": "2025-03-19"}
    assert example_dates(samples / "nowhere") == {}


def test_find_examples(samples: Path, tmp_path: Path) -> None:
    assert find_examples(str(samples)) == samples
    with pytest.raises(Exception, match="no examples folder"):
        find_examples(str(tmp_path / "absent"))


def test_demo_store_holds_the_samples_with_their_dates(samples: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "demo.sqlite")
    counts = build_demo_store(db, samples)
    assert counts["articles"] == 2 and counts["attributions"] >= 2
    with Store.open(db) as store:
        published = {a["title"]: a["published"] for a in store.articles()}
    assert published == {"Rail fares": dt.date(2025, 1, 8), None: dt.date(2025, 3, 5)}
    # Building again adds nothing.
    assert build_demo_store(db, samples)["articles"] == 2


def test_demo_command_builds_only(samples: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    r = CliRunner().invoke(app, ["demo", "--build-only", "--examples", str(samples), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "2 articles" in r.output
    r = CliRunner().invoke(app, ["demo", "--build-only", "--examples", str(tmp_path / "absent"), "--db", str(db)])
    assert r.exit_code == 1 and "no examples folder" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_help_has_an_example(command: str) -> None:
    r = CliRunner().invoke(app, [command, "--help"])
    assert r.exit_code == 0 and "Example:" in r.output


def test_bench_web_refuses_a_small_store(tmp_path: Path) -> None:
    db = str(tmp_path / "small.sqlite")
    with Store.open(db) as store:
        for res in invented_corpus(4):
            store.add(res)
    for command in (["bench", "web"], ["bench-web"]):  # the name before the bench group, too
        r = CliRunner().invoke(app, [*command, "--db", db])
        assert r.exit_code == 1 and "fewer than --min-articles 900" in r.output
    assert "deprecated" in r.stderr and "quotegraph bench web" in r.stderr


def test_bench_web_measures_a_server_it_starts(tmp_path: Path) -> None:
    db = str(tmp_path / "small.sqlite")
    with Store.open(db) as store:
        for res in invented_corpus(12):
            store.add(res)
    r = CliRunner().invoke(app, ["bench", "web", "--db", db, "--min-articles", "0", "--clients", "5",
                                 "--requests", "60", "--workers", "1", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output[r.output.index("{"):])
    assert out["http_parser"] in ("h11+asyncio", "h11+uvloop", "httptools+asyncio", "httptools+uvloop")
    assert out["requests"] == 60 and out["errors"] == 0 and out["statuses"] == {"200": 60}
    assert 0 < out["p50_ms"] <= out["p95_ms"] <= out["p99_ms"]
    assert out["cpus"] >= 1 and (out["load_1m_before"] is None or out["load_1m_before"] >= 0)


def test_workers_refuse_a_port_in_use() -> None:
    import socket

    from quotegraph.api.workers import serve_workers

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match="another server running there"):
            serve_workers("127.0.0.1", port, 2)
