"""The verdict on a claim, from its aligned and its similar statements, with the reason.

Order of questions: did the claimed speaker say these words (verbatim, cut short, altered — a
claim joined from two statements is altered)? If not, did someone else (someone else said it)?
If the words are nowhere, did the speaker say the same thing in other words (paraphrase only)?
Otherwise: not found.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from quotegraph.check.align import FAITHFUL, Alignment, align
from quotegraph.check.normalise import Normalised, normalise
from quotegraph.check.result import Match, Role, Statement, Verdict

#: A statement is a near-verbatim source when it holds this share of the claim's words...
NEAR_COVERAGE = 0.6
#: ...with at least this many of them in one unbroken run (or the whole claim, if shorter).
MIN_RUN = 3
#: A faithful excerpt of at most this share of a statement's words is "cut short".
CUT_SHORT = 0.6
#: Two statements explain a joined claim when together they hold this share of its words.
SPLICE_COVERAGE = 0.9
#: Similarity taken off per share of the claim's words that a statement holds in order but only
#: in pieces shorter than MIN_RUN words, in the single-threshold rule (:meth:`ParaphraseModel.rule`):
#: a claim made of a statement's words shuffled in with other words scores high on embeddings
#: (bags of similar words) without saying the same thing.
SCRAMBLE = 0.4
#: The single-threshold rule's similarity from which a statement counts as a paraphrase (chosen
#: with SCRAMBLE on the train claims; shipped before :data:`FITTED_PARAPHRASE_MODEL`).
PARAPHRASE = 0.56
#: A claim that keeps enough of one statement's words in order to be "altered" but changes more
#: than this share of them (:func:`edited_share`) rewords it: when the paraphrase decision takes
#: that statement's speaker to have said the same thing, the verdict is "paraphrase only".
#: Chosen by ``quotegraph bench check`` on its train claims (1-3 word substitutions against
#: written paraphrases); ``math.inf`` never reads a claim as a rewording.
REWORDED = 0.3
#: Changes listed by name in a reason before "and N more".
_LISTED = 5
_TITLES = frozenset(
    [
        "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "president", "vice",
        "prime", "minister", "senator", "sen", "rep", "representative", "governor", "gov",
        "secretary", "chancellor", "general", "gen", "mayor", "judge", "the"
    ]
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")

#: What the paraphrase decision weighs, in order (see :func:`paraphrase_features`).
PARAPHRASE_FEATURES = ("cosine", "scrambled", "length_ratio", "names_kept", "token_match")
#: Tells how well the word pieces of a claim and a statement match in context (for instance
#: :meth:`~quotegraph.check.embed.Embedder.token_match`).
TokenMatch = Callable[[str, str], float]
#: Characters after which a capital starts a sentence, not a name.
_OPENERS = frozenset(".!?:;\"“‘'(…")


@dataclass(frozen=True, slots=True)
class ParaphraseModel:
    """A linear decision on :func:`paraphrase_features`: the most similar statement says the
    claim in other words when ``weights · features + bias >= 0`` (a logistic model's log-odds).

    Attributes:
        weights: one weight per name of :data:`PARAPHRASE_FEATURES`.
        bias: the constant term.
    """

    weights: tuple[float, ...]
    bias: float

    def __post_init__(self) -> None:
        if len(self.weights) != len(PARAPHRASE_FEATURES):
            raise ValueError(f"{len(self.weights)} weights for {len(PARAPHRASE_FEATURES)} features")

    def score(self, features: Sequence[float]) -> float:
        """The log-odds that the statement is a paraphrase (>= 0: it is)."""
        return math.fsum(w * x for w, x in zip(self.weights, features, strict=True)) + self.bias

    def accepts(self, features: Sequence[float]) -> bool:
        """Whether the statement with these features is a paraphrase of the claim."""
        return self.score(features) >= 0.0

    @classmethod
    def rule(cls, paraphrase: float = PARAPHRASE, scramble: float = SCRAMBLE) -> ParaphraseModel:
        """The single-threshold rule as a model: similarity less ``scramble`` times the
        scrambled share reaches ``paraphrase`` (``paraphrase=-inf``-like values accept all)."""
        return cls((1.0, -scramble, 0.0, 0.0, 0.0), -paraphrase)

    def to_dict(self) -> dict[str, float]:
        """JSON-ready form: a weight per feature name, and ``bias``."""
        return {**dict(zip(PARAPHRASE_FEATURES, self.weights, strict=True)), "bias": self.bias}


#: A logistic regression (classes weighted equally, ``C`` = 3) fitted by ``quotegraph bench check``
#: on its train claims (paraphrases against claims never said; 401 written paraphrases of train
#: statements since the third batch). With the token match it beat the single-threshold rule and
#: the same fit without the token match in 5-fold cross-validation on those claims. It leans on the
#: token match most: a claim must find its parts in the statement (the cosine, which tells much the
#: same, then weighs slightly against). 5-fold CV with the rewording share chosen per fold:
#: paraphrase 93.0 %, never said 94.0 %, substitutions 98.0 %.
FITTED_PARAPHRASE_MODEL = ParaphraseModel((-2.5375, -14.0992, -0.7209, 1.1667, 28.8237), -12.4821)
#: The shipped paraphrase decision: the fitted model. ``ParaphraseModel.rule()`` gives the
#: single-threshold rule shipped before it.
PARAPHRASE_MODEL = FITTED_PARAPHRASE_MODEL


@dataclass(frozen=True, slots=True)
class Aligned:
    """A statement found by its words, aligned with the claim."""

    statement: Statement
    alignment: Alignment


@dataclass(frozen=True, slots=True)
class Similar:
    """A statement found by its meaning, with the cosine similarity of the embeddings."""

    statement: Statement
    cosine: float


@dataclass(frozen=True, slots=True)
class Judgement:
    """A verdict, its reason, and the matches it rests on (in claim order for a join)."""

    verdict: Verdict
    reason: str
    evidence: tuple[Match, ...]
    #: for "altered" from one statement: the share of the claim's words changed (edited_share)
    edited: float | None = None


@lru_cache(maxsize=65536)
def _name_words(name: str) -> frozenset[str]:
    words = {w.removesuffix("'s") for w in normalise(name).norms}
    return frozenset(words - _TITLES)


def same_speaker(claimed: str, attested: str | None) -> bool:
    """Whether a claimed speaker's name can denote the attested speaker.

    Titles are ignored and either name may be the shorter ("Putin", "President Vladimir
    Putin"). A store with resolved speaker ids can pass its own test to the checker instead.

    Args:
        claimed: the name the claim gives.
        attested: the statement's speaker.

    Returns:
        True when the words of one name (without titles) are all in the other.
    """
    if not attested:
        return False
    a, b = _name_words(claimed), _name_words(attested)
    return bool(a and b) and (a <= b or b <= a)


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) of ``text`` overlapping ``text[start:end]``.

    Args:
        text: a statement.
        start: start offset of the part of interest.
        end: end offset of the part of interest.

    Returns:
        ``(start, end)`` offsets of the enclosing sentence(s), whitespace excluded.
    """
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    s = max(b for b in bounds if b <= start)
    e = min((b for b in bounds if b >= end and b > s), default=len(text))
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _solid_region(al: Alignment) -> tuple[int, int]:
    """Statement span from the first to the last unbroken run of matching words."""
    runs = [(op.statement_start, op.statement_end) for op, (a, b, _, _) in
            zip(al.ops, al.spans, strict=True) if op.op == "equal" and b - a >= MIN_RUN]
    return (runs[0][0], runs[-1][1]) if runs else al.region_chars


def words_match(item: Aligned, role: Role) -> Match:
    """A match found by its words, with its diff.

    For one of two joined statements (``role="part"``) the region is the part taken from it.
    """
    al, st = item.alignment, item.statement
    region = _solid_region(al) if role == "part" else al.region_chars
    return Match(
        statement_id=st.id, speaker=st.speaker, said_on=st.said_on, text=st.text,
        method="words", role=role, score=al.coverage, region=region,
        sentence=sentence_span(st.text, *region), diff=al.ops, article=st.article,
        articles=st.articles, speaker_id=st.speaker_id,
    )


def meaning_match(item: Similar, role: Role) -> Match:
    """A match found by its meaning (no diff)."""
    st = item.statement
    return Match(
        statement_id=st.id, speaker=st.speaker, said_on=st.said_on, text=st.text,
        method="meaning", role=role, score=item.cosine, region=(0, 0),
        sentence=(0, len(st.text)), article=st.article, articles=st.articles,
        speaker_id=st.speaker_id,
    )


def rank_key(item: Aligned) -> tuple:
    """Best source first: most words, fewest changes, most of the statement, earliest."""
    al, st = item.alignment, item.statement
    quoted = al.matched / al.statement_words if al.statement_words else 0.0
    return (-al.coverage, len(al.changes), -quoted, st.said_on is None, st.said_on, st.id)


def _near(al: Alignment) -> bool:
    return al.coverage >= NEAR_COVERAGE and al.longest_run >= min(MIN_RUN, al.claim_words)


def _who(st: Statement | Match) -> str:
    """Who said it and when ("Ann Lee on 2024-03-01"), of a statement or a match of one."""
    when = f" on {st.said_on.isoformat()}" if st.said_on else ""
    return f"{st.speaker or 'an unknown speaker'}{when}"


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _part(item: Aligned) -> str:
    start, end = _solid_region(item.alignment)
    return _quoted(item.statement.text[start:end])


def describe_changes(al: Alignment) -> str:
    """The changes of an alignment in words: "“lose” for “win”; added “frankly”"."""
    parts = []
    for op in al.changes:
        if op.op == "replace":
            parts.append(f"{_quoted(op.claim_text)} for {_quoted(op.statement_text)}")
        elif op.op == "insert":
            parts.append(f"added {_quoted(op.claim_text)}")
        else:
            parts.append(f"left out {_quoted(op.statement_text)} without an ellipsis")
    more = f"; and {len(parts) - _LISTED} more" if len(parts) > _LISTED else ""
    return "; ".join(parts[:_LISTED]) + more


def edited_share(al: Alignment) -> float:
    """Share of the claim's words that differ from the statement's: each change counts the
    larger of its sides (words put in or replaced in the claim; the statement's words left out
    without an ellipsis), over the claim's words."""
    changed = sum(max(b - a, d - c) for op, (a, b, c, d) in zip(al.ops, al.spans, strict=True)
                  if op.op not in FAITHFUL)
    return changed / al.claim_words if al.claim_words else 0.0


def _covered(al: Alignment, run: int = 1) -> set[int]:
    return {i for a, b in al.claim_ranges() if b - a >= run for i in range(a, b)}


def _longest(indices: set[int]) -> int:
    best = run = 0
    for i in sorted(indices):
        run = run + 1 if i - 1 in indices else 1
        best = max(best, run)
    return best


def _splice(claim: Normalised, pool: Sequence[Aligned]) -> tuple[Aligned, Aligned] | None:
    """Two statements that together hold the claim's words, each an unbroken part of it."""
    countable = {i for i, t in enumerate(claim.tokens) if not t.editorial}
    if not pool or not countable:
        return None
    first = pool[0]
    # Only unbroken runs count as taken from a statement: a stray shared "the" does not.
    have = _covered(first.alignment, MIN_RUN) & countable
    if len(have) >= SPLICE_COVERAGE * len(countable) or _longest(have) < MIN_RUN:
        return None
    best: tuple[int, Aligned] | None = None
    for other in pool[1:]:
        if other.statement.id == first.statement.id:
            continue
        gain = (_covered(other.alignment, MIN_RUN) & countable) - have
        if _longest(gain) >= MIN_RUN and (best is None or len(gain) > best[0]):
            best = (len(gain), other)
    if best is None or len(have) + best[0] < SPLICE_COVERAGE * len(countable):
        return None
    second = best[1]
    # In claim order, so the reason reads "first …, then …".
    if min(_covered(second.alignment, MIN_RUN)) < min(have):
        first, second = second, first
    return first, second


def judge_words(claim: Normalised, pool: Sequence[Aligned]) -> Judgement | None:
    """The verdict from statements found by their words, or None when none is close enough.

    Args:
        claim: the normalised claim.
        pool: aligned candidate statements (any order).

    Returns:
        verbatim, cut_short or altered with its evidence; None when no statement (or pair of
        statements) holds the claim's words.
    """
    ranked = sorted(pool, key=rank_key)
    if not ranked:
        return None
    pair = _splice(claim, ranked)
    if pair:
        a, b = pair
        reason = (
            f"The claim joins words from two statements: {_part(a)} ({_who(a.statement)}) "
            f"and {_part(b)} ({_who(b.statement)})."
        )
        return Judgement("altered", reason, (words_match(a, "part"), words_match(b, "part")))
    top = ranked[0]
    al, st = top.alignment, top.statement
    if not _near(al):
        return None
    evidence = (words_match(top, "evidence"),)
    if al.changes:
        reason = f"The words differ from what {_who(st)} said: {describe_changes(al)}."
        return Judgement("altered", reason, evidence, edited_share(al))
    notes = []
    if any(op.op == "elided" for op in al.ops):
        notes.append(" where the claim marks an ellipsis, words were left out")
    if any(op.op == "editorial" for op in al.ops):
        notes.append(" bracketed words are an editor's")
    note = (";" + ";".join(notes)) if notes else ""
    if al.matched <= CUT_SHORT * al.statement_words:
        reason = (
            f"The claim is {al.matched} of the {al.statement_words} words of a longer statement "
            f"by {_who(st)}{note}; read the whole statement for its context."
        )
        return Judgement("cut_short", reason, evidence)
    whole = "word for word" if al.matched == al.statement_words else (
        f"{al.matched} of its {al.statement_words} words, word for word"
    )
    reason = (
        f"{_who(st)[0].upper()}{_who(st)[1:]} said these words ({whole}, punctuation, case and "
        f"spelling variants aside){note}."
    )
    return Judgement("verbatim", reason, evidence)


def judge(
    claim: Normalised,
    aligned: Sequence[Aligned],
    similar: Sequence[Similar],
    speaker: str | None = None,
    *,
    speaker_match: Callable[[str, str | None], bool] = same_speaker,
    model: ParaphraseModel = PARAPHRASE_MODEL,
    token_match: TokenMatch | None = None,
    reworded: float = REWORDED,
) -> Judgement | None:
    """The verdict on a claim, given its candidate statements.

    Args:
        claim: the normalised claim.
        aligned: statements found by their words, aligned with the claim.
        similar: statements found by their meaning.
        speaker: the claimed speaker, if the claim names one.
        speaker_match: tells whether a claimed name denotes a statement's speaker.
        model: decides whether the most similar statement is a paraphrase.
        token_match: scores the word pieces of the claim and that statement (see
            :func:`paraphrase_features`).
        reworded: an "altered" claim that changes more than this share of the statement's words
            is "paraphrase only" when ``model`` accepts the speaker's most similar statement
            (:data:`REWORDED`).

    Returns:
        The verdict with its reason and evidence; None means not found (the caller knows how
        much was searched, so it words that reason).
    """
    def paraphrased(own_similar: Sequence[Similar]) -> Judgement | None:
        best = best_paraphrase(claim, own_similar, model=model, token_match=token_match)
        return _paraphrase_judgement(best) if best is not None else None

    def settled(verdict: Judgement, own_similar: Sequence[Similar]) -> Judgement:
        # Many words changed and the same meaning: a rewording, not a misquote.
        if verdict.edited is not None and verdict.edited > reworded:
            return _reworded(verdict, paraphrased(own_similar))
        return verdict

    if speaker is None:
        verdict = judge_words(claim, aligned)
        if verdict:
            return settled(verdict, similar)
        return paraphrased(similar)
    own_similar = [s for s in similar if speaker_match(speaker, s.statement.speaker)]
    own = [a for a in aligned if speaker_match(speaker, a.statement.speaker)]
    verdict = judge_words(claim, own)
    if verdict and (verdict.verdict != "altered" or len(verdict.evidence) == 2):
        return verdict
    # The speaker's words joined to someone else's explain the claim better than the
    # speaker's part alone read as "altered".
    spliced = judge_words(claim, aligned)
    if spliced and len(spliced.evidence) == 2 and any(
        speaker_match(speaker, m.speaker) for m in spliced.evidence
    ):
        return spliced
    if verdict:
        return settled(verdict, own_similar)
    others = [a for a in aligned if not speaker_match(speaker, a.statement.speaker)]
    elsewhere = judge_words(claim, others)
    if elsewhere:
        said_by = sorted({m.speaker or "an unknown speaker" for m in elsewhere.evidence})
        how = {"verbatim": "word for word", "cut_short": "as part of a longer statement",
               "altered": "with changes"}[elsewhere.verdict]
        reason = (
            f"These words were said by {' and '.join(said_by)}, not {speaker} ({how}). "
            f"{elsewhere.reason}"
        )
        return Judgement("someone_else", reason, elsewhere.evidence)
    return paraphrased(own_similar)


def _paraphrase_judgement(best: Similar) -> Judgement:
    reason = (
        f"No statement carries these words, but {_who(best.statement)} said the same in "
        f"other words (similarity {best.cosine:.2f})."
    )
    return Judgement("paraphrase", reason, (meaning_match(best, "evidence"),))


def _reworded(altered: Judgement, paraphrase: Judgement | None) -> Judgement:
    """An "altered" verdict that changes many words, read again: "paraphrase only" when the
    paraphrase decision accepts a statement (with the diff when it is the same statement)."""
    if paraphrase is None:
        return altered
    words, meaning = altered.evidence[0], paraphrase.evidence[0]
    share = round(100 * (altered.edited or 0.0))
    if words.statement_id != meaning.statement_id:
        # the words come closest to one statement, the meaning to another
        reason = (
            f"No statement carries these words as they stand (the closest, by "
            f"{_who(words)}, differs in about {share} % of them), but "
            f"{_who(meaning)} said the same in other words (similarity {meaning.score:.2f})."
        )
        return Judgement("paraphrase", reason, paraphrase.evidence)
    reason = (
        f"The claim rewords what {_who(words)} said: about {share} % of its words differ "
        f"(similarity {meaning.score:.2f}), and the meaning is the same."
    )
    evidence = replace(meaning, region=words.region, sentence=words.sentence, diff=words.diff)
    return Judgement("paraphrase", reason, (evidence,))


def scrambled(claim: Normalised, statement: str | Normalised) -> float:
    """Share of the claim's words that ``statement`` holds in order but only in pieces shorter
    than :data:`MIN_RUN` words (0 when some run is that long or nothing is shared)."""
    if isinstance(statement, str):
        statement = normalise(statement)
    al = align(claim, statement)
    return al.coverage if al.longest_run < MIN_RUN else 0.0


def _names(text: Normalised) -> list[str]:
    """Norms of the words written with a capital or a digit that do not open a sentence: names
    and numbers (a crude but cheap test; "I", "I'm" and titles such as "Governor" aside: they
    name nobody in particular)."""
    out = []
    for n, tok in enumerate(text.tokens):
        first = text.text[tok.start]
        if not (first.isupper() or first.isdigit()) or tok.norm == "i" or tok.norm.startswith("i'") \
                or tok.norm in _TITLES:
            continue
        i = tok.start - 1
        while i >= 0 and text.text[i].isspace():
            i -= 1
        if n and i >= 0 and text.text[i] not in _OPENERS:
            out.append(tok.norm)
    return out


def _stem(word: str) -> str:
    # Five letters tell "Clinton's" from "Cruz" and keep "Iranian"/"Iran" apart only a little:
    # enough for a test of whether the same people and numbers are named.
    return word[:5]


def paraphrase_features(claim: Normalised, statement: Normalised, cosine: float,
                        token_match: float | None = None) -> tuple[float, ...]:
    """What the paraphrase decision weighs (:data:`PARAPHRASE_FEATURES`).

    Args:
        claim: the normalised claim.
        statement: the normalised statement most similar in meaning.
        cosine: the similarity of their embeddings.
        token_match: how well their word pieces match in context
            (:func:`~quotegraph.check.embed.token_match`); without it the cosine stands in.

    Returns:
        ``cosine``; ``scrambled``: the claim's share of the statement's words held only in
        broken pieces (:func:`scrambled`); ``length_ratio``: log of the claim's words over the
        statement's (a one-word statement is "similar" to many long claims); ``names_kept``:
        share of the claim's names and numbers the statement also has (1 when it names none);
        ``token_match``.
    """
    ratio = math.log((len(claim.tokens) + 1) / (len(statement.tokens) + 1))
    names = _names(claim)
    have = {_stem(w) for w in statement.norms}
    kept = sum(_stem(w) in have for w in names) / len(names) if names else 1.0
    matched = cosine if token_match is None else token_match
    return (cosine, scrambled(claim, statement), ratio, kept, matched)


def _most_similar(similar: Sequence[Similar]) -> Similar:
    # Ties go to the earliest statement.
    return min(similar, key=lambda s: (-s.cosine, s.statement.said_on is None, s.statement.said_on,
                                       s.statement.id))


def paraphrase_candidate(
    claim: Normalised, similar: Sequence[Similar], *, token_match: TokenMatch | None = None,
) -> tuple[Similar, tuple[float, ...]] | None:
    """The statement a "paraphrase only" verdict would rest on, with what the decision weighs.

    Args:
        claim: the normalised claim.
        similar: the statements that may carry the claim's meaning (the claimed speaker's).
        token_match: scores the claim's and the statement's word pieces; without it the
            cosine stands in for that feature.

    Returns:
        The most similar statement (ties: the earliest) and its :func:`paraphrase_features`;
        ``None`` when ``similar`` is empty.
    """
    if not similar:
        return None
    best = _most_similar(similar)
    matched = token_match(claim.text, best.statement.text) if token_match is not None else None
    return best, paraphrase_features(claim, normalise(best.statement.text), best.cosine, matched)


def best_paraphrase(
    claim: Normalised, similar: Sequence[Similar], *, model: ParaphraseModel = PARAPHRASE_MODEL,
    token_match: TokenMatch | None = None,
) -> Similar | None:
    """The statement that says the claim in other words: the most similar one (ties: the
    earliest), when ``model`` accepts its :func:`paraphrase_features`; else ``None``."""
    # A model that does not weigh the token match is spared computing it (a forward pass).
    needed = token_match if model.weights[PARAPHRASE_FEATURES.index("token_match")] else None
    found = paraphrase_candidate(claim, similar, token_match=needed)
    return found[0] if found is not None and model.accepts(found[1]) else None
