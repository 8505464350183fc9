"""Articles: list, read one, post one for extraction and storage, extract without storing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request

from quotegraph.api import payloads
from quotegraph.models import Article
from quotegraph.store import Store
from quotegraph.views import posting, reads
from quotegraph.views.deps import (
    Limit,
    Offset,
    StoreDep,
    found,
    require_read,
    require_write,
)
from quotegraph.views.work import client_of, queues_of

router = APIRouter(prefix="/api", tags=["articles"])

_WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": payloads.Error, "description": "no or wrong X-API-Key"},
    413: {"model": payloads.Error, "description": "body over the size limit, or article over the size budget"},
    422: {"model": payloads.Error, "description": "not an article"},
    429: {"model": payloads.Error, "description": "over the per-client rate (see Retry-After)"},
    503: {"model": payloads.Error, "description": "extraction queue full, or the extraction took too long"},
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
async def post_article(store: StoreDep, body: payloads.ArticleIn, request: Request) -> dict[str, Any]:
    """Extract the statements of an article (`text`, or `html` of its page) and store them.
    Needs `QUOTEGRAPH_API_KEY` in the `X-API-Key` header. Posting the same article again
    stores nothing and answers `created: false` with the stored id. Extractions run one at a
    time in a bounded queue: 429 over the per-client rate, 503 when the queue is full."""
    return await queues_of(request).extraction.run(client_of(request), _extract_and_store, store, body)


def _article_of(body: payloads.ArticleIn) -> Article:
    return posting.make_article(text=body.text, html=body.html, published=body.published,
                                title=body.title, url=body.url, source=body.source)


def _extract_and_store(store: Store, body: payloads.ArticleIn) -> dict[str, Any]:
    result = posting.extract(_article_of(body))
    article_id, created = posting.store_result(store, result)
    return {"id": article_id, "created": created, "statements": len(result.attributions),
            "extraction": result.to_dict()}


def _extract(body: payloads.ArticleIn) -> dict[str, Any]:
    return posting.extract(_article_of(body)).to_dict()


@router.post("/extract", response_model=payloads.Extraction, summary="Extract without storing",
             responses={k: _WRITE_RESPONSES[k] for k in (413, 422, 429, 503)},
             dependencies=[Depends(require_read)])
async def extract(body: payloads.ArticleIn, request: Request) -> dict[str, Any]:
    """The extraction of an article (the contract JSON), stored nowhere: what the paste page
    shows. It shares the extraction queue of `POST /api/articles`."""
    return await queues_of(request).extraction.run(client_of(request), _extract, body)
