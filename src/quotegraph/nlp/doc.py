"""What quotegraph keeps on a spaCy ``Doc``: its text, once, and the stages' results.

Every stage reads the article text through :func:`doc_text` (spaCy rebuilds ``Doc.text`` on
every access) and leaves its results on the Doc for the next stage:

==========================  ================================================================
``doc._.qg_published``      the publication date (set before the pipeline runs; ``None``:
                            unknown), which relative times resolve against
``doc._.qg_debris``         page debris masked before parsing (``models.Span``), also as
                            ``doc.spans["qg_debris"]`` (set by ``pipeline.Extractor``)
``doc._.qg_quotes``         the quotations (``nlp.quotes.Quote``), also as
                            ``doc.spans["qg_quotes"]``
``doc._.qg_items``          the live-blog item breaks (``nlp.quotes.ItemBreak``), also as
                            ``doc.spans["qg_items"]``
``doc._.qg_attributions``   the statements (``models.Attribution``), each stage's own copies
``doc._.qg_entities``       the people and organisations the article names (``models.Entity``)
``doc._.qg_times``          the time expressions (``models.TimeExpression``)
==========================  ================================================================

The values are the plain dataclasses of :mod:`quotegraph.models` and :mod:`quotegraph.nlp.quotes`. A codec registered with
``srsly`` lets ``Doc.to_bytes`` carry them, so Docs keep their results across
``nlp.pipe(n_process=…)`` and ``DocBin``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import srsly
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from quotegraph import models

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

PUBLISHED = "qg_published"
ATTRIBUTIONS = "qg_attributions"
ENTITIES = "qg_entities"
TIMES = "qg_times"
DEBRIS = "qg_debris"
QUOTES = "qg_quotes"
ITEMS = "qg_items"
EXTENSIONS = (PUBLISHED, DEBRIS, QUOTES, ITEMS, ATTRIBUTIONS, ENTITIES, TIMES)

_TEXT_KEY = "qg_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and kept on it: spaCy rebuilds the string on every
    access. Every stage reads the text through here."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def keep_text(doc: Doc, text: str) -> Doc:
    """Keep ``text`` as ``doc``'s text for :func:`doc_text`, for a caller that parsed ``doc``
    from it (spaCy's tokenizer keeps every character, so ``doc.text == text``); returns ``doc``."""
    doc.user_data[_TEXT_KEY] = text
    return doc


def register_extensions() -> None:
    """Register quotegraph's ``Doc._`` extensions (all ``None`` until a stage sets them)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def char_spans(doc: Doc, offsets: list[tuple[int, int]]) -> list[SpacySpan]:
    """Token spans covering the character ranges (for ``doc.spans``); empty ones are left out."""
    found = (doc.char_span(s, e, alignment_mode="expand") for s, e in offsets)
    return [span for span in found if span is not None and len(span)]


def set_published(doc: Doc, published: dt.date | None) -> Doc:
    """Give ``doc`` its publication date before the quotegraph stages run; returns ``doc``."""
    doc._.set(PUBLISHED, published)
    return doc


# --- serialisation: the models' dataclasses and dates through msgpack ------------------------

_MODELS: dict[str, Callable[..., Any]] = {
    cls.__name__: cls for cls in (models.Span, models.EntityRef, models.Entity, models.Addressee,
                                  models.SaidOn, models.TimeExpression, models.Attribution)
}
_TYPES: dict[str, type[DataclassInstance]] = {name: cls for name, cls in _MODELS.items() if isinstance(cls, type)}
_MODEL_KEY = "__quotegraph_model__"


def register_model(cls: type[DataclassInstance], build: Callable[..., Any] | None = None) -> None:
    """Let ``Doc.to_bytes`` carry instances of the dataclass ``cls``; ``build`` makes one from
    its fields (default: ``cls`` itself; msgpack returns tuples as lists)."""
    _TYPES[cls.__name__] = cls
    _MODELS[cls.__name__] = build or cls
_DATE_KEY = "__quotegraph_date__"


def _encode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    name = type(obj).__name__
    if name in _TYPES and type(obj) is _TYPES[name]:
        return {_MODEL_KEY: name, "fields": {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}}
    if type(obj) is dt.date:
        return {_DATE_KEY: obj.isoformat()}
    return obj if chain is None else chain(obj)


def _decode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if isinstance(obj, dict):
        if _MODEL_KEY in obj:
            return _MODELS[obj[_MODEL_KEY]](**obj["fields"])
        if _DATE_KEY in obj:
            return dt.date.fromisoformat(obj[_DATE_KEY])
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("quotegraph", func=_encode)
srsly.msgpack_decoders.register("quotegraph", func=_decode)
register_extensions()
