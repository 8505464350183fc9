"""Addressees: candidates from the cue's relations, carried within an event, chosen by the model.

Every text here is invented for the project.
"""

from __future__ import annotations

import json
import re

import pytest

from quotegraph.errors import ModelError
from quotegraph.evaluate.addressees import addressee_judge
from quotegraph.evaluate.speakers import speaker_is_right
from quotegraph.models import Attribution, Span
from quotegraph.nlp import load_pipeline
from quotegraph.speakers import resolve_speakers
from quotegraph.speakers.addressee_model import AddresseeModel, load_model, none_features
from quotegraph.speakers.addressees import Candidate, Statement, carry
from quotegraph.speakers.resolve import _Resolver
from quotegraph.training.addressee import ArticleStatements, Example, examples_of, fit, score


def _at(text: str, needle: str, after: int = 0) -> int:
    m = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)").search(text, after)
    assert m is not None, f"{needle!r} not in fixture"
    return m.start()


def _att(text: str, aid: str, content: str, source: str, cue: str, near: int = 0) -> Attribution:
    cs, ss = _at(text, content, near), _at(text, source, near)
    cu = _at(text, cue, near)
    return Attribution(id=aid, kind="indirect", content=[Span.of(text, cs, cs + len(content))],
                       cue=Span.of(text, cu, cu + len(cue)), source=Span.of(text, ss, ss + len(source)))


def _addressees(text: str, atts: list[Attribution]) -> list[tuple[str, str | None] | None]:
    resolve_speakers(load_pipeline()(text), atts)
    return [None if a.addressee is None else
            (a.addressee.span.text, a.addressee.entity.name if a.addressee.entity else None)
            for a in atts]


FORMS = [
    ("Mayor Dana Okafor told reporters on Tuesday that the ferry terminal would reopen in May.",
     "the ferry terminal would reopen in May", "Mayor Dana Okafor", "told", "reporters"),
    ("In an interview with Channel 9, Councillor Priya Hale said the bus lanes had cut "
     "commuting times.", "the bus lanes had cut commuting times", "Councillor Priya Hale",
     "said", "Channel 9"),
    ("The Harbour Trust said in a letter to the council that the pier was unsafe.",
     "the pier was unsafe", "The Harbour Trust", "said", "the council"),
    ("Transport chief Olu Banks told a parliamentary inquiry that the new trains were late.",
     "the new trains were late", "Transport chief Olu Banks", "told", "a parliamentary inquiry"),
    ("Senator Mira Castellano said to applause from supporters that the mine would never open.",
     "the mine would never open", "Senator Mira Castellano", "said", "supporters"),
    ("Governor Tomas Reyes wrote to the water board that the dam repairs must start at once.",
     "the dam repairs must start at once", "Governor Tomas Reyes", "wrote", "the water board"),
    ("Chief executive Lena Moor said in remarks to shareholders that profits would fall.",
     "profits would fall", "Chief executive Lena Moor", "said", "shareholders"),
    ("Fire chief Arjun Patel testified before the state Senate committee that the alarms had "
     "failed.", "the alarms had failed", "Fire chief Arjun Patel", "testified",
     "the state Senate committee"),
    # the parse makes "outside court" the object after the hearer: what is told, not to whom
    ("Hume's lawyer, Sandeep Rao, said his client would appeal. \"This verdict is wrong,\" Rao told "
     "the Ashford Echo outside court.", "This verdict is wrong,", "Rao", "told", "the Ashford Echo"),
]
# the forms whose choice the shipped model makes with confidence; "wrote to the water board" (an
# unnamed body after a rare verb) sits at the model's threshold, so only its candidate is tested
CHOSEN = [f for f in FORMS if "wrote to" not in f[0]]


def _names(span: str, entity: str | None) -> set[str]:
    return set(re.findall(r"\w+", (span + " " + (entity or "")).lower()))


def _expected(expected: str) -> set[str]:
    return set(re.findall(r"\w+", expected.lower())) - {"the", "a"}


