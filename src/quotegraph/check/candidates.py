"""Near-verbatim candidate retrieval: an inverted index of word n-gram shingles.

A claim is often a *part* of what was said (cut short, or two statements joined), so what is
measured is containment — how many of the claim's shingles a statement holds — not the Jaccard
resemblance of the two sets. MinHash LSH (as in ``store/dedup.py``) estimates resemblance and
misses a ten-word claim taken from a sixty-word statement (Jaccard ≈ 0.15); datasketch's
containment variant (LSH Ensemble) cannot take statements one at a time. An inverted index of
hashed shingles answers containment exactly, and a query costs the length of the posting lists
of the claim's shingles (plus a binary search per shingle), not the size of the collection.

Shingle keys are stable 64-bit hashes (the same on every run and machine), so the same postings
can live in a database table ``(shingle, statement)`` with an index on ``shingle``.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from quotegraph.check.normalise import normalise

#: Words per shingle: three words rarely repeat by chance, and a changed word spoils only three.
SHINGLE = 3
#: Postings longer than this belong to stock phrases ("one of the") and are read only when a
#: claim has no rarer shingle.
MAX_POSTINGS = 20_000
#: Pending additions merged into the sorted arrays once they reach this share of the index.
_COMPACT_SHARE = 0.1


def shingle_key(words: Sequence[str]) -> int:
    """Stable signed 64-bit key of a word n-gram (fits an SQL ``BIGINT``).

    Args:
        words: the normalised words of the shingle.

    Returns:
        The key, identical on every run and machine.
    """
    digest = hashlib.blake2b("\x1f".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def shingles(norms: Sequence[str], size: int = SHINGLE) -> set[int]:
    """Keys of the word ``size``-grams of ``norms``; a shorter text is one shingle of itself.

    Args:
        norms: normalised words (see :func:`quotegraph.check.normalise.normalise`).
        size: words per shingle.

    Returns:
        The distinct shingle keys (empty for no words).
    """
    if not norms:
        return set()
    if len(norms) < size:
        return {shingle_key(norms)}
    return {shingle_key(norms[i : i + size]) for i in range(len(norms) - size + 1)}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A statement sharing shingles with a claim.

    Attributes:
        statement_id: the id given to :meth:`ShingleIndex.add`.
        score: share of the claim's shingles found in the statement (containment, 0–1].
        shared: number of the claim's shingles found in the statement.
        resemblance: shared shingles over the union of both sets (Jaccard), for ranking ties.
    """

    statement_id: str
    score: float
    shared: int
    resemblance: float


class ShingleIndex:
    """In-memory inverted index from word shingles to statements.

    Postings are kept as two sorted numpy arrays (keys, statement numbers), 12 bytes a posting,
    plus a small dictionary of recent additions merged in when it grows.

    Example:
        >>> index = ShingleIndex()
        >>> index.add("s1", "We will build the bridge by next spring.")
        >>> index.query("we will build the bridge", k=1)[0].statement_id
        's1'
    """

    def __init__(self, size: int = SHINGLE, max_postings: int = MAX_POSTINGS) -> None:
        self.size = size
        self.max_postings = max_postings
        self._ids: list[str] = []
        self._number: dict[str, int] = {}
        self._sizes = array("i")
        self._keys = np.empty(0, dtype=np.int64)
        self._posts = np.empty(0, dtype=np.int32)
        self._pending: dict[int, list[int]] = defaultdict(list)
        self._pending_count = 0
        #: Postings read by the last query (how much work it did).
        self.last_postings_read = 0

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self._number

    def add(self, statement_id: str, text: str) -> None:
        """Index one statement.

        Args:
            statement_id: the statement's id (unique in this index).
            text: the statement's words as attested.

        Raises:
            ValueError: when ``statement_id`` is already indexed.
        """
        if statement_id in self._number:
            raise ValueError(f"statement {statement_id!r} is already in the index")
        number = len(self._ids)
        self._ids.append(statement_id)
        self._number[statement_id] = number
        keys = shingles(normalise(text).norms, self.size)
        self._sizes.append(len(keys))
        for key in keys:
            self._pending[key].append(number)
        self._pending_count += len(keys)
        if self._pending_count > max(50_000, _COMPACT_SHARE * len(self._keys)):
            self._compact()

    def add_many(self, items: Iterable[tuple[str, str]]) -> None:
        """Index ``(statement_id, text)`` pairs (see :meth:`add`)."""
        for statement_id, text in items:
            self.add(statement_id, text)
        self._compact()

    def _compact(self) -> None:
        if not self._pending_count:
            return
        new_keys = np.fromiter(
            (k for k, nums in self._pending.items() for _ in nums),
            dtype=np.int64,
            count=self._pending_count,
        )
        new_posts = np.fromiter(
            (n for nums in self._pending.values() for n in nums),
            dtype=np.int32,
            count=self._pending_count,
        )
        keys = np.concatenate([self._keys, new_keys])
        posts = np.concatenate([self._posts, new_posts])
        order = np.argsort(keys, kind="stable")
        self._keys, self._posts = keys[order], posts[order]
        self._pending = defaultdict(list)
        self._pending_count = 0

    def _postings(self, key: int) -> np.ndarray:
        lo = int(np.searchsorted(self._keys, key, side="left"))
        hi = int(np.searchsorted(self._keys, key, side="right"))
        found = self._posts[lo:hi]
        extra = self._pending.get(key)
        if extra:
            found = np.concatenate([found, np.asarray(extra, dtype=np.int32)])
        return found

    def query(
        self,
        claim: str,
        k: int = 10,
        accept: Callable[[str], bool] | None = None,
    ) -> list[Candidate]:
        """Statements holding the most of the claim's shingles, best first.

        Args:
            claim: the claimed words.
            k: how many candidates to return at most.
            accept: keeps only statements whose id it accepts (speaker or date filters).

        Returns:
            Up to ``k`` candidates ranked by containment, then resemblance, then age.
        """
        keys = shingles(normalise(claim).norms, self.size)
        self.last_postings_read = 0
        if not keys or not self._ids:
            return []
        lists = sorted((self._postings(key) for key in keys), key=len)
        # Stock phrases are skipped unless nothing rarer is shared.
        usable = [p for p in lists if len(p) <= self.max_postings] or lists[:1]
        if not usable or not any(len(p) for p in usable):
            return []
        everything = np.concatenate(usable)
        self.last_postings_read = int(everything.size)
        numbers, counts = np.unique(everything, return_counts=True)
        sizes = np.frombuffer(self._sizes, dtype=np.int32)[numbers]
        resemblance = counts / (len(keys) + sizes - counts)
        # Best first: most shared shingles, then closest in length; numbers break ties.
        order = np.lexsort((numbers, -resemblance, -counts))
        found: list[Candidate] = []
        for i in order.tolist():
            statement_id = self._ids[int(numbers[i])]
            if accept is not None and not accept(statement_id):
                continue
            shared = int(counts[i])
            found.append(
                Candidate(statement_id, shared / len(keys), shared, float(resemblance[i]))
            )
            if len(found) == k:
                break
        return found
