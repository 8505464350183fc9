"""Quotation forms real pages use: British single quotes, quotes continued over paragraphs,
a colon after a name, and a quotation that goes on with the previous speaker's turn.

Every text here is invented for the tests."""

from __future__ import annotations

import pytest

from quotegraph.attribution import find_attributions, find_quotes
from quotegraph.attribution.model import RULES_ONLY
from quotegraph.models import Attribution
from quotegraph.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _pieces(text: str) -> list[list[str]]:
    return [[text[s:e] for s, e in q.pieces] for q in find_quotes(text)]


def _offsets_hold(text: str, atts: list[Attribution]) -> None:
    for a in atts:
        for span in [*a.content, a.cue, a.source]:
            if span is not None:
                assert text[span.start : span.end] == span.text


def _by_source(atts: list[Attribution]) -> dict[str, list[str]]:
    return {a.source.text: [c.text for c in a.content] for a in atts if a.source is not None and a.parent is None}


def _rules_by_source(nlp, text: str) -> dict[str, list[str]]:
    """What the rules alone attribute to each source, their offsets checked."""
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    return _by_source(atts)


# --- the scanner: single marks ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Don't touch Jones' car: it's from the '90s, and rock 'n' roll lives on.",
        "The players' union met the owners' lawyers in the '16 season.",
        "O'Brien's team won't say what the Hendersons' plans are.",
        "The ’80s were kind to the Smiths’ shop, and they’re still open.",
    ],
)
def test_apostrophes_are_not_quotation_marks(text):
    assert find_quotes(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("‘We will win,’ Sanders said. ‘Nobody doubts it.’", [["We will win,"], ["Nobody doubts it."]]),
        ("'We'll win,' he said, 'and we won't stop.'", [["We'll win,"], ["and we won't stop."]]),
        ("'I can't promise the players' union anything,' the coach said.",
         [["I can't promise the players' union anything,"]]),
        ("‘I can’t promise the players’ union anything,’ the coach said.",
         [["I can’t promise the players’ union anything,"]]),
        ("He called it 'rock 'n' roll' and left.", [["rock 'n' roll"]]),
        ("The kids' toys were 'fine', he said.", [["fine"]]),
        ("Fans of the '90s loved the 'Big Apple' tour.", [["Big Apple"]]),
        ("The film ‘13th’ opened in the ’90s.", [["13th"]]),
    ],
)
def test_single_quotations_are_told_from_apostrophes(text, expected):
    assert _pieces(text) == expected


def test_a_long_single_quoted_sentence_counts_in_a_text_that_quotes_with_double_marks():
    text = ("“The vote is on Friday,” the clerk said. The mayor said: 'We will fight on until the very "
            "last ballot is counted in every single ward of this city and the next one too.'")
    assert _pieces(text)[-1] == ["We will fight on until the very last ballot is counted in every single "
                                 "ward of this city and the next one too."]


def test_single_quotes_nested_in_double_ones_stay_part_of_them():
    text = "“He called it ‘a disgrace’ and left,” she said. “They said 'no' twice.”"
    assert _pieces(text) == [["He called it ‘a disgrace’ and left,"], ["They said 'no' twice."]]


def test_british_text_nests_double_quotes_inside_single_ones():
    text = "‘He called the plan “a disgrace” and walked out,’ she said. ‘It was,’ he replied."
    assert _pieces(text) == [["He called the plan “a disgrace” and walked out,"], ["It was,"]]


def test_british_quote_continued_over_paragraphs():
    text = ("‘We’ll keep going until the very end of this long campaign,’ she said.\n\n"
            "‘We have the votes and the volunteers.\n\n"
            "‘And we have the money,’ she added.")
    assert _pieces(text) == [
        ["We’ll keep going until the very end of this long campaign,"],
        ["We have the votes and the volunteers.", "And we have the money,"],
    ]


def test_unclosed_single_quote_does_not_run_to_the_paragraph_end_in_a_double_quoted_text():
    text = "“We are ready,” he said. His 'plan, as aides called it, was never published.\n\nThe end."
    assert _pieces(text) == [["We are ready,"]]


