"""A cue lexicon learned from an attribution corpus.

Hand-written cue lists stop at "said, told, noted"; news uses hundreds of verbs and nouns as cues
("echoed", "blasted", "pledged", "polls show"). From a corpus with gold cue spans we learn, for
each (lemma, coarse part of speech), how often a token is a cue head out of all its occurrences.
Only lemmas and counts are kept — no text of the corpus — so the lexicon ships with the package.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc

LEXICON_FILE = "cue_lexicon.json"
LEARNED_CUE_THRESHOLD = 0.2  # P(cue | lemma) a lemma outside the hand-written cue lists needs
_POS = {"VERB": "V", "AUX": "V", "NOUN": "N", "ADP": "P", "ADJ": "A"}


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """How likely each (lemma, part of speech) is to head a cue."""

    cue_counts: dict[str, int]
    totals: dict[str, int]
    min_count: int = 2

    @staticmethod
    def key(lemma: str, pos: str) -> str:
        return f"{lemma.lower()}/{_POS.get(pos, 'O')}"

    def probability(self, lemma: str, pos: str) -> float:
        """P(cue | lemma, pos), with add-one smoothing; 0 for lemmas seen fewer than min_count times."""
        k = self.key(lemma, pos)
        cue = self.cue_counts.get(k, 0)
        if cue < self.min_count:
            return 0.0
        return cue / (self.totals.get(k, cue) + 1)

    def to_json(self) -> dict:
        return {"cue_counts": self.cue_counts, "totals": self.totals, "min_count": self.min_count}

    @classmethod
    def from_json(cls, data: dict) -> CueLexicon:
        return cls(dict(data["cue_counts"]), dict(data["totals"]), int(data.get("min_count", 2)))


def cue_head(doc: Doc, start: int, end: int) -> int | None:
    """The syntactic head token of a character span (the token whose head lies outside)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    for tok in span:
        if tok.pos_ in ("VERB", "AUX") and (tok.head.i < span.start or tok.head.i >= span.end or tok.head.i == tok.i):
            return tok.i
    verbs = [t for t in span if t.pos_ == "VERB"]
    return (verbs[-1] if verbs else span.root).i


def learn_cue_lexicon(docs_with_cues: Iterable[tuple[Doc, list[tuple[int, int]]]], min_count: int = 2) -> CueLexicon:
    """Count cue heads against all occurrences of the same lemma.

    Args:
        docs_with_cues: (parsed article, gold cue character spans) pairs; the articles parsed by
            ``quotegraph.nlp.load_pipeline()``.
        min_count: lemmas seen as cues fewer times than this are dropped.
    """
    cue_counts: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for doc, cue_spans in docs_with_cues:
        heads = {h for s, e in cue_spans if (h := cue_head(doc, s, e)) is not None}
        for tok in doc:
            if tok.pos_ not in _POS:
                continue
            k = CueLexicon.key(tok.lemma_, tok.pos_)
            totals[k] += 1
            if tok.i in heads:
                cue_counts[k] += 1
    kept = {k: c for k, c in cue_counts.items() if c >= min_count}
    return CueLexicon(kept, {k: totals[k] for k in kept}, min_count)


def save_lexicon(lexicon: CueLexicon, path: Path) -> None:
    path.write_text(json.dumps(lexicon.to_json(), indent=0, sort_keys=True), encoding="utf-8")


def load_lexicon(path: str | Path | None = None) -> CueLexicon:
    """Load a lexicon file (read once per process); by default the one shipped in the package.

    Args:
        path: a ``cue_lexicon.json`` written by ``quotegraph train polnear``.
    """
    return _read_lexicon(None if path is None else str(path))


@lru_cache(maxsize=8)
def _read_lexicon(location: str | None) -> CueLexicon:
    if location is None:
        data = resources.files("quotegraph.attribution").joinpath("data", LEXICON_FILE).read_text("utf-8")
    else:
        data = Path(location).read_text(encoding="utf-8")
    return CueLexicon.from_json(json.loads(data))


def lexicon_beside(model: str | Path) -> Path | None:
    """The ``cue_lexicon.json`` that came with a trained model (in its folder), if there is one.

    A model's features were learned with that lexicon, so it goes with the model.
    """
    if str(model) == "rules":
        return None
    location = Path(model)
    found = (location if location.is_dir() else location.parent) / LEXICON_FILE
    return found if found.is_file() else None
