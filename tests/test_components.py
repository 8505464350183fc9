"""quotegraph's stages as spaCy components: ``nlp.add_pipe("quotegraph")``, config, the Doc."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc
from typer.testing import CliRunner

import quotegraph
import quotegraph.components  # noqa: F401 - registers the factories
from quotegraph.attribution import RULES_ONLY, find_attributions, load_model
from quotegraph.attribution.lexicon import LEXICON_FILE
from quotegraph.cli import app
from quotegraph.errors import ModelError, PipelineError
from quotegraph.models import Article
from quotegraph.nlp import (
    DEFAULT_MODEL,
    doc_text,
    load_pipeline,
    quote_index,
    set_published,
)
from quotegraph.nlp.quotes import ItemBreak, find_item_breaks
from quotegraph.pipeline import Extractor, to_result

# An invented article: a headline, a direct quote, reported speech with corpus-learned cues
# ("blasted", "echoed") and two speakers.
ARTICLE = (
    "Harbour council delays ferry vote\n\n"
    "“We need more time to read the report,” councillor Maria Lindqvist said on Tuesday.\n\n"
    "Lindqvist, who chairs the transport committee, told reporters that the vote would move to "
    "March. She blasted the ferry company for late figures.\n\n"
    "The company's director, Tomas Berg, echoed concerns about costs but insisted the service "
    "would continue.\n"
)
PUBLISHED = dt.date(2024, 3, 7)


@pytest.fixture(scope="module")
def spacy_nlp():
    """The pipeline as a spaCy user has it, with quotegraph added at the end."""
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("quotegraph")
    return nlp


def _contract(result) -> dict:
    data = result.to_dict()
    return {k: data[k] for k in ("attributions", "entities", "times")}


def test_components_add_pipe_gives_what_extract_gives(spacy_nlp) -> None:
    assert spacy_nlp.pipe_names[-1] == "quotegraph"
    # paragraphs are sentence bounds there too, as in quotegraph's own pipeline
    assert spacy_nlp.pipe_names.index("qg_paragraph_boundaries") < spacy_nlp.pipe_names.index("parser")
    doc = spacy_nlp(set_published(spacy_nlp.make_doc(ARTICLE), PUBLISHED))
    expected = quotegraph.extract(ARTICLE, published=PUBLISHED)
    assert len(expected.attributions) >= 4
    assert _contract(to_result(doc)) == _contract(expected)
    said = doc._.qg_attributions[0]
    assert said.kind == "direct" and said.said_on is not None and said.said_on.value == "2024-03-05"
    assert [e.name for e in doc._.qg_entities][:2] == ["Maria Lindqvist", "Tomas Berg"]
    assert [t.text for t in doc._.qg_times] == [t.text for t in expected.times]


def test_components_config_chooses_the_model_without_environment(spacy_nlp) -> None:
    before = dict(os.environ)
    rules = spacy.load(DEFAULT_MODEL)
    rules.add_pipe("quotegraph", config={"attribution_model": "rules"})
    stage = dict(rules.get_pipe("quotegraph").stages)["attribution"]
    assert stage.model.rules_only
    assert dict(spacy_nlp.get_pipe("quotegraph").stages)["attribution"].model.rules_only is False
    with_rules = rules(ARTICLE)._.qg_attributions
    trained = spacy_nlp(ARTICLE)._.qg_attributions
    # the rules' own confidences against the model's probabilities
    assert [a.confidence for a in with_rules] != [a.confidence for a in trained]
    alone = find_attributions(load_pipeline()(ARTICLE), RULES_ONLY)

    def found(atts):
        return [(a.kind, a.cue, a.source, a.content, a.confidence) for a in atts]

    assert found(with_rules) == found(alone)
    assert dict(os.environ) == before


def test_components_config_reads_a_trained_model_and_its_lexicon(tmp_path: Path) -> None:
    # a model that believes nothing keeps only what the rules find in quotation marks
    (tmp_path / "attribution_model.json").write_text(json.dumps(
        {"format": "quotegraph-attribution-model/1", "bias": -20.0, "threshold": 0.5, "meta": {},
         "weights": {}}), encoding="utf-8")
    extractor = Extractor(attribution_model=tmp_path)
    found = extractor.extract(Article(id="a", text=ARTICLE)).attributions
    assert [a.kind for a in found] == ["direct"]
    # a lexicon without corpus-learned cues: "echoed" is no cue for the rules then
    empty = tmp_path / "empty-lexicon.json"
    empty.write_text(json.dumps({"cue_counts": {}, "totals": {}}), encoding="utf-8")
    nlp = load_pipeline()
    plain = nlp.create_pipe("quotegraph", config={"attribution_model": "rules"})
    narrow = nlp.create_pipe("quotegraph", config={"attribution_model": "rules", "cue_lexicon": str(empty)})
    cues = [[a.cue.text for a in component(nlp(ARTICLE))._.qg_attributions] for component in (plain, narrow)]
    assert "echoed" in cues[0] and "echoed" not in cues[1]
    # the lexicon beside a trained model comes with it
    other = tmp_path / "other"
    other.mkdir()
    (other / "attribution_model.json").write_text((tmp_path / "attribution_model.json").read_text())
    (other / LEXICON_FILE).write_text(empty.read_text())
    assert load_model(other).cue_lexicon.cue_counts == {}
    assert load_model(tmp_path).cue_lexicon.cue_counts


def test_components_bad_model_config_is_a_model_error(tmp_path: Path) -> None:
    nlp = load_pipeline()
    with pytest.raises(ModelError, match="no attribution model"):
        nlp.create_pipe("quotegraph", config={"attribution_model": str(tmp_path / "missing")})


def test_components_stages_leave_earlier_results_alone() -> None:
    nlp = load_pipeline()
    stages = dict(nlp.create_pipe("quotegraph").stages)
    doc = set_published(nlp(ARTICLE), PUBLISHED)
    found = stages["attribution"](doc)._.qg_attributions
    snapshot = [a.to_dict() for a in found]
    with_speakers = stages["speakers"](doc)._.qg_attributions
    dated = stages["time"](doc)._.qg_attributions
    assert [a.to_dict() for a in found] == snapshot  # untouched by the later stages
    assert all(a.speaker is None and a.said_on is None for a in found)
    assert any(a.speaker is not None for a in with_speakers) and all(a.said_on is None for a in with_speakers)
    assert any(a.said_on is not None for a in dated)
    assert [a.speaker for a in dated] == [a.speaker for a in with_speakers]


def test_components_speakers_need_the_attribution_stage() -> None:
    nlp = load_pipeline()
    stages = dict(nlp.create_pipe("quotegraph").stages)
    with pytest.raises(PipelineError, match="qg_attribution"):
        stages["speakers"](nlp("The mayor said it would rain."))


def test_components_doc_text_is_built_once() -> None:
    doc = load_pipeline()(ARTICLE)
    assert doc_text(doc) == ARTICLE and doc_text(doc) is doc_text(doc)


def test_components_results_survive_serialisation(spacy_nlp) -> None:
    doc = spacy_nlp(set_published(spacy_nlp.make_doc(ARTICLE), PUBLISHED))
    back = Doc(spacy_nlp.vocab).from_bytes(doc.to_bytes())
    assert back._.qg_published == PUBLISHED
    assert back._.qg_attributions == doc._.qg_attributions
    assert back._.qg_entities == doc._.qg_entities and back._.qg_times == doc._.qg_times


def test_components_run_in_spacy_worker_processes(spacy_nlp) -> None:
    texts = [ARTICLE, "“It is done,” the minister said."]
    alone = [[a.to_dict() for a in d._.qg_attributions] for d in spacy_nlp.pipe(texts)]
    workers = [[a.to_dict() for a in d._.qg_attributions] for d in spacy_nlp.pipe(texts, n_process=2)]
    assert workers == alone and all(alone)


def test_components_extractor_times_each_stage() -> None:
    spent: dict[str, float] = {}
    articles = [Article(id="a", text=ARTICLE, published=PUBLISHED)]
    results = list(Extractor().extract_many(articles, timings=spent))
    assert results[0].attributions
    assert set(spent) == {"clean", "spacy", "quotes", "attribution", "speakers", "time", "assemble"}
    assert spent["spacy"] > 0


def test_components_cli_passes_the_attribution_model(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = dict(os.environ)
    result = CliRunner().invoke(app, ["extract", str(article), "--attribution-model", "rules"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)["attributions"]
    expected = quotegraph.extract(ARTICLE, attribution_model="rules").to_dict()["attributions"]
    assert got == expected
    assert dict(os.environ) == before


def test_components_get_extractor_is_cached_per_model() -> None:
    assert quotegraph.get_extractor() is quotegraph.get_extractor(DEFAULT_MODEL, None)
    rules = quotegraph.get_extractor(attribution_model="rules")
    assert rules is quotegraph.get_extractor(None, Path("rules")) and rules is not quotegraph.get_extractor()
    assert rules.attribution_model == "rules"


@pytest.mark.parametrize(
    ("line", "is_break"),
    [("***", True), ("__", True), ("---", True), ("=====", True), ("6:05 p.m.", True),
     ("11 a.m. EDT", True), ("  10 a.m.  ", True), ("-", False), ("3 p.m. meeting", False),
     ("The vote is at 6 p.m.", False)],
)
def test_components_scanner_finds_item_breaks(line: str, is_break: bool) -> None:
    text = f"First item.\n{line}\nSecond item.\n"
    breaks = find_item_breaks(text)
    assert (breaks == [ItemBreak(12, 12 + len(line))]) is is_break


def test_components_scanner_puts_quotations_and_items_on_the_doc(spacy_nlp) -> None:
    text = "“We will win,” the mayor said.\n***\nThe coach said: “Not today.”\n"
    doc = spacy_nlp(text)
    assert [s.text for s in doc.spans["qg_quotes"]] == ["“We will win,”", "“Not today.”"]
    assert [s.text for s in doc.spans["qg_items"]] == ["***"]
    second = text.index("“Not")
    assert [(q.open_at, q.close_at) for q in doc._.qg_quotes] == [(0, 14), (second, second + 12)]
    assert quote_index(doc).items is doc._.qg_quotes  # the stages read the Doc's, not their own


def test_components_stages_read_the_docs_quotations() -> None:
    nlp = load_pipeline()
    text = "“We will win,” the mayor said."
    doc = nlp(text)
    assert [a.kind for a in find_attributions(doc, RULES_ONLY)] == ["direct"]
    bare = nlp(text)
    bare._.qg_quotes, bare._.qg_items = [], []  # as if the scanner had found no quotation
    assert [a.kind for a in find_attributions(bare, RULES_ONLY)] != ["direct"]


def test_components_extractor_keeps_debris_on_the_doc() -> None:
    text = "Mayor delays vote\nARTICLE AD BOX\n“We need more time,” the mayor said.\n"
    extractor = Extractor()
    result = extractor.extract(Article(id="a", text=text))
    assert [s.text for s in result.excluded] == ["ARTICLE AD BOX"]
    doc = extractor.nlp(text)
    doc._.qg_debris = result.excluded
    assert to_result(doc).excluded == result.excluded
