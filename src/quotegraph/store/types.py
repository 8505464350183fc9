"""Typed records the store returns (plain dataclasses; ``to_dict()`` gives JSON-ready dicts)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from quotegraph.models import (
    Addressee,
    Article,
    Attribution,
    Entity,
    EntityRef,
    ExtractionResult,
    SaidOn,
    Span,
    TimeExpression,
)


def jsonable(value: Any) -> Any:
    """Turn dataclasses, dates and containers into JSON-serialisable values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_dict") and not isinstance(value, _Record):
            return value.to_dict()
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


class _Record:
    """Mixin: ``to_dict()`` through :func:`jsonable`."""

    def to_dict(self) -> dict[str, Any]:
        """This record as a JSON-ready dict."""
        return {f.name: jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]


@dataclass(slots=True)
class StoredAttribution(_Record):
    """An attribution as stored: the extraction plus global speaker, date and quotation ids."""

    id: str
    article_id: str
    local_id: str
    kind: str
    content: list[Span]
    content_text: str
    cue: Span | None
    source: Span | None
    speaker_id: str | None
    speaker_name: str | None
    speaker_local_id: str | None
    addressee: dict[str, Any] | None
    addressee_speaker_id: str | None
    said_on: SaidOn | None
    date: dt.date | None
    date_from_published: bool
    parent_id: str | None
    confidence: float
    quotation_id: str
    mentions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StoredEntity(_Record):
    """An entity of one article and the global speaker id it was merged into."""

    local_id: str
    speaker_id: str
    name: str
    kind: str
    aliases: list[str]
    roles: list[str]


@dataclass(slots=True)
class StoredArticle(_Record):
    """An article with its text, its attributions and entities, and its near-duplicates."""

    id: str
    external_id: str | None
    url: str | None
    title: str | None
    published: dt.date | None
    source: str | None
    language: str
    text: str
    dup_group: str
    duplicates: list[str]
    attributions: list[StoredAttribution]
    entities: list[StoredEntity]
    times: list[TimeExpression]
    excluded: list[Span]

    def to_result(self) -> ExtractionResult:
        """Rebuild the :class:`ExtractionResult` that was stored (local ids as extracted)."""
        article = Article(
            id=self.external_id or self.id,
            text=self.text,
            title=self.title,
            published=self.published,
            url=self.url,
            source=self.source,
            language=self.language,
        )
        by_local = {e.local_id: e for e in self.entities}
        prefix = f"{self.id}:"
        atts = []
        for a in self.attributions:
            speaker = None
            if a.speaker_local_id is not None:
                ent = by_local.get(a.speaker_local_id)
                speaker = EntityRef(
                    a.speaker_local_id,
                    ent.name if ent else (a.speaker_name or ""),
                    ent.kind if ent else "person",  # type: ignore[arg-type]
                )
            addressee = None
            if a.addressee:
                ad = a.addressee
                addressee = Addressee(
                    Span(ad["start"], ad["end"], ad["text"]), EntityRef.from_dict(ad.get("entity"))
                )
            parent = a.parent_id[len(prefix) :] if a.parent_id else None
            atts.append(
                Attribution(
                    id=a.local_id,
                    kind=a.kind,  # type: ignore[arg-type]
                    content=list(a.content),
                    cue=a.cue,
                    source=a.source,
                    speaker=speaker,
                    addressee=addressee,
                    said_on=a.said_on,
                    parent=parent,
                    confidence=a.confidence,
                )
            )
        entities = [
            Entity(e.local_id, e.name, e.kind, list(e.aliases), list(e.roles))  # type: ignore[arg-type]
            for e in self.entities
        ]
        return ExtractionResult(article, atts, entities, list(self.times), list(self.excluded))


@dataclass(slots=True)
class SpeakerSummary(_Record):
    """A speaker with statement counts; a quotation repeated across articles counts once."""

    id: str
    name: str
    kind: str
    statements: int
    occurrences: int
    articles: int
    first_date: dt.date | None
    last_date: dt.date | None
    #: How precise each of the two dates is ("day", "week", "month", "range", "year"): a first
    #: statement the text dates only by its year has ``first_date`` on January 1 and "year".
    first_granularity: str = "day"
    last_granularity: str = "day"


