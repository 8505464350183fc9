"""Attribution rules on short invented sentences: every quote form the foundation issue lists."""

from __future__ import annotations

import pytest

from quotegraph.attribution import find_attributions, find_quotes
from quotegraph.attribution.broad import broad_candidates
from quotegraph.attribution.candidates import QuoteIndex
from quotegraph.attribution.model import RULES_ONLY
from quotegraph.attribution.rule_candidates import rule_candidates
from quotegraph.models import Attribution
from quotegraph.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _extract(nlp, text: str) -> list[Attribution]:
    return find_attributions(nlp(text))


def _rules(nlp, text: str) -> list[Attribution]:
    """What the rules alone find (the model weighs it later), with its offsets checked."""
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    return atts


def _one(atts: list[Attribution], cue: str) -> Attribution:
    found = [a for a in atts if a.cue is not None and a.cue.text == cue]
    assert found, f"no attribution with cue {cue!r} in {[a.cue.text for a in atts if a.cue]}"
    return found[0]


def _offsets_hold(text: str, atts: list[Attribution]) -> None:
    for a in atts:
        for span in [*a.content, a.cue, a.source]:
            if span is not None:
                assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    "text, cue, source, content, kind",
    [
        ("“We will rebuild the bridge by spring,” Mayor Ana Lopez said.", "said", "Mayor Ana Lopez",
         "We will rebuild the bridge by spring,", "direct"),
        ("Mayor Ana Lopez said: “We will rebuild the bridge by spring.”", "said", "Mayor Ana Lopez",
         "We will rebuild the bridge by spring.", "direct"),
        ('"The plan is dead on arrival," said Senator Tom Reyes.', "said", "Senator Tom Reyes",
         "The plan is dead on arrival,", "direct"),
        ("The governor said the budget would be balanced next year.", "said", "The governor",
         "the budget would be balanced next year", "indirect"),
        ("The governor said that the budget would be balanced.", "said", "The governor",
         "that the budget would be balanced", "indirect"),
        ("The budget will be balanced next year, the governor said.", "said", "the governor",
         "The budget will be balanced next year", "indirect"),
        ("The coach told reporters that the team was ready.", "told", "The coach",
         "that the team was ready", "indirect"),
        ("The minister warned that prices could rise further.", "warned", "The minister",
         "that prices could rise further", "indirect"),
        ("Critics insisted the vote had been rigged.", "insisted", "Critics",
         "the vote had been rigged", "indirect"),
        ("The chairman acknowledged that mistakes were made.", "acknowledged", "The chairman",
         "that mistakes were made", "indirect"),
        ("The company denied that it had broken any rules.", "denied", "The company",
         "that it had broken any rules", "indirect"),
        ("The mayor called the proposal “a good thing for the city.”", "called", "The mayor",
         "the proposal “a good thing for the city.", "mixed"),
        ("The senator said he saw “no good reason” to delay the vote.", "said", "The senator",
         "he saw “no good reason” to delay the vote", "mixed"),
    ],
)
def test_attribution_quote_forms(nlp, text, cue, source, content, kind):
    atts = _extract(nlp, text)
    att = _one(atts, cue)
    assert att.source is not None and att.source.text == source
    assert [c.text for c in att.content] == [content]
    assert att.kind == kind
    _offsets_hold(text, atts)


def test_attribution_according_to(nlp):
    text = "According to the report, unemployment fell to a ten-year low."
    att = _one(_extract(nlp, text), "According to")
    assert att.source.text == "the report"
    assert att.content[0].text == "unemployment fell to a ten-year low"


def test_attribution_split_quote_is_one_attribution_with_two_pieces(nlp):
    text = "“We are not giving up,” she said, “and we will appeal the ruling.”"
    atts = _extract(nlp, text)
    assert len(atts) == 1
    att = atts[0]
    assert att.kind == "direct" and att.source.text == "she"
    assert [c.text for c in att.content] == ["We are not giving up,", "and we will appeal the ruling."]



