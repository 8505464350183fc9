"""Learn the cue lexicon and the attribution model from PolNeAR's gold attributions.

The procedure behind ``quotegraph train polnear``: parse the training split (debris masked, as
the pipeline sees it), learn the cue lexicon from the gold cues, label every candidate of every
article against the gold (:func:`quotegraph.training.attribution.doc_examples`), fit the model
and tune its threshold on a second split. The same corpus and seed give the same files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from quotegraph.attribution.lexicon import (
    LEXICON_FILE,
    CueLexicon,
    learn_cue_lexicon,
    save_lexicon,
)
from quotegraph.attribution.model import AttributionModel, save_model
from quotegraph.corpora.polnear import GoldArticle, read_polnear
from quotegraph.corpora.statements import GoldDocument
from quotegraph.training.attribution import ATTRIBUTION_C, DocExamples, doc_examples, train_model


@dataclass(slots=True)
class TrainedAttribution:
    """What training learned: the cue lexicon and the model (with its ``meta``), and from how
    many articles."""

    lexicon: CueLexicon
    model: AttributionModel
    articles: int

    def save(self, out: str | Path) -> tuple[Path, Path]:
        """Write ``cue_lexicon.json`` and ``attribution_model.json`` into the folder ``out``.

        Returns:
            The lexicon's and the model's paths.
        """
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        save_lexicon(self.lexicon, folder / LEXICON_FILE)
        return folder / LEXICON_FILE, save_model(self.model, folder)


def train_polnear(
    path: str | Path,
    *,
    split: str = "train",
    tune_split: str = "",
    gold: Sequence[str | Path] = (),
    gold_weight: float | Sequence[float] = 3.0,
    folds: int = 5,
    semantic: bool = True,
    min_count: int = 2,
    c: float = ATTRIBUTION_C,
    seed: int = 0,
    limit: int | None = None,
    workers: int = 1,
    cache: str | Path | None = None,
    threshold_on: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
) -> TrainedAttribution:
    """Learn the cue lexicon and the attribution model from a PolNeAR split and annotated files.

    Args:
        path: the PolNeAR data folder (holding ``train/`` and ``dev/``).
        split: the split to learn from.
        tune_split: a split to tune the decision threshold on instead of cross-validation
            (``""``: none; PolNeAR dev is for checking, so the shipped model uses none).
        gold: further training files in the ``meantime_attr`` format
            (:mod:`quotegraph.corpora.statements`), e.g. ``news2019_attr.jsonl``.
        gold_weight: how much each of their documents counts against a PolNeAR one: one value
            for every file, or one per file of ``gold``, in order.
        folds: the threshold is chosen by this many-fold cross-validation over all training
            documents (folds dealt per corpus; ``0``: no cross-validation).
        semantic: give the model the cue lemma's meaning (:mod:`quotegraph.training.semantics`;
            needs the MiniLM package at training time only).
        min_count: drop cue lemmas seen fewer times than this.
        c: inverse L2 regularisation strength.
        seed: seed of the solver.
        limit: learn from the first ``limit`` PolNeAR articles only.
        workers: parsing processes.
        cache: a folder to keep the parsed documents in, so that a second run does not parse
            again (``None``: none).
        threshold_on: the corpora whose cross-validated figures choose the threshold
            (``polnear`` or a gold file's stem; empty: all of them).
        progress: called with a line at each step.

    Returns:
        The lexicon and the model; nothing is written (:meth:`TrainedAttribution.save`).

    Raises:
        EvaluationError: when the corpus, a split or a gold file is missing.
        ValueError: when the candidates hold no positive or no negative example, when
            ``gold_weight`` gives neither one weight nor one per gold file, or when
            ``threshold_on`` names no corpus of the training.
    """
    from quotegraph.clean import find_debris, parse_text
    from quotegraph.corpora.statements import read_gold
    from quotegraph.nlp import load_pipeline

    say = progress or (lambda _msg: None)
    weights = gold_weights(gold_weight, len(gold))
    nlp = load_pipeline()
    learn = read_polnear(path, split, limit=limit).articles
    tune = read_polnear(path, tune_split).articles if tune_split else []
    files = [(Path(g).stem, read_gold(g)) for g in gold]
    unknown = set(threshold_on) - {"polnear", *(name for name, _ in files)}
    if unknown:
        raise ValueError(f"--threshold-on {sorted(unknown)}: not polnear nor the name of a --gold file")

    def parse(texts: Sequence[str]) -> list[Doc]:
        masked = [parse_text(t, find_debris(t)) for t in texts]
        return parsed_docs(nlp, masked, workers=workers, cache=cache)

    docs = parse([a.text for a in learn])
    say(f"parsed {len(docs)} {split} articles")
    lexicon = learn_cue_lexicon(
        ((d, [span for g in a.attributions for span in g.cue]) for d, a in zip(docs, learn, strict=True)),
        min_count=min_count,
    )
    # the model's features must see the lexicon it ships with
    examples = _examples(docs, [_polnear_gold(a) for a in learn], lexicon, "polnear")
    for (name, records), weight in zip(files, weights, strict=True):
        parsed = parse([r.text for r in records])
        examples += _examples(parsed, [statement_gold(r) for r in records], lexicon, name, weight)
        say(f"parsed {len(parsed)} articles of {name}")
    tune_examples = _examples(parse([a.text for a in tune]), [_polnear_gold(a) for a in tune], lexicon,
                              "polnear") if tune else []
    say(f"{sum(len(e.labels) for e in examples)} candidates; parsed {len(tune_examples)} tuning articles")
    space = None
    if semantic:
        from quotegraph.training.semantics import SemanticSpace

        space = SemanticSpace.build()
        say(f"embedded {len(space.words)} verb lemmas")
    model = train_model(examples, tune_examples, c=c, seed=seed, folds=0 if tune else folds, semantic=space,
                        threshold_on=list(threshold_on) or None, progress=say)
    if threshold_on:
        model.meta["threshold_on"] = sorted(set(threshold_on))
    model.meta.update({"corpus": "PolNeAR", "split": split, "tune_split": tune_split or None,
                       "gold_files": [name for name, _ in files],
                       "gold_weight": weights if len(set(weights)) > 1 else (weights[0] if weights else gold_weight)})
    return TrainedAttribution(lexicon, model, len(examples))


def gold_weights(gold_weight: float | Sequence[float], files: int) -> list[float]:
    """One weight per gold file: a single value (or a one-item list) for all of them, else one per
    file, in order.

    Raises:
        ValueError: when a list gives neither one weight nor one per file, or a weight is negative.
    """
    given = [float(gold_weight)] if isinstance(gold_weight, int | float) else [float(w) for w in gold_weight]
    if len(given) == 1:
        given *= files
    if len(given) != files:
        raise ValueError(f"--gold-weight: give one weight, or one per --gold file ({files}), not {len(given)}")
    if any(w < 0 for w in given):
        raise ValueError("--gold-weight: weights cannot be negative")
    return given


GoldPairs = list[tuple[list[tuple[int, int]], list[tuple[int, int]] | None]]


def _polnear_gold(article: GoldArticle) -> GoldPairs:
    return [(list(g.content), list(g.source)) for g in article.attributions]


def statement_gold(document: GoldDocument) -> GoldPairs:
    """(content, source) spans of an annotated file's statements, as :func:`doc_examples` takes
    them: a source the annotators name but could not place in the text is ``None`` (unknown)."""
    return [([s.content], [s.source] if s.source is not None else (None if s.speaker is not None else []))
            for s in document.statements]


def _examples(docs: Sequence[Doc], golds: Sequence[GoldPairs], lexicon: CueLexicon, corpus: str,
              weight: float = 1.0) -> list[DocExamples]:
    """Each parsed article's candidates labelled against its gold attributions."""
    out = [doc_examples(d, g, lexicon) for d, g in zip(docs, golds, strict=True)]
    for e in out:
        e.corpus, e.weight = corpus, weight
    return out


def parsed_docs(nlp: Language, texts: Sequence[str], *, workers: int = 1,
                cache: str | Path | None = None) -> list[Doc]:
    """``nlp.pipe`` over ``texts``; with ``cache``, the Docs are kept there (a ``DocBin`` named by
    a hash of the pipeline's name and version and the texts) and read back on the next call."""
    from spacy.tokens import DocBin

    def run() -> list[Doc]:
        return list(nlp.pipe(texts, batch_size=16, n_process=max(1, workers)))

    if cache is None:
        return run()
    digest = hashlib.sha1(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{nlp.pipe_names}"
                          f"-{nlp.meta.get('quotegraph_tokenizer')}".encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    target = Path(cache) / f"{digest.hexdigest()[:20]}.docbin"
    if target.is_file():
        return list(DocBin().from_bytes(target.read_bytes()).get_docs(nlp.vocab))
    docs = run()
    bin_ = DocBin(store_user_data=True)
    for doc in docs:
        bin_.add(doc)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bin_.to_bytes())
    return docs
