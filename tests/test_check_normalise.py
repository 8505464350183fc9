"""Matching tokens survive punctuation, quote-mark, case, spelling, bracket and ellipsis variants."""

import pytest

from quotegraph.check.normalise import fold_spelling, normalise


def _offsets_hold(text: str) -> None:
    n = normalise(text)
    for tok in n.tokens:
        assert 0 <= tok.start < tok.end <= len(text)
        assert text[tok.start : tok.end].strip() == text[tok.start : tok.end]


@pytest.mark.parametrize(
    "a, b",
    [
        ("“We won’t back down,” she said.", '"we won\'t BACK down" she said'),
        ("‘Lower fares’ — now!", "lower fares now"),
        ("a long-term plan", "a long term plan"),
        ("The colour of the harbour", "the color of the harbor"),
        ("We must organise and analyse", "we must organize and analyze"),
        ("the city centre's theatres", "the city center's theaters"),
        ("She travelled; he cancelled the catalogue.", "she traveled he canceled the catalog"),
        ("our defence programme", "our defense program"),
        ("a rise of 5% in 1,000 homes", "a rise of 5 per cent in 1000 homes"),
        ("Café owners", "cafe owners"),
    ],
)
def test_check_normalise_variants_share_norms(a: str, b: str) -> None:
    assert normalise(a).norms == normalise(b).norms
    _offsets_hold(a)
    _offsets_hold(b)


@pytest.mark.parametrize(
    "a, b",
    [("four", "for"), ("filled", "filed"), ("hour", "hor"), ("promise", "premise"), ("rise", "raise")],
)
def test_check_normalise_spelling_keeps_different_words_apart(a: str, b: str) -> None:
    assert fold_spelling(a) != fold_spelling(b)


def test_check_normalise_offsets_point_into_the_text_as_given() -> None:
    text = "  “[President] Lund’s plan… is per cent-perfect,” he said. "
    n = normalise(text)
    surface = [text[t.start : t.end] for t in n.tokens]
    assert surface == ["President", "Lund’s", "plan", "is", "per cent", "perfect", "he", "said"]
    assert [t.norm for t in n.tokens][:2] == ["president", "lund's"]
    assert [t.editorial for t in n.tokens] == [True] + [False] * 7


@pytest.mark.parametrize(
    "text, elisions",
    [
        ("we will win … and rebuild", {3}),
        ("we will win ... and rebuild", {3}),
        ("we will win . . . and rebuild", {3}),
        ("we will win [...] and rebuild", {3}),
        ("...and rebuild", {0}),
        ("we will win…", {3}),
        ("we will win. And rebuild", set()),
    ],
)
def test_check_normalise_ellipses_mark_gaps(text: str, elisions: set[int]) -> None:
    n = normalise(text)
    assert set(n.elisions) == elisions
    assert "" not in n.norms


def test_check_normalise_char_span_of_empty_range_is_the_gap() -> None:
    n = normalise("one two three")
    assert n.char_span(0, 2) == (0, 7)
    assert n.char_span(1, 1) == (4, 4)
    assert n.char_span(3, 3) == (13, 13)
    assert normalise("").char_span(0, 0) == (0, 0)
