"""The extraction pipeline: Article → clean → spaCy → attribution → speakers → time → result.

``Extractor`` owns the loaded spaCy pipeline; everything it returns is a plain
``ExtractionResult`` (``quotegraph.models``), so callers never touch spaCy objects.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc

from quotegraph import attribution, clean, speakers
from quotegraph import timing as timex
from quotegraph.models import Article, Attribution, ExtractionResult, Span
from quotegraph.nlp import DEFAULT_MODEL, load_pipeline


class Extractor:
    """Extract attributed statements from articles with one loaded language pipeline.

    Args:
        model: name or path of the spaCy pipeline (default: the English small pipeline).
        batch_size: articles per ``nlp.pipe`` batch in :meth:`extract_many`.
        attribution_model: attribution model folder or file, or ``"rules"``; kept for the
            attribution component (until it reads it, ``--attribution-model`` still reaches
            the stage through ``$QUOTEGRAPH_ATTRIBUTION_MODEL``).
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        batch_size: int = 16,
        attribution_model: str | os.PathLike[str] | None = None,
    ) -> None:
        self.model = model
        self.attribution_model = attribution_model
        self.batch_size = batch_size
        self.nlp = load_pipeline(model)

    def extract(self, article: Article) -> ExtractionResult:
        """Extract every attribution of one article."""
        return next(iter(self.extract_many([article])))

    def extract_many(
        self,
        articles: Iterable[Article],
        *,
        n_process: int = 1,
        on_error: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[ExtractionResult]:
        """Extract a stream of articles, in order, parsing them in batches.

        Args:
            articles: the articles; any iterable, consumed lazily.
            n_process: worker processes for spaCy parsing (1 = this process only).
            on_error: called with an article whose analysis failed, which is then left out;
                without it the error propagates (a bug in a stage should not pass silently).
        """

        def prepared() -> Iterator[tuple[str, tuple[Article, list[Span]]]]:
            for article in articles:
                debris = clean.find_debris(article.text)
                yield clean.mask(article.text, debris), (article, debris)

        docs = self.nlp.pipe(
            prepared(), as_tuples=True, batch_size=self.batch_size, n_process=n_process
        )
        for doc, (article, debris) in docs:
            try:
                result = self._analyse(doc, article, debris)
            except Exception as exc:  # one bad article must not end a batch
                if on_error is None:
                    raise
                on_error(article, exc)
                continue
            yield result

    def _analyse(self, doc: Doc, article: Article, debris: list[Span]) -> ExtractionResult:
        attributions = attribution.find_attributions(doc)
        entities = speakers.resolve_speakers(doc, attributions)
        times = timex.find_time_expressions(doc, article.published)
        timex.assign_said_on(doc, attributions, times, article.published)
        attributions = [_reslice(a, article.text) for a in attributions]
        return ExtractionResult(
            article=article,
            attributions=attributions,
            entities=entities,
            times=[dataclasses.replace(t, text=article.text[t.start : t.end]) for t in times],
            excluded=debris,
        )


def _reslice(att: Attribution, text: str) -> Attribution:
    """Re-take every span's text from the original input (the parsed text had debris masked)."""

    def fix(span: Span | None) -> Span | None:
        return None if span is None else Span.of(text, span.start, span.end)

    att.content = [Span.of(text, s.start, s.end) for s in att.content]
    att.cue = fix(att.cue)
    att.source = fix(att.source)
    if att.addressee is not None:
        att.addressee = dataclasses.replace(att.addressee, span=fix(att.addressee.span))
    if att.said_on is not None and att.said_on.evidence is not None:
        att.said_on = dataclasses.replace(att.said_on, evidence=fix(att.said_on.evidence))
    return att


def extractor_version(model: str | None = None, attribution_model: str | os.PathLike[str] | None = None) -> str:
    """A stable id of the extractor that ``model`` and ``attribution_model`` make: the package
    version, the spaCy pipeline and its version, and a hash of the attribution model's file (or
    ``rules``). Stored with each article, it tells ``quotegraph reprocess`` which articles an
    older extractor made.

    Args:
        model: spaCy pipeline name or path (default: the package's).
        attribution_model: attribution model folder or file, or ``"rules"`` (default:
            ``$QUOTEGRAPH_ATTRIBUTION_MODEL``, else the shipped model).

    Returns:
        e.g. ``quotegraph 0.1.0; en_core_web_sm 3.8.0; attribution 1f2e3d4c5b6a``.
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
    return f"quotegraph {__version__}; {spacy_part}; attribution {attribution_part}"
