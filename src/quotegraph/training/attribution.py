"""Learning the attribution model from documents with gold attributions.

Every candidate the rules and the broad generator propose for a training document is an
example, labelled by whether its content matches a gold content the way the evaluation counts a
match (Jaccard overlap of ``\\w+`` tokens ≥ 0.5, ``EVALUATION.md``) and whether its source is
also right. A match counts as much as its overlap squared: of a cue's readings that all match,
the closest one teaches the most, so that the model learns which extent annotators take, not
only which cues attribute. Logistic regressions (scikit-learn, L2, liblinear: deterministic for
a given seed) learn the weights; the decision threshold is tuned on separate documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from quotegraph.attribution.candidates import Candidate, QuoteIndex, reported_inside
from quotegraph.attribution.features import DocView, candidate_features, reading_features
from quotegraph.attribution.find import all_candidates
from quotegraph.attribution.lexicon import CueLexicon
from quotegraph.attribution.model import AttributionModel, pick
from quotegraph.nlp import doc_text
from quotegraph.scoring.spans import Tokens, jaccard, match_sets

if TYPE_CHECKING:
    from quotegraph.training.semantics import SemanticSpace

Offsets = tuple[int, int]
MATCH = 0.5
# how a matching candidate's weight grows with its overlap (J ** MATCH_WEIGHT_POWER): with 2, a
# reading at J = 0.5 weighs a quarter of an exact one (3-fold cross-validation on PolNeAR train:
# content partial F1 70.5 unweighted, 70.8 with power 1, 70.9 with 2, 71.0 with 4, all with the
# two fits averaged equally)
MATCH_WEIGHT_POWER = 2
# the content model's share of the averaged log-odds (the end-to-end model has the rest)
CONTENT_SHARE = 2 / 3
THRESHOLDS = tuple(x / 100 for x in range(15, 71, 5))
#: Thresholds whose cross-validated score is within this of the best one (0.1 point of F1) tie, and
#: the one nearest 0.5 wins: CV cannot tell them apart, and a retrain should not move the shipped
#: threshold on a difference that small (0.50 and 0.55 once differed by 0.01 point).
THRESHOLD_TIE = 0.001
# the inverse L2 strength ``quotegraph train polnear`` fits with: with the readings' features
# (``features.reading_features``) 5-fold CV over PolNeAR train, news2019_attr and meantime_attr
# (weight 3) gave content P / R 84.4 / 57.3, 74.8 / 77.7, 78.8 / 77.0 at 0.15 against 84.1 / 57.0,
# 73.3 / 76.9, 78.4 / 76.7 at 0.3 without them; 0.15 alone raised news2019 but cost PolNeAR
ATTRIBUTION_C = 0.15


@dataclass(slots=True)
class DocExamples:
    """One document's candidates with their features and two labels, and its gold.

    ``content_labels``: the content matches a gold content (J ≥ 0.5). ``labels``: it does, and
    the candidate's source is that gold's source (their tokens intersect, or neither has one).
    ``overlaps``: the candidate's best Jaccard overlap with a gold content (0 without one).
    ``weight``: how much the document's examples count in a fit (its corpus's share);
    ``corpus``: which corpus it comes from (cross-validation folds and figures are per corpus).
    """

    features: list[list[str]]
    labels: list[int]
    content_labels: list[int]
    overlaps: list[float]
    candidates: list[Candidate]
    quotes: QuoteIndex
    token_sets: list[frozenset[int]]
    source_sets: list[frozenset[int]]
    gold: list[frozenset[int]]
    gold_sources: list[frozenset[int] | None]
    weight: float = 1.0
    corpus: str = ""


@dataclass(slots=True)
class Figures:
    """Content partial and end-to-end precision, recall and F1 of a model on tuning documents."""

    precision: float
    recall: float
    f1: float
    e2e_f1: float


def doc_examples(doc: Doc, gold: Sequence[tuple[Sequence[Offsets], Sequence[Offsets] | None]],
                 lexicon: CueLexicon | None = None) -> DocExamples:
    """The candidates of one parsed document with their features and gold labels.

    Args:
        doc: the parsed document.
        gold: (content spans, source spans) of each gold attribution; no source spans for one
            without a source, ``None`` where the gold has a source it could not place (any
            source then counts as right).
        lexicon: the cue lexicon the model will ship with (default: the shipped one).
    """
    text = doc_text(doc)
    quotes = QuoteIndex(text)
    cands = all_candidates(doc, quotes, lexicon)
    words = Tokens(text)  # the evaluation's tokens, so that labels mean what a match means there
    golds = [(words.cover(c), None if s is None else words.cover(s)) for c, s in gold]
    golds = [g for g in golds if g[0]]
    out = DocExamples([], [], [], [], cands, quotes, [], [], [c for c, _ in golds], [s for _, s in golds])
    view = DocView(doc)
    for cand in cands:
        toks = words.cover(cand.content)
        source = words.cover([cand.source]) if cand.source else frozenset()
        label = content_label = 0
        best = 0.0
        for content, gold_source in golds:
            jac = jaccard(toks, content) if toks & content else 0.0
            best = max(best, jac)
            if jac >= MATCH:
                content_label = 1
                if _same_source(source, gold_source):
                    label = 1
        out.features.append(candidate_features(doc, cand, quotes, view, lexicon))
        out.labels.append(label)
        out.content_labels.append(content_label)
        out.overlaps.append(best)
        out.token_sets.append(toks)
        out.source_sets.append(source)
    out.features = [f + extra for f, extra in zip(out.features, reading_features(cands, out.features), strict=True)]
    return out


def _nested(inner: Candidate, outer: Candidate) -> bool:
    return reported_inside(inner.cue, inner.start, inner.end, outer.content)


def _same_source(predicted: frozenset[int], gold: frozenset[int] | None) -> bool:
    if gold is None:  # a source the gold names but could not place: not held against anyone
        return True
    return bool(predicted & gold) if gold else not predicted


def score(model: AttributionModel, docs: Sequence[DocExamples]) -> Figures:
    """Content partial and end-to-end figures of ``model``'s choices (``EVALUATION.md``)."""
    return score_probabilities(docs, [[model.probability(f) for f in d.features] for d in docs], model.threshold)


