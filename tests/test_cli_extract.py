"""``quotegraph extract`` end to end: contract JSON that validates, bad inputs reported, not fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotegraph.cli import app
from quotegraph.contract import validate_result

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED = Path(__file__).resolve().parents[2] / "shared" / "examples" / "seed_article.txt"

ARTICLE = (
    "ARTICLE AD BOX\n"
    "Harbour council votes on budget\n"
    "“We cannot keep raising fees,” Mayor Dana Holt said on Tuesday.\n"
    "Read moreThe council approved the plan, officials said.\n"
)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_cli_extract_one_file_prints_valid_contract_json(runner, tmp_path):
    path = tmp_path / "budget.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--published", "2025-03-05"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    validate_result(data)
    assert data["text"] == ARTICLE
    assert data["article"]["published"] == "2025-03-05"
    direct = [a for a in data["attributions"] if a["kind"] == "direct"]
    assert direct and direct[0]["content"][0]["text"] == "We cannot keep raising fees,"
    assert direct[0]["source"]["text"] == "Mayor Dana Holt"
    for a in data["attributions"]:
        for piece in a["content"]:
            assert "ARTICLE AD BOX" not in piece["text"]
            assert not piece["text"].startswith("Read more")
    assert {s["text"] for s in data["excluded"]} >= {"ARTICLE AD BOX", "Read more"}


def test_cli_extract_directory_with_bad_files_goes_on(runner, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (src / "latin1.txt").write_bytes("Le maire a déclaré « non ».".encode("latin-1"))
    (src / "unbalanced.txt").write_text("“This never closes, the mayor said.\n“Nor this.", encoding="utf-8")
    (src / "empty_page.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(src), "--out", str(out), "--published", "2025-03-05"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 4, errors  # empty, binary, latin1, empty_page: one line each
    assert all(line.startswith("quotegraph: skipped") for line in errors)
    assert "Traceback" not in result.output
    written = sorted(p.name for p in out.glob("*.json"))
    assert written == ["good.json", "unbalanced.json"]
    for path in out.glob("*.json"):
        validate_result(json.loads(path.read_text(encoding="utf-8")))


def test_cli_extract_jsonl_writes_one_file_per_id(runner, tmp_path):
    src = tmp_path / "batch.jsonl"
    lines = [
        {"id": "one", "text": ARTICLE, "published": "2025-03-05"},
        {"id": "../escape", "text": "“Fine,” she said.", "published": "2025-03-06"},
        {"text": "no id"},
    ]
    src.write_text("\n".join(json.dumps(line) for line in lines) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(src), "--out", str(out)])
    assert result.exit_code == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == ["escape.json", "one.json"]


def test_cli_extract_examples_all_validate(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(EXAMPLES), "--out", str(out), "--published", "2025-03-05"])
    assert result.exit_code == 0, result.output
    files = list(out.rglob("*.json"))
    assert len(files) >= 12
    kinds = set()
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        validate_result(data)
        kinds.update(a["kind"] for a in data["attributions"])
    assert kinds == {"direct", "indirect", "mixed"}


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed article is not beside this checkout")
def test_cli_extract_seed_article(runner):
    result = runner.invoke(app, ["extract", str(SEED), "--published", "2024-07-18"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    validate_result(data)
    text = data["text"]
    by_content = {}
    for a in data["attributions"]:
        for piece in a["content"]:
            by_content[piece["text"]] = a
        for piece in a["content"]:
            assert "ARTICLE AD BOX" not in piece["text"] and not piece["text"].startswith("Read more")

    def speaker_of(fragment: str) -> str | None:
        hits = [a for t, a in by_content.items() if fragment in t]
        assert hits, f"no statement holds {fragment!r}"
        return (hits[0]["speaker"] or {}).get("name")

    assert speaker_of("Moscow will welcome any US president") == "Sergey Lavrov"
    assert speaker_of("Putin has spoken about this more than once") == "Sergey Lavrov"
    assert speaker_of("Moscow and Washington continued to talk") == "Sergey Lavrov"
    assert speaker_of("an old-school politician") == "Vladimir Putin"
    assert speaker_of("a good thing") == "Donald Trump"
    assert speaker_of("Everyone took my statement about Biden") == "Vladimir Putin"
    assert speaker_of("just proved his point") == "Vladimir Putin"
    assert speaker_of("US policy is unlikely to change") == "Vladimir Putin"
    assert speaker_of("no good reason") == "Joe Biden"
    assert not any("sanctions from hell" in t for t in by_content)
    assert "sanctions from hell" in text
