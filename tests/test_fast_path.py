"""The fast path's parse (texts in pieces, joined back) and the extractor's size budget.

Texts are invented. The pieces must join into the text exactly, with the tokens a whole-text
parse gives; the size budget must skip an article with the same clear reason every time and let
the batch go on.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotegraph.errors import SizeBudgetError
from quotegraph.models import Article
from quotegraph.nlp import load_pipeline, parse_texts
from quotegraph.nlp.doc import doc_text
from quotegraph.nlp.pipeline import join_pieces, paragraph_boundaries, parse_in_pieces, piece_starts
from quotegraph.pipeline import Extractor, SizeBudget

SENTENCES = [
    "Mayor Lena Ortiz said the bridge would reopen in May.",
    '"We are on schedule," she told reporters on Monday.',
    "Analysts warned that prices could rise.",
    "According to the bank, inflation is easing.",
    "“It is not over,” the coach said.",
    "Officials declined to comment!",
    "Why? Nobody knows.",
]
SEPARATORS = [" ", "  ", "\n", "\n\n", " \n", "\n \n", "\t", "\r\n"]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


def _text(parts: list[tuple[int, int]]) -> str:
    return "".join(SENTENCES[s] + SEPARATORS[p] for s, p in parts)


def test_pieces_start_at_paragraphs_and_cut_long_ones_at_sentences() -> None:
    para = " ".join(SENTENCES)  # one paragraph
    text = "\n\n".join([para] * 6)
    starts = piece_starts(text, size=len(para) + 3, limit=10 * len(para))  # a paragraph and its break: len + 2
    # a piece ends at the first paragraph start after the size is reached
    assert starts == [0, *(m.end() for m in re.finditer(r"\n\n", text))][::2]
    long = " ".join(SENTENCES * 20)  # one long paragraph
    cuts = piece_starts(long, size=100, limit=400)
    assert cuts[0] == 0 and len(cuts) > 5
    assert all(long[c - 1] == " " and not long[c].isspace() for c in cuts[1:])
    assert all(b - a <= 400 + 60 for a, b in zip(cuts, [*cuts[1:], len(long)], strict=True))
    # no sentence start at all: cut at spaces once a piece is ``limit`` long
    words = "word " * 300
    cuts = piece_starts(words, size=100, limit=200)
    assert len(cuts) > 3 and all(b - a <= 200 for a, b in zip(cuts, [*cuts[1:], len(words)], strict=True))
    assert piece_starts("", 10, 20) == [0] and piece_starts("x" * 500, 10, 20) == [0]


@given(st.lists(st.tuples(st.integers(0, len(SENTENCES) - 1), st.integers(0, len(SEPARATORS) - 1)),
                min_size=1, max_size=40), st.integers(1, 300), st.integers(1, 600))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_pieces_join_into_the_text_with_the_whole_texts_tokens(nlp, parts, size, limit) -> None:  # type: ignore[no-untyped-def]
    text = _text(parts)
    ((doc, context),) = list(parse_in_pieces(nlp, [(text, "ctx")], size=size, limit=limit))
    whole = nlp(text)
    assert context == "ctx" and doc.text == text
    assert [(t.idx, t.text, t.whitespace_) for t in doc] == [(t.idx, t.text, t.whitespace_) for t in whole]
    for ent in doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text
    for start in piece_starts(text, size, limit)[1:]:  # every piece starts a sentence
        assert doc[next(t.i for t in doc if t.idx == start)].is_sent_start


@given(st.lists(st.tuples(st.integers(0, len(SENTENCES) - 1), st.integers(0, len(SEPARATORS) - 1)),
                min_size=2, max_size=30), st.integers(1, 200))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_joining_from_the_pieces_texts_is_from_docs_byte_for_byte(nlp, parts, size) -> None:  # type: ignore[no-untyped-def]
    text = _text(parts)
    starts = piece_starts(text, size, 400)
    texts = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    fast = join_pieces(list(nlp.pipe(texts)), texts)
    slow = join_pieces(list(nlp.pipe(texts)))
    assert fast.to_bytes() == slow.to_bytes() and fast.text == text
    ((doc, _),) = list(parse_in_pieces(nlp, [(text, None)], size=size, limit=400))
    assert doc_text(doc) == doc.text == text  # the text kept on the Doc is the one spaCy builds


def _paragraph_starts_token_by_token(doc):  # type: ignore[no-untyped-def]
    """The reference: ``qg_paragraph_boundaries`` as a plain loop over the tokens."""
    after_break = False
    for token in doc:
        if token.is_space:
            after_break = after_break or "\n" in token.text
        elif after_break:
            token.is_sent_start = True
            after_break = False
    return doc


@given(st.lists(st.tuples(st.integers(0, len(SENTENCES) - 1), st.integers(0, len(SEPARATORS) - 1)),
                max_size=20), st.sampled_from(["", "\n", " \n ", "\n\n"]))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_paragraph_starts_are_the_token_loops(nlp, parts, lead) -> None:  # type: ignore[no-untyped-def]
    text = lead + _text(parts)
    fast = paragraph_boundaries(nlp.make_doc(text))
    assert fast.to_bytes() == _paragraph_starts_token_by_token(nlp.make_doc(text)).to_bytes()
    with pytest.raises(ValueError, match="E043"):  # after the parse, as spaCy's setter refuses
        paragraph_boundaries(nlp("A b.\n\nC d."))


def test_parse_texts_keeps_order_and_context_across_batches(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = [_text([(i % 7, i % 4), ((i + 3) % 7, 3)] * (1 + i % 5)) for i in range(30)]
    for fast in (True, False):
        out = list(parse_texts(nlp, ((t, i) for i, t in enumerate(texts)), fast=fast, batch_size=2))
        assert [i for _, i in out] == list(range(30))
        assert [d.text for d, _ in out] == texts


def test_fast_path_on_and_off_give_valid_results_of_the_same_text() -> None:
    text = "\n\n".join(" ".join(SENTENCES[i:] + SENTENCES[:i]) for i in range(7)) * 3
    art = Article(id="a", text=text)
    results = [Extractor(fast=fast).extract(art) for fast in (True, False)]
    for result in results:
        assert result.attributions
        for att in result.attributions:
            for span in att.content:
                assert text[span.start : span.end] == span.text
        for time in result.times:
            assert text[time.start : time.end] == time.text
    assert len(results[0].times) == len(results[1].times)


def test_size_budget_skips_with_the_same_reason_and_the_batch_goes_on() -> None:
    small = Article(id="small", text=SENTENCES[0])
    big = Article(id="big", text=" ".join(SENTENCES) * 10)
    extractor = Extractor(budget=SizeBudget(max_chars=200))
    reasons: list[str] = []
    for _ in range(2):
        done = list(extractor.extract_many([small, big, small],
                                           on_error=lambda art, exc: reasons.append(f"{art.id}: {exc}")))
        assert [r.article.id for r in done] == ["small", "small"]
    assert reasons[0] == reasons[1] and reasons[0].startswith("big: article 'big' is over the size budget")
    assert "characters, more than 200" in reasons[0]
    with pytest.raises(SizeBudgetError):
        extractor.extract(big)
    crowded = Article(id="crowded", text=" ".join([SENTENCES[0], SENTENCES[2]] * 3))
    with pytest.raises(SizeBudgetError, match=r"statements, more than 2;"):
        Extractor(budget=SizeBudget(max_statements=2)).extract(crowded)
    assert Extractor(budget=SizeBudget(max_statements=10)).extract(crowded).attributions


def test_last_speaker_answers_as_the_full_backward_scan(nlp) -> None:  # type: ignore[no-untyped-def]
    """``ResolverBase._last_speaker`` walks back from the mentions before its position only;
    its answer must be the full scan's, whether the mentions stand in order or not."""
    from quotegraph.speakers.base import ResolverBase
    from quotegraph.speakers.entities import Mention

    text = ("Mayor Lena Ortiz said the bridge would reopen. “We are on schedule,” she said. "
            "Tom Reyes, a councillor, disagreed. He said the budget “was a fantasy, as Ortiz "
            "knows”. The mayor told reporters she would not resign.")
    base = ResolverBase(nlp(text), [])
    mentions = base.art.mentions
    for start in range(0, len(text), 13):  # speaker mentions, some inside quotations
        mentions.insert(sum(m.start <= start for m in mentions) if mentions.ordered else len(mentions),
                        Mention(start, start + 4, None, 0, True, base.art.in_quote(start, start + 4),
                                False, "speaker"))

    def naive(start: int, excluded: list[tuple[int, int]]) -> Mention | None:
        quoted = base.art.in_quote(start, start + 1)
        for m in reversed(mentions):
            if m.kind == "speaker" and m.start < start and not any(s <= m.start < e for s, e in excluded) \
                    and (quoted or not m.in_quote):
                return m
        return None

    for excluded in ([], [(20, 90)], [(0, len(text))]):
        for start in range(0, len(text) + 1, 7):
            assert base._last_speaker(start, excluded) is naive(start, excluded)
    mentions.append(Mention(5, 9, None, 0, True, False, False, "speaker"))  # now out of order
    assert not mentions.ordered
    for start in range(0, len(text) + 1, 7):
        assert base._last_speaker(start, []) is naive(start, [])
