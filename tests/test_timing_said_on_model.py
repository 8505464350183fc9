"""The learned said_on model: its anchors, fitting, the shipped weights on invented articles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from quotegraph.errors import ModelError
from quotegraph.models import Article, SaidOn
from quotegraph.timing.anchors import Anchor, recording_anchors
from quotegraph.timing.said_on_model import SaidOnModel, load_said_on_model
from quotegraph.training.said_on import Example, choose_margins, cross_validate_said_on, fit_said_on, pooled_figures


def _day(value: str) -> SaidOn:
    return SaidOn(value, "day", value, value)


def _example(article: str, gold: str | None, told_here: bool) -> Example:
    # Two candidates besides "none": a day told in the cue's sentence and a day told far before.
    near = Anchor(_day("2024-03-04"), {"same_sentence": 1.0} if told_here else {"before:16+": 1.0})
    far = Anchor(_day("2024-02-01"), {"before:16+": 1.0})
    return Example(article, [Anchor(None, {"bias": 1.0}), near, far], gold)


def test_fit_learns_which_anchor_dates_a_statement() -> None:
    examples = [_example(f"a{i}", "2024-03-04" if i % 2 else None, told_here=bool(i % 2)) for i in range(40)]
    model = fit_said_on(examples, c=10.0)
    assert model.choose(_example("x", None, told_here=True).anchors).value == "2024-03-04"
    assert model.choose(_example("x", None, told_here=False).anchors).said_on is None
    folds = [[f"a{i}" for i in range(k, 40, 4)] for k in range(4)]
    cv = cross_validate_said_on(examples, folds, fit=lambda train: fit_said_on(train, c=10.0, none_margin=0.0))
    assert cv["pooled"]["said_on_accuracy"] == 100.0
    assert cv["pooled"]["false_time_rate"] == 0.0


def test_a_coarser_gold_accepts_a_finer_anchor_inside_it() -> None:
    anchors = [Anchor(None, {}), Anchor(_day("2024-03-04"), {}), Anchor(_day("2024-04-01"), {})]
    assert Example("a", anchors, "2024-03").right() == [False, True, False]
    assert Example("a", anchors, None).right() == [True, False, False]


def test_model_round_trips_through_json(tmp_path) -> None:
    model = SaidOnModel({"bias": 0.5, "same_sentence": 2.0}, {"examples": 3}, none_margin=1.0)
    path = model.save(tmp_path)
    assert path.name == "said_on_model.json"
    assert load_said_on_model(path) == model
    assert load_said_on_model("rules") is None
    # the margin goes to "no date" and to the rules' date: a date the rules did not give must beat it
    anchors = [Anchor(None, {"bias": 1.0}), Anchor(_day("2024-03-04"), {"same_sentence": 1.0})]
    assert model.choose(anchors).said_on is not None
    assert SaidOnModel(model.weights, none_margin=2.0).choose(anchors).said_on is None
    anchors[1].features["rule"] = 1.0
    assert SaidOnModel(model.weights, none_margin=2.0).choose(anchors).said_on is not None
    (tmp_path / "bad.json").write_text(json.dumps({"weights": {}}), encoding="utf-8")
    with pytest.raises(ModelError):
        load_said_on_model(tmp_path / "bad.json")
    with pytest.raises(ModelError):
        load_said_on_model(tmp_path / "missing.json")


def test_shipped_model_loads_and_weighs_the_rules() -> None:
    model = load_said_on_model(None)
    assert model is not None
    assert model.weights.get("rule", 0) > 0 or model.weights.get("rule:own", 0) > 0


# Invented articles; 2024-03-08 is a Friday.
FRI = dt.date(2024, 3, 8)


@pytest.fixture(scope="module")
def extractor():
    from quotegraph.pipeline import Extractor

    return Extractor()


def _dates(extractor, text: str, published: dt.date = FRI) -> dict[str, str | None]:
    with recording_anchors() as records:
        result = extractor.extract(Article(id="t", text=text, published=published))
    assert records and set(records[0].anchors) == {a.id for a in result.attributions}
    return {a.content[0].text: (a.said_on.value if a.said_on else None) for a in result.attributions}


def _date_of(dates: dict[str, str | None], fragment: str) -> str | None:
    hits = [v for k, v in dates.items() if fragment in k]
    assert hits, f"no statement holds {fragment!r}: {list(dates)}"
    return hits[0]


def test_statement_made_on_the_publication_day(extractor) -> None:
    text = (
        "Harbour council approves ferry plan\n\n"
        "Mayor Ann Lee on Friday announced that the harbour ferry would run again by summer.\n\n"
        "“We have waited long enough for this boat,” Lee told reporters at the pier.\n"
    )
    dates = _dates(extractor, text)
    assert _date_of(dates, "the harbour ferry would run again") == "2024-03-08"
    assert _date_of(dates, "We have waited long enough") == "2024-03-08"


def test_statement_dated_by_an_event_the_article_dates_earlier(extractor) -> None:
    text = (
        "Senator Bo Chan held a town hall meeting in Elmwood on Monday.\n\n"
        "“The river is sick and everyone here knows it,” Chan said.\n\n"
        "Chan said the old dam must be repaired before the rains.\n"
    )
    dates = _dates(extractor, text)
    assert _date_of(dates, "The river is sick") == "2024-03-04"
    assert _date_of(dates, "the old dam must be repaired") == "2024-03-04"


def test_a_date_inside_a_quotation_does_not_date_the_statement(extractor) -> None:
    text = (
        "Council member Jo Park has long opposed the tram line.\n\n"
        "“The vote on Tuesday was rigged from the start,” said Park, who has criticised the project for years.\n"
    )
    dates = _dates(extractor, text)
    assert _date_of(dates, "The vote on Tuesday was rigged") is None


def test_rule_margin_is_apart_from_the_none_margin(tmp_path) -> None:
    # no date 1.0 + margin, the rules' date 1.2 + its own margin, another date 1.5
    anchors = [Anchor(None, {"bias": 1.0}), Anchor(_day("2024-03-04"), {"rule": 1.0, "x": 1.2}),
               Anchor(_day("2024-03-05"), {"y": 1.5})]
    weights = {"bias": 1.0, "x": 1.0, "y": 1.0}
    # one margin for both (files without rule_margin): the rules' date wins
    assert SaidOnModel(weights, none_margin=1.0).choose(anchors).value == "2024-03-04"
    # no margin for the rules' date: no date beats it, and the other date does not beat no date
    both = SaidOnModel(weights, {"c": 1.0}, none_margin=1.0, rule_margin=0.0)
    assert both.choose(anchors).said_on is None
    assert SaidOnModel(weights, none_margin=0.0, rule_margin=0.0).choose(anchors).value == "2024-03-05"
    path = both.save(tmp_path / "m.json")
    assert load_said_on_model(path) == both
    assert json.loads(path.read_text(encoding="utf-8"))["rule_margin"] == 0.0
    old = {k: v for k, v in both.to_json().items() if k != "rule_margin"}
    assert SaidOnModel.from_json(old).rule_margin is None


def _anchors_of(extractor, text: str) -> dict[str, list[Anchor]]:
    with recording_anchors() as records:
        result = extractor.extract(Article(id="t", text=text, published=FRI))
    by_id = records[0].anchors
    return {a.content[0].text: by_id[a.id] for a in result.attributions}


def _anchor(anchors: dict[str, list[Anchor]], fragment: str, value: str | None) -> Anchor:
    found = [a for k, cands in anchors.items() if fragment in k for a in cands
             if (a.said_on.value if a.said_on else None) == value]
    assert found, f"no anchor {value} for {fragment!r}: {list(anchors)}"
    return found[0]


def test_anchor_features_tie_a_speaker_to_a_dated_occasion(extractor) -> None:
    text = (
        "Harbour dispute flares\n\n"
        "Mayor Ann Lee spoke at a town hall meeting in Elmwood on Monday.\n\n"
        "The ferry fares had risen for years. Residents asked about the pier.\n\n"
        "Lee said the ferry would run again by summer.\n\n"
        "Union leader Bo Chan said the plan ignored the dock workers.\n"
    )
    anchors = _anchors_of(extractor, text)
    lee = _anchor(anchors, "the ferry would run again", "2024-03-04")
    chan = _anchor(anchors, "the plan ignored the dock workers", "2024-03-04")
    # Lee is named in the sentence that dates the town hall; Chan is not
    assert lee.features.get("speaker_named_there") == 1.0
    assert "speaker_named_there" not in chan.features
    # the sentence names an occasion of speaking ("town hall meeting")
    assert lee.features.get("occasion") == 1.0 and chan.features.get("occasion") == 1.0
    # the "no date" candidate tells the cue's form and kind: a past-tense speech verb
    none = _anchor(anchors, "the ferry would run again", None)
    assert none.features.get("form:VBD") == 1.0 and none.features.get("form:VBD&speech") == 1.0


def test_anchor_features_tell_a_perfect_cue(extractor) -> None:
    text = (
        "Council member Jo Park spoke to reporters on Monday.\n\n"
        "Park has argued that the tram line is too costly.\n"
    )
    anchors = _anchors_of(extractor, text)
    perfect = _anchor(anchors, "the tram line is too costly", None)
    assert perfect.features.get("form:perfect") == 1.0 and perfect.features.get("form:perfect&speech") == 1.0


def test_redated_trainer_takes_speakers_from_one_trainer_and_dates_from_the_other() -> None:
    from quotegraph.evaluate.polnear import redated_trainer
    from quotegraph.models import Attribution, EntityRef, Span

    text = "Ann Lee said the pier is open."
    base = Attribution(id="0", kind="indirect", content=[Span.of(text, 13, 29)], source=Span.of(text, 0, 7))
    seen: list[tuple[str, tuple[str, ...]]] = []

    def speakers(train_ids):
        seen.append(("speakers", tuple(train_ids)))
        return lambda held: {a: [dataclasses.replace(base, speaker=EntityRef("ann lee", "Ann Lee", "person"))]
                             for a in held}

    def times(train_ids):
        seen.append(("times", tuple(train_ids)))
        return lambda held: {a: [dataclasses.replace(base, said_on=_day("2024-03-04"))] for a in held}

    out = redated_trainer(speakers, times)(["a", "b"])(["c"])
    assert seen == [("speakers", ("a", "b")), ("times", ("a", "b"))]
    (only,) = out["c"]
    assert only.speaker is not None and only.speaker.name == "Ann Lee"
    assert only.said_on is not None and only.said_on.value == "2024-03-04"


def test_anchors_are_found_for_part_of_an_articles_statements() -> None:
    from quotegraph.models import Attribution, Span
    from quotegraph.timing.anchors import AnchorRecord, signature
    from quotegraph.training.said_on import anchors_by_signature, anchors_for

    text = "Ann Lee said the pier is open, and Bo Chan said it is not."
    outer = Attribution(id="0", kind="indirect", content=[Span.of(text, 13, 29)])
    inner = Attribution(id="1", kind="indirect", content=[Span.of(text, 48, 58)])
    other = Attribution(id="0", kind="indirect", content=[Span.of(text, 0, 7)])
    found = {"0": [Anchor(None, {"bias": 1.0})], "1": [Anchor(None, {"bias": 1.0})]}
    records = anchors_by_signature([AnchorRecord(signature([outer, inner]), found),
                                    AnchorRecord(signature([other]), {"0": []})])
    # the evaluation keeps only the top-level statement: its record is still found
    assert anchors_for(records, [outer]) is found
    assert anchors_for(records, [outer, inner]) is found
    assert anchors_for(records, [Attribution(id="9", kind="indirect", content=[Span.of(text, 1, 2)])]) == {}


def _ambiguous(article: str, gold: str | None) -> Example:
    # a date told far before: the same features whether the gold dates the statement or not
    return Example(article, [Anchor(None, {"bias": 1.0}), Anchor(_day("2024-03-04"), {"before:4-7": 1.0})], gold)


def test_undated_weight_makes_a_false_date_cost_more() -> None:
    # three in five such statements are dated by the gold: even odds favour the date, but an
    # undated statement weighing twice as much (2 x 2 against 3) tips the choice to no date
    examples = [_ambiguous(f"a{i}", "2024-03-04" if i % 5 < 3 else None) for i in range(50)]
    plain = fit_said_on(examples, c=10.0, none_margin=0.0, rule_margin=0.0, undated_weight=1.0)
    costly = fit_said_on(examples, c=10.0, none_margin=0.0, rule_margin=0.0, undated_weight=2.0)
    assert plain.choose(_ambiguous("x", None).anchors).said_on is not None
    assert costly.choose(_ambiguous("x", None).anchors).said_on is None
    assert costly.meta["undated_weight"] == 2.0


def test_margins_are_chosen_under_the_false_time_ceiling() -> None:
    # statements told in the cue's sentence are dated by the gold; those told far before two
    # times in five (to a day the model cannot single out). A model that dates both gives every
    # undated statement a false time; the ceiling keeps the same-sentence dates alone.
    examples = [_example(f"a{i}", "2024-03-04", told_here=True) for i in range(20)]
    examples += [_example(f"b{i}", "2024-02-01" if i % 5 < 2 else None, told_here=False) for i in range(20)]
    dates_all = SaidOnModel({"bias": 0.0, "same_sentence": 3.0, "before:16+": 1.0})
    held = [(0, dates_all, e) for e in examples]
    assert pooled_figures(held)["pooled"]["false_time_rate"] == 100.0
    none_margin, rule_margin, pooled = choose_margins(held, max_false=3.0)
    assert pooled["false_time_rate"] == 0.0 and (pooled["right"], pooled["dated"]) == (20, 28)
    assert 1.0 < none_margin <= 3.0 + rule_margin
    # a ceiling nothing meets takes the fewest false times
    none_margin, _, pooled = choose_margins([(0, dates_all, e) for e in examples[20:]], max_false=-1.0)
    assert pooled["false_time_rate"] == 0.0
