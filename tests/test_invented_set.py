"""The invented training set of saying and doing (``data/invented/``): its builder, its offsets,
its distance from the contrast set, and the per-file weights of ``quotegraph train polnear``."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from quotegraph.corpora.statements import read_gold
from quotegraph.training.polnear import gold_weights, statement_gold

ROOT = Path(__file__).resolve().parent.parent
INVENTED = ROOT / "data" / "invented" / "saying_doing.jsonl"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_invented_set",
                                                  ROOT / "scripts" / "build_invented_set.py")  # fmt: skip
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_invented_set_is_built_from_its_source() -> None:
    items = _builder().build()
    assert INVENTED.read_text(encoding="utf-8") == "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)


def test_invented_set_offsets_point_at_their_words() -> None:
    docs = read_gold(INVENTED)
    assert len(docs) >= 500
    statements = [d for d in docs if d.statements]
    # about half the items say something; acts hold nothing
    assert 0.4 <= len(statements) / len(docs) <= 0.6
    assert all(d.label == ("statement" if d.statements else "act") for d in docs)
    assert len({d.beat for d in docs}) == 10
    assert sum(len(d.statements) == 2 for d in docs) >= 10
    for doc in docs:
        raw = json.loads(next(line for line in INVENTED.open(encoding="utf-8") if f'"{doc.id}"' in line))
        for st, rec in zip(doc.statements, raw["attributions"], strict=True):
            content = doc.text[slice(*st.content)]
            assert content == content.strip() and content[-1] not in ".,;:!?", doc.id
            assert st.cue is not None and doc.text[slice(*st.cue)] == rec["cue_text"], doc.id
            assert st.cue[1] <= st.content[0] or st.cue[0] >= st.content[1], doc.id
            if st.source is not None:
                assert doc.text[slice(*st.source)] == rec["source_text"], doc.id
                assert st.source[1] <= st.content[0] or st.source[0] >= st.content[1], doc.id
            if st.speaker is not None and st.speaker_kind == "person":
                # the speaker is a name the passage gives (pronouns resolved within the passage)
                assert all(part in doc.text for part in st.speaker.split()[-1:]), doc.id


def test_invented_set_feeds_training_gold() -> None:
    docs = read_gold(INVENTED)
    pairs = [statement_gold(d) for d in docs]
    assert sum(map(len, pairs)) == sum(len(d.statements) for d in docs)
    assert all(source for p in pairs for _, source in p if source is not None)


def test_invented_set_stays_apart_from_the_contrast_set() -> None:
    builder = _builder()
    items = builder.build(contrast=None)
    contrast = [json.loads(x)["text"] for x in (ROOT / "data" / "contrast" / "contrast_set.jsonl")
                .read_text(encoding="utf-8").splitlines() if x]  # fmt: skip
    builder.check_apart(items, contrast)  # raises on a shared text or an 8-word run
    ids = {str(i["doc_id"]) for i in items}
    assert all(re.fullmatch(r"inv-[a-z]+-\d{3}", i) for i in ids)


def test_check_apart_catches_a_leak() -> None:
    builder = _builder()
    item = {"doc_id": "inv-tech-001", "text": "Zorvik Ltd said on Monday its new kettle boils water in nine seconds flat."}
    builder.check_apart([item], ["A rival said its kettle boils water in nine seconds flat."])  # 7 words in a row
    with pytest.raises(builder.SourceError, match="inv-tech-001"):
        builder.check_apart([item], ["Reviewers say its new kettle boils water in nine seconds flat, they wrote."])


def test_two_statements_and_a_shared_source() -> None:
    builder = _builder()
    line = ("S | {s:Mira Toft} {c:said} {t:the bridge was safe} and {c2:added} {t2:it would reopen soon}. "
            "|| Mira Toft | person || Mira Toft | person")
    item = builder.build_item("local", 7, line)
    text = item["text"]
    assert text == "Mira Toft said the bridge was safe and added it would reopen soon."
    first, second = item["attributions"]
    assert text[slice(*first["content"])] == "the bridge was safe"
    assert text[slice(*second["content"])] == "it would reopen soon"
    assert second["source"] == first["source"] == [0, 9]
    assert second["cue_text"] == "added" and item["doc_id"] == "inv-local-007"
    with pytest.raises(builder.SourceError, match="do not fit"):
        builder.build_item("local", 8, line.rsplit("||", 1)[0])
    with pytest.raises(builder.SourceError, match="no marks"):
        builder.build_item("local", 9, "A | {s:Mira Toft} opened the bridge.")


def test_gold_weights_one_for_all_or_one_per_file() -> None:
    assert gold_weights(3.0, 2) == [3.0, 3.0]
    assert gold_weights([2.0], 3) == [2.0, 2.0, 2.0]
    assert gold_weights([3.0, 3.0, 1.0], 3) == [3.0, 3.0, 1.0]
    assert gold_weights(3.0, 0) == []
    with pytest.raises(ValueError, match="one per --gold"):
        gold_weights([1.0, 2.0], 3)
    with pytest.raises(ValueError, match="negative"):
        gold_weights([-1.0], 1)


def test_cli_train_polnear_weighs_each_gold_file(tmp_path) -> None:
    import shutil

    from typer.testing import CliRunner

    from quotegraph.cli import app

    data = tmp_path / "polnear"
    shutil.copytree(ROOT / "tests" / "fixtures" / "evaluate" / "polnear", data)
    gold = ROOT / "tests" / "fixtures" / "evaluate" / "gold" / "contrast.jsonl"
    base = ["train", "polnear", str(data), "--split", "dev", "--tune-split", "dev", "--no-semantic",
            "--gold", str(gold), "--gold", str(gold)]  # fmt: skip
    runner = CliRunner()
    result = runner.invoke(app, [*base, "--out", str(tmp_path / "m"), "--gold-weight", "3", "--gold-weight", "0.5"])
    assert result.exit_code == 0, result.output
    meta = json.loads((tmp_path / "m" / "attribution_model.json").read_text())["meta"]
    assert meta["gold_weight"] == [3.0, 0.5] and meta["documents"] == 2 + 2 * len(read_gold(gold))
    result = runner.invoke(app, [*base, "--out", str(tmp_path / "n"), "--gold-weight", "1", "--gold-weight", "2",
                                 "--gold-weight", "3"])  # fmt: skip
    assert result.exit_code == 1 and "one per --gold file" in result.output
    result = runner.invoke(app, [*base, "--out", str(tmp_path / "o"), "--threshold-on", "saying_doing"])
    assert result.exit_code == 1 and "--threshold-on ['saying_doing']" in result.output
