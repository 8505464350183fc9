"""The trained attribution model: which candidates are attributions, and with which content.

A logistic model over :func:`quotegraph.attribution.features.candidate_features` (with
:func:`~quotegraph.attribution.features.reading_features`, which place a reading among its cue's
others) scores every candidate the rules and the broad generator propose. Per cue the
best-scoring reading wins; readings above the model's threshold become attributions, the likelier one first when two claim
the same content. The model is a JSON table of feature weights (no corpus text), shipped inside
the package and learned by ``quotegraph train polnear`` (:mod:`quotegraph.training.attribution`).

Why this model: the parse already finds the structure (subject, complement, object); what the
rules cannot know is which of the thousands of verbs and nouns news uses to attribute, and which
reading of a cue's complement the annotators take. A linear model over parse features learns
both from PolNeAR's 840 training articles in minutes, costs microseconds per candidate, and
keeps the rules' direct-quote handling as its strongest features.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import ClassVar

from spacy.tokens import Doc

from quotegraph.attribution.candidates import Candidate, QuoteIndex, reported_inside
from quotegraph.attribution.cues import SPEECH
from quotegraph.attribution.features import (
    DocView,
    ScoredFeatures,
    lemma_and_frame,
    reading_features,
    scored_features,
)
from quotegraph.attribution.lexicon import CueLexicon, lexicon_beside, load_lexicon
from quotegraph.errors import ModelError
from quotegraph.intervals import Ranges, SpanIndex
from quotegraph.nlp import doc_text

MODEL_FILE = "attribution_model.json"
SHIPPED_MODEL = Path(__file__).parent / "data" / MODEL_FILE
FORMAT = "quotegraph-attribution-model/1"
NESTED_CONFIDENCE = 0.6
#: The rules whose statements nest in a kept statement's words outside quotation marks: a clause
#: said by a speech verb, its speaker named in the outer words.
_NESTABLE_RULES = frozenset({"ccomp"})
_RELATIVE_SOURCES = frozenset({"who", "that", "which", "whom", "whose", "what"})
#: Verbs that plainly report speech, whose clause nests in another statement's words ("show",
#: "ask" or "question" there read too often as something else).
_NESTING_VERBS = SPEECH & frozenset({
    "say", "tell", "claim", "tweet", "write", "assure", "promise", "insist", "warn", "admit",
    "deny", "argue", "explain", "add", "announce", "pledge", "vow", "acknowledge", "report",
    "state", "declare", "testify", "allege", "confirm", "reply", "respond", "complain",
    "concede", "predict", "boast", "recall", "repeat", "stress", "contend", "maintain",
})


@dataclass
class AttributionModel:
    """Feature weights of a logistic model plus the decision threshold.

    Attributes:
        weights: feature string → weight; unknown features weigh nothing.
        bias: the intercept.
        threshold: the probability a reading needs to become an attribution.
        meta: how it was trained (corpus split, sizes, seed, regularisation), for the record.
        lexicon: the cue lexicon its features and the rules read (``None``: the shipped one).
        semantic: what the meaning of the cue's lemma adds, by how the cue takes its content
            (``features.frame_of``: frame → lemma → weight). Learned from the lemmas' MiniLM
            embeddings (``training.semantics``) and stored for every verb spaCy's lemmatizer
            knows, so that a verb the training data never showed is judged by verbs like it.
    """

    weights: dict[str, float]
    bias: float = 0.0
    threshold: float = 0.5
    meta: dict[str, object] = field(default_factory=dict)
    lexicon: CueLexicon | None = None
    semantic: dict[str, dict[str, float]] = field(default_factory=dict)
    rules_only: ClassVar[bool] = False  # True: keep the rules' candidates, score nothing

    @property
    def cue_lexicon(self) -> CueLexicon:
        """The lexicon in use: the model's own, else the shipped one."""
        return self.lexicon if self.lexicon is not None else load_lexicon()

    def probability(self, features: list[str]) -> float:
        """P(attribution | features)."""
        z = self.bias + sum(map(self.weights.get, features, repeat(0.0)))  # get(f, 0.0), in order
        if self.semantic:
            z += self.semantic_weight(features)
        return _logistic(z)

    def semantic_weight(self, features: list[str]) -> float:
        """The :attr:`semantic` weight of a candidate's cue lemma in its frame (0 when unknown)."""
        return self._semantic(*lemma_and_frame(features))

    def _semantic(self, lemma: str | None, frame: str | None) -> float:
        table = self.semantic.get(frame) if frame is not None else None
        return table.get(lemma, 0.0) if table is not None and lemma is not None else 0.0

    def _probabilities(self, scored: list[ScoredFeatures], extras: list[list[str]]) -> list[float]:
        """:meth:`probability` of each candidate's features and extras, equal to the last bit
        (the weights added in the same order), without searching the strings for the lemma
        and frame or joining the lists."""
        get, zero = self.weights.get, repeat(0.0)
        out = []
        for sf, extra in zip(scored, extras, strict=True):
            # float addition goes left to right: the features' sum, then the extras', as one sum
            z = self.bias + sum(map(get, extra, zero), sum(map(get, sf.features, zero)))
            if self.semantic:
                z += self._semantic(sf.lemma, sf.frame)
            out.append(_logistic(z))
        return out

    def choose(self, doc: Doc, quotes: QuoteIndex, candidates: list[Candidate]) -> list[Candidate]:
        """Score the candidates and keep the attributions (see :func:`pick`); kept candidates
        carry their probability as confidence."""
        view = DocView(doc)
        lexicon = self.cue_lexicon
        scored = [scored_features(doc, c, quotes, view, lexicon) for c in candidates]
        extras = reading_features(candidates, [s.features for s in scored], [s.cue_bin for s in scored])
        probs = self._probabilities(scored, extras)
        nestable = [_nestable(doc, c, quotes) for c in candidates]
        kept = pick(candidates, probs, self.threshold, quotes, nestable)
        kept_pieces = Ranges(piece for k in kept for piece in candidates[k].content)
        nested = _nested_in_words(candidates, kept, nestable)
        # three decimals, as the contract's JSON carries them: every path stores the same value
        for i in kept:
            cand = candidates[i]
            if _rule_quote(cand, quotes) or _quoted_in(cand, kept_pieces, quotes) or i in nested:
                cand.confidence = round(max(probs[i], cand.confidence), 3)
            else:
                cand.confidence = round(probs[i], 3)
        return [candidates[i] for i in kept]

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"format": FORMAT, "bias": self.bias, "threshold": self.threshold,
                                  "meta": self.meta, "weights": dict(sorted(self.weights.items()))}
        if self.semantic:
            out["semantic"] = {frame: dict(sorted(table.items())) for frame, table in sorted(self.semantic.items())}
        return out

    @classmethod
    def from_json(cls, data: dict) -> AttributionModel:
        if data.get("format") != FORMAT:
            raise ModelError(f"not a quotegraph attribution model (format {data.get('format')!r})")
        semantic = {str(frame): {str(k): float(v) for k, v in table.items()}
                    for frame, table in (data.get("semantic") or {}).items()}
        return cls(weights={str(k): float(v) for k, v in data["weights"].items()},
                   bias=float(data["bias"]), threshold=float(data["threshold"]),
                   meta=dict(data.get("meta") or {}), semantic=semantic)


