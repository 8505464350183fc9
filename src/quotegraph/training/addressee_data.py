"""Training material for the addressee model: parsed articles, their statements and the gold.

Parsing is the expensive part, so each article's Doc (after the ``quotes`` and ``attribution``
stages) and its attributions are cached on disk (``~/.cache/quotegraph/addressee`` by default,
keyed by a hash of the text and the extractor's version); experiments then rerun only the speaker
stage's resolver, which is what the addressee model reads at run time too.

:mod:`quotegraph.evaluate.addressees` reads the gold sets that carry addressees and ties each
matched statement to its gold addressee (:attr:`Parsed.gold`).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from quotegraph import clean
from quotegraph.models import Article, Attribution
from quotegraph.nlp import set_published
from quotegraph.nlp.doc import ATTRIBUTIONS, DEBRIS, char_spans

CACHE = Path.home() / ".cache" / "quotegraph" / "addressee"


@dataclass(slots=True)
class Parsed:
    """One article after parsing and the attribution stage.

    Attributes:
        id: the article id.
        doc: the parsed Doc (page debris masked, offsets unchanged).
        attributions: the attribution stage's statements (no speakers, addressee hints only).
        gold: the gold lines matched to top-level statements: statement id → gold addressee
            name (``None``: the gold names no addressee).
    """

    id: str
    doc: Doc
    attributions: list[Attribution]
    gold: dict[str, str | None]


def _key(article: Article, tag: str) -> str:
    h = hashlib.sha1(f"{tag}\0{article.id}\0{article.published}\0{article.text}".encode())
    return h.hexdigest()[:20]


def parse_articles(articles: Sequence[Article], tag: str, cache: Path = CACHE) -> Iterator[tuple[Doc, list[Attribution]]]:
    """Each article's Doc and attribution-stage statements, from the cache when there.

    Args:
        articles: the articles.
        tag: a name for the cache entries (with the extractor's version, :func:`quotegraph.
            pipeline.extractor_version`, which names the rules' code too, in the key: a new
            extractor or new rules re-parse).
        cache: the cache folder.

    Yields:
        ``(doc, attributions)`` per article, in order.
    """
    from quotegraph.pipeline import Extractor, extractor_version

    cache.mkdir(parents=True, exist_ok=True)
    extractor = Extractor()  # its vocabulary reads cached Docs back
    version = f"{tag}\0{extractor_version()}"
    for article in articles:
        path = cache / f"{_key(article, version)}.pkl"
        if path.is_file():
            raw = pickle.loads(path.read_bytes())
            doc = Doc(extractor.nlp.vocab).from_bytes(raw["doc"], exclude=["user_data"])
            set_published(doc, article.published)
            yield doc, raw["attributions"]
            continue
        debris = clean.find_debris(article.text)
        doc = extractor.nlp(clean.parse_text(article.text, debris))
        set_published(doc, article.published)
        doc._.set(DEBRIS, debris)
        doc.spans[DEBRIS] = char_spans(doc, [(s.start, s.end) for s in debris])
        for stage, component in extractor.component.stages:
            if stage in {"speakers", "time"}:
                break  # the resolver runs afresh in every experiment
            doc = component(doc)
        atts = list(doc._.get(ATTRIBUTIONS) or [])
        path.write_bytes(pickle.dumps({"doc": doc.to_bytes(exclude=["user_data"]), "attributions": atts}))
        yield doc, atts


def top_level(atts: Iterable[Attribution]) -> list[Attribution]:
    """The statements no other statement reports (the ones the scorers match)."""
    return [a for a in atts if a.parent is None]