def test_double_quote_continued_over_paragraphs_with_an_apostrophe_in_it():
    text = "“We can’t stop now.\n\n“The fans’ voices carry us,” the captain said."
    assert _pieces(text) == [["We can’t stop now.", "The fans’ voices carry us,"]]


def test_doubled_apostrophe_quote_continued_over_paragraphs():
    text = ("The coach said: ''We played with heart tonight.\n\n''Nobody expected us to win.\n\n"
            "''And we did it together,'' Mia Torres added.\n")
    assert _pieces(text) == [["We played with heart tonight.", "Nobody expected us to win.", "And we did it together,"]]


def test_stray_doubled_apostrophe_inside_a_sentence_opens_nothing():
    text = "It lists 500 more billionaire ''family fortunes (see the notes).\n\n''We count them all,'' she said.\n"
    assert _pieces(text) == [["We count them all,"]]


# --- attributions ----------------------------------------------------------------------------


def test_british_split_quote_and_its_continuation(nlp):
    text = "‘We will rebuild the bridge by spring,’ said Ana Lopez, ‘and the road after it.’"
    atts = find_attributions(nlp(text))
    _offsets_hold(text, atts)
    assert _by_source(atts) == {"Ana Lopez": ["We will rebuild the bridge by spring,", "and the road after it."]}


def test_british_quote_with_name_after_it(nlp):
    text = "‘The new stadium will open in August,’ Mayor Ana Lopez said on Tuesday."
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    assert _by_source(atts) == {"Mayor Ana Lopez": ["The new stadium will open in August,"]}


@pytest.mark.parametrize(
    "text, source, content",
    [
        ("The senator spoke in Iowa.\n\nSanders: 'We will win this nomination and then the election.'\n",
         "Sanders", "We will win this nomination and then the election."),
        ("The senator spoke in Iowa.\n\nSanders: “We will win this nomination and then the election.”\n",
         "Sanders", "We will win this nomination and then the election."),
        ("Lopez: ‘We will rebuild the bridge’\n\nThe mayor spoke on Monday at the site of the old bridge.\n",
         "Lopez", "We will rebuild the bridge"),
        ("The mayor spoke on Monday. Mayor Ana Lopez: “We will rebuild the bridge by spring.”",
         "Mayor Ana Lopez", "We will rebuild the bridge by spring."),
    ],
)
def test_quotation_introduced_by_a_name_and_a_colon(nlp, text, source, content):
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    assert _by_source(atts).get(source) == [content]


@pytest.mark.parametrize("label", ["Update", "Watch", "Correction"])
def test_a_heading_label_before_a_quotation_is_no_speaker(nlp, label):
    text = f"The council met on Monday. {label}: “The meeting is postponed until further notice.”"
    atts = find_attributions(nlp(text), RULES_ONLY)
    assert label not in _by_source(atts)


# --- a quotation with no cue goes on with the previous speaker's turn -------------------------


def _content_of(atts: list[Attribution], source: str) -> list[str]:
    found = [a for a in atts if a.source is not None and a.source.text == source and a.parent is None]
    assert found, f"no statement by {source!r}"
    return [c.text for c in found[0].content]


def _statements_of(atts: list[Attribution], source: str) -> list[list[str]]:
    return [[c.text for c in a.content] for a in atts
            if a.source is not None and a.source.text == source and a.parent is None]


