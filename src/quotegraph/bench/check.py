"""``quotegraph bench check``: verdict accuracy of quote checks on a check set generated from a
store of PolNeAR train + dev statements, the paraphrase model fitted on the train side only,
paraphrase recall@5, and the speed of sentence embeddings and of ingest with and without them.

The store is built from the PolNeAR texts of the folder given (or reused when it exists); the
check set comes from :mod:`quotegraph.bench.check_set`. The model that decides whether the
most similar statement is a paraphrase (logistic regression on the features of
:func:`~quotegraph.check.verdict.paraphrase_features`: similarity, scrambled words, length,
names, token match) is fitted on train cases (5-fold cross-validation gives the held-out
figure), then the dev cases are checked once with it. The single-threshold rule it replaced is
chosen and cross-validated beside it for comparison.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from quotegraph.bench.check_set import KINDS, Case, ParaphraseKey, Pool, generate, read_paraphrases
from quotegraph.bench.check_store import SPLITS, ingest_articles, polnear_articles, split_of
from quotegraph.check import Checker
from quotegraph.check.embed import Embedder
from quotegraph.check.result import CheckResult, Statement
from quotegraph.check.verdict import (
    PARAPHRASE_FEATURES,
    PARAPHRASE_MODEL,
    REWORDED,
    ParaphraseModel,
    edited_share,
    paraphrase_candidate,
)
from quotegraph.store import Store
from quotegraph.store import tables as t

#: Paraphrase thresholds tried on the train cases.
GRID = tuple(round(x, 3) for x in np.arange(0.40, 0.901, 0.02))
#: Scramble penalties tried with them (see :func:`quotegraph.check.verdict.scrambled`).
SCRAMBLES = tuple(round(x, 2) for x in np.arange(0.0, 0.801, 0.1))
#: Matches looked at for paraphrase recall.
RECALL_AT = 5
#: Inverse L2 strength of the paraphrase model's fit (features are standardised first).
FIT_C = 3.0
#: Shares of changed words from which an "altered" claim is tried as a rewording
#: (:data:`quotegraph.check.verdict.REWORDED`); ``inf``: never.
REWORDINGS = (*(round(x, 2) for x in np.arange(0.15, 0.701, 0.05)), math.inf)
#: The kinds whose verdicts the rewording share moves.
REWORDING_KINDS = ("substitution", "splice", "paraphrase")


class MemoEmbedder:
    """An embedder that remembers what it encoded: the check set is checked once per fold and
    threshold, and each claim is encoded once."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.dimensions = inner.dimensions
        self._seen: dict[str, np.ndarray] = {}
        self._matched: dict[tuple[str, str], float] = {}

    def token_match(self, claim: str, statement: str) -> float:
        """See :meth:`Embedder.token_match` (each pair scored once)."""
        key = (claim, statement)
        if key not in self._matched:
            self._matched[key] = self.inner.token_match(claim, statement)
        return self._matched[key]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` (see :meth:`Embedder.encode`), encoding each distinct text once."""
        todo = [x for x in dict.fromkeys(texts) if x not in self._seen]
        if todo:
            for x, v in zip(todo, self.inner.encode(todo), strict=True):
                self._seen[x] = v
        return np.vstack([self._seen[x] for x in texts]) if texts else np.zeros((0, self.dimensions), np.float32)


# ------------------------------------------------------------------------ the pool and set
def polnear_pool(store: Store, corpus: str | Path) -> Pool:
    """The store's quotations with the PolNeAR split of the article that first carried each."""
    from quotegraph.check.stored import statements

    split_by_name = split_of(corpus)
    with store.engine.connect() as conn:
        names = dict(conn.execute(sa.select(t.articles.c.id, t.articles.c.external_id)).all())
    found = statements(store)
    splits = {st.id: split_by_name.get(names.get(st.article.id if st.article else "", "") or "", "")
              for st in found}
    return Pool(found, splits)


def resolve_paraphrases(store: Store, keys: Sequence[ParaphraseKey], pool: Pool) -> tuple[list[tuple[Statement, str]], list[ParaphraseKey]]:
    """The stored quotation each paraphrase is of: the statement of that article whose content
    overlaps the key's offsets most (at least half of them).

    Returns:
        ``(statement, paraphrase)`` pairs, and the keys no stored statement matches.
    """
    by_id = {st.id: st for st in pool.statements}
    a, art = t.attributions, t.articles
    found: list[tuple[Statement, str]] = []
    missing: list[ParaphraseKey] = []
    with store.engine.connect() as conn:
        for key in keys:
            rows = conn.execute(
                sa.select(a.c.quotation_id, a.c.start_char, a.c.end_char)
                .join(art, art.c.id == a.c.article_id).where(art.c.external_id == key.article)
            ).all()
            best, best_overlap = None, 0
            for r in rows:
                overlap = min(r.end_char, key.end) - max(r.start_char, key.start)
                if overlap > best_overlap:
                    best, best_overlap = r.quotation_id, overlap
            if best is None or best_overlap < 0.5 * (key.end - key.start) or best not in by_id:
                missing.append(key)
            else:
                found.append((by_id[best], key.paraphrase))
    return found, missing


# ------------------------------------------------------------------------------ checking
#: A model that takes the most similar statement for a paraphrase whatever its features: cases
#: are checked once with it, and any model's verdict is read off afterwards.
ACCEPT_ALL = ParaphraseModel((0.0,) * len(PARAPHRASE_FEATURES), 0.0)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the checker said about one case, with what the paraphrase step saw, so that the
    verdict under any paraphrase model can be read off (:meth:`verdict_at`).

    Attributes:
        case: the case.
        verdict: the verdict with the paraphrase step accepting anything.
        evidence: the statements that verdict rests on.
        top: the first matches listed.
        similar: when no statement carried the words, ``(statement id, features)`` of the most
            similar statement, the one the paraphrase step weighs (:func:`paraphrase_features`).
        ms: how long the check took.
        rewording: for "altered" from one statement, the share of the claim's words changed
            (:func:`~quotegraph.check.verdict.edited_share`) and the claimed speaker's most
            similar statement with its features (``None``, ``()`` when there is none): above the
            rewording share, the verdict is "paraphrase" when the model accepts it.
    """

    case: Case
    verdict: str
    evidence: tuple[str, ...]
    top: tuple[str, ...]
    similar: tuple[tuple[str, tuple[float, ...]], ...]
    ms: float
    rewording: tuple[float, str | None, tuple[float, ...]] | None = None

    def _paraphrase(self, model: ParaphraseModel) -> str | None:
        # As the checker decides: the most similar statement, if the model accepts it.
        if not self.similar:
            return None
        sid, features = self.similar[0]
        return sid if model.accepts(features) else None

    def _reworded(self, model: ParaphraseModel, reworded: float) -> str | None:
        # An "altered" claim changing more than the share, when the model accepts the statement.
        if self.rewording is None or self.rewording[0] <= reworded:
            return None
        _, sid, features = self.rewording
        return sid if sid is not None and model.accepts(features) else None

    def verdict_at(self, model: ParaphraseModel, reworded: float = REWORDED) -> str:
        """The verdict with paraphrases decided by ``model`` and rewordings by ``reworded``."""
        if self.verdict == "altered":
            return "paraphrase" if self._reworded(model, reworded) else "altered"
        if self.verdict != "paraphrase":
            return self.verdict
        return "paraphrase" if self._paraphrase(model) else "not_found"

    def evidence_at(self, model: ParaphraseModel, reworded: float = REWORDED) -> tuple[str, ...]:
        """The statements the verdict under ``model`` and ``reworded`` rests on."""
        if self.verdict == "altered":
            sid = self._reworded(model, reworded)
            return (sid,) if sid else self.evidence
        if self.verdict != "paraphrase":
            return self.evidence
        best = self._paraphrase(model)
        return (best,) if best else ()


def run_cases(checker: Checker, cases: Sequence[Case], progress: Callable[[int], None] | None = None) -> list[Outcome]:
    """Check every case once, the paraphrase step accepting anything and no claim read as a
    rewording (the model and the rewording share are applied afterwards,
    :meth:`Outcome.verdict_at`)."""
    from quotegraph.check.align import align
    from quotegraph.check.normalise import normalise

    keep, keep_reworded = checker.model, checker.reworded
    checker.model, checker.reworded = ACCEPT_ALL, math.inf
    out = []
    try:
        for n, case in enumerate(cases):
            t0 = time.perf_counter()
            result: CheckResult = checker.check(case.claim, speaker=case.speaker)
            ms = (time.perf_counter() - t0) * 1000
            evidence = tuple(m.statement_id for m in result.matches if m.role in ("evidence", "part"))
            similar: tuple[tuple[str, tuple[float, ...]], ...] = ()
            if result.verdict == "paraphrase":
                # The evidence is the most similar statement (ties to the earliest), as the
                # checker picks it; its features are what any model decides on.
                found = paraphrase_candidate(normalise(case.claim), checker.similar_to(case.claim, case.speaker),
                                             token_match=checker.token_match)
                if found is not None:
                    similar = ((found[0].statement.id, found[1]),)
            rewording = None
            if result.verdict == "altered" and len(evidence) == 1:
                claim = normalise(case.claim)
                share = edited_share(align(claim, normalise(checker.statement(evidence[0]).text)))
                found = paraphrase_candidate(claim, checker.similar_to(case.claim, case.speaker),
                                             token_match=checker.token_match)
                rewording = (share, found[0].statement.id, found[1]) if found is not None else (share, None, ())
            out.append(Outcome(case, result.verdict, evidence,
                               tuple(m.statement_id for m in result.matches[:RECALL_AT]), similar, ms, rewording))
            if progress is not None and n % 100 == 99:
                progress(n + 1)
    finally:
        checker.model, checker.reworded = keep, keep_reworded
    return out


def _right(o: Outcome, model: ParaphraseModel, pool: Pool, reworded: float = REWORDED) -> tuple[bool, bool]:
    """(verdict right, verdict and evidence right) under ``model`` and ``reworded``."""
    verdict = o.verdict_at(model, reworded)
    if verdict != o.case.expected:
        return False, False
    if not o.case.sources:
        return True, True
    said = {pool.norms.get(i) for i in o.evidence_at(model, reworded)}
    # A statement with the same words under another id is the same evidence.
    return True, all(pool.norms.get(s) in said for s in o.case.sources)


def score(outcomes: Sequence[Outcome], model: ParaphraseModel, pool: Pool,
          reworded: float = REWORDED) -> dict[str, dict[str, Any]]:
    """Per kind: cases, verdict accuracy, verdict-and-evidence accuracy (and, for paraphrases,
    recall@5: the statement among the first five matches), under ``model`` and ``reworded``."""
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_kind[o.case.kind].append(o)
    out: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        group = by_kind.get(kind, [])
        if not group:
            continue
        marks = [_right(o, model, pool, reworded) for o in group]
        row: dict[str, Any] = {
            "cases": len(group),
            "accuracy": round(100 * sum(v for v, _ in marks) / len(group), 1),
            "with_evidence": round(100 * sum(e for _, e in marks) / len(group), 1),
        }
        if kind == "paraphrase":
            row["recall_at_5"] = round(100 * sum(o.case.sources[0] in o.top for o in group) / len(group), 1)
        details = sorted({o.case.detail for o in group if o.case.detail and kind == "never_said"})
        for d in details:
            sub = [m for o, m in zip(group, marks, strict=True) if o.case.detail == d]
            row[f"accuracy_{d}"] = round(100 * sum(v for v, _ in sub) / len(sub), 1)
        out[kind] = row
    return out


def _objective(outcomes: Sequence[Outcome], model: ParaphraseModel, pool: Pool) -> tuple[float, float]:
    """What a threshold is chosen by: the worse of paraphrase and never-said accuracy (every
    other kind is decided before the paraphrase step), then their mean."""
    acc = {}
    for kind in ("paraphrase", "never_said"):
        group = [o for o in outcomes if o.case.kind == kind]
        acc[kind] = sum(_right(o, model, pool)[0] for o in group) / len(group) if group else 1.0
    return min(acc.values()), statistics.fmean(acc.values())


def choose_threshold(outcomes: Sequence[Outcome], pool: Pool, thresholds: Sequence[float] = GRID,
                     scrambles: Sequence[float] = SCRAMBLES) -> ParaphraseModel:
    """The single-threshold rule (:meth:`ParaphraseModel.rule`) that does best on ``outcomes``:
    among equally good ones the smallest penalty, then the middle of the best run of
    thresholds, so that it sits away from either edge."""
    marks = {(th, sc): _objective(outcomes, ParaphraseModel.rule(th, sc), pool)
             for sc in scrambles for th in thresholds}
    best = max(marks.values())
    penalty = min(sc for (_, sc), m in marks.items() if m == best)
    tied = [th for (th, sc), m in marks.items() if m == best and sc == penalty]
    return ParaphraseModel.rule(tied[len(tied) // 2], penalty)


def fit_model(outcomes: Sequence[Outcome], pool: Pool | None = None, c: float = FIT_C) -> ParaphraseModel:
    """Logistic regression on the features of the statement each case's paraphrase step
    weighed: paraphrases against every other claim that reached that step (claims never said),
    the two classes weighted equally, features standardised for the fit and the weights given
    back on the raw features.

    Args:
        outcomes: checked cases (those that never reached the paraphrase step are left out).
        pool: unused; there so that it can stand in for :func:`choose_threshold`.
        c: inverse strength of the L2 penalty.

    Returns:
        The fitted model; the single-threshold rule when only one class reached the step.
    """
    from sklearn.linear_model import LogisticRegression

    rows = [(o.similar[0][1], o.case.expected == "paraphrase") for o in outcomes
            if o.verdict == "paraphrase" and o.similar]
    labels = np.array([y for _, y in rows], dtype=int)
    if len(set(labels.tolist())) < 2:
        return ParaphraseModel.rule()
    x = np.array([f for f, _ in rows], dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    fit = LogisticRegression(C=c, class_weight="balanced").fit((x - mean) / scale, labels)
    weights = fit.coef_[0] / scale
    bias = float(fit.intercept_[0] - np.dot(weights, mean))
    return ParaphraseModel(tuple(round(float(w), 4) for w in weights), round(bias, 4))


def choose_reworded(outcomes: Sequence[Outcome], pool: Pool, model: ParaphraseModel,
                    shares: Sequence[float] = REWORDINGS) -> float:
    """The rewording share (:data:`~quotegraph.check.verdict.REWORDED`) that does best on
    ``outcomes`` with ``model``: the worse of the accuracies of substituted, spliced and
    paraphrased claims (the kinds it moves), then their mean; ties go to the largest share (the
    fewest claims read as rewordings)."""
    def objective(share: float) -> tuple[float, float]:
        acc = []
        for kind in REWORDING_KINDS:
            group = [o for o in outcomes if o.case.kind == kind]
            if group:
                acc.append(sum(_right(o, model, pool, share)[0] for o in group) / len(group))
        return (min(acc), statistics.fmean(acc)) if acc else (1.0, 1.0)

    marks = {share: objective(share) for share in shares}
    best = max(marks.values())
    return max(share for share, m in marks.items() if m == best)


def cross_validate(outcomes: Sequence[Outcome], pool: Pool, folds: int = 5,
                   choose: Callable[[Sequence[Outcome], Pool], ParaphraseModel] = fit_model) -> dict[str, Any]:
    """k-fold cross-validation of a model choice (:func:`fit_model`, :func:`choose_threshold`),
    with the rewording share chosen for that model (:func:`choose_reworded`), on train outcomes:
    each fold is scored with the model and share chosen on the others (folds by statement, so
    one statement's cases stay together)."""
    def fold_of(o: Outcome) -> int:
        key = o.case.sources[0] if o.case.sources else o.case.claim
        return int.from_bytes(key.encode()[-4:], "little") % folds

    held: list[tuple[Outcome, ParaphraseModel, float]] = []
    chosen = []
    shares = []
    for f in range(folds):
        fit = [o for o in outcomes if fold_of(o) != f]
        model = choose(fit, pool)
        share = choose_reworded(fit, pool, model)
        chosen.append(model.to_dict())
        shares.append(share)
        held += [(o, model, share) for o in outcomes if fold_of(o) == f]
    out: dict[str, Any] = {"models": chosen, "reworded": [_share(s) for s in shares]}
    for kind in ("paraphrase", "never_said", "substitution", "splice"):
        group = [(o, m, r) for o, m, r in held if o.case.kind == kind]
        if group:
            out[kind] = round(100 * sum(_right(o, m, pool, r)[0] for o, m, r in group) / len(group), 1)
            details = sorted({o.case.detail for o, _, _ in group if o.case.detail and kind == "never_said"})
            for d in details:
                sub = [(o, m, r) for o, m, r in group if o.case.detail == d]
                out[f"{kind}_{d}"] = round(100 * sum(_right(o, m, pool, r)[0] for o, m, r in sub) / len(sub), 1)
    return out


def _share(share: float) -> float | None:
    """A rewording share for JSON (``None``: never)."""
    return None if math.isinf(share) else share


# ------------------------------------------------------------------------------- speed
def embedding_speed(embedder: Embedder, texts: Sequence[str]) -> dict[str, Any]:
    """Statements per second of ``embedder`` (one BLAS thread) on ``texts``."""
    embedder.encode(list(texts[:32]))
    t0 = time.perf_counter()
    embedder.encode(list(texts))
    seconds = time.perf_counter() - t0
    return {"statements": len(texts), "seconds": round(seconds, 2),
            "statements_per_s": round(len(texts) / seconds, 1), "threads": embedder.threads}


def ingest_speed(corpus: str | Path, embedder: Embedder, sample: int, folder: Path) -> dict[str, Any]:
    """Ingest ``sample`` dev articles into a fresh store, then embed what was stored: articles
    and statements per second without and with the embeddings."""
    from quotegraph.check.stored import backfill

    articles = polnear_articles(corpus, ("dev",), limit=sample)
    with Store.open(folder / "ingest-speed.sqlite") as store:
        plain = ingest_articles(store, articles)
        t0 = time.perf_counter()
        vectors = backfill(store, embedder)
        embed_s = time.perf_counter() - t0
    total = plain["seconds"] + embed_s
    return {
        "articles": plain["articles"], "statements": plain["statements"], "quotations_embedded": vectors,
        "without_embeddings": {"seconds": plain["seconds"], "articles_per_s": plain["articles_per_s"],
                               "statements_per_s": plain["statements_per_s"]},
        "with_embeddings": {"seconds": round(total, 2), "articles_per_s": round(plain["articles"] / total, 2),
                            "statements_per_s": round(plain["statements"] / total, 1)},
    }


# ------------------------------------------------------------------------------ the bench
def open_polnear_store(corpus: str | Path, db: str | Path, *, workers: int = 1,
                       progress: Callable[[str], None] | None = None) -> tuple[Store, dict[str, Any] | None]:
    """The store of PolNeAR train + dev statements at ``db``: opened as it is when it holds
    articles, else filled from ``corpus`` first (the figures of that ingest are returned)."""
    store = Store.open(db)
    if store.counts()["articles"]:
        return store, None
    say = progress or (lambda _m: None)
    articles = polnear_articles(corpus, SPLITS)
    say(f"ingesting {len(articles)} PolNeAR train + dev articles into {db}")
    figures = ingest_articles(store, articles, workers=workers, progress=lambda n: say(f"  {n} articles"))
    return store, figures


def bench_check(
    corpus: str | Path,
    db: str | Path,
    *,
    paraphrases: str | Path | None = None,
    per_kind: int = 100,
    never_said: int = 100,
    seed: int = 21,
    ingest_sample: int = 20,
    workers: int = 1,
    scratch: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the whole bench (see the module's docstring).

    Args:
        corpus: the PolNeAR data folder.
        db: the store of its train + dev statements (built when empty).
        paraphrases: the paraphrases file (default: the packaged one).
        per_kind: cases per kind and split.
        never_said: never-said claims per split.
        seed: the seed of the check set.
        ingest_sample: dev articles for the ingest-speed figures (0: skip them).
        workers: parsing processes when the store is built.
        scratch: a folder for the ingest-speed store (default: a temporary one).
        progress: called with a line of progress now and then.

    Returns:
        The figures: ``store``, ``set``, ``tuning``, ``train``, ``dev``, ``embedding``, ``ingest``.
    """
    import tempfile

    from quotegraph.check.stored import MODEL, backfill, checker_from_store

    say = progress or (lambda _m: None)
    store, built = open_polnear_store(corpus, db, workers=workers, progress=say)
    try:
        embedder = Embedder(threads=1)
        have, total = store.vector_counts(MODEL)
        if have < total:
            say(f"embedding {total - have} quotations")
            backfill(store, embedder)
        pool = polnear_pool(store, corpus)
        keys = read_paraphrases(paraphrases)
        pairs, missing = resolve_paraphrases(store, keys, pool)
        cases = generate(pool, per_kind=per_kind, never_said=never_said, paraphrases=pairs, seed=seed)
        say(f"{len(cases)} cases; checking")
        memo = MemoEmbedder(embedder)
        checker = checker_from_store(store, memo)  # type: ignore[arg-type]
        outcomes = run_cases(checker, cases, progress=lambda n: say(f"  {n} checked"))
        train = [o for o in outcomes if o.case.split == "train"]
        dev = [o for o in outcomes if o.case.split == "dev"]
        model = fit_model(train, pool)
        reworded = choose_reworded(train, pool, model)
        cv = cross_validate(train, pool)
        rule = choose_threshold(train, pool)
        rule_cv = cross_validate(train, pool, choose=choose_threshold)
        speed = embedding_speed(embedder, [st.text for st in pool.statements[:500]])
        ingest = None
        if ingest_sample:
            with tempfile.TemporaryDirectory(dir=scratch) as tmp:
                ingest = ingest_speed(corpus, embedder, ingest_sample, Path(tmp))
        counts: dict[str, int] = defaultdict(int)
        for c in cases:
            counts[f"{c.split}/{c.kind}"] += 1
        return {
            "store": {"url": store.url, "quotations": len(pool.statements), "built": built,
                      "splits": {s: sum(1 for v in pool.splits.values() if v == s) for s in SPLITS}},
            "set": {"cases": len(cases), "by_split_and_kind": dict(sorted(counts.items())),
                    "paraphrases": len(keys), "paraphrases_unmatched": len(missing), "seed": seed},
            "tuning": {
                "model": {"features": list(PARAPHRASE_FEATURES), "c": FIT_C, "fitted_on_train": model.to_dict(),
                          "cv": cv},
                "reworded": {"shares": [_share(x) for x in REWORDINGS], "chosen_on_train": _share(reworded),
                             "shipped": _share(REWORDED),
                             # the fitted model without rewordings, as before they were read
                             "train_never": score(train, model, pool, math.inf),
                             "dev_never": score(dev, model, pool, math.inf)},
                "rule": {"thresholds": [GRID[0], GRID[-1]], "scrambles": [SCRAMBLES[0], SCRAMBLES[-1]],
                         "chosen_on_train": {"paraphrase": -rule.bias, "scramble": -rule.weights[1]},
                         "cv": rule_cv, "train": score(train, rule, pool), "dev": score(dev, rule, pool)},
                # The single-threshold rule shipped before the model, as it was.
                "previous": {"rule": ParaphraseModel.rule().to_dict(),
                             "train": score(train, ParaphraseModel.rule(), pool, math.inf),
                             "dev": score(dev, ParaphraseModel.rule(), pool, math.inf)},
                "shipped": PARAPHRASE_MODEL.to_dict(),
                "train_at_shipped": score(train, PARAPHRASE_MODEL, pool),
                "dev_at_shipped": score(dev, PARAPHRASE_MODEL, pool),
            },
            "train": score(train, model, pool, reworded),
            "dev": score(dev, model, pool, reworded),
            "check_ms": {"median": round(statistics.median(o.ms for o in outcomes), 1),
                         "p95": round(sorted(o.ms for o in outcomes)[int(0.95 * (len(outcomes) - 1))], 1)},
            "embedding": speed,
            "ingest": ingest,
        }
    finally:
        store.close()


__all__ = ["ACCEPT_ALL", "GRID", "REWORDINGS", "SCRAMBLES", "MemoEmbedder", "Outcome", "bench_check", "choose_reworded",
           "choose_threshold", "cross_validate", "fit_model",
           "polnear_pool", "resolve_paraphrases", "run_cases", "score"]
