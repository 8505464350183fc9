"""The check set of ``quotegraph bench check``: claims made from a store's own statements, each
with the verdict a correct checker gives and the statements it must rest on.

Seven kinds of claim, all drawn with one seeded random generator from the statements in id order
(the same store gives the same set):

- ``verbatim`` — a statement as said, with surface changes only (quote marks, case of the first
  letter, final stop): expect **verbatim**;
- ``substitution`` — one to three words of a statement replaced by other words of the store:
  expect **altered**;
- ``truncation`` — an unbroken part of at most 60 % of a longer statement: expect **cut short**;
- ``splice`` — the start of one statement joined to the end of another: expect **altered**,
  resting on both;
- ``speaker_swap`` — a statement's words claimed for another speaker of the store (checked with
  that speaker): expect **someone else said it**;
- ``paraphrase`` — a statement said in other words, from a file of paraphrases written for the
  project (:data:`PARAPHRASES`): expect **paraphrase only** (checked with the speaker's name);
- ``never_said`` — a claim nobody made: either an invented sentence about a name of the store
  (``invented``), or words of two real statements recombined (``recombined``, never three of one
  statement's words in a row), or a written paraphrase claimed for another speaker of the store
  (``misattributed``: fluent and on the store's topics, but that speaker never said it; half as
  many as the others, on top of them): expect **not found**. A claim sharing any run of four
  words with a stored statement is thrown away, so that none of them is in fact attested.

Each case belongs to the split (``train`` or ``dev``) of the article its statement came from, so
thresholds can be tuned on train cases and reported on dev cases.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from quotegraph.check.normalise import normalise
from quotegraph.check.result import Statement, Verdict
from quotegraph.check.verdict import CUT_SHORT, same_speaker

#: The kinds of claim, in report order, with the verdict each must get.
KINDS: dict[str, Verdict] = {
    "verbatim": "verbatim",
    "substitution": "altered",
    "truncation": "cut_short",
    "splice": "altered",
    "speaker_swap": "someone_else",
    "paraphrase": "paraphrase",
    "never_said": "not_found",
}
#: The packaged paraphrases (JSONL: ``article``, ``start``, ``end``, ``paraphrase``): the
#: statement is known by its PolNeAR file name and character offsets; the paraphrase text was
#: written for this project (the statement itself is never stored here).
PARAPHRASES = "check_paraphrases.jsonl"
#: A never-said claim must not share a run of this many words with any stored statement.
ATTESTED_RUN = 4

_STOP = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it its "
    "this that these those he she they we you i me my our your their his her them us not no so do "
    "does did has have had will would can could should may might must there here what which who "
    "whom when where why how than then also just very all any some more most about into over".split()
)

# Invented claims: sentences written for this bench, each with a slot for a name of the store and
# one for a word of its statements. None of them is taken from a corpus.
_INVENTED = (
    "I have personally asked {name} to hand over every {word} by the end of the month.",
    "Within a hundred days {name} will be banned from having anything to do with {word}.",
    "My first act in office will be to give {name} control of the {word} budget.",
    "I never said a single word about {name}, and I never talked about {word} either.",
    "Believe me, {name} secretly paid for the whole {word} campaign out of a foreign account.",
    "We are going to build a brand new {word} museum and name it after {name}.",
    "Every single {word} in this country owes {name} an apology, every one.",
    "Nobody has done more for {word} than {name}, not even my own grandmother.",
    "I will ask Congress to make {name} the national director of {word} tomorrow morning.",
    "The truth is {name} invented the whole {word} problem to sell more books.",
    "If {name} wins, every {word} will have to register with the post office.",
    "We had lunch with {name} last Tuesday and agreed to double the {word} tax.",
    "There will be a statue of {name} in front of every {word} office by next spring.",
    "{name} told me privately that {word} was the best idea this administration ever had.",
    "I would trade all of my {word} for one afternoon of golf with {name}.",
    "Honestly, {name} should be running the {word} department instead of the whole party.",
    "The committee will fly {name} to the moon to settle the {word} question once and for all.",
    "Our polls show {name} losing every county where {word} is on the ballot.",
    "I am calling on {name} to apologise to the {word} voters of Alaska tonight.",
    "Let me be clear: {name} and I have never disagreed about {word}, not even once.",
)
_WORD = re.compile(r"[A-Za-z][a-z]{4,}")


@dataclass(frozen=True, slots=True)
class Case:
    """One claim of the check set.

    Attributes:
        kind: one of :data:`KINDS` (what was done to make the claim).
        claim: the claimed words.
        speaker: who the claim says said them (``None``: nobody named).
        expected: the verdict a correct checker gives.
        sources: ids of the statements the verdict must rest on (none for ``never_said``).
        split: ``train`` or ``dev``: the split of the source statement's article.
        detail: a sub-kind (``invented``/``recombined`` for ``never_said``).
    """

    kind: str
    claim: str
    speaker: str | None
    expected: Verdict
    sources: tuple[str, ...]
    split: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"kind": self.kind, "claim": self.claim, "speaker": self.speaker,
                "expected": self.expected, "sources": list(self.sources), "split": self.split,
                "detail": self.detail}


@dataclass(slots=True)
class Pool:
    """The statements a check set is drawn from, with the split of each and fast lookups."""

    statements: list[Statement]
    splits: dict[str, str]
    norms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    grams: set[tuple[str, ...]] = field(default_factory=set)
    joined: list[str] = field(default_factory=list)
    triples: set[tuple[str, ...]] = field(default_factory=set)

    def __post_init__(self) -> None:
        for st in self.statements:
            norms = normalise(st.text).norms
            self.norms[st.id] = norms
            self.joined.append(" " + " ".join(norms) + " ")
            for i in range(len(norms) - ATTESTED_RUN + 1):
                self.grams.add(norms[i : i + ATTESTED_RUN])
            for i in range(len(norms) - 2):
                self.triples.add(norms[i : i + 3])

    def attested_run(self, claim: str, run: int = ATTESTED_RUN) -> bool:
        """Whether ``claim`` shares a run of ``run`` words (3 or :data:`ATTESTED_RUN`) with a
        statement."""
        norms = normalise(claim).norms
        grams = self.grams if run == ATTESTED_RUN else self.triples
        return any(norms[i : i + run] in grams for i in range(len(norms) - run + 1))

    def containing(self, norms: Sequence[str]) -> int:
        """How many statements hold ``norms`` as an unbroken run."""
        needle = " " + " ".join(norms) + " "
        return sum(1 for text in self.joined if needle in text)


def _split(pool: Pool, st: Statement) -> str:
    return pool.splits.get(st.id, "")


def _content_words(norms: Sequence[str]) -> list[int]:
    return [i for i, w in enumerate(norms) if w.isalpha() and len(w) > 3 and w not in _STOP]


def _surface(text: str, rng: random.Random) -> str:
    """The same words with surface changes: quote marks, first letter's case, final stop."""
    out = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    if rng.random() < 0.5:
        out = out.replace("'", "\u2019")
    if out[:1].isupper() and rng.random() < 0.5:
        out = out[0].lower() + out[1:]
    if out.endswith(".") and rng.random() < 0.5:
        out = out[:-1]
    return out