@pytest.mark.parametrize(
    "text, source, statements",
    [
        # a quote paragraph after a direct statement: the speaker's next statement
        ("“We will rebuild the bridge by spring,” Mayor Ana Lopez said on Monday.\n\n"
         "“The money is there and the workers are ready to start.”\n",
         "Mayor Ana Lopez",
         [["We will rebuild the bridge by spring,"], ["The money is there and the workers are ready to start."]]),
        # the same in British marks
        ("‘We will rebuild the bridge by spring,’ Mayor Ana Lopez said on Monday.\n\n"
         "‘The money is there and the workers are ready to start.’\n",
         "Mayor Ana Lopez",
         [["We will rebuild the bridge by spring,"], ["The money is there and the workers are ready to start."]]),
        # after an indirect statement that ends its paragraph
        ("Council member Rita Gomez said the budget would leave the schools without enough teachers.\n\n"
         "“We cannot ask parents to accept classes of forty children again this year.”\n",
         "Council member Rita Gomez",
         [["the budget would leave the schools without enough teachers"],
          ["We cannot ask parents to accept classes of forty children again this year."]]),
        # right after an indirect statement's sentence, in its paragraph: one statement
        ("The union’s lawyer told reporters that the offer was not the whole story. “The company "
         "has known about the shortfall for two years and said nothing to anyone.”\n\n"
         "The company did not respond.\n",
         "The union’s lawyer",
         [["that the offer was not the whole story",
           "The company has known about the shortfall for two years and said nothing to anyone."]]),
        # the indirect statement's last word is an abbreviation whose full stop ends the sentence
        ("Principal Omar Reyes said the school would post updates every morning by 6 a.m. “Check the "
         "website before you leave the house.”\n",
         "Principal Omar Reyes",
         [["the school would post updates every morning by 6 a.m.", "Check the website before you leave the house."]]),
        # a quotation after a direct statement in its own paragraph: one statement
        ("“We will rebuild the bridge by spring,” Mayor Ana Lopez said on Monday. “The money is there.”\n",
         "Mayor Ana Lopez",
         [["We will rebuild the bridge by spring,", "The money is there."]]),
    ],
)
def test_quotation_with_no_cue_continues_the_previous_speaker(nlp, text, source, statements):
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    assert _statements_of(atts, source) == statements


@pytest.mark.parametrize(
    "between",
    [
        # another speaker's statement
        "Council member Rita Gomez said the plan was far too expensive for the city.\n\n",
        # a narrative paragraph in between
        "The bridge was closed in March after a storm damaged its central pier.\n\n",
        # a sentence about someone else in the same paragraph
        "",
    ],
)
def test_quote_paragraph_does_not_continue_across_someone_else(nlp, between):
    first = "“We will rebuild the bridge by spring,” Mayor Ana Lopez said on Monday."
    if not between:
        first += " Rita Gomez walked out of the meeting."
    text = f"{first}\n\n{between}“The money is there and the workers are ready to start.”\n"
    atts = find_attributions(nlp(text), RULES_ONLY)
    assert _content_of(atts, "Mayor Ana Lopez") == ["We will rebuild the bridge by spring,"]


@pytest.mark.parametrize(
    ("after_cue", "continues"),
    [
        # someone else does something in the cue's own sentence: the next quotation may be theirs
        (", and her husband cut in.", False),
        # the speaker adds something in a clause of its own: the next quotation may go on with that
        (", adding that the bakery on the corner would close at noon.", False),
        # the speaker goes on doing something: the next quotation is still theirs
        (", and he laughed.", True),
    ],
)
def test_quote_continues_only_when_the_cue_sentence_stays_with_its_speaker(nlp, after_cue, continues):
    text = f"“Bring her a cake,” Lee said{after_cue} “Do not forget the candles.”\n"
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    expected = ["Bring her a cake,", "Do not forget the candles."] if continues else ["Bring her a cake,"]
    assert _content_of(atts, "Lee") == expected


def test_single_quoted_subheading_does_not_continue_a_double_quoted_statement(nlp):
    text = ("“We will rebuild the bridge by spring,” Mayor Ana Lopez said on Monday.\n\n"
            "'A long wait for the town.'\n\n"
            "The bridge was closed in March after a storm damaged its central pier.\n")
    atts = find_attributions(nlp(text), RULES_ONLY)
    assert _content_of(atts, "Mayor Ana Lopez") == ["We will rebuild the bridge by spring,"]


