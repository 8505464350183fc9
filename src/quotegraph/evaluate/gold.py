"""Score the extractor on any gold JSONL in the ``meantime_attr`` format (``EVALUATION.md``).

One reader takes the project's annotated sets — ``meantime_attr`` (statements, speakers, dates),
``news2019_attr`` (statements, speakers, addressees, no dates) and the contrast set
(``data/contrast``: one- to three-sentence items labelled ``statement`` or ``act``) — and one
scorer gives the figures ``EVALUATION.md`` defines for them:

- statements are matched by the character Jaccard of their extents (first content start to last
  content end), greedily from the highest overlap, each used once
  (:func:`quotegraph.evaluate.metrics.match_sets` over character sets); a match needs J ≥ 0.5;
- content P/R/F1 over those matches, end-to-end P/R/F1 over the matches whose speaker is also
  right (:func:`quotegraph.evaluate.speakers.speaker_is_right`), speaker accuracy overall and by
  ``speaker_kind``;
- ``said_on`` accuracy and false-time rate (:func:`quotegraph.evaluate.said_on.said_on_is_right`)
  where the file annotates ``said_on``; addressee found / falsely given where it annotates
  ``addressee``;
- beside them, the PolNeAR token figures of :func:`quotegraph.evaluate.metrics.figures` (by kind,
  direct-quote recall) on the same predictions;
- for items labelled ``statement``/``act``, the contrast report: the share of acts that give no
  statement and of statements that give exactly one, matching the expected content and speaker.

Predictions are the extractor's top-level attributions, as the PolNeAR evaluation scores them.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotegraph.corpora.statements import (
    LABELS,
    GoldDocument,
    GoldStatement,
    parse_document,
    read_gold,
)
from quotegraph.evaluate.metrics import (
    Tally,
    as_spans,
    figures,
    match_sets,
    prf,
    tally_article,
)
from quotegraph.evaluate.polnear import _extract_all, learned_time_model
from quotegraph.evaluate.said_on import said_on_is_right
from quotegraph.evaluate.speakers import addressee_is_right, article_folds, speaker_is_right
from quotegraph.models import Article, Attribution
from quotegraph.timing.anchors import AnchorRecord, recording_anchors
from quotegraph.training.said_on import said_on_trainer

if TYPE_CHECKING:
    from quotegraph.pipeline import Extractor

Pair = tuple[int, int]
__all__ = ["LABELS", "GoldDocument", "GoldStatement", "contrast_outcome", "contrast_report", "evaluate_gold",
           "extent", "gold_figures", "jaccard", "match_document", "parse_document", "read_gold", "score_gold"]


def extent(att: Attribution) -> Pair:
    """A predicted attribution's extent: its first content span's start to its last one's end."""
    spans = as_spans(att.content)
    return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else (0, 0)


def jaccard(a: Pair, b: Pair) -> float:
    """Character Jaccard overlap of two extents (0 when either is empty or they are disjoint)."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def match_document(doc: GoldDocument, preds: Sequence[Attribution]) -> dict[int, int]:
    """Match a document's predictions to its gold statements (``EVALUATION.md``).

    Args:
        doc: the gold document.
        preds: the predicted attributions.

    Returns:
        gold index → prediction index for every pair with character Jaccard ≥ 0.5.
    """
    gold_sets = [frozenset(range(*g.content)) for g in doc.statements]
    pred_sets = [frozenset(range(*extent(p))) for p in preds]
    return {gi: pi for gi, pi, jac in match_sets(gold_sets, pred_sets) if jac >= 0.5}


def _speaker_name(att: Attribution) -> str | None:
    return att.speaker.name if att.speaker is not None else None


def _tally_document(
    doc: GoldDocument, preds: Sequence[Attribution], c: Counter[str], errors: list[dict[str, Any]]
) -> dict[int, int]:
    """Add one document's counts to ``c`` and its speaker/time/addressee errors to ``errors``."""
    pairs = match_document(doc, preds)
    c["documents"] += 1
    c["gold"] += len(doc.statements)
    c["pred"] += len(preds)
    for g in doc.statements:
        c[f"gold:{g.speaker_kind}"] += 1
        c[f"kind:{g.kind}"] += 1
    for gi, pi in pairs.items():
        g, p = doc.statements[gi], preds[pi]
        c["match"] += 1
        c[f"match:{g.speaker_kind}"] += 1
        c[f"kind_match:{g.kind}"] += 1
        name = _speaker_name(p)
        if speaker_is_right(g.speaker, g.speaker_kind, name):
            c["speaker"] += 1
            c[f"speaker:{g.speaker_kind}"] += 1
        else:
            errors.append({"doc": doc.id, "statement": gi, "field": "speaker", "gold": g.speaker,
                           "kind": g.speaker_kind, "predicted": name})  # fmt: skip
        if doc.dates_annotated:
            if g.said_on:
                c["dated"] += 1
                c["dated:right"] += said_on_is_right(g.said_on, p.said_on)
            else:
                c["undated"] += 1
                c["undated:false"] += p.said_on is not None
        if doc.addressees_annotated:
            if g.addressee:
                c["addressed"] += 1
                c["addressed:right"] += addressee_is_right(g.addressee, p)
            else:
                c["unaddressed"] += 1
                c["unaddressed:false"] += p.addressee is not None
    return pairs


