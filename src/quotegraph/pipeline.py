"""The extraction pipeline: Article → clean → spaCy → attribution → speakers → time → result.

``Extractor`` owns the loaded spaCy pipeline and quotegraph's stages (the ``quotegraph``
component, :mod:`quotegraph.components`); everything it returns is a plain ``ExtractionResult``
(``quotegraph.models``), so callers never touch spaCy objects. :func:`to_result` is the one
place where a Doc becomes those dataclasses.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import cast

from spacy.tokens import Doc

from quotegraph import clean
from quotegraph.components import Quotegraph
from quotegraph.errors import IngestError, SizeBudgetError
from quotegraph.models import Article, Attribution, ExtractionResult, Span
from quotegraph.nlp import DEFAULT_MODEL, doc_text, load_pipeline, parse_texts, set_published
from quotegraph.nlp.doc import ATTRIBUTIONS, DEBRIS, ENTITIES, PUBLISHED, TIMES, char_spans
from quotegraph.nlp.pipeline import fast_path_default


@dataclasses.dataclass(frozen=True, slots=True)
class SizeBudget:
    """How much one article may ask of the extractor. Over it, the article is skipped with a
    :class:`~quotegraph.errors.SizeBudgetError` that names the limit, before the work it would
    cost: the same input always gives the same output or the same reason.

    Attributes:
        max_chars: characters of text (checked before parsing). The readers take up to 2 MB.
        max_statements: statements the attribution stage finds (checked before speakers and
            time, whose work grows with them).
    """

    max_chars: int = 1_000_000
    max_statements: int = 25_000

    def check_text(self, article: Article) -> SizeBudgetError | None:
        """The error for an article whose text is over the budget, if it is."""
        if len(article.text) > self.max_chars:
            return SizeBudgetError(
                f"article {article.id!r} is over the size budget: {len(article.text):,} characters, "
                f"more than {self.max_chars:,}; split it, or raise SizeBudget.max_chars"
            )
        return None

    def check_statements(self, article: Article, found: int) -> None:
        """Raise for an article with more statements than the budget allows.

        Raises:
            SizeBudgetError: when ``found`` is over :attr:`max_statements`.
        """
        if found > self.max_statements:
            raise SizeBudgetError(
                f"article {article.id!r} is over the size budget: {found:,} statements, more than "
                f"{self.max_statements:,}; split it, or raise SizeBudget.max_statements"
            )


class Extractor:
    """Extract attributed statements from articles with one loaded language pipeline.

    Args:
        model: name or path of the spaCy pipeline (default: the English small pipeline).
        attribution_model: the attribution model (a folder from ``quotegraph train polnear`` or
            its ``attribution_model.json``, ``"rules"`` for the hand-written rules alone);
            ``None``: the shipped model. It is the ``quotegraph`` component's config, so it
            travels with the extractor, not through the environment.
        batch_size: articles per ``nlp.pipe`` batch in :meth:`extract_many`.
        fast: the fast path (:func:`quotegraph.nlp.parse_texts`): articles parsed in pieces of
            whole paragraphs, batched, on numpy's BLAS. ``None``: on, unless
            ``$QUOTEGRAPH_FAST_PATH=0``. Off, each article is parsed whole, as before.
        budget: the size budget of one article (default :class:`SizeBudget`).

    Raises:
        ModelError: the spaCy pipeline or the attribution model cannot be loaded.
    """

    def __init__(self, model: str = DEFAULT_MODEL, *, attribution_model: str | os.PathLike[str] | None = None,
                 batch_size: int = 16, fast: bool | None = None, budget: SizeBudget | None = None) -> None:
        self.model = model
        self.attribution_model = None if attribution_model is None else os.fspath(attribution_model)
        self.batch_size = batch_size
        self.fast = fast_path_default() if fast is None else fast
        self.budget = budget or SizeBudget()
        self.nlp = load_pipeline(model, fast=self.fast)
        # built from the registered factory, not added to the shared parsing pipeline: spaCy's
        # worker processes only parse, the stages run here
        self.component = cast(Quotegraph, self.nlp.create_pipe(
            "quotegraph", config={"attribution_model": self.attribution_model}
        ))

    def extract(self, article: Article) -> ExtractionResult:
        """Extract every attribution of one article."""
        return next(iter(self.extract_many([article])))

    def extract_many(
        self,
        articles: Iterable[Article],
        *,
        n_process: int = 1,
        on_error: Callable[[Article, Exception], None] | None = None,
        timings: MutableMapping[str, float] | None = None,
    ) -> Iterator[ExtractionResult]:
        """Extract a stream of articles, in order, parsing them in batches.

        Args:
            articles: the articles; any iterable, consumed lazily.
            n_process: worker processes for spaCy parsing (1 = this process only).
            on_error: called with an article whose analysis failed, which is then left out;
                without it the error propagates (a bug in a stage should not pass silently).
            timings: when given (a dict), CPU seconds of this process are added to it per stage:
                ``clean``, ``spacy`` (parsing; with ``n_process`` > 1 the workers' time is not
                counted), each of the ``quotegraph`` component's stages (``attribution``,
                ``speakers``, ``time``, after ``quotes``: the scanner) and ``assemble``
                (:func:`to_result`).

        Raises:
            IngestError: without ``on_error``, for a text holding a lone surrogate.
            SizeBudgetError: without ``on_error``, for an article over :attr:`budget`.
        """
        clock = time.process_time
        cleaning = [0.0]  # seconds spent cleaning, which the parse's pull on the input includes

        def spend(stage: str, seconds: float) -> None:
            if timings is not None:
                timings[stage] = timings.get(stage, 0.0) + seconds

        def prepared() -> Iterator[tuple[str, tuple[Article, list[Span]]]]:
            for article in articles:
                error = _unicode_error(article.text) or self.budget.check_text(article)
                if error is not None:  # before spaCy, which fails on it with a bare UnicodeEncodeError
                    if on_error is None:
                        raise error
                    on_error(article, error)
                    continue
                t0 = clock()
                debris = clean.find_debris(article.text)
                masked = clean.parse_text(article.text, debris)
                cleaning[0] += clock() - t0
                yield masked, (article, debris)

        docs = parse_texts(self.nlp, prepared(), fast=self.fast, batch_size=self.batch_size, n_process=n_process)
        stages = self.component.stages
        while True:
            t0, cleaned = clock(), cleaning[0]
            try:
                doc, (article, debris) = next(docs)
            except StopIteration:
                break
            # the parse pulls the next articles through cleaning: that time is cleaning's
            spend("spacy", clock() - t0 - (cleaning[0] - cleaned))
            try:
                set_published(doc, article.published)
                doc._.set(DEBRIS, debris)
                doc.spans[DEBRIS] = char_spans(doc, [(s.start, s.end) for s in debris])
                for stage, component in stages:
                    t0 = clock()
                    doc = component(doc)
                    spend(stage, clock() - t0)
                    if stage == "attribution":
                        self.budget.check_statements(article, len(doc._.get(ATTRIBUTIONS) or []))
                t0 = clock()
                result = to_result(doc, article, debris)
                spend("assemble", clock() - t0)
            except Exception as exc:  # one bad article must not end a batch
                if on_error is None:
                    raise
                on_error(article, exc)
                continue
            yield result
        spend("clean", cleaning[0])


def _unicode_error(text: str) -> IngestError | None:
    """The error for a text holding a lone surrogate (a valid ``str`` but not Unicode text), if any."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return IngestError(
            f"not Unicode text: lone surrogate U+{ord(text[err.start]):04X} at offset {err.start}; "
            "decode the input with errors='replace' or fix the text at its source"
        )
    return None