def test_follow_on_quotes_of_many_speakers_each_go_to_their_own(nlp):
    """Hundreds of speakers, each with a quote paragraph after: each is its own speaker's next
    statement (the lookup by position must pick the nearest statement, not any earlier one)."""
    paragraphs = []
    for i in range(300):
        paragraphs.append(f"“Item {i} of the plan will be ready by spring,” Official Number{i} said.")
        paragraphs.append(f"“We have the money for item {i} and the workers are ready.”")
    text = "\n\n".join(paragraphs) + "\n"
    atts = find_attributions(nlp(text), RULES_ONLY)
    follow = [a for a in atts if a.content[0].text.startswith("We have the money")]
    assert len(follow) == 300
    assert all(a.source is not None and a.source.text == f"Official Number{a.content[0].text.split()[6]}"
               for a in follow)


def test_testimonial_with_its_dash_line_under_the_quotation(nlp):
    text = ("Reviews from last season\n\n"
            "“The show was wonderful and the music was even better than we hoped.”\n\n"
            "– Maria Lopez\n\n"
            "“Great seats, friendly staff and a fair price for the whole family.”\n\n"
            "– Tom Reyes\n")
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    assert _by_source(atts) == {
        "Maria Lopez": ["The show was wonderful and the music was even better than we hoped."],
        "Tom Reyes": ["Great seats, friendly staff and a fair price for the whole family."],
    }


def test_a_hyphen_line_under_a_quotation_signs_it_but_a_list_item_does_not(nlp):
    text = ("The candidates sparred on Thursday night.\n\n"
            "\"Almost all new income and wealth is going to the top 1 percent.\"\n\n"
            "- Ruth Calloway.\n\n"
            "\"We will cut taxes for families and small firms this year.\"\n\n"
            "- Tax cuts for families\n")
    signed = _rules_by_source(nlp, text)
    assert signed.get("Ruth Calloway") == ["Almost all new income and wealth is going to the top 1 percent."]
    assert "Tax cuts for families" not in signed


def test_a_participle_on_the_cues_noun_is_not_its_content(nlp):
    # the parser hangs "issued …" on "said" as a clause: it is the statement's participle
    text = ("\"The plan is slow, costly and secretive,\" spokesman Sam Ito said in a statement issued "
            "a half-hour before the mayor's event was set to begin.\n")
    atts = find_attributions(nlp(text))
    _offsets_hold(text, atts)
    assert _by_source(atts).get("spokesman Sam Ito") == ["The plan is slow, costly and secretive,"]


def test_said_through_a_channel_then_the_quotation_it_introduces(nlp):
    text = ("Party officials say a recount could not be done.\n\n"
            "Sam Lau, the communications director for the state party, said in a statement. "
            "“There are no paper ballots to recount. The caucuses were a unique event.”\n")
    assert _rules_by_source(nlp, text).get("Sam Lau") == [
        "There are no paper ballots to recount. The caucuses were a unique event."]


def test_a_quotation_after_an_aside_with_its_own_cue_is_not_the_first_ones_second_half(nlp):
    text = ("\"Her usual manner is gruff,\" she said, but despite the increasingly bitter tone, \"I think she "
            "will sign it,\" said Hale, who has criticised the mayor.\n")
    signed = _rules_by_source(nlp, text)
    assert signed.get("she") == ["Her usual manner is gruff,"]
    assert signed.get("Hale") == ["I think she will sign it,"]


def test_two_names_with_colons_and_quotations_on_one_line(nlp):
    text = ("Both candidates reject the term containment.\n\n"
            "Okafor: \"Our goal is not to deter the gangs, but to defeat them.\" "
            "Hale: \"The mission is to defeat the gangs -- not to contain them.\"\n")
    signed = _rules_by_source(nlp, text)
    assert signed.get("Okafor") == ["Our goal is not to deter the gangs, but to defeat them."]
    assert signed.get("Hale") == ["The mission is to defeat the gangs -- not to contain them."]


def test_dash_paragraph_after_a_quote_in_a_sentence_is_not_its_source(nlp):
    text = ("The mayor called the plan “a good start for the city and its workers.”\n\n"
            "— Reporting by Ana Lopez and a team of editors working on the city desk this week\n")
    atts = find_attributions(nlp(text), RULES_ONLY)
    assert "Reporting by Ana Lopez and a team" not in " ".join(_by_source(atts))


