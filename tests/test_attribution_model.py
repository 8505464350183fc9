"""The trained attribution model: training on invented fixtures, choosing, saving, the CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotegraph.attribution import RULES_ONLY, find_attributions, load_model
from quotegraph.attribution.candidates import Candidate, QuoteIndex
from quotegraph.attribution.features import (
    DocView,
    candidate_features,
    lemma_and_frame,
    reading_features,
    scored_features,
)
from quotegraph.attribution.find import all_candidates
from quotegraph.attribution.model import SHIPPED_MODEL, AttributionModel, pick, save_model
from quotegraph.cli import app
from quotegraph.errors import ModelError
from quotegraph.nlp import load_pipeline, quote_index
from quotegraph.training.attribution import doc_examples, example_weights, miss_causes, score, train_model

POLNEAR_FIXTURE = Path(__file__).parent / "fixtures" / "evaluate" / "polnear"

# Invented sentences: "lament", "fret" and "insist" state what someone said or thinks; "open",
# "paint" and "visit" do not. Each training text marks the gold content with [brackets] and the
# gold source with {braces}.
TRAINING = [
    "{The mayor} lamented [that the budget was late]. The mayor opened the old library on Monday.",
    "{Ms. Ortiz} fretted [that the bridge would close]. Ms. Ortiz painted the fence in the morning.",
    "{The coach} insisted [that the team had improved]. The coach visited the new stadium.",
    "{The governor} lamented [that the roads were poor]. The governor visited the coast.",
    "{The union} fretted [that wages would fall]. The union opened an office downtown.",
    "{Her lawyer} insisted [that she was innocent]. Her lawyer painted a mural for the school.",
]


def _gold(marked: str) -> tuple[str, list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]]:
    text, content, source = "", [], []
    for piece in re.split(r"([\[\]{}])", marked):
        if piece == "[":
            content.append(len(text))
        elif piece == "]":
            content.append(len(text))
        elif piece == "{":
            source.append(len(text))
        elif piece == "}":
            source.append(len(text))
        else:
            text += piece
    gold = [([(content[i], content[i + 1])], [(source[i], source[i + 1])]) for i in range(0, len(content), 2)]
    return text, gold


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def tiny_model(nlp) -> AttributionModel:
    examples = []
    for marked in TRAINING:
        text, gold = _gold(marked)
        examples.append(doc_examples(nlp(text), gold))
    return train_model(examples, examples, c=10.0)


def test_tiny_model_learns_cues_from_fixtures(nlp, tiny_model) -> None:
    doc = nlp("The senator lamented that the vote was rushed. The senator opened the hearing.")
    found = find_attributions(doc, tiny_model)
    assert [(a.source.text, a.cue.text, [c.text for c in a.content]) for a in found] == [
        ("The senator", "lamented", ["that the vote was rushed"])]  # fmt: skip
    assert 0.0 < found[0].confidence <= 1.0


def test_training_is_deterministic(nlp, tiny_model) -> None:
    examples = [doc_examples(nlp(t), g) for t, g in map(_gold, TRAINING)]
    again = train_model(examples, examples, c=10.0)
    assert again.to_json() == tiny_model.to_json()


def test_closer_matches_weigh_more_in_training(nlp) -> None:
    text, gold = _gold("{The mayor} praised [the new city budget], which passed.")
    examples = doc_examples(nlp(text), gold)
    readings = {(c.rule, text[c.start:c.end]): (y, w) for c, y, w in zip(
        examples.candidates, examples.content_labels, example_weights(examples), strict=True)}
    # both readings of the object match (J ≥ 0.5); the exact one weighs fully, the one with the
    # relative clause by its overlap squared, (4/6) ** 2
    assert readings[("broad-dobj-trim", "the new city budget")] == (1, 1.0)
    assert readings[("broad-dobj", "the new city budget, which passed")] == (1, pytest.approx(4 / 9))
    # what matches nothing counts fully as a negative
    assert all(w == 1.0 for y, w in readings.values() if not y)


def test_score_counts_partial_and_end_to_end(nlp, tiny_model) -> None:
    examples = [doc_examples(nlp(t), g) for t, g in map(_gold, TRAINING)]
    figures = score(tiny_model, examples)
    assert figures.recall == 1.0 and figures.precision == 1.0 and figures.e2e_f1 == 1.0
    nothing = AttributionModel({}, bias=-50.0, threshold=0.5)
    assert score(nothing, examples).recall == 0.0


def test_save_and_load_round_trip(tmp_path, tiny_model) -> None:
    path = save_model(tiny_model, tmp_path)
    assert path.name == "attribution_model.json"
    loaded = load_model(tmp_path)
    assert loaded.weights == tiny_model.weights and loaded.threshold == tiny_model.threshold


def test_load_model_errors_and_rules_only(tmp_path) -> None:
    with pytest.raises(ModelError, match="no attribution model"):
        load_model(tmp_path / "missing")
    (tmp_path / "bad.json").write_text(json.dumps({"format": "something else"}))
    with pytest.raises(ModelError, match="not a quotegraph attribution model"):
        load_model(tmp_path / "bad.json")
    assert load_model("rules") is RULES_ONLY


def test_shipped_model_is_small_and_loads_by_default() -> None:
    assert SHIPPED_MODEL.stat().st_size <= 60 * 1024 * 1024
    model = load_model()
    assert model.weights and 0.0 < model.threshold < 1.0
    assert model.meta.get("corpus") == "PolNeAR"


def test_rules_only_model_keeps_rule_candidates(nlp) -> None:
    doc = nlp('"We will win," the mayor said. The mayor left early.')
    found = find_attributions(doc, RULES_ONLY)
    assert [(a.kind, a.source.text) for a in found] == [("direct", "the mayor")]


def _cand(cue: tuple[int, int], content: list[tuple[int, int]], quoted: bool = False) -> Candidate:
    return Candidate(cue, None, content, "quote" if quoted else "broad-ccomp", 0.95 if quoted else 0.0, quoted=quoted)


def test_pick_one_reading_per_cue_and_one_statement_per_word() -> None:
    text = 'He said that it rained and "Ann said: we won" today.'
    quotes = QuoteIndex(text)
    said = (3, 7)
    cands = [
        _cand(said, [(8, 22)]),  # "that it rained"
        _cand(said, [(8, 50)]),  # a longer reading of the same cue
        _cand((31, 35), [(37, 43)]),  # "Ann said: we won" inside the quotation: nests
        _cand((45, 50), [(8, 22)]),  # another cue claiming the same words
    ]
    kept = pick(cands, [0.9, 0.6, 0.8, 0.7], 0.5, quotes)
    assert kept == [0, 2]
    # below the threshold nothing is kept, but a quotation beside its cue keeps the rule's confidence
    assert pick(cands, [0.1, 0.1, 0.1, 0.1], 0.5, quotes) == []
    quoted = [_cand((0, 2), [(28, 43)], quoted=True)]
    assert pick(quoted, [0.1], 0.5, quotes) == [0]


def test_pick_ends_the_outer_content_before_a_likely_inner_statement() -> None:
    text = "The video shows that he raised his hands, contradicting the claim that he refused."
    quotes = QuoteIndex(text)
    shows = text.index("shows"), text.index("shows") + 5
    claim = text.index("claim "), text.index("claim ") + 5
    whole = text.index("that he raised"), len(text) - 1  # "that he raised …, contradicting … refused"
    trimmed = whole[0], text.index(",")  # "that he raised his hands"
    inner = text.index("that he refused"), len(text) - 1
    cands = [_cand(shows, [whole]), _cand(shows, [trimmed]), _cand(claim, [inner])]
    # the corpus labels each word once: the outer cue takes the reading that leaves room
    assert pick(cands, [0.9, 0.6, 0.7], 0.5, quotes) == [1, 2]
    # not when the room-leaving reading or the inner statement is itself unlikely
    assert pick(cands, [0.9, 0.3, 0.7], 0.5, quotes) == [0]
    assert pick(cands, [0.9, 0.6, 0.4], 0.5, quotes) == [0]


def test_cli_train_polnear_writes_a_model_the_extractor_uses(tmp_path) -> None:
    data = tmp_path / "polnear"
    shutil.copytree(POLNEAR_FIXTURE, data)
    out = tmp_path / "model"
    runner = CliRunner()
    result = runner.invoke(app, ["train", "polnear", str(data), "--out", str(out), "--split", "dev",
                                 "--tune-split", "dev", "--no-semantic"])
    assert result.exit_code == 0, result.output
    assert (out / "attribution_model.json").is_file() and (out / "cue_lexicon.json").is_file()
    model = json.loads((out / "attribution_model.json").read_text())
    assert model["meta"]["documents"] == 2 and model["weights"]
    # no corpus text in the model: feature names only
    text = (data / "dev" / "text").glob("*.txt")
    for path in text:
        for sentence in path.read_text().split("."):
            if len(sentence.strip()) > 30:
                assert sentence.strip() not in json.dumps(model)
    article = tmp_path / "article.txt"
    article.write_text('"We will not raise taxes," Mayor Whitfield told reporters on Monday.\n')
    result = runner.invoke(app, ["extract", str(article), "--attribution-model", str(out)])
    assert result.exit_code == 0, result.output
    assert "We will not raise taxes" in result.output


def test_cli_rejects_a_missing_attribution_model(tmp_path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("The mayor said that taxes would fall.\n")
    result = CliRunner().invoke(app, ["extract", str(article), "--attribution-model", str(tmp_path / "none")])
    assert result.exit_code != 0
    assert "no attribution model" in result.output


def test_choose_scores_exactly_as_the_public_features_and_probability(nlp) -> None:
    # invented text with quotations, clauses, objects, a noun cue and a cue without a token of its own
    text = ("“We will not back down,” the governor said on Tuesday, adding that the budget was final.\n"
            "Critics warned of a shortfall, and the mayor's claim that taxes would fall drew doubts.\n"
            "According to the union, the talks failed. She told reporters: “It is over.”")
    doc = nlp(text)
    model = load_model()
    quotes = quote_index(doc)
    cands = all_candidates(doc, quotes, model.cue_lexicon)
    assert len(cands) > 10
    view = DocView(doc)
    feats = [candidate_features(doc, c, quotes, DocView(doc), model.cue_lexicon) for c in cands]
    scored = [scored_features(doc, c, quotes, view, model.cue_lexicon) for c in cands]
    assert [s.features for s in scored] == feats
    assert [(s.lemma, s.frame) for s in scored] == [lemma_and_frame(f) for f in feats]
    extras = reading_features(cands, feats)
    assert reading_features(cands, feats, [s.cue_bin for s in scored]) == extras
    # equal to the last bit: the fast sum adds the same weights in the same order
    assert model._probabilities(scored, extras) == [model.probability(f + e) for f, e in zip(feats, extras, strict=True)]


def test_miss_causes_say_where_each_gold_is_lost(nlp) -> None:
    text, gold = _gold("{The mayor} lamented [that the budget was late]. The mayor opened the library on Monday.")
    place = text.index("library on Monday")
    gold.append(([(place, place + len("library on Monday"))], []))  # one reading of "opened" matches
    subject = text.index("The mayor opened")
    gold.append(([(subject, subject + len("The mayor"))], []))  # a subject: no candidate's content
    doc = doc_examples(nlp(text), gold)
    doc.corpus = "invented"
    n = len(doc.candidates)
    right = next(i for i, c in enumerate(doc.candidates) if doc.content_labels[i] and text[c.cue[0]:c.cue[1]] == "opened")
    cue = doc.candidates[right].cue
    same_cue = [i for i, c in enumerate(doc.candidates) if c.cue == cue and not doc.content_labels[i]]
    # another cue's reading that shares words with the right one ("Monday")
    rival = [i for i, c in enumerate(doc.candidates) if c.cue != cue and not doc.content_labels[i]
             and any(s < doc.candidates[right].end and doc.candidates[right].start < e for s, e in c.content)]
    assert same_cue and rival

    def causes(probs: list[float]) -> dict[str, int]:
        counts = miss_causes([doc], [probs], 0.5)
        assert all(corpus == "invented" for corpus, _, _ in counts)
        by_cause: dict[str, int] = {}
        for (_, cause, _), k in counts.items():
            by_cause[cause] = by_cause.get(cause, 0) + k
        return by_cause

    probs = [0.9 if doc.content_labels[i] else 0.1 for i in range(n)]
    assert causes(probs) == {"found": 2, "no candidate": 1}
    assert causes([0.1] * n) == {"below threshold": 2, "no candidate": 1}
    worse = list(probs)
    worse[same_cue[0]] = 0.95  # a reading of the same cue that misses the gold beats the right one
    assert causes(worse) == {"found": 1, "its cue read otherwise": 1, "no candidate": 1}
    worse = list(probs)
    worse[rival[0]] = 0.95  # another cue's likelier statement takes the words
    assert causes(worse) == {"found": 1, "kept out": 1, "no candidate": 1}
