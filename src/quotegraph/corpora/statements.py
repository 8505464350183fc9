"""Gold files of annotated statements in the ``meantime_attr`` format (``meantime_attr``,
``news2019_attr``, the contrast set), read once for evaluation and for training.

One JSON object per line: ``doc_id``/``attributions`` (or ``id``/``statements`` for the contrast
set), ``text``, and per statement its ``content`` extent, ``kind``, ``cue``, ``source``,
``speaker``, ``speaker_kind``, ``said_on`` and ``addressee``; offsets are Python string indices.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotegraph.errors import EvaluationError

Pair = tuple[int, int]
LABELS = ("statement", "act")
# The PolNeAR speakers gold spells it the American way; EVALUATION.md treats both as one kind.
_KIND_ALIASES = {"organization": "organisation"}


@dataclass(frozen=True, slots=True)
class GoldStatement:
    """One gold statement of a document.

    Attributes:
        content: the content extent ``(start, end)``.
        kind: direct, indirect or mixed, as annotated (``None`` when absent).
        cue: the cue span, when placed.
        source: the source mention span, when placed.
        speaker: the fullest name of the speaker, ``None`` for unnamed sources.
        speaker_kind: person, organisation, group, document or unnamed.
        said_on: the gold date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``None`` when undated.
        addressee: whom it was said to, ``None`` when the text names nobody.
    """

    content: Pair
    kind: str | None = None
    cue: Pair | None = None
    source: Pair | None = None
    speaker: str | None = None
    speaker_kind: str = "unnamed"
    said_on: str | None = None
    addressee: str | None = None


@dataclass(slots=True)
class GoldDocument:
    """One gold document: an article, or an item of the contrast set.

    Attributes:
        id: ``doc_id`` (or the contrast item's ``id``).
        text: the text every offset indexes.
        statements: the gold statements.
        title: the title, when given.
        published: the publication date, when given.
        label: ``statement`` or ``act`` for contrast items, else ``None``.
        beat: the contrast item's beat (sports, business, …), else ``None``.
        dates_annotated: whether the statements carry a ``said_on`` field.
        addressees_annotated: whether the statements carry an ``addressee`` field.
    """

    id: str
    text: str
    statements: list[GoldStatement] = field(default_factory=list)
    title: str | None = None
    published: dt.date | None = None
    label: str | None = None
    beat: str | None = None
    dates_annotated: bool = False
    addressees_annotated: bool = False

    @property
    def attributions(self) -> list[GoldStatement]:
        """The statements, under the name :func:`quotegraph.evaluate.metrics.tally_article` reads."""
        return self.statements


def _pair(value: Any, text: str, where: str, name: str) -> Pair | None:
    if value is None:
        return None
    if not (isinstance(value, list | tuple) and len(value) == 2
            and all(isinstance(v, int) for v in value)):  # fmt: skip
        raise EvaluationError(f"{where}: {name} must be [start, end] or null, not {value!r}")
    start, end = value
    if not 0 <= start <= end <= len(text):
        raise EvaluationError(f"{where}: {name} [{start}, {end}] lies outside the text "
                              f"({len(text)} characters)")  # fmt: skip
    return (start, end)


def _date(value: Any, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise EvaluationError(f"{where}: published {value!r} is not a YYYY-MM-DD date") from exc


def parse_document(record: Mapping[str, Any], where: str = "document") -> GoldDocument:
    """Build a :class:`GoldDocument` from one JSON record of a gold file.

    Accepts both spellings: ``doc_id``/``attributions`` (``meantime_attr``, ``news2019_attr``)
    and ``id``/``statements`` (the contrast set).

    Args:
        record: the decoded JSON object.
        where: where it came from, for error messages (``file:line``).

    Returns:
        The document, with every offset checked against its text.

    Raises:
        EvaluationError: when a field is missing or an offset lies outside the text.
    """
    doc_id = record.get("doc_id", record.get("id"))
    text = record.get("text")
    if doc_id is None or not isinstance(text, str):
        raise EvaluationError(f"{where}: needs \"doc_id\" (or \"id\") and \"text\"")
    raw = record.get("attributions", record.get("statements"))
    if not isinstance(raw, list):
        raise EvaluationError(f"{where}: needs an \"attributions\" (or \"statements\") list")
    label = record.get("label")
    if label is not None and label not in LABELS:
        raise EvaluationError(f"{where}: label must be one of {LABELS}, not {label!r}")
    statements = []
    for n, att in enumerate(raw):
        at = f"{where}: statement {n}"
        content = _pair(att.get("content"), text, at, "content")
        if content is None:
            raise EvaluationError(f"{at}: content is required")
        kind = str(att.get("speaker_kind") or ("unnamed" if att.get("speaker") is None else "person"))
        statements.append(GoldStatement(
            content=content,
            kind=att.get("kind"),
            cue=_pair(att.get("cue"), text, at, "cue"),
            source=_pair(att.get("source"), text, at, "source"),
            speaker=att.get("speaker"),
            speaker_kind=_KIND_ALIASES.get(kind, kind),
            said_on=att.get("said_on"),
            addressee=att.get("addressee"),
        ))  # fmt: skip
    return GoldDocument(
        id=str(doc_id),
        text=text,
        statements=statements,
        title=record.get("title"),
        published=_date(record.get("published"), where),
        label=label,
        beat=record.get("beat"),
        dates_annotated=any("said_on" in att for att in raw),
        addressees_annotated=any("addressee" in att for att in raw),
    )


def read_gold(path: str | Path, limit: int | None = None) -> list[GoldDocument]:
    """Read a gold JSONL file (one document per line).

    Args:
        path: the ``.jsonl`` file.
        limit: read only the first ``limit`` documents.

    Returns:
        The documents, in file order.

    Raises:
        EvaluationError: when the file is missing, a line is not JSON, an offset is out of range
            or the file holds no document.
    """
    file = Path(path)
    if not file.is_file():
        raise EvaluationError(f"gold file not found: {file} (give the path of a .jsonl file)")
    docs: list[GoldDocument] = []
    with file.open(encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{file}:{n}: not a JSON line ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise EvaluationError(f"{file}:{n}: a line must be a JSON object")
            docs.append(parse_document(record, f"{file}:{n}"))
            if limit is not None and len(docs) >= limit:
                break
    if not docs:
        raise EvaluationError(f"no document in {file}")
    return docs
