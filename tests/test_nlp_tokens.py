"""The token table gives, column by column, what the spaCy tokens give."""

import gc
import weakref

import pytest

from quotegraph.nlp import load_pipeline
from quotegraph.nlp.tokens import token_table

COLUMNS = {
    "idx": lambda t: t.idx,
    "ends": lambda t: t.idx + len(t.text),
    "head": lambda t: t.head.i,
    "children": lambda t: [c.i for c in t.children],
    "left_edge": lambda t: t.left_edge.i,
    "right_edge": lambda t: t.right_edge.i,
    "text": lambda t: t.text,
    "lower": lambda t: t.lower_,
    "lemma": lambda t: t.lemma_,
    "pos": lambda t: t.pos_,
    "tag": lambda t: t.tag_,
    "dep": lambda t: t.dep_,
    "ent_type": lambda t: t.ent_type_,
    "is_punct": lambda t: t.is_punct,
    "is_space": lambda t: t.is_space,
}


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize("text", [
    "Mayor Ana Quist said on Tuesday that the bridge “will reopen in May,” her office confirmed.\n\n"
    "  Critics   disagreed. ",
    "Ünïcode wörds — and a trailing dash —",
    "",
])
def test_columns_match_tokens(nlp, text):
    doc = nlp(text)
    table = token_table(doc)
    for name, read in COLUMNS.items():
        assert getattr(table, name) == [read(t) for t in doc], name


def test_one_table_per_doc(nlp):
    first, second = nlp("Ana Quist spoke."), nlp("Ana Quist spoke.")
    assert token_table(first) is token_table(first)
    assert token_table(first) is not token_table(second)
    assert token_table(second).text == ["Ana", "Quist", "spoke", "."]


def test_table_does_not_keep_its_doc_alive(nlp):
    doc = nlp("Ana Quist spoke.")
    assert token_table(doc).lower == ["ana", "quist", "spoke", "."]
    gone = weakref.ref(doc)
    del doc
    gc.collect()
    assert gone() is None


def test_the_last_table_asked_for_is_answered_again_and_not_kept(nlp):
    first, second = nlp("Ana Quist spoke."), nlp("Officials declined.")
    table = token_table(first)
    assert token_table(first) is table and token_table(second) is not table
    assert token_table(first) is table  # back to the first: its own table, not the last one's
    with first.retokenize() as retokenizer:  # a changed Doc gets a new table
        retokenizer.merge(first[0:2])
    assert token_table(first) is not table and token_table(first).text == ["Ana Quist", "spoke", "."]
    gone = weakref.ref(token_table(second))
    del second
    gc.collect()
    assert gone() is None  # the last table asked for goes with its Doc


@pytest.mark.parametrize("heads", [
    # crossing arcs, where spaCy's edges are not the subtree's first and last token
    [0, 2, 0, 0, 1],
    [2, 2, 3, 5, 2, 5, 4],
    [1, 2, 2, 2, 3, 4, 0],
    [1, 1, 1, 2, 3, 4, 5, 6],  # a chain
])
def test_subtree_edges_as_spacy_sets_them(nlp, heads):
    # spaCy sets edges in rounds that stop once every head lies in its sentence; for crossing
    # arcs that is not the subtree's first and last token, and the table must say what spaCy says
    from spacy.tokens import Doc

    words = [f"w{i}" for i in range(len(heads))]
    deps = ["ROOT" if h == i else "dep" for i, h in enumerate(heads)]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    table = token_table(doc)
    if heads[0] != 1:  # the case the test is for: edges that are not the subtree's extremes
        assert any(t.right_edge.i != max(s.i for s in t.subtree) or t.left_edge.i != min(s.i for s in t.subtree)
                   for t in doc)
    assert table.left_edge == [t.left_edge.i for t in doc]
    assert table.right_edge == [t.right_edge.i for t in doc]
