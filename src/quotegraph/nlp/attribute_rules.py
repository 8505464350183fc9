"""The English pipeline's attribute rules, matched through an index instead of spaCy's Matcher.

``en_core_web_sm``'s ``attribute_ruler`` maps fine tags to coarse parts of speech and fixes a
few lemmas and morphology with 179 one- and two-token patterns. spaCy runs them through its
general ``Matcher``, which costs about 18 ms per news article — a tenth of the whole parse. Here
every pattern is filed under the value one of its token conditions requires (a lowercase form,
a tag, a dependency label), so each token is checked only against the few patterns that can
match it. What can start at a token is remembered by the token's values, its lowercase form
reduced to what the patterns can tell of it, so that words no pattern names share one entry.
The matches, their order (later patterns win) and the attributes set are the ruler's own,
applied as :meth:`spacy.pipeline.AttributeRuler.set_annotations` applies them (spaCy's
``set_token_attrs`` per match, without a ``Span`` for each). Tests check that the result
equals the original ruler's token for token.
"""

# No `from __future__ import annotations` here: the factory below is read by confection < 1
# (spaCy 3.8.7's), whose pydantic v1 models cannot resolve postponed annotations.

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

try:  # what AttributeRuler.set_annotations applies to each token (spaCy 3)
    from spacy.tokens._retokenize import set_token_attrs as _set_token_attrs
except ImportError:  # pragma: no cover - another spaCy: its own set_annotations
    _set_token_attrs = None  # type: ignore[assignment]

# token attributes the patterns test, in the order of the columns read from the Doc
_COLUMNS = ("LOWER", "TAG", "DEP", "IS_SPACE")
_IDS = (LOWER, TAG, DEP, IS_SPACE)
# which condition files a pattern: the most selective attribute with a closed set of values
_INDEX_ORDER = ("LOWER", "TAG", "DEP", "IS_SPACE")

_CACHE_LIMIT = 200_000
Check = Callable[[object], bool]


@dataclass(frozen=True)
class _Pattern:
    rule: int  # the ruler's attribute id: its position among the ruler's patterns
    tokens: tuple[tuple[tuple[int, Check], ...], ...]  # per token: (column, test) pairs


def _condition(value: object) -> Check:
    """A test for one token attribute, as the Matcher reads a pattern's value."""
    if isinstance(value, dict):
        if set(value) == {"IN"}:
            allowed = frozenset(value["IN"])
            return allowed.__contains__
        if set(value) == {"NOT_IN"}:
            banned = frozenset(value["NOT_IN"])
            return lambda v: v not in banned
        if set(value) == {"REGEX"}:
            regex = re.compile(value["REGEX"])
            return lambda v: isinstance(v, str) and regex.search(v) is not None
        raise ValueError(f"unsupported attribute-ruler condition {value!r}")
    return lambda v: v == value


def _closed_values(value: object) -> list[object] | None:
    """The values a condition accepts when they are a finite set, else ``None``."""
    if isinstance(value, dict):
        return list(value["IN"]) if set(value) == {"IN"} else None
    return [value]


