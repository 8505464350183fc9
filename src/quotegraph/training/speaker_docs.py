"""Articles parsed up to the speaker stage, for learning and cross-validating the referent ranker.

The speaker stage reads a Doc that the parser, the quotation scanner and the attribution stage
have filled (``doc._.qg_attributions``). Those steps are the expensive part and the ranker does
not change them, so :func:`docs_before_speakers` runs them once per article and, given a cache
folder, keeps the Docs there (``DocBin`` with user data, keyed by the article texts and the
extractor version) so that repeated experiments do not parse again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin

from quotegraph import clean
from quotegraph.nlp.doc import DEBRIS, char_spans, set_published


@dataclass(slots=True)
class ArticleText:
    """One article to parse: its id, text and publication date."""

    id: str
    text: str
    published: dt.date | None = None


def _key(articles: Sequence[ArticleText], version: str) -> str:
    # (the extractor version names the rules' code too: :func:`quotegraph.pipeline.extraction_code`)
    digest = hashlib.sha1(version.encode())
    for a in articles:
        digest.update(a.id.encode())
        digest.update(a.text.encode())
        digest.update(str(a.published).encode())
    return digest.hexdigest()[:16]


def docs_before_speakers(
    articles: Sequence[ArticleText],
    *,
    extractor: object | None = None,
    cache_dir: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Doc]:
    """Parse articles and run the stages before the speaker stage (quotes, attribution).

    Args:
        articles: the articles.
        extractor: a :class:`quotegraph.pipeline.Extractor` (a new default one when ``None``).
        cache_dir: a folder to keep the parsed Docs in (``None``: no cache).
        progress: called with a line now and then.

    Returns:
        The Docs by article id, each holding ``doc._.qg_attributions`` without speakers.
    """
    from quotegraph.pipeline import Extractor, extractor_version

    ext = extractor if isinstance(extractor, Extractor) else Extractor()
    cache = None
    if cache_dir is not None:
        version = extractor_version(ext.model, ext.attribution_model)
        cache = Path(cache_dir) / f"docs-{_key(articles, version)}.spacy"
        if cache.is_file():
            bin_ = DocBin(store_user_data=True).from_bytes(cache.read_bytes())
            docs = list(bin_.get_docs(ext.nlp.vocab))
            if len(docs) == len(articles):
                return {a.id: d for a, d in zip(articles, docs, strict=True)}
    before = [(name, comp) for name, comp in ext.component.stages if name not in {"speakers", "time"}]
    out: dict[str, Doc] = {}
    masked = []
    debris_of = []
    for a in articles:
        debris = clean.find_debris(a.text)
        masked.append(clean.parse_text(a.text, debris))
        debris_of.append(debris)
    for n, (a, doc) in enumerate(zip(articles, ext.nlp.pipe(masked, batch_size=16), strict=True)):
        set_published(doc, a.published)
        doc._.set(DEBRIS, debris_of[n])
        doc.spans[DEBRIS] = char_spans(doc, [(s.start, s.end) for s in debris_of[n]])
        for _name, comp in before:
            doc = comp(doc)
        out[a.id] = doc
        if progress is not None and (n + 1) % 20 == 0:
            progress(f"parsed {n + 1}/{len(articles)} articles")
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=True)
        for a in articles:
            bin_.add(out[a.id])
        cache.write_bytes(bin_.to_bytes())
    return out
