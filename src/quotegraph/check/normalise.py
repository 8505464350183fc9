"""Word tokens for matching a claim against attested statements.

Two renderings of one quotation differ in ways that do not change what was said: straight or
curly quote marks, case, punctuation, hyphenation ("long-term" / "long term"), British or
American spelling ("labour" / "labor", "organise" / "organize", "centre" / "center"), editorial
brackets ("[President] Putin") and ellipses marking left-out words. ``normalise`` turns a text
into tokens whose ``norm`` is equal across those variants, each keeping the character offsets
of its word in the text exactly as given, so every difference found later can be shown in place.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

# A number keeps its inner separators ("1,000", "3.5"); a word keeps inner apostrophes
# ("don't", "Putin’s") but not hyphens, so "long-term" and "long term" give the same tokens.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*[^\W_]*|[^\W\d_][^\W_]*(?:['’ʼ‘`][^\W_]+)*|%")
# "...", ". . .", "…", optionally in square brackets: words were left out here.
_ELLIPSIS = re.compile(r"\[\s*(?:…|\.(?:\s?\.){2,})\s*\]|…|\.(?:\s?\.){2,}")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})

# British spellings mapped to one key shared with the American spelling. Suffix rules need a
# stem of at least three letters so that "four", "hour", "your" or "rise" keep their meaning.
_OUR = re.compile(
    r"^([a-z]{3,})our(|s|ed|ing|er|ers|ful|fully|less|able|ably|ite|ites|hood|hoods|ism|ist|ists)$"
)
_ISE = re.compile(r"^([a-z]{2,}[^aeiouy])([iy])s(e|es|ed|er|ers|ing|ation|ations|able)$")
_TRE = re.compile(r"^([a-z]{2,}[bt])re(s)?$")
_OGUE = re.compile(r"^([a-z]{3,})ogue(s)?$")
# Doubled l before a suffix in a word of two or more syllables ("travelled", "cancelling");
# one-syllable words ("filled" / "filed") are different words and are left alone.
_LL = re.compile(r"^([a-z]*[aeiou][^aeiou\W]+[aeiou])ll(ed|ing|er|ers)$")
_OUR_KEEP = frozenset({"devour", "devours", "devoured", "devouring"})
_WORDS = {
    "defence": "defense", "defences": "defenses", "offence": "offense", "offences": "offenses",
    "licence": "license", "licences": "licenses", "pretence": "pretense", "grey": "gray",
    "programme": "program", "programmes": "programs", "judgement": "judgment",
    "judgements": "judgments", "ageing": "aging", "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers", "mould": "mold", "plough": "plow", "sceptic": "skeptic",
    "sceptics": "skeptics", "sceptical": "skeptical", "scepticism": "skepticism",
    "cheque": "check", "cheques": "checks", "tyre": "tire", "tyres": "tires",
    "aluminium": "aluminum", "enrol": "enroll", "fulfil": "fulfill", "instal": "install",
    "storey": "story", "storeys": "stories", "kerb": "curb", "draught": "draft",
    "jewellery": "jewelry", "towards": "toward", "amongst": "among", "whilst": "while",
}
_EDITORIAL_OPEN, _EDITORIAL_CLOSE = "[", "]"


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its matching form and where it stands in the text.

    Attributes:
        norm: the form compared across texts (case, accents, apostrophes, spelling folded).
        start: offset of the word's first character in the text.
        end: offset just past the word's last character: ``text[start:end]`` is the word.
        editorial: the word stands inside square brackets, an editor's addition.
    """

    norm: str
    start: int
    end: int
    editorial: bool = False


