"""Check a quote against a collection of attested statements.

``Checker`` holds what a check needs in memory: the shingle index for the claim's words, an
optional matrix of sentence embeddings for its meaning (searched brute force, one matrix
product), and the statements' speakers and dates for the filters. A store feeds it with
:class:`~quotegraph.check.result.Statement` objects, and, when it keeps embeddings, their
vectors in the same order.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np

from quotegraph.check.align import align
from quotegraph.check.candidates import ShingleIndex
from quotegraph.check.embed import Embedder
from quotegraph.check.normalise import normalise
from quotegraph.check.result import CheckResult, Match, Statement
from quotegraph.check.verdict import (
    PARAPHRASE_MODEL,
    REWORDED,
    Aligned,
    ParaphraseModel,
    Similar,
    TokenMatch,
    judge,
    meaning_match,
    rank_key,
    same_speaker,
    words_match,
)

#: Candidates aligned per check (for each of the claimed speaker and everyone else).
CANDIDATES = 20
#: Matches listed in a result: the evidence, then the closest others up to this number.
SHOWN = 5
_NO_DAY = -1
#: Claimed speakers whose statement masks are kept between checks.
_MASKS_KEPT = 256
#: Tokenised statements kept between checks.
_NORMALISED_KEPT = 8192


class Checker:
    """Answers "did they say it, in those words?" over a collection of statements.

    Example:
        >>> checker = Checker([Statement("s1", "We will open the new bridge in May.", "Ann Lee")])
        >>> checker.check("we will open the new bridge in May", speaker="Ann Lee").verdict
        'verbatim'
    """

    def __init__(
        self,
        statements: Iterable[Statement] = (),
        *,
        embedder: Embedder | None = None,
        vectors: np.ndarray | None = None,
        speaker_match: Callable[[str, str | None], bool] = same_speaker,
        model: ParaphraseModel = PARAPHRASE_MODEL,
        candidates: int = CANDIDATES,
        reworded: float = REWORDED,
    ) -> None:
        """Build the indexes.

        Args:
            statements: the attested statements to search.
            embedder: embeds claims (and statements given without ``vectors``); without it
                there is no meaning-level matching and no "paraphrase" verdict.
            vectors: unit-length embeddings of ``statements``, one row each, in order.
            speaker_match: tells whether a claimed name denotes a statement's speaker.
            model: decides whether the statement most similar in meaning is a paraphrase
                (see :func:`~quotegraph.check.verdict.paraphrase_features`).
            candidates: statements aligned per check.
            reworded: the share of changed words from which an "altered" claim is read as a
                rewording, "paraphrase only" when the model agrees (:data:`~quotegraph.check.verdict.REWORDED`).
        """
        self.embedder = embedder
        self.speaker_match = speaker_match
        self.model = model
        self.reworded = reworded
        self.candidates = candidates
        self.index = ShingleIndex()
        self._statements: list[Statement] = []
        self._number: dict[str, int] = {}
        self._days: list[int] = []
        self._by_speaker: dict[str | None, list[int]] = {}
        self._speaker_masks: dict[str, np.ndarray] = {}
        self._vectors: list[np.ndarray] = []
        self._matrix: np.ndarray | None = None
        self._rows = np.empty(0, dtype=np.int64)
        from threadpoolctl import ThreadpoolController

        self._threadpools = ThreadpoolController()
        # Statements that keep coming up as candidates are tokenised once.
        self._normalised = lru_cache(maxsize=_NORMALISED_KEPT)(normalise)
        self.add_many(statements, vectors)

    def __len__(self) -> int:
        return len(self._statements)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self._number

    def statement(self, statement_id: str) -> Statement:
        """The statement added under ``statement_id``.

        Raises:
            KeyError: when no statement has that id.
        """
        return self._statements[self._number[statement_id]]

    @property
    def token_match(self) -> TokenMatch | None:
        """The embedder's scorer of matching word pieces, which the paraphrase decision weighs
        (``None`` without an embedder, or one that cannot score them)."""
        return getattr(self.embedder, "token_match", None)

    @property
    def meaning(self) -> bool:
        """Whether claims are also matched by meaning."""
        return self.embedder is not None and len(self._vectors) == len(self._statements)

    def add_many(self, statements: Iterable[Statement], vectors: np.ndarray | None = None) -> None:
        """Add statements (and their embeddings, computed here when an embedder is set).

        Args:
            statements: statements with ids not yet added.
            vectors: their unit-length embeddings, one row each, in order.

        Raises:
            ValueError: when an id is already present or ``vectors`` does not fit.
        """
        batch = list(statements)
        if vectors is None and self.embedder is not None and batch:
            vectors = self.embedder.encode([s.text for s in batch])
        if vectors is not None and len(vectors) != len(batch):
            raise ValueError(f"{len(vectors)} vectors for {len(batch)} statements")
        for n, statement in enumerate(batch):
            self.index.add(statement.id, statement.text)
            self._number[statement.id] = len(self._statements)
            self._by_speaker.setdefault(statement.speaker, []).append(len(self._statements))
            self._statements.append(statement)
            self._days.append(statement.said_on.toordinal() if statement.said_on else _NO_DAY)
            if vectors is not None:
                self._vectors.append(np.asarray(vectors[n], dtype=np.float32))
        self.index.add_many(())
        self._matrix = None
        self._days_array = np.asarray(self._days, dtype=np.int64)
        self._speaker_masks.clear()

    def _in_dates(self, since: _dt.date | None, until: _dt.date | None) -> np.ndarray:
        days = self._days_array
        keep = np.ones(len(days), dtype=bool)
        # A statement of unknown date cannot be shown to fall inside the limits.
        if since is not None:
            keep &= days >= since.toordinal()
        if until is not None:
            keep &= (days <= until.toordinal()) & (days != _NO_DAY)
        return keep

    def _speaker_mask(self, speaker: str) -> np.ndarray:
        # One name test per distinct speaker, not per statement; kept until statements change.
        mask = self._speaker_masks.get(speaker)
        if mask is None:
            mask = np.zeros(len(self._statements), dtype=bool)
            for name, numbers in self._by_speaker.items():
                if self.speaker_match(speaker, name):
                    mask[numbers] = True
            if len(self._speaker_masks) >= _MASKS_KEPT:
                self._speaker_masks.pop(next(iter(self._speaker_masks)))
            self._speaker_masks[speaker] = mask
        return mask

    def _by_words(self, claim_text: str, keep: np.ndarray) -> list[Aligned]:
        claim = normalise(claim_text)
        found = self.index.query(
            claim_text, self.candidates, accept=lambda sid: bool(keep[self._number[sid]])
        )
        return [
            Aligned(st, align(claim, self._normalised(st.text)))
            for st in (self._statements[self._number[c.statement_id]] for c in found)
        ]

    def _by_meaning(self, claim_text: str, *masks: np.ndarray) -> list[Similar]:
        """The closest statements by meaning within each mask (one encoding, one product)."""
        if not self.meaning or not any(m.any() for m in masks):
            return []
        if self._matrix is None:
            matrix = np.vstack(self._vectors)
            # Statements without a vector (zero rows: a backfill not yet run) are left out of
            # the product: they could only ever score 0.
            self._rows = np.flatnonzero(np.any(matrix != 0, axis=1))
            self._matrix = np.ascontiguousarray(matrix[self._rows])
        query = self.embedder.encode([claim_text])[0]  # type: ignore[union-attr]
        # One BLAS thread, as for the encoding: beside other checks more threads only spin.
        with self._threadpools.limit(limits=1, user_api="blas"):
            row_scores = self._matrix @ query
        found: list[Similar] = []
        for keep in masks:
            kept = keep[self._rows]
            k = min(self.candidates, int(kept.sum()))
            if not k:
                continue
            masked = np.where(kept, row_scores, -np.inf)
            top = np.argpartition(-masked, k - 1)[:k]
            found += [Similar(self._statements[int(self._rows[n])], float(row_scores[n])) for n in top]
        return found

    def similar_to(
        self, claim: str, speaker: str | None = None, since: _dt.date | None = None,
        until: _dt.date | None = None,
    ) -> list[Similar]:
        """The statements closest in meaning that a "paraphrase" verdict may rest on: the
        claimed speaker's own when one is named (empty without meaning-level matching)."""
        keep = self._in_dates(since, until)
        if speaker is not None:
            keep &= self._speaker_mask(speaker)
        return self._by_meaning(claim, keep)

    def check(
        self,
        claim: str,
        speaker: str | None = None,
        since: _dt.date | None = None,
        until: _dt.date | None = None,
    ) -> CheckResult:
        """Check a claim: did the speaker say these words, and where did they first appear?

        Args:
            claim: the quoted words, as the post or article gives them.
            speaker: who the claim says said them, if anyone.
            since: search only statements said on or after this day.
            until: search only statements said on or before this day.

        Returns:
            The verdict, its reason, and the closest attested statements with word-level diffs.
        """
        keep = self._in_dates(since, until)
        searched = int(keep.sum())
        result = CheckResult(
            claim=claim, verdict="not_found", reason="", speaker=speaker, since=since,
            until=until, searched=searched, meaning_searched=self.meaning,
        )
        if not normalise(claim).tokens:
            result.reason = "The claim has no words to look for."
            return result
        if speaker is not None and searched:
            own = keep & self._speaker_mask(speaker)
            aligned = self._by_words(claim, own) + self._by_words(claim, keep & ~own)
            # The speaker's own closest meanings, however many others say something closer.
            similar = self._by_meaning(claim, own, keep & ~own)
        else:
            aligned = self._by_words(claim, keep)
            similar = self._by_meaning(claim, keep)
        judgement = judge(
            normalise(claim), aligned, similar, speaker,
            speaker_match=self.speaker_match, model=self.model, token_match=self.token_match,
            reworded=self.reworded,
        )
        if judgement:
            result.verdict, result.reason = judgement.verdict, judgement.reason
            result.matches = list(judgement.evidence)
        else:
            result.reason = self._not_found_reason(searched, speaker, since, until)
        result.matches += self._closest(result.matches, aligned, similar)
        return result

    def _not_found_reason(
        self, searched: int, speaker: str | None, since: _dt.date | None, until: _dt.date | None
    ) -> str:
        scope = f"{searched} statement{'s' if searched != 1 else ''}"
        if since or until:
            scope += f" said {'from ' + since.isoformat() if since else ''}"
            scope += f"{' ' if since and until else ''}{'until ' + until.isoformat() if until else ''}"
        by = f" by {speaker}" if speaker else ""
        how = "these words or their meaning" if self.meaning else "these words"
        reason = f"No statement{by} among the {scope} searched carries {how}."
        if not self.meaning:
            reason += " Meaning-level matching was not available, so paraphrases were not sought."
        return reason

    def _closest(
        self, shown: Sequence[Match], aligned: Sequence[Aligned], similar: Sequence[Similar]
    ) -> list[Match]:
        seen = {m.statement_id for m in shown}
        extra: list[Match] = []
        for item in sorted(aligned, key=rank_key):
            if len(seen) >= SHOWN:
                return extra
            if item.alignment.matched and item.statement.id not in seen:
                seen.add(item.statement.id)
                extra.append(words_match(item, "closest"))
        for sim in sorted(similar, key=lambda s: -s.cosine):
            if len(seen) >= SHOWN:
                break
            if sim.statement.id not in seen:
                seen.add(sim.statement.id)
                extra.append(meaning_match(sim, "closest"))
        return extra
