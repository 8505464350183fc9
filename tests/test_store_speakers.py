"""Cross-article speaker merging: one id per person, conservative (two Clintons stay two)."""

from __future__ import annotations

import pytest

from conftest import make_result, person
from quotegraph.models import Entity
from quotegraph.store import Store, names


def _add(store: Store, aid: str, ent: Entity, quote: str) -> str:
    text = f"Opening line of story {aid} about politics.\n\"{quote}\" {ent.name.split()[-1]} said at the event."
    assert store.add(make_result(aid, text, [(quote, ent)], [ent], url=f"https://x.example/{aid}"))
    [hit] = store.search(article_id=store.articles(limit=1000)[[a["title"] for a in store.articles(limit=1000)].index(aid)]["id"]).hits
    assert hit.speaker_id is not None
    return hit.speaker_id


def test_store_two_clintons_stay_two_people(store: Store) -> None:
    bill = person("e1", "Bill Clinton", ["Clinton", "former President Bill Clinton"], ["former President"])
    hillary = person("e1", "Hillary Clinton", ["Clinton"], ["Secretary of State"])
    b1 = _add(store, "b1", bill, "The economy is strong today.")
    h1 = _add(store, "h1", hillary, "Diplomacy comes first always.")
    b2 = _add(store, "b2", person("e7", "Bill Clinton", ["Clinton"]), "I remember the nineties well.")
    h2 = _add(store, "h2", person("e3", "Hillary Rodham Clinton", ["Clinton"]), "We must act together now.")
    assert b1 == b2
    assert h1 != b1
    # "Hillary Rodham Clinton" has Hillary's first and last name: the same person.
    assert h2 == h1
    assert {s.name for s in store.speakers()} == {"Bill Clinton", "Hillary Clinton"}


def test_store_bare_surname_merges_only_through_a_shared_role(store: Store) -> None:
    h = _add(store, "h1", person("e1", "Hillary Clinton", ["Clinton"], ["Secretary of State"]), "Talks will continue.")
    b = _add(store, "b1", person("e1", "Bill Clinton", ["Clinton"], ["former President"]), "Jobs are coming back.")
    by_role = _add(store, "c1", person("e1", "Clinton", [], ["Secretary of State"]), "The treaty is signed.")
    no_role = _add(store, "c2", person("e1", "Clinton", []), "Nobody knows which Clinton said this.")
    no_role_again = _add(store, "c3", person("e1", "Clinton", []), "Another bare surname statement here.")
    assert by_role == h
    assert no_role not in (h, b)
    assert no_role_again == no_role


def test_store_titles_and_possessives_do_not_split_a_person(store: Store) -> None:
    a = _add(store, "a1", person("e1", "Joe Biden", ["Biden"], ["President"]), "Infrastructure matters most.")
    b = _add(store, "a2", person("e1", "President Joe Biden", ["Biden"]), "We will rebuild the roads.")
    assert a == b
    info = store.speaker(a)
    assert info is not None
    assert info.name == "Joe Biden" and "President" in info.roles
    assert info.statements == 2 and info.articles == 2


def test_store_organisations_merge_on_name_or_alias(store: Store) -> None:
    un = Entity("e1", "the United Nations", "organization", ["UN", "United Nations"], [])
    a = _add(store, "o1", un, "Aid will arrive next week.")
    b = _add(store, "o2", Entity("e2", "United Nations", "organization", [], []), "Talks resume on Friday.")
    c = _add(store, "o3", Entity("e3", "UN", "organization", [], []), "The ceasefire holds for now.")
    assert a == b == c


def test_store_speaker_ids_do_not_depend_on_the_backend_or_run(tmp_path) -> None:
    ids = []
    for n in range(2):
        st = Store.open(tmp_path / f"s{n}.sqlite")
        ids.append(_add(st, "k1", person("e1", "Maria Okafor", ["Okafor"]), "The budget is balanced."))
        st.close()
    assert ids[0] == ids[1] == names.speaker_id("person", "maria okafor")


@pytest.mark.parametrize(
    ("name", "kind", "norm"),
    [
        ("President Joe Biden's", "person", "joe biden"),
        ("Dr. Anthony Fauci", "person", "anthony fauci"),
        ("Martin Luther King Jr.", "person", "martin luther king"),
        ("José Álvarez", "person", "jose alvarez"),
        ("the United Nations", "organization", "united nations"),
        ("Sen.", "person", "sen"),
    ],
)
def test_store_norm_name(name: str, kind: str, norm: str) -> None:
    assert names.norm_name(name, kind) == norm


@pytest.mark.parametrize(
    ("alias", "indexed"),
    [("Clinton", True), ("he", False), ("the Russian diplomat", False), ("Russian Foreign Minister Lavrov", True)],
)
def test_store_only_names_become_aliases(alias: str, indexed: bool) -> None:
    assert names.is_name_alias(alias) is indexed


def test_store_speaker_kinds_of_stored_ids(store: Store) -> None:
    okafor = _add(store, "k1", person("e1", "Maria Okafor", ["Okafor"]), "The budget is balanced now.")
    assert store.speaker_kinds([okafor, "no-such-id"]) == {okafor: "person"}
    assert store.speaker_kinds([]) == {}
