"""What the attribution model sees of a candidate: a bag of string features from the parse.

Features describe the cue (lemma, tag, dependency, negation, modality, how often the corpus
uses the lemma as a cue), the source (pronoun, named entity type, speaker noun, none), the
content (grammatical role, head noun, length, clause or phrase, quotation marks, sentence
bounds), the preposition a cue runs on to ("called for") and the rule that proposed it. They
are plain strings so that a model is a table of weights.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from quotegraph.attribution import cues
from quotegraph.attribution.candidates import Candidate, QuoteIndex
from quotegraph.attribution.lexicon import CueLexicon, load_lexicon
from quotegraph.attribution.parse import token_at
from quotegraph.nlp import doc_text
from quotegraph.nlp.tokens import token_table

_LENGTH_BINS = (1, 2, 3, 5, 8, 12, 20, 35, 60)
_PROBABILITY_BINS = (0.0, 0.01, 0.03, 0.08, 0.15, 0.25, 0.4, 0.6, 0.8)
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "who", "this", "that"}
_FRAME_DEPS = {"ccomp", "xcomp", "dobj", "dative", "nsubjpass", "agent", "prep", "oprd", "advcl"}
_CLAUSE_DEPS = {"nsubj", "nsubjpass", "expl"}
_MODALS = {"would", "could", "might", "may", "will", "should", "can", "must"}


def _bin(value: float, bins: tuple[float, ...]) -> int:
    n = 0
    for i, edge in enumerate(bins):
        if value >= edge:
            n = i
    return n


def _source_kind(doc: Doc, source: tuple[int, int] | None) -> tuple[str, str]:
    if source is None:
        return "none", "none"
    span = doc.char_span(source[0], source[1], alignment_mode="expand")
    if span is None or not len(span):
        return "odd", "odd"
    head = span.root
    lower = head.lower_
    if head.pos_ == "PRON" or lower in _PRONOUNS:
        return f"pron:{lower}", "pron"
    if head.ent_type_:
        return f"ent:{head.ent_type_}", "ent"
    if head.pos_ == "PROPN":
        return "propn", "propn"
    lemma = head.lemma_.lower()
    if lemma in cues.SPEAKER_NOUNS:
        return f"noun:{lemma}", "speaker-noun"
    return f"noun:{lemma}", "noun"


@dataclass(frozen=True, slots=True)
class CueToken:
    """What the features read of a cue token (many candidates share one cue)."""

    lemma: str  # lower-cased
    spacy_lemma: str  # as spaCy has it: the lexicon keys it itself
    pos: str
    tag: str
    dep: str
    hand: str  # the hand-written list its lemma is on
    frame_deps: tuple[str, ...]  # its children's dependencies among _FRAME_DEPS, sorted
    negated: bool
    modal: bool
    conditional: bool
    opening: str | None  # :func:`_opening` for a cue in the first sentence
    end: int  # the character after it


class DocView:
    """Per-token arrays of a parsed document, built once so that scoring many candidates does
    not create spaCy token objects over and over.

    Besides the token columns it keeps running counts (``counts[k][i]``: tokens before ``i``
    of kind ``k``), so that what a candidate's content holds — words, verbs, subjects, relative
    clauses — is two look-ups per piece instead of a pass over its tokens.
    """

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        self.doc = doc
        self.text = doc_text(doc)
        self._cues: dict[int, CueToken] = {}
        self._sources: dict[tuple[int, int] | None, tuple[str, str]] = {}
        self._bins_of: CueLexicon | None = None  # the lexicon the bins are of
        self._bins: dict[int, int] = {}
        table = token_table(doc)
        self.idx, self.ends, self.head, self.dep = table.idx, table.ends, table.head, table.dep
        self.pos, self.lower = table.pos, table.lower
        self.word = [not (p or s) for p, s in zip(table.is_punct, table.is_space, strict=True)]
        # the first word at or after each token (n: none), for a content's first word
        self.next_word = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            self.next_word[i] = i if self.word[i] else self.next_word[i + 1]
        self.counts = {
            "word": _running(self.word),
            "subject": _running([d in _CLAUSE_DEPS for d in self.dep]),
            "relcl": _running([d == "relcl" for d in self.dep]),
            "verb": _running([p in ("VERB", "AUX") for p in self.pos]),
        }
        self.sent_start = [0] * n
        self.sent_end = [0] * n
        for sent in doc.sents:
            start, end = sent.start, sent.end
            self.sent_start[start:end] = [start] * (end - start)
            self.sent_end[start:end] = [end] * (end - start)

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """First and last token (inclusive) that the characters ``start``..``end`` touch."""
        lo = bisect.bisect_right(self.idx, start) - 1
        if lo < 0 or self.ends[lo] <= start:
            lo += 1
        hi = bisect.bisect_left(self.idx, end) - 1
        return (lo, hi) if 0 <= lo <= hi < len(self.idx) else None

    def count(self, kind: str, ranges: list[tuple[int, int]]) -> int:
        """Tokens of ``kind`` (a key of :attr:`counts`) in the inclusive token ``ranges``, a
        token counted once per range that holds it."""
        run = self.counts[kind]
        return sum(run[hi + 1] - run[lo] for lo, hi in ranges)

    def cue(self, i: int) -> CueToken:
        """The :class:`CueToken` of token ``i``, read once."""
        found = self._cues.get(i)
        if found is None:
            found = self._cues[i] = _cue_token(self, i)
        return found

    def cue_bin(self, i: int, lexicon: CueLexicon | None) -> int:
        """The bin of how likely ``lexicon`` (default: the shipped one) finds token ``i``'s lemma
        a cue, once per token and lexicon."""
        lexicon = lexicon or load_lexicon()
        if lexicon is not self._bins_of:
            self._bins_of, self._bins = lexicon, {}
        found = self._bins.get(i)
        if found is None:
            cue = self.cue(i)
            found = self._bins[i] = _bin(lexicon.probability(cue.spacy_lemma, cue.pos), _PROBABILITY_BINS)
        return found

    def source_kind(self, source: tuple[int, int] | None) -> tuple[str, str]:
        """:func:`_source_kind` of a source span, once per span."""
        found = self._sources.get(source)
        if found is None:
            found = self._sources[source] = _source_kind(self.doc, source)
        return found


def _running(flags: list[bool]) -> list[int]:
    """``out[i]``: how many of ``flags[:i]`` are true (``len(flags) + 1`` counts)."""
    return [0, *itertools.accumulate(map(int, flags))]


def _cue_token(view: DocView, i: int) -> CueToken:
    """What the features read of token ``i``, from the token table (no token objects but for
    a cue in the first sentence)."""
    table = token_table(view.doc)
    spacy_lemma = table.lemma[i]
    lemma = spacy_lemma.lower()
    hand = ("speech" if lemma in cues.SPEECH else "belief" if lemma in cues.BELIEF
            else "naming" if lemma in cues.NAMING else "other")
    children = table.children[i]
    deps, lowers = table.dep, table.lower
    return CueToken(
        lemma=lemma, spacy_lemma=spacy_lemma, pos=table.pos[i], tag=table.tag[i], dep=deps[i], hand=hand,
        frame_deps=tuple(sorted({deps[c] for c in children} & _FRAME_DEPS)),
        negated=any(deps[c] == "neg" for c in children),
        modal=any(lowers[c] in _MODALS for c in children),
        conditional=any(deps[c] == "mark" and lowers[c] in ("if", "whether", "unless") for c in children),
        opening=_opening(view.text, view.doc[i]) if view.sent_start[i] == 0 else None,
        end=table.idx[i] + len(table.text[i]),
    )


@dataclass(frozen=True, slots=True)
class ScoredFeatures:
    """A candidate's features and what the model reads of them without searching the strings.

    Attributes:
        features: :func:`candidate_features`.
        lemma: the cue lemma (the first ``lemma=`` feature), ``None`` without a cue token.
        frame: :func:`frame_of` (the last ``frame=`` feature).
        cue_bin: the ``cueprob=`` bin, -1 without a cue token.
    """

    features: list[str]
    lemma: str | None
    frame: str
    cue_bin: int


def candidate_features(doc: Doc, cand: Candidate, quotes: QuoteIndex, view: DocView | None = None,
                       lexicon: CueLexicon | None = None) -> list[str]:
    """The features of one candidate (strings; the model's weights are keyed by them).

    ``view``: the document's :class:`DocView`, when scoring many candidates of one document;
    ``lexicon``: the cue lexicon the model was trained with (default: the shipped one).
    """
    return scored_features(doc, cand, quotes, view, lexicon).features


def scored_features(doc: Doc, cand: Candidate, quotes: QuoteIndex, view: DocView | None = None,
                    lexicon: CueLexicon | None = None) -> ScoredFeatures:
    """:func:`candidate_features` with the parts the model reads of them (see
    :class:`ScoredFeatures`); arguments as there."""
    view = view or DocView(doc)
    text = view.text
    rule = cand.rule
    family = rule.split("-")[0]
    if cand.cue_token is not None:
        cue_i: int | None = cand.cue_token
    else:
        at = token_at(doc, cand.cue[0])
        cue_i = at.i if at is not None else None
    cue_tok = view.cue(cue_i) if cue_i is not None else None
    feats = [f"rule={rule}", f"rule={rule}|conf={round(cand.confidence, 1)}"]
    lemma, prob = "", -1
    if cue_tok is not None:
        lemma, hand = cue_tok.lemma, cue_tok.hand
        prob = view.cue_bin(cue_i, lexicon)  # type: ignore[arg-type]
        feats += [
            f"lemma={lemma}", f"lemma={lemma}|rule={rule}", f"tag={cue_tok.tag}",
            f"dep={cue_tok.dep}", f"dep={cue_tok.dep}|rule={rule}", f"cueprob={prob}",
            f"cueprob={prob}|rule={rule}", f"hand={hand}", f"hand={hand}|rule={rule}",
            f"tag={cue_tok.tag}|rule={family}",
        ]
        for dep in cue_tok.frame_deps:
            feats.append(f"cue-has={dep}|rule={rule}")
        if cue_tok.negated:
            feats.append("cue-negated")
        if cue_tok.modal:
            feats.append("cue-modal")
        if cue_tok.conditional:
            feats.append("cue-conditional")
        if cue_tok.opening is not None:
            feats.append(cue_tok.opening)
    else:
        feats.append("no-cue-token")
    kind, coarse = view.source_kind(cand.source)
    feats += [f"src={kind}", f"srcc={coarse}|rule={rule}"]
    if cue_tok is not None:
        feats += [f"srcc={coarse}|hand={hand}", f"lemma={lemma}|srcc={coarse}", f"cueprob={prob}|srcc={coarse}"]
    ranges = [r for r in (view.token_range(a, b) for a, b in cand.content) if r is not None]
    n_words = view.count("word", ranges) if ranges else 0
    n = _bin(n_words, _LENGTH_BINS)
    feats += [f"len={n}", f"len={n}|rule={family}", f"pieces={min(len(cand.content), 3)}"]
    starts = clause = noun_root = False
    if n_words:
        lo, hi = ranges[0][0], ranges[-1][1]
        first_word = _first_word(view, ranges)
        first = view.lower[first_word]
        if first in ("that", "to", "whether", "if", "how", "why", "what"):
            feats.append(f"starts={first}")
            starts = True
        heads = view.head
        root = next((i for a, b in ranges for i in range(a, b + 1) if heads[i] == i or not lo <= heads[i] <= hi),
                    first_word)
        root_pos = view.pos[root]
        feats += [f"croot={root_pos}", f"croot={root_pos}|rule={rule}"]
        if cue_tok is not None:
            feats += [f"lemma={lemma}|croot={root_pos}", f"cueprob={prob}|croot={root_pos}|rule={rule}"]
        if root_pos in ("NOUN", "PROPN", "PRON"):
            noun_root = True
            # what is said to be said: "raised questions about", "expressed support for"
            chead = view.lower[root] if root_pos != "PROPN" else "<name>"
            feats += [f"chead={chead}", f"chead={chead}|family={family}"]
            if cue_tok is not None:
                feats.append(f"lemma={lemma}|chead={chead}")
        if view.count("subject", ranges):
            feats.append("clause")
            clause = True
        if view.count("verb", ranges):
            feats.append("has-verb")
        if view.sent_start[lo] != view.sent_start[hi]:
            feats.append("crosses-sentence")
        if hi + 1 >= view.sent_end[hi] - 1:
            feats.append("to-sentence-end")
        if view.count("relcl", ranges):
            feats.append("has-relcl")
    quoted = cand.quoted
    if quoted:
        feats.append("quoted")
    elif any(quotes.between(s - 1, e) for s, e in cand.content):
        feats.append("holds-quote")
        quoted = True
    if quotes.containing(cand.cue[0]) is not None:
        feats.append("cue-in-quote")
    feats.append("content-after" if cand.start > cand.cue[0] else "content-before")
    cue_prep = False
    if cue_tok is not None and cand.cue[1] > cue_tok.end:
        # a cue that runs on to its preposition: "called for", "warned of", "spoke about"
        last = text[cand.cue[0]:cand.cue[1]].rsplit(None, 1)[-1].lower()
        feats += [f"cue-prep={last}", f"lemma={lemma}|cue-prep={last}"]
        cue_prep = True
    if cand.addressee_hint is not None:
        feats.append("addressee")
    if text[cand.cue[0]:cand.cue[1]] == ":":
        feats.append("colon-cue")
    frame = _frame_of(cue_tok.pos if cue_tok is not None else None, quoted, clause or starts, noun_root, cue_prep)
    feats.append(f"{FRAME}{frame}")
    return ScoredFeatures(feats, lemma if cue_tok is not None else None, frame, prob)


def _first_word(view: DocView, ranges: list[tuple[int, int]]) -> int:
    """The first word token of the ranges, in their order (one must hold one)."""
    for lo, hi in ranges:
        word = view.next_word[lo]
        if word <= hi:
            return word
    raise ValueError("no word in the ranges")


FRAME = "frame="
LEMMA = "lemma="


def lemma_and_frame(features: list[str] | tuple[str, ...]) -> tuple[str | None, str | None]:
    """The cue lemma and the frame (:func:`frame_of`) named by a candidate's features."""
    # the first lemma and the last frame; candidate_features puts them near the front and last
    lemma = next((f[len(LEMMA):] for f in features if f.startswith(LEMMA)), None)
    frame = next((f[len(FRAME):] for f in reversed(features) if f.startswith(FRAME)), None)
    return lemma, frame


def frame_of(cue: Token | None, quoted: bool, feats: list[str]) -> str:
    """How the candidate's cue takes its content, coarsely: a verb with a quotation, a clause, a
    noun phrase, a preposition's object or something else ("V-quote", "V-clause", "V-np", "V-prep",
    "V-other"), a noun cue ("N"),
    or another cue ("O": "according to", a colon). The model's semantic weights
    (:attr:`quotegraph.attribution.model.AttributionModel.semantic`) are keyed by it: a verb of
    saying with a clause reports speech, the same verb with only a noun phrase often an act."""
    return _frame(cue.pos_ if cue is not None else None, quoted, feats)


def _frame(pos: str | None, quoted: bool, feats: list[str]) -> str:
    """:func:`frame_of` for a cue of part of speech ``pos`` (``None``: no cue token)."""
    return _frame_of(pos, quoted, "clause" in feats or any(f.startswith("starts=") for f in feats),
                     any(f in ("croot=NOUN", "croot=PROPN", "croot=PRON") for f in feats),
                     any(f.startswith("cue-prep=") for f in feats))


def _frame_of(pos: str | None, quoted: bool, clause: bool, noun_root: bool, cue_prep: bool) -> str:
    """:func:`frame_of` from what the features say: the content is a clause (or starts like one),
    its root is a noun or pronoun, the cue runs on to a preposition."""
    if pos is None or pos not in ("VERB", "AUX", "NOUN"):
        return "O"
    if pos == "NOUN":
        return "N"
    if quoted:
        return "V-quote"
    if clause:
        return "V-clause"
    if noun_root:
        # "called for talks", "warned of a crisis": the preposition says more than an object
        return "V-prep" if cue_prep else "V-np"
    return "V-other"


def _opening(text: str, cue: Token) -> str:
    """``headline`` for a cue in an article's first sentence when that sentence is a paragraph
    of its own with more text after it (a headline's conventions are its own: "X slams Y"),
    else ``first-sentence``."""
    end = cue.sent.end_char
    after = text[end:]
    body = after.lstrip()
    # the sentence's own trailing whitespace may hold the paragraph break
    gap = text[len(text[:end].rstrip()):end] + after[:len(after) - len(body)]
    return "headline" if body and "\n" in gap else "first-sentence"


_RATIO_BINS = (0.0, 0.25, 0.5, 0.75, 1.0)
CUEPROB = "cueprob="


def reading_features(candidates: list[Candidate], features: list[list[str]],
                     cue_bins: list[int] | None = None) -> list[list[str]]:
    """What each candidate is beside the other readings of its cue and the cues it holds.

    A cue usually has several readings (the rules' complement, its trimmed and widened forms),
    and which one annotators take depends on the others: whether it is the longest or the
    shortest of them and how much of the longest it keeps. A reading that runs over another
    likely cue often swallows a second statement ("said X and called on Y"), so the likeliest
    cue inside it (the ``cueprob`` bin of :func:`candidate_features`) is a feature too. These
    hold for any verb, so they carry to cues the training data never showed.

    Args:
        candidates: one document's candidates.
        features: their :func:`candidate_features`, in the same order.
        cue_bins: their ``cueprob`` bins (:attr:`ScoredFeatures.cue_bin`), when known: else
            read from ``features``.

    Returns:
        The extra features of each candidate, in the same order.
    """
    lengths = [sum(e - s for s, e in c.content) for c in candidates]
    groups: dict[tuple[int, int], list[int]] = {}
    for i, cand in enumerate(candidates):
        groups.setdefault(cand.cue, []).append(i)
    if cue_bins is None:
        cue_bins = [next((int(f[len(CUEPROB):]) for f in feats if f.startswith(CUEPROB) and "|" not in f), -1)
                    for feats in features]
    # each cue once, with the likeliest cue bin of its readings, sorted by start for bisect
    best_bins: dict[tuple[int, int], int] = {}
    for cand, bin_ in zip(candidates, cue_bins, strict=True):
        best_bins[cand.cue] = max(best_bins.get(cand.cue, -1), bin_)
    cue_starts = sorted(best_bins)
    # the longest and shortest reading of each cue
    extremes = {cue: (max(lengths[k] for k in group), min(lengths[k] for k in group)) for cue, group in groups.items()}
    out: list[list[str]] = []
    for i, cand in enumerate(candidates):
        family = cand.rule.split("-")[0]
        group = groups[cand.cue]
        longest, shortest = extremes[cand.cue]
        if len(group) == 1:
            place = "only"
        else:
            place = ("longest" if lengths[i] == longest else "shortest" if lengths[i] == shortest else "middle")
        feats = [f"reading={place}", f"reading={place}|rule={family}",
                 f"readings={min(len(group), 4)}"]
        if place != "only":
            share = _bin(lengths[i] / max(1, longest), _RATIO_BINS)
            feats.append(f"reading-share={share}")
        held = -1
        for s, e in cand.content:
            for cue in cue_starts[bisect.bisect_left(cue_starts, (s, -1)):bisect.bisect_left(cue_starts, (e, -1))]:
                if cue != cand.cue and cue[1] <= e:
                    held = max(held, best_bins[cue])
        feats.append(f"holds-cue={held if held >= 0 else 'none'}")
        feats.append(f"holds-cue={held if held >= 0 else 'none'}|rule={family}")
        out.append(feats)
    return out
