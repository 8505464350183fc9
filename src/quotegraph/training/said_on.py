"""Learn the ``said_on`` model: which anchor dates each statement (``quotegraph train said-on``).

Each annotated statement that the extractor found (its content matched to a gold line) becomes one
example: its candidate anchors (:mod:`quotegraph.timing.anchors`, recorded while the extractor
runs) and which of them are right for the gold ``said_on`` (the gold interval at its
granularity, or a finer one inside it; ``None`` for an undated line). A conditional logit is fit
to maximise the probability of the right anchors (L2-regularised, L-BFGS), so the rules'
decisions, the anchors' places in the text and the publication date weigh in as the data says.

Gold: the project's PolNeAR train speaker/said_on gold (``data/speakers``) and any JSONL in the
``meantime_attr`` format; figures by K-fold article cross-validation (train on the other folds,
score the held one) come with :func:`cross_validate_said_on`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from quotegraph.corpora.jsonl import read_json_lines
from quotegraph.corpora.polnear import read_polnear
from quotegraph.errors import EvaluationError
from quotegraph.models import Article, Attribution
from quotegraph.scoring.spans import Tokens, match_sets
from quotegraph.timing.anchors import Anchor, AnchorRecord, recording_anchors, signature
from quotegraph.timing.normalise import said_on_covers
from quotegraph.timing.said_on_model import SaidOnModel, redate
from quotegraph.training.choice import fit_choice

if TYPE_CHECKING:
    from quotegraph.pipeline import Extractor

#: gold content spans and gold ``said_on`` of one annotated statement
GoldLine = tuple[Sequence[tuple[int, int]], str | None]


@dataclass(frozen=True, slots=True)
class Example:
    """One matched statement: its anchors and the gold ``said_on`` (``None``: undated)."""

    article: str
    anchors: Sequence[Anchor]
    gold: str | None

    def right(self) -> list[bool]:
        """Which anchors the gold accepts."""
        if self.gold is None:
            return [a.said_on is None for a in self.anchors]
        return [a.said_on is not None and said_on_covers(self.gold, a.said_on) for a in self.anchors]


def match_lines(
    text: str, gold: Sequence[GoldLine], predicted: Sequence[Attribution], *, by: str = "tokens"
) -> dict[int, int]:
    """Pair gold lines with predicted statements as the metric does (``EVALUATION.md``).

    Args:
        text: the article text.
        gold: the gold lines' content spans and dates.
        predicted: the predicted statements.
        by: ``"tokens"`` (PolNeAR: Jaccard of ``\\w+`` token sets) or ``"chars"`` (the
            ``meantime_attr`` format: Jaccard of character extents).

    Returns:
        gold index → predicted index, for pairs with Jaccard ≥ 0.5.
    """
    if by == "tokens":
        tokens = Tokens(text)
        gold_sets = [tokens.cover(spans) for spans, _ in gold]
        pred_sets = [tokens.cover([(s.start, s.end) for s in p.content]) for p in predicted]
    else:
        gold_sets = [frozenset(range(min(s for s, _ in spans), max(e for _, e in spans))) for spans, _ in gold]
        pred_sets = [frozenset(range(min(s.start for s in p.content), max(s.end for s in p.content)))
                     if p.content else frozenset() for p in predicted]  # fmt: skip
    return {gi: pi for gi, pi, jac in match_sets(gold_sets, pred_sets) if jac >= 0.5}


def article_examples(
    article: str,
    text: str,
    gold: Sequence[GoldLine],
    predicted: Sequence[Attribution],
    anchors: Mapping[str, Sequence[Anchor]],
    *,
    by: str = "tokens",
) -> list[Example]:
    """The examples of one article: each gold line matched to a predicted statement with anchors."""
    out = []
    for gi, pi in sorted(match_lines(text, gold, predicted, by=by).items()):
        found = anchors.get(predicted[pi].id)
        if found:
            out.append(Example(article, found, gold[gi][1]))
    return out


def anchors_by_signature(records: Iterable[AnchorRecord]) -> dict[tuple[tuple[str, int], ...], AnchorRecord]:
    """Recorded anchors keyed by their statements' signature (:func:`~quotegraph.timing.anchors.signature`)."""
    return {r.signature: r for r in records}