@pytest.mark.parametrize(
    "text, cue, second",
    [
        ("“I expect the referee to be fair,” Dana Holt said during a rally in Dover, Del., "
         "“but plenty of fans will be watching closely.”", "said", "but plenty of fans will be watching closely."),
        ("“I like the plan,” the mayor said, but “when it comes to cost, it falls short.”", "said",
         "when it comes to cost, it falls short."),
        ("“Nobody saw this coming,” the coach told the local radio station on Sunday, "
         "“and nobody will forget it.”", "told", "and nobody will forget it."),
    ],
)
def test_attribution_split_quote_around_an_aside_of_the_cue(nlp, text, cue, second):
    att = _one(_extract(nlp, text), cue)
    assert len(att.content) == 2 and att.content[1].text == second


def test_attribution_next_quotation_with_its_own_cue_is_not_a_continuation(nlp):
    text = ("“We will appeal,” the mayor said on Friday. “The ruling was unfair to everyone in the "
            "city,” council member Rita Gomez added.")
    atts = _extract(nlp, text)
    assert [c.text for c in _one(atts, "said").content] == ["We will appeal,"]
    added = _one(atts, "added")
    assert added.source.text == "council member Rita Gomez"
    assert [c.text for c in added.content] == ["The ruling was unfair to everyone in the city,"]


def test_attribution_next_quotation_without_a_cue_continues(nlp):
    text = "“We will appeal,” the mayor said on Friday. “The ruling was unfair to everyone.”"
    att = _one(_extract(nlp, text), "said")
    assert [c.text for c in att.content] == ["We will appeal,", "The ruling was unfair to everyone."]


def test_attribution_split_quote_not_joined_across_a_second_cue(nlp):
    # the second quotation has its own cue ("adding"), so the halves stay apart
    text = "“We cannot pay for this anymore,” the governor said, adding later, “the state is broke.”"
    att = _one(_extract(nlp, text), "said")
    assert [c.text for c in att.content] == ["We cannot pay for this anymore,"]

def test_attribution_next_quotation_inside_the_writers_sentence_is_not_a_continuation(nlp):
    # the second quotation is a phrase of a sentence with its own cue ("…” to lift …, she said)
    text = ("“This just isn’t fair,” Ms. Lane said. “You pushed workers to the limit” to lift the "
            "share price, she said.")
    atts = _extract(nlp, text)
    assert [c.text for c in _one(atts, "said").content] == ["This just isn’t fair,"]
    second = [a for a in atts if a.source is not None and a.source.text == "she"]
    assert second and second[0].content[0].text.startswith("You pushed workers to the limit")


@pytest.mark.parametrize("where", ["on “Morning Edition.”", "Tuesday in an interview with “Good Morning Ohio.”"])
def test_attribution_programme_title_after_the_cue_is_not_a_split_quote(nlp, where):
    text = f"“The reform is long overdue and the workers know it,” Ortiz said {where}"
    att = _one(_extract(nlp, text), "said")
    assert [c.text for c in att.content] == ["The reform is long overdue and the workers know it,"]


def test_attribution_name_between_quote_and_cue_when_the_parse_loses_it(nlp):
    # the parser makes "Tulsa" a verb here; the capitalised run before "said" is still the source
    text = ("“I will make you this promise: We will achieve justice for this family,” Tulsa police "
            "Chief Dana Ruiz said Monday.")
    att = _one(_extract(nlp, text), "said")
    assert att.source.text == "Tulsa police Chief Dana Ruiz"
    assert [c.text for c in att.content] == [
        "I will make you this promise: We will achieve justice for this family,"]
    _offsets_hold(text, [att])


def test_attribution_quote_over_several_paragraphs(nlp):
    text = (
        "The captain spoke after the match.\n"
        "“We played with heart tonight.\n"
        "“Nobody expected us to win, but we did it together,” Mia Torres said.\n"
    )
    atts = _extract(nlp, text)
    att = _one(atts, "said")
    assert att.kind == "direct"
    assert [c.text for c in att.content] == [
        "We played with heart tonight.",
        "Nobody expected us to win, but we did it together,",
    ]


def test_attribution_responded_by_calling(nlp):
    text = "Lee responded by calling the accusation “a fairy tale.”"
    att = _one(_extract(nlp, text), "calling")
    assert att.source.text == "Lee"
    assert att.kind == "mixed"
    assert "fairy tale" in att.content[0].text


