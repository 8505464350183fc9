"""What a cue verb means, for verbs the training data never showed: MiniLM embeddings of lemmas.

The attribution model's features name the cue's lemma, so a verb it never saw in training
("unveiled", "quipped") has only generic features to go by. Here every verb spaCy's lemmatizer
knows (WordNet's verb list, shipped with the English pipeline) gets the MiniLM embedding of
"to <verb>" (:mod:`quotegraph.check.embed`), reduced to a few principal components. Training
gives the model one weight vector per frame (how the cue takes its content:
:func:`quotegraph.attribution.features.frame_of`) over these components, fitted jointly with the
other features; the shipped model stores the product — one number per verb and frame — so that
extraction needs no embedding model and no time: a verb of the same kind as the verbs that report
speech in the training data ("quip" like "joke") weighs like them, and a verb of doing
("unveil", "appoint") like verbs of doing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from quotegraph.attribution.features import lemma_and_frame

#: The frames whose cue lemma's meaning the model weighs (verbs and nouns that head a cue).
FRAMES = ("V-quote", "V-clause", "V-np", "V-prep", "V-other", "N")
#: Principal components of the embeddings the model sees.
COMPONENTS = 32
TEMPLATE = "to {}"


def verb_lemmas() -> list[str]:
    """Every one-word verb lemma of the English pipeline's lemmatizer (WordNet's verb list)."""
    import spacy

    from quotegraph.nlp import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL, exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler", "senter"])
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    return sorted(w for w in index["verb"] if w.isascii() and w.isalpha() and w.islower())


def _cache_dir() -> Path:
    return Path(os.environ.get("QUOTEGRAPH_CACHE", Path.home() / ".cache" / "quotegraph")) / "lemma_vectors"


def lemma_vectors(words: Sequence[str], template: str = TEMPLATE) -> np.ndarray:
    """MiniLM embeddings (L2-normalised, 384 wide) of ``template`` filled with each word, cached
    on disk by the word list's hash (the embedding takes minutes on one core).

    Raises:
        ModelError: when the MiniLM package is not installed.
    """
    key = hashlib.sha1((template + "\n" + "\n".join(words)).encode()).hexdigest()[:16]
    cached = _cache_dir() / f"{key}.npy"
    if cached.is_file():
        return np.load(cached)
    from quotegraph.check.embed import default_embedder

    embedder = default_embedder()
    texts = [template.format(w) for w in words]
    vecs = np.concatenate([embedder.encode(texts[i:i + 256]) for i in range(0, len(texts), 256)]).astype(np.float32)
    cached.parent.mkdir(parents=True, exist_ok=True)
    np.save(cached, vecs)
    return vecs


@dataclass
class SemanticSpace:
    """The lemmas' reduced embeddings: ``vectors[i]`` belongs to ``words[i]``."""

    words: list[str]
    vectors: np.ndarray
    frames: tuple[str, ...] = FRAMES
    _row: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._row = {w: i for i, w in enumerate(self.words)}

    @classmethod
    def build(cls, words: Sequence[str] | None = None, components: int = COMPONENTS,
              scale: float = 1.0) -> SemanticSpace:
        """Embed ``words`` (default: :func:`verb_lemmas`) and keep their first ``components``
        principal components, each scaled to standard deviation ``scale``."""
        words = list(words) if words is not None else verb_lemmas()
        vecs = lemma_vectors(words)
        centred = vecs - vecs.mean(axis=0)
        # principal axes by SVD; the sign of each is fixed so that runs give the same table
        _, _, axes = np.linalg.svd(centred, full_matrices=False)
        axes = axes[:components]
        axes *= np.sign(axes[np.arange(len(axes)), np.abs(axes).argmax(axis=1)])[:, None]
        reduced = centred @ axes.T
        reduced *= scale / reduced.std(axis=0)
        return cls(words, reduced.astype(np.float64))

    @property
    def width(self) -> int:
        return len(self.frames) * self.vectors.shape[1]

    def slot(self, features: Sequence[str]) -> tuple[int, int] | None:
        """(frame index, word row) of a candidate from its features, ``None`` when its frame is
        not weighed or its lemma has no embedding."""
        lemma, frame = lemma_and_frame(list(features))
        if frame not in self.frames or lemma is None:
            return None
        row = self._row.get(lemma)
        return None if row is None else (self.frames.index(frame), row)

    def columns(self, features: Sequence[Sequence[str]]):  # type: ignore[no-untyped-def]
        """The dense block of a design matrix (scipy CSR): each candidate's reduced lemma
        embedding in its frame's columns, nothing for the others."""
        from scipy.sparse import csr_matrix

        d = self.vectors.shape[1]
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for n, f in enumerate(features):
            slot = self.slot(f)
            if slot is None:
                continue
            frame, row = slot
            rows.extend([n] * d)
            cols.extend(range(frame * d, frame * d + d))
            vals.extend(self.vectors[row].tolist())
        return csr_matrix((vals, (rows, cols)), shape=(len(features), self.width))

    def table(self, coef: np.ndarray, digits: int = 4) -> dict[str, dict[str, float]]:
        """frame → lemma → weight, from the fitted weights of :meth:`columns`' block; weights
        under half a unit of the last digit are left out."""
        d = self.vectors.shape[1]
        out: dict[str, dict[str, float]] = {}
        for k, frame in enumerate(self.frames):
            scores = self.vectors @ coef[k * d:(k + 1) * d]
            out[frame] = {w: round(float(s), digits) for w, s in zip(self.words, scores, strict=True)
                          if abs(s) >= 0.5 * 10 ** -digits}
        return out