def _cut(text: str, i: int, j: int) -> str:
    """The text of tokens ``i`` to ``j`` (exclusive) of ``text``."""
    n = normalise(text)
    start, end = n.char_span(i, j)
    return text[start:end]


def _take(rng: random.Random, items: Sequence[Statement], n: int) -> list[Statement]:
    return rng.sample(list(items), min(n, len(items)))


def generate(
    pool: Pool,
    *,
    per_kind: int = 100,
    never_said: int = 100,
    paraphrases: Iterable[tuple[Statement, str]] = (),
    seed: int = 21,
) -> list[Case]:
    """The check set of ``pool``: ``per_kind`` cases of each kind and split (fewer where the
    pool has too few fitting statements), ``never_said`` claims nobody made per split, and
    one case per given paraphrase.

    Args:
        pool: the statements and their splits.
        per_kind: cases per kind and split.
        never_said: never-said claims per split (half invented, half recombined), and half as
            many paraphrases claimed for another speaker.
        paraphrases: ``(statement, paraphrase)`` pairs.
        seed: the random seed.

    Returns:
        The cases, kind by kind, split by split.
    """
    rng = random.Random(seed)
    cases: list[Case] = []
    splits = sorted({s for s in pool.splits.values() if s})
    names = sorted({st.speaker for st in pool.statements if st.speaker and len(st.speaker.split()) >= 2})
    for split in splits:
        mine = [st for st in pool.statements if _split(pool, st) == split]
        cases += _verbatim(pool, mine, rng, per_kind, split)
        cases += _substitution(pool, mine, rng, per_kind, split)
        cases += _truncation(pool, mine, rng, per_kind, split)
        cases += _splice(pool, mine, rng, per_kind, split)
        cases += _swap(pool, mine, rng, per_kind, split, names)
    written = list(paraphrases)
    for st, text in written:
        cases.append(Case("paraphrase", text, st.speaker, "paraphrase", (st.id,), _split(pool, st)))
    for split in splits:
        mine = [st for st in pool.statements if _split(pool, st) == split]
        cases += _never_said(pool, mine, rng, never_said, split, names)
    # Drawn last, so that the cases above stay what they were before this kind was added.
    for split in splits:
        mine = [st for st in pool.statements if _split(pool, st) == split]
        cases += _misattributed(pool, mine, [(st, text) for st, text in written if _split(pool, st) == split],
                                rng, never_said // 2, split)
    return cases


def _verbatim(pool: Pool, mine: list[Statement], rng: random.Random, n: int, split: str) -> list[Case]:
    fit = [st for st in mine if 6 <= len(pool.norms[st.id]) <= 80]
    out = []
    for st in _take(rng, fit, n):
        speaker = st.speaker if rng.random() < 0.5 else None
        out.append(Case("verbatim", _surface(st.text, rng), speaker, "verbatim", (st.id,), split))
    return out


def _substitution(pool: Pool, mine: list[Statement], rng: random.Random, n: int, split: str) -> list[Case]:
    fit = [st for st in mine if 10 <= len(pool.norms[st.id]) <= 80 and len(_content_words(pool.norms[st.id])) >= 3]
    vocab = sorted({w for st in mine for i in _content_words(pool.norms[st.id]) for w in [pool.norms[st.id][i]]})
    out = []
    for st in _take(rng, fit, n):
        tokens = normalise(st.text).tokens
        places = sorted(rng.sample(_content_words(pool.norms[st.id]), rng.randint(1, 3)))
        text, shift = st.text, 0
        for i in places:
            new = rng.choice(vocab)
            while new == tokens[i].norm:
                new = rng.choice(vocab)
            a, b = tokens[i].start + shift, tokens[i].end + shift
            text = text[:a] + new + text[b:]
            shift += len(new) - (b - a)
        out.append(Case("substitution", text, st.speaker if rng.random() < 0.5 else None, "altered",
                        (st.id,), split, f"{len(places)} word(s)"))
    return out


def _truncation(pool: Pool, mine: list[Statement], rng: random.Random, n: int, split: str) -> list[Case]:
    fit = [st for st in mine if 12 <= len(pool.norms[st.id]) <= 120]
    out: list[Case] = []
    for st in rng.sample(fit, len(fit)):
        if len(out) >= n:
            break
        words = len(pool.norms[st.id])
        size = rng.randint(5, int(CUT_SHORT * words))
        start = 0 if rng.random() < 0.5 else rng.randint(0, words - size)
        part = pool.norms[st.id][start : start + size]
        # A part that another statement also holds could be that statement's (verbatim) words.
        if pool.containing(part) > 1:
            continue
        out.append(Case("truncation", _cut(st.text, start, start + size),
                        st.speaker if rng.random() < 0.5 else None, "cut_short", (st.id,), split))
    return out


def _splice(pool: Pool, mine: list[Statement], rng: random.Random, n: int, split: str) -> list[Case]:
    fit = [st for st in mine if 10 <= len(pool.norms[st.id]) <= 60]
    out: list[Case] = []
    tries = 0
    while len(out) < n and tries < 20 * n and len(fit) > 1:
        tries += 1
        a, b = rng.sample(fit, 2)
        if pool.norms[a.id] == pool.norms[b.id]:
            continue
        na, nb = len(pool.norms[a.id]), len(pool.norms[b.id])
        head, tail = rng.randint(5, na // 2 + 1), rng.randint(5, nb // 2 + 1)
        first, second = _cut(a.text, 0, head), _cut(b.text, nb - tail, nb)
        claim = first.rstrip(" ,;:") + ", " + second[0].lower() + second[1:]
        # Each part must come from one statement only, or the join is ambiguous.
        if pool.containing(pool.norms[a.id][:head]) > 1 or pool.containing(pool.norms[b.id][nb - tail :]) > 1:
            continue
        out.append(Case("splice", claim, a.speaker if rng.random() < 0.5 else None, "altered",
                        (a.id, b.id), split))
    return out


def _swap(pool: Pool, mine: list[Statement], rng: random.Random, n: int, split: str,
          names: Sequence[str]) -> list[Case]:
    fit = [st for st in mine if st.speaker and 6 <= len(pool.norms[st.id]) <= 80]
    out = []
    for st in _take(rng, fit, n):
        other = rng.choice(names)
        while same_speaker(other, st.speaker) or same_speaker(st.speaker or "", other):
            other = rng.choice(names)
        out.append(Case("speaker_swap", _surface(st.text, rng), other, "someone_else", (st.id,), split))
    return out


def _never_said(pool: Pool, mine: list[Statement], rng: random.Random, n: int, split: str,
                names: Sequence[str]) -> list[Case]:
    """Claims nobody made: invented sentences about the store's names and topics, and two
    statements' words recombined in pairs."""
    talkers = [st for st in mine if st.speaker]
    words = sorted({w.lower() for st in mine for w in _WORD.findall(st.text) if w.lower() not in _STOP})
    out: list[Case] = []
    tries = 0
    while len(out) < n and tries < 50 * n and talkers:
        tries += 1
        st = rng.choice(talkers)
        speaker = st.speaker if rng.random() < 0.5 else None
        if len(out) % 2 == 0:
            # About a name the store knows, and a word of this speaker's own statement.
            own = [w.lower() for w in _WORD.findall(st.text) if w.lower() not in _STOP] or words
            name = rng.choice([x for x in names if x != st.speaker] or names)
            claim = rng.choice(_INVENTED).format(name=name, word=rng.choice(own))
            detail = "invented"
        else:
            other = rng.choice(talkers)
            a, b = pool.norms[st.id], pool.norms[other.id]
            if other.id == st.id or len(a) < 8 or len(b) < 8:
                continue
            # Two words of one, the next two of the other: never three of either in a row.
            pieces = [" ".join((a if j % 2 == 0 else b)[2 * j : 2 * j + 2])
                      for j in range(min(len(a), len(b), 14) // 2)]
            claim = " ".join(pieces)
            claim = claim[0].upper() + claim[1:] + "."
            detail = "recombined"
        # Recombined words must not keep even three of a statement's words in a row (that
        # would be an altered quotation, not one nobody said).
        if pool.attested_run(claim, 3 if detail == "recombined" else ATTESTED_RUN):
            continue
        out.append(Case("never_said", claim, speaker, "not_found", (), split, detail))
    return out


def _misattributed(pool: Pool, mine: list[Statement], written: Sequence[tuple[Statement, str]],
                   rng: random.Random, n: int, split: str) -> list[Case]:
    """Paraphrases claimed for someone who did not say them: the speaker of a random statement
    of the split (so the store's frequent speakers come up most, as in real claims)."""
    talkers = [st.speaker for st in mine if st.speaker]
    out: list[Case] = []
    for st, text in rng.sample(list(written), len(written)):
        if len(out) >= n or not talkers:
            break
        other = rng.choice(talkers)
        tries = 0
        while (same_speaker(other, st.speaker) or same_speaker(st.speaker or "", other)) and tries < 20:
            other, tries = rng.choice(talkers), tries + 1
        if tries == 20 or pool.attested_run(text):
            continue
        out.append(Case("never_said", text, other, "not_found", (), split, "misattributed"))
    return out


# ------------------------------------------------------------------------- paraphrases
@dataclass(frozen=True, slots=True)
class ParaphraseKey:
    """Where a paraphrased statement is: PolNeAR file name and character offsets."""

    article: str
    start: int
    end: int
    paraphrase: str


def read_paraphrases(path: str | Path | None = None) -> list[ParaphraseKey]:
    """The paraphrases file (default: the one shipped with the package).

    Raises:
        ValueError: on a malformed line.
    """
    if path is None:
        text = resources.files("quotegraph.bench").joinpath(PARAPHRASES).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(ParaphraseKey(str(row["article"]), int(row["start"]), int(row["end"]),
                                     str(row["paraphrase"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"paraphrases line {n}: {exc}") from exc
    return out


def longest_shared_run(a: str, b: str) -> int:
    """The longest run of words (normalised) that ``a`` and ``b`` share."""
    x, y = normalise(a).norms, normalise(b).norms
    best = 0
    prev = [0] * (len(y) + 1)
    for i in range(1, len(x) + 1):
        cur = [0] * (len(y) + 1)
        for j in range(1, len(y) + 1):
            if x[i - 1] == y[j - 1]:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


__all__ = ["KINDS", "PARAPHRASES", "Case", "ParaphraseKey", "Pool", "generate", "longest_shared_run",
           "read_paraphrases"]
