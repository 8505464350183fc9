"""said_on: the statement's own time, inheritance from its event, and what never dates it."""

from __future__ import annotations

import datetime as dt

import pytest

from quotegraph.models import Attribution, Span
from quotegraph.nlp import load_pipeline
from quotegraph.timing import assign_said_on, find_time_expressions
from quotegraph.timing.said_on import said_on_with_reasons

THU = dt.date(2024, 7, 18)  # a Thursday


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span.of(text, start, start + len(part))


def _attribution(text: str, n: int, content: str, cue: str, source: str, after: int = 0) -> Attribution:
    return Attribution(
        id=str(n),
        kind="indirect",
        content=[_span(text, content, after)],
        cue=_span(text, cue, after),
        source=_span(text, source, after),
    )


def _run(nlp, text: str, specs: list[tuple[str, str, str]], published: dt.date | None = THU):
    """One attribution per spec, the n-th spec found on the n-th line that holds its cue."""
    doc = nlp(text)
    atts = []
    after = 0
    for n, (content, cue, source) in enumerate(specs):
        line_start = text.index(content, after)
        line_start = text.rfind("\n", 0, line_start) + 1
        att = _attribution(text, n, content, cue, source, line_start)
        after = att.content[0].end
        atts.append(att)
    assign_said_on(doc, atts, find_time_expressions(doc, published), published)
    return atts


@pytest.mark.parametrize(
    ("text", "spec", "value", "granularity"),
    [
        ("The mayor said on Wednesday that the bridge would reopen.",
         ("the bridge would reopen", "said", "The mayor"), "2024-07-17", "day"),
        ("The bridge would reopen soon, the mayor said Tuesday.",
         ("The bridge would reopen soon", "said", "the mayor"), "2024-07-16", "day"),
        ("In an interview in February, the mayor said that taxes would fall.",
         ("taxes would fall", "said", "the mayor"), "2024-02", "month"),
        ("During last month's budget forum, the mayor said that taxes would fall.",
         ("taxes would fall", "said", "the mayor"), "2024-06", "month"),
        ("Last week, the mayor warned that the dam was weak.",
         ("the dam was weak", "warned", "the mayor"), "2024-W28", "week"),
    ],
)
def test_said_on_from_the_cue(nlp, text, spec, value, granularity) -> None:
    (att,) = _run(nlp, text, [spec])
    assert att.said_on is not None
    assert (att.said_on.value, att.said_on.granularity) == (value, granularity)
    assert att.said_on.evidence is not None
    assert text[att.said_on.evidence.start : att.said_on.evidence.end] == att.said_on.evidence.text


def test_said_on_interval_bounds(nlp) -> None:
    (att,) = _run(nlp, "In an interview in February, the mayor said that taxes would fall.",
                  [("taxes would fall", "said", "the mayor")])
    assert att.said_on is not None
    assert (att.said_on.start, att.said_on.end) == ("2024-02-01", "2024-02-29")


def test_said_on_inherited_from_the_event_and_follow_ups(nlp) -> None:
    text = (
        "Answering questions from reporters on Wednesday, the governor discussed the floods.\n"
        "“We will rebuild every road,” Martin said.\n"
        "He added that the army would help."
    )
    quote, added = _run(nlp, text, [
        ("We will rebuild every road", "said", "Martin"),
        ("the army would help", "added", "He"),
    ])
    assert quote.said_on is not None and quote.said_on.value == "2024-07-17"
    assert added.said_on is not None and added.said_on.value == "2024-07-17"


def test_said_on_lead_sentence_takes_the_date_given_later(nlp) -> None:
    text = (
        "The city will never sell its water utility, Mayor Anna Berg has said.\n"
        "Speaking at a town hall meeting on Tuesday, Berg rejected the offer.\n"
        "“Water is not for sale,” Berg said."
    )
    lead, quote = _run(nlp, text, [
        ("The city will never sell its water utility", "said", "Mayor Anna Berg"),
        ("Water is not for sale", "said", "Berg"),
    ])
    assert quote.said_on is not None and quote.said_on.value == "2024-07-16"
    assert lead.said_on is not None and lead.said_on.value == "2024-07-16"


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        # A time inside the content dates the reported event, not the statement.
        ("The mayor said that the bridge collapsed on Monday.",
         ("the bridge collapsed on Monday", "said", "The mayor")),
        ("“The bridge will reopen in March,” the mayor said.",
         ("The bridge will reopen in March", "said", "the mayor")),
        # No time at all: never the publication date as a guess.
        ("The mayor said that the bridge was safe.", ("the bridge was safe", "said", "The mayor")),
        # A vague time dates the statement to no interval.
        ("The mayor noted later that the bridge was safe.", ("the bridge was safe", "noted", "The mayor")),
        # A year that names something else ("the 2020 election") dates that thing.
        ("The mayor, who won the 2020 election, said that the bridge was safe.",
         ("the bridge was safe", "said", "The mayor")),
    ],
)
def test_said_on_stays_none_without_a_statement_time(nlp, text, spec) -> None:
    (att,) = _run(nlp, text, [spec])
    assert att.said_on is None


def test_said_on_does_not_pass_to_another_speaker(nlp) -> None:
    text = (
        "In an interview in February, Ortega praised the treaty.\n"
        "Lindqvist responded by calling the treaty a mistake."
    )
    ortega, lindqvist = _run(nlp, text, [
        ("the treaty", "praised", "Ortega"),
        ("the treaty a mistake", "responded by calling", "Lindqvist"),
    ])
    assert ortega.said_on is not None and ortega.said_on.value == "2024-02"
    assert lindqvist.said_on is None


def test_said_on_vague_time_stops_inheritance(nlp) -> None:
    text = (
        "The mayor said on Monday that the bridge was safe.\n"
        "The mayor noted later that the river was rising."
    )
    first, later = _run(nlp, text, [
        ("the bridge was safe", "said", "The mayor"),
        ("the river was rising", "noted", "The mayor"),
    ])
    assert first.said_on is not None and first.said_on.value == "2024-07-15"
    assert later.said_on is None


def test_said_on_without_publication_date(nlp) -> None:
    text = "The mayor said on Wednesday that taxes would fall.\nIn March 2019, the mayor said that taxes would rise."
    relative, absolute = _run(nlp, text, [
        ("taxes would fall", "said", "The mayor"),
        ("taxes would rise", "said", "the mayor"),
    ], published=None)
    assert relative.said_on is None  # "Wednesday" has no anchor: nothing to date it to
    assert absolute.said_on is not None and absolute.said_on.value == "2019-03"


