"""Word alignment of a claim with a statement: every step, with offsets into both texts."""

import pytest

from quotegraph.check.align import Alignment, align
from quotegraph.check.normalise import normalise

STATEMENT = "We will reopen the old mill on Friday, and the new school will follow in March."


def _align(claim: str, statement: str = STATEMENT) -> Alignment:
    return align(normalise(claim), normalise(statement))


def _steps(al: Alignment) -> list[tuple[str, str, str]]:
    return [(op.op, op.claim_text, op.statement_text) for op in al.ops]


def _offsets_hold(al: Alignment, claim: str, statement: str = STATEMENT) -> None:
    for op in al.ops:
        assert claim[op.claim_start : op.claim_end] == op.claim_text
        assert statement[op.statement_start : op.statement_end] == op.statement_text
        assert op.claim_start <= op.claim_end and op.statement_start <= op.statement_end
    start, end = al.region_chars
    assert 0 <= start <= end <= len(statement)


def test_check_align_identical_words_are_one_equal_step() -> None:
    claim = "“we will reopen the old mill on Friday and the new school will follow in March”"
    al = _align(claim)
    assert _steps(al) == [("equal", claim[1:-1], STATEMENT[:-1])]
    assert al.coverage == 1.0 and al.region_share == 1.0 and not al.changes
    _offsets_hold(al, claim)


@pytest.mark.parametrize(
    "claim, steps",
    [
        (
            "We will close the old mill on Friday",
            [("equal", "We will", "We will"), ("replace", "close", "reopen"),
             ("equal", "the old mill on Friday", "the old mill on Friday")],
        ),
        (
            "We will certainly reopen the old mill on Friday",
            [("equal", "We will", "We will"), ("insert", "certainly", ""),
             ("equal", "reopen the old mill on Friday", "reopen the old mill on Friday")],
        ),
        (
            "We will reopen the mill on Friday",
            [("equal", "We will reopen the", "We will reopen the"), ("delete", "", "old"),
             ("equal", "mill on Friday", "mill on Friday")],
        ),
        (
            "We will reopen the old mill … in March",
            [("equal", "We will reopen the old mill", "We will reopen the old mill"),
             ("elided", "", "on Friday, and the new school will follow"),
             ("equal", "in March", "in March")],
        ),
    ],
)
def test_check_align_steps(claim: str, steps: list[tuple[str, str, str]]) -> None:
    al = _align(claim)
    assert _steps(al) == steps
    _offsets_hold(al, claim)


def test_check_align_words_outside_the_claim_are_context_not_deletions() -> None:
    claim = "the new school will follow"
    al = _align(claim)
    assert _steps(al) == [("equal", claim, claim)]
    assert al.region == (9, 14)
    assert al.region_share == pytest.approx(5 / 16)
    assert STATEMENT[slice(*al.region_chars)] == "the new school will follow"


def test_check_align_bracketed_words_are_editorial() -> None:
    statement = "He said it will follow in March."
    claim = "[The school] will follow in March"
    al = _align(claim, statement)
    assert _steps(al)[0] == ("editorial", "The school", "it")
    assert not al.changes and al.coverage == 1.0
    _offsets_hold(al, claim, statement)


def test_check_align_without_common_words_is_one_insert() -> None:
    claim = "Nobody mentioned tariffs."
    al = _align(claim)
    assert _steps(al) == [("insert", "Nobody mentioned tariffs", "")]
    assert al.matched == 0 and al.region == (0, 0) and al.coverage == 0.0


def test_check_align_folds_a_stray_shared_word_into_the_change() -> None:
    claim = "We will reopen the old mill on Friday, but a tram depot will open later"
    al = _align(claim)
    changes = [(op.op, op.claim_text) for op in al.changes]
    # "will" is shared by chance; one replacement reads better than three changes around it.
    assert changes == [("replace", "but a tram depot will open later")]
    _offsets_hold(al, claim)