def test_an_embedded_post_is_its_authors_statement(nlp):
    # a tweet as pages keep it: its words, its link, then "— Name (@handle) Month D, YYYY"
    text = ("The governor's new slogan drew mockery online within hours.\n\n"
            "Is this real? The state paid a fortune for it: https://t.co/AbCdEf123\n\n"
            "— Marla Quince 🌵 (@marlaquince) November 18, 2019\n\n"
            "Others were kinder.\n\n"
            "Thank you all, the point is to get people talking. #OnIt pic.twitter.com/xYz12AB — "
            "Governor Tess Harlan (@govtessharlan) November 19, 2019\n")
    for model in (RULES_ONLY, None):
        atts = find_attributions(nlp(text), model)
        _offsets_hold(text, atts)
        posts = {a.source.text: ([c.text for c in a.content], a.kind) for a in atts if a.source is not None}
        assert posts["Marla Quince"] == (["Is this real? The state paid a fortune for it:"], "direct")
        assert posts["Governor Tess Harlan"] == (
            ["Thank you all, the point is to get people talking. #OnIt"], "direct")


def test_a_signature_with_no_words_before_it_is_no_statement(nlp):
    text = "Watch the video below.\n\npic.twitter.com/xYz12AB\n\n— Marla Quince (@marlaquince) November 18, 2019\n"
    atts = find_attributions(nlp(text), RULES_ONLY)
    assert not any(a.source is not None and a.source.text == "Marla Quince" for a in atts)


# --- quotations broken over lines without new opening marks ------------------------------------


def test_quote_over_lines_without_marks_is_one_quotation() -> None:
    from quotegraph.nlp.quotes import find_quotes

    text = 'The mayor said "We will build the bridge.\nIt will open in May," and left.'
    [q] = find_quotes(text)
    assert [text[s:e] for s, e in q.pieces] == ["We will build the bridge.", "It will open in May,"]
    assert q.closed and text[q.close_at - 1] == '"'


def test_quote_over_lines_keeps_the_later_quotations() -> None:
    from quotegraph.nlp.quotes import find_quotes

    text = '"Prices will fall.\nNothing lasts," the trader said.\nShe added: "Buy now."'
    quotes = find_quotes(text)
    assert [[text[s:e] for s, e in q.pieces] for q in quotes] == [
        ["Prices will fall.", "Nothing lasts,"], ["Buy now."]]


def test_unclosed_quote_before_a_line_that_opens_stays_in_its_line() -> None:
    from quotegraph.nlp.quotes import find_quotes

    text = 'She said: "We are done.\nA later line with a "title" in it.'
    quotes = find_quotes(text)
    assert [[text[s:e] for s, e in q.pieces] for q in quotes] == [["We are done."], ["title"]]


def test_quote_runs_over_unmarked_lines_only_so_far() -> None:
    from quotegraph.nlp.quotes import CONTINUED_LINES, find_quotes

    lines = "\n".join(f"Line {n} of the story." for n in range(CONTINUED_LINES + 1))
    text = f'He said "It begins.\n{lines}\nThe end," he said.'
    first = find_quotes(text)[0]
    assert [text[s:e] for s, e in first.pieces] == ["It begins."]


# --- quotation marks typed against a word ------------------------------------------------------


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("“It was careless,”Reyes said.", ["“", "It", "was", "careless", ",", "”", "Reyes", "said", "."]),
        ("She said:“No deal.”", ["She", "said", ":", "“", "No", "deal", ".", "”"]),
        ('He said,"We will win."', ["He", "said", ",", '"', "We", "will", "win", ".", '"']),
        ("a 5\"Long board", ["a", '5"Long', "board"]),  # no punctuation before the mark: left alone
    ],
)
def test_glued_quotation_marks_are_tokens_of_their_own(nlp, text, tokens):
    doc = nlp(text)
    assert [t.text for t in doc] == tokens
    assert doc.text == text