@dataclass(frozen=True, slots=True)
class Normalised:
    """A text and its matching tokens.

    Attributes:
        text: the text exactly as given; every token offset indexes it.
        tokens: the words in order.
        elisions: token positions where an ellipsis marks left-out words: ``i`` means between
            ``tokens[i - 1]`` and ``tokens[i]`` (0 before the first word, ``len(tokens)`` after
            the last).
    """

    text: str
    tokens: tuple[Token, ...]
    elisions: frozenset[int]

    @property
    def norms(self) -> tuple[str, ...]:
        """The tokens' matching forms, in order."""
        return tuple(t.norm for t in self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def char_span(self, i: int, j: int) -> tuple[int, int]:
        """Character span covering tokens ``i`` to ``j`` (exclusive) of the text.

        An empty token range gives an empty span at the gap where tokens would be inserted.

        Args:
            i: first token index.
            j: end token index (exclusive), ``i <= j <= len(tokens)``.

        Returns:
            ``(start, end)`` offsets into ``text``.
        """
        if i < j:
            return self.tokens[i].start, self.tokens[j - 1].end
        if i < len(self.tokens):
            return self.tokens[i].start, self.tokens[i].start
        end = self.tokens[-1].end if self.tokens else 0
        return end, end


def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def fold_spelling(word: str) -> str:
    """Map British spelling variants onto the American form, so both compare equal.

    Args:
        word: a lower-case word.

    Returns:
        The word's spelling key (the word itself when no variant rule applies).
    """
    if word in _WORDS:
        return _WORDS[word]
    if word not in _OUR_KEEP and (m := _OUR.match(word)):
        return f"{m.group(1)}or{m.group(2)}"
    if m := _ISE.match(word):
        return f"{m.group(1)}{m.group(2)}z{m.group(3)}"
    if m := _TRE.match(word):
        return f"{m.group(1)}er{m.group(2) or ''}"
    if m := _OGUE.match(word):
        return f"{m.group(1)}og{m.group(2) or ''}"
    if m := _LL.match(word):
        return f"{m.group(1)}l{m.group(2)}"
    return word


def norm_word(word: str) -> str:
    """The matching form of one word: folded case, accents, apostrophes, separators, spelling.

    Args:
        word: a word as it appears in a text.

    Returns:
        The form that equal words in any variant share.
    """
    if word == "%":
        return "percent"
    w = _strip_accents(word).casefold().translate(_APOSTROPHES)
    if w[0].isdigit():
        # "1,000" and "1000" are one number; a decimal point is kept ("3.5").
        return re.sub(r",(?=\d{3}\b)", "", w)
    # An apostrophe stays ("they're", "Lund's"); spelling folds the word before it.
    stem, apostrophe, rest = w.partition("'")
    return fold_spelling(stem) + apostrophe + rest


def _editorial_ranges(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(text):
        if ch == _EDITORIAL_OPEN and start < 0:
            start = i
        elif ch == _EDITORIAL_CLOSE and start >= 0:
            ranges.append((start, i + 1))
            start = -1
    return ranges


def normalise(text: str) -> Normalised:
    """Tokenise ``text`` for matching, keeping each token's offsets into ``text``.

    "per cent" becomes one token ``percent`` spanning both words, so it matches "percent"
    and "%".

    Args:
        text: a claim or an attested statement, exactly as given.

    Returns:
        The tokens, their offsets and the positions of ellipses.
    """
    editorial = _editorial_ranges(text)
    ellipses = [m.start() for m in _ELLIPSIS.finditer(text)]
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        norm = norm_word(m.group())
        if norm == "cent" and tokens and tokens[-1].norm == "per" and _only_space(
            text, tokens[-1].end, start
        ):
            tokens[-1] = Token("percent", tokens[-1].start, end, tokens[-1].editorial)
            continue
        inside = any(a < start and end < b for a, b in editorial)
        tokens.append(Token(norm, start, end, inside))
    starts = [t.start for t in tokens]
    elisions = frozenset(bisect_left(starts, pos) for pos in ellipses)
    return Normalised(text, tuple(tokens), elisions)


def _only_space(text: str, a: int, b: int) -> bool:
    return text[a:b].isspace()

