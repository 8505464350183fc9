"""Candidate generation: the readings of a cue the model chooses from (invented sentences)."""

from __future__ import annotations

import pytest

from quotegraph.attribution.find import all_candidates
from quotegraph.nlp import load_pipeline, quote_index


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _readings(nlp, text: str, cue: str) -> dict[str, set[str]]:
    doc = nlp(text)
    out: dict[str, set[str]] = {}
    for c in all_candidates(doc, quote_index(doc)):
        if text[c.cue[0]:c.cue[1]] == cue:
            out.setdefault(" | ".join(text[s:e] for s, e in c.content), set()).add(c.rule)
    return out


def test_a_clause_is_read_with_and_without_its_comma_led_circumstance(nlp) -> None:
    text = "The agency has maintained that the rocket will be essential for crewed flights, despite cost overruns."
    readings = _readings(nlp, text, "maintained")
    assert "that the rocket will be essential for crewed flights, despite cost overruns" in readings
    assert "that the rocket will be essential for crewed flights" in readings


def test_a_clause_is_read_without_the_clause_coordinated_after_it(nlp) -> None:
    text = "The analysts said the ruling favoured lenders and named two banks as its winners."
    readings = _readings(nlp, text, "said")
    assert "the ruling favoured lenders and named two banks as its winners" in readings
    assert "the ruling favoured lenders" in readings


def test_according_to_gives_each_side_of_the_phrase_alone(nlp) -> None:
    text = "The regulator is examining the firm, according to two people familiar with the matter, adding to its troubles."
    readings = _readings(nlp, text, "according to")
    assert "The regulator is examining the firm | adding to its troubles" in readings
    assert "The regulator is examining the firm" in readings


def test_no_reading_is_proposed_twice_for_one_cue(nlp) -> None:
    text = "The agency has maintained that the rocket will be essential for crewed flights, despite cost overruns."
    doc = nlp(text)
    seen = [(c.cue, tuple(c.content)) for c in all_candidates(doc, quote_index(doc)) if c.rule.startswith("broad-trim")]
    others = {(c.cue, tuple(c.content)) for c in all_candidates(doc, quote_index(doc)) if not c.rule.startswith("broad-trim")}
    assert not set(seen) & others


def test_a_quotation_broken_over_lines_is_one_reading(nlp) -> None:
    text = 'The mayor said "We will build the bridge.\nIt will open in May."\nThen the council met.'
    readings = _readings(nlp, text, "said")
    assert "We will build the bridge. | It will open in May." in readings
