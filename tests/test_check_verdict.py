"""Each verdict, with its reason and evidence, on invented statements (words only)."""

import datetime as dt
import json

import pytest

from quotegraph.check import Checker, CheckResult, Statement
from quotegraph.check.normalise import normalise
from quotegraph.check.verdict import (
    FITTED_PARAPHRASE_MODEL,
    PARAPHRASE_FEATURES,
    PARAPHRASE_MODEL,
    ParaphraseModel,
    Similar,
    best_paraphrase,
    judge,
    paraphrase_candidate,
    paraphrase_features,
    same_speaker,
    sentence_span,
)

BRIDGE = (
    "We will open the new bridge across the river in May, and the old ferry will stop "
    "running by the end of the summer."
)
NURSES = "Our hospitals need more nurses, not more managers, and they need them before winter."
BUDGET = "The school budget will rise by five per cent next year."
HOMES = (
    "I have never supported a tax on second homes. I never will, whatever the council "
    "decides about the harbour district and its empty flats."
)
STATEMENTS = [
    Statement("bridge", BRIDGE, "Ann Lee", dt.date(2024, 3, 1)),
    Statement("nurses", NURSES, "Tom Reyes", dt.date(2024, 4, 2)),
    Statement("budget", BUDGET, "Ann Lee", dt.date(2024, 5, 3)),
    Statement("homes", HOMES, "Mayor Mara Quint", dt.date(2024, 6, 10)),
    Statement("filler1", "The tram depot will close for repairs in the spring.", "Tom Reyes"),
    Statement("filler2", "Nobody expected the harbour festival to sell out so fast.", "Ann Lee"),
]


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(STATEMENTS)


def _offsets_hold(result: CheckResult) -> None:
    texts = {s.id: s.text for s in STATEMENTS}
    for match in result.matches:
        assert match.text == texts[match.statement_id]
        for op in match.diff:
            assert result.claim[op.claim_start : op.claim_end] == op.claim_text
            assert match.text[op.statement_start : op.statement_end] == op.statement_text
        assert 0 <= match.region[0] <= match.region[1] <= len(match.text)
        assert match.sentence[0] <= match.region[0] and match.region[1] <= match.sentence[1]
    json.dumps(result.to_dict())


@pytest.mark.parametrize(
    "claim",
    [
        BRIDGE,
        (
            "“we will OPEN the new bridge across the river in may – and the old ferry will stop "
            "running by the end of the summer”"
        ),
        (
            "'We will open the new bridge across the river in May and the old ferry will stop "
            "running by the end of the summer'"
        ),
        "We will open the new bridge across the river in May … by the end of the summer.",
    ],
)
def test_check_verdict_verbatim_despite_variants(checker: Checker, claim: str) -> None:
    result = checker.check(claim, speaker="Ann Lee")
    assert result.verdict == "verbatim", result.reason
    assert result.matches[0].statement_id == "bridge"
    assert result.matches[0].role == "evidence"
    assert "Ann Lee" in result.reason
    _offsets_hold(result)


def test_check_verdict_verbatim_with_editorial_brackets(checker: Checker) -> None:
    claim = "[The wards] need more nurses, not more managers, and they need them before winter"
    result = checker.check(claim)
    assert result.verdict == "verbatim", result.reason
    assert "editor" in result.reason
    _offsets_hold(result)


def test_check_verdict_altered_names_the_changed_words(checker: Checker) -> None:
    claim = (
        "We will open the new bridge across the river in June, and the old ferry will stop "
        "running by the end of the autumn."
    )
    result = checker.check(claim, speaker="Ann Lee")
    assert result.verdict == "altered"
    assert "“June” for “May”" in result.reason and "“autumn” for “summer”" in result.reason
    replaced = [op for op in result.matches[0].diff if op.op == "replace"]
    assert [(op.claim_text, op.statement_text) for op in replaced] == [
        ("June", "May"), ("autumn", "summer"),
    ]
    _offsets_hold(result)


def test_check_verdict_altered_by_an_unmarked_cut(checker: Checker) -> None:
    claim = "Our hospitals need more managers, and they need them before winter."
    result = checker.check(claim)
    assert result.verdict == "altered"
    # Either "more" may be the one kept: both are minimal diffs.
    cut = [op.statement_text for op in result.matches[0].diff if op.op == "delete"]
    assert cut in (["nurses, not more"], ["more nurses, not"])
    assert f"left out “{cut[0]}” without an ellipsis" in result.reason
    _offsets_hold(result)


