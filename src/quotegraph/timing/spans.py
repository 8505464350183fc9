"""Token spans of character offsets, looked up once per Doc.

The said_on rules ask for the tokens of the same cue, source or time many times per article
(each rule, for each statement), and ``Doc.char_span`` walks the tokens anew each time. The
time stage keeps one Doc's answers while it runs and drops them (:func:`forget`) when it is done,
so that no Doc outlives its article.
"""

from __future__ import annotations

import weakref

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan


class _Memo:
    """One Doc's answers: spans by offsets, the sentence of each token."""

    def __init__(self, doc: Doc) -> None:
        self.doc = weakref.ref(doc)
        self.size = len(doc)
        self.spans: dict[tuple[int, int], SpacySpan | None] = {}
        self.sents: list[SpacySpan | None] = [None] * self.size


_MEMO: _Memo | None = None  # one Doc at a time; a Doc of another thread replaces it


def _memo(doc: Doc) -> _Memo:
    global _MEMO
    memo = _MEMO  # one read: another thread may replace it meanwhile
    if memo is None or memo.doc() is not doc or memo.size != len(doc):
        memo = _MEMO = _Memo(doc)
    return memo


def expanded(doc: Doc, start: int, end: int) -> SpacySpan | None:
    """``doc.char_span(start, end, alignment_mode="expand")``, computed once per Doc and offsets."""
    spans = _memo(doc).spans
    key = (start, end)
    try:
        return spans[key]
    except KeyError:
        span = spans[key] = doc.char_span(start, end, alignment_mode="expand")
        return span


def sentence_of(doc: Doc, i: int) -> SpacySpan:
    """``doc[i].sent``, computed once per Doc and sentence."""
    sents = _memo(doc).sents
    sent = sents[i]
    if sent is None:
        sent = doc[i].sent
        sents[sent.start : sent.end] = [sent] * len(sent)  # the same sentence for each of its tokens
    return sent


def forget() -> None:
    """Drop the spans kept (they hold their Doc)."""
    global _MEMO
    _MEMO = None