def anchors_for(
    records: Mapping[tuple[tuple[str, int], ...], AnchorRecord], attributions: Sequence[Attribution]
) -> dict[str, list[Anchor]]:
    """The recorded anchors of an article's predicted statements (empty when none was recorded).

    The statements may be a part of those the time stage dated (the evaluation keeps only the
    top-level ones): then the one record whose statements include them all is theirs. Without
    it a held article kept the dates of the extractor's own model, fit on every fold.
    """
    wanted = signature(attributions)
    found = records.get(wanted)
    if found is None and wanted:
        within = [r for key, r in records.items() if set(wanted) <= set(key)]
        found = within[0] if len(within) == 1 else None
    return found.anchors if found is not None else {}


#: Added to the score of "no date" (:data:`NONE_MARGIN`) and of the rules' own date
#: (:data:`RULE_MARGIN`), with the L2 strength :data:`C` and an undated statement weighing
#: :data:`UNDATED_WEIGHT` in the fit. ``quotegraph train said-on`` chooses the margins itself
#: (:func:`choose_margins`, ``--max-false 3``): the most right among the settings whose false-time
#: rate over the held folds of the PolNeAR train gold and MEANTIME, pooled, stays at or under 3 %;
#: these defaults are the margins it chose (42.0 % right, 2.9 % false; the hand rules 44.1 % /
#: 5.8 % on the train gold, 51.0 % / 9.3 % on MEANTIME; ``docs/annotation-speakers.md``).
NONE_MARGIN = 1.0
RULE_MARGIN = 0.0
C = 0.3
UNDATED_WEIGHT = 2.0


def fit_said_on(
    examples: Sequence[Example], *, c: float = C, min_count: int = 2, none_margin: float = NONE_MARGIN,
    rule_margin: float | None = RULE_MARGIN, undated_weight: float = UNDATED_WEIGHT,
) -> SaidOnModel:
    """Fit the conditional logit over anchors.

    Examples where no anchor is right teach nothing and are left out; features seen in fewer than
    ``min_count`` examples get no weight.

    Args:
        examples: the labelled statements.
        c: inverse strength of the L2 penalty (per example, as in scikit-learn).
        min_count: the least number of examples a feature must occur in.
        none_margin: added to the score of no date when the model chooses (:data:`NONE_MARGIN`).
        rule_margin: added to the score of the rules' date (:data:`RULE_MARGIN`; ``None``: as
            ``none_margin``).
        undated_weight: the weight of an undated statement's term of the loss against a dated
            one's 1 (:data:`UNDATED_WEIGHT`): above 1, a false date costs more than a missed one.

    Returns:
        The model, with ``meta`` (examples used, features, ``c``).

    Raises:
        ValueError: when no example can be learned from.
    """
    usable = [(e, r) for e in examples if any(r := e.right())]
    if not usable:
        raise ValueError("no statement with a right anchor to learn from")
    seen: dict[str, int] = {}
    for e, _ in usable:
        for name in {n for a in e.anchors for n in a.features}:
            seen[name] = seen.get(name, 0) + 1
    names = sorted(n for n, k in seen.items() if k >= min_count)
    index = {n: i for i, n in enumerate(names)}
    rows, cols, vals, group, right = [], [], [], [], []
    row = 0
    for g, (e, r) in enumerate(usable):
        for anchor, ok in zip(e.anchors, r, strict=True):
            for name, value in anchor.features.items():
                if name in index and value:
                    rows.append(row)
                    cols.append(index[name])
                    vals.append(value)
            group.append(g)
            right.append(ok)
            row += 1
    x = np.zeros((row, len(names)))
    x[rows, cols] = vals
    groups = np.asarray(group)
    is_right = np.asarray(right, dtype=float)
    n = len(usable)
    penalty = 1.0 / (2.0 * c * n)  # C of a logistic regression, per averaged example
    weights = np.array([undated_weight if e.gold is None else 1.0 for e, _ in usable])
    found = fit_choice(x, groups, is_right, n, l2=2 * penalty, average=True, max_iter=500, weights=weights)
    learned = {name: float(w) for name, w in zip(names, found, strict=True) if abs(w) > 1e-6}
    meta = {"examples": n, "features": len(names), "c": c, "undated_weight": undated_weight}
    return SaidOnModel(learned, meta, none_margin, rule_margin)


def said_on_figures(model: SaidOnModel | None, examples: Sequence[Example]) -> dict[str, float | int | None]:
    """``said_on`` accuracy and false-time rate (percent) of a model on examples (``None``: the
    rules' own dates, read from the anchor features)."""
    dated = right = undated = false = 0
    for e in examples:
        if model is not None:
            chosen = model.choose(e.anchors).said_on
        else:
            chosen = next((a.said_on for a in e.anchors if a.features.get("rule")), None)
        if e.gold is None:
            undated += 1
            false += chosen is not None
        else:
            dated += 1
            right += chosen is not None and said_on_covers(e.gold, chosen)
    return {"dated": dated, "undated": undated,
            "said_on_accuracy": round(100 * right / dated, 2) if dated else None,
            "false_time_rate": round(100 * false / undated, 2) if undated else None}  # fmt: skip


