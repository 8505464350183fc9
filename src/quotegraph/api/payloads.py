"""Pydantic models of the API's requests and responses (they make the OpenAPI document)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import types
import typing
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from quotegraph.models import SaidOn, Span, TimeExpression
from quotegraph.store import types as rec

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


class AddresseeOut(BaseModel):
    """Whom a statement was made to."""

    model_config = ConfigDict(extra="allow")

    start: int
    end: int
    text: str


class TimeOut(BaseModel):
    """A time expression of the text."""

    start: int
    end: int
    text: str
    type: str
    value: str


# ---------------------------------------------------------------- the store's records
# The answers that are store records (``quotegraph.store.types``) are built from the records'
# own fields, in their order: a field added to a record reaches the API's answer and its
# documentation without being written twice. Only what the document says beyond the record
# (a description, a default, an extra field) is written here.

#: The payload model of each store or extraction type that an answer holds.
_PAYLOAD_OF: dict[Any, Any] = {Span: SpanOut, SaidOn: SaidOnOut, TimeExpression: TimeOut}


def _payload_type(hint: Any) -> Any:
    """``hint`` with each store type replaced by its payload model (inside lists and unions)."""
    if hint in _PAYLOAD_OF:
        return _PAYLOAD_OF[hint]
    args = typing.get_args(hint)
    if not args:
        return hint
    mapped = tuple(_payload_type(a) for a in args)
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        return functools.reduce(operator.or_, mapped)
    return typing.get_origin(hint)[mapped if len(mapped) > 1 else mapped[0]]


def _answer_model(record: type, doc: str, *, name: str | None = None, fields: dict[str, Any] | None = None,
                  extra: dict[str, Any] | None = None) -> type[BaseModel]:
    """The response model of a store record: its fields, in order and all required, typed with
    payload models.

    Args:
        record: the dataclass the store returns.
        doc: the model's description in the OpenAPI document.
        name: the model's name (default: the record's).
        fields: ``{name: (type, FieldInfo)}`` for fields the document says more about.
        extra: fields the answer adds after the record's own.

    Returns:
        The pydantic model; it is registered as the payload of ``record`` for later models.
    """
    hints = typing.get_type_hints(record)
    spec: dict[str, Any] = {f.name: (_payload_type(hints[f.name]), ...) for f in dataclasses.fields(record)}
    spec.update(fields or {})
    spec.update(extra or {})
    model = create_model(name or record.__name__, __doc__=doc, **spec)
    _PAYLOAD_OF[record] = model
    return model


Hit = _answer_model(rec.Hit, "One statement found: what was said, by whom, where and when.", fields={
    "date": (dt.date | None, Field(description="said_on, else the publication date")),
    "date_from_published": (bool, Field(description="true when `date` is the publication date")),
})
SpeakerSummary = _answer_model(rec.SpeakerSummary, "A speaker with statement counts (a quotation repeated "
                               "across articles counts once).")
Mentioned = _answer_model(rec.Mentioned, "An entity a speaker talks about, weighted by distinct statements.")
TimelinePoint = _answer_model(rec.TimelinePoint, "Distinct statements on one date; ``from_published`` of them are "
                              "dated by the article's\npublication date because the text gave no date.")
Speaker = _answer_model(rec.SpeakerInfo, "Everything about one speaker: names, roles, counts, whom they talk about, "
                        "timeline.", name="Speaker", extra={
    "timeline": (list[TimelinePoint], ...),  # type: ignore[valid-type]
    "recent": (list[Hit], Field(description="the speaker's latest statements")),  # type: ignore[valid-type]
})
Attribution = _answer_model(rec.StoredAttribution, "An attribution as stored, with its spans in the article text.",
                            name="Attribution", fields={
    "speaker_local_id": (str | None, Field(description="the speaker's entity id within the article")),
    "addressee": (AddresseeOut | None, ...),
    "addressee_speaker_id": (str | None, None),
    "mentions": (list[str], ...),
})
ArticleEntity = _answer_model(rec.StoredEntity, "An entity of the article and the global speaker id it was merged "
                              "into.", name="ArticleEntity")
Article = _answer_model(rec.StoredArticle, "A stored article with its text, attributions (spans index ``text``) "
                        "and entities.", name="Article")


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
    hits: list[Hit]  # type: ignore[valid-type]  # a model built from the store record
    facets: Facets | None = None


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