def _logistic(z: float) -> float:
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


class _RulesOnly(AttributionModel):
    """Keeps every rule candidate, as the rules alone would (no trained model)."""

    rules_only: ClassVar[bool] = True

    def choose(self, doc: Doc, quotes: QuoteIndex, candidates: list[Candidate]) -> list[Candidate]:
        return [c for c in candidates if not c.rule.startswith("broad-")]


RULES_ONLY: AttributionModel = _RulesOnly(weights={})


def pick(candidates: list[Candidate], probs: list[float], threshold: float, quotes: QuoteIndex,
         nestable: Sequence[bool] | None = None) -> list[int]:
    """Indices of the candidates to keep: the likeliest reading of each cue, above ``threshold``,
    the rules' readings that hold a quotation first, then the likeliest, and none whose content
    overlaps one already kept (an article's words belong to one statement); a kept reading gives
    way to a shorter one of its cue where another likely statement starts inside it
    (:func:`_make_room_for_inner`). Then statements reported inside a kept quotation ("'Putin
    said: we will work with anyone,' Lavrov said"), which nest in it; and, where ``nestable``
    marks them (:func:`_nestable`), statements reported in a kept statement's words without
    quotation marks."""
    # the rules win on quotations: what they find with quotation marks is kept as they would
    ruled = [_rule_quote(c, quotes) for c in candidates]
    probs = [max(p, c.confidence, threshold) if r else p for p, c, r in zip(probs, candidates, ruled, strict=True)]
    best: dict[tuple[int, int], int] = {}
    for i, cand in enumerate(candidates):
        held = best.get(cand.cue)
        if held is None or (ruled[i], probs[i]) > (ruled[held], probs[held]):
            best[cand.cue] = i
    kept: list[int] = []
    taken: SpanIndex[int] = SpanIndex()  # the kept contents' pieces, to test overlaps nearby only
    # what the rules find with quotation marks is their surest find: it goes first
    # a transcript line that is a paragraph of a quotation goes before the statements it reports
    for i in sorted(best.values(), key=lambda i: (not ruled[i], not _transcript_quote(candidates[i]), -probs[i],
                                                  candidates[i].cue)):
        if probs[i] < threshold:
            continue
        cand = candidates[i]
        if _overlapping(cand.content, taken):
            continue
        kept.append(i)
        _index(taken, i, cand)
    kept = _make_room_for_inner(candidates, probs, threshold, ruled, kept)
    taken = SpanIndex()
    for k in kept:
        _index(taken, k, candidates[k])
    kept_set = set(kept)
    # statements reported inside a kept quotation: the corpus never marks them (it labels each
    # word once), so the model cannot learn them; the rules' own confidence decides
    for i, cand in enumerate(candidates):
        if i in kept_set or cand.rule.startswith("broad-") or cand.source is None \
                or cand.confidence < NESTED_CONFIDENCE:
            continue
        quote = quotes.containing(cand.cue[0])
        if quote is None or not _overlapping(quote.pieces, taken):
            continue  # not inside a kept statement's quotation
        # only a kept statement sharing words with it can clash
        if not any(_clash(cand, candidates[k], quotes) for k in sorted(_overlapping(cand.content, taken))):
            kept.append(i)
            kept_set.add(i)
            _index(taken, i, cand)
    # statements reported in a kept statement's words without quotation marks ("X said that Y
    # had assured her the budget would pass"): the same holds, for the rules' reading of a cue
    # that nothing kept reads
    kept_cues = {candidates[k].cue for k in kept}
    for i, cand in enumerate(candidates):
        if nestable is None or not nestable[i] or cand.cue in kept_cues or cand.source is None:
            continue
        near = _overlapping(cand.content, taken)
        outer = {k for k in near if reported_inside(cand.cue, cand.start, cand.end, candidates[k].content)
                 and candidates[k].start <= cand.source[0]}
        if outer and not any(_clash(cand, candidates[k], quotes) for k in sorted(near - outer)):
            kept.append(i)
            kept_cues.add(cand.cue)
            _index(taken, i, cand)
    return sorted(kept)