def _accuracy(right: int, total: int) -> dict[str, Any]:
    return {"value": round(100 * right / total, 2) if total else None, "right": right,
            "total": total}  # fmt: skip


def gold_figures(c: Counter[str]) -> dict[str, Any]:
    """The figures of ``EVALUATION.md`` for annotated sets, from summed counts.

    Args:
        c: the counts :func:`score_gold` sums over documents.

    Returns:
        content and end-to-end P/R/F1, content recall by annotated kind (direct, indirect,
        mixed), speaker accuracy (overall and by speaker kind), ``said_on``
        accuracy and false-time rate, addressee found / falsely given (``None`` where the file
        does not annotate them), in percent.
    """
    kinds = sorted(k.split(":", 1)[1] for k in c if k.startswith("gold:"))
    quote_kinds = sorted(k.split(":", 1)[1] for k in c if k.startswith("kind:"))
    return {
        "documents": c["documents"],
        "gold": c["gold"],
        "predicted": c["pred"],
        "content": prf(c["match"], c["pred"], c["gold"]),
        "end_to_end": prf(c["speaker"], c["pred"], c["gold"]),
        # the annotated kind: these files' contents leave the quotation marks out
        "recall_by_kind": {k: _accuracy(c[f"kind_match:{k}"], c[f"kind:{k}"]) for k in quote_kinds},
        "speaker_accuracy": _accuracy(c["speaker"], c["match"]),
        "speaker_by_kind": {
            k: {"gold": c[f"gold:{k}"], **_accuracy(c[f"speaker:{k}"], c[f"match:{k}"])}
            for k in kinds
        },
        "said_on": None if not (c["dated"] or c["undated"]) else {
            "accuracy": _accuracy(c["dated:right"], c["dated"]),
            "false_time_rate": _accuracy(c["undated:false"], c["undated"]),
        },
        "addressee": None if not (c["addressed"] or c["unaddressed"]) else {
            "found": _accuracy(c["addressed:right"], c["addressed"]),
            "falsely_given": _accuracy(c["unaddressed:false"], c["unaddressed"]),
        },
    }


def contrast_outcome(doc: GoldDocument, preds: Sequence[Attribution]) -> dict[str, Any]:
    """Judge one contrast item: an act must give nothing, a statement exactly its one statement.

    Args:
        doc: a gold document with a ``label``.
        preds: its predicted top-level attributions.

    Returns:
        ``ok`` plus what was predicted (count, content extents, speakers) and, for statements,
        whether some prediction matched the content (J ≥ 0.5) and whether its speaker was right.
    """
    out: dict[str, Any] = {"id": doc.id, "beat": doc.beat, "label": doc.label,
                           "predicted": len(preds),
                           "predictions": [{"content": list(extent(p)), "speaker": _speaker_name(p)}
                                           for p in preds]}  # fmt: skip
    if doc.label == "act":
        out["ok"] = not preds
        return out
    gold = doc.statements[0] if doc.statements else None
    best = max(((jaccard(gold.content, extent(p)), i) for i, p in enumerate(preds)),
               default=(0.0, -1)) if gold else (0.0, -1)  # fmt: skip
    matched = best[0] >= 0.5
    speaker = matched and gold is not None and speaker_is_right(
        gold.speaker, gold.speaker_kind, _speaker_name(preds[best[1]]))
    out.update(content_matched=matched, speaker_right=speaker,
               ok=len(preds) == 1 and len(doc.statements) == 1 and speaker)
    return out