def held_out(
    examples: Sequence[Example],
    folds: Sequence[Sequence[str]],
    *,
    extra: Sequence[Example] = (),
    fit: Callable[[Sequence[Example]], SaidOnModel] = fit_said_on,
) -> list[tuple[int, SaidOnModel, Example]]:
    """K-fold article cross-validation's held statements, each with the model fit without its fold.

    Args:
        examples: the labelled statements of the set being scored.
        folds: article ids per fold.
        extra: examples of another set added to every training fold.
        fit: the fitting function.

    Returns:
        (fold, model fit on the other folds plus ``extra``, held example), fold by fold.
    """
    out = []
    for i, held in enumerate(folds):
        held_ids = set(held)
        model = fit([e for e in examples if e.article not in held_ids] + list(extra))
        out += [(i, model, e) for e in examples if e.article in held_ids]
    return out


def _with_margins(model: SaidOnModel, none_margin: float | None, rule_margin: float | None) -> SaidOnModel:
    if none_margin is None:
        return model
    return SaidOnModel(model.weights, model.meta, none_margin, rule_margin)


def pooled_figures(
    held: Sequence[tuple[int, SaidOnModel, Example]], none_margin: float | None = None,
    rule_margin: float | None = None,
) -> dict[str, dict[str, float | int | None] | list[dict[str, float | int | None]]]:
    """Figures of :func:`held_out`'s statements: ``folds`` (per fold) and ``pooled`` (all held
    statements scored together), each model with its own margins or, given ``none_margin``, with
    ``none_margin`` and ``rule_margin``."""
    by_fold: dict[int, list[tuple[SaidOnModel, Example]]] = defaultdict(list)
    for fold, model, example in held:
        by_fold[fold].append((_with_margins(model, none_margin, rule_margin), example))

    def figures(pairs: Sequence[tuple[SaidOnModel, Example]]) -> dict[str, float | int | None]:
        dated = [(m, e) for m, e in pairs if e.gold is not None]
        undated = [(m, e) for m, e in pairs if e.gold is None]
        right = sum(said_on_covers(e.gold, s) for m, e in dated if (s := m.choose(e.anchors).said_on) is not None)  # type: ignore[arg-type]
        false = sum(m.choose(e.anchors).said_on is not None for m, e in undated)
        return {"dated": len(dated), "undated": len(undated), "right": right, "false": false,
                "said_on_accuracy": round(100 * right / len(dated), 2) if dated else None,
                "false_time_rate": round(100 * false / len(undated), 2) if undated else None}  # fmt: skip

    return {"folds": [{"fold": i, **figures(pairs)} for i, pairs in sorted(by_fold.items())],
            "pooled": figures([pair for pairs in by_fold.values() for pair in pairs])}  # fmt: skip


def cross_validate_said_on(
    examples: Sequence[Example],
    folds: Sequence[Sequence[str]],
    *,
    extra: Sequence[Example] = (),
    fit: Callable[[Sequence[Example]], SaidOnModel] = fit_said_on,
) -> dict[str, object]:
    """K-fold article cross-validation: fit on the other folds (plus ``extra``), score the held one
    (the arguments are :func:`held_out`'s).

    Returns:
        ``folds`` (per-fold figures), ``pooled`` (the held folds' predictions scored together)
        and ``rules`` (the rules' figures on the same lines).
    """
    return {**pooled_figures(held_out(examples, folds, extra=extra, fit=fit)), "rules": said_on_figures(None, examples)}


#: The margins :func:`choose_margins` tries (no date, the rules' date).
NONE_MARGINS = tuple(x / 4 for x in range(-4, 17))
RULE_MARGINS = (0.0, 0.5, 1.0, 1.5)