def _nestable(doc: Doc, cand: Candidate, quotes: QuoteIndex) -> bool:
    """Whether a candidate may nest in another statement's words outside quotation marks: the
    rules' clause of a speech verb ("had told her the budget would pass"), with a source that is
    no relative pronoun (a generic "people who say …"), and its cue not in a quotation (those
    nest by :func:`pick`'s first rule)."""
    if cand.rule not in _NESTABLE_RULES or cand.source is None or cand.confidence < NESTED_CONFIDENCE \
            or cand.cue_token is None or quotes.containing(cand.cue[0]) is not None:
        return False
    if doc[cand.cue_token].lemma_.lower() not in _NESTING_VERBS:
        return False
    return doc_text(doc)[cand.source[0]:cand.source[1]].lower() not in _RELATIVE_SOURCES


def _nested_in_words(candidates: list[Candidate], kept: list[int], nestable: Sequence[bool]) -> set[int]:
    """The kept, nestable statements reported in another kept statement's words: the model never
    learns them (the corpus marks the outer one only), so the rules' confidence stands for them
    as it does for statements inside a quotation."""
    return {i for i in kept if nestable[i] and any(
        k != i and reported_inside(candidates[i].cue, candidates[i].start, candidates[i].end,
                                   candidates[k].content) for k in kept)}


def _index(taken: SpanIndex[int], i: int, cand: Candidate) -> None:
    for s, e in cand.content:
        taken.add(s, e, i)


def _overlapping(pieces: Sequence[tuple[int, int]], taken: SpanIndex[int]) -> set[int]:
    """The indexed candidates with a piece sharing a character with one of ``pieces``."""
    return {k for s1, e1 in pieces for s2, e2, k in taken.near(s1, e1) if s1 < e2 and s2 < e1}


def _quoted_in(inner: Candidate, pieces: Ranges, quotes: QuoteIndex) -> bool:
    """:func:`quoted_inside` some candidate whose content pieces are ``pieces``."""
    quote = quotes.containing(inner.cue[0])
    return quote is not None and any(pieces.overlaps(ps, pe) for ps, pe in quote.pieces)


