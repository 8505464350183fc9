"""Saying and doing: the cue's frame, the verbs' semantic weights, training on annotated files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from quotegraph.attribution.candidates import QuoteIndex
from quotegraph.attribution.features import DocView, candidate_features, frame_of
from quotegraph.attribution.find import all_candidates
from quotegraph.attribution.model import AttributionModel, load_model, save_model
from quotegraph.corpora.statements import parse_document
from quotegraph.nlp import load_pipeline
from quotegraph.training.attribution import (
    choose_threshold,
    cross_validate,
    doc_examples,
    fit_model,
    folds_of,
    pick_threshold,
)
from quotegraph.training.polnear import statement_gold
from quotegraph.training.semantics import SemanticSpace


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _frames(nlp, text: str, cue: str) -> set[str]:
    doc = nlp(text)
    quotes = QuoteIndex(text)
    view = DocView(doc)
    start = text.index(cue)
    return {f for c in all_candidates(doc, quotes) if c.cue[0] == start
            for f in candidate_features(doc, c, quotes, view) if f.startswith("frame=")}


@pytest.mark.parametrize("text, cue, frame", [
    ("The coach insisted that the squad had improved.", "insisted", "frame=V-clause"),
    ("The firm unveiled a delivery drone on Monday.", "unveiled", "frame=V-np"),
    ('"We were unlucky," the striker grumbled.', "grumbled", "frame=V-quote"),
    ("The senator called for calm after the vote.", "called", "frame=V-prep"),
])
def test_features_frame_says_how_the_cue_takes_its_content(nlp, text, cue, frame) -> None:
    assert frame in _frames(nlp, text, cue)


def test_frame_of_without_a_verb_or_noun_cue_is_other() -> None:
    assert frame_of(None, False, []) == "O"


def test_features_tell_a_headline_from_a_first_sentence(nlp) -> None:
    def opening(text: str) -> set[str]:
        doc = nlp(text)
        quotes = QuoteIndex(text)
        return {f for c in all_candidates(doc, quotes) for f in candidate_features(doc, c, quotes)
                if f in ("headline", "first-sentence")}

    assert opening("Mayor slams the budget plan\n\nThe mayor said on Monday that the plan was late.") == {"headline"}
    assert opening("The mayor said that the plan was late.") == {"first-sentence"}


def _space() -> SemanticSpace:
    # two invented directions: verbs of saying along the first, verbs of doing along the second
    words = ["grumble", "mutter", "paint", "repaint"]
    vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    return SemanticSpace(words, vectors, frames=("V-clause", "V-np"))


def test_semantic_space_columns_and_table() -> None:
    space = _space()
    block = space.columns([["lemma=grumble", "lemma=grumble|rule=x", "frame=V-np"],
                           ["lemma=paint", "frame=V-quote"],  # a frame it does not weigh
                           ["lemma=unknownverb", "frame=V-clause"]]).toarray()
    assert block.shape == (3, 4)
    assert block[0].tolist() == [0.0, 0.0, 1.0, 0.0] and not block[1].any() and not block[2].any()
    table = space.table(np.array([2.0, 0.0, 0.0, -1.0]))
    assert table["V-clause"] == {"grumble": 2.0, "mutter": 1.8, "repaint": 0.2}
    assert table["V-np"] == {"paint": -1.0, "repaint": -0.9, "mutter": -0.1}


def test_model_semantic_weight_round_trips(tmp_path) -> None:
    model = AttributionModel({"frame=V-clause": 0.5}, bias=-0.5, threshold=0.5,
                             semantic={"V-clause": {"grumble": 2.0}, "V-np": {"paint": -3.0}})
    said = ["lemma=grumble", "frame=V-clause"]
    assert model.probability(said) == pytest.approx(1 / (1 + np.exp(-2.0)))
    assert model.probability(["lemma=paint", "frame=V-np"]) == pytest.approx(1 / (1 + np.exp(3.5)))
    assert model.semantic_weight(["lemma=grumble", "frame=V-np"]) == 0.0
    loaded = load_model(save_model(model, tmp_path / "m.json"))
    assert loaded.semantic == model.semantic and loaded.probability(said) == model.probability(said)
    assert "semantic" not in json.loads(json.dumps(AttributionModel({}).to_json()))


# Invented annotated documents in the meantime_attr format: statements use a verb of saying
# with a clause; the same people's acts have a noun object.
DOCS = [
    ("Ann Lee grumbled that the bus was late. Ann Lee painted the fence.", "the bus was late", "Ann Lee"),
    ("Bo Kim muttered that the rent was high. Bo Kim repainted the door.", "the rent was high", "Bo Kim"),
    ("Cy Ray grumbled that the park was shut. Cy Ray painted the gate.", "the park was shut", "Cy Ray"),
    ("Di Orr muttered that the shop was closed. Di Orr repainted the shed.", "the shop was closed", None),
]


def _examples(nlp):
    out = []
    for n, (text, content, source) in enumerate(DOCS):
        s = text.index(content)
        statement = {"content": [s, s + len(content)], "speaker": "X"}
        if source is not None:
            statement["source"] = [text.index(source), text.index(source) + len(source)]
        record = {"doc_id": f"d{n}", "text": text, "attributions": [statement]}
        ex = doc_examples(nlp(text), statement_gold(parse_document(record)))
        ex.corpus = "invented" if n % 2 else "other"
        out.append(ex)
    return out


def test_statement_gold_leaves_an_unplaced_source_unknown(nlp) -> None:
    text, content, _ = DOCS[3]
    s = text.index(content)
    gold = statement_gold(parse_document({"doc_id": "x", "text": text, "attributions": [
        {"content": [s, s + len(content)], "speaker": "Di Orr"},
        {"content": [0, 5], "speaker": None}]}))
    assert gold == [([(s, s + len(content))], None), ([(0, 5)], [])]


def test_training_with_semantics_learns_verbs_of_saying(nlp) -> None:
    examples = _examples(nlp)
    model = fit_model(examples, c=10.0, semantic=_space())
    clause, np_ = model.semantic["V-clause"], model.semantic.get("V-np", {})
    assert clause["grumble"] > 0 and clause["mutter"] > 0
    assert np_.get("paint", 0.0) <= 0 and np_.get("repaint", 0.0) <= 0
    # deterministic
    assert fit_model(examples, c=10.0, semantic=_space()).to_json() == model.to_json()


def test_cross_validation_folds_per_corpus_and_threshold(nlp) -> None:
    examples = _examples(nlp)
    assert folds_of(examples, 2) == [0, 0, 1, 1]
    held = cross_validate(examples, 2, c=10.0, semantic=_space())
    assert [len(h) for h in held] == [len(e.features) for e in examples]
    threshold, figures = choose_threshold(examples, held)
    assert 0.0 < threshold < 1.0 and set(figures) == {"invented", "other"}
    # a threshold chosen on one corpus alone is that corpus's best one; every corpus is still scored
    for name in ("invented", "other"):
        alone, figs = choose_threshold(examples, held, [name])
        assert set(figs) == {"invented", "other"}
        one = [(e, h) for e, h in zip(examples, held, strict=True) if e.corpus == name]
        assert alone == choose_threshold([e for e, _ in one], [h for _, h in one])[0]
    with pytest.raises(ValueError, match="no training documents"):
        choose_threshold(examples, held, ["polnear"])


def test_parsed_docs_are_kept_and_read_back(nlp, tmp_path) -> None:
    from quotegraph.training.polnear import parsed_docs

    texts = ["The mayor said the bridge would reopen.", "Ann Lee painted the fence."]
    first = parsed_docs(nlp, texts, cache=tmp_path)
    assert len(list(tmp_path.glob("*.docbin"))) == 1
    again = parsed_docs(nlp, texts, cache=tmp_path)
    assert [[(t.text, t.dep_, t.lemma_) for t in d] for d in again] == [[(t.text, t.dep_, t.lemma_) for t in d] for d in first]
    parsed_docs(nlp, texts[:1], cache=tmp_path)  # other texts, another file
    assert len(list(tmp_path.glob("*.docbin"))) == 2


def test_thresholds_that_cross_validation_cannot_tell_apart_go_to_the_one_nearest_a_half() -> None:
    # 0.55 is ahead by 0.01 point of F1: a tie, so 0.5 stays; ahead by a point, it wins
    assert pick_threshold({0.45: 0.700, 0.5: 0.7093, 0.55: 0.7094}) == 0.5
    assert pick_threshold({0.45: 0.700, 0.5: 0.7093, 0.55: 0.7193}) == 0.55
    # equally near a half: the lower one; exact ties as before
    assert pick_threshold({0.45: 0.71, 0.55: 0.71}) == 0.45
    assert pick_threshold({0.25: 0.6, 0.3: 0.6}, tie=0.0) == 0.3