def test_attribution_clause_of_circumstance_after_the_cue_is_not_what_was_said(nlp):
    # the parser hangs "as some … cheered" on "said" as a second complement
    text = "“She never paid the fine,” she said as some wearing red hats cheered."
    for atts in (_rules(nlp, text), _extract(nlp, text)):
        said = _one(atts, "said")
        assert said.content[0].text == "She never paid the fine,"
        assert said.source.text == "she"


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        # the parser hangs "made" on the quotation's own verb
        ("The senator made this comment: “We will win.”", "made", "The senator"),
        # a clause coordinated with the first one, with a subject of its own, ends at the colon
        ("Lee said both Park and Chan are “strangers in the council,” but he gave the mayor a back-handed "
         "compliment: “You always know where he stands. He is just a very smart man.”", "gave", "he"),
    ],
)
def test_attribution_quotation_after_a_colon_belongs_to_the_clause_before_it(nlp, text, cue, source):
    atts = _rules(nlp, text)
    quoted = [a for a in atts if a.content[0].text.startswith(("We will win", "You always know"))]
    assert [(a.cue.text, a.source.text) for a in quoted] == [(cue, source)]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # the parser hangs the quoted name on the sentence's subject
        ("Park, a Lee ally, called the city’s standards “strong.”", "the city’s standards “strong."),
        ("Lee’s campaign called AP’s report a “rush to judgment,” because delegates can change their mind until "
         "the July 25 vote.", "AP’s report a “rush to judgment,"),
        # a verb phrase the parser coordinated with the quoted name is not part of it
        ('He called it "shameful" and called on leaders "not to feed that dark impulse."', 'it "shameful'),
    ],
)
def test_attribution_naming_takes_its_quoted_name_and_no_more(nlp, text, content):
    naming = [a for a in _rules(nlp, text) if a.cue.text == "called" and a.content[0].start < text.index("called") + 12]
    assert [a.content[0].text for a in naming] == [content]
    # the one who names: also where the parse made the quoted name the sentence's root
    assert naming[0].source is not None and text.startswith(naming[0].source.text)


def test_attribution_participle_cue_takes_the_main_subject(nlp):
    text = "“The deal is done,” the chief executive noted, adding that staff would keep their jobs."
    atts = _extract(nlp, text)
    adding = _one(atts, "adding")
    assert adding.source.text == "the chief executive"
    assert adding.content[0].text == "that staff would keep their jobs"
    assert _one(atts, "noted").content[0].text == "The deal is done,"


def test_attribution_scare_quotes_attribute_nothing(nlp):
    text = "Under the new law, the government imposed “emergency measures” on the region."
    assert _extract(nlp, text) == []


def test_attribution_nested_statement_has_parent(nlp):
    text = "“The president has said it many times: we will talk to anyone,” the envoy said."
    atts = _extract(nlp, text)
    outer = _one(atts, "said")
    assert outer.source.text == "the envoy"
    inner = [a for a in atts if a.parent == outer.id]
    assert inner and inner[0].source.text == "The president"


def test_attribution_addressee_mention(nlp):
    text = "He told reporters that the talks had stalled."
    att = _one(_extract(nlp, text), "told")
    assert att.addressee is not None and att.addressee.span.text == "reporters"


def test_attribution_unbalanced_marks_never_crash(nlp):
    text = "“This quote never closes, the official said.\nAnother paragraph “with a stray mark.\n”\""
    atts = _extract(nlp, text)
    _offsets_hold(text, atts)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He said “yes” and “no”.", ["yes", "no"]),
        ('She said "fine" today.', ["fine"]),
        ("“First paragraph\n“Second paragraph.”", ["First paragraph", "Second paragraph."]),
        ("“Never closed", ["Never closed"]),
        ("No quotes at all.", []),
    ],
)
def test_attribution_find_quotes(text, expected):
    pieces = [text[s:e] for q in find_quotes(text) for s, e in q.pieces]
    assert pieces == expected


def test_attribution_transcript_lines_belong_to_their_labels(nlp):
    text = (
        "The host pressed the governor on the radio show.\n\n"
        "HOLLOWAY: Governor, will you sign the budget bill this week?\n\n"
        "BRANDT: Well, I will sign it as soon as the legislature sends it to my desk.\n"
    )
    atts = _rules(nlp, text)
    by_source = {a.source.text: [c.text for c in a.content] for a in atts if a.source is not None}
    assert by_source.get("HOLLOWAY") == ["Governor, will you sign the budget bill this week?"]
    assert by_source.get("BRANDT") == ["Well, I will sign it as soon as the legislature sends it to my desk."]