def test_check_verdict_spliced_claim_is_altered_showing_both(checker: Checker) -> None:
    claim = "We will open the new bridge across the river in May; the school budget will rise"
    result = checker.check(claim, speaker="Ann Lee")
    assert result.verdict == "altered"
    parts = [m for m in result.matches if m.role == "part"]
    assert [m.statement_id for m in parts] == ["bridge", "budget"]
    assert "joins words from two statements" in result.reason
    assert BRIDGE[slice(*parts[0].region)] == "We will open the new bridge across the river in May"
    _offsets_hold(result)


def test_check_verdict_splice_marked_with_an_ellipsis_is_still_altered(checker: Checker) -> None:
    claim = "We will open the new bridge across the river … the school budget will rise by five"
    result = checker.check(claim)
    assert result.verdict == "altered"
    assert [m.statement_id for m in result.matches if m.role == "part"] == ["bridge", "budget"]
    _offsets_hold(result)


def test_check_verdict_cut_short_shows_the_sentence(checker: Checker) -> None:
    result = checker.check("I never will", speaker="Quint")
    assert result.verdict == "cut_short", result.reason
    match = result.matches[0]
    assert match.statement_id == "homes"
    assert HOMES[slice(*match.region)] == "I never will"
    assert HOMES[slice(*match.sentence)].startswith("I never will, whatever the council")
    assert "3 of the 24 words" in result.reason


def test_check_verdict_long_excerpt_is_verbatim_not_cut_short(checker: Checker) -> None:
    # 12 of 14 words: more than 60 % of the statement is quoted, in order.
    result = checker.check("Our hospitals need more nurses, not more managers, and they need them")
    assert result.verdict == "verbatim", result.reason
    assert "12 of its 14 words" in result.reason


def test_check_verdict_someone_else_said_it(checker: Checker) -> None:
    result = checker.check(NURSES, speaker="Ann Lee")
    assert result.verdict == "someone_else"
    assert result.matches[0].speaker == "Tom Reyes"
    assert "Tom Reyes" in result.reason and "not Ann Lee" in result.reason
    # The same claim, rightly attributed, is verbatim.
    assert checker.check(NURSES, speaker="Reyes").verdict == "verbatim"


def test_check_verdict_not_found_says_how_much_was_searched(checker: Checker) -> None:
    result = checker.check("The moon landing was filmed in a car park.", speaker="Ann Lee")
    assert result.verdict == "not_found"
    assert "6 statements" in result.reason and "by Ann Lee" in result.reason
    assert "paraphrases were not sought" in result.reason
    assert result.searched == 6 and not result.meaning_searched


def test_check_verdict_date_limits_narrow_the_search(checker: Checker) -> None:
    assert checker.check(BUDGET, since=dt.date(2024, 5, 1)).verdict == "verbatim"
    late = checker.check(BUDGET, since=dt.date(2024, 6, 1))
    assert late.verdict == "not_found"
    # Only "homes" is dated after June 1st; undated statements cannot be shown to be.
    assert late.searched == 1
    assert "from 2024-06-01" in late.reason
    early = checker.check(BUDGET, until=dt.date(2024, 4, 30))
    assert early.verdict == "not_found" and early.searched == 2


def test_check_verdict_earliest_statement_first() -> None:
    words = "The rail link to the coast will be finished before the next election."
    checker = Checker([
        Statement("late", words, "Ann Lee", dt.date(2024, 9, 1)),
        Statement("early", words, "Ann Lee", dt.date(2024, 1, 15)),
    ])
    result = checker.check(words)
    assert result.verdict == "verbatim"
    assert [m.statement_id for m in result.matches] == ["early", "late"]
    assert [m.role for m in result.matches] == ["evidence", "closest"]


def test_check_verdict_empty_claim(checker: Checker) -> None:
    result = checker.check(" … “” ")
    assert result.verdict == "not_found" and "no words" in result.reason


def test_check_verdict_paraphrase_only_from_meaning() -> None:
    statement = Statement("s", "Fuel duty will not go up while I hold this office.", "Ann Lee")
    claim = normalise("I promise never to raise the tax on petrol.")
    similar = [Similar(statement, 0.82)]
    verdict = judge(claim, [], similar, "Ann Lee")
    assert verdict is not None and verdict.verdict == "paraphrase"
    assert "0.82" in verdict.reason and verdict.evidence[0].method == "meaning"
    # Below the threshold, or by another speaker, it is no evidence.
    assert judge(claim, [], [Similar(statement, 0.4)], "Ann Lee") is None
    assert judge(claim, [], similar, "Tom Reyes") is None
    # A stricter model turns the same similarity down.
    assert judge(claim, [], similar, "Ann Lee", model=ParaphraseModel.rule(0.9, 0.0)) is None