def test_a_role_written_with_co_or_ex_is_one_word_before_the_name(nlp):
    # spaCy's rules split "co-author" at the hyphen, which left "co" as the speaker's head
    text = ("The maps show lakes near the poles. The equatorial regions are drier, said co-author "
            "Anezina Pell, a research fellow at the institute.\n\nCo-host Dana Pike said the show "
            "would return in May.\n")
    doc = nlp(text)
    assert {"co-author", "Co-host"} <= {t.text for t in doc}
    assert doc.text == text
    atts = find_attributions(doc)
    _offsets_hold(text, atts)
    assert [a.source.text for a in atts if a.source] == ["co-author Anezina Pell", "Co-host Dana Pike"]


def test_a_quotation_closed_against_the_speakers_name_is_theirs(nlp):
    text = ("“I think the cuts were made by people who stopped listening,”Reyes said on Monday. "
            "“Some of them are mean-spirited.”\n")
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    assert _by_source(atts) == {"Reyes": ["I think the cuts were made by people who stopped listening,",
                                          "Some of them are mean-spirited."]}


# --- a quotation and the cue that frames it -----------------------------------------------------


def _by_cue(atts: list[Attribution]) -> dict[str, list[str]]:
    return {a.cue.text: [c.text for c in a.content] for a in atts if a.cue is not None and a.parent is None}


def test_what_the_speaker_did_while_saying_it_is_not_what_he_said(nlp):
    text = ("“We need someone who is battle tested, someone who fights hard,” he said introducing "
            "Ortiz as a “tireless advocate.”\n")
    from quotegraph.attribution.rule_candidates import rule_candidates
    from quotegraph.nlp import quote_index

    doc = nlp(text)
    quoted = [c for c in rule_candidates(doc, quote_index(doc)) if c.rule == "quote"]
    assert [(text[c.cue[0]:c.cue[1]], [text[s:e] for s, e in c.content]) for c in quoted] == [
        ("said", ["We need someone who is battle tested, someone who fights hard,"])]


@pytest.mark.parametrize(
    "text, statements",
    [
        # the parse hung the verb of saying on its own subject, in a sentence with no other verb
        ('"Is the mayor going to finally mention the word budget? If he does not he should resign!" '
         "the council's longest-serving member, Dana Pike, tweeted Sunday after the meeting.\n",
         {"the council's longest-serving member": [
             "Is the mayor going to finally mention the word budget? If he does not he should resign!"]}),
        # the same with a naming verb hung on its subject as a relative clause ("Stone … called")
        ("Senator Mia K. Stone, the party's highest-ranking Democrat, on Monday called Reyes's remarks "
         "about the judge ''racist,'' an extraordinary rebuke.\n",
         {"Senator Mia K. Stone": ["Reyes's remarks about the judge ''racist,'' an extraordinary rebuke"]}),
        # a title's full stop after a quotation that ends with a nested one starts no sentence
        # (the parser may split "…’” Rep. Ann Lee said." after "Rep.")
        ("“She told me, ‘I will help,’” Rep. Jim McDermott said.\n",
         {"Rep. Jim McDermott": ["She told me, ‘I will help,’"]}),
        # a name the tagger reads as a modal ("Will urged …": no modal comes before a past verb)
        ("Columnist Dana Will wrote a sharp column. In it, Will urged voters to reject the plan.\n",
         {"Will": ["to reject the plan"]}),
        # a verb of saying that ends its sentence takes the quotation after it
        ("Harbor College's Mia Stone agreed. \"The mayor is running out of time to find a compromise. "
         "At this point, that compromise may be the ferry deal.\"\n\nThe council meets on Monday.\n",
         {"Harbor College's Mia Stone": [
             "The mayor is running out of time to find a compromise. At this point, that compromise may be "
             "the ferry deal."]}),
    ],
)
def test_a_verb_of_saying_frames_the_quotation_next_to_its_sentence(nlp, text, statements):
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    assert _by_source(atts) == statements


def test_a_quotation_another_verb_introduces_is_not_the_first_half_of_a_split_quote(nlp):
    text = ('When someone in the audience shouted, "Ortiz," Pike joked, again using an exaggerated '
            'accent, "Amen, brother! Come on up!"\n')
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    assert _by_cue(atts) == {"shouted": ["Ortiz,"], "joked": ["Amen, brother! Come on up!"]}


