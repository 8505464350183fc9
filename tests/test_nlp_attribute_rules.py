"""The indexed attribute ruler gives exactly what spaCy's own attribute_ruler gives."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from conftest import parsed_before
from quotegraph.nlp import DEFAULT_MODEL, load_pipeline
from quotegraph.nlp.attribute_rules import IndexedAttributeRuler

# Invented text that exercises the packaged rules: contractions, "gonna"/"gotta"/"let's",
# "ain't", "y'all", expletive "there is", negation, auxiliaries, whitespace tokens.
TEXT = (
    "Y'all ain't gonna believe it, c'mon, let's go, the minister said on Tuesday.\n\n"
    "There is a plan. Nothin' changed, she says; I gotta go. He gets it, she got it and "
    "they don't. I'm here, you're there, we've done that and it's what it is.  \n\n"
    "Whether or not the talks resume, officials that spoke to us did not say which side "
    "had asked for it. Those who know him told me: \"It will happen.\""
)


@pytest.fixture(scope="module")
def packaged():
    return spacy.load(DEFAULT_MODEL)


def _before_ruler(nlp, text):
    return parsed_before(nlp, text, 'attribute_ruler')


def _attrs(doc):
    return [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]


def test_indexed_ruler_matches_and_sets_what_spacy_does(packaged):
    ruler = packaged.get_pipe("attribute_ruler")
    indexed = IndexedAttributeRuler().use(ruler)
    doc = _before_ruler(packaged, TEXT)
    copy = doc.copy()
    assert indexed.match(copy) == ruler.match(doc)
    ruler(doc)
    indexed(copy)
    assert _attrs(copy) == _attrs(doc)
    assert copy.to_bytes() == doc.to_bytes()
    # the rules did something: coarse tags and the rules' lemmas are set
    assert {"AUX", "PART", "PRON", "SPACE"} <= {t.pos_ for t in copy}
    assert any(t.lower_ == "ai" and t.lemma_ == "be" for t in copy)


def test_the_pipeline_uses_the_indexed_ruler_under_the_same_name():
    nlp = load_pipeline()
    assert "attribute_ruler" in nlp.pipe_names
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    doc = nlp("She didn't say it, officials said.")
    assert [t.pos_ for t in doc][:3] == ["PRON", "AUX", "PART"]


def test_a_pattern_it_cannot_index_is_refused(packaged):
    ruler = AttributeRuler(packaged.vocab)
    ruler.add([[{"LENGTH": {">": 3}}]], {"POS": "NOUN"})
    with pytest.raises(ValueError, match="LENGTH"):
        IndexedAttributeRuler().use(ruler)


def test_running_before_it_has_patterns_is_a_clear_error(packaged):
    with pytest.raises(ValueError, match="use"):
        IndexedAttributeRuler()(packaged.make_doc("Hello."))


def test_the_pipeline_still_runs_in_several_processes():
    # nlp.pipe(n_process=2) pickles every component for its workers
    nlp = load_pipeline()
    texts = [TEXT, "The senator said the bill would pass.", "Officials denied it."]
    alone = [_attrs(d) for d in nlp.pipe(texts)]
    assert [_attrs(d) for d in nlp.pipe(texts, n_process=2, batch_size=1)] == alone


def test_words_no_pattern_names_share_a_cache_key_and_match_as_spacy_does(packaged):
    ruler = packaged.get_pipe("attribute_ruler")
    indexed = IndexedAttributeRuler().use(ruler)
    # invented words the patterns never name, next to ones their regexes and forms catch, in
    # both orders, so that a key cached from one word serves the next
    text = ("Zorbly nothin' quibbled, y' all nuthin' grumbled; y'all ain't blorping. "
            "Frumious nothin' and zorbly y' all, ain't quibbled nuthin' blorping n't.")
    for _ in range(2):  # the second time every key is cached
        doc = _before_ruler(packaged, text)
        assert indexed.match(doc.copy()) == ruler.match(doc)
    keys = {indexed._lower_key(h, doc.vocab.strings[h]) for h in (t.lower for t in doc)}
    assert len(keys) < len({t.lower_ for t in doc})  # unnamed words share their key


def test_a_rule_for_the_last_token_of_a_match_and_an_index_out_of_it(packaged):
    ruler = AttributeRuler(packaged.vocab)
    ruler.add([[{"LOWER": "new"}, {"LOWER": "york"}]], {"LEMMA": "NYC"}, index=-1)
    ruler.add([[{"LOWER": "city"}]], {"POS": "PROPN"})
    indexed = IndexedAttributeRuler().use(ruler)
    doc, copy = packaged.make_doc("New York city, new york."), packaged.make_doc("New York city, new york.")
    ruler(doc)
    indexed(copy)
    assert copy.to_bytes() == doc.to_bytes() and [t.lemma_ for t in copy][1] == "NYC"
    ruler.add([[{"LOWER": "city"}]], {"POS": "NOUN"}, index=2)  # no third token in a one-token match
    with pytest.raises(ValueError, match="E1001"):
        ruler(packaged.make_doc("city"))
    with pytest.raises(ValueError, match="E1001"):
        IndexedAttributeRuler().use(ruler)(packaged.make_doc("city"))
