"""The cached lemmatizer gives exactly what spaCy's own rule lemmatizer gives."""

from __future__ import annotations

import pickle

import pytest
import spacy
from spacy.pipeline import Lemmatizer

from conftest import parsed_before
from quotegraph.nlp import DEFAULT_MODEL, load_pipeline
from quotegraph.nlp.lemmas import CachedLemmatizer

# Invented text with the forms the rules, the exceptions and the base-form test decide:
# irregular and regular verbs, plurals, comparatives, proper nouns, numbers, punctuation,
# contractions the attribute ruler lemmatizes itself, and words outside the tables.
TEXT = (
    "The ministers wrote, said and thought that geese were running faster than the mice.\n\n"
    "She'd been saying it for years; they've told reporters the buses and analyses were "
    "better, the best, worse. Officials at Zorblax Inc. quizzed 3,400 voters on 12 March.  \n\n"
    "\"We're flummoxing the frobnicators,\" he added, having known the criteria, bases and "
    "phenomena. Children's toys, women's votes: U.S. officials didn't agree, she argued."
)


@pytest.fixture(scope="module")
def packaged():
    return spacy.load(DEFAULT_MODEL)


def _before_lemmatizer(nlp, text):
    return parsed_before(nlp, text, 'lemmatizer')


def test_cached_lemmatizer_sets_the_lemmas_spacy_sets(packaged):
    lemmatizer = packaged.get_pipe("lemmatizer")
    cached = CachedLemmatizer().use(lemmatizer)
    doc = _before_lemmatizer(packaged, TEXT)
    copy = doc.copy()
    lemmatizer(doc)
    cached(copy)
    assert [t.lemma_ for t in copy] == [t.lemma_ for t in doc]
    lemmas = {t.text: t.lemma_ for t in copy}
    # the lemmas are real ones, not the words: rules, exceptions and kept ruler lemmas
    assert (lemmas["wrote"], lemmas["buses"], lemmas["ministers"], lemmas["running"]) == (
        "write", "bus", "minister", "run")
    assert lemmas["'ve"] == "have"
    # a second pass (answers remembered) gives the same
    again = _before_lemmatizer(packaged, TEXT)
    cached(again)
    assert [t.lemma_ for t in again] == [t.lemma_ for t in doc]


def test_the_pipeline_uses_the_cached_lemmatizer_under_the_same_name():
    nlp = load_pipeline()
    assert "lemmatizer" in nlp.pipe_names
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)
    assert [t.lemma_ for t in nlp("Officials said the talks were over.")][:3] == ["official", "say", "the"]


def test_the_cached_lemmatizer_travels_to_worker_processes(packaged):
    cached = CachedLemmatizer().use(packaged.get_pipe("lemmatizer"))
    copy = pickle.loads(pickle.dumps(cached))
    assert isinstance(copy.lemmatizer, Lemmatizer)
    doc = _before_lemmatizer(packaged, TEXT)
    assert [t.lemma_ for t in copy(doc)] == [t.lemma_ for t in cached(doc.copy())]


def test_an_empty_doc_is_left_as_it_is(packaged):
    cached = CachedLemmatizer().use(packaged.get_pipe("lemmatizer"))
    assert len(cached(packaged.make_doc(""))) == 0
