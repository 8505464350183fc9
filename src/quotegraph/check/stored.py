"""A :class:`~quotegraph.check.Checker` over a store, and the backfill of its sentence embeddings.

The unit checked against is the store's aggregated quotation (one distinct wording, Quotebank's
``quoteID``): its main speaker, earliest date, first article and number of articles. Embeddings
live in the store (``statement_vectors``, float32 bytes per quotation and model); they are read
whole into one matrix and searched brute force (one matrix product per claim), the same on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from quotegraph.check.checker import Checker
from quotegraph.check.embed import Embedder
from quotegraph.check.result import ArticleRef, Statement
from quotegraph.check.verdict import same_speaker
from quotegraph.store import QuotationSummary, Store

log = logging.getLogger("quotegraph.check")

#: Name under which vectors of the shipped embedder are stored.
MODEL = "all-MiniLM-L6-v2"
#: Quotations without a stored vector that a checker embeds itself (in memory, nothing
#: written) before it gives up meaning-level matching and asks for ``quotegraph embed``.
EMBED_MISSING_MAX = 2000


def statement_of(q: QuotationSummary) -> Statement:
    """The checker's view of a stored quotation."""
    article = ArticleRef(q.article_id, q.article_title, q.article_url, q.article_source,
                         q.article_published)
    return Statement(q.id, q.text, q.speaker_name, q.said_on, article=article, articles=q.articles,
                     speaker_id=q.speaker_id)


def store_speaker_match(store: Store) -> Callable[[str, str | None], bool]:
    """A speaker test that also knows the store's aliases: a claimed name denotes an attested
    speaker when the names agree (:func:`~quotegraph.check.verdict.same_speaker`) or when the
    store resolves the claimed name or alias to that speaker."""

    @lru_cache(maxsize=1024)
    def known(claimed: str) -> frozenset[str]:
        return frozenset(store.speaker_names_matching(claimed))

    def match(claimed: str, attested: str | None) -> bool:
        return attested is not None and (same_speaker(claimed, attested) or attested in known(claimed))

    return match


def statements(store: Store) -> list[Statement]:
    """Every stored quotation as a :class:`Statement`, in id order."""
    return [statement_of(q) for q in store.quotations_for_check()]


def _as_vector(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4")


def stored_vectors(store: Store, found: list[Statement], model: str = MODEL) -> tuple[np.ndarray, list[int]]:
    """The stored vectors of ``found``, one row each (zeros where missing), and the numbers of
    the statements that have none."""
    blobs = store.vectors(model)
    dims = len(next(iter(blobs.values()))) // 4 if blobs else 0
    matrix = np.zeros((len(found), dims), dtype=np.float32)
    missing = []
    for n, st in enumerate(found):
        blob = blobs.get(st.id)
        if blob is None or len(blob) != 4 * dims:
            missing.append(n)
        else:
            matrix[n] = _as_vector(blob)
    return matrix, missing


def checker_from_store(store: Store, embedder: Embedder | None = None, *, model: str = MODEL) -> Checker:
    """A checker over every quotation of ``store``.

    Args:
        store: the open store (only read).
        embedder: embeds claims; with it, the stored vectors are used (a few missing ones are
            embedded here, in memory), so paraphrases can be found. When more than
            :data:`EMBED_MISSING_MAX` are missing, those quotations are found by their words only
            (the others still by meaning too); without an embedder, or without any stored
            vector, words only.
        model: the name the vectors are stored under.

    Returns:
        The checker.
    """
    found = statements(store)
    match = store_speaker_match(store)
    if embedder is None or not found:
        return Checker(found, speaker_match=match)
    matrix, missing = stored_vectors(store, found, model)
    if len(missing) > EMBED_MISSING_MAX and len(missing) == len(found):
        log.warning("%d quotations have no sentence embedding: checking by words only; "
                    "run `quotegraph embed` to match paraphrases", len(found))
        return Checker(found, speaker_match=match)
    if len(missing) > EMBED_MISSING_MAX:
        # Their rows stay zero (similarity 0): the others are still searched by meaning.
        log.warning("%d of %d quotations have no sentence embedding: their paraphrases are not "
                    "found until `quotegraph embed` has run", len(missing), len(found))
    elif missing:
        fresh = embedder.encode([found[n].text for n in missing])
        if matrix.shape[1] != fresh.shape[1]:
            matrix = np.zeros((len(found), fresh.shape[1]), dtype=np.float32)
            fresh = embedder.encode([s.text for s in found])
            missing = list(range(len(found)))
        matrix[missing] = fresh
    return Checker(found, embedder=embedder, vectors=matrix, speaker_match=match)


def backfill(
    store: Store,
    embedder: Embedder,
    *,
    model: str = MODEL,
    batch: int = 256,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Embed the quotations that have no stored vector yet, ``batch`` at a time.

    Each batch is committed on its own, so an interrupted backfill loses at most one batch and
    a rerun carries on where it stopped.

    Args:
        store: the store to fill.
        embedder: the sentence embedder.
        model: the name the vectors are stored under.
        batch: quotations per batch (and per transaction).
        limit: stop after this many (``None``: all).
        progress: called with the number embedded after each batch.

    Returns:
        How many vectors were written.
    """
    done = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        todo = store.missing_vectors(model, size)
        if not todo:
            break
        vectors = embedder.encode([text for _, text in todo]).astype("<f4", copy=False)
        store.add_vectors(model, vectors.shape[1], [(qid, vectors[n].tobytes()) for n, (qid, _) in enumerate(todo)])
        done += len(todo)
        if progress is not None:
            progress(len(todo))
    return done
