"""Cross-validated addressee figures, and the training of the shipped addressee model.

Two gold sets carry addressees: ``news2019_attr`` (``meantime_attr`` format, statements matched by
character extents, :func:`quotegraph.evaluate.gold.match_document`) and the project's PolNeAR
train gold (``data/speakers/polnear_train_speakers.jsonl``, matched by tokens as ``quotegraph
evaluate speakers`` does). Each predicted top-level statement matched to a gold one is an example
with the gold addressee (``None`` when the gold names nobody); a candidate counts as found by
the scorers' rule (:func:`quotegraph.evaluate.speakers.addressee_is_right`: its mention or its
entity's name names the gold addressee).

``python -m quotegraph.evaluate.addressees`` reports 5-fold article cross-validation (train on
four folds of every set, score the held fold) and, with ``--write``, trains the shipped model
(``quotegraph/speakers/data/addressee_model.json``) on everything.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from quotegraph.evaluate.speakers import article_folds, speaker_is_right
from quotegraph.models import Article
from quotegraph.speakers.addressee_model import MODEL_PATH
from quotegraph.training.addressee import (
    L2,
    L2S,
    NEWS_WEIGHT,
    TARGET,
    THRESHOLD,
    THRESHOLDS,
    ArticleStatements,
    article_weights,
    examples_of,
    score,
    statements_of,
    train,
)
from quotegraph.training.addressee_data import CACHE, Parsed, parse_articles, top_level


def addressee_judge(gold: str, predicted: str) -> bool:
    """Whether a predicted addressee name names the gold one (the speaker rule, as
    :func:`quotegraph.evaluate.speakers.addressee_is_right` applies it)."""
    return speaker_is_right(gold, "other", predicted)


def news2019_parsed(path: str | Path, cache: Path = CACHE, tag: str = "v1") -> list[Parsed]:
    """The ``news2019_attr`` articles (any ``meantime_attr``-format file with addressees), parsed,
    with the gold addressee of every matched top-level statement."""
    from quotegraph.evaluate.gold import match_document, read_gold

    docs = [d for d in read_gold(path) if d.addressees_annotated]
    arts = [Article(id=d.id, text=d.text, title=d.title, published=d.published) for d in docs]
    out = []
    for gdoc, (doc, atts) in zip(docs, parse_articles(arts, tag, cache), strict=True):
        top = top_level(atts)
        pairs = match_document(gdoc, top)
        gold = {top[pi].id: gdoc.statements[gi].addressee or None for gi, pi in pairs.items()}
        out.append(Parsed(gdoc.id, doc, atts, gold))
    return out


def polnear_parsed(polnear: str | Path, gold_path: str | Path, split: str = "train",
                   cache: Path = CACHE, tag: str = "v1") -> list[Parsed]:
    """The PolNeAR articles of a speaker gold that annotates addressees, parsed, with the gold
    addressee of every matched top-level statement (token matching, as ``evaluate speakers``)."""
    from quotegraph.corpora.polnear import read_polnear
    from quotegraph.evaluate.speakers import _match_pairs, _token_set, load_gold

    lines = [ln for ln in load_gold(gold_path) if "addressee" in ln]
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ln in lines:
        by_article[ln["article"]].append(ln)
    data = read_polnear(polnear, split)
    arts = [Article(id=a.id, text=a.text, published=a.published) for a in data.articles
            if a.id in by_article]
    out = []
    for art, (doc, atts) in zip(arts, parse_articles(arts, tag, cache), strict=True):
        top = top_level(atts)
        gl = by_article[art.id]
        gold_sets = [_token_set(art.text, [tuple(s) for s in (ln.get("content_spans")
                     or [[ln["content_start"], ln["content_end"]]])]) for ln in gl]
        pred_sets = [_token_set(art.text, [(s.start, s.end) for s in p.content]) for p in top]
        pairs = _match_pairs(gold_sets, pred_sets)
        gold = {top[pi].id: gl[gi]["addressee"] or None for gi, pi in pairs.items()}
        out.append(Parsed(art.id, doc, atts, gold))
    return out


def cross_validate(sets: dict[str, list[ArticleStatements]], k: int = 5, l2: float = L2,
                   set_weights: dict[str, float] | None = None,
                   threshold: float = THRESHOLD) -> dict[str, Any]:
    """K-fold article cross-validation: for fold ``i``, train on every set's other folds and
    score every set's fold ``i``; the held folds' figures are pooled per set.

    Args:
        sets: articles per set name.
        k: folds per set (:func:`quotegraph.evaluate.speakers.article_folds`).
        l2: the L2 weight.
        set_weights: each set's examples' weight in training (default 1).
        threshold: the models' "nobody" threshold.

    Returns:
        Per set, :func:`score` of the held-out predictions pooled over folds (and each fold's
        threshold, ``thresholds``).
    """
    return _pooled_folds(sets, k, set_weights, lambda _inner: (l2, threshold))


def _pooled_folds(sets: dict[str, list[ArticleStatements]], k: int,
                  set_weights: dict[str, float] | None,
                  settings_of: Callable[[dict[str, list[ArticleStatements]]], tuple[float, float]],
                  ) -> dict[str, Any]:
    """The k folds of :func:`cross_validate`: each fold's model is trained on the other folds
    with ``settings_of(those articles)`` (its L2 weight and "nobody" threshold), its held fold
    scored; the figures are pooled per set, with each fold's settings (``l2s``, ``thresholds``)."""
    weights = article_weights(sets, set_weights)
    folds = {name: article_folds({a.article for a in arts}, k) for name, arts in sets.items()}
    pooled: dict[str, dict[str, Any]] = {
        name: {"addressed": 0, "found": 0, "unaddressed": 0, "falsely_given": 0, "errors": [],
               "l2s": [], "thresholds": []} for name in sets}
    for i in range(k):
        held = {name: set(folds[name][i]) for name in sets}
        inner = {name: [a for a in arts if a.article not in held[name]] for name, arts in sets.items()}
        l2, t = settings_of(inner)
        model = train([a for arts in inner.values() for a in arts], addressee_judge, l2, weights, t)
        for name, arts in sets.items():
            s = score(model, examples_of([a for a in arts if a.article in held[name]], model.local, addressee_judge))
            for key in ("addressed", "found", "unaddressed", "falsely_given"):
                pooled[name][key] += s[key]
            pooled[name]["errors"] += s["errors"]
            pooled[name]["l2s"].append(l2)
            pooled[name]["thresholds"].append(t)
    for p in pooled.values():
        p["found_rate"] = round(100 * p["found"] / p["addressed"], 1) if p["addressed"] else None
        p["falsely_given_rate"] = (round(100 * p["falsely_given"] / p["unaddressed"], 1)
                                   if p["unaddressed"] else None)
    return pooled


