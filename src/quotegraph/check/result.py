"""Plain data for checking a quote: what goes in (attested statements) and what comes out.

Every class here is a dataclass of plain values whose ``to_dict`` is ready for JSON, so the
CLI's ``--json``, the API and the web page can show the same answer.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Literal

from quotegraph.check.align import DiffOp

Verdict = Literal["verbatim", "altered", "cut_short", "someone_else", "paraphrase", "not_found"]
#: Every verdict, in the order a reader meets them.
VERDICTS: tuple[Verdict, ...] = (
    "verbatim", "altered", "cut_short", "someone_else", "paraphrase", "not_found",
)
#: How a match was found: its words (shingles, then alignment) or its meaning (embeddings).
Method = Literal["words", "meaning"]
#: What a match is to the verdict: the statement it rests on, one of two joined statements,
#: or another close statement shown for context.
Role = Literal["evidence", "part", "closest"]


def _iso(day: _dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """The article that carried a statement (for a store: the first one, by date).

    Attributes:
        id: the article's id.
        title: its headline.
        url: where it was published.
        source: the outlet.
        published: its publication date.
    """

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: _dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published": _iso(self.published),
        }


@dataclass(frozen=True, slots=True)
class Statement:
    """An attested statement, as a store feeds it to the checker.

    Attributes:
        id: the statement's id in the store.
        text: the words as attested (offsets in results index this text).
        speaker: the speaker's name as resolved by the store.
        said_on: the day it was said, when known.
        article: the first article that carried it.
        articles: how many articles carried it.
        speaker_id: the speaker's id in the store, when it has one.
    """

    id: str
    text: str
    speaker: str | None = None
    said_on: _dt.date | None = None
    article: ArticleRef | None = None
    articles: int = 1
    speaker_id: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """One attested statement shown for a claim.

    Attributes:
        statement_id: the statement's id.
        speaker: who said it.
        said_on: when.
        text: the whole statement.
        method: found by its words or by its meaning.
        role: what it is to the verdict.
        score: for ``words``, the share of the claim's words found in order (0–1); for
            ``meaning``, the cosine similarity of the sentence embeddings.
        region: ``(start, end)`` of the statement's words the claim spans (``(0, 0)`` when
            found by meaning only).
        sentence: ``(start, end)`` of the sentence(s) of the statement around ``region``.
        diff: the steps from the statement's words to the claim's (empty for meaning only).
        article: the first article that carried it.
        articles: how many articles carried it.
        speaker_id: the speaker's id in the store, when it has one.
    """

    statement_id: str
    speaker: str | None
    said_on: _dt.date | None
    text: str
    method: Method
    role: Role
    score: float
    region: tuple[int, int] = (0, 0)
    sentence: tuple[int, int] = (0, 0)
    diff: tuple[DiffOp, ...] = ()
    article: ArticleRef | None = None
    articles: int = 1
    speaker_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "statement_id": self.statement_id,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "said_on": _iso(self.said_on),
            "text": self.text,
            "method": self.method,
            "role": self.role,
            "score": round(self.score, 4),
            "region": {"start": self.region[0], "end": self.region[1]},
            "sentence": {"start": self.sentence[0], "end": self.sentence[1]},
            "diff": [op.to_dict() for op in self.diff],
            "article": self.article.to_dict() if self.article else None,
            "articles": self.articles,
        }


@dataclass(slots=True)
class CheckResult:
    """The answer to "did they say it, in those words?".

    Attributes:
        claim: the claim as given (diff offsets index it).
        speaker: the claimed speaker, if any.
        since: earliest ``said_on`` searched, if limited.
        until: latest ``said_on`` searched, if limited.
        verdict: one of :data:`VERDICTS`.
        reason: one or two sentences saying why, naming the evidence.
        matches: the statements the verdict rests on first, then other close ones.
        searched: how many statements were searched (after the date limits).
        meaning_searched: whether meaning-level (embedding) matching was available.
    """

    claim: str
    verdict: Verdict
    reason: str
    matches: list[Match] = field(default_factory=list)
    speaker: str | None = None
    since: _dt.date | None = None
    until: _dt.date | None = None
    searched: int = 0
    meaning_searched: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "claim": self.claim,
            "speaker": self.speaker,
            "since": _iso(self.since),
            "until": _iso(self.until),
            "verdict": self.verdict,
            "reason": self.reason,
            "matches": [m.to_dict() for m in self.matches],
            "searched": self.searched,
            "meaning_searched": self.meaning_searched,
        }
