"""The batch path on the local runner: planning and sharding (JSONL lines spread over shards),
fsspec URLs, completion markers, run + load equal to a direct ``ingest``, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import store_snapshot, write_story_files
from quotegraph.cli import app
from quotegraph.runners import ingest
from quotegraph.ingest import Skipped, read_inputs, read_jsonl
from quotegraph.models import Article
from quotegraph.runners import RunError, load, make_plan, run
from quotegraph.runners.plan import read_unit, save_plan
from quotegraph.runners.steps import ParquetWriterStep, ReadStep, Record, is_complete, run_shard

PUBLISHED = dt.date(2024, 5, 1)


def _jsonl(path: Path, *, duplicate: bool = False) -> Path:
    """Twelve invented articles of different lengths, a blank line, a bad line, a non-UTF-8 line
    (and, with ``duplicate``, a late line repeating the first id)."""
    lines: list[bytes] = []
    for i in range(12):
        text = f"Councillor Ada Brennan said plan {i} needs " + "more study " * (i * 3 + 1) + "before any vote."
        lines.append(json.dumps({"id": f"w{i}", "text": text, "published": "2024-04-0%d" % (i % 9 + 1)}).encode())
        if i == 4:
            lines.append(b"")
        if i == 7:
            lines.append(b"{broken")
        if i == 9:
            lines.append(b'{"id": "latin", "text": "caf\xe9"}')
    if duplicate:
        lines.append(json.dumps({"id": "w0", "text": "Councillor Ada Brennan said the copy is new."}).encode())
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _key(item: Article | Skipped) -> tuple:
    return ("skip", item.origin, item.reason) if isinstance(item, Skipped) else ("article", item.id, item.text,
                                                                              item.published)


@pytest.mark.parametrize("shards", [1, 2, 3, 7])
def test_runners_jsonl_lines_spread_over_shards_read_once(tmp_path: Path, shards: int) -> None:
    path = _jsonl(tmp_path / "wire.jsonl")
    plan = make_plan([str(path)], shards)
    assert len(plan.units) == (1 if shards == 1 else shards)
    got = [_key(item) for u in plan.units for _origin, item in read_unit(u)]
    assert got == [_key(item) for item in read_jsonl(path)]


@pytest.mark.parametrize("shards", [1, 2, 3, 5, 20])
def test_runners_plan_shards_are_contiguous_and_filled(tmp_path: Path, shards: int) -> None:
    paths = write_story_files(tmp_path / "news", 6)
    (tmp_path / "news" / "big.txt").write_text("Word " * 2000, encoding="utf-8")
    plan = make_plan([str(tmp_path / "news")], shards)
    assert [u.index for u in plan.units] == list(range(len(paths) + 1))
    assert plan.assignment == sorted(plan.assignment)
    assert set(plan.assignment) == set(range(min(shards, len(plan.units))))
    # The big file gets a shard of its own as soon as there are two shards.
    big = next(u.index for u in plan.units if u.path.endswith("big.txt"))
    if shards > 1:
        assert plan.assignment.count(plan.assignment[big]) == 1


def test_runners_fsspec_urls_read_like_local_paths(tmp_path: Path) -> None:
    pytest.importorskip("fsspec")
    write_story_files(tmp_path / "news", 4)
    _jsonl(tmp_path / "news" / "wire.jsonl")
    want = [_key(x) for x in read_inputs([str(tmp_path / "news")], published=PUBLISHED)]
    for url in (f"file://{tmp_path}/news", f"file://{tmp_path}/news/"):
        plan = make_plan([url], 2, published=PUBLISHED)
        items = [item for u in plan.units for _o, item in read_unit(u, plan.published_date)]
        got = [_key(x) for x in items]
        # Same articles and ids; skips name the URL instead of the path.
        assert [k for k in got if k[0] == "article"] == [k for k in want if k[0] == "article"]
        assert [k[2] for k in got if k[0] == "skip"] == [k[2] for k in want if k[0] == "skip"]
        assert all(k[1].startswith("file://") for k in got if k[0] == "skip")
    plan = make_plan([f"file://{tmp_path}/news/story0*.txt"], 1, published=PUBLISHED)
    assert [u.path.rsplit("/", 1)[-1] for u in plan.units] == [f"story0{i}.txt" for i in range(4)]
    single = make_plan([f"file://{tmp_path}/news/story01.txt"], 1, published=PUBLISHED)
    assert [_key(x) for u in single.units for _o, x in read_unit(u, PUBLISHED)] == [
        _key(x) for x in read_inputs([str(tmp_path / "news" / "story01.txt")], published=PUBLISHED)]
    missing = make_plan([f"file://{tmp_path}/nowhere"], 1)
    assert [item for u in missing.units for _o, item in read_unit(u)] == [
        Skipped(f"file://{tmp_path}/nowhere", "no such file or directory")]


@dataclass
class FailOnMarked:
    """A step that raises on an article containing MARK (a worker crashing mid-shard)."""

    stats: Counter[str] = field(default_factory=Counter)

    def run(self, items: Iterable[Record], rank: int, world_size: int) -> Iterator[Record]:
        for rec in items:
            if isinstance(rec.item, Article) and "MARK" in rec.item.text:
                raise RuntimeError(f"worker crashed on {rec.origin}")
            yield rec


def test_runners_marker_only_when_the_shard_completes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_story_files(folder, 4)
    (folder / "story02.txt").write_text("MARK this one fails.", encoding="utf-8")
    plan = make_plan([str(folder)], 2)
    steps = [ReadStep(plan), FailOnMarked(), ParquetWriterStep(str(tmp_path / "out"))]
    outcomes = [run_shard(steps, r, 2, tmp_path / "out") for r in range(2)]
    assert [o.ok for o in outcomes] == [True, False]
    assert "worker crashed on story02" in (outcomes[1].error or "")
    assert [is_complete(tmp_path / "out", r) for r in range(2)] == [True, False]
    assert not (tmp_path / "out" / "articles" / "00001.parquet").exists()
    (folder / "story02.txt").write_text("Now it is fine.", encoding="utf-8")
    assert run_shard(steps, 1, 2, tmp_path / "out").ok and is_complete(tmp_path / "out", 1)


def test_runners_local_run_and_load_equal_a_direct_ingest(tmp_path: Path, db_url: str) -> None:
    """Loaded into SQLite or PostgreSQL, the store equals a direct ``ingest`` into SQLite."""
    write_story_files(tmp_path / "news", 5)
    wire = _jsonl(tmp_path / "wire.jsonl", duplicate=True)
    inputs = [str(tmp_path / "news"), str(wire), str(tmp_path / "absent.txt")]
    report = run(inputs, tmp_path / "out", runner="local", workers=2, shards=4, published=PUBLISHED)
    assert report.complete and report.shards == 4
    # Two worker processes at most (which one takes which shard is up to the scheduler).
    assert 1 <= len({o.pid for o in report.outcomes}) <= 2
    # The JSONL file was split: its repeated id is found across ranges at load time.
    assert sum(u.kind == "jsonl" for u in make_plan(inputs, 4).units) > 1
    articles = pq.read_table(tmp_path / "out" / "articles").to_pylist()
    atts = pq.read_table(tmp_path / "out" / "attributions").num_rows
    assert len(articles) == 5 + 13 and atts == sum(a["n_attributions"] for a in articles) > 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["complete"] and summary["totals"]["articles"] == 18

    loaded, direct = db_url, str(tmp_path / "direct.sqlite")
    got = load(tmp_path / "out", loaded)
    want = ingest(inputs, direct, workers=1, published=PUBLISHED, progress=False)
    assert (got.added, got.skipped, got.attributions) == (want.added, want.skipped, want.attributions)
    assert sorted(got.skips) == sorted(want.skips)
    assert any("duplicate id 'w0'" in reason for _o, reason in got.skips)
    assert store_snapshot(loaded) == store_snapshot(direct)
    again = load(tmp_path / "out", loaded)
    assert again.added == 0 and again.duplicates == got.added


def test_runners_relaunch_must_match_the_run(tmp_path: Path) -> None:
    write_story_files(tmp_path / "news", 2)
    save_plan(make_plan([str(tmp_path / "news")], 2), tmp_path / "out")
    with pytest.raises(RunError, match="other inputs"):
        run([str(tmp_path / "elsewhere")], tmp_path / "out")
    with pytest.raises(RunError, match="--shards 2"):
        run([str(tmp_path / "news")], tmp_path / "out", shards=3)
    with pytest.raises(RunError, match="same date"):
        run([str(tmp_path / "news")], tmp_path / "out", published=PUBLISHED)
    with pytest.raises(RunError, match="same model"):
        run([str(tmp_path / "news")], tmp_path / "out", model="en_core_web_lg")
    with pytest.raises(RunError, match="2 of 2 shards are not finished"):
        load(tmp_path / "out", str(tmp_path / "x.sqlite"))
    with pytest.raises(RunError, match="not a quotegraph run folder"):
        load(tmp_path / "news", str(tmp_path / "x.sqlite"))
    with pytest.raises(RunError, match="unknown runner"):
        run([str(tmp_path / "news")], tmp_path / "out", runner="spark")


def test_runners_cli_run_fail_relaunch_load(tmp_path: Path) -> None:
    write_story_files(tmp_path / "news", 3)
    out, db = tmp_path / "out", str(tmp_path / "c.sqlite")
    blocker = out / "times" / "00000.parquet"
    blocker.mkdir(parents=True)
    (blocker / "x").write_text("x")
    cli = CliRunner()
    args = ["run", str(tmp_path / "news"), "--out", str(out), "--workers", "1", "--shards", "2",
            "--published", "2024-05-01"]
    first = cli.invoke(app, args)
    assert first.exit_code == 1, first.output
    assert "shard 0: failed" in first.output and "relaunch the same command" in first.output
    refused = cli.invoke(app, ["load", str(out), "--db", db])
    assert refused.exit_code == 1 and "1 of 2 shards are not finished" in refused.output
    assert "Traceback" not in refused.output
    blocker.joinpath("x").unlink()
    blocker.rmdir()
    second = cli.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "1 shards run, 1 already done, 0 failed of 2" in second.output
    loaded = cli.invoke(app, ["load", str(out), "--db", db])
    assert loaded.exit_code == 0 and "3 added" in loaded.output


@dataclass
class KillOnMarked:
    """Kill this worker process (SIGKILL, as the OOM killer does) on an article containing
    MARK, while the flag file exists."""

    flag: str
    stats: Counter[str] = field(default_factory=Counter)

    def run(self, items: Iterable[Record], rank: int, world_size: int) -> Iterator[Record]:
        import os
        import signal

        for rec in items:
            if isinstance(rec.item, Article) and "MARK" in rec.item.text and Path(self.flag).exists():
                os.kill(os.getpid(), signal.SIGKILL)
            yield rec


def test_runners_killed_worker_then_relaunch_equals_uninterrupted(tmp_path: Path) -> None:
    from quotegraph.runners.local import run_local
    from quotegraph.runners.steps import ExtractStep, Job, stats_path

    folder = tmp_path / "news"
    write_story_files(folder, 6)
    (folder / "story05.txt").write_text("MARK. Mayor Maria Okafor said the ferry will run again.\n", encoding="utf-8")
    inputs, out = [str(folder)], tmp_path / "out"
    plan = make_plan(inputs, 3, published=PUBLISHED)
    save_plan(plan, out)
    flag = tmp_path / "kill"
    flag.touch()
    steps = [ReadStep(plan), KillOnMarked(str(flag)), ExtractStep(), ParquetWriterStep(str(out))]
    outcomes = run_local(Job(steps, [0, 1, 2], 3, str(out)), workers=1)
    assert [o.ok for o in outcomes] == [True, True, False]
    assert "worker process died" in (outcomes[2].error or "")
    stamps = [stats_path(out, r).stat().st_mtime_ns for r in (0, 1)]

    flag.unlink()
    report = run(inputs, out, runner="local", workers=1, published=PUBLISHED)
    assert report.already_done == [0, 1] and [o.rank for o in report.outcomes] == [2] and report.complete
    assert [stats_path(out, r).stat().st_mtime_ns for r in (0, 1)] == stamps

    reference = tmp_path / "reference"
    assert run(inputs, reference, runner="local", workers=1, shards=3, published=PUBLISHED).complete
    load(out, str(tmp_path / "a.sqlite"))
    load(reference, str(tmp_path / "b.sqlite"))
    assert store_snapshot(str(tmp_path / "a.sqlite")) == store_snapshot(str(tmp_path / "b.sqlite"))


def test_runners_bench_median_and_inputs(tmp_path: Path) -> None:
    from quotegraph.bench.runner import _median_run, bench_inputs

    samples = [{"workers": 2, "articles_per_s": v, "cpu_share": c, "peak_rss_mb_per_worker": m}
               for v, c, m in ((5.0, 0.9, [300.0, 310.0]), (1.0, 0.2, [305.0, 320.0]), (4.0, 0.8, [301.0, 302.0]))]
    mid = _median_run(samples)
    assert mid["articles_per_s"] == 4.0 and mid["articles_per_s_all"] == [5.0, 1.0, 4.0]
    assert mid["peak_rss_mb_per_worker"] == [310.0, 320.0]
    write_story_files(tmp_path / "news", 5)
    assert [Path(p).name for p in bench_inputs([str(tmp_path / "news")], 3)] == ["story00.txt", "story01.txt", "story02.txt"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(RunError, match="no input files"):
        bench_inputs([str(tmp_path / "empty")])
    with pytest.raises(RunError, match="no such file"):
        bench_inputs([str(tmp_path / "absent")])