class IndexedAttributeRuler:
    """A drop-in for the pipeline's ``attribute_ruler`` with the same patterns and results."""

    def __init__(self, name: str = "attribute_ruler") -> None:
        self.name = name
        self.ruler: AttributeRuler | None = None
        self._index: dict[tuple[int, object], list[_Pattern]] = {}  # one-token patterns
        self._scan: list[_Pattern] = []  # one-token patterns with no closed set to be filed under
        self._longer_index: dict[tuple[int, object], list[_Pattern]] = {}
        self._longer_scan: list[_Pattern] = []
        self._firsts: dict[tuple, tuple] = {}  # a token's key (_key) → what can start there
        self._rows: dict[tuple, tuple] = {}  # a token's four hashes → what can start there
        self._ids: list[int] = []
        self._mentioned: frozenset[int] = frozenset()  # hashes of the lowercase forms the patterns name
        self._lower_regexes: tuple[re.Pattern[str], ...] = ()  # the patterns' lowercase regexes
        self._lowers: dict[int, object] = {}  # a lowercase form's hash → its key (_lower_key)

    def use(self, ruler: AttributeRuler) -> "IndexedAttributeRuler":
        """Take over ``ruler``'s patterns and attributes.

        Raises:
            ValueError: a pattern uses an attribute or operator this index does not implement
                (keep spaCy's own ruler then).
        """
        index: dict[tuple[int, object], list[_Pattern]] = {}
        scan: list[_Pattern] = []
        longer_index: dict[tuple[int, object], list[_Pattern]] = {}
        longer_scan: list[_Pattern] = []
        for rule, entry in enumerate(ruler.patterns):
            # spaCy types every value of a pattern entry as one union; "patterns" holds token-pattern lists
            token_patterns: list[list[dict]] = entry["patterns"]  # type: ignore[assignment]
            for tokens in token_patterns:
                pattern = _Pattern(rule, tuple(_token_checks(spec) for spec in tokens))
                one = len(tokens) == 1
                key = _index_key(tokens[0])
                if key is None:
                    (scan if one else longer_scan).append(pattern)
                else:
                    column, values = key
                    for value in values:
                        (index if one else longer_index).setdefault((column, value), []).append(pattern)
        self.ruler, self._index, self._scan = ruler, index, scan
        self._longer_index, self._longer_scan = longer_index, longer_scan
        self._firsts, self._lowers, self._rows = {}, {}, {}
        self._ids = [ruler.vocab.strings.add(str(rule)) for rule in range(len(ruler.patterns))]
        mentioned, regexes = _lower_conditions(ruler)
        self._mentioned = frozenset(ruler.vocab.strings.add(value) for value in mentioned)
        self._lower_regexes = tuple(re.compile(regex) for regex in regexes)
        return self

    def __call__(self, doc: Doc) -> Doc:
        if self.ruler is None:
            raise ValueError("IndexedAttributeRuler.use(ruler) must be called before it runs")
        _set_annotations(self.ruler, doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(attribute id, match id, start, end) of every match, sorted as the ruler sorts them."""
        strings = doc.vocab.strings
        # each token's four hashes as one tuple: the key of what can start at it
        rows: list[tuple[int, int, int, int]] = list(zip(*doc.to_array(list(_IDS)).T.tolist(), strict=True)) if len(doc) else []
        names: dict[int, str] = {}

        def values_at(j: int) -> tuple[str, str, str, bool]:
            lower, tag, dep, space = rows[j]
            for h in (lower, tag, dep):
                if h not in names:
                    names[h] = strings[h] if h else ""
            return names[lower], names[tag], names[dep], bool(space)

        columns = _LazyColumns(values_at, len(rows))
        singles: list[tuple[tuple[int, ...], int]] = []  # the one-token rules matching at a token
        found: list[tuple[int, int, int]] = []  # the longer patterns' matches
        firsts, lowers, known_rows = self._firsts, self._lowers, self._rows
        n = len(rows)
        for i, row in enumerate(rows):
            # what can start at a token depends on its four values only, and of its lowercase
            # form only on what the patterns say of it (_lower_key): news repeats the keys
            known = known_rows.get(row)
            if known is None:
                lower, tag, dep, space = row
                lower_key = lowers.get(lower)
                if lower_key is None:
                    if len(lowers) >= _CACHE_LIMIT:  # a long run meets ever new words: start afresh
                        lowers.clear()
                    lower_key = lowers[lower] = self._lower_key(lower, strings[lower] if lower else "")
                key = (lower_key, tag, dep, bool(space))
                known = firsts.get(key)
                if known is None:
                    if len(firsts) >= _CACHE_LIMIT:
                        firsts.clear()
                    known = firsts[key] = self._starting_with(columns[i])
                if len(known_rows) >= _CACHE_LIMIT:
                    known_rows.clear()
                known_rows[row] = known
            rules, longer = known
            if rules:
                singles.append((rules, i))
            for pattern in longer:
                if _matches(pattern, columns, i, n):
                    found.append((pattern.rule, i, i + len(pattern.tokens)))
        found += [(rule, i, i + 1) for rules, i in singles for rule in rules]
        ids = self._ids
        return [(rule, ids[rule], start, end) for rule, start, end in sorted(set(found))]

    def _lower_key(self, lower: int, text: str) -> object:
        """What the patterns can tell of a lowercase form: the form itself when a pattern names
        it, else only which of the patterns' regexes it matches (every other condition on it —
        equal to, in or not in the named forms — then reads the same for all such forms)."""
        if lower in self._mentioned:
            return lower
        return tuple(regex.search(text) is not None for regex in self._lower_regexes)

    def _starting_with(self, values: tuple) -> tuple[tuple[int, ...], tuple[_Pattern, ...]]:
        """The one-token rules a token with ``values`` matches, and the longer patterns whose
        first token it matches."""
        rules = {p.rule for p in _filed_under(values, self._index, self._scan) if _matches(p, (values,), 0, 1)}
        longer = [p for p in _filed_under(values, self._longer_index, self._longer_scan)
                  if _matches(_Pattern(p.rule, p.tokens[:1]), (values,), 0, 1)]
        return tuple(sorted(rules)), tuple(longer)

    # spaCy pickles the pipeline for nlp.pipe(n_process=…); the compiled tests are closures,
    # so only the ruler travels and the index is rebuilt on arrival
    def __getstate__(self) -> dict:
        return {"name": self.name, "ruler": self.ruler}

    def __setstate__(self, state: dict) -> None:
        type(self).__init__(self, state["name"])
        if state["ruler"] is not None:
            self.use(state["ruler"])

    def to_disk(self, *_args, **_kwargs) -> None:  # the patterns live in the packaged pipeline
        return None

    def from_disk(self, *_args, **_kwargs) -> "IndexedAttributeRuler":
        return self


def _set_annotations(ruler: AttributeRuler, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
    """:meth:`AttributeRuler.set_annotations`, in its order and with its error, without a
    ``Span`` per match (about one per token: they were two thirds of its time)."""
    if _set_token_attrs is None:  # a spaCy without the helper: its own method
        ruler.set_annotations(doc, matches)
        return
    attrs, indices = ruler.attrs, ruler.indices
    for attr_id, match_id, start, end in matches:
        index = indices[attr_id]
        i = (start if index >= 0 else end) + index  # span[index], negative from the end
        if not start <= i < end:
            raise ValueError(Errors.E1001.format(patterns=ruler.matcher.get(match_id),
                                                 span=[t.text for t in doc[start:end]], index=index))
        _set_token_attrs(doc[i], attrs[attr_id])


class _LazyColumns:
    """A Doc's token values, each read on first use (most tokens only need their key)."""

    def __init__(self, read: Callable[[int], tuple], size: int) -> None:
        self._read = read
        self._size = size
        self._values: dict[int, tuple] = {}

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, j: int) -> tuple:
        found = self._values.get(j)
        if found is None:
            found = self._values[j] = self._read(j)
        return found


