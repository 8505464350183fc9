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


@pytest.mark.parametrize(("text", "cue", "whole", "shorter"), [
    # a comma-led circumstance after what was said
    ("The agency has maintained that the rocket will be essential for crewed flights, despite cost overruns.",
     "maintained", "that the rocket will be essential for crewed flights, despite cost overruns",
     "that the rocket will be essential for crewed flights"),
    # a clause coordinated after the first
    ("The analysts said the ruling favoured lenders and named two banks as its winners.", "said",
     "the ruling favoured lenders and named two banks as its winners", "the ruling favoured lenders"),
    # the two sides of "according to", and the first alone
    ("The regulator is examining the firm, according to two people familiar with the matter, adding to its troubles.",
     "according to", "The regulator is examining the firm | adding to its troubles", "The regulator is examining the firm"),
])
def test_a_clause_is_read_whole_and_shorter(nlp, text: str, cue: str, whole: str, shorter: str) -> None:
    readings = _readings(nlp, text, cue)
    assert whole in readings
    assert shorter in readings


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


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("Support for the mayor has grown in the northern districts.", "Support", "the mayor"),
    ("The union repeated its opposition to the new pension plan on Friday.", "opposition", "the new pension plan"),
    ("Their hostility toward the council surprised nobody.", "hostility", "the council"),
])
def test_a_noun_cue_reads_the_object_of_its_stance(nlp, text: str, cue: str, content: str) -> None:
    assert any(rule.startswith("broad-noun-prep") for rule in _readings(nlp, text, cue).get(content, set()))


def test_a_noun_with_a_place_is_no_stance(nlp) -> None:
    # "in" names where, not what: no reading of the noun's place
    assert "the city" not in _readings(nlp, "The meeting in the city lasted an hour.", "meeting")


@pytest.mark.parametrize(("sentence", "cue", "content", "source"), [
    ("This column noted an admission from Maria Gonzalez that the law had failed.", "admission",
     "that the law had failed", "Maria Gonzalez"),
    ("Voters were told by the mayor that taxes would rise.", "told", "that taxes would rise", "the mayor"),
    ("The mayor was asked whether she would run again.", "asked", "whether she would run again", None),
    ("The council rejected the plan on Monday, saying that it cost too much.", "saying",
     "that it cost too much", "The council"),
])
def test_a_reading_without_a_source_takes_the_one_the_parse_names(sentence: str, cue: str, content: str,
                                                                  source: str | None) -> None:
    from quotegraph.attribution.parse import parsed_source
    from quotegraph.nlp import load_pipeline

    doc = load_pipeline()(sentence)
    at, start = sentence.index(cue), sentence.index(content)
    found = parsed_source(doc, (at, at + len(cue)), [(start, start + len(content))])
    assert (sentence[found[0]:found[1]] if found else None) == source