def test_a_thought_quoted_before_adding_stays_with_the_verb_of_thinking(nlp):
    # "she was thinking, “A,” adding, “B”": the first quotation is the thought, the second alone
    # is what she added (not both, with the cue "adding" between them)
    text = ('The vote was close. Ortiz said she was thinking, "This cannot be happening," adding, '
            '"I had no words for what I felt."\n')
    atts = find_attributions(nlp(text))
    _offsets_hold(text, atts)
    by_cue = _by_cue(atts)
    assert by_cue["adding"] == ["I had no words for what I felt."]
    assert by_cue["thinking"] == ["This cannot be happening,"]


@pytest.mark.parametrize(
    "text",
    [
        # the quotation after the previous statement's cue is still this cue's split quote
        '"We will win," Ross said. "We can always have differences," he said. "If we agree on most, that is a lot."\n',
        # a verb of saying that ends its sentence, then a quotation with its own cue
        'Lee agreed. "It is over," Ross said.\n',
    ],
)
def test_quotations_stay_with_their_own_cues(nlp, text):
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    by = _by_source(atts)
    if "he" in by:
        assert by["he"] == ["We can always have differences,", "If we agree on most, that is a lot."]
    else:
        assert by == {"Ross": ["It is over,"]}


def test_a_second_that_clause_coordinated_with_the_verb_is_said_too(nlp):
    text = ('He told reporters that his government remained committed to the agreement, but that "promises '
            'must be kept on both sides."\n')
    atts = find_attributions(nlp(text), RULES_ONLY)
    _offsets_hold(text, atts)
    assert _by_cue(atts) == {"told": [
        'that his government remained committed to the agreement, but that "promises must be kept on both sides.']}


def test_words_before_a_trailing_told_are_what_the_hearer_was_told(nlp):
    # "told" takes its hearer as object, so the clause before it is still the statement, with the
    # "not by volume" the parser hangs on the cue
    text = ("The agency reported more seizures this year. The official and most consistent way that the "
            "agency measures seizures is by weight, not by value, an agency spokesman told us.\n")
    assert _rules_by_source(nlp, text).get("an agency spokesman") == [
        "The official and most consistent way that the agency measures seizures is by weight, not by value"]


@pytest.mark.parametrize(("rank", "name"), [("Navy Capt.", "Jeff Orme"), ("Army Lt. Col.", "Sara Brandt"),
                                             ("Sgt.", "Ali Varga")])
def test_an_abbreviated_rank_stays_with_the_name_it_titles(nlp, rank, name):
    text = f'"We are already working to speed up that campaign," said Pentagon spokesman {rank} {name}, who was asked.\n'
    doc = nlp(text)
    assert rank.split()[-1] in [t.text for t in doc]
    assert text.index(name) not in [s.start_char for s in doc.sents]  # no sentence starts at the name
    signed = _rules_by_source(nlp, text)
    assert [words for source, words in signed.items() if source.endswith(name)] == [
        ["We are already working to speed up that campaign,"]]


@pytest.mark.parametrize("cue", ["a grain trader warned us", "her lawyer assured us", "the head of the board said"])
def test_a_trailing_cue_hung_as_an_adverbial_clause_still_says_the_words_before_it(nlp, cue):
    # the parser may hang "…, a trader warned us" on the clause before it as an adverbial clause;
    # with its own subject and no marker it is a trailing cue all the same
    text = f"Prices will rise again next year, not by much, {cue}.\n"
    signed = _rules_by_source(nlp, text)
    assert [words for source, words in signed.items() if cue.startswith(source)] == [
        ["Prices will rise again next year, not by much"]]


def test_a_participle_or_a_marked_clause_after_a_comma_is_no_trailing_cue(nlp):
    text = "The team lost again, as the coach had said. He resigned in May, saying he was tired.\n"
    signed = _rules_by_source(nlp, text)
    assert "The team lost again" not in [w for words in signed.values() for w in words]
    assert "He resigned in May" not in [w for words in signed.values() for w in words]
