"""Quotations that only their frame attributes: a colon before them or a short clause with any
verb after them (``attribution/framed.py``), and a closing mark typed as an opening one.

Every text here is invented for the tests."""

from __future__ import annotations

import pytest

from quotegraph.attribution import find_attributions, find_quotes
from quotegraph.attribution.find import all_candidates
from quotegraph.attribution.framed import framed_quote_candidates
from quotegraph.attribution.rule_candidates import rule_candidates
from quotegraph.nlp import load_pipeline, quote_index


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _framed(nlp, text: str) -> list[tuple[str, str, str | None, list[str]]]:
    """(rule, cue, source, content pieces) of each framed candidate of ``text``."""
    doc = nlp(text)
    quotes = quote_index(doc)
    out = []
    for c in framed_quote_candidates(doc, quotes, rule_candidates(doc, quotes)):
        for s, e in [*c.content, c.cue] + ([c.source] if c.source else []):
            assert 0 <= s < e <= len(text)
        out.append((c.rule, text[c.cue[0]:c.cue[1]], text[c.source[0]:c.source[1]] if c.source else None,
                    [text[s:e] for s, e in c.content]))
    return out


# --- a colon before the quotation, a short clause after it ---------------------------------------


@pytest.mark.parametrize(
    "text, rule, cue, source, content",
    [
        ("The early surge does not surprise pollster Daron Pike: “Unknown candidates often rise early.”",
         "broad-colon-verb", "surprise", "Daron Pike", "Unknown candidates often rise early."),
        ("The survey looked at forty panels.\nMore from the report: “Online panels vary widely in quality.”",
         "broad-colon-bare", ":", "the report", "Online panels vary widely in quality."),
        ("Former mayor Ellen Voss: “We learned that from the budget office and nobody else.”",
         "broad-colon-name", ":", "Ellen Voss", "We learned that from the budget office and nobody else."),
        ("The early surge does not surprise pollster Daron Pike:\n“Unknown candidates often rise early.”",
         "broad-colon-verb", "surprise", "Daron Pike", "Unknown candidates often rise early."),
        ("VALLEY VOTERS SHIFT - Marta Quill: “The valley has moved faster than anyone expected.”",
         "broad-colon-name", ":", "Marta Quill", "The valley has moved faster than anyone expected."),
        # a short clause after the quotation
        ("The panel met late.\n\n“Quiet,” Brandt shot back as Miller kept talking.",
         "broad-quote-verb", "shot", "Brandt", "Quiet,"),
        ("The crowd was loud.\n\n“Better watch out for the new mayor,” tweeted another.",
         "broad-quote-verb-inv", "tweeted", "another", "Better watch out for the new mayor,"),
        ("Gun owners worried.\n\n“Owners should leave their weapons at home,” opined the Daily Ledger.",
         "broad-quote-verb-inv", "opined", "the Daily Ledger", "Owners should leave their weapons at home,"),
        ("The board had been warned.\n\n“It is plain that the board ignored the warnings.” Fenwick said.",
         "broad-quote-verb", "said", "Fenwick", "It is plain that the board ignored the warnings."),
        # the parser takes "editorial read" for a noun phrase; the words before "read" are the source
        ("The paper aimed its column at the mayor.\n\n“If she wants to be governor, she should act like one, "
         "and come to Dover,” the editorial read.",
         "broad-quote-verb", "read", "the editorial", "If she wants to be governor, she should act like one, and come to Dover,"),
    ],
)
def test_framed_quotation_gets_a_candidate(nlp, text, rule, cue, source, content):
    assert (rule, cue, source, [content]) in _framed(nlp, text)


@pytest.mark.parametrize(
    "text, cue, source, content",
    [
        ("Asked whether the plan would pass, Mr. Dorn shot back: “That would be good.”",
         "shot", "Mr. Dorn", "That would be good."),
        ("She went on: “It is like a house with a leaking roof and nobody to call.”",
         "went", "She", "It is like a house with a leaking roof and nobody to call."),
    ],
)
def test_colon_quotation_the_parser_hung_its_clause_on_is_the_rules(nlp, text, cue, source, content):
    # the parser makes the clause before the colon a complement of the quotation's own verb; the
    # rules read the clause that ends at the colon, so the frame has nothing left to add
    doc = nlp(text)
    quotes = quote_index(doc)
    rules = rule_candidates(doc, quotes)
    assert ("colon-intro", cue, source, [content]) in [
        (c.rule, text[c.cue[0]:c.cue[1]], text[c.source[0]:c.source[1]] if c.source else None,
         [text[s:e] for s, e in c.content]) for c in rules]
    assert _framed(nlp, text) == []


@pytest.mark.parametrize(
    "text, cue, source, content",
    [
        ("When the governor criticised him in the debate, Hillary Voss shot back, “I suppose I could have "
         "stayed home, but I chose to work.”",
         "shot", "Hillary Voss", "I suppose I could have stayed home, but I chose to work."),
    ],
)
def test_quotation_right_after_a_verb_gets_a_candidate(nlp, text, cue, source, content):
    assert ("broad-verb-quote", cue, source, [content]) in _framed(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        # a phrase quoted inside a sentence: the verb after it is the sentence's own
        "He called the plan “a disaster,” and left the room early.",
        # a full stop inside the marks and a long sentence after it: a new sentence, not a frame
        "“The bridge is closed.” Crews from three counties worked through the night to clear the road.",
        # a cue the rules know claims the quotation already
        "“The bridge will open in May,” the mayor said.",
    ],
)
def test_no_framed_candidate_without_its_frame(nlp, text):
    assert _framed(nlp, text) == []


def test_the_next_sentence_does_not_frame_a_quotation(nlp):
    text = ("The council sent a letter on Monday.\n\n“Friend, let me be blunt. I can beat the mayor. Jones can't,” "
            "the email read. It said the mayor was rattled.")
    assert [f[1] for f in _framed(nlp, text)] == ["read"]


def test_framed_candidates_are_left_to_the_model(nlp):
    text = "The panel met late.\n\n“Quiet,” Brandt shot back as Miller kept talking."
    doc = nlp(text)
    quotes = quote_index(doc)
    framed = [c for c in all_candidates(doc, quotes) if c.rule.startswith("broad-quote-verb")]
    # a broad candidate that is not ``quoted``: the model, not the rules, keeps it or not
    assert framed and all(not c.quoted for c in framed)


# --- the scanner: a closing mark typed as an opening one ----------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“Do you want to be remembered for that?“ he asked.", ["Do you want to be remembered for that?"]),
        ("“We are done,“ she said. “Now the work starts.”", ["We are done,", "Now the work starts."]),
        # a nested quotation still opens with “ before a word
        ("He said “it was “fine” and good” today.", ["it was “fine” and good"]),
    ],
)
def test_an_opening_mark_typed_after_the_words_closes(text, expected):
    assert [text[s:e] for q in find_quotes(text) for s, e in q.pieces] == expected


# --- the shipped model keeps them -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, source, content",
    [
        ("Asked whether the plan would pass, Mr. Dorn shot back: “That would be good.”",
         "Mr. Dorn", "That would be good."),
        ("The board had been warned.\n\n“It is plain that the board ignored the warnings.” Fenwick said.",
         "Fenwick", "It is plain that the board ignored the warnings."),
    ],
)
def test_shipped_model_keeps_a_framed_quotation(nlp, text, source, content):
    atts = find_attributions(nlp(text))
    assert [(a.source.text if a.source else None, [c.text for c in a.content], a.kind)
            for a in atts if a.content[0].text == content] == [(source, [content], "direct")]