@pytest.mark.parametrize(("text", "content", "source", "cue", "expected"), FORMS)
def test_addressee_candidates_of_each_form(text: str, content: str, source: str, cue: str,
                                           expected: str) -> None:
    # the generator proposes the hearer, through a relation that names one directly
    att = _att(text, "a1", content, source, cue)
    res = _Resolver(load_pipeline()(text), [att])
    res.run()
    (statement,) = res.addressee_statements()
    strong = [c for c in statement.local if "hearer=strong" in c.features]
    assert any(_expected(expected) <= _names(text[c.start:c.end], None) for c in strong)
    assert not any("applause" in text[c.start:c.end] for c in statement.local)


@pytest.mark.parametrize(("text", "content", "source", "cue", "expected"), CHOSEN)
def test_addressee_chosen_for_each_form(text: str, content: str, source: str, cue: str,
                                        expected: str) -> None:
    found = _addressees(text, [_att(text, "a1", content, source, cue)])[0]
    assert found is not None, "no addressee"
    assert _expected(expected) <= _names(*found)


def test_addressee_told_them_is_the_people_meant() -> None:
    text = ("Mayor Dana Okafor met 300 dock workers at the harbour on Monday and told them that "
            "the cranes would be replaced.")
    found = _addressees(text, [_att(text, "a1", "the cranes would be replaced", "Mayor Dana Okafor",
                                    "told")])[0]
    assert found is not None and "dock workers" in found[0]


def test_addressee_asked_a_named_person() -> None:
    text = ("Councillor Priya Hale spoke at the meeting. Reporter Sam Ito asked Hale whether the "
            "bus depot would close.")
    found = _addressees(text, [_att(text, "a1", "whether the bus depot would close", "Reporter Sam Ito",
                                    "asked")])[0]
    assert found is not None and found[1] is not None
    assert speaker_is_right("Priya Hale", "person", found[1])


def test_addressee_none_without_a_hearer_and_for_a_platform() -> None:
    text = ("Mayor Dana Okafor said the ferry terminal would reopen in May. Councillor Priya Hale "
            "wrote on Twitter that the date was too late.")
    atts = [_att(text, "a1", "the ferry terminal would reopen in May", "Mayor Dana Okafor", "said"),
            _att(text, "a2", "the date was too late", "Councillor Priya Hale", "wrote")]
    assert _addressees(text, atts) == [None, None]


def test_addressee_of_an_interview_stays_with_the_statement_that_names_it() -> None:
    # news2019's convention (the shipped model's): a later statement of the same interview that
    # does not itself say to whom it was made names nobody (the train gold would carry it)
    text = ("In an interview with Channel 9 on Sunday, Mayor Dana Okafor said the ferry terminal "
            "would reopen in May. “We are ready,” she said.")
    atts = [_att(text, "a1", "the ferry terminal would reopen in May", "Mayor Dana Okafor", "said"),
            _att(text, "a2", "We are ready", "she", "said", near=text.index("“We"))]
    found = _addressees(text, atts)
    assert found[0] is not None and "Channel 9" in found[0][0]
    assert found[1] is None


# -- the model and its training ------------------------------------------------------------------
def test_model_chooses_nobody_below_threshold_and_round_trips(tmp_path) -> None:
    model = AddresseeModel({"kind=obj": 2.0, "none": 0.0, "carried": -3.0}, threshold=0.5)
    assert model.choose([]) is None
    assert model.choose([["kind=obj"], ["carried"]]) == 0
    assert model.choose([["carried"]]) is None  # nobody is the more probable
    probs = model.probabilities([["kind=obj"], ["carried"]])
    assert abs(sum(probs) - 1) < 1e-9 and len(probs) == 3
    path = tmp_path / "m.json"
    AddresseeModel({"x": 1.0}, 0.4, local=model).to_json(path, {"note": "test"})
    again = load_model(path)
    assert again.weights == {"x": 1.0} and again.threshold == 0.4
    assert again.local.weights == {"kind=obj": 2.0, "carried": -3.0}  # zeros are left out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"no": "weights"}))
    with pytest.raises(ModelError):
        load_model(bad)


def test_none_features_name_what_nobody_competes_with() -> None:
    feats = none_features([["kind=obj", "path=obj:dobj"], ["carried", "carried|back=1"]])
    assert "none" in feats and "none|kind=obj" in feats
    assert "none|n_local=1" in feats and "none|n_carried=1" in feats


