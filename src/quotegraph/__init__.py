"""quotegraph: who said what, about whom, to whom, and when.

    >>> import quotegraph
    >>> result = quotegraph.extract("“We will win,” the mayor said on Monday.", published="2024-07-18")
    >>> result.attributions[0].kind
    'direct'
"""

from __future__ import annotations

import datetime as _dt
import os as _os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from quotegraph.errors import QuotegraphError
from quotegraph.models import Article, Attribution, Entity, ExtractionResult, Span, TimeExpression

if TYPE_CHECKING:
    from quotegraph.pipeline import Extractor

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Attribution",
    "Entity",
    "ExtractionResult",
    "QuotegraphError",
    "Span",
    "TimeExpression",
    "extract",
    "extract_batch",
    "get_extractor",
]


def get_extractor(
    model: str | None = None, attribution_model: str | _os.PathLike[str] | None = None
) -> Extractor:
    """The process-wide extractor for ``model`` and ``attribution_model`` (loaded once).

    Args:
        model: the spaCy pipeline (default: the English small pipeline).
        attribution_model: a trained attribution model's folder or file, or ``"rules"``
            (default: the shipped model).
    """
    from quotegraph.nlp import DEFAULT_MODEL

    return _extractor(model or DEFAULT_MODEL, None if attribution_model is None else _os.fspath(attribution_model))


@lru_cache(maxsize=4)
def _extractor(model: str, attribution_model: str | None) -> Extractor:
    from quotegraph.pipeline import Extractor

    return Extractor(model, attribution_model=attribution_model)


def _as_date(value: _dt.date | str | None) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(value)


def extract(
    text: str,
    published: _dt.date | str | None = None,
    *,
    title: str | None = None,
    id: str = "article",
    url: str | None = None,
    model: str | None = None,
    attribution_model: str | _os.PathLike[str] | None = None,
) -> ExtractionResult:
    """Extract every attributed statement from one article's text.

    Args:
        text: the article text; every offset in the result indexes it.
        published: publication date (``date`` or ``YYYY-MM-DD``) that relative times resolve against.
        title: the headline, if known.
        id: the article id to carry in the result.
        url: where the article came from.
        model: another spaCy pipeline than the default.
        attribution_model: another attribution model than the shipped one (a trained model's
            folder or file, or ``"rules"``).

    Returns:
        The article's attributions, entities and time expressions.
    """
    article = Article(id=id, text=text, title=title, published=_as_date(published), url=url)
    return get_extractor(model, attribution_model).extract(article)


def extract_batch(
    articles: Iterable[Article | str],
    *,
    model: str | None = None,
    attribution_model: str | _os.PathLike[str] | None = None,
    n_process: int = 1,
) -> Iterator[ExtractionResult]:
    """Extract many articles (``Article`` objects or plain texts), in order, parsing in batches."""

    def as_articles() -> Iterator[Article]:
        for i, item in enumerate(articles):
            yield item if isinstance(item, Article) else Article(id=f"article-{i + 1}", text=item)

    return get_extractor(model, attribution_model).extract_many(as_articles(), n_process=n_process)