def test_said_on_never_after_publication(nlp) -> None:
    (att,) = _run(nlp, "The mayor will say on Friday that taxes will fall.",
                  [("taxes will fall", "say", "The mayor")])
    assert att.said_on is None


def test_said_on_event_needs_a_time_of_the_speech_act(nlp) -> None:
    # "the problems of Monday's debate" dates the problems, and a year announces no occasion.
    text = (
        "Technicians fixed the sound problems of Monday's debate.\n"
        "“We need better microphones,” the mayor said.\n"
        "A report on the dam was published in 2019.\n"
        "“The dam is old,” the engineer said."
    )
    mayor, engineer = _run(nlp, text, [
        ("We need better microphones", "said", "the mayor"),
        ("The dam is old", "said", "the engineer"),
    ])
    assert mayor.said_on is None
    assert engineer.said_on is None


def test_said_on_returns_to_the_occasion_after_an_aside(nlp) -> None:
    text = (
        "The mayor said on Monday that the bridge was safe.\n"
        "In June, the mayor called the bridge a danger.\n"
        "The river has risen since the spring.\n"
        "The mayor said that the repairs were finished."
    )
    monday, june, later = _run(nlp, text, [
        ("the bridge was safe", "said", "The mayor"),
        ("the bridge a danger", "called", "the mayor"),
        ("the repairs were finished", "said", "The mayor"),
    ])
    assert monday.said_on is not None and monday.said_on.value == "2024-07-15"
    assert june.said_on is not None and june.said_on.value == "2024-06"
    assert later.said_on is not None and later.said_on.value == "2024-07-15"


def test_said_on_time_of_the_cue_inside_a_long_content(nlp) -> None:
    text = "The mayor is urging residents at a meeting Thursday evening to save water."
    (att,) = _run(nlp, text, [("residents at a meeting Thursday evening to save water", "urging", "The mayor")])
    assert att.said_on is not None and att.said_on.value == "2024-07-18"


LIVE_BLOG = (
    "The Latest: The mayor says the bridge is safe.\n\n"
    "The Latest on the floods (all times local):\n\n"
    "3 p.m.\n\n"
    "The mayor says the bridge will reopen next week.\n\n"
    "The mayor spoke at a news conference on Thursday.\n\n"
    "A spokesman said the roads were still closed.\n\n"
    "___\n\n"
    "2 p.m.\n\n"
    "The governor says the dam is safe.\n\n"
    "The governor said on Tuesday that the levees held.\n\n"
    "___\n\n"
    "1 p.m.\n\n"
    "The mayor says the water is clean.\n"
)


def test_said_on_live_blog_items(nlp) -> None:
    headline, mayor, spokesman, governor, tuesday, later = _run(nlp, LIVE_BLOG, [
        ("the bridge is safe", "says", "The mayor"),
        ("the bridge will reopen next week", "says", "The mayor"),
        ("the roads were still closed", "said", "A spokesman"),
        ("the dam is safe", "says", "The governor"),
        ("the levees held", "said", "The governor"),
        ("the water is clean", "says", "The mayor"),
    ])
    # The item's event dates its subject's headline statement, and the item is that day's news.
    assert mayor.said_on is not None and mayor.said_on.value == "2024-07-18"
    assert spokesman.said_on is not None and spokesman.said_on.value == "2024-07-18"
    # An item's own lead takes the date the item gives its speaker.
    assert tuesday.said_on is not None and tuesday.said_on.value == "2024-07-16"
    assert governor.said_on is not None and governor.said_on.value == "2024-07-16"
    # Nothing carries from one item to another; the headline tells the top item's news.
    assert later.said_on is None
    assert headline.said_on is not None and headline.said_on.value == "2024-07-18"


def test_said_on_a_live_blog_of_one_day_dates_its_items_by_that_day(nlp) -> None:
    # the opening names the blog's day; each item's statements are of it, unless they tell their
    # own time, or are beliefs and plans rather than something said
    text = ("The Latest: Floods close the bridge.\n\n"
            "The Latest on the floods and the vote Wednesday (all times local):\n\n"
            "3 p.m.\n\nThe mayor says the bridge will reopen next week.\n\n"
            "___\n\n2 p.m.\n\nA spokesman told reporters the roads were still closed.\n\n"
            "The governor said on Monday that the levees held.\n\n"
            "The governor hopes that the rain stops.\n")
    mayor, spokesman, monday, hope = _run(nlp, text, [
        ("the bridge will reopen next week", "says", "The mayor"),
        ("the roads were still closed", "told", "A spokesman"),
        ("the levees held", "said", "The governor"),
        ("that the rain stops", "hopes", "The governor"),
    ])
    assert [a.said_on.value if a.said_on else None for a in (mayor, spokesman, monday, hope)] == [
        "2024-07-17", "2024-07-17", "2024-07-15", None]


def _posts(stamps: list[str]) -> str:
    body = [f"Ann Lee {stamp}\n\nThe mayor said the bridge {what}.\n\nThe storm moved east and "
            "the rain stopped in the afternoon, while crews cleared the roads and the buses ran again.\n"
            for stamp, what in zip(stamps, ("was safe", "would reopen", "had held"), strict=True)]
    return "Floods: live\n\n" + "\n".join(body)


def test_said_on_a_blogs_posts_are_of_their_time_stamps_day(nlp) -> None:
    text = _posts(["July 16, 2024 10:01PM", "July 16, 2024 10:30PM", "July 17, 2024 9:15AM"])
    safe, reopen, held = _run(nlp, text, [("was safe", "said", "The mayor"), ("would reopen", "said", "The mayor"),
                                          ("had held", "said", "The mayor")])
    assert [a.said_on.value if a.said_on else None for a in (safe, reopen, held)] == [
        "2024-07-16", "2024-07-16", "2024-07-17"]


def test_said_on_a_blogs_stamps_run_on_into_the_posts_titles_still_date_them(nlp) -> None:
    # scraped pages often glue a post's time stamp to its title: "10:01PMMayor Speaks"
    text = "Floods: live\n\n" + "\n".join(
        f"Ann Lee {stamp}Storm Update\nThe storm moved east. Crews cleared the roads. The buses ran again.\n"
        f"The mayor said the bridge {what}.\n"
        for stamp, what in (("July 16, 2024 10:01PM", "was safe"), ("July 16, 2024 10:30PM", "would reopen"),
                            ("July 17, 2024 9:15AM", "had held")))
    safe, reopen, held = _run(nlp, text, [("was safe", "said", "The mayor"), ("would reopen", "said", "The mayor"),
                                          ("had held", "said", "The mayor")])
    assert [a.said_on.value if a.said_on else None for a in (safe, reopen, held)] == [
        "2024-07-16", "2024-07-16", "2024-07-17"]