def test_attribution_quoted_transcript_lines_keep_their_own_speakers(nlp):
    text = (
        "The station released the exchange.\n\n"
        "\"HOLLOWAY: Governor, will you sign the budget bill this week? Critics said you would veto it.\n\n"
        "\"BRANDT: Well, I will sign it as soon as the legislature sends it to my desk.\n\n"
        "\"And I will keep my promise to the teachers of this state.\"\n"
    )
    atts = _rules(nlp, text)
    top = {a.source.text: a for a in atts if a.source is not None and a.parent is None}
    assert [c.text for c in top["HOLLOWAY"].content] == [
        "Governor, will you sign the budget bill this week? Critics said you would veto it."]
    # the unlabelled paragraph that goes on with the quotation is still Brandt speaking
    assert [c.text for c in top["BRANDT"].content] == [
        "Well, I will sign it as soon as the legislature sends it to my desk.",
        "And I will keep my promise to the teachers of this state."]
    critics = _one(atts, "said")
    assert critics.parent == top["HOLLOWAY"].id  # reported inside the host's question


def test_attribution_a_transcripts_lone_surnames_are_labels(nlp):
    # the parser takes "Matthews" for a plural noun; beside "Luciana Ortiz:" it is a speaker's label
    text = (
        "The panel discussed the tax plan on Saturday.\n\n"
        "Luciana Ortiz: Saying to people that the market is rigged is easy. Everyone pictures it differently.\n\n"
        "Matthews: Well, speculation is bad for savers.\n\n"
        "Ortiz: Well, no one thinks their savings account is speculation. In a way, it means all things to all people.\n"
    )
    atts = _rules(nlp, text)
    by_source = {a.source.text: [c.text for c in a.content] for a in atts if a.source is not None and a.parent is None}
    assert by_source.get("Matthews") == ["Well, speculation is bad for savers."]


def test_attribution_lone_capitalised_labels_outside_a_transcript_are_no_speakers(nlp):
    text = "The council met on Monday.\n\nTimetables: the new ferry schedule starts in May and runs until October.\n"
    atts = _rules(nlp, text)
    assert not any(a.source is not None and a.source.text == "Timetables" for a in atts)


@pytest.mark.parametrize("label, kept", [("Poll", True), ("NY Daily News", True), ("BREAKING", False),
                                          ("Correction", False), ("Posted", False)])
def test_attribution_headline_labels(nlp, label, kept):
    text = f"{label}: Clinton and Trump are in a dead heat before the first debate\n\nThe race tightened.\n"
    atts = find_attributions(nlp(text), RULES_ONLY)
    sources = [a.source.text for a in atts if a.source is not None]
    assert (label in sources) is kept


def test_attribution_quoted_title_before_the_verb_is_not_what_was_written(nlp):
    text = "As “The Wall Street Journal” wrote, voters worry about the economy more than anything else.\n"
    atts = find_attributions(nlp(text), RULES_ONLY)
    assert all(c.text != "The Wall Street Journal" for a in atts for c in a.content)


def _broad(nlp, text: str, rule: str):
    return _broad_doc(nlp(text), rule)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In the latest poll, Clinton leads Trump by five points.",
         [("In", "the latest poll", ["Clinton leads Trump by five points"])]),
        ("For many Democrats, the decision is already clear.",
         [("For", "many Democrats", ["the decision is already clear"])]),
        ("In 2012, Obama won Ohio by three points.", []),
        ("For his part, the mayor stayed home.", []),
    ],
)
def test_broad_clause_framed_by_a_poll_or_a_holder(nlp, text, expected):
    assert _broad(nlp, text, "broad-frame") == expected


def test_broad_seeming_takes_the_subject_and_what_it_seems(nlp):
    assert _broad(nlp, "Clinton seemed irritated by the question.", "broad-seem") == [
        ("seemed", None, ["Clinton", "irritated by the question"])]


def test_broad_hearsay_adverb_marks_the_clause_without_itself(nlp):
    assert _broad(nlp, "The FBI is reportedly making arrangements to interview her.", "broad-hearsay") == [
        ("reportedly", None, ["The FBI is", "making arrangements to interview her"])]