def contrast_report(outcomes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Summarise contrast outcomes: overall, by label and by beat.

    Args:
        outcomes: :func:`contrast_outcome` results.

    Returns:
        ``acts_silent`` (% of act items giving no statement), ``statements_exact`` (% of
        statement items giving exactly one statement matching content and speaker), the looser
        ``statements_found`` (some prediction matches the content) and ``statements_speaker``
        (… with the right speaker), a ``by_beat`` breakdown and the ``failures``.
    """

    def summary(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        acts = [o for o in items if o["label"] == "act"]
        says = [o for o in items if o["label"] == "statement"]
        return {
            "acts_silent": _accuracy(sum(o["ok"] for o in acts), len(acts)),
            "statements_exact": _accuracy(sum(o["ok"] for o in says), len(says)),
            "statements_found": _accuracy(sum(o["content_matched"] for o in says), len(says)),
            "statements_speaker": _accuracy(sum(o["speaker_right"] for o in says), len(says)),
            "statements_extra": _accuracy(sum(o["predicted"] > 1 for o in says), len(says)),
        }

    beats = sorted({str(o["beat"]) for o in outcomes})
    return {
        **summary(outcomes),
        "by_beat": {b: summary([o for o in outcomes if str(o["beat"]) == b]) for b in beats},
        "failures": [dict(o) for o in outcomes if not o["ok"]],
    }


def score_gold(
    pairs: Iterable[tuple[GoldDocument, Sequence[Attribution]]],
) -> dict[str, Any]:
    """Score predictions against gold documents.

    Args:
        pairs: ``(gold document, predicted top-level attributions)`` pairs.

    Returns:
        :func:`gold_figures`, ``token_metrics`` (the PolNeAR token figures of
        :func:`quotegraph.evaluate.metrics.figures`; their direct-quote recall counts only gold
        contents holding a quotation mark, which these files mostly leave out), ``errors``
        (wrong speakers) and, when the documents carry labels, ``contrast``
        (:func:`contrast_report`).
    """
    counts: Counter[str] = Counter()
    tokens = Tally()
    errors: list[dict[str, Any]] = []
    outcomes = []
    for doc, preds in pairs:
        _tally_document(doc, preds, counts, errors)
        tokens += tally_article(doc, preds)[0]
        if doc.label is not None:
            outcomes.append(contrast_outcome(doc, preds))
    out = gold_figures(counts)
    out["token_metrics"] = figures(tokens)
    out["errors"] = errors
    out["contrast"] = contrast_report(outcomes) if outcomes else None
    return out


def evaluate_gold(
    path: str | Path,
    extractor: Extractor | None = None,
    *,
    limit: int | None = None,
    model: str | None = None,
    folds: int | None = None,
) -> dict[str, Any]:
    """Run the extractor over a gold JSONL file and score it (:func:`score_gold`).

    With ``folds`` and a learned ``said_on`` model, ``said_on`` is also scored by K-fold
    document cross-validation of that model on this set (:func:`_said_on_folds`).

    Args:
        path: the gold ``.jsonl`` (``meantime_attr`` format, or the contrast set).
        extractor: the extractor to score; a new one (with ``model``) when ``None``.
        limit: score only the first ``limit`` documents.
        model: spaCy pipeline name or path for a new extractor.
        folds: K for the cross-validation of the ``said_on`` model (``None``: none).

    Returns:
        :func:`score_gold`'s dict plus ``path``, ``model``, ``seconds``, ``failed``
        (documents the extractor raised on, scored with no predictions) and, with ``folds``,
        ``cross_validation``.

    Raises:
        EvaluationError: when the gold file is missing or malformed.
    """
    docs = read_gold(path, limit)
    if extractor is None:
        from quotegraph.pipeline import Extractor

        extractor = Extractor(model) if model else Extractor()
    articles = [Article(id=d.id, text=d.text, title=d.title, published=d.published) for d in docs]
    failed: dict[str, str] = {}
    started = time.perf_counter()
    with recording_anchors() as records:
        predictions = list(_extract_all(extractor, articles, failed))
    out = score_gold(zip(docs, predictions, strict=True))
    out.update(path=str(path), model=getattr(extractor, "model", None),
               seconds=round(time.perf_counter() - started, 2), failed=failed)  # fmt: skip
    if folds is not None:
        out["cross_validation"] = _said_on_folds(docs, predictions, records, folds, extractor)
    return out


def _said_on_folds(
    docs: Sequence[GoldDocument], predictions: Sequence[Sequence[Attribution]],
    records: Sequence[AnchorRecord], folds: int, extractor: Extractor,
) -> dict[str, Any]:
    """``said_on`` by K-fold document cross-validation of the learned model: fit on the other
    folds' matched statements, re-date the held fold, score all held folds together.

    Returns:
        ``k``, ``said_on_learned`` and, when the model is learned, ``said_on`` (as
        :func:`gold_figures` gives it).
    """
    if not learned_time_model(extractor):
        return {"k": folds, "said_on_learned": False}
    lines = {d.id: [([d_s.content], d_s.said_on) for d_s in d.statements] for d in docs}
    preds = {d.id: list(p) for d, p in zip(docs, predictions, strict=True)}
    trainer = said_on_trainer(lines, preds, {d.id: d.text for d in docs}, records, by="chars")
    split = article_folds(preds, folds)
    redated: dict[str, list[Attribution]] = {}
    for i, held in enumerate(split):
        redated.update(trainer([a for j, fold in enumerate(split) if j != i for a in fold])(held))
    scored = score_gold((d, redated[d.id]) for d in docs)
    return {"k": folds, "said_on_learned": True, "said_on": scored["said_on"]}