def test_carry_passes_the_local_choice_to_near_statements_only() -> None:
    local = AddresseeModel({"kind=carrier": 3.0})
    c9 = Candidate(10, 19, None, ["kind=carrier"], ["Channel 9"])
    sts = [Statement("a1", 0, 1, "say", [(30, 60)], [c9]),
           Statement("a2", 1, 1, "add", [(70, 80)], []),
           Statement("a3", 40, 2, "say", [(300, 320)], [])]  # another speaker, too many sentences later
    out = carry(sts, local)
    assert [(c.start, c.end) for c in out[0]] == [(10, 19)] and "carried" not in out[0][0].features
    assert [(c.start, c.end) for c in out[1]] == [(10, 19)]
    assert "carried" in out[1][0].features and "carried|same_speaker=True" in out[1][0].features
    assert out[2] == []


def test_carry_reaches_back_from_a_later_event_and_to_the_same_speaker_far_away() -> None:
    # "'…,' Okafor said. In an interview with Channel 9, she added …": the interview named after
    # the first statement; the same speaker's statement 30 sentences on still gets it
    local = AddresseeModel({"kind=carrier": 3.0})
    c9 = Candidate(100, 109, None, ["kind=carrier"], ["Channel 9"])
    sts = [Statement("a1", 0, 1, "say", [(0, 40)], []),
           Statement("a2", 1, 1, "add", [(120, 160)], [c9]),
           Statement("a3", 30, 1, "say", [(900, 940)], []),
           Statement("a4", 31, 2, "say", [(950, 990)], [])]
    out = carry(sts, local)
    ahead = out[0][0].features
    assert "carried|way=ahead" in ahead and "carried|way=ahead|same_speaker=True" in ahead
    assert [(c.start, c.end) for c in out[2]] == [(100, 109)]
    assert "carried|sents=9" in out[2][0].features  # far: its own bucket
    assert out[3] == []  # another speaker, far away


def test_carry_skips_a_choice_nobody_wins() -> None:
    local = AddresseeModel({"kind=obj": -3.0})
    weak = Candidate(0, 5, None, ["kind=obj"], ["it"])
    out = carry([Statement("a1", 0, 1, "say", [(10, 20)], [weak]),
                 Statement("a2", 1, 1, "say", [(30, 40)], [])], local)
    assert out[1] == []


def test_fit_learns_which_relation_names_the_hearer() -> None:
    examples = []
    for n in range(30):
        told = n % 3 != 0
        examples.append(Example("art", f"s{n}", "reporters" if told else None,
                                [["kind=obj", "tell=True" if told else "tell=False"],
                                 none_features([["kind=obj"]])],
                                [told, not told], ["reporters"]))
    model = fit(examples, l2=0.1)
    result = score(model, examples)
    assert result["found"] == result["addressed"] == 20 and result["falsely_given"] == 0


def test_examples_label_candidates_by_the_scorers_rule() -> None:
    cand = Candidate(0, 9, None, ["kind=obj"], ["the paper", "The Daily Example"])
    art = ArticleStatements("x", [Statement("a1", 0, None, "tell", [(20, 40)], [cand])],
                            {"a1": "Daily Example"})
    (example,) = examples_of([art], None, addressee_judge)
    assert example.right == [True, False]


# -- the forms added: vocatives, talks told before, pronouns' antecedents, verbs of saying -----
def _local(text: str, atts: list[Attribution], which: int = 0) -> list[Candidate]:
    res = _Resolver(load_pipeline()(text), atts)
    res.run()
    by_id = {st.id: st for st in res.addressee_statements()}
    return by_id[atts[which].id].local


def _direct(text: str, aid: str, content: str, source: str, cue: str, near: int = 0) -> Attribution:
    att = _att(text, aid, content, source, cue, near)
    att.kind = "direct"
    return att