def _parsed(nlp, rows: list[tuple[str, int, str, str]]):
    """A document with the parse given (word, head index, dependency, part of speech), as the
    parser sometimes gets it wrong; one space after each word but before punctuation."""
    from spacy.tokens import Doc

    words = [w for w, *_ in rows]
    spaces = [i + 1 < len(words) and words[i + 1] not in ",." for i in range(len(words))]
    lemmas = [{"told": "tell", "won": "win", "took": "take", "had": "have"}.get(w, w.lower()) for w in words]
    return Doc(nlp.vocab, words=words, spaces=spaces, heads=[h for _, h, _, _ in rows],
               deps=[d for _, _, d, _ in rows], pos=[p for *_, p in rows], lemmas=lemmas)


def test_attribution_according_to_closes_the_whole_coordination(nlp):
    # "…, Jones had 36 and Brown won 13, according to …" with "according" on the last clause
    doc = _parsed(nlp, [
        ("Smith", 1, "nsubj", "PROPN"), ("won", 1, "ROOT", "VERB"), ("37", 3, "nummod", "NUM"),
        ("percent", 1, "dobj", "NOUN"), (",", 1, "punct", "PUNCT"), ("Jones", 6, "nsubj", "PROPN"),
        ("had", 1, "conj", "VERB"), ("36", 8, "nummod", "NUM"), ("percent", 6, "dobj", "NOUN"),
        ("and", 6, "cc", "CCONJ"), ("Brown", 11, "nsubj", "PROPN"), ("took", 6, "conj", "VERB"),
        ("13", 13, "nummod", "NUM"), ("percent", 11, "dobj", "NOUN"), (",", 11, "punct", "PUNCT"),
        ("according", 11, "prep", "VERB"), ("to", 15, "prep", "ADP"), ("the", 18, "det", "DET"),
        ("results", 16, "pobj", "NOUN"), (".", 1, "punct", "PUNCT"),
    ])
    text = doc.text
    (cand,) = [c for c in rule_candidates(doc, QuoteIndex(text)) if c.rule == "according"]
    assert [text[s:e] for s, e in cand.content] == ["Smith won 37 percent, Jones had 36 percent and Brown took 13 percent"]
    assert text[cand.source[0]:cand.source[1]] == "the results"


def test_attribution_quotation_after_an_aside_of_the_cue_continues(nlp):
    text = ("The fixtures are new.\n\n''It's like a new plane,'' Mr. Long said in a documentary that showed off "
            "some of the renovations. ''The plane is very much an extension of the brand.''\n\nThe jet is old.\n")
    att = _one(_rules(nlp, text), "said")
    assert [c.text for c in att.content] == ["It's like a new plane,", "The plane is very much an extension of the brand."]


def test_attribution_clause_ends_before_the_speakers_next_act(nlp):
    text = "The senator said the party was not in a crisis and urged that everyone take a deep breath.\n"
    att = _one(_rules(nlp, text), "said")
    assert [c.text for c in att.content] == ["the party was not in a crisis"]


def test_attribution_clause_that_holds_a_quotation_is_the_content(nlp):
    text = "The candidate gave no estimate, though he said “budget reforms” and the collection of unpaid taxes would pay for them.\n"
    att = _one(_rules(nlp, text), "said")
    assert [c.text for c in att.content] == ["budget reforms” and the collection of unpaid taxes would pay for them"]
    assert att.kind == "mixed"


def test_broad_question_clause_the_parse_hung_as_an_adverbial(nlp):
    found = _broad(nlp, "The reporter asked the students if they were always so serious.", "broad-ccomp")
    assert ("asked", "The reporter", ["if they were always so serious"]) in found