#: the share of unaddressed statements that may be given an addressee when the threshold is
#: chosen (the issue's ceiling is 3 %; a point is left for the difference between folds)
FALSE_CEILING = 0.02


def choose_threshold(sets: dict[str, list[ArticleStatements]], thresholds: Sequence[float], k: int = 5,
                     l2: float = L2, set_weights: dict[str, float] | None = None,
                     target: str = TARGET, ceiling: float = FALSE_CEILING,
                     ) -> tuple[float, dict[float, tuple[int, int]]]:
    """The "nobody" threshold that k-fold cross-validation over ``sets`` favours: the most
    ``target`` addressees found while at most ``ceiling`` of its unaddressed statements are
    given one (a wrong addressee misleads more than a missing one; ties go to the lower
    threshold, the more cautious). The threshold only moves the choice, not the weights, so
    each fold's model is trained once and scored at every threshold.

    Returns:
        The threshold, and per threshold the ``target`` set's (found, falsely given) counts.
    """
    counts, unaddressed = _threshold_counts(sets, thresholds, k, l2, set_weights, target)
    allowed = [t for t in thresholds if counts[t][1] <= ceiling * unaddressed] or [min(thresholds)]
    best = max(allowed, key=lambda t: (counts[t][0], -t))
    return best, counts


def choose_settings(sets: dict[str, list[ArticleStatements]], l2s: Sequence[float],
                    thresholds: Sequence[float], k: int = 5,
                    set_weights: dict[str, float] | None = None, target: str = TARGET,
                    ceiling: float = FALSE_CEILING,
                    ) -> tuple[tuple[float, float], dict[tuple[float, float], tuple[int, int]]]:
    """The L2 weight and "nobody" threshold that k-fold cross-validation over ``sets`` favours,
    by :func:`choose_threshold`'s rule over every pair: the most ``target`` addressees found
    with at most ``ceiling`` of its unaddressed statements given one; ties go to the lower
    threshold, then to the larger weight (the simpler model).

    Returns:
        ``(l2, threshold)``, and per pair the ``target`` set's (found, falsely given) counts.
    """
    counts: dict[tuple[float, float], tuple[int, int]] = {}
    unaddressed = 0
    for l2 in l2s:
        by_threshold, unaddressed = _threshold_counts(sets, thresholds, k, l2, set_weights, target)
        counts.update({(l2, t): c for t, c in by_threshold.items()})
    allowed = [p for p, c in counts.items() if c[1] <= ceiling * unaddressed] or [
        (max(l2s), min(thresholds))]
    best = max(allowed, key=lambda p: (counts.get(p, (0, 0))[0], -p[1], p[0]))
    return best, counts