@pytest.mark.parametrize(("text", "content", "name", "where"), [
    ("“Ohio, get out and vote for the levy on Tuesday,” Governor Tomas Reyes said.",
     "Ohio, get out and vote for the levy on Tuesday,", "Ohio", "start"),
    ("“Hey Twitter, the whole point of the poster is to start a debate,” Mayor Dana Okafor wrote.",
     "Hey Twitter, the whole point of the poster is to start a debate,", "Twitter", "start"),
    ("“You were right about the bridge all along, my dear Ames,” Councillor Priya Hale said.",
     "You were right about the bridge all along, my dear Ames,", "Ames", "end"),
    ("“We are back and we will win. Good morning, Ohio,” Governor Tomas Reyes said.",
     "We are back and we will win. Good morning, Ohio,", "Ohio", "end"),
])
def test_addressee_vocative_in_quoted_words(text: str, content: str, name: str, where: str) -> None:
    source = re.search(r"(Governor|Mayor|Councillor) \w+ \w+", text).group(0)
    cue = text.rstrip(".").split()[-1]
    cands = _local(text, [_direct(text, "a1", content, source, cue)])
    voc = [c for c in cands if "kind=vocative" in c.features]
    assert [text[c.start:c.end] for c in voc] == [name]
    assert f"vocative={where}" in voc[0].features


def test_vocative_is_not_a_place_in_apposition_nor_indirect_speech() -> None:
    text = "“We met the buyers in Paris, France,” Chief executive Lena Moor said."
    cands = _local(text, [_direct(text, "a1", "We met the buyers in Paris, France,",
                                  "Chief executive Lena Moor", "said")])
    assert not any("kind=vocative" in c.features for c in cands)
    text = "Governor Tomas Reyes said Ohio, unlike its neighbours, would vote on the levy."
    cands = _local(text, [_att(text, "a1", "Ohio, unlike its neighbours, would vote on the levy",
                               "Governor Tomas Reyes", "said")])
    assert not any("kind=vocative" in c.features for c in cands)


def test_addressee_the_other_side_of_a_talk_told_before() -> None:
    text = ("The Harbour Gazette spoke to Lena Moor, a nurse at the clinic, on Friday. "
            "“We have had no spare beds since June,” Moor said.")
    att = _att(text, "a1", "We have had no spare beds since June", "Moor", "said",
               near=text.index("“We"))
    cands = _local(text, [att])
    event = [c for c in cands if "kind=event" in c.features]
    assert any("Harbour Gazette" in text[c.start:c.end] for c in event)
    gazette = next(c for c in event if "Harbour Gazette" in text[c.start:c.end])
    assert "event|speaker_in=other" in gazette.features and "event|trigger=speak" in gazette.features
    assert not any("Moor" in text[c.start:c.end] for c in event)  # the speaker is not her own hearer


def test_no_talk_candidate_when_the_speaker_took_no_part() -> None:
    text = ("Mayor Dana Okafor met the port workers on Monday. "
            "“The cranes are forty years old,” engineer Sam Ito said.")
    att = _att(text, "a1", "The cranes are forty years old", "engineer Sam Ito", "said",
               near=text.index("“The"))
    assert not any("kind=event" in c.features for c in _local(text, [att]))


@pytest.mark.parametrize(("text", "content", "source", "cue", "kind", "expected"), [
    # "asked them": the people named before, though "them" resolves elsewhere or nowhere
    ("The two invited witnesses, engineer Tom Ames and pilot Lu Chen, spoke first. "
     "Senator Ruth Calloway asked them whether the launch was safe.", "whether the launch was safe",
     "Senator Ruth Calloway", "asked", "plural", "Tom Ames and Lu Chen"),
    # "told him": the man the doctor examined
    ("The doctor examined the man in the clinic on Tuesday and told him that the new pillows had "
     "caused the cough.", "the new pillows had caused the cough", "The doctor", "told", "singular",
     "the man"),
])
def test_addressee_pronoun_proposes_the_phrase_it_stands_for(text: str, content: str, source: str,
                                                             cue: str, kind: str, expected: str) -> None:
    cands = _local(text, [_att(text, "a1", content, source, cue)])
    ant = [c for c in cands if f"antecedent={kind}_np" in c.features]
    assert len(ant) == 1 and any(addressee_judge(expected, n) for n in ant[0].names)


def test_addressee_to_after_a_verb_of_saying_but_never_according_to() -> None:
    text = ("A spokesperson for the Harbour Trust confirmed to the Gazette that the pier would "
            "close. According to the Trust, repairs will take a year.")
    atts = [_att(text, "a1", "the pier would close", "A spokesperson for the Harbour Trust", "confirmed"),
            _att(text, "a2", "repairs will take a year", "the Trust", "According to")]
    cands = _local(text, atts)
    gazette = [c for c in cands if text[c.start:c.end].endswith("Gazette")]
    assert gazette and "hearer=strong" in gazette[0].features
    assert "path=prep:to|speech=True" in gazette[0].features
    assert _local(text, atts, 1) == []


