#!/usr/bin/env python3
"""Write long invented articles for timing the pipeline on article length (issue #19).

Two kinds of input, written outside the repository (default ``/tmp/long``):

* ``statements_<N>.txt``: one paragraph of N short reported statements with invented names,
  speech cues, pronouns and dates ("Maria Kessler said the plan would fail. He told reporters
  on Monday that ..."). N = 20,000 gives about 780 KB.
* ``examples_<k>x.txt``: the ``examples/`` articles (plain text only) concatenated k times,
  separated by blank lines.

The statements are generated from a fixed seed, so the same N always gives the same text.

    scripts/make_long_inputs.py                          # default sizes into /tmp/long
    scripts/make_long_inputs.py --out /tmp/long -n 500 1000 2000 4000 20000 --repeat 1 4 16 64
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIRST = ["Maria", "Tomas", "Ines", "Oskar", "Leila", "Jonas", "Petra", "Yuki", "Nadia", "Ilse"]
LAST = ["Kessler", "Varga", "Okafor", "Holm", "Dubois", "Haddad", "Novak", "Takeda", "Rusu"]
ROLES = ["the minister", "a spokesman", "the union leader", "the mayor", "an official"]
CUES = ["said", "told us", "argued", "warned", "claimed", "added"]
# Mostly no date, so that N = 20,000 stays near the 780 KB.
DATES = ["on Monday", "on May 3", "yesterday", "", "", "", "", ""]
CLAIMS = [
    "the plan would fail",
    "the tax was too low",
    "talks would resume",
    "the rules were unfair",
    "prices would rise",
    "the vote was rigged",
    "pay must go up",
    "the bridge is unsafe",
    "nobody was asked",
]
PRONOUNS = ["He", "She", "They"]


def statements(n: int, seed: int = 19) -> str:
    """One paragraph of ``n`` invented reported statements, deterministic for a given seed."""
    rng = random.Random(seed)
    sentences: list[str] = []
    for i in range(n):
        claim = rng.choice(CLAIMS)
        cue = rng.choice(CUES)
        when = rng.choice(DATES)
        when = f" {when}" if when else ""
        kind = i % 5
        if kind in (0, 3):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            sentences.append(f"{name} {cue}{when} {claim}.")
        elif kind == 1:
            sentences.append(f"{rng.choice(PRONOUNS)} {cue}{when} that {claim}.")
        elif kind == 2:
            role = rng.choice(ROLES)
            sentences.append(f"{role[0].upper()}{role[1:]} {cue}{when} {claim}.")
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            sentences.append(f"\u201c{claim[0].upper()}{claim[1:]},\u201d {name} said{when}.")
    return " ".join(sentences) + "\n"


def examples_text(examples: Path) -> str:
    """The plain-text ``examples/`` articles joined by blank lines, in name order."""
    texts = [p.read_text(encoding="utf-8").strip() for p in sorted(examples.glob("*.txt"))]
    return "\n\n".join(texts) + "\n"


def main() -> None:
    """Write the files named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/long"))
    parser.add_argument("-n", type=int, nargs="*", default=[500, 1000, 2000, 4000, 20000])
    parser.add_argument("--repeat", type=int, nargs="*", default=[1, 4, 16, 64])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for n in args.n:
        path = args.out / f"statements_{n}.txt"
        path.write_text(statements(n), encoding="utf-8")
        print(f"{path}\t{path.stat().st_size} bytes")
    base = examples_text(ROOT / "examples")
    for k in args.repeat:
        path = args.out / f"examples_{k}x.txt"
        path.write_text("\n".join([base] * k), encoding="utf-8")
        print(f"{path}\t{path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
