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
from quotegraph.speakers.entities import EntityInfo
from quotegraph.speakers.ranker import (
    NOBODY,
    SURFACE,
    Candidate,
    ReferentModel,
    chosen_entity,
    counted_group,
    fuller_name,
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


# -- organisation, document and group sources: makers, names of their own, fuller names --------


def _candidates(text: str, attrs: list[Attribution]) -> dict[str, list[Candidate]]:
    return referent_candidates(load_pipeline()(text), attrs)


def _named(cands: list[Candidate], word: str) -> Candidate:
    return next(c for c in cands if c.name and word in c.name)


def _hd(c: Candidate) -> str:
    return c.context[2]


# -- documents and findings: the maker ----------------------------------------------------------


def test_a_finding_head_is_its_own_kind_and_its_named_maker_is_marked() -> None:
    """"the Harlow Institute data", "Mensah's research": numbers and findings speak for whoever
    the phrase names as their maker (they were read as generic sources before)."""
    text = ("Crime falls\nThe town recorded fewer burglaries last year. Burglaries fell by a "
            "third, according to the Harlow Institute data. Economist Ama Mensah studies the "
            "region. Mensah's research suggests that rents will rise.\n")
    attrs = [_attr(text, "a1", "Burglaries fell by a third", "the Harlow Institute data"),
             _attr(text, "a2", "that rents will rise", "Mensah's research")]
    cands = _candidates(text, attrs)
    harlow = _named(cands["a1"], "Harlow")
    assert _hd(harlow) == "hd=finding"
    assert "src_maker" in harlow.base
    mensah = _named(cands["a2"], "Mensah")
    assert _hd(mensah) == "hd=finding" and "src_maker" in mensah.base


def test_a_definite_document_points_back_to_the_maker_named_before_or_after() -> None:
    """"The report said" after "the Kestrel Trust released a report": the Trust made it; an
    undetermined "a poll" whose maker the next sentence names gets "made_after"."""
    text = ("Water bills\nThe Kestrel Trust released a long report on Tuesday. Ola Berg, a "
            "councillor, welcomed it. The report said that water bills would double. A poll "
            "showed that most residents agree. It was conducted by the Danner Group.\n")
    attrs = [_attr(text, "a1", "that water bills would double", "The report"),
             _attr(text, "a2", "that most residents agree", "A poll")]
    cands = _candidates(text, attrs)
    trust = _named(cands["a1"], "Kestrel")
    assert {"made_last", "made_near", "made_same"} <= set(trust.base)
    berg = _named(cands["a1"], "Berg")
    assert not {"made_last", "made_near"} & set(berg.base)
    danner = _named(cands["a2"], "Danner")
    assert "made_after" in danner.base


def test_a_bill_head_is_its_own_kind() -> None:
    text = ("Ferry law\nSenator Ivo Lask introduced a bill on ferry fares. The legislation "
            "would cap fares at five dollars, Lask said.\n")
    attrs = [_attr(text, "a1", "would cap fares at five dollars", "The legislation")]
    lask = _named(_candidates(text, attrs)["a1"], "Lask")
    assert _hd(lask) == "hd=bill"
    assert "made_last" in lask.base


# -- the source phrase as a name of its own ------------------------------------------------------


def test_the_source_phrase_says_whether_it_is_a_name_of_its_own() -> None:
    """"Democrats" (capitalised, bare) and "the Freedonian government" (a named organisation
    head) can be their own speakers; "officials" cannot, and the features tell them apart."""
    text = ("Tax plan\nDemocrats said the plan would fail. The Freedonian government said it "
            "would not change course. Officials said talks continue.\n")
    attrs = [_attr(text, "a1", "the plan would fail", "Democrats"),
             _attr(text, "a2", "it would not change course", "The Freedonian government"),
             _attr(text, "a3", "talks continue", "Officials")]
    cands = _candidates(text, attrs)
    surface = {aid: next((c for c in cs if c.entity == SURFACE), None) for aid, cs in cands.items()}
    assert surface["a1"] is not None and {"s_caps", "s_plural"} <= set(surface["a1"].base)
    assert surface["a2"] is not None and {"s_org_head", "s_named_mod", "s_named_org"} <= set(surface["a2"].base)
    assert surface["a3"] is not None and "s_org_head" not in surface["a3"].base
    # a model that trusts a capitalised or named-organisation phrase names it; "officials" not
    model = ReferentModel({"s_caps": 5.0, "s_named_org": 5.0, "ck=none": 1.0})
    resolved, _ = find_speakers(load_pipeline()(text), attrs, ranker=model)
    names = [a.speaker.name if a.speaker else None for a in resolved]
    assert names[0] == "Democrats"
    assert names[1] is not None and "Freedonian government" in names[1]
    assert names[2] is None


# -- abbreviations and fuller names --------------------------------------------------------------


def _org(name: str) -> EntityInfo:
    return EntityInfo(name, "organization", name.split(), 0)


def test_an_abbreviated_organisation_takes_the_one_expansion_the_article_names() -> None:
    ents = [_org("OFL"), _org("Ostrava Freight Lines"), _org("Carson campaign"), _org("CNN"),
            _org("Zelmotor"), _org("ZM")]
    assert fuller_name(ents, 0) == 1  # initials
    assert fuller_name(ents, 5) == 4  # the letters of one word, in order ("VW" / Volkswagen)
    assert fuller_name(ents, 3) == 3  # letters scattered over words are no abbreviation
    assert fuller_name(ents, 1) == 1  # a full name stays
    person = EntityInfo("OFL", "person", ["OFL"], 0)
    assert fuller_name([person, _org("Ostrava Freight Lines")], 0) == 0
    # two expansions: no choice is made
    assert fuller_name([_org("OFL"), _org("Ostrava Freight Lines"), _org("Olm Fabric Labs")], 0) == 0


def test_the_candidate_that_expands_an_acronym_in_the_source_is_marked() -> None:
    text = ("Rail freight\nOstrava Freight Lines carried more grain this year. OFL said that "
            "prices would rise.\n")
    attrs = [_attr(text, "a1", "that prices would rise", "OFL")]
    cands = _candidates(text, attrs)["a1"]
    full = _named(cands, "Ostrava")
    assert "acronym_of_src" in full.base


def test_a_plural_sources_member_pick_widens_to_the_rules_group() -> None:
    """"The two governors": a pick of one member of the group the rules read becomes the group;
    a singular source keeps the person picked."""
    ents = [EntityInfo("Alma Reyes", "person", ["Alma", "Reyes"], 0),
            EntityInfo("Victor Hale", "person", ["Victor", "Hale"], 0),
            EntityInfo("Alma Reyes and Victor Hale", "group", ["Alma", "Reyes"], 0)]
    ents[2].members = [0, 1]
    plural = ("ck=person", "st=def", "hd=other", "")
    member = Candidate(0, "Alma Reyes", ("member_of_rule",), plural, ("st=def", "plural"))
    group = Candidate(2, "Alma Reyes and Victor Hale", ("rule", "members"), plural, ("st=def", "plural"))
    assert chosen_entity(ents, [member, group], member) == 2
    single = Candidate(0, "Alma Reyes", ("member_of_rule",), plural, ("st=def",))
    assert chosen_entity(ents, [single, group], single) == 0


# -- organisations described by their type; quantifiers of the source phrase ----------------------


CARMAKER = ("Recall widens\nThe carmaker Velmar Motors recalled 40,000 cars on Monday. Ines Dorr, a "
            "mechanic, found the fault last year. The German automaker said that no one was "
            "hurt. The company said that dealers would fix the cars. The senator said that the "
            "recall came late.\n")


def test_an_organisation_described_by_its_type_has_a_head_class_and_word_of_its_own() -> None:
    """"The German automaker", "the utility": a description of an organisation by its type is
    told apart from other descriptions (it was "hd=other" beside "the deaths"), and its head word
    is a source feature the ranker crosses with each candidate's kind."""
    attrs = [_attr(CARMAKER, "a1", "that no one was hurt", "The German automaker"),
             _attr(CARMAKER, "a2", "that dealers would fix the cars", "The company"),
             _attr(CARMAKER, "a3", "that the recall came late", "The senator")]
    cands = _candidates(CARMAKER, attrs)
    velmar = _named(cands["a1"], "Velmar")
    assert _hd(velmar) == "hd=orgtype"
    assert "hw=automaker" in velmar.source
    assert "hw=automaker|ck=organization" in velmar.features
    assert _hd(_named(cands["a2"], "Velmar")) == "hd=standin"  # the rules' stand-ins stay theirs
    assert "hw=company" in cands["a2"][0].source
    # a role is no organisation's type and its word is left to the role features
    assert not any(f.startswith("hw=") for f in cands["a3"][0].source)
    # a model that trusts the organisation named last for a type description names it
    model = ReferentModel({"kind_rank=1|hd=orgtype|ck=organization": 5.0, "ck=none": 1.0})
    assert _speakers(CARMAKER, attrs[:1], model) == ["Velmar Motors"]
    assert _speakers(CARMAKER, attrs[:1], ReferentModel({"ck=none": 1.0})) == [None]


def test_a_stand_in_tells_which_bodies_it_may_name() -> None:
    """"The party" may be a party, not a body whose name says it is of another kind (the Ortiz
    campaign); "the campaign" is that campaign."""
    text = ("The Ortiz campaign sued the Unity Party on Friday, saying the suspension was unfair. "
            "The party said the suspension was necessary. The campaign said it would appeal.\n")
    attrs = [_attr(text, "p1", "the suspension was necessary", "The party"),
             _attr(text, "p2", "it would appeal", "The campaign")]
    cands = _candidates(text, attrs)
    assert "standin_misfit" in _named(cands["p1"], "Ortiz campaign").base
    assert "standin_misfit" not in _named(cands["p1"], "Unity").base
    assert "standin_fits" in _named(cands["p2"], "Ortiz campaign").base


def test_the_shipped_ranker_gives_a_type_description_to_no_unrelated_person() -> None:
    attrs = [_attr(CARMAKER, "a1", "that no one was hurt", "The German automaker")]
    assert _speakers(CARMAKER, attrs) in ([None], ["Velmar Motors"])


def test_a_quantifier_of_the_source_phrase_is_a_determiner_or_number_of_its_head() -> None:
    """"Some Democrats" is part of a group and never its name; "the most recent Zephyr Polling
    average" and "the 12-page agreement" quantify nothing ("most" qualifies "recent", "12" the
    pages) and stay names the ranker may choose."""
    text = ("Poll watch\nThe race is close. The most recent Zephyr Polling average showed Ames "
            "ahead. Some Democrats said the race was over. The 12-page agreement said that tolls "
            "would end.\n")
    attrs = [_attr(text, "b1", "Ames ahead", "The most recent Zephyr Polling average"),
             _attr(text, "b2", "the race was over", "Some Democrats"),
             _attr(text, "b3", "that tolls would end", "The 12-page agreement")]
    cands = _candidates(text, attrs)
    surface = {aid: next(c for c in cs if c.entity == SURFACE) for aid, cs in cands.items()}
    assert "s_quant" not in surface["b1"].base and "s_named_mod" in surface["b1"].base
    assert surface["b2"].base == ("s_quant",)
    assert "s_quant" not in surface["b3"].base
    names = _speakers(text, attrs)
    assert names[0] is not None and "Zephyr Polling" in names[0]
    assert names[1] is None


def test_a_counted_source_keeps_the_rules_group_of_exactly_that_many() -> None:
    """"The two lawmakers" read by the rules as the two people named together stays that pair
    whatever the ranker scores (its training data holds one such statement); a group of another
    size, or one the rules did not choose, is left to the ranker."""
    ctx = ("ck=group", "st=def", "hd=generic", "")
    pair = Candidate(2, "Jo Ames and Al Byrd", ("rule", "members", "num=count"), ctx, ("src_counted",))
    nobody = Candidate(NOBODY, None, (), ("ck=none", "st=def", "hd=generic", ""), ("src_counted",))
    assert counted_group([nobody, pair]) is pair
    other = Candidate(3, "Jo Ames, Al Byrd and Ed Cole", ("rule", "members"), ctx, ("src_counted",))
    assert counted_group([nobody, other]) is None
    unchosen = Candidate(2, "Jo Ames and Al Byrd", ("members", "num=count"), ctx, ("src_counted",))
    assert counted_group([nobody, unchosen]) is None
    text = ("Audit row\nRep. Jo Ames and Rep. Al Byrd asked the agency to reopen the case. Later, "
            "Mayor Ed Cole spoke. The two lawmakers argue that the agency ignored its own rules.\n")
    attrs = [_attr(text, "a0", "the agency to reopen the case", "Rep. Jo Ames and Rep. Al Byrd"),
             _attr(text, "a1", "that the agency ignored its own rules", "The two lawmakers")]
    cands = _candidates(text, attrs)["a1"]
    assert any("num=count" in c.base for c in cands if c.name == "Jo Ames and Al Byrd")
    # a model that puts nobody first keeps the pair all the same
    assert _speakers(text, attrs, ReferentModel({"ck=none": 50.0}))[1] == "Jo Ames and Al Byrd"


def test_ranker_a_document_a_possessive_gives_its_owner_is_the_owners_whatever_the_weights() -> None:
    text = ("Ferry delays\nCouncillor Ann Price has long criticised the ferry service. Her "
            "Instagram post said the council would meet on Friday.\n")
    cands = _candidates(text, [_attr(text, "a1", "the council would meet on Friday", "Her Instagram post")])["a1"]
    favours_nobody = ReferentModel(weights={"ck=none": 50.0})
    assert cands[favours_nobody.best(cands)].name == "Ann Price"