def test_addressee_of_a_noun_cue_comes_from_its_clause() -> None:
    # "In an interview with X, Y gave new details …": the cue noun is the verb's object
    text = ("In an interview with Channel 9 on Sunday, Councillor Priya Hale gave new details "
            "about the fire at the depot.")
    cands = _local(text, [_att(text, "a1", "about the fire at the depot", "Councillor Priya Hale",
                               "details")])
    up = [c for c in cands if "path=up|carrier:with" in c.features]
    assert [text[c.start:c.end] for c in up] == ["Channel 9"]


# -- the forms added in the third addressee pass ----------------------------------------------
@pytest.mark.parametrize(("text", "content", "source", "cue", "expected"), [
    # the parser's "dative" "to" after a sent letter, the cue hanging below the verb
    ("The tenants' union sent a letter to management last week stating that the lifts had been "
     "broken since March.", "that the lifts had been broken since March", "The tenants' union",
     "stating", "management"),
    # "called on X to …": whom the appeal was made to
    ("The ombudsman's office called on the regional government to withdraw the riot police from "
     "the square.", "to withdraw the riot police from the square", "The ombudsman's office",
     "called", "the regional government"),
])
def test_addressee_of_a_letter_sent_and_an_appeal(text: str, content: str, source: str, cue: str,
                                                 expected: str) -> None:
    cands = _local(text, [_att(text, "a1", content, source, cue)])
    hit = [c for c in cands if any(addressee_judge(expected, n) for n in c.names)]
    assert hit and "hearer=strong" in hit[0].features
    found = _addressees(text, [_att(text, "a1", content, source, cue)])[0]
    assert found is not None and addressee_judge(expected, found[0])


def test_addressee_of_a_call_made_to_an_office_in_which_he_said() -> None:
    text = ("Police traced a phone call he made to the senator's office, in which he said the "
            "depot would burn.")
    cands = _local(text, [_att(text, "a1", "the depot would burn", "he", "said")])
    assert any(text[c.start:c.end].endswith("office") and any(
        f.startswith("path=carrier:to") for f in c.features) for c in cands)


def test_addressee_answers_the_question_asked_just_before() -> None:
    text = ("“And if the ferry is late again, who pays?” Councillor Priya Hale asked. "
            "“The operator pays, Councillor,” transport chief Olu Banks said.")
    atts = [_direct(text, "a1", "And if the ferry is late again, who pays?", "Councillor Priya Hale", "asked"),
            _direct(text, "a2", "The operator pays, Councillor,", "transport chief Olu Banks", "said",
                    near=text.index("“The"))]
    turn = [c for c in _local(text, atts, 1) if "kind=turn" in c.features]
    assert len(turn) == 1 and text[turn[0].start:turn[0].end] == "Councillor Priya Hale"
    assert "turn|question=True" in turn[0].features
    assert not any("kind=turn" in c.features for c in _local(text, atts, 0))  # nothing asked before


def test_vocative_my_dear_after_a_name_and_its_call_features() -> None:
    text = "“Plain as day, Inspector Ames, my dear Tobin,” detective Rosa Lind said."
    cands = _local(text, [_direct(text, "a1", "Plain as day, Inspector Ames, my dear Tobin,",
                                  "detective Rosa Lind", "said")])
    voc = [c for c in cands if "kind=vocative" in c.features]
    assert [text[c.start:c.end] for c in voc] == ["Tobin"] and "vocative|called=True" in voc[0].features
    text = "“Hey Harbourline, fix the timetable before you raise the fares,” Mayor Dana Okafor wrote."
    cands = _local(text, [_direct(text, "a1", "Hey Harbourline, fix the timetable before you raise the fares,",
                                  "Mayor Dana Okafor", "wrote")])
    voc = next(c for c in cands if "kind=vocative" in c.features)
    assert {"vocative|called=True", "vocative|command=True", "vocative|you=True"} <= set(voc.features)


