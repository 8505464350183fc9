"""Pydantic models of the API's requests and responses (they make the OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["direct", "indirect", "mixed"]


class SpanOut(BaseModel):
    """A character span of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


class SaidOnOut(BaseModel):
    """When a statement was made, as the text states it."""

    value: str
    granularity: str
    start: str
    end: str
    evidence: SpanOut | None = None


class Hit(BaseModel):
    """One statement found: what was said, by whom, where and when."""

    id: str
    article_id: str
    kind: str
    content: list[SpanOut]
    content_text: str
    cue: str | None
    source: str | None
    speaker_id: str | None
    speaker_name: str | None
    said_on: SaidOnOut | None
    date: dt.date | None = Field(description="said_on, else the publication date")
    date_from_published: bool = Field(description="true when `date` is the publication date")
    confidence: float
    quotation_id: str
    article_title: str | None
    article_url: str | None
    article_source: str | None
    published: dt.date | None


class FacetValue(BaseModel):
    """One value of a facet and how many matching statements have it."""

    value: str
    label: str
    count: int


class Facets(BaseModel):
    """Counts of the matching statements by kind, outlet and speaker (the top ones)."""

    kind: list[FacetValue]
    outlet: list[FacetValue]
    speaker: list[FacetValue]


class SearchPage(BaseModel):
    """A page of statements and the number of all matches."""

    total: int
    limit: int
    offset: int
    hits: list[Hit]
    facets: Facets | None = None


class SpeakerSummary(BaseModel):
    """A speaker with statement counts (a quotation repeated across articles counts once)."""

    id: str
    name: str
    kind: str
    statements: int
    occurrences: int
    articles: int
    first_date: dt.date | None
    last_date: dt.date | None


class Mentioned(BaseModel):
    """An entity a speaker talks about, weighted by distinct statements."""

    id: str
    name: str
    kind: str
    weight: int


class TimelinePoint(BaseModel):
    """Distinct statements on one date; ``from_published`` of them are dated by the article's
    publication date because the text gave no date."""

    date: dt.date
    statements: int
    from_published: int


class Speaker(BaseModel):
    """Everything about one speaker: names, roles, counts, whom they talk about, timeline."""

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
    timeline: list[TimelinePoint]
    recent: list[Hit] = Field(description="the speaker's latest statements")


class AddresseeOut(BaseModel):
    """Whom a statement was made to."""

    model_config = ConfigDict(extra="allow")

    start: int
    end: int
    text: str


class Attribution(BaseModel):
    """An attribution as stored, with its spans in the article text."""

    id: str
    article_id: str
    local_id: str
    kind: str
    content: list[SpanOut]
    content_text: str
    cue: SpanOut | None
    source: SpanOut | None
    speaker_id: str | None
    speaker_name: str | None
    speaker_local_id: str | None = Field(description="the speaker's entity id within the article")
    addressee: AddresseeOut | None
    addressee_speaker_id: str | None = None
    said_on: SaidOnOut | None
    date: dt.date | None
    date_from_published: bool
    parent_id: str | None
    confidence: float
    quotation_id: str
    mentions: list[str]


class ArticleEntity(BaseModel):
    """An entity of the article and the global speaker id it was merged into."""

    local_id: str
    speaker_id: str
    name: str
    kind: str
    aliases: list[str]
    roles: list[str]


class TimeOut(BaseModel):
    """A time expression of the text."""

    start: int
    end: int
    text: str
    type: str
    value: str


class Article(BaseModel):
    """A stored article with its text, attributions (spans index ``text``) and entities."""

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
    attributions: list[Attribution]
    entities: list[ArticleEntity]
    times: list[TimeOut]
    excluded: list[SpanOut]


class ArticleSummary(BaseModel):
    """A line of the article list."""

    id: str
    title: str | None
    url: str | None
    source: str | None
    published: dt.date | None
    dup_group: str
    statements: int


class GraphNode(BaseModel):
    """A speaker or an entity spoken about."""

    id: str
    name: str
    kind: str
    spoken: int = Field(description="statements the node makes, over the edges shown")
    mentioned: int = Field(description="statements about the node, over the edges shown")


class GraphEdge(BaseModel):
    """Speaker → entity mentioned in their statements, weighted by distinct statements."""

    source: str
    target: str
    weight: int


class Graph(BaseModel):
    """Who talks about whom."""

    since: dt.date | None
    until: dt.date | None
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class ArticleIn(BaseModel):
    """An article to extract: its ``text`` or its ``html`` (exactly one of them)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="the article text (kept exactly as given)")
    html: str | None = Field(None, description="an article page's HTML (its text is extracted)")
    published: dt.date | None = Field(None, description="publication date, YYYY-MM-DD")
    title: str | None = None
    url: str | None = Field(None, max_length=2000, description="where it was published (never fetched)")
    source: str | None = Field(None, max_length=500, description="the outlet")


class Extraction(BaseModel):
    """The extraction of an article (the contract JSON, ``quotegraph-1`` schema)."""

    model_config = ConfigDict(extra="allow")

    article: dict[str, object]
    text: str
    attributions: list[dict[str, object]]
    entities: list[dict[str, object]]
    times: list[dict[str, object]]
    excluded: list[dict[str, object]]


class ArticleCreated(BaseModel):
    """What ``POST /api/articles`` did."""

    id: str = Field(description="the stored article's id (GET /api/articles/{id})")
    created: bool = Field(description="false when the same article (URL or text) was stored before")
    statements: int
    extraction: Extraction


class Error(BaseModel):
    """Every error: a message a person can act on."""

    error: str
    detail: object | None = None