def choose_margins(
    held: Sequence[tuple[int, SaidOnModel, Example]], max_false: float,
) -> tuple[float, float, dict[str, float | int | None]]:
    """The abstain threshold: the margins whose held-out statements (of every set, pooled) are
    most often right while their false-time rate stays at or under ``max_false`` percent.

    A tie goes to the larger no-date margin (fewer dates given). When no setting meets the ceiling,
    the one with the fewest false times is taken.

    Args:
        held: :func:`held_out`'s statements, of one set or several.
        max_false: the false-time ceiling, in percent of the undated statements.

    Returns:
        ``none_margin``, ``rule_margin`` and their pooled figures.
    """
    best: tuple[tuple[bool, float, float], float, float, dict[str, float | int | None]] | None = None
    for none_margin in NONE_MARGINS:
        for rule_margin in RULE_MARGINS:
            pooled = pooled_figures(held, none_margin, rule_margin)["pooled"]
            assert isinstance(pooled, dict)
            false = float(pooled["false_time_rate"] or 0.0)
            right = float(pooled["said_on_accuracy"] or 0.0)
            key = (false <= max_false, right if false <= max_false else -false, none_margin)
            if best is None or key > best[0]:
                best = (key, none_margin, rule_margin, pooled)
    assert best is not None
    return best[1], best[2], best[3]


@dataclass(frozen=True, slots=True)
class GoldSet:
    """An annotated set: its articles and each article's gold lines.

    Attributes:
        name: a label for reports.
        articles: the articles to extract.
        lines: article id → gold lines (content spans, ``said_on``).
        match_by: how contents are matched (:func:`match_lines`).
    """

    name: str
    articles: Sequence[Article]
    lines: Mapping[str, Sequence[GoldLine]]
    match_by: str


def polnear_gold_set(polnear_dir: str | Path, gold_path: str | Path, split: str = "train") -> GoldSet:
    """The PolNeAR articles a speaker/said_on gold file annotates, with its lines.

    Raises:
        EvaluationError: when the corpus or an article of the gold is missing.
    """
    lines: dict[str, list[GoldLine]] = defaultdict(list)
    for line in read_json_lines(Path(gold_path), missing=f"gold file not found: {gold_path}",
                                bad_line=lambda n, exc: f"{gold_path}:{n}: not a JSON line"):  # fmt: skip
        spans = line.get("content_spans") or [[line["content_start"], line["content_end"]]]
        lines[line["article"]].append(([(int(s), int(e)) for s, e in spans], line.get("said_on")))
    data = read_polnear(polnear_dir, split)
    articles = [Article(id=a.id, text=a.text, published=a.published) for a in data.articles if a.id in lines]
    missing = set(lines) - {a.id for a in articles}
    if missing:
        raise EvaluationError(f"{len(missing)} gold article(s) not in {polnear_dir}/{split}, e.g. {sorted(missing)[0]}")
    return GoldSet(Path(gold_path).stem, articles, lines, "tokens")


def jsonl_gold_set(path: str | Path) -> GoldSet:
    """The documents of a gold JSONL in the ``meantime_attr`` format, with their dated lines.

    Raises:
        EvaluationError: when the file is missing or malformed.
    """
    articles, lines = [], {}
    for record in read_json_lines(Path(path), missing=f"gold file not found: {path}",
                                  bad_line=lambda n, exc: f"{path}:{n}: not a JSON line"):  # fmt: skip
        published = record.get("published")
        doc_id = str(record["doc_id"])
        articles.append(Article(id=doc_id, text=record["text"], title=record.get("title"),
                                published=dt.date.fromisoformat(published[:10]) if published else None))  # fmt: skip
        lines[doc_id] = [([tuple(a["content"])], a.get("said_on")) for a in record.get("attributions", [])]
    return GoldSet(Path(path).stem, articles, lines, "chars")


def gold_set_examples(extractor: Extractor, gold: GoldSet) -> list[Example]:
    """Run the extractor over a gold set, recording anchors, and label the matched statements."""
    with recording_anchors() as records:
        results = list(extractor.extract_many(gold.articles))
    index = anchors_by_signature(records)
    out: list[Example] = []
    for result in results:
        article = result.article
        found = anchors_for(index, result.attributions)
        out += article_examples(article.id, article.text, gold.lines.get(article.id, []), result.attributions,
                                found, by=gold.match_by)  # fmt: skip
    return out