def test_talk_with_an_unnamed_speaker_known_by_the_source_word() -> None:
    text = ("Dr Owen Pratt talked with the patient over the phone for an hour. Then the patient "
            "mentioned that he had bought a new feather duvet.")
    att = _att(text, "a1", "that he had bought a new feather duvet", "the patient", "mentioned",
               near=text.index("Then"))
    event = [c for c in _local(text, [att]) if "kind=event" in c.features]
    assert any("Pratt" in text[c.start:c.end] for c in event)
    assert not any(text[c.start:c.end].endswith("patient") for c in event)  # not the speaker


def test_the_inverted_source_is_not_its_own_hearer_and_the_outlet_names_an_organisation() -> None:
    text = ("“Margins will recover by spring,” wrote analyst Zara Fenwick in a note to clients.")
    cands = _local(text, [_direct(text, "a1", "Margins will recover by spring,", "analyst Zara Fenwick", "wrote")])
    assert not any("Fenwick" in text[c.start:c.end] for c in cands)
    assert any(text[c.start:c.end] == "clients" for c in cands)
    text = ("The report first appeared in The Daily Courier. A spokesperson told the paper that "
            "the pier was unsafe.")
    cands = _local(text, [_att(text, "a1", "the pier was unsafe", "A spokesperson", "told")])
    assert any("Daily Courier" in text[c.start:c.end] and "standin=antecedent" in c.features for c in cands)


def test_an_acronym_hearer_names_the_organisation_the_article_spells_out() -> None:
    text = ("The Coastal Public Utilities Commission met on Monday. Consumer groups urged the PUC "
            "to require backup power at every cell tower.")
    found = _addressees(text, [_att(text, "a1", "to require backup power at every cell tower",
                                    "Consumer groups", "urged")])[0]
    assert found is not None and found[0] == "the PUC"
    assert found[1] is not None and addressee_judge("Coastal Public Utilities Commission", found[1])


def test_training_keeps_each_gold_sets_conventions_apart() -> None:
    # two sets that disagree on a carried hearer: the shipped model follows the target's
    def examples(domain: str, carried_right: bool) -> list[Example]:
        return [Example(f"{domain}{n}", "s", "X" if carried_right else None,
                        [["carried", "kind=carried"], none_features([["carried"]])],
                        [carried_right, not carried_right], ["X"], domain) for n in range(20)]
    model = fit(examples("news", False) + examples("gold", True), l2=0.1)
    from quotegraph.training.addressee import _for_domain
    assert _for_domain(model, "news").choose([["carried", "kind=carried"]]) is None
    assert _for_domain(model, "gold").choose([["carried", "kind=carried"]]) == 0


def test_a_stand_in_is_resolved_outside_the_statements_own_words() -> None:
    # the quote names an organisation after the one the stand-in means: "the outlet" is still
    # the Harbour Courier, not the Fenwick Group the insider talks about
    text = ("The feud was first reported by the Harbour Courier on Sunday. "
            "“The Fenwick Group is furious about the delay,” an insider told the outlet.")
    att = _direct(text, "a1", "The Fenwick Group is furious about the delay,", "an insider", "told")
    cands = _local(text, [att])
    outlet = [c for c in cands if text[c.start:c.end] == "the outlet"]
    assert outlet and outlet[0].entity is not None
    assert any(addressee_judge("Harbour Courier", n) for n in outlet[0].names)
    assert not any("Fenwick" in n for c in cands for n in c.names)


@pytest.mark.parametrize(("text", "content", "source", "cue", "not_hearer"), [
    # the speaker's own medium
    ("The Harbour Trust denied the claims in a statement shared to its website.",
     "the claims", "The Harbour Trust", "denied", "its website"),
    ("As engineer Sam Ito wrote on his blog Bridges Today, the old span cannot carry trucks.",
     "the old span cannot carry trucks", "engineer Sam Ito", "wrote", "his blog"),
    # what a telling verb tells or asks about, not whom
    ("Dr Lena Moor told the tale of a fisherman who had lost his boat in the storm.",
     "the tale of a fisherman who had lost his boat in the storm", "Dr Lena Moor", "told", "the tale"),
    ("Senator Ruth Calloway questioned the agency's approach to the launch schedule.",
     "the agency's approach to the launch schedule", "Senator Ruth Calloway", "questioned",
     "the agency's approach"),
    # an event a statement came before, and the platform it was posted on
    ("“He knows what he did,” Councillor Priya Hale said before the interview.",
     "He knows what he did,", "Councillor Priya Hale", "said", "the interview"),
    ("The tenants' union said on Twitter that the new leases were unfair.",
     "the new leases were unfair", "The tenants' union", "said", "Twitter"),
])
def test_words_in_a_hearers_place_that_are_no_hearer(text: str, content: str, source: str, cue: str,
                                                     not_hearer: str) -> None:
    att = (_direct if text.startswith("“") else _att)(text, "a1", content, source, cue)
    cands = _local(text, [att])
    assert not any(text[c.start:c.end].startswith(not_hearer) for c in cands)


