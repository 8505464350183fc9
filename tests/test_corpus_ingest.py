"""Batch ingest: idempotent reruns, skips with reasons, workers, WARC input, real extraction."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import invented_corpus, store_snapshot, write_story_files
from quotegraph.runners import ingest
from quotegraph.store import Store


def _write_results(path: Path, n: int, extra_lines: tuple[str, ...] = ()) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in invented_corpus(n):
            fh.write(json.dumps(r.to_dict()) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")
    return path


def test_corpus_ingest_extracted_twice_adds_nothing(db_url: str, tmp_path: Path) -> None:
    src = _write_results(tmp_path / "results.jsonl", 12)
    first = ingest([src], db_url, extracted=True, progress=False)
    assert (first.read, first.added, first.duplicates, first.skipped) == (12, 12, 0, 0)
    snap = store_snapshot(db_url)
    second = ingest([src], db_url, extracted=True, progress=False)
    assert (second.read, second.added, second.duplicates) == (12, 0, 12)
    assert store_snapshot(db_url) == snap


def test_corpus_ingest_records_skips_with_reasons(db_url: str, tmp_path: Path) -> None:
    src = _write_results(tmp_path / "results.jsonl", 3, ("{broken", json.dumps({"schema": "other/9"})))
    summary = ingest([src, tmp_path / "missing.jsonl"], db_url, extracted=True, progress=False)
    assert summary.added == 3 and summary.skipped == 3
    with Store.open(db_url) as st:
        reasons = dict(st.skips())
    assert "not JSON" in reasons[f"{src}:4"]
    assert "not a quotegraph/1 result" in reasons[f"{src}:5"]
    assert reasons[str(tmp_path / "missing.jsonl")] == "no such file or directory"
    # A rerun records the same skips once, not twice.
    ingest([src, tmp_path / "missing.jsonl"], db_url, extracted=True, progress=False)
    with Store.open(db_url) as st:
        assert len(st.skips()) == 3


def test_corpus_ingest_real_extraction_of_text_files(tmp_path: Path) -> None:
    import datetime as dt

    folder = tmp_path / "news"
    write_story_files(folder, 6)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    url = str(tmp_path / "s.sqlite")
    summary = ingest([folder], url, workers=1, published=dt.date(2024, 5, 1), progress=False)
    assert summary.added == 6
    assert summary.skipped == 1 and summary.skips[0][0].endswith("empty.txt")
    with Store.open(url) as st:
        counts = st.counts()
        assert counts["attributions"] >= 6
        okafor = st.search(speaker="Okafor").hits
        assert okafor and all(h.speaker_name == "Maria Okafor" for h in okafor)


def test_corpus_ingest_two_workers_build_the_same_store(tmp_path: Path) -> None:
    import datetime as dt

    folder = tmp_path / "news"
    write_story_files(folder, 10)
    one, two = str(tmp_path / "one.sqlite"), str(tmp_path / "two.sqlite")
    ingest([folder], one, workers=1, published=dt.date(2024, 5, 1), progress=False)
    ingest([folder], two, workers=2, published=dt.date(2024, 5, 1), progress=False)
    assert store_snapshot(one) == store_snapshot(two)


def _warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def page(body: str) -> bytes:
        return (f"<html><head><meta charset='utf-8'><title>Council</title></head><body><article>"
                f"<p>{body}</p></article></body></html>").encode()

    bodies = [
        "The council met on Tuesday to discuss the harbour. \"The harbour needs dredging before the "
        "summer,\" Mayor Maria Okafor said. Several residents attended the long meeting.",
        "The finance committee published its report on Wednesday morning. \"Interest rates must stay "
        "where they are,\" Finance Minister Tomas Lindqvist said in a statement to reporters.",
    ]
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)

    def record(url: str, payload: bytes, ctype: str, truncated: bool = False):
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        headers = {"WARC-Date": "2024-05-02T10:00:00Z"}
        if truncated:
            headers["WARC-Truncated"] = "length"
        return writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http,
                                         warc_headers_dict=headers)

    writer.write_record(record("https://news.example/a", page(bodies[0]), "text/html"))
    writer.write_record(record("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"))
    writer.write_record(record("https://news.example/b", page(bodies[1]), "text/html"))
    writer.write_record(record("https://news.example/cut", page(bodies[0][:60]), "text/html", truncated=True))
    path.write_bytes(buf.getvalue())


def test_corpus_ingest_warc_stores_articles_and_reports_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    url = str(tmp_path / "w.sqlite")
    summary = ingest([path], url, workers=1, progress=False)
    assert summary.added == 2 and summary.skipped == 2
    reasons = " | ".join(r for _, r in summary.skips)
    assert "image/png" in reasons and "truncated" in reasons
    with Store.open(url) as st:
        assert {a["url"] for a in st.articles()} == {"https://news.example/a", "https://news.example/b"}
        assert len(st.skips()) == 2
        assert st.search("dredging").total == 1


def test_corpus_ingest_with_progress_bar_reports_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write_results(tmp_path / "results.jsonl", 3, ("{broken",))
    summary = ingest([src], str(tmp_path / "p.sqlite"), extracted=True, progress=True)
    assert (summary.added, summary.skipped) == (3, 1)
    err = capsys.readouterr().err
    assert "3 added" in err and "1 skipped" in err


def test_corpus_ingest_resumes_at_the_first_unfinished_shard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shard that fails leaves the finished ones' markers: the rerun runs only the failed one,
    and the store equals an uninterrupted ingest's; the work folder goes once all is stored."""
    import datetime as dt

    from quotegraph.runners import RunError
    from quotegraph.runners.steps import ReadStep, is_complete

    folder, work = tmp_path / "news", tmp_path / "work"
    write_story_files(folder, 6)
    url = str(tmp_path / "s.sqlite")
    original = ReadStep.run

    def fail_on_shard_1(self: ReadStep, items, rank: int, world_size: int):
        if rank == 1:
            raise RuntimeError("disk full")
        return original(self, items, rank, world_size)

    monkeypatch.setattr(ReadStep, "run", fail_on_shard_1)
    with pytest.raises(RunError, match=r"1 of 4 shards failed \(shard 1: RuntimeError: disk full\); rerun"):
        ingest([folder], url, workers=1, published=dt.date(2024, 5, 1), progress=False, work_dir=work)
    assert [is_complete(work, r) for r in range(4)] == [True, False, True, True]
    with Store.open(url) as st:
        assert st.counts()["articles"] == 0  # nothing is stored before every shard is finished

    monkeypatch.setattr(ReadStep, "run", original)
    ran: list[int] = []

    def counting(self: ReadStep, items, rank: int, world_size: int):
        ran.append(rank)
        return original(self, items, rank, world_size)

    monkeypatch.setattr(ReadStep, "run", counting)
    summary = ingest([folder], url, workers=1, published=dt.date(2024, 5, 1), progress=False, work_dir=work)
    assert ran == [1] and summary.added == 6
    assert not work.exists()
    reference = str(tmp_path / "r.sqlite")
    ingest([folder], reference, workers=1, published=dt.date(2024, 5, 1), progress=False)
    assert store_snapshot(url) == store_snapshot(reference)