def test_broad_speech_verb_the_parse_hung_on_what_it_says(nlp):
    # "Instead, Trump told CNN, his policy would be …" with "told" under the content's verb
    before = _parsed(nlp, [
        ("Trump", 1, "nsubj", "PROPN"), ("told", 7, "ccomp", "VERB"), ("CNN", 1, "dobj", "PROPN"),
        (",", 7, "punct", "PUNCT"), ("his", 5, "poss", "PRON"), ("policy", 7, "nsubj", "NOUN"),
        ("would", 7, "aux", "AUX"), ("change", 7, "ROOT", "VERB"), ("soon", 7, "advmod", "ADV"),
        (".", 7, "punct", "PUNCT"),
    ])
    assert _broad_doc(before, "broad-hung") == [("told", "Trump", ["his policy would change soon"])]
    # "X remains committed …, his aide told the Post" with "told" coordinated after the content
    after = _parsed(nlp, [
        ("Sanders", 1, "nsubj", "PROPN"), ("remains", 1, "ROOT", "VERB"), ("committed", 1, "acomp", "ADJ"),
        (",", 1, "punct", "PUNCT"), ("his", 5, "poss", "PRON"), ("aide", 6, "nsubj", "NOUN"),
        ("told", 1, "conj", "VERB"), ("reporters", 6, "dobj", "NOUN"), (".", 1, "punct", "PUNCT"),
    ])
    assert _broad_doc(after, "broad-hung") == [("told", "his aide", ["Sanders remains committed"])]
    # "… and told reporters": the speaker's own next act, not a hung cue
    joined = _parsed(nlp, [
        ("Sanders", 1, "nsubj", "PROPN"), ("left", 1, "ROOT", "VERB"), ("early", 1, "advmod", "ADV"),
        ("and", 1, "cc", "CCONJ"), ("told", 1, "conj", "VERB"), ("reporters", 4, "dobj", "NOUN"),
        (".", 1, "punct", "PUNCT"),
    ])
    assert _broad_doc(joined, "broad-hung") == []


def _broad_doc(doc, rule: str):
    text = doc.text
    return [(text[c.cue[0]:c.cue[1]], text[c.source[0]:c.source[1]] if c.source else None,
             [text[s:e] for s, e in c.content]) for c in broad_candidates(doc, QuoteIndex(text)) if c.rule == rule]


def test_broad_object_frame_stops_at_a_phrase_of_circumstance(nlp):
    # "Trump mentioned Machado since the debate": "since" says when, not what was said
    since = _parsed(nlp, [
        ("Trump", 1, "nsubj", "PROPN"), ("mentioned", 1, "ROOT", "VERB"), ("Machado", 1, "dobj", "PROPN"),
        ("since", 1, "prep", "ADP"), ("the", 5, "det", "DET"), ("debate", 3, "pobj", "NOUN"),
        (".", 1, "punct", "PUNCT"),
    ])
    assert _broad_doc(since, "broad-dobj-frame") == []
    assert _broad_doc(since, "broad-dobj") == [("mentioned", "Trump", ["Machado"])]
    # "accused him of lying": "of" frames the object, so the frame is a reading
    of = _parsed(nlp, [
        ("She", 1, "nsubj", "PRON"), ("accused", 1, "ROOT", "VERB"), ("him", 1, "dobj", "PRON"),
        ("of", 1, "prep", "ADP"), ("lying", 3, "pcomp", "VERB"), (".", 1, "punct", "PUNCT"),
    ])
    assert _broad_doc(of, "broad-dobj-frame") == [("accused", "She", ["him of lying"])]


def test_broad_object_frame_leaves_out_the_hearer_of_a_told_clause(nlp):
    # "told reporters the plan was flawed": the clause is said to the object, who is no part of it
    told = _parsed(nlp, [
        ("Lena", 2, "compound", "PROPN"), ("Brandt", 2, "nsubj", "PROPN"), ("told", 2, "ROOT", "VERB"),
        ("reporters", 2, "dobj", "NOUN"), ("the", 5, "det", "DET"), ("plan", 6, "nsubj", "NOUN"),
        ("was", 2, "ccomp", "AUX"), ("flawed", 6, "acomp", "ADJ"), (".", 2, "punct", "PUNCT"),
    ])
    assert _broad_doc(told, "broad-dobj-frame") == []
    # what the extractor reads: the clause alone, the object as its hearer
    text = "Lena Brandt told reporters the plan was flawed."
    found = _one(_extract(nlp, text), "told")
    assert [c.text for c in found.content] == ["the plan was flawed"]