def to_result(doc: Doc, article: Article | None = None, excluded: list[Span] | None = None) -> ExtractionResult:
    """The plain dataclasses of a Doc the quotegraph stages ran on: the spaCy boundary.

    Args:
        doc: the Doc, with ``doc._.qg_attributions``, ``doc._.qg_entities`` and
            ``doc._.qg_times``.
        article: the article the Doc was parsed from; every span's text is taken from its text
            again (the parsed text may have had page debris masked, offsets unchanged).
            ``None``: an article of the Doc's own text and ``doc._.qg_published``.
        excluded: the debris spans masked before parsing (default: ``doc._.qg_debris``).

    Returns:
        The article's attributions, entities, time expressions and excluded spans.
    """
    if article is None:
        article = Article(id="doc", text=doc_text(doc), published=doc._.get(PUBLISHED))
    text = article.text
    return ExtractionResult(
        article=article,
        attributions=[_resliced(a, text) for a in doc._.get(ATTRIBUTIONS) or []],
        entities=list(doc._.get(ENTITIES) or []),
        times=[dataclasses.replace(t, text=text[t.start : t.end]) for t in doc._.get(TIMES) or []],
        excluded=list(excluded if excluded is not None else doc._.get(DEBRIS) or []),
    )


def _resliced(att: Attribution, text: str) -> Attribution:
    """A copy of ``att`` whose spans take their text from the original input."""

    def fix(span: Span | None) -> Span | None:
        return None if span is None else Span.of(text, span.start, span.end)

    addressee, said_on = att.addressee, att.said_on
    if addressee is not None:
        addressee = dataclasses.replace(addressee, span=Span.of(text, addressee.span.start, addressee.span.end))
    if said_on is not None and said_on.evidence is not None:
        said_on = dataclasses.replace(said_on, evidence=fix(said_on.evidence))
    return dataclasses.replace(
        att,
        content=[Span.of(text, s.start, s.end) for s in att.content],
        cue=fix(att.cue),
        source=fix(att.source),
        addressee=addressee,
        said_on=said_on,
    )


