"""Outlets the entity recogniser misses or mislabels, on paragraphs written for the project: a
capitalised "The …" in running text, the name a report ran in or was made by, and the outlet
that "the newspaper", "the outlet" and "the report" then stand for."""

from __future__ import annotations

import quotegraph
from quotegraph.nlp import load_pipeline
from quotegraph.speakers.entities import missed_publications


def _speakers(text: str) -> list[tuple[str | None, str | None]]:
    return [(a.source.text if a.source else None, a.speaker.name if a.speaker else None)
            for a in quotegraph.extract(text).attributions]


def test_the_newspaper_is_the_outlet_whose_editors_the_text_named() -> None:
    text = ("Flood relief stalls\n\nResidents of Harlow County waited a week for help after the river "
            "rose. That did not sit well with the editors of The Lantern, who aimed a Friday editorial "
            "at the governor.\n\n\"If he wants to lead this state, he should come and see it,\" the "
            "editorial read.\n\nThe newspaper said the state had been too slow to send pumps.\n")
    assert ("The newspaper", "Lantern") in _speakers(text)


def test_a_report_by_an_outlet_is_the_outlets_and_so_is_the_outlet_told() -> None:
    text = ("Singer's manager is unhappy\n\nThe producer Dana Whitlow is unhappy with how her label "
            "handled the dispute, according to a new report by Q! Daily.\n\n\"She feels ignored,\" an "
            "insider told the outlet on Monday.\n")
    doc = quotegraph.extract(text)
    assert ("organization", "Q! Daily") in [(e.kind, e.name) for e in doc.entities]
    assert [a.speaker.name if a.speaker else None for a in doc.attributions
            if a.source and a.source.text == "a new report"] == ["Q! Daily"]
    told = [a for a in doc.attributions if a.cue and a.cue.text == "told"]
    assert told and told[0].addressee is not None and told[0].addressee.entity is not None
    assert told[0].addressee.entity.name == "Q! Daily"


def test_an_outlet_labelled_a_building_is_the_maker_of_the_report_it_ran() -> None:
    text = ("Town council votes\n\nThe town council voted 5-2 on Tuesday to close the pool, according "
            "to a report in the Marlow Beacon.\n\nThe report said the pool had lost money for six "
            "years.\n")
    assert _speakers(text) == [("a report", "Marlow Beacon"), ("The report", "Marlow Beacon")]


def test_capitalised_words_of_headlines_and_titles_are_no_outlets() -> None:
    nlp = load_pipeline()
    for text in ("Why The Senate Vote Matters For The Economy\n",
                 "She wrote a book, The Age of Plenty, about the boom years.\n",
                 "The Rubio-backing group spent heavily in the state last month.\n",
                 "The board asked for an investigation by a Special Prosecutor into the sale.\n"):
        assert [s.text for s in missed_publications(nlp(text))] == [], text