def test_corpus_ingest_extracts_only_what_the_store_lacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from quotegraph.runners.steps import ExtractStep

    folder = tmp_path / "news"
    write_story_files(folder, 3)
    url = str(tmp_path / "s.sqlite")
    ingest([folder], url, workers=1, published=dt.date(2024, 5, 1), progress=False)
    write_story_files(tmp_path / "more", 5)
    for path in sorted((tmp_path / "more").iterdir())[3:]:
        path.rename(folder / path.name.replace("story", "late"))
    extracted: list[str] = []
    original = ExtractStep._extract

    def spy(self: ExtractStep, group):
        extracted.extend(r.item.id for r in group if hasattr(r.item, "text"))
        return original(self, group)

    monkeypatch.setattr(ExtractStep, "_extract", spy)
    again = ingest([folder], url, workers=1, published=dt.date(2024, 5, 1), progress=False)
    assert sorted(extracted) == ["late03", "late04"]
    assert (again.read, again.added, again.duplicates, again.skipped) == (5, 2, 3, 0)


def test_corpus_ingest_keeps_out_of_a_foreign_work_folder(tmp_path: Path) -> None:
    from quotegraph.runners import RunError

    src = _write_results(tmp_path / "results.jsonl", 2)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(RunError, match="not an ingest's work"):
        ingest([src], str(tmp_path / "s.sqlite"), extracted=True, progress=False, work_dir=tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"