def test_a_that_clause_the_parse_hung_on_the_cues_circumstance_is_what_was_said(nlp):
    # "told analysts on a call that demand remained strong", parsed as a call "that demand …"
    doc = _parsed(nlp, [
        ("Lena", 1, "compound", "PROPN"), ("Park", 2, "nsubj", "PROPN"), ("told", 2, "ROOT", "VERB"),
        ("analysts", 2, "dobj", "NOUN"), ("on", 2, "prep", "ADP"), ("a", 6, "det", "DET"),
        ("call", 4, "pobj", "NOUN"), ("that", 9, "mark", "SCONJ"), ("demand", 9, "nsubj", "NOUN"),
        ("remained", 6, "relcl", "VERB"), ("strong", 9, "acomp", "ADJ"), (".", 2, "punct", "PUNCT"),
    ])
    text = doc.text
    found = [(text[c.cue[0]:c.cue[1]], [text[a:b] for a, b in c.content])
             for c in rule_candidates(doc, QuoteIndex(text)) if c.rule == "ccomp"]
    assert found == [("told", ["that demand remained strong"])]
    # a relative clause whose "that" is its subject is the noun's, not what was said
    rel = _parsed(nlp, [
        ("Park", 1, "nsubj", "PROPN"), ("spoke", 1, "ROOT", "VERB"), ("on", 1, "prep", "ADP"),
        ("a", 4, "det", "DET"), ("call", 2, "pobj", "NOUN"), ("that", 6, "nsubj", "PRON"),
        ("lasted", 4, "relcl", "VERB"), ("an", 8, "det", "DET"), ("hour", 6, "npadvmod", "NOUN"),
        (".", 1, "punct", "PUNCT"),
    ])
    assert not [c for c in rule_candidates(rel, QuoteIndex(rel.text)) if c.rule == "ccomp"]

def test_table_helpers_agree_with_the_token_objects(nlp) -> None:
    from quotegraph.attribution.parse import token_range
    from quotegraph.attribution.rule_candidates import _descends_from, _last_closed_before
    from quotegraph.nlp.tokens import token_table

    # invented text: quotations before and after cues, an aside, punctuation at the edges
    doc = nlp("“It is done,” the minister said, “and we move on.” Aides, who declined to comment, "
              "said: “Nothing more.” Later, “yes” and ‘no’ were all (reportedly) heard.")
    heads = token_table(doc).head
    for tok in doc:
        for other in doc:
            assert _descends_from(heads, tok.i, other.i) == (other in tok.ancestors)
    for lo in range(len(doc)):
        for hi in range(lo, min(len(doc), lo + 6)):
            span = doc[lo:hi + 1]
            kept = [t for t in span if not t.is_space and t.text not in set(",.;:!?—–-…()[]“”\"‘’'«»„")]
            inner = doc[kept[0].i:kept[-1].i + 1] if kept else None
            assert token_range(doc, lo, hi) == ((inner.start_char, inner.end_char) if inner else None)
    quotes = QuoteIndex(doc.text)
    assert len(quotes.items) >= 4
    for start in range(0, len(doc.text), 7):
        for end in range(start, len(doc.text) + 1, 11):
            earlier = [q for q in quotes.between(start, end) if q.close_at <= end]
            assert _last_closed_before(quotes, start, end) == (earlier[-1] if earlier else None)


def _subject_by_tokens(tok):  # the token-object reading subject_of replaces
    node = tok
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subjects:
            return min(subjects, key=lambda c: abs(c.i - node.i))
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":
            node = node.head.head
        elif node.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl") and node.head.i != node.i:
            node = node.head
        else:
            return None
    return None


def test_parse_helpers_on_the_table_read_the_parse_as_the_tokens_do(nlp) -> None:
    from quotegraph.attribution.parse import agent_of, next_act_cut, source_span, subject_of

    # invented: passives with agents, coordinated speech acts, relative clauses, "whose"
    doc = nlp("The plan was rejected by the council, whose chair said it failed and urged a vote. "
              "Officials who saw it, aides to the mayor, said the deal, signed Monday, would pass, "
              "and added that talks continue. Responding by calling it a hoax, she left.")
    for tok in doc:
        assert subject_of(tok) == _subject_by_tokens(tok)
        agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        assert agent_of(tok) == agent
        rights = [c.i for c in tok.rights]
        assert all(next_act_cut(tok, hi) <= hi for hi in (tok.i, len(doc) - 1))
        assert rights == sorted(rights)
    speaker = next(t for t in doc if t.lower_ == "chair")
    assert doc.text[slice(*source_span(speaker))] == "the council"  # "whose chair" → the council
    said = next(t for t in doc if t.lower_ == "said")
    clause = next(c for c in said.children if c.dep_ == "ccomp")
    assert doc[next_act_cut(clause, clause.right_edge.i)].i < next(t.i for t in doc if t.lower_ == "urged")


