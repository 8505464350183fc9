"""The fit shared by the learned choices among candidates (the speaker ranker's referents, the
``said_on`` model's anchors): a conditional logit over each statement's candidates, trained to
put probability on any of its right ones.

    >>> w = fit_choice(x, groups, right, n_groups=len(statements), l2=1.0, average=False, max_iter=300)
"""

from __future__ import annotations

from typing import Any


def fit_choice(x: Any, groups: Any, right: Any, n_groups: int, *, l2: float, average: bool,
               max_iter: int, weights: Any = None) -> Any:
    """The weights that minimise ``-log P(a right candidate)`` over the groups, plus
    ``l2 / 2 * |w|^2`` (L-BFGS from zero).

    Args:
        x: one row of features per candidate (a dense or sparse matrix).
        groups: the group (statement) of each row, ``0 .. n_groups - 1``.
        right: 1.0 for each row that is a right candidate, else 0.0; every group has one.
        n_groups: how many groups.
        l2: the L2 penalty.
        average: the loss averaged over the groups (else summed).
        max_iter: L-BFGS iterations at most.
        weights: one weight per group for its term of the loss (``None``: 1 each), so that some
            errors cost more than others.

    Returns:
        The weight vector, one weight per column of ``x``.
    """
    import numpy as np  # the solver's imports wait until a model is fitted (CLI start-up)
    from scipy.optimize import minimize

    g_weight = np.ones(n_groups) if weights is None else np.asarray(weights, dtype=float)
    row_weight = g_weight[groups]

    def loss(w: Any) -> tuple[float, Any]:
        s = x @ w
        # per group: log-sum-exp over all candidates minus over the right ones
        top = np.full(n_groups, -np.inf)
        np.maximum.at(top, groups, s)
        e = np.exp(s - top[groups])
        z_all = np.bincount(groups, weights=e, minlength=n_groups)
        z_right = np.bincount(groups, weights=e * right, minlength=n_groups)
        per_group = (np.log(z_all) - np.log(z_right)) * g_weight
        p_all = e / z_all[groups]
        p_right = e * right / z_right[groups]
        grad = x.T @ ((p_all - p_right) * row_weight)
        if average:
            return float(np.mean(per_group)) + 0.5 * l2 * float(w @ w), grad / n_groups + l2 * w
        return float(np.sum(per_group)) + 0.5 * l2 * float(w @ w), grad + l2 * w

    found = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
    return found.x


__all__ = ["fit_choice"]
