"""Exact and near-duplicate detection of articles: content hashes and MinHash LSH bands.

Near-duplicates (syndicated copies with a different headline or footer) are found with MinHash
signatures (datasketch, fixed seed so every run and machine computes the same signature) cut
into LSH bands. The bands live in the database (``article_bands``), not in memory: a resumed run,
another process, or PostgreSQL shared by several loaders all see the same index, and a lookup
is one indexed query.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

NUM_PERM = 128
SEED = 20240717
SHINGLE = 5
#: Estimated Jaccard similarity of word 5-shingles above which two articles are one group.
THRESHOLD = 0.7


@cache
def lsh_shape() -> tuple[int, int]:
    """(bands, rows per band) of the LSH index for :data:`THRESHOLD`. Computed on first use:
    datasketch imports scipy, a second of start-up that commands reading the store never need."""
    from datasketch.lsh import _optimal_param

    bands, rows = _optimal_param(THRESHOLD, NUM_PERM, 0.5, 0.5)
    return int(bands), int(rows)


_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace runs collapsed: identical articles hash equal."""
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def article_id(text_hash: str) -> str:
    """The store's id of an article: a prefix of its content hash (stable across runs)."""
    return text_hash[:16]


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash signature and its LSH band keys."""

    hashvalues: np.ndarray

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        import numpy as np

        return cls(np.frombuffer(data, dtype="<u8"))

    def bands(self) -> list[tuple[int, str]]:
        """``(band number, band hash)`` pairs; two signatures sharing one are LSH candidates."""
        out = []
        values = self.hashvalues.astype("<u8")
        bands, rows = lsh_shape()
        for b in range(bands):
            chunk = values[b * rows : (b + 1) * rows].tobytes()
            out.append((b, hashlib.blake2b(chunk, digest_size=8).hexdigest()))
        return out

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        import numpy as np

        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM


def signature(text: str) -> Signature | None:
    """MinHash signature of ``text``'s word shingles, or ``None`` when too short to compare."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < SHINGLE * 2:
        return None
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch(
        [" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)]
    )
    import numpy as np

    return Signature(np.asarray(mh.hashvalues, dtype="<u8"))