def test_said_on_a_pages_posted_and_updated_lines_are_no_posts(nlp) -> None:
    # two stamps at the top of a page say when it was posted and updated, not when anyone spoke
    text = ("Floods\n\nPosted July 16, 2024 10:01PM | Updated July 17, 2024 9:15AM\n\n"
            "The mayor said the bridge was safe.\n")
    doc = nlp(text)
    att = _attribution(text, 0, "the bridge was safe", "said", "The mayor")
    reasons = said_on_with_reasons(doc, [att], find_time_expressions(doc, THU), THU)
    assert reasons.get("0") != "blog"


@pytest.mark.parametrize(
    ("text", "specs"),
    [
        # A present-tense clause is about now: "Monday's debate" dates the debate, not the act.
        ("The mayor is raising questions about Monday's debate.\n“The sound was bad,” the mayor said.",
         [("The sound was bad", "said", "the mayor")]),
        # A speech still to come announces no occasion.
        ("The mayor will give a speech Thursday evening.\n“Come and listen,” the mayor said.",
         [("Come and listen", "said", "the mayor")]),
        # A time in an apposition to the source describes the speaker.
        ("“The dam is safe,” said Ana Ruiz, the leader of the 2008 campaign.",
         [("The dam is safe", "said", "Ana Ruiz")]),
    ],
)
def test_said_on_times_that_date_no_occasion(nlp, text, specs) -> None:
    (att,) = _run(nlp, text, specs)
    assert att.said_on is None


def test_said_on_present_tense_does_not_inherit_a_past_occasion(nlp) -> None:
    text = (
        "At Monday's meeting, the mayor praised the plan.\n"
        "The mayor says that she trusts the engineers.\n"
        "The mayor said that the plan was cheap."
    )
    monday, says, said = _run(nlp, text, [
        ("the plan", "praised", "the mayor"),
        ("she trusts the engineers", "says", "The mayor"),
        ("the plan was cheap", "said", "The mayor"),
    ])
    assert monday.said_on is not None and monday.said_on.value == "2024-07-15"
    assert says.said_on is None
    assert said.said_on is not None and said.said_on.value == "2024-07-15"


def test_said_on_relative_clause_on_a_speech(nlp) -> None:
    text = "Taxes should fall, according to a speech the mayor delivered at the university in March."
    (att,) = _run(nlp, text, [("Taxes should fall", "according to", "a speech")])
    assert att.said_on is not None and att.said_on.value == "2024-03"


def test_said_on_from_an_occasion_named_again(nlp) -> None:
    text = (
        "The council sent a letter to the company on Tuesday.\n"
        "The company has not answered.\n"
        "The city lawyer said in the letter that the contract was void."
    )
    (att,) = _run(nlp, text, [("the contract was void", "said", "The city lawyer")])
    assert att.said_on is not None and att.said_on.value == "2024-07-16"


@pytest.mark.parametrize(("cue", "expected"), [("is urging", None), ("urged", "2024-07-17")])
def test_said_on_a_lead_told_in_the_present_takes_no_earlier_day(nlp, cue, expected) -> None:
    # the lead announces what the article dates later, unless it tells what holds now; the
    # headline's present tense ("seeks") tells past news
    text = (
        "Ames seeks sanctions.\n\n"
        f"After months of quiet talks with both parties, Senator Ames {cue} colleagues to back a new"
        " sanctions bill on the shipping cartel.\n\n"
        "On Wednesday, Ames told reporters that the bill was ready."
    )
    lead, wednesday = _run(nlp, text, [
        ("colleagues to back a new sanctions bill on the shipping cartel", cue, "Senator Ames"),
        ("that the bill was ready", "told", "Ames"),
    ])
    assert wednesday.said_on is not None and wednesday.said_on.value == "2024-07-17"
    assert (lead.said_on.value if lead.said_on else None) == expected


def test_said_on_a_dated_document_named_again_as_the_source(nlp) -> None:
    # the parse reads "the editorial read" as one noun phrase ("editorial" a modifier of "read"):
    # the source's own words still name the editorial the text dated
    text = (
        "The plan did not sit well with the editors of the Herald, who aimed their Friday editorial at the mayor.\n"
        '"If she wants to lead, she should act like it," the editorial read.'
    )
    (att,) = _run(nlp, text, [("If she wants to lead, she should act like it,", "read", "the editorial")])
    assert att.said_on is not None and att.said_on.value == "2024-07-12"


def test_said_on_at_the_time_refers_to_the_time_just_told(nlp) -> None:
    text = (
        "The mayor said on Monday that the bridge was safe.\n"
        "In March, she held a long meeting with engineers.\n"
        "“It will take years,” the mayor said at the time.\n"
        "The council met again.\n"
        "The mayor added that nothing would change.\n"
    )
    monday, then, later = _run(nlp, text, [
        ("the bridge was safe", "said", "The mayor"),
        ("It will take years", "said", "the mayor"),
        ("nothing would change", "added", "The mayor"),
    ])
    assert monday.said_on is not None and monday.said_on.value == "2024-07-15"
    assert then.said_on is None  # the meeting in March is no statement of hers: no interval
    assert later.said_on is not None and later.said_on.value == "2024-07-15"


def test_said_on_a_statement_in_another_content_is_not_the_cue_time(nlp) -> None:
    text = "Asked about the governor calling the mayor a liar last week, the mayor said that she was hurt."
    doc = nlp(text)
    outer = _attribution(text, 0, "she was hurt", "said", "the mayor")
    asked = _attribution(text, 1, "the governor calling the mayor a liar last week", "Asked about", "the mayor")
    inner = _attribution(text, 2, "the mayor a liar last week", "calling", "the governor")
    assign_said_on(doc, [outer, asked, inner], find_time_expressions(doc, THU), THU)
    assert outer.said_on is None
    assert inner.said_on is not None and inner.said_on.value == "2024-W28"  # its own content holds it


def test_said_on_same_occasion_at_the_same_place(nlp) -> None:
    text = (
        "The senator spoke at a rally on Tuesday evening in Ohio.\n"
        "Voters cheered.\n"
        "Speaking at a rally in Dayton, Ohio, the senator says that taxes must fall.\n"
    )
    (att,) = _run(nlp, text, [("taxes must fall", "says", "the senator")])
    assert att.said_on is not None and att.said_on.value == "2024-07-16"


