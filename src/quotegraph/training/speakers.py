"""Learning the referent ranker of the speaker stage (:mod:`quotegraph.speakers.ranker`).

Each sourced statement of a training article whose gold speaker is known gives one example: its
candidates (from :func:`quotegraph.speakers.resolve.referent_candidates`) and which of them name
the gold speaker (a caller-given judge, the evaluation's ``speaker_is_right``; several may: "Trump"
and "Donald Trump" as two entities). A conditional logit — the probability of a candidate is the
softmax of its score over the statement's candidates — is fitted to the summed probability of the
right candidates, with an L2 penalty, by L-BFGS. Statements none of whose candidates is right
teach nothing and are left out (they are counted).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from quotegraph.speakers.ranker import Candidate, ReferentModel
from quotegraph.training.choice import fit_choice

#: the L2 penalty chosen by 5-fold CV on the train gold and news2019 (with the maker, name and
#: source-phrase features, PolNeAR train / news2019: 5: 86.5 / 82.9 %, 10: 86.9 / 83.1,
#: 12: 87.1 / 83.1, 15: 86.6 / 83.3, 20: 86.6 / 83.1; with the head word and class, 6: 86.6 /
#: 82.7, 12: 87.0 / 83.6, 20: 87.0 / 83.3)
L2 = 12.0
#: judge(gold speaker, gold kind, candidate name) → whether the candidate names the gold speaker
Judge = Callable[[str | None, str, str | None], bool]


@dataclass(slots=True)
class RankExample:
    """One statement's candidates, as feature lists, and which of them are right."""

    features: list[list[str]]
    right: list[bool]


def rank_example(candidates: Sequence[Candidate], gold: str | None, kind: str, judge: Judge) -> RankExample:
    """Label a statement's candidates against its gold speaker.

    Of several candidates the judge accepts ("Ann Kerr" and the group "Ann Kerr and Luis Prado"
    for the group; "Trump" and "Donald Trump"), only those whose name shares the most of the gold
    name's words count as right: the ranker learns the fullest name, not any accepted one.
    """
    right = [judge(gold, kind, c.name) for c in candidates]
    if gold is not None and sum(right) > 1:
        gold_words = _words(gold)
        fit = [_overlap(gold_words, _words(c.name or "")) if ok else -1.0
               for c, ok in zip(candidates, right, strict=True)]
        best = max(fit)
        right = [f == best for f in fit]
    return RankExample([list(c.features) for c in candidates], right)


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"\w+", name.lower()) if w not in {"the", "and", "of", "for"}}


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def fit_ranker(
    examples: Iterable[RankExample], *, l2: float = L2, min_count: int = 2, max_iter: int = 300
) -> ReferentModel:
    """Fit the ranker's weights.

    Args:
        examples: the statements (those without a right candidate are skipped).
        l2: the L2 penalty on the weights (per weight, as in ``l2 / 2 * |w|^2``).
        min_count: features seen in fewer statements than this get no weight.
        max_iter: L-BFGS iterations at most.

    Returns:
        The model, with ``meta`` (statements used and skipped, features, the penalty).

    Raises:
        ValueError: when no statement has a right candidate.
    """
    import numpy as np  # the solver's imports wait until a model is fitted (CLI start-up)
    from scipy import sparse

    given = list(examples)
    usable = [e for e in given if any(e.right) and len(e.right) > 1]
    skipped_none = sum(not any(e.right) for e in given)
    if not usable:
        raise ValueError("no statement has a right candidate to learn from")
    seen: Counter[str] = Counter()
    for e in usable:
        seen.update({f for feats in e.features for f in feats})
    names = sorted(f for f, n in seen.items() if n >= min_count)
    index = {f: i for i, f in enumerate(names)}
    rows, cols = [], []
    group_of: list[int] = []
    right: list[float] = []
    r = 0
    for g, e in enumerate(usable):
        for feats, ok in zip(e.features, e.right, strict=True):
            for f in set(feats):
                j = index.get(f)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
            group_of.append(g)
            right.append(1.0 if ok else 0.0)
            r += 1
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(r, len(names)))
    groups = np.asarray(group_of)
    pos = np.asarray(right)
    n_groups = len(usable)
    result = fit_choice(x, groups, pos, n_groups, l2=l2, average=False, max_iter=max_iter)
    weights = {f: float(v) for f, v in zip(names, result, strict=True) if abs(v) >= 1e-4}
    meta = {"statements": n_groups, "skipped_without_right_candidate": skipped_none,
            "features": len(weights), "l2": l2, "min_count": min_count}
    return ReferentModel(weights, meta)
