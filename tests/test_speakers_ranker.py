"""The learned referent ranker of the speaker stage, and the source readings it chooses among.

Every text here is invented for the project.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quotegraph.errors import ModelError
from quotegraph.models import Attribution, Span
from quotegraph.nlp import load_pipeline
from quotegraph.speakers import find_speakers
from quotegraph.speakers.ranker import (
    NOBODY,
    SURFACE,
    Candidate,
    ReferentModel,
    read_model,
    save_model,
    shipped_model,
)
from quotegraph.speakers.resolve import referent_candidates
from quotegraph.training.speakers import RankExample, fit_ranker, rank_example


def _attr(text: str, aid: str, content: str, source: str) -> Attribution:
    cs = text.index(content)
    ss = re.search(r"(?<!\w)" + re.escape(source) + r"(?!\w)", text)
    assert ss is not None
    return Attribution(id=aid, kind="indirect", content=[Span.of(text, cs, cs + len(content))],
                       cue=None, source=Span.of(text, ss.start(), ss.end()))


def _speakers(text: str, attrs: list[Attribution], ranker: object = "shipped") -> list[str | None]:
    resolved, _ = find_speakers(load_pipeline()(text), attrs, ranker=ranker)  # type: ignore[arg-type]
    return [a.speaker.name if a.speaker else None for a in resolved]


# -- learning -------------------------------------------------------------------------------------


def _judge(gold: str | None, _kind: str, name: str | None) -> bool:
    if gold is None or name is None:
        return gold is None and name is None
    return gold.lower().split()[-1] in name.lower().split() or set(name.lower().split()) <= set(
        gold.lower().split())


def test_ranker_fit_learns_which_feature_marks_the_right_candidate() -> None:
    # the right candidate always carries "near"; "rule" is right only half the time
    examples = []
    for n in range(40):
        rule_right = n % 2 == 0
        examples.append(RankExample([["near", "rule"] if rule_right else ["near"],
                                     [] if rule_right else ["rule"], ["far"]],
                                    [True, False, False]))
    model = fit_ranker(examples, l2=0.1)
    assert model.weights["near"] > model.weights.get("rule", 0.0)
    cands = [Candidate(1, "A", ("rule",), ("ck=person", "st=name", "hd=-", "")),
             Candidate(2, "B", ("near",), ("ck=person", "st=name", "hd=-", ""))]
    assert model.best(cands) == 1
    assert model.meta["statements"] == 40


def test_ranker_fit_needs_a_right_candidate_and_skips_statements_without_one() -> None:
    with pytest.raises(ValueError):
        fit_ranker([RankExample([["a"], ["b"]], [False, False])])
    model = fit_ranker([RankExample([["a"], ["b"]], [True, False])] * 3
                       + [RankExample([["a"], ["b"]], [False, False])], min_count=1)
    assert model.meta["skipped_without_right_candidate"] == 1


def test_ranker_labels_the_fullest_accepted_name_as_right() -> None:
    """"Ann Kerr" and "Ann Kerr and Luis Prado" both pass the metric for the group; only the
    group is taught as right, and "Donald Trump" over "Trump"."""
    ctx = ("ck=person", "st=name", "hd=-", "")
    cands = [Candidate(0, "Ann Kerr", (), ctx), Candidate(1, "Ann Kerr and Luis Prado", (), ctx),
             Candidate(NOBODY, None, (), ctx)]
    assert rank_example(cands, "Ann Kerr and Luis Prado", "group", _judge).right == [False, True, False]
    cands = [Candidate(0, "Trump", (), ctx), Candidate(1, "Donald Trump", (), ctx)]
    assert rank_example(cands, "Donald Trump", "person", _judge).right == [False, True]
    assert rank_example(cands, None, "other", _judge).right == [False, False]


def test_ranker_model_round_trips_and_the_shipped_one_loads(tmp_path: Path) -> None:
    model = ReferentModel({"rule": 1.5, "ck=none": -0.25}, {"statements": 3})
    path = save_model(model, tmp_path)
    again = read_model(path)
    assert again.weights == model.weights and again.meta == model.meta
    shipped = shipped_model()
    assert shipped is not None and shipped.weights["rule"] > 0
    assert "polnear" in shipped.meta.get("corpora", [])


def test_ranker_component_config_chooses_rules_shipped_or_a_file(tmp_path: Path) -> None:
    from quotegraph.speakers.component import make_speakers

    nlp = load_pipeline()
    assert make_speakers(nlp, "s", "rules").ranker is None
    assert make_speakers(nlp, "s", "shipped").ranker is shipped_model()
    path = save_model(ReferentModel({"rule": 2.0}), tmp_path / "m.json")
    assert make_speakers(nlp, "s", str(path)).ranker.weights == {"rule": 2.0}  # type: ignore[union-attr]
    with pytest.raises(ModelError):
        make_speakers(nlp, "s", str(tmp_path / "missing.json"))


# -- candidates -----------------------------------------------------------------------------------

MILITARY = ("Harbour patrols\nThe Freedonian navy sent two ships to the strait on Monday. "
            "The Freedonian navy said the patrols would continue. Admiral Rosa Quint said the "
            "crews were ready.\n")


def test_ranker_candidates_cover_people_nobody_and_the_source_phrase() -> None:
    text = MILITARY
    attrs = [_attr(text, "a1", "the patrols would continue", "The Freedonian navy"),
             _attr(text, "a2", "the crews were ready", "Admiral Rosa Quint")]
    cands = referent_candidates(load_pipeline()(text), attrs)
    first = {c.entity: c for c in cands["a1"]}
    assert NOBODY in first
    # the rules' choice is marked, exactly once
    assert sum("rule" in c.base for c in cands["a1"]) == 1
    second = cands["a2"]
    quint = next(c for c in second if c.name == "Rosa Quint")
    assert "insrc" in quint.base and "rule" in quint.base
    assert all("insrc" not in c.base for c in second if c.name != "Rosa Quint")
    # a source phrase that is no pronoun is also a candidate name of its own
    assert any(c.entity == SURFACE for c in cands["a1"]) or any(
        c.name and "navy" in c.name.lower() for c in cands["a1"])


def test_ranker_a_model_that_prefers_the_source_phrase_names_a_new_organisation() -> None:
    text = MILITARY
    attrs = [_attr(text, "a1", "the patrols would continue", "The Freedonian navy")]
    names = _speakers(text, attrs, ReferentModel({"ck=surface": 50.0}))
    assert names[0] is not None and "navy" in names[0].lower()
    assert _speakers(text, attrs, ReferentModel({"ck=none": 50.0})) == [None]


# -- failure kinds on invented articles: organisations, documents, platforms ------------------------


def test_ranker_an_organisation_or_document_source_goes_to_its_maker() -> None:
    text = ("Bridge to reopen\nThe Portvale Herald has covered the bridge for years. On Monday "
            "the Herald's editorial board wrote that the city had waited too long. A Treasury "
            "report found that repairs cost twice the estimate. Channel 9 said in a statement "
            "that it would air the council meeting.\n")
    attrs = [_attr(text, "a1", "that the city had waited too long", "the Herald's editorial board"),
             _attr(text, "a2", "that repairs cost twice the estimate", "A Treasury report"),
             _attr(text, "a3", "that it would air the council meeting", "Channel 9")]
    for ranker in ("shipped", "rules"):
        names = _speakers(text, attrs, ranker)
        assert names[0] is not None and "Herald" in names[0]
        assert names[1] == "Treasury"
        assert names[2] == "Channel 9"


def test_ranker_the_survey_speaks_for_whoever_runs_it() -> None:
    text = ("Jobs rise\nThe Northfield Institute runs a quarterly survey of employers. The "
            "quarterly survey said that hiring rose in every county.\n")
    attrs = [_attr(text, "a1", "that hiring rose in every county", "The quarterly survey")]
    assert _speakers(text, attrs, "rules") == ["Northfield Institute"]
    assert _speakers(text, attrs) == ["Northfield Institute"]


def test_ranker_a_short_newspaper_name_is_the_full_one_the_article_gives() -> None:
    text = ("Budget vote\nThe Washington Post reported the plan first. The Post said the vote "
            "would be close.\n")
    attrs = [_attr(text, "a1", "the vote would be close", "The Post")]
    assert _speakers(text, attrs) == ["The Washington Post"]


def test_ranker_a_platform_never_speaks_for_a_persons_post() -> None:
    text = ("Ferry delays\nCouncillor Ann Price has long criticised the ferry service. Her "
            "Instagram post said the council would meet on Friday. According to a post on Twitter "
            "by Tom Hale, the vote was delayed.\n")
    attrs = [_attr(text, "a1", "the council would meet on Friday", "Her Instagram post"),
             _attr(text, "a2", "the vote was delayed", "a post")]
    for ranker in ("shipped", "rules"):
        names = _speakers(text, attrs, ranker)
        assert names[0] is not None and "Ann Price" in names[0]
        assert names[1] == "Tom Hale"