def test_audiences_a_telling_verb_names_stay_candidates() -> None:
    text = "Transport chief Olu Banks told the hearing that the trains were late."
    cands = _local(text, [_att(text, "a1", "the trains were late", "Transport chief Olu Banks", "told")])
    assert any(text[c.start:c.end] == "the hearing" for c in cands)
    text = "General Rosa Lind told the media that the troops would stay."
    cands = _local(text, [_att(text, "a1", "the troops would stay", "General Rosa Lind", "told")])
    media = next(c for c in cands if text[c.start:c.end] == "the media")
    assert "animate=person" in media.features  # "media" is people, though its lemma is "medium"


@pytest.mark.parametrize(("text", "content"), [
    ("“We sold the televisions to a local importer — say, Harbourline,” trader Sam Ito said.",
     "We sold the televisions to a local importer — say, Harbourline,"),
    ("“They took billions from a country that never paid us a cent, Freedonia,” Governor Tomas Reyes said.",
     "They took billions from a country that never paid us a cent, Freedonia,"),
    ("“Thanks, the ferry was on time for once,” commuter Lena Moor said.",
     "Thanks, the ferry was on time for once,"),
    ("“Tariffs, in the end, are paid by our own shoppers,” economist Sam Ito said.",
     "Tariffs, in the end, are paid by our own shoppers,"),
])
def test_commas_around_a_name_that_are_no_call(text: str, content: str) -> None:
    source = re.search(r"(trader|Governor|commuter|economist) \w+ \w+", text).group(0)
    cands = _local(text, [_direct(text, "a1", content, source, "said")])
    assert not any("kind=vocative" in c.features for c in cands)


def _alike_articles() -> dict[str, list[ArticleStatements]]:
    """Forty news2019 articles of one statement with one candidate, alike in all; three
    statements in five name it."""
    def art(n: int, addressed: bool) -> ArticleStatements:
        cand = Candidate(0, 5, None, ["kind=obj"])
        cand.names = ["Ames"]
        return ArticleStatements(f"n{n}", [Statement("s", 0, None, "say", [(10, 20)], [cand])],
                                 {"s": "Ames" if addressed else None}, "news2019")
    return {"news2019": [art(n, n % 5 < 3) for n in range(40)]}


def test_threshold_is_chosen_under_the_false_ceiling_inside_the_training_folds() -> None:
    from quotegraph.evaluate.addressees import choose_threshold

    sets = _alike_articles()
    best, counts = choose_threshold(sets, [0.2, 0.55], k=4, ceiling=0.0)
    assert counts[0.2] == (0, 0) and counts[0.55][0] > 0 and counts[0.55][1] > 0
    assert best == 0.2  # the threshold that gives false addressees is not chosen
    best, _ = choose_threshold(sets, [0.2, 0.55], k=4, ceiling=1.0)
    assert best == 0.55  # with no ceiling, the one that finds the most


def test_weight_and_threshold_are_chosen_together_inside_the_training_folds() -> None:
    from quotegraph.evaluate.addressees import choose_settings

    sets = _alike_articles()
    (l2, t), counts = choose_settings(sets, [1.0, 4.0], [0.2, 0.55], k=4, ceiling=1.0)
    assert set(counts) == {(1.0, 0.2), (1.0, 0.55), (4.0, 0.2), (4.0, 0.55)}
    assert t == 0.55 and counts[(l2, t)][0] == max(c[0] for c in counts.values())
    # a tie in what is found goes to the larger weight, the simpler model
    assert l2 == 4.0 or counts[(1.0, 0.55)][0] > counts[(4.0, 0.55)][0]
    (_, t), _ = choose_settings(sets, [1.0, 4.0], [0.2, 0.55], k=4, ceiling=0.0)
    assert t == 0.2  # no weight makes false addressees acceptable