def extractor_version(model: str | None = None, attribution_model: str | os.PathLike[str] | None = None) -> str:
    """A stable id of the extractor that ``model`` and ``attribution_model`` make: the package
    version, the spaCy pipeline and its version, the tokenizer rules quotegraph adds, a hash
    of the attribution model's file (or ``rules``) and one of the extraction code. Stored with
    each article, it tells ``quotegraph reprocess`` which articles an older extractor made.

    Args:
        model: spaCy pipeline name or path (default: the package's).
        attribution_model: attribution model folder or file, or ``"rules"`` (default:
            ``$QUOTEGRAPH_ATTRIBUTION_MODEL``, else the shipped model).

    Returns:
        e.g. ``quotegraph 0.1.0; en_core_web_sm 3.8.0; tokenizer glued-quotes-1+prefixed-roles-1+plain-spaces-1;
        attribution 1f2e3d4c5b6a; rules 9a8b7c6d5e4f`` (:func:`extraction_code`).
    """
    import hashlib
    from importlib import metadata as importlib_metadata
    from pathlib import Path

    from quotegraph import __version__
    from quotegraph.attribution import model as attribution

    name = model or DEFAULT_MODEL
    try:
        spacy_part = f"{Path(name).name} {importlib_metadata.version(name)}"
    except (importlib_metadata.PackageNotFoundError, ValueError):
        spacy_part = Path(name).name
    # The environment variable, where this version of the model module reads one.
    env = getattr(attribution, "MODEL_ENV", None)
    chosen = os.fspath(attribution_model) if attribution_model is not None else (
        (os.environ.get(env) if env else None) or str(attribution.SHIPPED_MODEL))
    if chosen == "rules":
        attribution_part = "rules"
    else:
        target = Path(chosen)
        if target.is_dir():
            target = target / attribution.MODEL_FILE
        try:
            attribution_part = hashlib.sha1(target.read_bytes()).hexdigest()[:12]
        except OSError:
            attribution_part = "unreadable"
    from quotegraph.nlp.pipeline import TOKENIZER_RULES

    # the tokenizer's own rules change the parse, so articles split by older ones are older too;
    # and the rules' code and shipped tables (speakers, addressees, dates) change the output
    return (f"quotegraph {__version__}; {spacy_part}; tokenizer {TOKENIZER_RULES}; attribution {attribution_part}; "
            f"rules {extraction_code()}")


@functools.lru_cache(maxsize=1)
def extraction_code() -> str:
    """A digest of the code and shipped data of every extraction stage (cleaning, the spaCy
    components, attribution, speakers, addressees, dates, the pipeline itself): a change of any
    rule makes a new extractor, whose ``reprocess`` redoes the articles an older one made."""
    import hashlib
    from pathlib import Path

    root = Path(__file__).parent
    digest = hashlib.sha1()
    files = [root / "pipeline.py", root / "models.py", root / "name_words.py"]
    for folder in ("clean", "nlp", "attribution", "speakers", "timing"):
        files += sorted(p for p in (root / folder).rglob("*") if p.suffix in {".py", ".json"}
                        and p.name != "attribution_model.json")  # (the model has its own part)
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
