#!/usr/bin/env python3
"""Why the referent ranker misses organisation, document and group sources, on its CV folds.

Runs the 5-fold article cross-validation of ``quotegraph train speakers`` (PolNeAR train gold and
``news2019_attr``; each fold's ranker trained on the other folds) and sorts every held miss of an
organisation, document or group source into one cause:

- A: the attribution stage found no source;
- B: the source span names another referent than the gold's (a name in the span; the gold reads
  the span otherwise — see the gold's notes);
- C: a document source answered with the document's own name where the gold wants its maker;
- D: no candidate names the gold referent (candidate generation);
- E: nobody was ranked over a candidate that names it (features);
- F: another entity was ranked over one (features);
- G: the gold is nobody and an entity was chosen.

The per-miss records hold corpus text, so they go to a file outside the repository (``--out``);
only the counts are printed.

    scripts/speaker_cv_misses.py ../shared/data --out ~/.cache/quotegraph/misses.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("organisation", "document", "group")


def cause(miss: dict[str, Any]) -> str:
    """The cause letter of one miss (see the module docstring)."""
    pick = miss["ranked"][0] if miss["ranked"] else None
    feats = set(pick["base"]) if pick else set()
    if miss["source"] is None:
        return "A"
    if miss["gold"] is None:
        return "G"
    own_name = pick is not None and ("head" in feats or pick["ck"] in {"ck=surface", "ck=other"})
    if miss["pred"] is not None and own_name and miss["kind"] == "document":
        return "C"
    if miss["pred"] is not None and own_name and "st=name" in miss["source_features"]:
        return "B"
    if not miss["any_right"]:
        return "D"
    return "E" if miss["pred"] is None else "F"


def main() -> None:
    """Run the CV, write the misses and print the counts of their causes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the shared data folder (polnear/, news2019_attr/)")
    parser.add_argument("--gold", type=Path, default=ROOT / "data" / "speakers" / "polnear_train_speakers.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="JSONL of the misses (outside the repository)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=None, help="folder of parsed articles")
    args = parser.parse_args()

    from quotegraph.evaluate.speakers import (
        _KIND_ALIASES,
        article_folds,
        ranker_examples,
        referent_training_sets,
        speaker_is_right,
    )
    from quotegraph.nlp.doc import ATTRIBUTIONS
    from quotegraph.speakers.resolve import find_speakers, referent_candidates
    from quotegraph.training.speakers import fit_ranker

    sets = referent_training_sets(args.data / "polnear", args.gold,
                                  [args.data / "news2019_attr" / "news2019_attr.jsonl"], cache_dir=args.cache)
    examples = {n: ranker_examples(s["docs"], s["pairs"]) for n, s in sets.items()}
    folds = {n: article_folds(s["pairs"], args.folds) for n, s in sets.items()}
    counts: Counter[tuple[str, str, str]] = Counter()
    with args.out.open("w", encoding="utf-8") as out:
        for i in range(args.folds):
            model = fit_ranker([e for n in sets for j, fold in enumerate(folds[n]) if j != i
                                for a in fold for e in examples[n][a]])
            for name, s in sets.items():
                for article in folds[name][i]:
                    doc = s["docs"][article]
                    atts = doc._.get(ATTRIBUTIONS)
                    chosen = {a.id: a.speaker for a in find_speakers(doc, atts, ranker=model)[0]}
                    cands = referent_candidates(doc, atts)
                    for pred, gold, kind in s["pairs"][article]:
                        kind = _KIND_ALIASES.get(kind, kind)
                        ref = chosen.get(pred.id)
                        if kind not in KINDS or speaker_is_right(gold, kind, ref.name if ref else None):
                            continue
                        ranked = sorted(cands.get(pred.id, []), key=model.score_candidate, reverse=True)
                        miss = {
                            "corpus": name, "article": article, "kind": kind, "gold": gold,
                            "pred": ref.name if ref else None,
                            "source": pred.source.text if pred.source else None,
                            "source_features": list(ranked[0].source) if ranked else [],
                            "any_right": any(speaker_is_right(gold, kind, c.name) for c in ranked),
                            "ranked": [{"name": c.name, "ck": c.context[0], "base": list(c.base),
                                        "score": round(model.score_candidate(c), 3),
                                        "right": speaker_is_right(gold, kind, c.name)} for c in ranked[:6]],
                        }
                        miss["cause"] = cause(miss)
                        counts[(name, kind, miss["cause"])] += 1
                        out.write(json.dumps(miss, ensure_ascii=False) + "\n")
    for (name, kind, letter), n in sorted(counts.items()):
        print(f"{name:16s} {kind:13s} {letter} {n}")
    total: Counter[str] = Counter()
    for (_name, _kind, letter), n in counts.items():
        total[letter] += n
    print("all:", ", ".join(f"{letter} {n}" for letter, n in sorted(total.items())))


if __name__ == "__main__":
    main()