def _make_room_for_inner(candidates: list[Candidate], probs: list[float], threshold: float,
                         ruled: list[bool], kept: list[int]) -> list[int]:
    """Give way to a likely attribution whose cue lies inside a kept reading's content.

    The corpus labels each word once, so annotators end a content before another statement
    begins inside it ("video shows that he had his hands up, contradicting the police's claim
    that he had refused"). When the inner cue's best reading passes the threshold and the outer
    cue has another reading above it that leaves the inner one room, the outer cue takes that
    reading and the inner statement is kept too. Readings holding a quotation stay as they are.
    """
    by_cue: dict[tuple[int, int], list[int]] = {}
    for i, cand in enumerate(candidates):
        by_cue.setdefault(cand.cue, []).append(i)
    cues = list(by_cue)
    cue_starts = sorted((cue[0], n) for n, cue in enumerate(cues))  # to find the cues in a content
    kept_set = set(kept)
    kept_cues = {candidates[k].cue for k in kept}
    for a in kept:
        outer = candidates[a]
        if ruled[a] or a not in kept_set:
            continue
        within = sorted({n for s, e in outer.content
                         for _, n in cue_starts[bisect.bisect_left(cue_starts, (s, -1)):
                                                bisect.bisect_left(cue_starts, (e, -1))]})
        inner = [max(by_cue[cue], key=probs.__getitem__) for cue in (cues[n] for n in within)
                 if cue not in kept_cues]
        inner = [b for b in inner if probs[b] >= threshold]
        if not inner:
            continue
        b = max(inner, key=probs.__getitem__)
        others = [candidates[k] for k in kept_set if k != a]
        if any(_overlap(candidates[b], o) for o in others):
            continue
        room = [j for j in by_cue[outer.cue] if j != a and probs[j] >= threshold
                and not _overlap(candidates[j], candidates[b]) and not any(_overlap(candidates[j], o) for o in others)]
        if room:
            kept_set.remove(a)
            kept_set.update((max(room, key=probs.__getitem__), b))
            kept_cues.add(candidates[b].cue)
    return sorted(kept_set)


def _transcript_quote(cand: Candidate) -> bool:
    return cand.quoted and cand.rule == "transcript"


def _rule_quote(cand: Candidate, quotes: QuoteIndex) -> bool:
    """A rule's reading whose content is or holds a quotation."""
    return cand.quoted or (not cand.rule.startswith("broad-") and any(quotes.between(s - 1, e) for s, e in cand.content))


def _overlap(a: Candidate, b: Candidate) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a.content for s2, e2 in b.content)


def _clash(a: Candidate, b: Candidate, quotes: QuoteIndex) -> bool:
    return _overlap(a, b) and not (quoted_inside(a, b, quotes) or quoted_inside(b, a, quotes))


def quoted_inside(inner: Candidate, outer: Candidate, quotes: QuoteIndex) -> bool:
    """``inner``'s cue is in a quotation that is part of ``outer``'s content."""
    quote = quotes.containing(inner.cue[0])
    return quote is not None and any(
        ps < e and s < pe for ps, pe in quote.pieces for s, e in outer.content
    )


def save_model(model: AttributionModel, path: str | Path) -> Path:
    """Write ``model`` as JSON; a folder gets ``attribution_model.json`` inside it."""
    target = Path(path)
    if target.is_dir():
        target = target / MODEL_FILE
    target.write_text(json.dumps(model.to_json(), indent=0, sort_keys=False) + "\n", encoding="utf-8")
    return target


def load_model(path: str | Path | None = None, *, lexicon: str | Path | None = None,
               threshold: float | None = None) -> AttributionModel:
    """Load a model: ``path`` (a JSON file or a folder holding one), else the shipped one;
    ``"rules"`` gives the hand-written rules alone (:data:`RULES_ONLY`).

    Args:
        path: where the model is; ``None``: the shipped model.
        lexicon: a cue lexicon file to use instead of the one that came with the model (the
            ``cue_lexicon.json`` beside it, else the shipped lexicon).
        threshold: a decision threshold to use instead of the model's own.

    Raises:
        ModelError: the file is missing or is not a model.
    """
    model = _load(str(path) if path is not None else str(SHIPPED_MODEL))
    if lexicon is not None:
        model = replace(model, lexicon=_lexicon(lexicon))
    if threshold is not None:
        model = replace(model, threshold=float(threshold))
    return model


def _lexicon(path: str | Path) -> CueLexicon:
    try:
        return load_lexicon(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot read the cue lexicon {path}: {exc}") from exc


@lru_cache(maxsize=8)
def _load(location: str) -> AttributionModel:
    if location == "rules":
        return RULES_ONLY
    target = Path(location)
    if target.is_dir():
        target = target / MODEL_FILE
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no attribution model at {target} (train one with `quotegraph train polnear`)") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the attribution model {target}: {exc}") from exc
    model = AttributionModel.from_json(data)
    beside = lexicon_beside(target)
    return replace(model, lexicon=_lexicon(beside)) if beside is not None else model