def test_said_on_when_clause_and_a_speech_act_at_an_occasion_named_again(nlp) -> None:
    text = (
        "The two candidates met for a debate on Monday night.\n"
        "Reporters filled the hall.\n"
        "When Ortega noted that the deficit had grown, Lindqvist replied that it had not.\n"
        "Lindqvist repeated this claim during a later part of the debate.\n"
        "He said that the budget was balanced."
    )
    ortega, lindqvist, later = _run(nlp, text, [
        ("the deficit had grown", "noted", "Ortega"),
        ("it had not", "replied", "Lindqvist"),
        ("the budget was balanced", "said", "He"),
    ])
    assert ortega.said_on is None  # nothing ties Ortega's remark to the debate
    assert lindqvist.said_on is None
    assert later.said_on is not None and later.said_on.value == "2024-07-15"


def test_said_on_from_the_when_clause(nlp) -> None:
    text = "When Ortega noted on Monday that the deficit had grown, Lindqvist replied that it had not."
    ortega, lindqvist = _run(nlp, text, [
        ("the deficit had grown", "noted", "Ortega"),
        ("it had not", "replied", "Lindqvist"),
    ])
    assert ortega.said_on is not None and ortega.said_on.value == "2024-07-15"
    assert lindqvist.said_on is not None and lindqvist.said_on.value == "2024-07-15"


def test_said_on_speech_act_at_a_named_place(nlp) -> None:
    text = (
        "Farmers met for a conference in Dayton, Ohio on Tuesday.\n"
        "Prices have fallen.\n"
        "The senator, speaking to a farmers group in Ohio, said that subsidies would rise.\n"
    )
    (att,) = _run(nlp, text, [("subsidies would rise", "said", "The senator")])
    assert att.said_on is not None and att.said_on.value == "2024-07-16"


def test_said_on_a_week_is_an_aside_and_someone_elses_remarks_date_nothing(nlp) -> None:
    text = (
        "Last week, the mayor told a meeting of engineers that the dam was weak.\n"
        "The river rose.\n"
        "Farmers complained.\n"
        "The mayor said that repairs would start soon.\n"
        "Her adviser called the governor's remarks on Saturday a mistake."
    )
    week, later, adviser = _run(nlp, text, [
        ("the dam was weak", "told", "the mayor"),
        ("repairs would start soon", "said", "The mayor"),
        ("the governor's remarks on Saturday a mistake", "called", "Her adviser"),
    ])
    assert week.said_on is not None and week.said_on.value == "2024-W28"
    assert later.said_on is None
    assert adviser.said_on is None


def test_said_on_a_definite_document_as_the_source(nlp) -> None:
    text = (
        "In late June, a group of parents sent a letter to the school board.\n"
        "The board has not replied.\n"
        "“Our children need smaller classes,” the letter reads."
    )
    (att,) = _run(nlp, text, [("Our children need smaller classes", "reads", "the letter")])
    assert att.said_on is not None and att.said_on.value == "2024-06"


def test_said_on_participle_takes_its_clause_occasion(nlp) -> None:
    text = (
        "The candidates met for a debate on Monday night.\n"
        "Reporters filled the hall.\n"
        "In the press room after the debate, the aides were cheerful, perhaps hoping that the polls would move."
    )
    (att,) = _run(nlp, text, [("that the polls would move", "hoping", "the aides")])
    assert att.said_on is not None and att.said_on.value == "2024-07-15"


def test_said_on_a_new_occasion_inherits_nothing(nlp) -> None:
    text = (
        "The mayor said on Monday that the bridge was safe.\n"
        "The mayor said in an interview that she would run again."
    )
    monday, interview = _run(nlp, text, [
        ("the bridge was safe", "said", "The mayor"),
        ("she would run again", "said", "The mayor"),
    ])
    assert monday.said_on is not None and monday.said_on.value == "2024-07-15"
    assert interview.said_on is None


def test_said_on_taking_to_a_platform_on_a_day_is_the_speakers_occasion(nlp) -> None:
    # published Wednesday; Tuesday's remarks come first, then the Wednesday posts
    text = ("The mayor said on Tuesday that the audit was a farce.\n\n"
            "The mayor took to Facebook early Wednesday morning to continue her attack on the auditor.\n\n"
            "“The auditor should resign,” the mayor wrote.")
    tuesday, post = _run(nlp, text, [
        ("the audit was a farce", "said", "The mayor"),
        ("The auditor should resign", "wrote", "the mayor"),
    ], dt.date(2024, 7, 17))
    assert tuesday.said_on is not None and tuesday.said_on.value == "2024-07-16"
    assert post.said_on is not None and post.said_on.value.startswith("2024-07-17")


def test_said_on_an_opening_time_the_parser_cuts_off_as_a_sentence_dates_the_cue(nlp) -> None:
    # "Sunday on River News channel's “Sunday Report,” Rep. …": the parser ends a verbless sentence after
    # the show's owner; the day still opens the cue's clause. (The fixture checks the split.)
    text = ("Lee: Harlow ‘Has Lost The Plot.’\n\n"
            "Sunday on River News channel’s “Sunday Report,” Rep. Dana Lee said the governor had lost the plot.")
    published = dt.date(2024, 7, 21)  # a Sunday
    doc = nlp(text)
    cue = text.index("said")
    assert doc.char_span(cue, cue + 4).sent.start_char > text.index("Sunday on")  # the parser's split
    (att,) = _run(nlp, text, [("the governor had lost the plot", "said", "Rep. Dana Lee")], published)
    assert att.said_on is not None and att.said_on.value == "2024-07-21"


def test_said_on_a_verbless_sentence_of_its_own_does_not_date_the_next(nlp) -> None:
    text = "Sunday. The long wait was over.\nRep. Dana Lee said the governor had lost the plot."
    (att,) = _run(nlp, text, [("the governor had lost the plot", "said", "Rep. Dana Lee")], dt.date(2024, 7, 21))
    assert att.said_on is None


def test_said_on_an_occasion_of_the_kind_the_speakers_dated_one_was_is_that_one(nlp) -> None:
    # "an interview" after the speaker's Monday radio interview: the same interview, told again
    text = (
        "The mayor said in a radio interview on Monday that the bridge was safe.\n"
        "The mayor said in an interview with a local host that she would run again."
    )
    monday, interview = _run(nlp, text, [
        ("the bridge was safe", "said", "The mayor"),
        ("she would run again", "said", "The mayor"),
    ])
    assert monday.said_on is not None and monday.said_on.value == "2024-07-15"
    assert interview.said_on is not None and interview.said_on.value == "2024-07-15"