def example_weights(doc: DocExamples) -> list[float]:
    """How much each example counts, in both models: a candidate whose content matches a gold
    content by its overlap squared (``MATCH_WEIGHT_POWER``), any other fully; both times the
    document's own ``weight``."""
    w = doc.weight
    return [w * j ** MATCH_WEIGHT_POWER if y else w for y, j in zip(doc.content_labels, doc.overlaps, strict=True)]


def fit_weights(
    docs: Sequence[DocExamples], *, c: float, seed: int, content_only: bool = False,
    semantic: SemanticSpace | None = None,
) -> tuple[dict[str, float], float, dict[str, dict[str, float]]]:
    """Logistic-regression weights (feature → weight), bias and, with ``semantic``, the cue
    lemmas' weights by frame (:meth:`SemanticSpace.table`) over the documents' examples."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [dict.fromkeys(f, 1) for d in docs for f in d.features]
    labels = [y for d in docs for y in (d.content_labels if content_only else d.labels)]
    weights = [w for d in docs for w in example_weights(d)]
    if len(set(labels)) < 2:
        raise ValueError("training needs both attributions and non-attributions among the candidates")
    vec = DictVectorizer()
    x = vec.fit_transform(rows).tocsr()
    if semantic is not None:
        x = hstack([x, semantic.columns([f for d in docs for f in d.features])], format="csr")
    x.indices = x.indices.astype("int32")  # liblinear takes 32-bit indices only
    x.indptr = x.indptr.astype("int32")
    clf = LogisticRegression(C=c, solver="liblinear", random_state=seed, max_iter=1000)
    clf.fit(x, labels, sample_weight=weights)
    names = vec.get_feature_names_out()
    coef = clf.coef_[0]
    table = semantic.table(coef[len(names):]) if semantic is not None else {}
    return ({str(n): float(w) for n, w in zip(names, coef[:len(names)], strict=True)}, float(clf.intercept_[0]),
            table)


def fit_model(docs: Sequence[DocExamples], *, c: float = 0.3, seed: int = 0,
              semantic: SemanticSpace | None = None,
              progress: Callable[[str], None] | None = None) -> AttributionModel:
    """The two fits of :func:`train_model` combined into one model (threshold 0.35)."""
    say = progress or (lambda _msg: None)
    content_w, content_b, content_t = fit_weights(docs, c=c, seed=seed, content_only=True, semantic=semantic)
    say("fitted the content model")
    e2e_w, e2e_b, e2e_t = fit_weights(docs, c=c, seed=seed, semantic=semantic)
    say("fitted the end-to-end model")
    share = CONTENT_SHARE

    def mix(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
        both = {k: round(share * a.get(k, 0.0) + (1 - share) * b.get(k, 0.0), 5) for k in a.keys() | b.keys()}
        return {k: w for k, w in both.items() if abs(w) >= 1e-4}

    semantic_table = {frame: mix(content_t.get(frame, {}), e2e_t.get(frame, {}))
                      for frame in content_t.keys() | e2e_t.keys()}
    return AttributionModel(mix(content_w, e2e_w), round(share * content_b + (1 - share) * e2e_b, 5), 0.35,
                            semantic={f: t for f, t in semantic_table.items() if t})


def folds_of(docs: Sequence[DocExamples], k: int) -> list[int]:
    """The fold of each document: within each corpus, documents are dealt round-robin in order."""
    seen: dict[str, int] = {}
    out = []
    for d in docs:
        n = seen.get(d.corpus, 0)
        seen[d.corpus] = n + 1
        out.append(n % k)
    return out


def cross_validate(docs: Sequence[DocExamples], k: int, *, c: float = 0.3, seed: int = 0,
                   semantic: SemanticSpace | None = None,
                   progress: Callable[[str], None] | None = None) -> list[list[float]]:
    """Held-out probabilities of every document's candidates: fold by fold (:func:`folds_of`),
    a model fitted on the other folds scores the held one."""
    say = progress or (lambda _msg: None)
    fold = folds_of(docs, k)
    held: list[list[float]] = [[] for _ in docs]
    for f in range(k):
        model = fit_model([d for d, g in zip(docs, fold, strict=True) if g != f], c=c, seed=seed, semantic=semantic)
        for n, d in enumerate(docs):
            if fold[n] == f:
                held[n] = [model.probability(x) for x in d.features]
        say(f"cross-validation: fold {f + 1} of {k}")
    return held


def _choices(d: DocExamples, probs: Sequence[float], threshold: float) -> tuple[list[int], list[int]]:
    """The candidates :func:`pick` keeps, and those of them that are scored: nested statements are
    not, since the gold labels each word once (as the evaluation, which scores the attributions
    without a parent: ``convert.to_attributions``)."""
    chosen = pick(d.candidates, list(probs), threshold, d.quotes)
    return chosen, [i for i in chosen if not any(k != i and _nested(d.candidates[i], d.candidates[k]) for k in chosen)]


def score_probabilities(docs: Sequence[DocExamples], probs: Sequence[Sequence[float]], threshold: float) -> Figures:
    """:func:`score` for given candidate probabilities (a model's or held-out ones)."""
    tp = tp_e2e = n_pred = n_gold = 0
    for d, doc_probs in zip(docs, probs, strict=True):
        _, top = _choices(d, doc_probs, threshold)
        n_pred += len(top)
        n_gold += len(d.gold)
        for i, k, jac in match_sets(d.gold, [d.token_sets[j] for j in top]):
            if jac >= MATCH:
                tp += 1
                tp_e2e += _same_source(d.source_sets[top[k]], d.gold_sources[i])
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    e2e = 2 * tp_e2e / (n_pred + n_gold) if n_pred + n_gold else 0.0
    return Figures(p, r, (2 * p * r / (p + r) if p + r else 0.0), e2e)


MISS_CAUSES = ("found", "no candidate", "below threshold", "its cue read otherwise", "kept out")


def miss_causes(docs: Sequence[DocExamples], probs: Sequence[Sequence[float]], threshold: float) -> Counter[tuple[str, str, str]]:
    """Why each gold content is found or missed under ``probs`` (a model's or held-out ones).

    Each gold of each document is counted once under (corpus, cause, rule), the cause one of
    :data:`MISS_CAUSES`: ``found`` (a top-level choice matches it, as :func:`score_probabilities`
    counts); ``no candidate`` (no candidate's content matches it: candidate generation);
    ``below threshold`` (the likeliest matching candidate scores under ``threshold``); ``its cue
    read otherwise`` (that candidate passes, but :func:`pick` keeps a reading of its cue that does
    not match); ``kept out`` (it passes, but no kept top-level statement matches the gold: a kept
    statement of another cue overlaps it, or it nests in one, or the match went to another gold). ``rule`` is the rule of the likeliest matching candidate (``-`` without one).
    """
    out: Counter[tuple[str, str, str]] = Counter()
    for d, doc_probs in zip(docs, probs, strict=True):
        chosen, top = _choices(d, doc_probs, threshold)
        found = {g for g, _, jac in match_sets(d.gold, [d.token_sets[j] for j in top]) if jac >= MATCH}
        kept_cues = {d.candidates[i].cue: i for i in chosen}
        for g, gold in enumerate(d.gold):
            matching = [j for j, toks in enumerate(d.token_sets) if toks & gold and jaccard(toks, gold) >= MATCH]
            if not matching:
                out[(d.corpus, "found" if g in found else "no candidate", "-")] += 1
                continue
            best = max(matching, key=lambda j: doc_probs[j])
            cand = d.candidates[best]
            if g in found:
                cause = "found"
            elif doc_probs[best] < threshold:
                cause = "below threshold"
            elif kept_cues.get(cand.cue, best) not in matching:
                cause = "its cue read otherwise"
            else:
                cause = "kept out"
            out[(d.corpus, cause, cand.rule)] += 1
    return out


def choose_threshold(docs: Sequence[DocExamples], probs: Sequence[Sequence[float]],
                     choose_on: Sequence[str] | None = None) -> tuple[float, dict[str, Figures]]:
    """The threshold (of :data:`THRESHOLDS`) with the best mean of content partial F1 and
    end-to-end F1, averaged over the corpora the documents come from (or those of ``choose_on``
    only), near-ties going to the one nearest 0.5 (:func:`pick_threshold`); with each corpus's
    figures at that threshold.

    Raises:
        ValueError: when ``choose_on`` names a corpus the documents do not come from.
    """
    corpora = sorted({d.corpus for d in docs})
    deciding = corpora if not choose_on else sorted(set(choose_on))
    if set(deciding) - set(corpora):
        raise ValueError(f"no training documents of {sorted(set(deciding) - set(corpora))} to choose the "
                         f"threshold on (corpora: {corpora})")
    figures: dict[float, dict[str, Figures]] = {}
    values: dict[float, float] = {}
    for t in THRESHOLDS:
        figs = {name: score_probabilities([d for d in docs if d.corpus == name],
                                          [p for d, p in zip(docs, probs, strict=True) if d.corpus == name], t)
                for name in corpora}
        figures[t] = figs
        values[t] = sum((figs[name].f1 + figs[name].e2e_f1) / 2 for name in deciding) / len(deciding)
    chosen = pick_threshold(values)
    return chosen, figures[chosen]


def pick_threshold(values: dict[float, float], tie: float = THRESHOLD_TIE) -> float:
    """The threshold with the best score, where scores within ``tie`` of the best count as equal
    and the one nearest 0.5 is taken among them (:data:`THRESHOLD_TIE`)."""
    best = max(values.values())
    return min((t for t, v in values.items() if v >= best - tie), key=lambda t: (abs(t - 0.5), t))


def train_model(
    docs: Sequence[DocExamples],
    tune: Sequence[DocExamples] = (),
    *,
    c: float = 0.3,
    seed: int = 0,
    folds: int = 0,
    semantic: SemanticSpace | None = None,
    threshold_on: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> AttributionModel:
    """Learn the model from ``docs``; pick its threshold by ``folds``-fold cross-validation on
    ``docs`` or, without folds, on ``tune`` (the default 0.35 without either).

    Two logistic regressions are fitted, one to find contents (``content_labels``) and one to
    find contents with their right source (``labels``), and their log-odds averaged, two parts
    content to one part end-to-end (``CONTENT_SHARE``): the first alone finds more statements
    under wrong names, the second alone misses statements whose source the parse cannot see.
    The threshold is the one with the best mean of content partial F1 and end-to-end F1
    (:func:`choose_threshold`; with ``threshold_on``, over those corpora's cross-validated
    figures only). With ``semantic``, the cue lemma's meaning is a feature too.
    """
    say = progress or (lambda _msg: None)
    model = fit_model(docs, c=c, seed=seed, semantic=semantic, progress=say)
    tuned: dict[str, object] = {}
    if folds > 1:
        held = cross_validate(docs, folds, c=c, seed=seed, semantic=semantic, progress=say)
        model.threshold, figs = choose_threshold(docs, held, threshold_on)
        tuned = {"threshold_from": f"{folds}-fold cross-validation",
                 "cv": {name: {"partial_p": round(100 * f.precision, 1), "partial_r": round(100 * f.recall, 1),
                               "partial_f1": round(100 * f.f1, 1), "e2e_f1": round(100 * f.e2e_f1, 1)}
                        for name, f in figs.items()}}
    elif tune:
        model.threshold, figs = choose_threshold(tune, [[model.probability(x) for x in d.features] for d in tune])
        fig = next(iter(figs.values())) if len(figs) == 1 else score(model, tune)
        tuned = {"tune_documents": len(tune), "tune_partial_f1": round(100 * fig.f1, 1),
                 "tune_e2e_f1": round(100 * fig.e2e_f1, 1)}
    if tuned:
        say(f"threshold {model.threshold:.2f}: {tuned}")
    model.meta = {"documents": len(docs), "candidates": sum(len(d.labels) for d in docs),
                  "positives": sum(sum(d.labels) for d in docs), "c": c, "seed": seed,
                  "content_share": round(CONTENT_SHARE, 3), "match_weight_power": MATCH_WEIGHT_POWER,
                  "semantic_components": semantic.vectors.shape[1] if semantic is not None else 0, **tuned}
    return model
