"""PolNeAR: score the extractor on a split (``EVALUATION.md``), and human agreement.

The brat reader (:func:`read_polnear`, :func:`parse_ann`) lives in
:mod:`quotegraph.corpora.polnear`, shared with training, and is re-exported here.

The corpus is only read from the folder given; nothing of it belongs in the repository, so
:func:`evaluate_polnear` refuses to dump predictions into a git checkout.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotegraph.corpora.polnear import (
    GoldArticle,
    GoldAttribution,
    PolnearSplit,
    parse_ann,
    read_metadata,
    read_polnear,
)
from quotegraph.errors import EvaluationError
from quotegraph.evaluate.metrics import Tally, Tokens, as_spans, figures, tally_article
from quotegraph.models import Article
from quotegraph.timing.anchors import recording_anchors
from quotegraph.training.said_on import GoldLine, said_on_trainer

if TYPE_CHECKING:
    from quotegraph.evaluate.speakers import Predictor, Trainer
    from quotegraph.models import Attribution
    from quotegraph.pipeline import Extractor

__all__ = [
    "GoldArticle",
    "GoldAttribution",
    "PolnearSplit",
    "evaluate_agreement",
    "evaluate_polnear",
    "evaluate_speakers_end_to_end",
    "parse_ann",
    "read_metadata",
    "read_polnear",
]


def _top_level(attributions: list[Attribution]) -> list[Attribution]:
    """The attributions PolNeAR can represent: those not nested inside another's content.

    The corpus labels each token at most once, so a statement reported inside someone's words
    ("'Putin has said: we will work with anyone,' Lavrov said") is never gold; scoring nested
    predictions would count every correct nesting as a false positive.
    """
    return [a for a in attributions if getattr(a, "parent", None) is None]


def _extract_all(
    extractor: Extractor, articles: Sequence[Article], errors: dict[str, str], chunk: int = 16
) -> Iterator[list[Attribution]]:
    """Predicted top-level attributions per article, in order; an article that fails yields none.

    Chunks go through ``extract_many`` (batched parsing); when one raises, its articles are
    redone one by one so that only the failing article loses its predictions.
    """
    for at in range(0, len(articles), chunk):
        batch = list(articles[at : at + chunk])
        try:
            results = [_top_level(r.attributions) for r in extractor.extract_many(batch)]
        except Exception:
            results = []
            for article in batch:
                try:
                    results.append(_top_level(extractor.extract(article).attributions))
                except Exception as exc:
                    errors[article.id] = f"{type(exc).__name__}: {exc}"
                    results.append([])
        yield from results


def evaluate_polnear(
    path: str | Path,
    split: str = "dev",
    extractor: Extractor | None = None,
    limit: int | None = None,
    *,
    model: str | None = None,
    dump: str | Path | None = None,
) -> dict[str, Any]:
    """Run the extractor over a PolNeAR split and score it as ``EVALUATION.md`` defines.

    Args:
        path: the PolNeAR data folder.
        split: which split to score (``dev`` by default).
        extractor: the extractor to score; a new :class:`quotegraph.pipeline.Extractor` when
            ``None`` (with ``model`` when given).
        limit: score only the first ``limit`` articles.
        model: spaCy pipeline name or path for a new extractor.
        dump: a folder (outside any git checkout) for one JSON file per article with gold,
            predictions, matches and errors, for error analysis.

    Returns:
        :func:`quotegraph.evaluate.metrics.figures` plus ``corpus``, ``split``, ``skipped``
        (reading), ``failed`` (articles the extractor raised on), ``seconds`` and ``model``.

    Raises:
        EvaluationError: when the corpus is missing or the dump folder is inside a checkout.
    """
    dump_dir = _dump_dir(dump) if dump is not None else None
    data = read_polnear(path, split, limit)
    if extractor is None:
        from quotegraph.pipeline import Extractor

        extractor = Extractor(model) if model else Extractor()
    articles = [Article(id=g.id, text=g.text, published=g.published) for g in data.articles]
    failed: dict[str, str] = {}
    total = Tally()
    started = time.perf_counter()
    for gold, preds in zip(data.articles, _extract_all(extractor, articles, failed), strict=True):
        counts, matches = tally_article(gold, preds)
        total += counts
        if dump_dir is not None:
            _dump_article(dump_dir, gold, preds, matches, failed.get(gold.id))
    out = figures(total)
    out.update(
        corpus="polnear",
        split=split,
        model=getattr(extractor, "model", None),
        seconds=round(time.perf_counter() - started, 2),
        skipped=dict(data.skipped),
        failed=failed,
    )
    return out


def _dump_dir(dump: str | Path) -> Path:
    folder = Path(dump).resolve()
    for parent in (folder, *folder.parents):
        if (parent / ".git").exists():
            raise EvaluationError(
                f"--dump {dump} is inside the git checkout {parent}: dumps hold corpus text, "
                "write them outside the repository (e.g. /tmp/polnear-dump)"
            )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _span_record(text: str, spans: Any) -> list[dict[str, Any]]:
    return [{"start": s, "end": e, "text": text[s:e]} for s, e in as_spans(spans)]


def _dump_article(
    folder: Path, gold: GoldArticle, preds: Sequence[Any], matches: Sequence[Any], error: str | None
) -> None:
    """Write one article's gold, predictions and errors (missed, spurious, weak, wrong source)."""
    text = gold.text
    by_gold = {m.gold_index: m for m in matches}
    by_pred = {m.pred_index: m for m in matches}

    def att(a: Any) -> dict[str, Any]:
        return {
            "content": _span_record(text, a.content),
            "source": _span_record(text, a.source),
            "cue": _span_record(text, a.cue),
            **({"kind": a.kind} if hasattr(a, "kind") else {}),
        }

    errors = []
    for gi, g in enumerate(gold.attributions):
        m = by_gold.get(gi)
        if m is None:
            errors.append({"type": "missed", "gold": gi})
        elif m.jaccard < 0.5:
            errors.append({"type": "weak_overlap", "gold": gi, "pred": m.pred_index,
                           "jaccard": round(m.jaccard, 3)})  # fmt: skip
        elif g.source and not _intersects(text, g.source, m.pred.source):
            errors.append({"type": "wrong_source", "gold": gi, "pred": m.pred_index})
    errors += [{"type": "spurious", "pred": pi} for pi in range(len(preds)) if pi not in by_pred]
    record = {
        "article": gold.id,
        "published": gold.published.isoformat() if gold.published else None,
        "error": error,
        "gold": [att(g) for g in gold.attributions],
        "predicted": [att(p) for p in preds],
        "matches": [{"gold": m.gold_index, "pred": m.pred_index, "jaccard": round(m.jaccard, 3)}
                    for m in matches],  # fmt: skip
        "errors": errors,
    }
    (folder / f"{gold.id}.json").write_text(
        json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def _intersects(text: str, gold: Any, pred: Any) -> bool:
    tokens = Tokens(text)
    return bool(tokens.cover(as_spans(gold)) & tokens.cover(as_spans(pred)))


def evaluate_speakers_end_to_end(
    polnear_path: str | Path,
    gold_path: str | Path,
    extractor: Extractor | None = None,
    *,
    split: str = "dev",
    model: str | None = None,
    folds: int | None = None,
) -> dict[str, Any]:
    """Speaker accuracy of the whole extractor on the speaker gold (``EVALUATION.md``).

    Runs the extractor on the PolNeAR articles the gold lines name and hands the predictions to
    :func:`quotegraph.evaluate.speakers.score_speakers`, which matches gold and predicted
    attributions by content partial match (as :func:`~quotegraph.evaluate.metrics.match_article`)
    and judges each matched prediction's ``speaker.name``. The gold may be the PolNeAR dev speaker
    gold (source mentions as text) or the project's train gold (offsets, with addressees).

    With ``folds``, the figures are also given per fold of the gold's articles
    (:func:`quotegraph.evaluate.speakers.cross_validate`): each fold's speakers are chosen by a
    referent ranker trained on the other folds (:func:`~quotegraph.evaluate.speakers.ranker_trainer`).
    When the time stage dates statements with a learned ``said_on`` model instead of its rules,
    that model is fit on the training folds' lines and the held fold is re-dated with it (true
    cross-validation of ``said_on``; the speakers are then the shipped ranker's, so only the
    ``said_on`` figures are cross-validated). The rest of the extractor learns nothing, so its
    other figures are the spread over folds.

    Args:
        polnear_path: the PolNeAR data folder.
        gold_path: the speaker gold JSON lines.
        extractor: the extractor to score (a new one when ``None``).
        split: the PolNeAR split the gold articles come from.
        model: spaCy pipeline for a new extractor.
        folds: the number of article folds to report (``None``: none).

    Returns:
        ``score_speakers``'s dict plus ``articles``, ``failed``, ``split`` and, with ``folds``,
        ``cross_validation`` (``cross_validate``'s dict).

    Raises:
        EvaluationError: when the corpus, the gold or an article named by the gold is missing.
    """
    from quotegraph.evaluate.speakers import article_folds, cross_validate, load_gold, score_speakers

    gold = load_gold(gold_path)
    if folds is not None:
        article_folds({line["article"] for line in gold}, folds)  # a bad K fails before extracting
    wanted = {line["article"] for line in gold if "article" in line}
    data = read_polnear(polnear_path, split)
    articles = [a for a in data.articles if a.id in wanted]
    missing = wanted - {a.id for a in articles}
    if missing:
        raise EvaluationError(
            f"{len(missing)} article(s) of the speaker gold are not in {polnear_path}/{split}, "
            f"e.g. {sorted(missing)[0]} (is --split right?)"
        )
    if extractor is None:
        from quotegraph.pipeline import Extractor

        extractor = Extractor(model) if model else Extractor()
    inputs = [Article(id=a.id, text=a.text, published=a.published) for a in articles]
    failed: dict[str, str] = {}
    with recording_anchors() as records:
        predictions = dict(
            zip((a.id for a in articles), _extract_all(extractor, inputs, failed), strict=True)
        )
    texts = {a.id: a.text for a in articles}
    result = score_speakers(gold, predictions, texts)
    result.update(articles=len(articles), failed=failed, split=split)
    if folds is not None:
        # the speaker stage's referent ranker is learned: each fold's speakers come from a
        # ranker trained on the other folds' articles (the rest of the extractor learns nothing)
        from quotegraph.evaluate.speakers import polnear_matches, ranker_examples, ranker_trainer
        from quotegraph.nlp.doc import ATTRIBUTIONS
        from quotegraph.training.speaker_docs import ArticleText, docs_before_speakers

        docs = docs_before_speakers([ArticleText(a.id, a.text, a.published) for a in articles],
                                    extractor=extractor)
        by_article: dict[str, list[Any]] = {}
        for line in gold:
            by_article.setdefault(line["article"], []).append(line)
        pairs = {a: [(p, line["speaker"], line["speaker_kind"])
                     for line, p in polnear_matches(by_article[a], texts[a], docs[a]._.get(ATTRIBUTIONS))]
                 for a in docs}
        trainer = ranker_trainer(docs, ranker_examples(docs, pairs), predictions)
        learned = learned_time_model(extractor)
        if learned:
            # the said_on model is learned too: fit it on the training folds, re-date the held one
            trainer = redated_trainer(trainer, said_on_trainer(gold_said_on_lines(gold), predictions, texts, records))
        result["cross_validation"] = cross_validate(gold, folds, trainer, texts)
        result["cross_validation"]["said_on_learned"] = learned
    return result


def redated_trainer(trainer: Trainer, time_trainer: Trainer) -> Trainer:
    """A trainer whose held-fold predictions are ``trainer``'s with each statement's ``said_on``
    taken from ``time_trainer``'s (both fit on the same training folds; both predict the same
    statements in the same order).

    Args:
        trainer: the speakers' trainer (:func:`~quotegraph.evaluate.speakers.ranker_trainer`).
        time_trainer: the ``said_on`` model's (:func:`~quotegraph.training.said_on.said_on_trainer`).
    """

    def train(train_ids: Sequence[str]) -> Predictor:
        speakers, times = trainer(train_ids), time_trainer(train_ids)

        def predict(held: Sequence[str]) -> dict[str, list[Attribution]]:
            spoken, dated = speakers(held), times(held)
            return {a: [dataclasses.replace(p, said_on=d.said_on)
                        for p, d in zip(spoken.get(a, []), dated.get(a, []), strict=True)] for a in held}

        return predict

    return train


def learned_time_model(extractor: Extractor) -> bool:
    """Whether the extractor's time stage dates statements with a learned ``said_on`` model."""
    stages = dict(getattr(extractor, "component", None) and extractor.component.stages or [])
    return getattr(stages.get("time"), "model", None) is not None


def gold_said_on_lines(gold: Sequence[Mapping[str, Any]]) -> dict[str, list[GoldLine]]:
    """The speaker gold's lines per article as (content spans, ``said_on``) pairs."""
    out: dict[str, list[GoldLine]] = {}
    for line in gold:
        spans = line.get("content_spans") or [[line["content_start"], line["content_end"]]]
        out.setdefault(line["article"], []).append(([(int(s), int(e)) for s, e in spans], line.get("said_on")))
    return out


def evaluate_agreement(path: str | Path, split: str = "train") -> dict[str, Any]:
    """Human agreement: the second annotator of each multiply-annotated article vs the first.

    Scores the annotation file that sorts second as if it were a system's predictions against
    the gold (the file that sorts first), with the same metrics as :func:`evaluate_polnear` —
    the scale ``EVALUATION.md`` quotes (on PolNeAR train: content partial F1 80.8, token F1
    91.8, source accuracy 92.9, end-to-end F1 73.4).

    Args:
        path: the PolNeAR data folder.
        split: the split whose multiply-annotated articles are compared.

    Returns:
        The figures, plus ``corpus``, ``split``, ``annotators`` (first and second per article)
        and ``skipped``.

    Raises:
        EvaluationError: when the split is missing or no article has two annotation files.
    """
    data = read_polnear(path, split)
    ann_dir = Path(path) / split / "attributions"
    total = Tally()
    pairs: dict[str, list[str]] = {}
    for gold in data.articles:
        files = sorted(ann_dir.glob(f"{gold.id}_*.ann"))
        files = [f for f in files if f.stem.rpartition("_")[0] == gold.id]
        if len(files) < 2:
            continue
        second = parse_ann(files[1].read_text(encoding="utf-8"), len(gold.text),
                           where=files[1].name, split=data)  # fmt: skip
        total += tally_article(gold, second)[0]
        pairs[gold.id] = [files[0].stem.rpartition("_")[2], files[1].stem.rpartition("_")[2]]
    if not pairs:
        raise EvaluationError(f"no article of {split!r} has two annotation files to compare")
    out = figures(total)
    out.update(corpus="polnear", split=split, annotators=pairs, skipped=dict(data.skipped))
    return out