@pytest.mark.parametrize("occasion", ["in a statement", "in a two-minute response", "in an answer"])
def test_said_on_a_statement_or_a_part_of_the_occasion_is_no_new_occasion(nlp, occasion) -> None:
    # the written statement that issues the day's news, and an answer within a debate, keep the
    # speaker's dated occasion (an interview, above, is an occasion of its own)
    text = (
        "The mayor said on Monday that the bridge was safe.\n"
        f"The mayor said {occasion} that she would run again."
    )
    monday, second = _run(nlp, text, [
        ("the bridge was safe", "said", "The mayor"),
        ("she would run again", "said", "The mayor"),
    ])
    assert monday.said_on is not None and monday.said_on.value == "2024-07-15"
    assert second.said_on is not None and second.said_on.value == "2024-07-15"


def test_said_on_a_present_perfect_progressive_does_not_inherit_a_past_occasion(nlp) -> None:
    # "has been lobbying" is told in the present, as "says" is: it holds now
    text = (
        "At Monday's meeting, the mayor praised the plan.\n"
        "The mayor has been urging the council to approve it."
    )
    monday, urging = _run(nlp, text, [
        ("the plan", "praised", "the mayor"),
        ("the council to approve it", "has been urging", "The mayor"),
    ])
    assert monday.said_on is not None and monday.said_on.value == "2024-07-15"
    assert urging.said_on is None


@pytest.mark.parametrize(
    ("text", "spec", "value"),
    [
        # an answer given at an occasion the possessive dates
        ("The senator said in Tuesday night's response that the budget was balanced.",
         ("the budget was balanced", "said", "The senator"), "2024-07-16"),
        # a refusal told in the past ("would not rule out"), not a plan still to come
        ("In an interview in Dover last week, the senator would not rule out a second run.",
         ("a second run", "rule out", "the senator"), "2024-W28"),
        # a participle the parse makes a preposition ("Following …") carries the occasion's time
        ("Following a town hall meeting in Dover last week, the senator boasted that her team was the best.",
         ("her team was the best", "boasted", "the senator"), "2024-W28"),
    ],
)
def test_said_on_occasions_the_cue_reaches(nlp, text, spec, value) -> None:
    (att,) = _run(nlp, text, [spec])
    assert att.said_on is not None and att.said_on.value == value


def test_said_on_live_blog_item_day_given_after_an_older_one(nlp) -> None:
    text = (
        "The Latest on the floods (all times local):\n\n"
        "3 p.m.\n\n"
        "The mayor praised the engineers at Monday's meeting.\n\n"
        "The mayor says the water is falling.\n\n"
        "The governor said on Thursday that the dam held.\n"
    )
    monday, says, thursday = _run(nlp, text, [
        ("the engineers", "praised", "The mayor"),
        ("the water is falling", "says", "The mayor"),
        ("the dam held", "said", "The governor"),
    ])
    assert monday.said_on is not None and monday.said_on.value == "2024-07-15"
    assert thursday.said_on is not None and thursday.said_on.value == "2024-07-18"
    assert says.said_on is not None and says.said_on.value == "2024-07-18"


def test_said_on_occasion_named_inside_its_own_content(nlp) -> None:
    text = (
        "The two candidates met for a debate on Monday night.\n"
        "Reporters filled the hall.\n"
        "Lindqvist made this claim during a later part of the debate."
    )
    (att,) = _run(nlp, text, [("this claim during a later part of the debate", "made", "Lindqvist")])
    assert att.said_on is not None and att.said_on.value == "2024-07-15"


def test_said_on_nested_speech_act_and_its_when_clause(nlp) -> None:
    text = "The ad shows footage of Ortega saying during the debate last week, “Taxes are theft,” when Lindqvist attacked him."
    doc = nlp(text)
    outer = _attribution(text, 0, "Ortega saying during the debate last week", "footage", "The ad")
    inner = _attribution(text, 1, "Taxes are theft", "saying", "Ortega")
    when = _attribution(text, 2, "him", "attacked", "Lindqvist")
    assign_said_on(doc, [outer, inner, when], find_time_expressions(doc, THU), THU)
    assert inner.said_on is not None and inner.said_on.value == "2024-W28"
    assert when.said_on is not None and when.said_on.value == "2024-W28"


def test_said_on_a_group_dated_as_a_whole_is_the_scene_of_the_next_speaker(nlp) -> None:
    text = (
        "Several county officials criticized the water board on Tuesday.\n"
        "“The plan is a mess,” said Dana Whitfield, the county treasurer.\n"
        "The board has met twice since March.\n"
        "The price of water has doubled.\n"
        "“We need new pipes,” said Omar Lindqvist, a local engineer.\n"
    )
    group, member, outsider = _run(nlp, text, [
        ("the water board", "criticized", "Several county officials"),
        ("The plan is a mess", "said", "Dana Whitfield"),
        ("We need new pipes", "said", "Omar Lindqvist"),
    ])
    assert group.said_on is not None and group.said_on.value == "2024-07-16"
    assert member.said_on is not None and member.said_on.value == "2024-07-16"
    assert outsider.said_on is None  # two sentences of background later: no longer the scene


def test_said_on_one_of_a_dated_pair_speaks_on_its_occasion(nlp) -> None:
    text = (
        "Senators Maria Hollis and Peter Danvers questioned the minister on Tuesday.\n"
        "“You knew,” Hollis said.\n"
        "The ministry has denied any wrongdoing for months.\n"
        "Its budget grew by a third.\n"
        "“Who signed the contract?” Danvers asked.\n"
    )
    pair, first, second = _run(nlp, text, [
        ("the minister", "questioned", "Senators Maria Hollis and Peter Danvers"),
        ("You knew", "said", "Hollis"),
        ("Who signed the contract?", "asked", "Danvers"),
    ])
    assert pair.said_on is not None and pair.said_on.value == "2024-07-16"
    assert first.said_on is not None and first.said_on.value == "2024-07-16"
    assert second.said_on is not None and second.said_on.value == "2024-07-16"


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The mayor complained about the sound the morning after the debate, saying it was rigged.", "2024-07-16"),
        ("The day before the debate, the mayor said that it was rigged.", "2024-07-14"),
    ],
)
def test_said_on_a_day_told_from_a_dated_occasion(nlp, sentence: str, value: str) -> None:
    text = "The candidates met for a debate on Monday.\n" + sentence + "\n"
    cue = "saying" if "saying" in sentence else "said"
    source = "The mayor" if sentence.startswith("The mayor") else "the mayor"
    (att,) = _run(nlp, text, [("it was rigged", cue, source)])
    assert att.said_on is not None and att.said_on.value == value


