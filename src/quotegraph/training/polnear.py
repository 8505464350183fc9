"""Learn the cue lexicon and the attribution model from PolNeAR's gold attributions.

The procedure behind ``quotegraph train polnear``: parse the training split (debris masked, as
the pipeline sees it), learn the cue lexicon from the gold cues, label every candidate of every
article against the gold (:func:`quotegraph.training.attribution.doc_examples`), fit the model
and tune its threshold on a second split. The same corpus and seed give the same files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from quotegraph.attribution.lexicon import (
    LEXICON_FILE,
    CueLexicon,
    learn_cue_lexicon,
    save_lexicon,
)
from quotegraph.attribution.model import AttributionModel, save_model
from quotegraph.corpora.polnear import GoldArticle, read_polnear
from quotegraph.training.attribution import DocExamples, doc_examples, train_model


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
    tune_split: str = "dev",
    min_count: int = 2,
    c: float = 0.3,
    seed: int = 0,
    limit: int | None = None,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
) -> TrainedAttribution:
    """Learn the cue lexicon and the attribution model from a PolNeAR split.

    Args:
        path: the PolNeAR data folder (holding ``train/`` and ``dev/``).
        split: the split to learn from.
        tune_split: the split the decision threshold is tuned on (``""``: none, 0.35 kept).
        min_count: drop cue lemmas seen fewer times than this.
        c: inverse L2 regularisation strength.
        seed: seed of the solver.
        limit: learn from the first ``limit`` articles only.
        workers: parsing processes.
        progress: called with a line at each step.

    Returns:
        The lexicon and the model; nothing is written (:meth:`TrainedAttribution.save`).

    Raises:
        EvaluationError: when the corpus or a split is missing.
        ValueError: when the candidates hold no positive or no negative example.
    """
    from quotegraph.clean import find_debris, mask
    from quotegraph.nlp import load_pipeline

    say = progress or (lambda _msg: None)
    nlp = load_pipeline()
    learn = read_polnear(path, split, limit=limit).articles
    tune = read_polnear(path, tune_split).articles if tune_split else []

    def parse(articles: Sequence[GoldArticle]) -> list[Doc]:
        texts = (mask(a.text, find_debris(a.text)) for a in articles)
        return list(nlp.pipe(texts, batch_size=16, n_process=max(1, workers)))

    docs = parse(learn)
    say(f"parsed {len(docs)} {split} articles")
    lexicon = learn_cue_lexicon(
        ((d, [span for g in a.attributions for span in g.cue]) for d, a in zip(docs, learn, strict=True)),
        min_count=min_count,
    )
    # the model's features must see the lexicon it ships with
    examples = _examples(docs, learn, lexicon)
    tune_examples = _examples(parse(tune), tune, lexicon) if tune else []
    say(f"{sum(len(e.labels) for e in examples)} candidates; parsed {len(tune_examples)} tuning articles")
    model = train_model(examples, tune_examples, c=c, seed=seed, progress=say)
    model.meta.update({"corpus": "PolNeAR", "split": split, "tune_split": tune_split or None})
    return TrainedAttribution(lexicon, model, len(docs))


def _examples(docs: Sequence[Doc], articles: Sequence[GoldArticle], lexicon: CueLexicon) -> list[DocExamples]:
    """Each parsed article's candidates labelled against its gold attributions."""
    return [doc_examples(d, [(g.content, g.source) for g in a.attributions], lexicon)
            for d, a in zip(docs, articles, strict=True)]