def _rule_quotes(nlp, text: str) -> dict[str, list[list[str]]]:
    """The rules' ``quote`` candidates of ``text``: cue text → each one's content pieces."""
    doc = nlp(text)
    out: dict[str, list[list[str]]] = {}
    for c in rule_candidates(doc, QuoteIndex(text)):
        if c.rule == "quote":
            out.setdefault(text[c.cue[0]:c.cue[1]], []).append([text[s:e] for s, e in c.content])
    return out


@pytest.mark.parametrize("open_, close", [("“", "”"), ("''", "''")])
def test_attribution_next_sentence_quote_with_its_own_cue_is_not_a_second_half(nlp, open_, close):
    # the first quotation ends with a comma, but the next one has a cue of its own after it
    text = (f"{open_}There is no doubt that the mayor is acting in a bold way,{close} said Ann Lee, a former aide "
            f"who has known him for years. {open_}He is trying to set a path for the city,{close} she said.")
    said = _rule_quotes(nlp, text)["said"]
    assert ["There is no doubt that the mayor is acting in a bold way,"] in said
    assert ["He is trying to set a path for the city,"] in said


def test_attribution_title_named_before_the_cue_gives_way_to_the_quotation_after_it(nlp):
    text = "On NBC’s “Meet the Press” Sunday, she said, “I never promised to pay for the trip.”"
    assert _rule_quotes(nlp, text)["said"] == [["I never promised to pay for the trip."]]


def test_attribution_a_statement_before_the_cue_keeps_it(nlp):
    # a comma closes the first quotation: it is what she said, the quotation after is not joined
    text = "“We are ready,” she said, “Meet the Press” was next."
    assert ["We are ready,"] in _rule_quotes(nlp, text)["said"]


def test_attribution_quotation_ending_in_a_nested_question_is_framed_by_the_cue_after_it(nlp):
    text = ("The mayor met voters on Monday. “We are ready,” he said.\n\n“When this came about and she read "
            "about it, her answer has been, ‘Let’s see what’s going on, and what can we do to help?’” Garcia "
            "told reporters during the call.")
    told = _rule_quotes(nlp, text)["told"]
    assert told == [["When this came about and she read about it, her answer has been, ‘Let’s see what’s going "
                     "on, and what can we do to help?’"]]


@pytest.mark.parametrize(("text", "source"), [
    ("The debate went on for hours.\n\n“What is shaping up is a battle for the ages,” said Dana Brook, a "
     "campaign confidant who heads the group Voters First.", "Dana Brook"),
    # the parser makes the name the subject of the participle after it
    ("The debate went on for hours.\n\n“I am not going to say it is a mistake, so forget about it,” said "
     "retired surgeon Ben Carver, asked about his claims that he had received a scholarship.",
     "retired surgeon Ben Carver"),
])
def test_attribution_name_after_an_inverted_verb_is_the_source(nlp, text, source):
    doc = nlp(text)
    quotes = [c for c in rule_candidates(doc, QuoteIndex(text)) if c.rule == "quote"]
    assert [text[c.source[0]:c.source[1]] for c in quotes if c.source] == [source]


def test_attribution_quotation_in_the_speakers_own_clause_is_not_a_second_half(nlp):
    text = ("The video was released on Tuesday.\n\n“People are angry,” said Alderman Jay Erwin, who thinks the "
            "mayor and his staff “need to be more open, working with the community.”")
    assert _rule_quotes(nlp, text)["said"] == [["People are angry,"]]


def test_a_statement_reported_in_anothers_words_nests_in_it(nlp):
    text = ("President Elena Marsh told parliament on Tuesday that Prime Minister Ivo Horvat had "
            "assured her the budget would pass.")
    atts = _extract(nlp, text)
    outer, inner = _one(atts, "told"), _one(atts, "assured")
    assert outer.parent is None
    assert inner.parent == outer.id
    assert [c.text for c in inner.content] == ["the budget would pass"]
    assert inner.source is not None and inner.source.text == "Prime Minister Ivo Horvat"
    # an act reported in someone's words is no statement of its own
    acts = _extract(nlp, "The coach said the club had signed two players.")
    assert [a.cue.text for a in acts if a.cue] == ["said"]
