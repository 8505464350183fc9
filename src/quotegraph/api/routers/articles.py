"""Articles: list, read one, post one for extraction and storage, extract without storing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from quotegraph.api import payloads
from quotegraph.views import posting, reads
from quotegraph.views.deps import (
    Limit,
    Offset,
    StoreDep,
    found,
    require_read,
    require_write,
)

router = APIRouter(prefix="/api", tags=["articles"])

_WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": payloads.Error, "description": "no or wrong X-API-Key"},
    413: {"model": payloads.Error, "description": "body over the size limit"},
    422: {"model": payloads.Error, "description": "not an article"},
}


@router.get("/articles", response_model=list[payloads.ArticleSummary], summary="Stored articles",
            dependencies=[Depends(require_read)])
def articles(
    store: StoreDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Stored articles, newest first, with their number of statements."""
    return store.articles(limit=limit, offset=offset)


@router.get("/articles/{article_id}", response_model=payloads.Article, summary="One article",
            responses={404: {"model": payloads.Error}}, dependencies=[Depends(require_read)])
def article(store: StoreDep, article_id: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
    """An article's text with its attributions (content, cue and source spans index `text`),
    entities, time expressions and near-duplicates."""
    return found(reads.article(store, article_id), "article", article_id)


@router.post("/articles", response_model=payloads.ArticleCreated, status_code=201,
             summary="Extract and store an article", responses=_WRITE_RESPONSES,
             dependencies=[Depends(require_write)])
def post_article(store: StoreDep, body: payloads.ArticleIn) -> dict[str, Any]:
    """Extract the statements of an article (`text`, or `html` of its page) and store them.
    Needs `QUOTEGRAPH_API_KEY` in the `X-API-Key` header. Posting the same article again
    stores nothing and answers `created: false` with the stored id."""
    art = posting.make_article(text=body.text, html=body.html, published=body.published,
                               title=body.title, url=body.url, source=body.source)
    result = posting.extract(art)
    article_id, created = posting.store_result(store, result)
    return {"id": article_id, "created": created, "statements": len(result.attributions),
            "extraction": result.to_dict()}


@router.post("/extract", response_model=payloads.Extraction, summary="Extract without storing",
             responses={413: _WRITE_RESPONSES[413], 422: _WRITE_RESPONSES[422]},
             dependencies=[Depends(require_read)])
def extract(body: payloads.ArticleIn) -> dict[str, Any]:
    """The extraction of an article (the contract JSON), stored nowhere: what the paste page
    shows."""
    art = posting.make_article(text=body.text, html=body.html, published=body.published,
                               title=body.title, url=body.url, source=body.source)
    return posting.extract(art).to_dict()
