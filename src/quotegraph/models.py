"""Plain data models shared by every stage after the spaCy boundary.

Nothing here imports spaCy: the store, search, API and runners handle these objects (and can
pickle them) without loading a language pipeline. ``ExtractionResult.to_dict`` produces the JSON
of ``CONTRACT.md`` (schema ``quotegraph/1``); ``ExtractionResult.from_dict`` reads it back.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_ID = "quotegraph/1"

AttributionKind = Literal["direct", "indirect", "mixed"]
EntityKind = Literal["person", "organization", "group", "other"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
Granularity = Literal["day", "week", "month", "year", "range"]


@dataclass(frozen=True, slots=True)
class Span:
    """A character span of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Build the span ``text[start:end]``, keeping offsets and text consistent by construction."""
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Span | None:
        if data is None:
            return None
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))


@dataclass(slots=True)
class Article:
    """One input article: the text every offset indexes, plus its metadata."""

    id: str
    text: str
    title: str | None = None
    published: _dt.date | None = None
    url: str | None = None
    source: str | None = None
    language: str = "en"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "source": self.source,
            "language": self.language,
        }


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A pointer to an entity of the same article, as carried by an attribution."""

    id: str
    name: str
    kind: EntityKind

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> EntityRef | None:
        if data is None:
            return None
        return cls(data["id"], data["name"], data["kind"])


@dataclass(slots=True)
class Entity:
    """A person, organisation or group that an article mentions, with the names it goes by."""

    id: str
    name: str
    kind: EntityKind
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def ref(self) -> EntityRef:
        return EntityRef(self.id, self.name, self.kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
        }


@dataclass(frozen=True, slots=True)
class Addressee:
    """Whom a statement was made to ("told reporters"): the mention and, when named, the entity."""

    span: Span
    entity: EntityRef | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "entity": self.entity.to_dict() if self.entity else None}


@dataclass(frozen=True, slots=True)
class SaidOn:
    """When a statement was made, as the text states it (never guessed from the publication date)."""

    value: str
    granularity: Granularity
    start: str
    end: str
    evidence: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "granularity": self.granularity,
            "start": self.start,
            "end": self.end,
            "evidence": self.evidence.to_dict() if self.evidence else None,
        }


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression of the text with its TIMEX3 type and normalised value."""

    start: int
    end: int
    text: str
    type: TimeType
    value: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
        }


@dataclass(slots=True)
class Attribution:
    """One attributed statement: who (source/speaker) said what (content) by which cue."""

    id: str
    kind: AttributionKind
    content: list[Span]
    cue: Span | None = None
    source: Span | None = None
    speaker: EntityRef | None = None
    addressee: Addressee | None = None
    said_on: SaidOn | None = None
    parent: str | None = None
    confidence: float = 0.5

    @property
    def start(self) -> int:
        """Start of the earliest content span."""
        return min(s.start for s in self.content)

    @property
    def end(self) -> int:
        """End of the last content span."""
        return max(s.end for s in self.content)

    @property
    def content_text(self) -> str:
        """The content spans joined with " … " (quote-centric exports use this)."""
        return " … ".join(s.text for s in self.content)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "content": [s.to_dict() for s in self.content],
            "cue": self.cue.to_dict() if self.cue else None,
            "source": self.source.to_dict() if self.source else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "addressee": self.addressee.to_dict() if self.addressee else None,
            "said_on": self.said_on.to_dict() if self.said_on else None,
            "parent": self.parent,
            "confidence": round(self.confidence, 3),
        }


@dataclass(slots=True)
class ExtractionResult:
    """Everything quotegraph found in one article: the unit the later stages consume."""

    article: Article
    attributions: list[Attribution] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    excluded: list[Span] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object for this article (``CONTRACT.md``)."""
        return {
            "schema": SCHEMA_ID,
            "article": self.article.to_dict(),
            "text": self.article.text,
            "attributions": [a.to_dict() for a in self.attributions],
            "entities": [e.to_dict() for e in self.entities],
            "times": [t.to_dict() for t in self.times],
            "excluded": [s.to_dict() for s in self.excluded],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExtractionResult:
        """Read back an object written by :meth:`to_dict`."""
        art = data["article"]
        published = art.get("published")
        article = Article(
            id=art["id"],
            text=data["text"],
            title=art.get("title"),
            published=_dt.date.fromisoformat(published) if published else None,
            url=art.get("url"),
            source=art.get("source"),
            language=art.get("language", "en"),
        )
        attributions = []
        for a in data.get("attributions", []):
            said = a.get("said_on")
            addressee = a.get("addressee")
            attributions.append(
                Attribution(
                    id=a["id"],
                    kind=a["kind"],
                    content=[Span.from_dict(s) for s in a["content"]],  # type: ignore[misc]
                    cue=Span.from_dict(a.get("cue")),
                    source=Span.from_dict(a.get("source")),
                    speaker=EntityRef.from_dict(a.get("speaker")),
                    addressee=Addressee(
                        Span(addressee["start"], addressee["end"], addressee["text"]),
                        EntityRef.from_dict(addressee.get("entity")),
                    )
                    if addressee
                    else None,
                    said_on=SaidOn(
                        said["value"],
                        said["granularity"],
                        said["start"],
                        said["end"],
                        Span.from_dict(said.get("evidence")),
                    )
                    if said
                    else None,
                    parent=a.get("parent"),
                    confidence=float(a.get("confidence", 0.5)),
                )
            )
        entities = [
            Entity(e["id"], e["name"], e["kind"], list(e.get("aliases", [])), list(e.get("roles", [])))
            for e in data.get("entities", [])
        ]
        times = [
            TimeExpression(t["start"], t["end"], t["text"], t["type"], t["value"])
            for t in data.get("times", [])
        ]
        excluded = [Span(s["start"], s["end"], s["text"]) for s in data.get("excluded", [])]
        return cls(article, attributions, entities, times, excluded)