def _lower_conditions(ruler: AttributeRuler) -> tuple[set[str], list[str]]:
    """The lowercase forms the ruler's patterns name (equal to, in, not in) and their regexes."""
    mentioned: set[str] = set()
    regexes: list[str] = []
    for entry in ruler.patterns:
        token_patterns: list[list[dict]] = entry["patterns"]  # type: ignore[assignment]
        for spec in (spec for tokens in token_patterns for spec in tokens):
            value = spec.get("LOWER")
            if value is None:
                continue
            if isinstance(value, dict):
                (op, arg), = value.items()
                if op == "REGEX":
                    regexes.append(arg)
                else:  # IN, NOT_IN (_condition refuses anything else)
                    mentioned.update(arg)
            else:
                mentioned.add(value)
    return mentioned, regexes


def _filed_under(values: tuple, index: dict, scan: list) -> list[_Pattern]:
    out = list(scan)
    for column in range(4):
        out.extend(index.get((column, values[column]), ()))
    return out


def _matches(pattern: _Pattern, columns: Sequence[tuple] | _LazyColumns, i: int, n: int) -> bool:
    if i + len(pattern.tokens) > n:
        return False
    for offset, checks in enumerate(pattern.tokens):
        values = columns[i + offset]
        for column, check in checks:
            if not check(values[column]):
                return False
    return True


def _token_checks(spec: dict) -> tuple[tuple[int, Check], ...]:
    checks = []
    for attr, value in spec.items():
        if attr not in _COLUMNS:
            raise ValueError(f"unsupported attribute-ruler attribute {attr!r}")
        checks.append((_COLUMNS.index(attr), _condition(value)))
    return tuple(checks)


def _index_key(spec: dict) -> tuple[int, list[object]] | None:
    for attr in _INDEX_ORDER:
        if attr in spec:
            values = _closed_values(spec[attr])
            if values is not None:
                return _COLUMNS.index(attr), values
    return None


@Language.factory("qg_attribute_ruler", assigns=["token.pos", "token.morph", "token.lemma"])
def make_indexed_attribute_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    """An empty indexed ruler; :func:`quotegraph.nlp.load_pipeline` gives it the packaged
    pipeline's patterns."""
    return IndexedAttributeRuler(name)


def speed_up_attribute_ruler(nlp: Language) -> None:
    """Replace ``nlp``'s ``attribute_ruler`` by the indexed one, keeping its name and place;
    leave it as it is when its patterns use something the index does not implement."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        return
    try:
        IndexedAttributeRuler().use(ruler)  # fails before the pipeline changes
    except ValueError:
        return
    indexed = nlp.replace_pipe("attribute_ruler", "qg_attribute_ruler")
    if not isinstance(indexed, IndexedAttributeRuler):  # spaCy types a pipe as a mere callable
        raise TypeError(f"qg_attribute_ruler made a {type(indexed).__name__}")
    indexed.use(ruler)
