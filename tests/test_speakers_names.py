"""Names kept whole (hyphens, particles, title words), no entity from headline words, and aliases
and roles that are names and roles only. Every name and sentence is invented."""

from __future__ import annotations

import pytest

import quotegraph
from quotegraph.models import ExtractionResult
from quotegraph.speakers.names import alias_fits, is_role_phrase


def _speakers(result: ExtractionResult) -> set[str]:
    return {a.speaker.name for a in result.attributions if a.speaker is not None}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Port commissioner Lam Kwok-wai said the ferries would run late. \"We need more crews,\" Lam said.",
         "Lam Kwok-wai"),
        ("\"The quartet is finished,\" said Joost van Rensburg on Tuesday. Van Rensburg added it was long.",
         "Joost van Rensburg"),
        ("Regional governor Marie-Claude Ferrand said the bridge would reopen. Ferrand said repairs were done.",
         "Marie-Claude Ferrand"),
        ("Singer Aoife O'Donnell said she would tour again. O'Donnell said the band was ready.",
         "Aoife O'Donnell"),
    ],
)
def test_hyphenated_and_particle_names_stay_whole(text: str, name: str) -> None:
    result = quotegraph.extract(text)
    assert _speakers(result) == {name}
    ent = next(e for e in result.entities if e.name == name)
    assert ent.kind == "person"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ted Judge, a farmer from Ohio, said the harvest was poor. \"It was a bad year,\" Judge said.", "Ted Judge"),
        ("Amy Bishop said the lab was closed. Bishop added that staff were safe.", "Amy Bishop"),
        ("Lorna Senator, who runs a bakery, said prices were rising. Senator said flour cost more.", "Lorna Senator"),
        ("Former minister Owen Major said the vote was a mistake. Major said Britain should stay.", "Owen Major"),
    ],
)
def test_names_holding_a_title_word_stay_one_person(text: str, name: str) -> None:
    result = quotegraph.extract(text)
    assert _speakers(result) == {name}
    people = [e for e in result.entities if e.kind == "person"]
    assert [e.name for e in people] == [name]


def test_headline_words_are_never_a_speaker() -> None:
    text = ("Mayor Says Budget Will Pass\n\nThe mayor said on Monday that the budget would pass. "
            "\"It is done,\" she said.")
    result = quotegraph.extract(text)
    assert not any(e.name in {"Mayor", "Mayor Says"} for e in result.entities)
    assert "Mayor" not in _speakers(result)


def test_title_cased_headline_words_are_no_organisation() -> None:
    text = ("Hartley Slams Council Over Rates\n\nCouncillor Dana Hartley said on Monday the rates "
            "were unfair. \"They are too high,\" Hartley said.")
    result = quotegraph.extract(text)
    assert not any("Slams" in e.name for e in result.entities)
    assert _speakers(result) == {"Dana Hartley"}


@pytest.mark.parametrize(
    ("alias", "name", "kind", "roles", "fits"),
    [
        ("Rip Dana Hartley", "Dana Hartley", "person", ["Councillor"], False),
        ("Everything", "Dana Hartley", "person", [], False),
        ("Crooked Dana Hartley", "Dana Hartley", "person", [], False),
        ("Councillor Dana Hartley", "Dana Hartley", "person", ["Councillor"], True),
        ("Mr. Hartley", "Dana Hartley", "person", [], True),
        ("D. Hartley", "Dana Hartley", "person", [], True),
        ("Hartley's", "Dana Hartley", "person", [], True),
        ("the veteran councillor", "Dana Hartley", "person", [], True),
        ("Kwok-wai", "Lam Kwok-wai", "person", [], True),
        ("Harbour Pilots Association", "Harbour Pilots Association", "organization", [], True),
        ("HPA", "Harbour Pilots Association", "organization", [], True),
        ("The HPA", "Harbour Pilots Association", "organization", [], True),
        ("the association", "Harbour Pilots Association", "organization", [], True),
        ("Everything", "Harbour Pilots Association", "organization", [], False),
    ],
)
def test_aliases_are_names_consistent_with_the_entity(alias: str, name: str, kind: str, roles: list[str],
                                                      fits: bool) -> None:
    assert alias_fits(alias, name, kind, roles) is fits


@pytest.mark.parametrize(
    ("role", "ok"),
    [("Everything", False), ("Rip", False), ("Foreign Minister", True), ("spokeswoman", True),
     ("farmer from Ohio", True), ("Republican", True), ("Chancellor", True)],
)
def test_roles_are_role_phrases(role: str, ok: bool) -> None:
    assert is_role_phrase(role) is ok


@pytest.mark.parametrize("headline", ["Derelict Tanaka And Reyes Fail Voters", "Weak Tanaka, Strong Reyes",
                                      "Crooked Tanaka Loses Debate"])
def test_a_headline_word_glued_to_a_surname_is_no_given_name(headline: str) -> None:
    text = headline + ("\n\nSenator Kenji Tanaka said on Monday the budget was fair. \"It is balanced,\" "
                       "Tanaka said.")
    result = quotegraph.extract(text)
    assert [(e.name, e.kind) for e in result.entities] == [("Kenji Tanaka", "person")]


def test_a_headline_word_before_a_full_name_leaves_the_full_name() -> None:
    text = ("Councillors Rip Kenji Tanaka Over Budget\n\nSenator Kenji Tanaka said on Monday the budget was "
            "fair. \"It is balanced,\" Tanaka said.")
    result = quotegraph.extract(text)
    assert [e.name for e in result.entities if e.kind == "person"] == ["Kenji Tanaka"]
    assert all(not a.startswith("Rip") for e in result.entities for a in e.aliases)


def test_a_title_cased_lede_sentence_keeps_its_names() -> None:
    text = ("Deputy Mayor Ines Kowalczyk arrived in Lyon on Monday.\n"
            "\"The tram will run by June,\" Kowalczyk said.")
    result = quotegraph.extract(text)
    assert _speakers(result) == {"Ines Kowalczyk"}
