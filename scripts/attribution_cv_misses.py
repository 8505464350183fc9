#!/usr/bin/env python3
"""Where the attribution model loses recall, on the cross-validation folds of ``train polnear``.

Runs the 5-fold cross-validation that ``quotegraph train polnear`` chooses its threshold with
(PolNeAR train and the ``--gold`` files, folds dealt per corpus, C and the lemma meanings as
shipped) and sorts every gold content of the held folds by
:func:`quotegraph.training.attribution.miss_causes`: found, no candidate, below the threshold,
its cue read otherwise, kept out by another statement. Only counts are printed (no corpus text).

    scripts/attribution_cv_misses.py ../shared/data/polnear \\
        --gold ../shared/data/news2019_attr/news2019_attr.jsonl \\
        --gold ../shared/data/meantime_attr/meantime_attr_dev.jsonl --cache ~/.cache/quotegraph/parses
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def main() -> None:
    from quotegraph.attribution.lexicon import load_lexicon
    from quotegraph.attribution.model import load_model
    from quotegraph.clean import find_debris, parse_text
    from quotegraph.corpora.polnear import read_polnear
    from quotegraph.corpora.statements import read_gold
    from quotegraph.nlp import load_pipeline
    from quotegraph.training.attribution import ATTRIBUTION_C, MISS_CAUSES, cross_validate, miss_causes
    from quotegraph.training.polnear import _examples, _polnear_gold, parsed_docs, statement_gold
    from quotegraph.training.semantics import SemanticSpace

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("polnear", type=Path, help="the PolNeAR data folder (its train split is read)")
    parser.add_argument("--gold", type=Path, action="append", default=[], help="a meantime_attr-format file")
    parser.add_argument("--gold-weight", type=float, default=3.0, help="weight of a --gold document")
    parser.add_argument("--threshold", type=float, default=None, help="default: the shipped model's")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=None, help="folder to keep parsed documents in")
    parser.add_argument("--rules", type=int, default=8, help="rules listed per cause")
    args = parser.parse_args()

    nlp = load_pipeline()
    lexicon = load_lexicon()

    def parse(texts: list[str]) -> list:
        return parsed_docs(nlp, [parse_text(t, find_debris(t)) for t in texts], cache=args.cache)

    articles = read_polnear(args.polnear, "train").articles
    docs = _examples(parse([a.text for a in articles]), [_polnear_gold(a) for a in articles], lexicon, "polnear")
    for path in args.gold:
        records = read_gold(path)
        docs += _examples(parse([r.text for r in records]), [statement_gold(r) for r in records], lexicon,
                          path.stem, args.gold_weight)
    threshold = args.threshold if args.threshold is not None else load_model().threshold
    held = cross_validate(docs, args.folds, c=ATTRIBUTION_C, semantic=SemanticSpace.build(),
                          progress=lambda msg: print(msg, flush=True))
    counts = miss_causes(docs, held, threshold)
    print(f"threshold {threshold:.2f}")
    for corpus in sorted({c for c, _, _ in counts}):
        total = sum(n for (c, _, _), n in counts.items() if c == corpus)
        print(f"\n{corpus}: {total} gold contents")
        for cause in MISS_CAUSES:
            rules = Counter({r: n for (c, k, r), n in counts.items() if c == corpus and k == cause})
            n = sum(rules.values())
            top = ", ".join(f"{r} {k}" for r, k in rules.most_common(args.rules))
            print(f"  {cause:<24} {n:>6} {100 * n / total:5.1f} %   {top}")


if __name__ == "__main__":
    main()