def test_paraphrase_features_names_scramble_and_length() -> None:
    statement = normalise("Fuel duty will not go up while Ann Lee holds this office.")
    plain = paraphrase_features(normalise("I promise never to raise the tax on petrol."), statement, 0.8)
    assert len(plain) == len(PARAPHRASE_FEATURES)
    cosine, scrambled, ratio, kept, matched = plain
    assert cosine == 0.8 and scrambled == 0.0 and kept == 1.0  # no name in the claim
    assert matched == 0.8  # without a token match the cosine stands in
    assert paraphrase_features(normalise("I promise never to raise the tax on petrol."), statement, 0.8, 0.35)[-1] == 0.35
    # "I'm" and a title name nobody: only "Reyes" is missing from the statement.
    _, _, _, kept, _ = paraphrase_features(normalise("Well, I'm told Governor Lee and Reyes agree."), statement, 0.8)
    assert kept == pytest.approx(1 / 2)
    assert -0.5 < ratio < 0.0  # a little shorter than the statement
    # A name the statement has, and one it lacks; a capital opening a sentence is no name.
    _, _, _, kept, _ = paraphrase_features(normalise("Petrol stays cheap, Lee and Tom Reyes promised."), statement, 0.8)
    assert kept == pytest.approx(1 / 3)
    _, _, _, kept, _ = paraphrase_features(normalise("Petrol stays cheap. Lee promised."), statement, 0.8)
    assert kept == 1.0
    # The statement's words shuffled into other words, never three in a row.
    _, scrambled, _, _, _ = paraphrase_features(normalise("Fuel will go while Ann holds office."), statement, 0.8)
    assert scrambled > 0.5
    # A one-word statement against a long claim.
    _, _, ratio, _, _ = paraphrase_features(normalise("The budget for the tram line will be cut by half next year."),
                                         normalise("Budget"), 0.7)
    assert ratio > 1.5


def test_paraphrase_model_decides_on_its_weighted_features() -> None:
    model = ParaphraseModel((10.0, -5.0, -1.0, 2.0, 4.0), -7.0)
    assert model.accepts((0.6, 0.0, 0.0, 1.0, 0.0)) and not model.accepts((0.6, 0.0, 0.0, 0.0, 0.0))
    assert model.accepts((0.6, 0.0, 0.0, 0.0, 0.3))  # a good token match makes up for a missing name
    assert model.score((0.5, 0.0, 0.0, 1.0, 0.0)) == pytest.approx(0.0) and model.accepts((0.5, 0.0, 0.0, 1.0, 0.0))
    assert model.to_dict() == {"cosine": 10.0, "scrambled": -5.0, "length_ratio": -1.0, "names_kept": 2.0,
                               "token_match": 4.0, "bias": -7.0}
    rule = ParaphraseModel.rule(0.56, 0.4)
    assert rule.accepts((0.61, 0.1, 3.0, 0.0, 0.5)) and not rule.accepts((0.61, 0.2, 0.0, 1.0, 0.0))
    with pytest.raises(ValueError, match="weights"):
        ParaphraseModel((1.0,), 0.0)
    # The shipped decision is the fitted model: it wants the token match (the similarity of the
    # claim's parts, which carries the cosine's signal too), and turns down scrambled words and
    # missing names.
    assert PARAPHRASE_MODEL == FITTED_PARAPHRASE_MODEL
    weights = dict(zip(PARAPHRASE_FEATURES, FITTED_PARAPHRASE_MODEL.weights, strict=True))
    assert weights["token_match"] > abs(weights["cosine"])
    assert weights["scrambled"] < 0 and weights["names_kept"] > 0
    # More similar in both ways is more of a paraphrase.
    assert FITTED_PARAPHRASE_MODEL.score((0.9, 0.0, 0.0, 1.0, 0.9)) > FITTED_PARAPHRASE_MODEL.score((0.6, 0.0, 0.0, 1.0, 0.6))


