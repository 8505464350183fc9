"""Per-token columns of a parsed Doc, read once and shared by the stages.

Every access to a spaCy token builds a Python object, and every ``tok.pos_`` looks a string up
again; a stage that scans the whole document for a few tokens ("every plural subject", "every
verb") pays that for each of the thousand tokens of an article. :func:`token_table` reads the
columns a stage asks for in one ``Doc.to_array`` call each, as plain lists indexed by token
position, so that such scans test strings in a list and build token objects only for the tokens
they keep. The table is built once per Doc (the stages never change the parse) and dropped with
the Doc.
"""

from __future__ import annotations

import weakref
from functools import cached_property

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LOWER, ORTH, POS, SPACY, TAG
from spacy.tokens import Doc

from quotegraph.nlp.doc import doc_text

# hash → string, for every Doc: a string's hash is the same in every spaCy string store, and
# looking one up there decodes it anew each time. Cleared when it grows past the bound.
_STRINGS: dict[int, str] = {}
_STRINGS_MAX = 100_000  # about 15 MB


class TokenTable:
    """Columns of one Doc's tokens, each a list indexed by ``token.i``, each read on first use.

    Attributes (all lists of length ``len(doc)``):
        idx: ``token.idx``; ends: ``token.idx + len(token.text)``; head: ``token.head.i``;
        children: ``[c.i for c in token.children]``; left_edge, right_edge: ``token.left_edge.i``,
        ``token.right_edge.i`` (the first and last token of its subtree);
        text, lower, lemma, pos, tag, dep, ent_type: the string attributes (``token.text``,
        ``token.lower_``, ``token.lemma_``, …); is_punct, is_space: the lexical flags.
    """

    def __init__(self, doc: Doc) -> None:
        # weakly: the table is kept per Doc in a weak-keyed dict, which a strong reference from
        # its value would keep alive for ever
        self._doc = weakref.ref(doc)
        self.size = len(doc)

    @property
    def doc(self) -> Doc:
        doc = self._doc()
        if doc is None:
            raise ReferenceError("the Doc of this token table is gone")
        return doc

    def _ints(self, attr: int) -> list[int]:
        return self.doc.to_array(attr).tolist() if self.size else []  # type: ignore[no-any-return]

    def _strings(self, attr: int) -> list[str]:
        keys = self._ints(attr)
        try:
            return list(map(_STRINGS.__getitem__, keys))
        except KeyError:  # values no Doc had before
            pass
        store = self.doc.vocab.strings
        missing = {key: store[key] for key in set(keys).difference(_STRINGS)}
        if len(_STRINGS) + len(missing) > _STRINGS_MAX:
            _STRINGS.clear()
        _STRINGS.update(missing)
        known = _STRINGS.get  # the store answers what another thread may have cleared since
        return [known(key) or store[key] for key in keys]

    @cached_property
    def idx(self) -> list[int]:
        return self._ints(IDX)

    @cached_property
    def ends(self) -> list[int]:
        # a token ends where the next starts, less the one space that may follow it
        if not self.size:
            return []
        starts = [*self.idx[1:], len(doc_text(self.doc))]
        return [start - space for start, space in zip(starts, self._ints(SPACY), strict=True)]

    @cached_property
    def head(self) -> list[int]:
        # to_array gives heads as offsets from the token
        offsets = self.doc.to_array(HEAD).astype("int64")
        return (numpy.arange(self.size, dtype="int64") + offsets).tolist() if self.size else []

    @cached_property
    def children(self) -> list[list[int]]:
        # each token's children in ascending order, as ``Token.children`` yields them
        out: list[list[int]] = [[] for _ in range(self.size)]
        for i, head in enumerate(self.head):
            if head != i:
                out[head].append(i)
        return out

    @cached_property
    def left_edge(self) -> list[int]:
        return self._edges[0]

    @cached_property
    def right_edge(self) -> list[int]:
        return self._edges[1]

    @cached_property
    def _edges(self) -> tuple[list[int], list[int]]:
        # spaCy's own computation (``set_children_from_heads`` in doc.pyx), step for step: which
        # runs over the whole Doc whenever its heads are set (by the parser, ``from_array`` or a
        # retokenizer), and which in a non-projective parse is not the subtree's first and last
        # token ("suspected Crutcher was … — something a caller told …": the dash's tail is left out)
        heads, size = self.head, self.size
        left, right = list(range(size)), list(range(size))
        for loop_count in range(12):
            for i, head in enumerate(heads):
                edge = left[i]
                if edge < left[head]:
                    left[head] = edge
                edge = right[i]
                if edge > right[head]:
                    right[head] = edge
            for i in range(size - 1, -1, -1):
                head = heads[i]
                edge = right[i]
                if edge > right[head]:
                    right[head] = edge
                edge = left[i]
                if edge < left[head]:
                    left[head] = edge
            if _heads_within_sents(heads, left) or loop_count > 10:
                break
        return left, right

    @cached_property
    def text(self) -> list[str]:
        return self._strings(ORTH)

    @cached_property
    def lower(self) -> list[str]:
        return self._strings(LOWER)

    @cached_property
    def lemma(self) -> list[str]:
        return self._strings(LEMMA)

    @cached_property
    def pos(self) -> list[str]:
        return self._strings(POS)

    @cached_property
    def tag(self) -> list[str]:
        return self._strings(TAG)

    @cached_property
    def dep(self) -> list[str]:
        return self._strings(DEP)

    @cached_property
    def ent_type(self) -> list[str]:
        return self._strings(ENT_TYPE)

    @cached_property
    def is_punct(self) -> list[bool]:
        return list(map(bool, self._ints(IS_PUNCT)))

    @cached_property
    def is_space(self) -> list[bool]:
        return list(map(bool, self._ints(IS_SPACE)))


def _heads_within_sents(heads: list[int], left: list[int]) -> bool:
    """Every token's head lies in its sentence, the sentences starting at the roots' left edges
    (spaCy's test for another round of edge-setting, as it makes it: a head may also be the
    next sentence's first token, and the last token is not tested)."""
    size = len(heads)
    if size < 2:
        return True
    starts = {left[i] for i, head in enumerate(heads) if head == i}
    starts.discard(0)
    ends = numpy.array(sorted(starts | {size - 1}))
    positions = numpy.arange(ends[-1])
    sentence = numpy.searchsorted(ends, positions, side="right")  # the sentence each token is in
    first = numpy.concatenate(([0], ends))[sentence]
    head_of = numpy.asarray(heads[:ends[-1]])
    return bool(((head_of >= first) & (head_of <= ends[sentence])).all())


_TABLES: weakref.WeakKeyDictionary[Doc, TokenTable] = weakref.WeakKeyDictionary()


# the Doc asked for last and its table, both weakly (the table lives as long as its Doc): the
# stages ask for one Doc's table thousands of times in a row, and a weak-keyed look-up makes a
# weak reference each time (three token objects' cost)
_LAST: tuple[weakref.ref[Doc], weakref.ref[TokenTable]] | None = None


def token_table(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc``, built on the first call for that Doc."""
    global _LAST
    last = _LAST  # one read: another thread may replace it meanwhile
    if last is not None and last[0]() is doc:
        table = last[1]()
        if table is not None and table.size == len(doc):
            return table
    table = _TABLES.get(doc)
    if table is None or table.size != len(doc):
        table = _TABLES[doc] = TokenTable(doc)
    _LAST = (table._doc, weakref.ref(table))
    return table
