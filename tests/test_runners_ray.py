"""The Ray runner on a local Ray (2 CPUs): the same attributions as the local runner over a WARC
+ JSONL + text set written here, and a failed shard that a relaunch finishes alone, after which
the loaded store equals an uninterrupted run's (and a direct ``ingest``'s)."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import store_snapshot

ray = pytest.importorskip("ray")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from quotegraph.runners import ingest  # noqa: E402
from quotegraph.runners import load, run  # noqa: E402
from quotegraph.runners.steps import is_complete, shard_name, stats_path  # noqa: E402

PUBLISHED = dt.date(2024, 5, 1)
SHARDS = 4

PEOPLE = [("Maria Okafor", "Mayor"), ("Tomas Lindqvist", "Finance Minister"),
          ("Priya Raman", "Senator"), ("Jonah Whitfield", "Governor")]


def _story(i: int) -> str:
    name, role = PEOPLE[i % len(PEOPLE)]
    other, other_role = PEOPLE[(i + 1) % len(PEOPLE)]
    last, other_last = name.split()[-1], other.split()[-1]
    return (
        f"{role} {name} spoke to the harbour board on Tuesday about plan {i} for the old docks.\n"
        f"\"The docks will reopen before the summer festival,\" {last} said.\n"
        f"{other_role} {other} told reporters on Wednesday that plan {i} would cost too much. "
        f"{other_last} said the board should wait for the next budget."
    )


def _page(text: str) -> bytes:
    paras = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    return (f"<html><head><meta charset='utf-8'><title>Harbour</title></head>"
            f"<body><article>{paras}</article></body></html>").encode()


def write_inputs(folder: Path) -> list[str]:
    """A WARC (4 HTML pages, an image), a JSONL file (6 articles, a bad line) and 2 text files."""
    folder.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warcinfo_record("news.warc.gz", {"software": "quotegraph tests"}))
    for i in range(4):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://harbour.example/{i}", "response", payload=io.BytesIO(_page(_story(i))),
            http_headers=http, warc_headers_dict={"WARC-Date": "2024-05-03T08:00:00Z"}))
    http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://harbour.example/logo.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"), http_headers=http))
    (folder / "news.warc.gz").write_bytes(buf.getvalue())
    lines = [json.dumps({"id": f"j{i}", "text": _story(10 + i), "url": f"https://wire.example/{i}"}) for i in range(6)]
    lines.insert(3, "{not json")
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    texts = folder / "texts"
    texts.mkdir(exist_ok=True)
    for i in range(2):
        (texts / f"story{i}.txt").write_text(_story(20 + i), encoding="utf-8")
    return [str(folder / "news.warc.gz"), str(folder / "wire.jsonl"), str(texts)]


def results_of(out: Path) -> list[dict]:
    """Every result (contract JSON) of a run, in read order."""
    rows = []
    for rank in range(SHARDS):
        table = pq.read_table(out / "articles" / f"{shard_name(rank)}.parquet", columns=["unit", "seq", "result"])
        rows.extend(table.to_pylist())
    return [json.loads(r["result"]) for r in sorted(rows, key=lambda r: (r["unit"], r["seq"]))]


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """One local Ray for the module (its start-up costs seconds)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        yield
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return write_inputs(tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="module")
def local_run(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference: an uninterrupted local run (2 processes)."""
    out = tmp_path_factory.mktemp("local")
    report = run(inputs, out, runner="local", workers=2, shards=SHARDS, published=PUBLISHED)
    assert report.complete, [o.error for o in report.failed]
    return out


def test_runners_ray_same_attributions_as_local(local_ray: None, inputs: list[str], local_run: Path,
                                                tmp_path: Path) -> None:
    report = run(inputs, tmp_path / "ray", runner="ray", workers=2, shards=SHARDS, published=PUBLISHED)
    assert report.complete, [o.error for o in report.failed]
    assert report.ready_seconds is not None
    got, want = results_of(tmp_path / "ray"), results_of(local_run)
    assert len(want) == 4 + 6 + 2
    assert sum(len(r["attributions"]) for r in want) >= 12
    assert [r["attributions"] for r in got] == [r["attributions"] for r in want]
    assert got == want
    # Both runners used two worker processes, each loading the pipeline once for several shards.
    assert len({o.pid for o in report.outcomes}) == 2


def test_runners_ray_failed_shard_relaunch_finishes_only_it(local_ray: None, inputs: list[str], local_run: Path,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "ray"
    # A directory where shard 1's attributions file must go: its writer fails, the others finish.
    blocker = out / "attributions" / f"{shard_name(1)}.parquet"
    blocker.mkdir(parents=True)
    (blocker / "in-the-way").write_text("x")
    first = run(inputs, out, runner="ray", workers=2, shards=SHARDS, published=PUBLISHED)
    assert [o.rank for o in first.failed] == [1]
    assert f"{shard_name(1)}.parquet" in (first.failed[0].error or "")
    assert [is_complete(out, r) for r in range(SHARDS)] == [True, False, True, True]
    with pytest.raises(Exception, match="1 of 4 shards are not finished"):
        load(out, str(tmp_path / "early.sqlite"))
    stamps = {r: stats_path(out, r).stat().st_mtime_ns for r in (0, 2, 3)}

    shutil.rmtree(blocker)
    second = run(inputs, out, runner="ray", workers=2, published=PUBLISHED)
    assert second.already_done == [0, 2, 3]
    assert [o.rank for o in second.outcomes] == [1] and second.complete
    assert {r: stats_path(out, r).stat().st_mtime_ns for r in (0, 2, 3)} == stamps

    relaunched, uninterrupted, direct = (str(tmp_path / n) for n in ("a.sqlite", "b.sqlite", "c.sqlite"))
    load(out, relaunched)
    summary = load(local_run, uninterrupted)
    assert summary.added == 12 and summary.skipped == 2  # the bad JSONL line and the image
    ingest(inputs, direct, workers=1, published=PUBLISHED, progress=False)
    got = store_snapshot(relaunched)
    assert got["attributions"]
    assert got == store_snapshot(uninterrupted)
    assert got == store_snapshot(direct)