def test_said_on_thats_when_takes_the_time_just_told(nlp) -> None:
    text = (
        "The mayor has not spoken about the bridge since the town meeting on Monday.\n"
        "That's when she said the bridge was safe.\n"
    )
    (att,) = _run(nlp, text, [("the bridge was safe", "said", "she")])
    assert att.said_on is not None and att.said_on.value == "2024-07-15"


def test_said_on_a_weekend_show_named_for_its_day(nlp) -> None:
    text = "On this weekend's broadcast of “Town Hall Sunday,” the mayor said that taxes would fall.\n"
    (att,) = _run(nlp, text, [("taxes would fall", "said", "the mayor")], published=dt.date(2024, 7, 21))
    assert att.said_on is not None and att.said_on.value == "2024-07-21"


def test_said_on_adding_later_is_the_occasion_it_adds_to(nlp) -> None:
    text = (
        "In a May 2024 meeting with the board, the mayor said that taxes would fall.\n"
        "“We cannot pay for this,” the mayor said, adding later, “The roads come first.”\n"
    )
    told, added = _run(nlp, text, [
        ("We cannot pay for this", "said", "the mayor"),
        ("The roads come first", "adding", "the mayor"),
    ])
    assert told.said_on is not None and told.said_on.value == "2024-05"
    assert added.said_on is not None and added.said_on.value == "2024-05"


def test_said_on_the_group_the_writer_interviewed(nlp) -> None:
    text = (
        "Her plan was praised by several farm economists I spoke to this week.\n"
        "The economists agreed that the subsidy would raise prices.\n"
        "The minister said that prices would fall.\n"
    )
    group, other = _run(nlp, text, [
        ("the subsidy would raise prices", "agreed", "The economists"),
        ("prices would fall", "said", "The minister"),
    ])
    assert group.said_on is not None and group.said_on.value == "2024-W29"
    assert other.said_on is None  # no one the writer says they interviewed


def test_said_on_the_lead_up_to_an_occasion_is_not_the_occasion(nlp) -> None:
    text = (
        "The two candidates met for a debate on Monday night.\n"
        "The hall was full.\n"
        "The moderator was new.\n"
        "In the lead-up to the debate, the mayor said that she would stay calm.\n"
    )
    (att,) = _run(nlp, text, [("she would stay calm", "said", "the mayor")])
    assert att.said_on is None


def test_said_on_a_scene_does_not_date_what_is_said_now(nlp) -> None:
    text = (
        "Several county officials criticized the water board on Tuesday.\n"
        "Dana Whitfield, the county treasurer, says the plan is a mess.\n"
    )
    group, now = _run(nlp, text, [
        ("the water board", "criticized", "Several county officials"),
        ("the plan is a mess", "says", "Dana Whitfield"),
    ])
    assert group.said_on is not None and group.said_on.value == "2024-07-16"
    assert now.said_on is None


_TRANSCRIPT = (
    "\"HOLLOWAY: Governor, will you sign the budget bill this week?\n\n"
    "\"BRANDT: Well, I will sign it as soon as the legislature sends it to my desk.\"\n"
)
_TRANSCRIPT_SPECS = [
    ("Governor, will you sign the budget bill this week?", ":", "HOLLOWAY"),
    ("Well, I will sign it as soon as the legislature sends it to my desk.", ":", "BRANDT"),
]


def test_said_on_transcript_lines_share_the_day_of_the_transcript(nlp):
    text = ("On Sunday's radio show, Governor Brandt said the budget would pass.\n\n"
            "Partial transcript as follows:\n\n" + _TRANSCRIPT)
    intro, host, guest = _run(nlp, text, [("the budget would pass", "said", "Governor Brandt"), *_TRANSCRIPT_SPECS])
    assert intro.said_on is not None and intro.said_on.value == "2024-07-14"
    assert guest.said_on is not None and guest.said_on.value == "2024-07-14"  # the guest's occasion
    # the host's question, dated by nothing of its own, was asked on the same show
    assert host.said_on is not None and host.said_on.value == "2024-07-14"


def test_said_on_undated_transcript_stays_undated(nlp):
    text = "The station released a transcript.\n\n" + _TRANSCRIPT
    host, guest = _run(nlp, text, _TRANSCRIPT_SPECS)
    assert host.said_on is None and guest.said_on is None


@pytest.mark.parametrize(("posted", "value"), [("July 16, 2024", "2024-07-16"),
                                              ("July 19, 2024", None)])  # after publication
def test_an_embedded_post_is_dated_by_its_signature(nlp, posted: str, value: str | None) -> None:
    text = ("The mayor's plan drew mockery online.\n\nIs this real? The city paid a fortune for it: "
            f"https://t.co/AbCdEf123\n\n— Marla Quince (@marlaquince) {posted}\n")
    att = _attribution(text, 0, "Is this real? The city paid a fortune for it:", "—", "Marla Quince")
    att.kind = "direct"
    assign_said_on(nlp(text), [att], find_time_expressions(nlp(text), THU), THU)
    assert (att.said_on.value if att.said_on else None) == value
    if att.said_on is not None:
        assert att.said_on.evidence is not None and att.said_on.evidence.text == posted


@pytest.mark.parametrize(("sentence", "source", "value"), [
    ("A 2019 report by the Harlow Institute found that rents rose sharply.", "A 2019 report", "2019"),
    ("The poll released Monday found that rents rose sharply.", "The poll", "2024-07-15"),
    ("A Harlow University survey this month found that rents rose sharply.", "A Harlow University survey",
     "2024-07"),
    # a time said of what the report is about dates nothing
    ("A report on the 2008 crash found that rents rose sharply.", "A report", None),
])
def test_said_on_a_published_works_own_date(nlp, sentence: str, source: str, value: str | None) -> None:
    # a report, poll or study says what it says when it was published: its own date
    (att,) = _run(nlp, f"Rents\n\n{sentence}\n", [("that rents rose sharply", "found", source)])
    assert (att.said_on.value if att.said_on else None) == value


def test_said_on_a_post_stamped_after_publication_is_not_dated_by_the_post_before(nlp) -> None:
    text = _posts(["July 16, 2024 10:01PM", "July 19, 2024 9:15AM", "July 17, 2024 8:00AM"])
    safe, reopen, held = _run(nlp, text, [("was safe", "said", "The mayor"), ("would reopen", "said", "The mayor"),
                                          ("had held", "said", "The mayor")])
    assert [a.said_on.value if a.said_on else None for a in (safe, reopen, held)] == [
        "2024-07-16", None, "2024-07-17"]