def _threshold_counts(sets: dict[str, list[ArticleStatements]], thresholds: Sequence[float], k: int,
                      l2: float, set_weights: dict[str, float] | None, target: str,
                      ) -> tuple[dict[float, tuple[int, int]], int]:
    """Per threshold, the ``target`` set's (found, falsely given) counts over k folds of models
    trained with ``l2``, and the number of its unaddressed statements."""
    weights = article_weights(sets, set_weights)
    folds = {name: article_folds({a.article for a in arts}, k) for name, arts in sets.items()}
    counts = {t: [0, 0] for t in thresholds}
    unaddressed = 0
    for i in range(k):
        held = {name: set(folds[name][i]) for name in sets}
        model = train([a for name, arts in sets.items() for a in arts if a.article not in held[name]],
                      addressee_judge, l2, weights)
        examples = examples_of([a for a in sets[target] if a.article in held[target]], model.local, addressee_judge)
        unaddressed += sum(e.gold is None for e in examples)
        for t in thresholds:
            model.threshold = t
            s = score(model, examples)
            counts[t][0] += s["found"]
            counts[t][1] += s["falsely_given"]
    return {t: (c[0], c[1]) for t, c in counts.items()}, unaddressed


def nested_cross_validate(sets: dict[str, list[ArticleStatements]], thresholds: Sequence[float],
                          k: int = 5, l2s: Sequence[float] = (L2,),
                          set_weights: dict[str, float] | None = None) -> dict[str, Any]:
    """:func:`cross_validate` with the L2 weight and threshold chosen inside each outer fold's
    training articles (:func:`choose_settings` over their own ``k - 1``-fold split), so that the
    held fold's figure owes nothing to a choice made on it. Each set's result also lists the
    settings chosen (``l2s``, ``thresholds``)."""
    return _pooled_folds(sets, k, set_weights,
                         lambda inner: choose_settings(inner, l2s, thresholds, k - 1, set_weights)[0])


def main(argv: Sequence[str] | None = None) -> None:
    """Cross-validate the addressee model and, with ``--write``, train the shipped one on all."""
    ap = argparse.ArgumentParser(prog="python -m quotegraph.evaluate.addressees")
    ap.add_argument("--news2019", default="../shared/data/news2019_attr/news2019_attr.jsonl")
    ap.add_argument("--polnear", default="../shared/data/polnear")
    ap.add_argument("--gold", default="data/speakers/polnear_train_speakers.jsonl")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=None,
                    help="a fixed L2 weight (default: chosen among --l2s like the threshold)")
    ap.add_argument("--l2s", default=",".join(map(str, L2S)),
                    help="the L2 weights to choose among, comma-separated")
    ap.add_argument("--threshold", type=float, default=None,
                    help="a fixed \"nobody\" threshold (default: chosen among --thresholds by "
                         "cross-validation inside each fold's training articles)")
    ap.add_argument("--thresholds", default=",".join(map(str, THRESHOLDS)),
                    help="the thresholds to choose among, comma-separated")
    ap.add_argument("--news-weight", type=float, default=NEWS_WEIGHT)
    ap.add_argument("--write", type=Path, nargs="?", const=MODEL_PATH, default=None,
                    help="train on everything and write the model (default: the shipped file)")
    ap.add_argument("--errors", action="store_true", help="print the held-out errors")
    ap.add_argument("--no-domains", dest="domains", action="store_false",
                    help="one set of weights for both golds (no per-set copies)")
    args = ap.parse_args(argv)
    dom = (lambda name: name) if args.domains else (lambda name: "")
    sets = {"news2019": statements_of(news2019_parsed(args.news2019), dom("news2019")),
            "polnear_train": statements_of(polnear_parsed(args.polnear, args.gold), dom("polnear_train"))}
    set_weights = {"news2019": args.news_weight}
    l2s = [args.l2] if args.l2 is not None else [float(x) for x in args.l2s.split(",")]
    if args.threshold is not None:
        l2, threshold = l2s[0] if args.l2 is not None else L2, args.threshold
        cv = cross_validate(sets, args.folds, l2, set_weights, threshold)
    else:
        grid = [float(t) for t in args.thresholds.split(",")]
        cv = nested_cross_validate(sets, grid, args.folds, l2s, set_weights)
        print(f"settings chosen per fold (L2, threshold): "
              f"{list(zip(cv[TARGET]['l2s'], cv[TARGET]['thresholds'], strict=True))}")
        (l2, threshold), _ = choose_settings(sets, l2s, grid, args.folds, set_weights)
    for name, s in cv.items():
        print(f"{name}: found {s['found_rate']} % ({s['found']}/{s['addressed']}), falsely given "
              f"{s['falsely_given_rate']} % ({s['falsely_given']}/{s['unaddressed']})")
        if args.errors:
            for err in s["errors"]:
                print("  ", json.dumps(err))
    if args.write:
        model = train([a for arts in sets.values() for a in arts], addressee_judge, l2,
                      article_weights(sets, set_weights), threshold)
        print(f"L2 {l2}, threshold {threshold}")
        cv_figures = {n: {k: v for k, v in s.items() if k != "errors"} for n, s in cv.items()}
        model.to_json(args.write, {"trained_on": sorted(sets), "articles": {n: len(x) for n, x in sets.items()},
                                   "l2": l2, "set_weights": set_weights,
                                   "per_set_copies": args.domains, "conventions_of": TARGET,
                                   "cross_validation": cv_figures})
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