def test_best_paraphrase_is_the_most_similar_statement_if_the_model_accepts_it() -> None:
    fuel = Statement("fuel", "Fuel duty will not go up while I hold this office.", "Ann Lee")
    fares = Statement("fares", "Bus fares stay frozen until the summer.", "Ann Lee")
    claim = normalise("I promise never to raise the tax on petrol.")
    found = [Similar(fares, 0.55), Similar(fuel, 0.85)]
    best = best_paraphrase(claim, found)
    assert best is not None and best.statement.id == "fuel"
    assert best_paraphrase(claim, found, model=ParaphraseModel.rule(0.9, 0.0)) is None
    assert best_paraphrase(claim, []) is None
    # A claim naming someone the statement never mentions needs more similarity.
    named = normalise("I promise Tom Reyes never to raise the tax on petrol.")
    fitted = FITTED_PARAPHRASE_MODEL
    assert fitted.score(paraphrase_features(named, normalise(fuel.text), 0.6)) < fitted.score(
        paraphrase_features(claim, normalise(fuel.text), 0.6))


def test_paraphrase_candidate_weighs_the_token_match_of_the_most_similar_statement() -> None:
    fuel = Statement("fuel", "Fuel duty will not go up while I hold this office.", "Ann Lee")
    fares = Statement("fares", "Bus fares stay frozen until the summer.", "Ann Lee")
    claim = normalise("I promise never to raise the tax on petrol.")
    asked: list[tuple[str, str]] = []

    def match(a: str, b: str) -> float:
        asked.append((a, b))
        return 0.2 if "petrol" in a else 0.9

    best, features = paraphrase_candidate(claim, [Similar(fares, 0.5), Similar(fuel, 0.7)], token_match=match)
    assert best.statement.id == "fuel" and features[-1] == 0.2
    assert asked == [(claim.text, fuel.text)]  # only the statement the decision is about
    assert paraphrase_candidate(claim, [], token_match=match) is None
    # A model weighing the token match turns the claim down: its parts are not in the statement.
    model = ParaphraseModel((1.0, 0.0, 0.0, 0.0, 2.0), -1.5)
    assert judge(claim, [], [Similar(fuel, 0.7)], "Ann Lee", model=model, token_match=match) is None
    verdict = judge(normalise("I will never raise the duty on fuel."), [], [Similar(fuel, 0.7)], "Ann Lee",
                    model=model, token_match=match)
    assert verdict is not None and verdict.verdict == "paraphrase"
    # A model that gives it no weight is spared computing it.
    asked.clear()
    assert best_paraphrase(claim, [Similar(fuel, 0.7)], model=ParaphraseModel.rule(0.6, 0.0), token_match=match)
    assert asked == []


def test_checker_passes_its_embedders_token_match_to_the_decision() -> None:
    import numpy as np

    class Fixed:
        """An embedder giving every text the same direction, and a token match by a word."""

        dimensions = 2

        def encode(self, texts: list[str]) -> np.ndarray:
            return np.tile(np.asarray([0.6, 0.8], dtype=np.float32), (len(texts), 1))

        def token_match(self, claim: str, statement: str) -> float:
            return 0.9 if "ferry" in claim.lower() else 0.1

    statements = [Statement("s", "Ferry fares will be halved for pensioners next spring.", "Ann Lee")]
    model = ParaphraseModel((0.0, 0.0, 0.0, 0.0, 1.0), -0.5)
    checker = Checker(statements, embedder=Fixed(), model=model)
    assert checker.token_match is not None
    assert checker.check("Pensioners pay half on the ferry from spring.", speaker="Ann Lee").verdict == "paraphrase"
    # Cosine 1.0 either way: the token match alone tells them apart.
    assert checker.check("Pensioners will get free bus passes in spring.", speaker="Ann Lee").verdict == "not_found"
    # Without an embedder there is nothing to match.
    assert Checker(statements).token_match is None


@pytest.mark.parametrize(
    "claimed, attested, same",
    [
        ("Quint", "Mayor Mara Quint", True),
        ("Mara Quint", "Quint", True),
        ("President Lee", "Ann Lee", True),
        ("Ann Lee", "Tom Reyes", False),
        ("Ann Lee", None, False),
        ("Mr", "Mr Lee", False),
    ],
)
def test_check_verdict_speaker_names(claimed: str, attested: str | None, same: bool) -> None:
    assert same_speaker(claimed, attested) is same


def test_check_verdict_sentence_span() -> None:
    text = "First one. Second one! “Third,” he said. Fourth"
    assert text[slice(*sentence_span(text, 11, 17))] == "Second one!"
    assert text[slice(*sentence_span(text, 0, 3))] == "First one."
    assert text[slice(*sentence_span(text, 5, 15))] == "First one. Second one!"
    assert text[slice(*sentence_span(text, 42, 46))] == "Fourth"