def test_said_on_a_present_perfect_report_inherits_no_occasion(nlp) -> None:
    text = ("Councillor Priya Hale said on Wednesday that the pier must close.\n"
            "Hale has said the ferry is unsafe.\n")
    atts = _run(nlp, text, [
        ("the pier must close", "said", "Councillor Priya Hale"),
        ("the ferry is unsafe", "said", "Hale"),
    ])
    assert atts[0].said_on is not None and atts[0].said_on.value == "2024-07-17"
    assert atts[1].said_on is None  # said some time before now, not on Wednesday


def test_said_on_a_time_on_the_statements_own_nominal_content_dates_that_thing(nlp) -> None:
    # "that 2012 remark" is the remark's year, not when he changed his mind about it
    text = "Maybe the senator has changed his mind about that 2012 remark.\n"
    (att,) = _run(nlp, text, [("that 2012 remark", "changed his mind about", "the senator")])
    assert att.said_on is None


def test_said_on_a_time_in_an_of_phrase_of_the_nominal_content_dates_that_thing(nlp) -> None:
    # "the events of today" are today's; the description of them is the speaker's, dated by the
    # press conference on Monday that the speaker held
    text = (
        "At a press conference on Monday, chief executive Omar Fenn outlined a rescue plan.\n"
        "Fenn described the events of today as a turning point for the company.\n"
        "He said that no jobs would be lost.\n"
    )
    events, jobs = _run(nlp, text, [
        ("the events of today as a turning point for the company", "described", "Fenn"),
        ("that no jobs would be lost", "said", "He"),
    ])
    assert events.said_on is not None and events.said_on.value == "2024-07-15"
    assert jobs.said_on is not None and jobs.said_on.value == "2024-07-15"


def test_said_on_a_lead_that_dates_its_subjects_speech_beside_another_statement(nlp) -> None:
    # The opening phrase dates the governor's address; the port authority's statement in the same
    # sentence has its own time and must not keep the address from dating what she says next.
    text = (
        "In a televised address on Tuesday, Governor Lena Marsh unveiled a flood plan following "
        "the announcement by the port authority on Monday that the harbour would close.\n"
        "Marsh said that the levees would be raised.\n"
        "She stated that the army would help.\n"
    )
    port, levees, army = _run(nlp, text, [
        ("that the harbour would close", "announcement", "the port authority"),
        ("that the levees would be raised", "said", "Marsh"),
        ("that the army would help", "stated", "She"),
    ])
    assert port.said_on is not None and port.said_on.value == "2024-07-15"
    assert levees.said_on is not None and levees.said_on.value == "2024-07-16"
    assert army.said_on is not None and army.said_on.value == "2024-07-16"


def test_said_on_a_time_beside_another_statement_without_an_opening_occasion_dates_nobody_else(nlp) -> None:
    # No occasion of speaking opens the sentence: the port's Monday stays the port's.
    text = (
        "Governor Lena Marsh unveiled a flood plan following the announcement by the port "
        "authority on Monday that the harbour would close.\n"
        "Marsh said that the levees would be raised.\n"
    )
    port, levees = _run(nlp, text, [
        ("that the harbour would close", "announcement", "the port authority"),
        ("that the levees would be raised", "said", "Marsh"),
    ])
    assert port.said_on is not None and port.said_on.value == "2024-07-15"
    assert levees.said_on is None


def test_said_on_a_period_the_report_is_for_does_not_date_the_report(nlp) -> None:
    # "For the second quarter" is the period the figures cover, not when the company spoke
    text = "Halden Motors\n\nFor the second quarter of 2024, Halden Motors says it made a profit of $80 million.\n"
    (att,) = _run(nlp, text, [("it made a profit of $80 million", "says", "Halden Motors")])
    assert att.said_on is None


def test_said_on_a_belief_told_in_the_present_does_not_take_an_events_day(nlp) -> None:
    # the launch event was on Monday; what its chief believes is told as of now
    text = (
        "Orvane unveiled a folding phone at a press conference on Monday.\n"
        "Chief executive Ilse Brandvold believes that the phone will change the market.\n"
    )
    (att,) = _run(nlp, text, [("that the phone will change the market", "believes", "Chief executive Ilse Brandvold")])
    assert att.said_on is None


def test_said_on_a_time_inside_the_source_span_that_hangs_from_the_cue_dates_the_statement(nlp) -> None:
    # a source span that swallows the cue's adverbial: "this month" modifies "found", not the poll
    text = "A Harwick College poll this month found the mayor well ahead of her rivals.\n"
    (att,) = _run(nlp, text, [("the mayor well ahead of her rivals", "found", "A Harwick College poll this month")])
    assert att.said_on is not None and att.said_on.value == "2024-07"


def test_said_on_a_time_that_describes_the_speaker_inside_the_source_does_not_date_the_statement(nlp) -> None:
    # "since 2019" tells how long she has chaired the board, not when she spoke
    text = "Dana Whitlock, the board's chair since 2019, argued that the levy was too high.\n"
    (att,) = _run(nlp, text, [("that the levy was too high", "argued", "Dana Whitlock, the board's chair since 2019,")])
    assert att.said_on is None


def test_said_on_the_cue_the_parser_hangs_on_the_source_as_a_relative_clause_is_not_a_description(nlp) -> None:
    # a sentence whose only verb the parse hangs on its subject ("Stone … called" as a relative
    # clause of "Stone"): "on Monday" is the cue's own time, not part of describing the speaker
    text = ("Senator Mia K. Stone, the party's highest-ranking Democrat, on Monday called Reyes's remarks "
            "about the judge ''racist,'' an extraordinary rebuke.\n")
    doc = nlp(text)
    assert any(t.text == "called" and t.dep_ == "relcl" for t in doc)  # the parse this test is about
    (att,) = _run(nlp, text, [("Reyes's remarks about the judge ''racist,''", "called",
                               "Senator Mia K. Stone, the party's highest-ranking Democrat,")])
    assert att.said_on is not None and att.said_on.value == "2024-07-15"


def test_said_on_a_week_that_dates_the_occasion_told_with_the_cue_carries_to_the_speaker(nlp) -> None:
    # "in an interview … last week": the week dates one occasion, which the speaker's next
    # statement shares; a week told on its own ("Last week, …") dates its statement only
    first, second = ("the budget would pass", "said", "the minister"), ("that taxes would not rise", "said", "The minister")
    rest = "The opposition has threatened to block it.\nThe minister also said that taxes would not rise.\n"
    atts = _run(nlp, "In an interview in Harwick last week, the minister said the budget would pass.\n" + rest,
                [first, second])
    assert [a.said_on.value if a.said_on else None for a in atts] == ["2024-W28", "2024-W28"]
    atts = _run(nlp, "Last week, the minister said the budget would pass.\n" + rest, [first, second])
    assert [a.said_on.value if a.said_on else None for a in atts] == ["2024-W28", None]


