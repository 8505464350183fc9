"""``reprocess``: extract stored articles again when the extractor has changed since.

Each article records the extractor version that made its statements
(:func:`quotegraph.pipeline.extractor_version`). Those made by another (or an unknown) version are
read back from the store, extracted with the current extractor, and replaced one transaction each
(:meth:`Store.replace`: the old statements go as ``delete`` removes them, the new ones are merged as
``ingest`` merges them, the article keeps its id). A run stopped half-way resumes where it
stopped: replaced articles carry the new version and are not selected again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from quotegraph.errors import StoreError
from quotegraph.store import Store

#: Articles read from the store and extracted per batch.
BATCH = 16


@dataclass(slots=True)
class ReprocessSummary:
    """What one reprocess run did.

    Attributes:
        extractor: the current extractor version.
        outdated: articles made by another version when the run started (within ``limit``).
        replaced: articles extracted again and replaced.
        statements: statements they hold now.
        failed: ``(article id, reason)`` of those that could not be extracted or stored.
        seconds: wall time.
    """

    extractor: str
    outdated: int = 0
    replaced: int = 0
    statements: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def reprocess(
    store: Store,
    *,
    model: str | None = None,
    attribution_model: str | os.PathLike[str] | None = None,
    limit: int | None = None,
    on_article: Callable[[ReprocessSummary], None] | None = None,
    extractor: object | None = None,
) -> ReprocessSummary:
    """Re-extract the stored articles an older extractor made (module docstring).

    Args:
        store: the open store.
        model: spaCy pipeline name or path.
        attribution_model: attribution model folder or file, or ``"rules"``.
        limit: at most this many articles (the rest stay for the next run).
        on_article: called with the summary after each article (progress).
        extractor: an extractor object to use instead of loading one (tests).

    Returns:
        The summary.
    """
    from quotegraph import get_extractor
    from quotegraph.pipeline import extractor_version

    started = time.monotonic()
    version = extractor_version(model, attribution_model)
    summary = ReprocessSummary(extractor=version)
    ids = store.outdated_articles(version, limit=limit)
    summary.outdated = len(ids)
    if not ids:
        return summary
    engine = extractor if extractor is not None else get_extractor(model, attribution_model)
    for i in range(0, len(ids), BATCH):
        stored = [a for a in (store.article(aid) for aid in ids[i : i + BATCH]) if a is not None]
        for art in stored:
            try:
                result = engine.extract(art.to_result().article)  # type: ignore[attr-defined]
                store.replace(art.id, result, extractor=version)
            except StoreError as err:
                summary.failed.append((art.id, str(err)))
            except Exception as err:
                summary.failed.append((art.id, f"internal error {type(err).__name__}: {err}"))
            else:
                summary.replaced += 1
                summary.statements += len(result.attributions)
            if on_article is not None:
                on_article(summary)
    summary.seconds = round(time.monotonic() - started, 3)
    return summary