def test_check_verdict_claimed_speaker_wins_over_an_earlier_other_speaker() -> None:
    words = "Every library in the district will open on Sundays from next month."
    checker = Checker([
        Statement("first", words, "Tom Reyes", dt.date(2023, 1, 1)),
        Statement("later", words, "Ann Lee", dt.date(2024, 1, 1)),
    ])
    mine = checker.check(words, speaker="Ann Lee")
    assert (mine.verdict, mine.matches[0].statement_id) == ("verbatim", "later")
    anyone = checker.check(words)
    assert (anyone.verdict, anyone.matches[0].statement_id) == ("verbatim", "first")
    nobody = checker.check(words, speaker="Mara Quint")
    assert nobody.verdict == "someone_else"
    # The earliest statement is the evidence: where the words first appeared.
    assert nobody.matches[0].statement_id == "first"
    assert "said by Tom Reyes, not Mara Quint" in nobody.reason


def _aligned(claim: str, statement: Statement):
    from quotegraph.check.align import align
    from quotegraph.check.verdict import Aligned

    return Aligned(statement, align(normalise(claim), normalise(statement.text)))


def test_a_claim_that_rewords_a_statement_is_a_paraphrase_when_the_meaning_holds() -> None:
    from quotegraph.check.verdict import edited_share

    said = Statement("ferry", "I will make sure the old ferry keeps running until the new bridge opens in May.",
                     "Ann Lee", dt.date(2024, 3, 1))
    # A news brief's rendering: person and tense shifted, words exchanged; more than half of
    # the claim's words still come from the statement, in order.
    claim = "she promised the old ferry would go on running until the new bridge opened in May"
    item = _aligned(claim, said)
    assert edited_share(item.alignment) > 0.35 and item.alignment.coverage >= 0.6
    accepts = ParaphraseModel.rule(0.5, 0.0)
    verdict = judge(normalise(claim), [item], [Similar(said, 0.9)], "Ann Lee", model=accepts, reworded=0.3)
    assert verdict is not None and verdict.verdict == "paraphrase"
    assert "rewords what Ann Lee on 2024-03-01 said" in verdict.reason
    # The evidence keeps the word diff, so the page shows what changed.
    assert verdict.evidence[0].statement_id == "ferry" and verdict.evidence[0].diff
    # Without a speaker too.
    assert judge(normalise(claim), [item], [Similar(said, 0.9)], model=accepts, reworded=0.3).verdict == "paraphrase"
    # When the meaning model turns it down, the changed words make it a misquote.
    rejects = ParaphraseModel.rule(0.95, 0.0)
    verdict = judge(normalise(claim), [item], [Similar(said, 0.9)], "Ann Lee", model=rejects, reworded=0.3)
    assert verdict is not None and verdict.verdict == "altered"
    # And a threshold above the share keeps it "altered" whatever the meaning model says.
    verdict = judge(normalise(claim), [item], [Similar(said, 0.9)], "Ann Lee", model=accepts, reworded=0.9)
    assert verdict is not None and verdict.verdict == "altered"


def test_one_to_three_changed_words_stay_a_misquote_however_close_the_meaning() -> None:
    from quotegraph.check.verdict import REWORDED, edited_share

    said = Statement("bridge", BRIDGE, "Ann Lee")
    claim = BRIDGE.replace("open", "close").replace("May", "June")
    item = _aligned(claim, said)
    assert 0 < edited_share(item.alignment) <= REWORDED
    verdict = judge(normalise(claim), [item], [Similar(said, 0.99)], "Ann Lee", model=ParaphraseModel.rule(0.5, 0.0))
    assert verdict is not None and verdict.verdict == "altered" and "“close” for “open”" in verdict.reason


def test_a_rewording_closest_in_words_to_one_statement_and_in_meaning_to_another_says_both() -> None:
    said = Statement("ferry", "I will make sure the old ferry keeps running until the new bridge opens in May.",
                     "Ann Lee", dt.date(2024, 3, 1))
    also = Statement("boats", "The ferries will go on sailing until the bridge is finished.", "Ann Lee",
                     dt.date(2024, 4, 2))
    claim = "she promised the old ferry would go on running until the new bridge opened in May"
    verdict = judge(normalise(claim), [_aligned(claim, said)], [Similar(also, 0.95), Similar(said, 0.9)], "Ann Lee",
                    model=ParaphraseModel.rule(0.5, 0.0), reworded=0.3)
    assert verdict is not None and verdict.verdict == "paraphrase"
    assert verdict.evidence[0].statement_id == "boats" and not verdict.evidence[0].diff
    assert "the closest, by Ann Lee on 2024-03-01, differs in about" in verdict.reason
    assert "Ann Lee on 2024-04-02 said the same in other words" in verdict.reason