def test_said_on_a_wish_told_in_the_present_does_not_inherit_the_speakers_occasion(nlp) -> None:
    # "The mayor wants …" tells a view that holds now, not words of today's news conference;
    # "The mayor also says …" reports what she said today
    tue = dt.date(2024, 7, 16)
    text = ("The mayor said today that the bridge would reopen in May.\n"
            "The mayor wants the council to pay for the repairs.\n"
            "The mayor also says that the ferry will keep running.\n")
    atts = _run(nlp, text, [("the bridge would reopen in May", "said", "The mayor"),
                            ("the council to pay for the repairs", "wants", "The mayor"),
                            ("that the ferry will keep running", "says", "The mayor")], published=tue)
    assert [a.said_on.value if a.said_on else None for a in atts] == ["2024-07-16", None, "2024-07-16"]


def test_said_on_a_dated_message_dates_what_its_writer_recounts_in_it(nlp) -> None:
    text = "In a May 2012 message to the mayor, the aide recounted that the vote had been close.\n"
    (att,) = _run(nlp, text, [("that the vote had been close", "recounted", "the aide")])
    assert att.said_on is not None and att.said_on.value == "2012-05"


def test_said_on_last_week_in_an_article_published_on_a_sunday_is_the_week_just_ending(nlp) -> None:
    sunday = dt.date(2024, 7, 21)
    text = "The minister said last week that the border would reopen.\n"
    (att,) = _run(nlp, text, [("that the border would reopen", "said", "The minister")], published=sunday)
    assert att.said_on is not None and att.said_on.value == "2024-W29"
    (att,) = _run(nlp, text, [("that the border would reopen", "said", "The minister")])  # a Thursday
    assert att.said_on is not None and att.said_on.value == "2024-W28"


def _dated_post(nlp, text: str, content: str, published: dt.date = THU):
    doc = nlp(text)
    att = _attribution(text, 0, content, "tweeted", "One volunteer")
    assign_said_on(doc, [att], find_time_expressions(doc, published), published)
    return att


def test_said_on_a_post_embedded_as_markup_is_dated_by_its_date_attribute(nlp) -> None:
    text = (
        "Supporters cheered the council member online. One volunteer tweeted:\n"
        '<tweet tweet-author="@MapleVotes" tweet-date="July 15, 2024">Ward 4 finally has a voice '
        "at city hall, and it shows<tweet/>\n"
    )
    att = _dated_post(nlp, text, "Ward 4 finally has a voice at city hall, and it shows")
    assert att.said_on is not None and att.said_on.value == "2024-07-15"
    assert att.said_on.evidence is not None and att.said_on.evidence.text == "July 15, 2024"


def test_said_on_a_post_dated_after_publication_dates_nothing(nlp) -> None:
    text = (
        "One volunteer tweeted:\n"
        '<tweet tweet-author="@MapleVotes" tweet-date="August 2, 2024">Ward 4 finally has a voice<tweet/>\n'
    )
    att = _dated_post(nlp, text, "Ward 4 finally has a voice")
    assert att.said_on is None


def test_said_on_an_editorial_or_a_study_is_an_occasion_its_statements_share(nlp) -> None:
    # "the editorial said" refers back to the Tuesday editorial; "state in the study" to the
    # study released on Monday
    text = (
        "The Harbour Gazette aimed a Tuesday editorial at the mayor.\n"
        "“The mayor should come home,” the editorial said.\n"
        "A study by Lakeside University was released on Monday.\n"
        "The researchers state in the study that the lake is warming.\n"
    )
    editorial, study = _run(nlp, text, [
        ("The mayor should come home", "said", "the editorial"),
        ("that the lake is warming", "state", "The researchers"),
    ])
    assert editorial.said_on is not None and editorial.said_on.value == "2024-07-16"
    assert study.said_on is not None and study.said_on.value == "2024-07-15"


@pytest.mark.parametrize("adverb", ["often", "regularly", "routinely", "typically"])
def test_said_on_a_habit_of_saying_inherits_no_occasion(nlp, adverb) -> None:
    # the rally was on Tuesday; what the coach habitually says belongs to no one day
    text = (
        "Coach Ilse Marden spoke at a rally on Tuesday.\n"
        f"Marden {adverb} told fans that the club was underfunded.\n"
    )
    (att,) = _run(nlp, text, [("that the club was underfunded", "told", "Marden")])
    assert att.said_on is None


def test_said_on_a_post_left_open_dates_nothing_past_its_line(nlp) -> None:
    # a tag with no closing one ends with its line: the next paragraph's words are not the post's
    text = (
        '<tweet tweet-author="@MapleVotes" tweet-date="July 15, 2024">Ward 4 finally has a voice\n'
        "The mayor said the ward would get a new school.\n"
    )
    doc = nlp(text)
    att = _attribution(text, 0, "the ward would get a new school", "said", "The mayor")
    att.source = None  # (a source outside the post would mark its words as the post's too)
    reasons = said_on_with_reasons(doc, [att], find_time_expressions(doc, THU), THU)
    assert reasons.get("0") != "post"


def test_said_on_a_day_that_opens_the_sentence_dates_its_main_clause_wherever_the_parser_hung_it(nlp) -> None:
    # a long participle between the fronted day and the cue: the parser hangs "Sunday" from a verb of
    # that participle, but a time set off by a comma at the head of the sentence frames its main clause
    text = ("Lee: State ‘Is Ready’\n\n"
            "Sunday, on River News channel’s “Sunday Report,” while commenting on the anger in the county "
            "stirred by the recent layoffs in Harlow and Marston and a company closing and selling two Tessaro "
            "plants, Governor Dana Lee (R-OK) said the state was ready.")
    doc = nlp(text)
    day = doc.char_span(text.index("Sunday,"), text.index("Sunday,") + 6)
    cue = doc.char_span(text.index("said"), text.index("said") + 4)
    assert day.root.head.i != cue.root.i  # the parser's attachment this test is about
    (att,) = _run(nlp, text, [("the state was ready", "said", "Governor Dana Lee")], dt.date(2024, 7, 21))
    assert att.said_on is not None and att.said_on.value == "2024-07-21"


def test_said_on_a_fronted_day_of_another_clause_does_not_date_the_cue(nlp) -> None:
    text = "Sunday, the storm hit the valley. The governor said the state was ready."
    (att,) = _run(nlp, text, [("the state was ready", "said", "The governor")], dt.date(2024, 7, 21))
    assert att.said_on is None