def train_said_on(
    sets: Sequence[GoldSet],
    *,
    extractor: Extractor | None = None,
    folds: int | None = None,
    c: float = C,
    none_margin: float = NONE_MARGIN,
    rule_margin: float | None = RULE_MARGIN,
    undated_weight: float = UNDATED_WEIGHT,
    max_false: float | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[SaidOnModel, dict[str, dict[str, object]]]:
    """Learn the ``said_on`` model from annotated sets, with cross-validated figures.

    Args:
        sets: the gold sets to learn from (all of them go into the model).
        extractor: the extractor whose statements and anchors are learned from (a new one with
            the rules' dates when ``None``; the anchors never depend on the model in use).
        folds: K for K-fold article cross-validation of each set (the other sets' examples join
            every training fold); ``None``: no figures.
        c: inverse L2 strength.
        none_margin: added to the score of no date (:data:`NONE_MARGIN`).
        rule_margin: added to the score of the rules' date (:data:`RULE_MARGIN`).
        undated_weight: the weight of an undated statement in the fit (:data:`UNDATED_WEIGHT`).
        max_false: with ``folds``, choose both margins instead (:func:`choose_margins` over the
            held statements of every set pooled): the most right whose false-time rate stays at
            or under this percentage.
        progress: called with a line of news now and then.

    Returns:
        The model fit on every set, and per set name its cross-validation figures
        (:func:`cross_validate_said_on`; empty without ``folds``), with the chosen margins.
    """
    say = progress or (lambda _msg: None)
    if extractor is None:
        from quotegraph.pipeline import Extractor

        extractor = Extractor()
    examples: dict[str, list[Example]] = {}
    for gold in sets:
        examples[gold.name] = gold_set_examples(extractor, gold)
        say(f"{gold.name}: {len(gold.articles)} articles, {len(examples[gold.name])} matched lines")

    def fit(train: Sequence[Example]) -> SaidOnModel:
        return fit_said_on(train, c=c, none_margin=none_margin, rule_margin=rule_margin, undated_weight=undated_weight)

    figures: dict[str, dict[str, object]] = {}
    held: dict[str, list[tuple[int, SaidOnModel, Example]]] = {}
    if folds is not None:
        for name, own in examples.items():
            others = [e for other, ex in examples.items() if other != name for e in ex]
            ids = sorted({a.id for gold in sets if gold.name == name for a in gold.articles})
            held[name] = held_out(own, [ids[i::folds] for i in range(folds)], extra=others, fit=fit)
    chosen: dict[str, object] = {}
    if held and max_false is not None:
        none_margin, rule_margin, pooled = choose_margins([h for hs in held.values() for h in hs], max_false)
        chosen = {"max_false": max_false, "none_margin": none_margin, "rule_margin": rule_margin, "pooled": pooled}
        say(f"margins chosen on the pooled held folds: no date +{none_margin}, rules' date +{rule_margin} "
            f"({pooled['said_on_accuracy']} % right, {pooled['false_time_rate']} % false)")
    for name, hs in held.items():
        figures[name] = {**pooled_figures(hs, none_margin, rule_margin), "rules": said_on_figures(None, examples[name])}
        say(f"{name}: cross-validated {figures[name]['pooled']}")
    model = fit([e for ex in examples.values() for e in ex])
    meta = dict(model.meta)
    meta.update(sets={gold.name: len(gold.articles) for gold in sets},
                cross_validation={k: v["pooled"] for k, v in figures.items()})  # fmt: skip
    if chosen:
        meta["margins_chosen"] = chosen
    return SaidOnModel(model.weights, meta, none_margin, rule_margin), figures


def said_on_trainer(
    lines: Mapping[str, Sequence[GoldLine]],
    predictions: Mapping[str, Sequence[Attribution]],
    texts: Mapping[str, str],
    records: Iterable[AnchorRecord],
    *,
    by: str = "tokens",
    c: float = C,
) -> Callable[[Sequence[str]], Callable[[Sequence[str]], dict[str, list[Attribution]]]]:
    """A cross-validation trainer (:func:`quotegraph.evaluate.speakers.cross_validate`) for the
    ``said_on`` model: it fits on the training articles' matched lines and re-dates the held
    articles' predictions from their recorded anchors (everything else of them unchanged).

    Args:
        lines: gold lines per article.
        predictions: the extractor's statements per article.
        texts: article texts.
        records: the anchors recorded while the extractor ran (:func:`recording_anchors`).
        by: how contents are matched (:func:`match_lines`).
        c: inverse L2 strength.

    Returns:
        train-article ids → (held-article ids → re-dated predictions).
    """
    index = anchors_by_signature(records)
    anchors = {a: anchors_for(index, preds) for a, preds in predictions.items()}
    examples = {a: article_examples(a, texts[a], lines.get(a, []), predictions[a], anchors[a], by=by)
                for a in predictions}  # fmt: skip

    def trainer(train_ids: Sequence[str]) -> Callable[[Sequence[str]], dict[str, list[Attribution]]]:
        model = fit_said_on([e for a in train_ids for e in examples.get(a, [])], c=c)
        return lambda held: {a: redate(predictions.get(a, []), anchors.get(a, {}), model) for a in held}

    return trainer
