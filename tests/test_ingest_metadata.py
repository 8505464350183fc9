"""Article metadata for plain text and JSONL: headlines off the first line, sidecar tables."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import make_result, person, write_story_files
from quotegraph.cli import app
from quotegraph.errors import IngestError
from quotegraph.ingest import first_words, headline, read_inputs, read_sidecar, read_text_file
from quotegraph.ingest.jsonl import article_from_record
from quotegraph.ingest.metadata import compile_name_pattern, fields_from_name
from quotegraph.models import Article
from quotegraph.store import Store

BODY = "The harbour council met on Tuesday. \"We will vote in May,\" the chair said.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Harbour council delays the vote\n\n" + BODY, "Harbour council delays the vote"),
        ("Harbour council delays the vote\n" + BODY, "Harbour council delays the vote"),
        ("  Will the ferry run again?\r\n\r\n" + BODY, "Will the ferry run again?"),
        ("\ufeffFerry plan: what changes\n\n" + BODY, "Ferry plan: what changes"),
        ("2025 budget in five charts\n\n" + BODY, "2025 budget in five charts"),
        # Sentences and clauses are not headlines.
        ("The council met on Tuesday.\n\n" + BODY, None),
        ('"We will vote in May," the chair said.\n' + BODY, None),
        ("The chair said:\n" + BODY, None),
        ("In the end,\n" + BODY, None),
        # A line cut by a hard wrap, a byline, nothing after it, no letters, too long.
        ("the council met on\nTuesday to vote.\n", None),
        ("By Ada Quist\n\n" + BODY, None),
        ("Harbour council delays the vote\n\n", None),
        ("Harbour council delays the vote", None),
        ("2025 — 04\n\n" + BODY, None),
        (" ".join(["word"] * 21).capitalize() + "\n\n" + BODY, None),
        # Without a blank line a long first line is more likely a sentence without its period.
        (" ".join(["Word"] * 16) + "\n" + BODY, None),
        (" ".join(["Word"] * 16) + "\n\n" + BODY, " ".join(["Word"] * 16)),
    ],
)
def test_headline_rule(text: str, expected: str | None) -> None:
    assert headline(text) == expected


def test_first_words_is_a_short_title_never_empty_for_text() -> None:
    assert first_words("Short text here.") == "Short text here."
    long = " ".join(f"w{i}" for i in range(30))
    assert first_words(long) == " ".join(f"w{i}" for i in range(10)) + "…"
    assert len(first_words("x" * 500)) <= 81


def test_text_file_title_is_its_headline_and_the_text_is_unchanged(tmp_path: Path) -> None:
    raw = "Harbour council delays the vote\r\n\r\n" + BODY
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode("utf-8"))
    art = read_text_file(path)
    assert art.title == "Harbour council delays the vote"
    assert art.text == raw  # the headline stays part of the text: offsets index the file
    path.write_text(BODY, encoding="utf-8")
    assert read_text_file(path).title is None


def test_jsonl_text_without_title_gets_its_headline() -> None:
    text = "Harbour council delays the vote\n\n" + BODY
    assert article_from_record({"id": "1", "text": text}).title == "Harbour council delays the vote"
    assert article_from_record({"id": "1", "text": text, "title": "Given"}).title == "Given"


def _sidecar(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_sidecar_csv_and_tsv_by_path_id_and_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("one", "two", "three"):
        (folder / f"{name}.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "items.jsonl").write_text(json.dumps({"id": "j1", "text": BODY, "title": "Own"}) + "\n",
                                          encoding="utf-8")
    csv_path = _sidecar(tmp_path, "meta.csv", [
        "path,title,published,outlet,url,ignored",
        "news/one.txt,Vote delayed,2025-03-05,Harbour Herald,https://herald.example/1,x",
        "two.txt,,2025-03-06T10:00:00Z,,,",
        'j1,"Quoted, with comma",,Wire,,',
    ])
    sidecar = read_sidecar(csv_path)
    got = {a.id: a for a in read_inputs([folder, tmp_path / "items.jsonl"], metadata=sidecar)
           if isinstance(a, Article)}
    one, two, three, j1 = got["one"], got["two"], got["three"], got["j1"]
    assert (one.title, one.published, one.source, one.url) == (
        "Vote delayed", dt.date(2025, 3, 5), "Harbour Herald", "https://herald.example/1")
    assert two.published == dt.date(2025, 3, 6) and two.title is None  # by file name; empty fields left alone
    assert three.published is None
    assert (j1.title, j1.source) == ("Quoted, with comma", "Wire")  # by id; the sidecar wins
    assert one.text == BODY
    tsv = _sidecar(tmp_path, "meta.tsv", ["id\tdate\tsource", "three\t2024-12-31\tTide Times"])
    three = next(a for a in read_inputs([folder], metadata=read_sidecar(tsv)) if a.id == "three")
    assert (three.published, three.source) == (dt.date(2024, 12, 31), "Tide Times")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["title,published", "a,2025-01-01"], "no 'path' or 'id' column"),
        (["path", "a.txt"], "no title, published, outlet or url column"),
        (["path,published", "a.txt,05/03/2025"], "line 2: bad publication date"),
    ],
)
def test_sidecar_errors_name_the_problem(tmp_path: Path, lines: list[str], message: str) -> None:
    with pytest.raises(IngestError, match=message):
        read_sidecar(_sidecar(tmp_path, "m.csv", lines))


def test_stored_title_falls_back_to_the_first_words(store: Store) -> None:
    speaker = person("e1", "Ada Quist")
    text = 'Quist spoke at length. "The ferry will run," Quist said on the pier today.'
    result = make_result("x", text, [("The ferry will run", speaker)], [speaker])
    result.article.title = None
    store.add(result)
    hit = store.search("ferry").hits[0]
    assert hit.article_title == "Quist spoke at length. \"The ferry will run,\" Quist said…"
    assert store.article(hit.article_id).title == hit.article_title


def test_ingest_and_extract_take_a_metadata_sidecar(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_story_files(folder, 2)
    meta = _sidecar(tmp_path, "meta.csv", ["path,title,published,outlet",
                                           "news/story00.txt,Council hears item zero,2025-03-05,Harbour Herald"])
    db = str(tmp_path / "s.sqlite")
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(folder), "--db", db, "--workers", "1", "--no-progress",
                              "--metadata", str(meta)])
    assert res.exit_code == 0, res.output
    with Store.open(db) as st:
        arts = {a["title"]: a for a in st.articles()}
    assert arts["Council hears item zero"]["source"] == "Harbour Herald"
    assert str(arts["Council hears item zero"]["published"]) == "2025-03-05"
    # The other file: no sidecar row, no headline (its first line is a sentence): first words.
    other = (folder / "story01.txt").read_text(encoding="utf-8")
    assert set(arts) == {"Council hears item zero", first_words(other)} and first_words(other).endswith("…")
    res = runner.invoke(app, ["extract", str(folder / "story00.txt"), "--metadata", str(meta)])
    assert res.exit_code == 0, res.output
    article = json.loads(res.stdout)["article"]
    assert (article["title"], article["published"]) == ("Council hears item zero", "2025-03-05")
    bad = _sidecar(tmp_path, "bad.csv", ["title", "x"])
    res = runner.invoke(app, ["ingest", str(folder), "--db", db, "--metadata", str(bad)])
    assert res.exit_code == 2 and "no 'path' or 'id' column" in res.output


def test_ingest_headline_skips_page_debris_above_it() -> None:
    text = "ARTICLE AD BOX\nHarbour ferry fares rise for the winter\nFares on the harbour ferry rose on Monday.\n"
    assert headline(text) == "Harbour ferry fares rise for the winter"
    assert headline("ARTICLE AD BOX\n\nARTICLE AD BOX\n") is None


@pytest.mark.parametrize(("pattern", "name", "expected"), [
    ("{published}_{outlet}_{title}", "2019-03-05_Harbour Herald_council-delays-ferry.txt",
     {"published": "2019-03-05", "source": "Harbour Herald", "title": "council delays ferry"}),
    ("{published}_{outlet}_{title}", "20190305_herald_x.txt", {"published": "2019-03-05", "source": "herald", "title": "x"}),
    ("{outlet}-{published}", "herald-2019_03_05.html", {"source": "herald", "published": "2019-03-05"}),
    (r"(?P<date>\d{8})-(?P<outlet>[a-z]+)-\d+", "20200131-wire-17.txt", {"published": "2020-01-31", "source": "wire"}),
    # A date that is no date is left out; a name that does not match gives nothing.
    ("{published}_{outlet}", "2019-13-45_herald.txt", {"source": "herald"}),
    ("{published}_{outlet}_{title}", "notes.txt", {}),
])
def test_name_pattern_reads_fields_off_the_file_name(pattern: str, name: str, expected: dict[str, str]) -> None:
    assert fields_from_name(pattern, Path("/news") / name) == expected


@pytest.mark.parametrize(("pattern", "message"), [
    ("{published}_{author}", "author"),
    ("plain-name", "must name some of"),
    ("{title}_{title}", "twice"),
    ("(?P<title>[a-z", "not a valid regular expression"),
])
def test_bad_name_patterns_are_refused_with_the_reason(pattern: str, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        compile_name_pattern(pattern)


def test_ingest_takes_a_name_pattern_and_the_sidecar_wins_over_it(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    body = "\u201cThe ferry will run all winter,\u201d Mayor Ines Calloway said on Tuesday.\n"
    (folder / "2025-03-05_Harbour Herald_ferry-runs-all-winter.txt").write_text(body, encoding="utf-8")
    (folder / "2025-04-01_Island Post_quay-rebuilt.txt").write_text(body.replace("ferry", "quay"), encoding="utf-8")
    meta = _sidecar(tmp_path, "meta.csv", ["path,outlet", "news/2025-04-01_Island Post_quay-rebuilt.txt,The Island Post"])
    db = str(tmp_path / "s.sqlite")
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(folder), "--db", db, "--workers", "1", "--no-progress",
                              "--name-pattern", "{published}_{outlet}_{title}", "--metadata", str(meta)])
    assert res.exit_code == 0, res.output
    with Store.open(db) as st:
        arts = {a["title"]: a for a in st.articles()}
    assert set(arts) == {"ferry runs all winter", "quay rebuilt"}
    assert (arts["ferry runs all winter"]["source"], str(arts["ferry runs all winter"]["published"])) == (
        "Harbour Herald", "2025-03-05")
    assert (arts["quay rebuilt"]["source"], str(arts["quay rebuilt"]["published"])) == ("The Island Post", "2025-04-01")
    res = runner.invoke(app, ["ingest", str(folder), "--db", db, "--name-pattern", "{published}_{byline}"])
    assert res.exit_code == 2 and "--name-pattern" in res.output
