"""Scraping debris: spans over whole debris lines and glued labels, never over real prose."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from quotegraph.clean import find_debris, mask, paragraph_spans, parse_text
from quotegraph.models import Span

FIXTURE = Path(__file__).parent / "fixtures" / "clean" / "scraped_article.txt"


def _debris_texts(text: str) -> list[str]:
    return [span.text for span in find_debris(text)]


@pytest.mark.parametrize(
    "line",
    [
        "ARTICLE AD BOX",
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Read more",
        "Read More:",
        "READ MORE",
        "Read more: Council rejects the stadium deal",
        "Related:",
        "Related: Mayor faces recall vote",
        "Share this article",
        "Share on Facebook",
        "Share on Twitter",
        "Subscribe to our newsletter",
        "Sign up for our morning briefing",
        "Sign up for The Daily Digest, delivered every weekday",
        "Click here to read the full report",
        "Follow us on Twitter",
        "Follow Jane Doe on Twitter @janedoe.",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "Accept all cookies",
        "Image caption Protesters outside the parliament building",
        "Image source, Getty Images",
        "Getty Images",
        "Getty.",
        "Photo: Reuters",
        "Bloomberg via Getty Images.",
        "Watch the full interview below:",
        "___.",
    ],
)
def test_clean_whole_debris_line_is_one_span(line: str) -> None:
    text = f"The mayor spoke on Monday.\n{line}\nShe said the vote was close."
    spans = find_debris(text)
    assert [s.text for s in spans] == [line]
    assert text[spans[0].start : spans[0].end] == line


@pytest.mark.parametrize(
    "line",
    [
        "Critics urged residents to read more about the cost before celebrating.",
        "Read more books, the education minister told parents on Friday.",
        "Advertisement spending fell by a third last year, the agency said.",
        "Related parties must disclose their holdings, the regulator said.",
        "“Follow the money on this one,” one councillor said.",
        "Share prices fell sharply after the announcement.",
        "Sign up for the draft was compulsory until 1973, the historian noted.",
        "Click here, he said, and the whole system unlocks.",
        "The photographer, who works for Getty Images, was not hurt.",
        "Subscribers will pay more from April, the company said.",
    ],
)
def test_clean_prose_is_not_debris(line: str) -> None:
    assert find_debris(f"Headline\n{line}\n") == []


@pytest.mark.parametrize(
    ("line", "label", "rest"),
    [
        ("Read moreBiden and Trump now appear headed for a rematch.", "Read more", "Biden and Trump"),
        ("READ MOREThe minister declined to comment.", "READ MORE", "The minister"),
        ("Read More“We will not back down,” she said.", "Read More", "“We will"),
        ("RelatedIsland councils back the plan", "Related", "Island councils"),
        ("AdvertisementThe vote is due on Thursday.", "Advertisement", "The vote"),
    ],
)
def test_clean_glued_label_covers_only_the_label(line: str, label: str, rest: str) -> None:
    text = f"First paragraph.\n{line}\n"
    spans = find_debris(text)
    assert len(spans) == 1
    assert spans[0].text == label
    # The real text after the seam is untouched by the mask.
    masked = mask(text, spans)
    assert masked[spans[0].end :].startswith(rest)
    assert masked[spans[0].start : spans[0].end] == " " * len(label)


def test_clean_glued_suffix_after_a_sentence() -> None:
    text = "“We will win,” the coach said.Advertisement\nNext paragraph."
    spans = find_debris(text)
    assert [s.text for s in spans] == ["Advertisement"]
    assert text[: spans[0].start] == "“We will win,” the coach said."


def test_clean_fixture_spans_are_sorted_disjoint_and_exact() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    spans = find_debris(text)
    texts = [s.text for s in spans]
    assert texts == [
        "ARTICLE AD BOX",
        "Advertisement",
        "Story continues below advertisement",
        "Read more",
        "Share this article",
        "Share on Facebook",
        "Subscribe to our newsletter",
        "Sign up for our morning briefing",
        "Image caption The ferry terminal at dawn",
        "Getty Images",
        "Follow us on Twitter",
        "Read More:",
        "Related",
    ]
    for span in spans:
        assert text[span.start : span.end] == span.text
    for before, after in itertools.pairwise(spans):
        assert before.end <= after.start


def test_clean_mask_keeps_length_offsets_and_newlines() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    spans = find_debris(text)
    masked = mask(text, spans)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    covered = {i for s in spans for i in range(s.start, s.end)}
    for i, (orig, new) in enumerate(zip(text, masked, strict=True)):
        assert new == (" " if i in covered and orig != "\n" else orig)
    assert "ARTICLE AD BOX" not in masked
    assert "Read more" not in masked
    assert "Ferry operators had lobbied" in masked


@pytest.mark.parametrize("text", ["", "no debris here", "Advertisement", "\r\nAdvertisement\r\n"])
def test_clean_mask_length_invariant(text: str) -> None:
    masked = mask(text, find_debris(text))
    assert len(masked) == len(text)
    assert masked.count("\n") == text.count("\n")
    assert masked.count("\r") == text.count("\r")


def test_clean_mask_keeps_crlf_and_handles_overlap() -> None:
    text = "Advertisement\r\nBody text.\r\n"
    spans = [Span.of(text, 0, 15), Span.of(text, 5, 13)]
    masked = mask(text, spans)
    assert masked == " " * 13 + "\r\nBody text.\r\n"


def test_clean_mask_rejects_a_span_outside_the_text() -> None:
    with pytest.raises(ValueError, match="outside"):
        mask("short", [Span(3, 10, "rt")])


def test_clean_crlf_lines_are_found_without_the_carriage_return() -> None:
    text = "Intro.\r\nADVERTISEMENT\r\nBody.\r\n"
    spans = find_debris(text)
    assert [s.text for s in spans] == ["ADVERTISEMENT"]


def test_clean_paragraph_spans_are_stripped_offsets() -> None:
    text = "  First paragraph.  \n\n\r\nSecond one.\r\n   \nThird"
    spans = paragraph_spans(text)
    assert [text[a:b] for a, b in spans] == ["First paragraph.", "Second one.", "Third"]
    assert spans[0] == (2, 18)


def test_clean_long_line_starting_like_debris_is_prose() -> None:
    line = "Sign up for " + "the programme was slow, " * 20
    assert find_debris(line) == []


def test_clean_handles_a_large_text() -> None:
    # Its speed is the bench's to measure (``quotegraph bench pipeline`` length sweep), not a test's.
    paragraph = "The committee said on Monday that the report would be published in the spring.\n"
    text = (paragraph * 9 + "Advertisement\n") * 2500  # about 2 MB, 25,000 lines
    spans = find_debris(text)
    masked = mask(text, spans)
    assert len(spans) == 2500 and len(masked) == len(text)
    assert all(text[s.start:s.end].strip() == "Advertisement" for s in spans)


def test_clean_parse_text_makes_no_break_spaces_plain_and_keeps_offsets() -> None:
    text = "Smith leads,\u00a0according to a poll by\u00a0PollWatch.\nAdvertisement\nIt is 5\u202fpercent."
    parsed = parse_text(text, find_debris(text))
    assert len(parsed) == len(text)
    assert "\u00a0" not in parsed and "\u202f" not in parsed
    assert parsed.index("PollWatch") == text.index("PollWatch")
    assert "Advertisement" not in parsed  # the debris is masked as before


def test_extraction_through_no_break_spaces_keeps_the_input_text() -> None:
    # spaCy makes a no-break space a token of its own, which cut the name "Maria Gonzalez" to
    # "Maria"; the spans still give the words exactly as the input has them
    from quotegraph.models import Article
    from quotegraph.pipeline import Extractor

    text = "Budget\n\nThe plan will fail,\u00a0said Maria\u00a0Gonzalez, the city\u2019s budget chief.\n"
    (att,) = Extractor().extract(Article(id="a", text=text)).attributions
    assert att.source is not None and att.source.text == "Maria\u00a0Gonzalez"
    assert att.speaker is not None and att.speaker.name == "Maria Gonzalez"
