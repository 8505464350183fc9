"""Attribution metrics exactly as ``EVALUATION.md`` defines them.

Tokens are ``\\w+`` runs of the article text; a span covers a token when they share at least one
character, so punctuation (and quotation marks) never counts. Per article, every gold/predicted
pair whose content token sets intersect gets the Jaccard overlap J of the two sets, and pairs are
taken greedily from the highest J down, each gold and each prediction used at most once. One
matching serves every figure:

- content exact / partial / lenient P/R/F1: matched pairs with J = 1 / J ≥ 0.5 / J > 0;
- content token P/R/F1: tokens inside any gold content vs inside any predicted content;
- source (cue) accuracy: among partial matches whose gold has a source (cue), the predicted
  source (cue) tokens intersect the gold ones;
- end-to-end P/R/F1: J ≥ 0.5 and the source is right (intersects, or both have none);
- direct-quote recall: gold contents containing a quotation mark (:func:`has_quote_mark`) that
  got any match.

Precision divides by all predictions, recall by all gold attributions, micro-averaged: the
per-article counts are summed (:class:`Tally`) and the figures computed once at the end.

Breakdowns. *By kind*: gold and predicted attributions are both classified from the text
(:func:`quoted_regions`) — ``direct`` when every content token lies inside quotation marks,
``mixed`` when some do, ``indirect`` when none do — so that the breakdown does not depend on the
extractor's own labels; partial precision per kind divides by the predictions of that kind,
recall by the gold of that kind. The extractor's declared ``kind`` is compared with the gold kind
over partial matches (``kind_confusion``). *By part*: content (partial and token figures), source
and cue (accuracy, plus token P/R/F1 over all source/cue tokens of the article).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# the tokens and the matching are shared with training (re-exported here, where they were first)
from quotegraph.scoring.spans import Tokens, as_spans, match_sets

KINDS = ("direct", "indirect", "mixed")

# Double quotation marks, including the typewriter '' pair some newspapers use for “ and ”.
_DOUBLE_MARK = re.compile("[\"“”„«»]|''")
# A single mark opens a quotation at the start of a word (‘word or 'word) ...
_SINGLE_OPEN = re.compile(r"‘|(?<![\w'’])'(?=\w)")
# ... and closes one after a non-space when no letter follows (so "Clinton’s" is an apostrophe).
_SINGLE_CLOSE = re.compile(r"(?<=\S)[’'](?![\w'])")
_ANY_MARK = re.compile("''|[\"“”„«»‘’']")


def has_quote_mark(text: str) -> bool:
    """Whether a content text contains a quotation mark (the direct-quote recall population).

    Double marks (``"`` ``“`` ``”`` ``„`` ``«`` ``»`` and the doubled ``''``) always count. A
    single mark (``‘`` ``’`` ``'``) counts only as part of a pair — an opening mark at the start of
    a word followed later by a closing mark not followed by a letter — because ``’`` and ``'``
    are far more often apostrophes (``Clinton’s``, ``voters’ views``) than quotation marks.

    Args:
        text: the content text (discontinuous spans joined by a space).

    Returns:
        True when the text quotes something.
    """
    if _DOUBLE_MARK.search(text):
        return True
    opening = _SINGLE_OPEN.search(text)
    return bool(opening and _SINGLE_CLOSE.search(text, opening.end()))


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character regions of ``text`` that lie inside quotation marks (marks included).

    Paragraph by paragraph (a newline ends a paragraph): ``“ „ «`` open and ``” »`` close a
    double quotation, a straight ``"`` or ``''`` toggles it; a double quotation still open at the
    end of its paragraph runs to that end (the convention for quotes over several paragraphs: an
    opening mark at each paragraph start, one closing mark at the end). Single quotations (``‘…’``,
    ``'…'``) count only when closed within their paragraph, since an unpaired ``'`` is more often
    an elision (``'90s``).

    Args:
        text: the article text.

    Returns:
        Sorted, possibly overlapping ``(start, end)`` regions.
    """
    regions: list[tuple[int, int]] = []
    pos = 0
    for paragraph in text.split("\n"):
        end = pos + len(paragraph)
        double_at: int | None = None
        single_at: int | None = None
        for m in _ANY_MARK.finditer(text, pos, end):
            mark, at = m.group(), m.start()
            if mark in ("“", "„", "«"):
                if double_at is None:
                    double_at = at
            elif mark in ("”", "»"):
                if double_at is not None:
                    regions.append((double_at, m.end()))
                    double_at = None
            elif mark in ('"', "''"):
                if double_at is None:
                    double_at = at
                else:
                    regions.append((double_at, m.end()))
                    double_at = None
            elif single_at is None and _SINGLE_OPEN.match(text, at):
                single_at = at
            elif single_at is not None and _SINGLE_CLOSE.match(text, at):
                regions.append((single_at, m.end()))
                single_at = None
        if double_at is not None:
            regions.append((double_at, end))
        pos = end + 1
    return sorted(regions)


@dataclass(frozen=True, slots=True)
class Match:
    """One matched gold/predicted pair of an article.

    Attributes:
        gold_index: index of the gold attribution in the article's gold list.
        pred_index: index of the prediction in the predictions given.
        jaccard: Jaccard overlap of their content token sets (> 0).
        gold: the gold attribution object.
        pred: the predicted attribution object.
    """

    gold_index: int
    pred_index: int
    jaccard: float
    gold: Any
    pred: Any

    @property
    def partial(self) -> bool:
        """Whether the pair is a partial match (J ≥ 0.5)."""
        return self.jaccard >= 0.5

    @property
    def exact(self) -> bool:
        """Whether the pair is an exact match (J = 1)."""
        return self.jaccard == 1.0


def _text_and_gold(gold: Any) -> tuple[str, Sequence[Any]]:
    return gold.text, gold.attributions


def match_article(gold: Any, preds: Sequence[Any], tokens: Tokens | None = None) -> list[Match]:
    """Match an article's predictions to its gold attributions (``EVALUATION.md``).

    Args:
        gold: the gold article (``.text`` and ``.attributions``, each with ``.content`` spans),
            e.g. :class:`quotegraph.evaluate.polnear.GoldArticle`.
        preds: predicted attributions, each with ``.content`` (a list of spans or pairs), e.g.
            :class:`quotegraph.models.Attribution`.
        tokens: the article's :class:`Tokens`, when the caller already has them.

    Returns:
        The matched pairs, highest Jaccard first; unmatched gold/predictions are absent.
    """
    text, golds = _text_and_gold(gold)
    tokens = tokens or Tokens(text)
    gold_sets = [tokens.cover(as_spans(g.content)) for g in golds]
    pred_sets = [tokens.cover(as_spans(p.content)) for p in preds]
    return [
        Match(gi, pi, jac, golds[gi], preds[pi]) for gi, pi, jac in match_sets(gold_sets, pred_sets)
    ]


def classify_kind(content: frozenset[int], quoted: frozenset[int]) -> str:
    """``direct`` (all content tokens quoted), ``mixed`` (some) or ``indirect`` (none)."""
    inside = len(content & quoted)
    if content and inside == len(content):
        return "direct"
    return "mixed" if inside else "indirect"


@dataclass
class Tally:
    """Micro-averaging counters, summed over articles (``+`` merges two tallies)."""

    counts: Counter[str] = field(default_factory=Counter)

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.counts + other.counts)

    def __iadd__(self, other: Tally) -> Tally:
        self.counts.update(other.counts)
        return self


def tally_article(gold: Any, preds: Sequence[Any]) -> tuple[Tally, list[Match]]:
    """Count one article's contribution to every figure.

    Args:
        gold: the gold article (``.text``, ``.attributions`` with ``.content``, ``.source``,
            ``.cue``).
        preds: the predicted attributions (``.content``, ``.source``, ``.cue``, optional
            ``.kind``).

    Returns:
        The article's counters and its matched pairs.
    """
    text, golds = _text_and_gold(gold)
    tokens = Tokens(text)
    quoted = tokens.cover(quoted_regions(text))
    c: Counter[str] = Counter()
    g_content = [tokens.cover(as_spans(g.content)) for g in golds]
    p_content = [tokens.cover(as_spans(p.content)) for p in preds]
    g_source = [tokens.cover(as_spans(g.source)) for g in golds]
    p_source = [tokens.cover(as_spans(p.source)) for p in preds]
    g_cue = [tokens.cover(as_spans(g.cue)) for g in golds]
    p_cue = [tokens.cover(as_spans(p.cue)) for p in preds]
    g_kind = [classify_kind(s, quoted) for s in g_content]
    p_kind = [classify_kind(s, quoted) for s in p_content]

    c["articles"] += 1
    c["gold"] += len(golds)
    c["pred"] += len(preds)
    for kind in g_kind:
        c[f"gold:{kind}"] += 1
    for kind in p_kind:
        c[f"pred:{kind}"] += 1

    for part, gsets, psets in (("content", g_content, p_content), ("source", g_source, p_source),
                               ("cue", g_cue, p_cue)):  # fmt: skip
        gold_tokens = frozenset().union(*gsets)
        pred_tokens = frozenset().union(*psets)
        c[f"{part}_tok:gold"] += len(gold_tokens)
        c[f"{part}_tok:pred"] += len(pred_tokens)
        c[f"{part}_tok:tp"] += len(gold_tokens & pred_tokens)

    matched_gold: set[int] = set()
    pairs = match_sets(g_content, p_content)
    for gi, pi, jac in pairs:
        matched_gold.add(gi)
        c["lenient"] += 1
        if jac == 1.0:
            c["exact"] += 1
        if jac < 0.5:
            continue
        c["partial"] += 1
        c[f"partial:gold:{g_kind[gi]}"] += 1
        c[f"partial:pred:{p_kind[pi]}"] += 1
        declared = getattr(preds[pi], "kind", None)
        if declared is not None:
            c[f"declared:{g_kind[gi]}:{declared}"] += 1
        has_gold_source = bool(as_spans(golds[gi].source))
        source_hit = bool(g_source[gi] & p_source[pi])
        if has_gold_source:
            c["source:total"] += 1
            c[f"source:total:{g_kind[gi]}"] += 1
            if source_hit:
                c["source:right"] += 1
                c[f"source:right:{g_kind[gi]}"] += 1
        if as_spans(golds[gi].cue):
            c["cue:total"] += 1
            if g_cue[gi] & p_cue[pi]:
                c["cue:right"] += 1
        both_none = not has_gold_source and not as_spans(preds[pi].source)
        if source_hit or both_none:
            c["e2e"] += 1
            c[f"e2e:gold:{g_kind[gi]}"] += 1
            c[f"e2e:pred:{p_kind[pi]}"] += 1

    for gi, g in enumerate(golds):
        content_text = " ".join(text[s:e] for s, e in as_spans(g.content))
        if has_quote_mark(content_text):
            c["quote:total"] += 1
            if gi in matched_gold:
                c["quote:matched"] += 1
    matches = [Match(gi, pi, jac, golds[gi], preds[pi]) for gi, pi, jac in pairs]
    return Tally(c), matches


def _pct(num: int, den: int) -> float | None:
    return round(100.0 * num / den, 2) if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _round(x: float | None) -> float | None:
    return None if x is None else round(100 * x, 2)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    """Precision, recall and F1 in percent (``None`` where a denominator is zero)."""
    p = tp / n_pred if n_pred else None
    r = tp / n_gold if n_gold else None
    return {"p": _round(p), "r": _round(r), "f1": _round(_f1(p, r)), "tp": tp, "pred": n_pred,
            "gold": n_gold}  # fmt: skip


def _accuracy(right: int, total: int) -> dict[str, Any]:
    return {"value": _pct(right, total), "right": right, "total": total}


def figures(tally: Tally) -> dict[str, Any]:
    """Every figure of ``EVALUATION.md`` plus the breakdowns, from summed counters.

    Args:
        tally: the counters of all scored articles.

    Returns:
        A JSON-ready dict; every P/R/F1/accuracy is in percent, rounded to 2 decimals.
    """
    c = tally.counts
    n_gold, n_pred = c["gold"], c["pred"]
    by_kind = {}
    for kind in KINDS:
        by_kind[kind] = {
            "gold": c[f"gold:{kind}"],
            "predicted": c[f"pred:{kind}"],
            # precision over predictions of this kind, recall over gold of this kind
            "partial": _mixed_prf(c[f"partial:pred:{kind}"], c[f"pred:{kind}"],
                                  c[f"partial:gold:{kind}"], c[f"gold:{kind}"]),  # fmt: skip
            "end_to_end": _mixed_prf(c[f"e2e:pred:{kind}"], c[f"pred:{kind}"],
                                     c[f"e2e:gold:{kind}"], c[f"gold:{kind}"]),  # fmt: skip
            "source_accuracy": _accuracy(c[f"source:right:{kind}"], c[f"source:total:{kind}"]),
        }
    confusion: dict[str, dict[str, int]] = {}
    for key, n in sorted(c.items()):
        if key.startswith("declared:"):
            _, gold_kind, declared = key.split(":", 2)
            confusion.setdefault(gold_kind, {})[declared] = n
    return {
        "units": "percent",
        "articles": c["articles"],
        "gold": n_gold,
        "predicted": n_pred,
        "content_exact": prf(c["exact"], n_pred, n_gold),
        "content_partial": prf(c["partial"], n_pred, n_gold),
        "content_lenient": prf(c["lenient"], n_pred, n_gold),
        "content_token": prf(c["content_tok:tp"], c["content_tok:pred"], c["content_tok:gold"]),
        "source_accuracy": _accuracy(c["source:right"], c["source:total"]),
        "cue_accuracy": _accuracy(c["cue:right"], c["cue:total"]),
        "end_to_end": prf(c["e2e"], n_pred, n_gold),
        "direct_quote_recall": _accuracy(c["quote:matched"], c["quote:total"]),
        "by_part": {
            "content": {
                "partial": prf(c["partial"], n_pred, n_gold),
                "token": prf(c["content_tok:tp"], c["content_tok:pred"], c["content_tok:gold"]),
            },
            "source": {
                "accuracy": _accuracy(c["source:right"], c["source:total"]),
                "token": prf(c["source_tok:tp"], c["source_tok:pred"], c["source_tok:gold"]),
            },
            "cue": {
                "accuracy": _accuracy(c["cue:right"], c["cue:total"]),
                "token": prf(c["cue_tok:tp"], c["cue_tok:pred"], c["cue_tok:gold"]),
            },
        },
        "by_kind": by_kind,
        "kind_confusion": confusion,
    }


def _mixed_prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, Any]:
    """P/R/F1 where precision and recall count their true positives on different sides."""
    p = tp_pred / n_pred if n_pred else None
    r = tp_gold / n_gold if n_gold else None
    return {"p": _round(p), "r": _round(r), "f1": _round(_f1(p, r)), "tp_pred": tp_pred,
            "tp_gold": tp_gold, "pred": n_pred, "gold": n_gold}  # fmt: skip


def score(articles: Iterable[tuple[Any, Sequence[Any]]]) -> dict[str, Any]:
    """Score predictions against gold over many articles, micro-averaged.

    Args:
        articles: ``(gold_article, predictions)`` pairs; the gold article has ``.text`` and
            ``.attributions``, predictions are attribution-like (see :func:`tally_article`).

    Returns:
        :func:`figures` of the summed counts.
    """
    total = Tally()
    for gold, preds in articles:
        total += tally_article(gold, preds)[0]
    return figures(total)
