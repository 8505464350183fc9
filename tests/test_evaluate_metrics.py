"""The attribution metrics of EVALUATION.md on hand-made gold and predictions (exact numbers)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from quotegraph.corpora.polnear import GoldArticle, GoldAttribution
from quotegraph.evaluate.metrics import (
    classify_kind,
    has_quote_mark,
    match_article,
    quoted_regions,
    score,
    tally_article,
)
from quotegraph.models import Attribution, Span
from quotegraph.scoring.spans import Tokens


@dataclass
class Pred:
    """A prediction with plain offset pairs (the metric accepts spans or pairs)."""

    content: list[tuple[int, int]]
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    kind: str | None = None


@dataclass
class Gold:
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def at(text: str, fragment: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``fragment`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(fragment, start + 1)
    return start, start + len(fragment)


TEXT = "Ann said the plan works. Bob said taxes rise today. Cat thinks rain comes."


def simple_case() -> tuple[GoldArticle, list[Pred]]:
    gold = GoldArticle(
        "t1",
        TEXT,
        None,
        [
            GoldAttribution([at(TEXT, "the plan works")], [at(TEXT, "Ann")], [at(TEXT, "said")]),
            GoldAttribution([at(TEXT, "taxes rise today")], [at(TEXT, "Bob")],
                            [at(TEXT, "said", 1)]),  # fmt: skip
            GoldAttribution([at(TEXT, "rain comes")], [], [at(TEXT, "thinks")]),
        ],
    )
    preds = [
        Pred([at(TEXT, "the plan works")], at(TEXT, "Ann"), at(TEXT, "said")),  # exact, all right
        Pred([at(TEXT, "rise today")], at(TEXT, "Cat")),  # J = 2/3, wrong source, no cue
        Pred([at(TEXT, "comes")]),  # J = 1/2, no source on either side
        Pred([at(TEXT, "Cat thinks")]),  # overlaps no gold content: spurious
    ]
    return gold, preds


def test_metrics_simple_case_exact_figures() -> None:
    gold, preds = simple_case()
    f = score([(gold, preds)])
    assert (f["gold"], f["predicted"]) == (3, 4)
    assert f["content_exact"] == {"p": 25.0, "r": 33.33, "f1": 28.57, "tp": 1, "pred": 4, "gold": 3}
    assert (f["content_partial"]["p"], f["content_partial"]["r"], f["content_partial"]["f1"]) == (
        75.0, 100.0, 85.71)  # fmt: skip
    assert f["content_lenient"]["tp"] == 3
    # gold tokens: the plan works taxes rise today rain comes (8); predicted: the plan works rise
    # today comes Cat thinks (8); shared: 6
    assert (f["content_token"]["p"], f["content_token"]["r"], f["content_token"]["f1"]) == (
        75.0, 75.0, 75.0)  # fmt: skip
    assert f["source_accuracy"] == {"value": 50.0, "right": 1, "total": 2}
    assert f["cue_accuracy"] == {"value": 33.33, "right": 1, "total": 3}
    # end to end: the exact pair and the no-source pair
    assert (f["end_to_end"]["tp"], f["end_to_end"]["p"], f["end_to_end"]["r"],
            f["end_to_end"]["f1"]) == (2, 50.0, 66.67, 57.14)  # fmt: skip
    assert f["direct_quote_recall"] == {"value": None, "right": 0, "total": 0}
    assert f["by_part"]["source"]["token"]["tp"] == 1  # "Ann"


def test_metrics_micro_average_sums_counts_over_articles() -> None:
    gold, preds = simple_case()
    empty = GoldArticle("t2", "Nobody said anything.", None, [])
    f = score([(gold, preds), (empty, [Pred([(0, 6)])])])
    assert f["articles"] == 2
    assert f["content_partial"]["p"] == 60.0  # 3 of 5 predictions
    assert f["content_partial"]["r"] == 100.0


def test_metrics_match_is_greedy_one_to_one_from_highest_jaccard() -> None:
    text = "one two three four five six"
    gold = Gold(text, [GoldAttribution([at(text, "one two three four")])])
    preds = [Pred([at(text, "one two")]), Pred([at(text, "one two three four five")])]
    matches = match_article(gold, preds)
    assert [(m.gold_index, m.pred_index, round(m.jaccard, 3)) for m in matches] == [(0, 1, 0.8)]
    assert matches[0].partial and not matches[0].exact


def test_metrics_greedy_pairs_second_gold_with_next_best() -> None:
    text = "a1 a2 a3 b1 b2"
    gold = Gold(text, [GoldAttribution([at(text, "a1 a2 a3")]),
                       GoldAttribution([at(text, "a3 b1 b2")])])  # fmt: skip
    preds = [Pred([at(text, "a2 a3 b1 b2")]), Pred([at(text, "a1 a2")])]
    pairs = {(m.gold_index, m.pred_index): round(m.jaccard, 3) for m in match_article(gold, preds)}
    # p0 overlaps g1 (3/4) better than g0 (2/5); p1 then takes g0 (2/3)
    assert pairs == {(1, 0): 0.75, (0, 1): 0.667}


def test_metrics_accept_model_attributions_and_discontinuous_content() -> None:
    text = '"We win," Lee said, "and they lose."'
    gold = Gold(text, [GoldAttribution([at(text, '"We win,"'), at(text, '"and they lose."')],
                                       [at(text, "Lee")], [at(text, "said")])])  # fmt: skip
    pred = Attribution(
        id="a1",
        kind="direct",
        content=[Span.of(text, *at(text, "We win")), Span.of(text, *at(text, "and they lose"))],
        cue=Span.of(text, *at(text, "said")),
        source=Span.of(text, *at(text, "Lee")),
    )
    f = score([(gold, [pred])])
    assert f["content_exact"]["tp"] == 1  # quotation marks and commas never count
    assert f["end_to_end"]["f1"] == 100.0
    assert f["direct_quote_recall"]["value"] == 100.0
    assert f["kind_confusion"] == {"direct": {"direct": 1}}


QUOTES = 'Lee said: "We win today." Kim said the plan was "very bad" for all. Ray said nothing new.'


@pytest.mark.parametrize(
    ("preds", "recall", "right"),
    [
        # an exact match of the quote and a weak (lenient) match of the mixed one: both count
        ([Pred([at(QUOTES, "We win today")]), Pred([at(QUOTES, "the plan")])], 100.0, 2),
        ([Pred([at(QUOTES, "We win today")])], 50.0, 1),
        ([Pred([at(QUOTES, "nothing new")])], 0.0, 0),
    ],
)
def test_metrics_direct_quote_recall_counts_quoted_golds_with_any_match(
    preds: list[Pred], recall: float, right: int
) -> None:
    gold = Gold(QUOTES, [
        GoldAttribution([at(QUOTES, '"We win today."')], [at(QUOTES, "Lee")]),
        GoldAttribution([at(QUOTES, 'the plan was "very bad" for all')], [at(QUOTES, "Kim")]),
        GoldAttribution([at(QUOTES, "nothing new")], [at(QUOTES, "Ray")]),
    ])  # fmt: skip
    f = score([(gold, preds)])
    assert f["direct_quote_recall"] == {"value": recall, "right": right, "total": 2}


def test_metrics_breakdown_by_kind() -> None:
    gold = Gold(QUOTES, [
        GoldAttribution([at(QUOTES, '"We win today."')], [at(QUOTES, "Lee")]),
        GoldAttribution([at(QUOTES, 'the plan was "very bad" for all')], [at(QUOTES, "Kim")]),
        GoldAttribution([at(QUOTES, "nothing new")], [at(QUOTES, "Ray")]),
    ])  # fmt: skip
    preds = [
        Pred([at(QUOTES, "We win today")], at(QUOTES, "Lee"), kind="direct"),
        Pred([at(QUOTES, "the plan")], at(QUOTES, "Kim"), kind="indirect"),  # J = 2/6: no partial
    ]
    by_kind = score([(gold, preds)])["by_kind"]
    assert {k: (v["gold"], v["predicted"]) for k, v in by_kind.items()} == {
        "direct": (1, 1), "indirect": (1, 1), "mixed": (1, 0)}  # fmt: skip
    assert (by_kind["direct"]["partial"]["p"], by_kind["direct"]["partial"]["r"]) == (100.0, 100.0)
    assert (by_kind["indirect"]["partial"]["p"], by_kind["indirect"]["partial"]["r"]) == (0.0, 0.0)
    assert (by_kind["mixed"]["partial"]["p"], by_kind["mixed"]["partial"]["r"]) == (None, 0.0)
    assert by_kind["direct"]["source_accuracy"]["value"] == 100.0


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('he said "no"', True),
        ("it was “fine”", True),
        ("''This isn't reform,''", True),
        ("It’s ‘in Their Heads.’", True),
        ("Trump Was ‘Mocking’ Clinton Camp", True),
        ("The Trends Are 'Terrifying.'", True),
        ("Clinton’s health plan", False),
        ("the decline in newspapers’ power", False),
        ("the United States' role", False),
        ("music of the ’90s", False),
        ("plain reported speech", False),
    ],
)
def test_metrics_has_quote_mark(text: str, quoted: bool) -> None:
    assert has_quote_mark(text) is quoted


@pytest.mark.parametrize(
    ("text", "fragment", "kind"),
    [
        ('She said "we will win" today.', "we will win", "direct"),
        ('She said "we will win" today.', 'we will win" today', "mixed"),
        ('She said "we will win" today.', "She said", "indirect"),
        # a quote over two paragraphs: opening mark at each, one closing mark at the end
        ('"First part of it.\n"Second part," he said.', "First part of it", "direct"),
        ('"First part of it.\n"Second part," he said.', "Second part", "direct"),
        ('"First part of it.\n"Second part," he said.', "he said", "indirect"),
        # an unclosed mark never leaks into the next paragraph
        ('He said "never.\nNext paragraph plain.', "Next paragraph plain", "indirect"),
        ("Clinton’s aides said ‘no way’ then.", "no way", "direct"),
        ("Clinton’s aides said it was fine.", "aides said it", "indirect"),
    ],
)
def test_metrics_kind_from_quoted_regions(text: str, fragment: str, kind: str) -> None:
    tokens = Tokens(text)
    quoted = tokens.cover(quoted_regions(text))
    assert classify_kind(tokens.cover([at(text, fragment)]), quoted) == kind


@pytest.mark.parametrize(
    ("span", "covered"),
    [
        ((0, 3), ["one"]),
        ((2, 5), ["one", "two"]),
        ((3, 4), []),
        ((4, 4), []),
        ((0, 99), ["one", "two", "three"]),
    ],
)
def test_metrics_span_covers_tokens_sharing_a_character(
    span: tuple[int, int], covered: list[str]
) -> None:
    text = "one two three"
    tokens = Tokens(text)
    words = [text[s:e] for s, e in zip(tokens.starts, tokens.ends)]
    assert [words[i] for i in sorted(tokens.cover([span]))] == covered


def test_metrics_gold_without_tokens_is_counted_but_never_matched() -> None:
    text = "He said: -- nothing."
    gold = Gold(text, [GoldAttribution([at(text, "--")])])
    counts, matches = tally_article(gold, [Pred([at(text, "nothing")])])
    assert matches == []
    assert (counts.counts["gold"], counts.counts["pred"], counts.counts["lenient"]) == (1, 1, 0)
