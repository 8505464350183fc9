"""read_inputs: dispatch by kind, directories in sorted order, stable unique ids, no raising."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from quotegraph.ingest import Skipped, input_kind, iter_input_files, read_inputs
from quotegraph.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.txt", "text"),
        ("a.md", "text"),
        ("a.HTML", "html"),
        ("a.htm", "html"),
        ("a.jsonl", "jsonl"),
        ("a.warc", "warc"),
        ("a.warc.gz", "warc"),
        ("a", "text"),
    ],
)
def test_ingest_sources_kind_by_extension(name: str, kind: str) -> None:
    assert input_kind(name) == kind


def test_ingest_sources_directory_order_and_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "dir"
    shutil.copytree(FIXTURES / "dir", folder)
    (folder / "zz_binary.txt").write_bytes(b"\x00\x01\x02\x03binary")
    (folder / ".hidden.txt").write_text("The hidden file is never read.")
    results = list(read_inputs([folder], published=dt.date(2025, 1, 31)))
    summary = [(r.id, r.published) if isinstance(r, Article) else ("SKIP", r.origin) for r in results]
    assert summary == [
        ("budget", dt.date(2025, 1, 31)),
        ("SKIP", str(folder / "empty.txt")),
        ("politics/port", dt.date(2025, 3, 12)),
        ("report", dt.date(2025, 1, 31)),
        ("SKIP", str(folder / "zz_binary.txt")),
    ]
    assert "empty file" in results[1].reason
    assert "binary" in results[4].reason


def test_ingest_sources_ids_are_stable_and_unique(tmp_path: Path) -> None:
    (tmp_path / "vote.txt").write_text("The vote passed, the speaker said.")
    shutil.copy(FIXTURES / "article.html", tmp_path / "vote.html")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "vote.txt").write_text("A second vote passed, officials said.")
    first = [r.id for r in read_inputs([tmp_path]) if isinstance(r, Article)]
    second = [r.id for r in read_inputs([tmp_path]) if isinstance(r, Article)]
    assert first == second == ["sub/vote", "vote.html", "vote.txt"]


def test_ingest_sources_mixed_inputs_never_raise(tmp_path: Path) -> None:
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text(
        json.dumps({"id": "b1", "text": "The minister said it was over."}) + "\n{broken\n", encoding="utf-8"
    )
    results = list(
        read_inputs(
            [
                FIXTURES / "crlf_article.txt",
                tmp_path / "missing.txt",
                jsonl,
                str(FIXTURES / "no_article.html"),
                tmp_path / "missing_folder",
            ]
        )
    )
    kinds = [r.id if isinstance(r, Article) else r.reason.split(":")[0] for r in results]
    assert kinds == [
        "crlf_article",
        "no such file or directory",
        "b1",
        "invalid JSON",
        "no article text found in the HTML (only navigation or boilerplate); give the page of a single article, or its text as a .txt file",
        "no such file or directory",
    ]
    assert all(isinstance(r, (Article, Skipped)) for r in results)


def test_ingest_sources_empty_directory(tmp_path: Path) -> None:
    [result] = list(read_inputs([tmp_path]))
    assert isinstance(result, Skipped)
    assert "no input files" in result.reason


def test_ingest_sources_iter_input_files_skips_other_kinds() -> None:
    names = [p.name for p in iter_input_files(FIXTURES / "dir")]
    assert names == ["budget.txt", "empty.txt", "port.html", "report.txt"]


def test_ingest_sources_examples_all_load() -> None:
    results = list(read_inputs([EXAMPLES], published=dt.date(2025, 1, 1)))
    skipped = [r for r in results if isinstance(r, Skipped)]
    articles = [r for r in results if isinstance(r, Article)]
    assert skipped == []
    assert len(articles) >= 15
    assert len({a.id for a in articles}) == len(articles)
    for article in articles:
        words = len(article.text.split())
        assert 60 <= words <= 400, (article.id, words)
    # Every HTML example carries its own date (the fallback above is never used for them).
    html_ids = {p.stem for p in EXAMPLES.glob("*.html")}
    assert html_ids
    for article in articles:
        if article.id in html_ids:
            assert article.published != dt.date(2025, 1, 1), article.id
