"""The English pipeline's rule lemmatizer, with every answer remembered.

spaCy's rule ``lemmatizer`` decides a token's lemma from its text, coarse part of speech and
morphology alone, yet it walks every token in Python and recomputes the commonest answers (its
cache skips base forms such as singular nouns and infinitives): about a tenth of the parse of a
news article. Most of that is its test of whether a candidate form is a known word, a scan of a
list of tens of thousands of words. Here that list is a set, the three values are read for the
whole Doc at once, each distinct triple is lemmatized once with the packaged lemmatizer's tables,
rules and base-form test, and the lemmas are written back in one array operation. Tests check that
the result equals the packaged lemmatizer's token for token.
"""

# No `from __future__ import annotations` here: the factory below is read by confection < 1
# (spaCy 3.8.7's), whose pydantic v1 models cannot resolve postponed annotations.

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

#: Remembered (text, part of speech, morphology) triples before the memory starts afresh: a
#: long run over many sources meets ever new words.
CACHE_LIMIT = 500_000


class CachedLemmatizer:
    """A drop-in for the pipeline's rule ``lemmatizer`` with the same results."""

    def __init__(self, name: str = "lemmatizer") -> None:
        self.name = name
        self.lemmatizer: Lemmatizer | None = None
        self._known: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) → lemma hash
        # per part of speech: the known words (a set), the exceptions and the suffix rules
        self._tables: dict[str, tuple[frozenset[str], dict[str, list[str]], list[list[str]]]] = {}

    def use(self, lemmatizer: Lemmatizer) -> "CachedLemmatizer":
        """Lemmatize with ``lemmatizer``'s tables and settings."""
        self.lemmatizer = lemmatizer
        self._known = {}
        self._tables = {}
        return self

    def lemma(self, token: Token) -> str:
        """The lemma the packaged rule lemmatizer gives ``token`` (the first of its forms)."""
        lemmatizer = self.lemmatizer
        assert lemmatizer is not None
        pos = token.pos_.lower()
        if pos in ("", "eol", "space"):
            return lemmatizer.lemmatize(token)[0]  # spaCy's own answer (and warning)
        text = token.text
        if lemmatizer.is_base_form(token):
            return text.lower()
        tables = self._tables.get(pos)
        if tables is None:
            lookups = lemmatizer.lookups  # tables keyed by string hashes: read per part of speech
            tables = self._tables[pos] = (
                frozenset(lookups.get_table("lemma_index", {}).get(pos, ())),
                lookups.get_table("lemma_exc", {}).get(pos, {}),
                lookups.get_table("lemma_rules", {}).get(pos, []),
            )
        index, exceptions, rules = tables
        if not (index or exceptions or rules):
            return text if pos == "propn" else text.lower()
        lower = text.lower()
        known: list[str] = []  # forms the index holds go first, forms with non-letters after
        unknown: list[str] = []
        for old, new in rules:
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if form and form in index:
                    known.insert(0, form)
                elif form and not form.isalpha():
                    known.append(form)
                elif form:
                    unknown.append(form)
        forms = list(dict.fromkeys(known))
        for form in exceptions.get(lower, []):  # exceptions first, the last listed foremost
            if form not in forms:
                forms.insert(0, form)
        if forms:
            return forms[0]
        return unknown[0] if unknown else text

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if lemmatizer is None:
            raise ValueError("CachedLemmatizer.use(lemmatizer) must be called before it runs")
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        known = self._known
        strings = doc.vocab.strings
        overwrite = lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:  # set by the attribute ruler: kept, as spaCy keeps it
                continue
            key = (orth, pos, morph)
            found = known.get(key)
            if found is None:
                if len(known) >= CACHE_LIMIT:
                    known.clear()
                found = known[key] = strings.add(self.lemma(doc[i]))
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(numpy.uint64))  # type: ignore[arg-type]
        return doc

    # spaCy pickles the pipeline for nlp.pipe(n_process=…): the memory stays behind
    def __getstate__(self) -> dict:
        return {"name": self.name, "lemmatizer": self.lemmatizer}

    def __setstate__(self, state: dict) -> None:
        type(self).__init__(self, state["name"])
        if state["lemmatizer"] is not None:
            self.use(state["lemmatizer"])

    def to_disk(self, *_args, **_kwargs) -> None:  # the tables live in the packaged pipeline
        return None

    def from_disk(self, *_args, **_kwargs) -> "CachedLemmatizer":
        return self


@Language.factory("qg_lemmatizer", assigns=["token.lemma"])
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    """An empty cached lemmatizer; :func:`quotegraph.nlp.load_pipeline` gives it the packaged
    pipeline's lemmatizer."""
    return CachedLemmatizer(name)


def speed_up_lemmatizer(nlp: Language) -> None:
    """Replace ``nlp``'s rule ``lemmatizer`` by the cached one, keeping its name and place; leave
    any other kind of lemmatizer as it is (a lookup lemmatizer does not read the part of speech,
    so the cache key would not fit it)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return
    cached = nlp.replace_pipe("lemmatizer", "qg_lemmatizer")
    if not isinstance(cached, CachedLemmatizer):  # spaCy types a pipe as a mere callable
        raise TypeError(f"qg_lemmatizer made a {type(cached).__name__}")
    cached.use(lemmatizer)