@dataclass(slots=True)
class Mentioned(_Record):
    """An entity a speaker talks about, weighted by the number of distinct statements."""

    id: str
    name: str
    kind: str
    weight: int


@dataclass(slots=True)
class SpeakerInfo(_Record):
    """Everything about one speaker: names, roles, counts and whom they talk about."""

    id: str
    name: str
    kind: str
    aliases: list[str]
    roles: list[str]
    statements: int
    occurrences: int
    articles: int
    first_date: dt.date | None
    last_date: dt.date | None
    mentioned_in: int
    talks_about: list[Mentioned]
    first_granularity: str = "day"
    last_granularity: str = "day"


@dataclass(slots=True)
class TimelinePoint(_Record):
    """Distinct statements of a speaker on one date; ``from_published`` of them dated by the
    article's publication date because the text gave no date."""

    date: dt.date
    statements: int
    from_published: int
    #: How precisely the text dates them: ``day`` (also for publication dates), ``week``,
    #: ``month``, ``year`` or ``range`` (``date`` is then the period's first day).
    granularity: str = "day"


@dataclass(slots=True)
class GraphEdge(_Record):
    """Speaker → entity mentioned in their statements, weighted by distinct statements."""

    source_id: str
    source_name: str
    target_id: str
    target_name: str
    target_kind: str
    weight: int


@dataclass(slots=True)
class Hit(_Record):
    """One statement found: what was said, by whom, where and when."""

    id: str
    article_id: str
    kind: str
    content: list[Span]
    content_text: str
    cue: str | None
    source: str | None
    speaker_id: str | None
    speaker_name: str | None
    said_on: SaidOn | None
    date: dt.date | None
    date_from_published: bool
    confidence: float
    quotation_id: str
    article_title: str | None
    article_url: str | None
    article_source: str | None
    published: dt.date | None


@dataclass(slots=True)
class FacetCount(_Record):
    """One value of a facet and the number of matching statements."""

    value: str | None
    label: str | None
    count: int


@dataclass(slots=True)
class Facets(_Record):
    """Counts of the matching statements by kind, outlet and speaker (most frequent first)."""

    kind: list[FacetCount] = field(default_factory=list)
    source: list[FacetCount] = field(default_factory=list)
    speaker: list[FacetCount] = field(default_factory=list)


@dataclass(slots=True)
class SearchPage(_Record):
    """A page of hits and the number of all matches."""

    total: int
    limit: int
    offset: int
    hits: list[Hit] = field(default_factory=list)


@dataclass(slots=True)
class RunSummary(_Record):
    """What one ingest run did."""

    run_id: int | None = None
    read: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    attributions: int = 0
    skips: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    #: Stored articles whose metadata the run updated (``ingest --metadata``).
    updated: int = 0


@dataclass(slots=True)
class QuotedCount(_Record):
    """How many distinct statements of one speaker one group (an outlet, a month) holds."""

    group: str
    speaker_id: str
    name: str
    kind: str
    statements: int


@dataclass(slots=True)
class QuotationSummary(_Record):
    """An aggregated quotation (one distinct wording) as quote checking reads it.

    Attributes:
        id: the quotation id (Quotebank's ``quoteID``).
        text: the quotation's words as first stored.
        speaker_id: the speaker most of its occurrences name (earliest first on a tie).
        speaker_name: that speaker's global name.
        said_on: its earliest date (``said_on``, else the publication date).
        article_id: the first article that carried it (earliest date, then id).
        article_title: that article's headline.
        article_url: its URL.
        article_source: its outlet.
        article_published: its publication date.
        articles: how many distinct articles carried it.
    """

    id: str
    text: str
    speaker_id: str | None
    speaker_name: str | None
    said_on: dt.date | None
    article_id: str
    article_title: str | None
    article_url: str | None
    article_source: str | None
    article_published: dt.date | None
    articles: int
