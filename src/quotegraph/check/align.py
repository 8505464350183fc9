"""Word-level alignment of a claim with one attested statement.

The claim is aligned whole; the statement only where the claim meets it, so words the claim
never reaches (before its first or after its last matching word) are context, not deletions.
Inside that region each difference is one operation with character offsets into both texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from quotegraph.check.normalise import Normalised

OpKind = Literal["equal", "replace", "insert", "delete", "elided", "editorial"]
#: Operations that leave the attested words as they were said.
FAITHFUL: frozenset[str] = frozenset({"equal", "elided", "editorial"})


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One step from the attested words to the claim.

    ``op`` reads from the claim's side: ``insert`` — words in the claim the statement lacks;
    ``delete`` — statement words the claim leaves out without marking it; ``elided`` — statement
    words left out where the claim marks an ellipsis; ``replace`` — different words;
    ``editorial`` — words in square brackets in the claim, an editor's addition or stand-in;
    ``equal`` — the same words. An empty side has ``start == end`` at the gap's position.

    Attributes:
        op: the kind of step.
        claim_start: offset into the claim text.
        claim_end: end offset into the claim text.
        statement_start: offset into the statement text.
        statement_end: end offset into the statement text.
        claim_text: ``claim[claim_start:claim_end]``.
        statement_text: ``statement[statement_start:statement_end]``.
    """

    op: OpKind
    claim_start: int
    claim_end: int
    statement_start: int
    statement_end: int
    claim_text: str
    statement_text: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "op": self.op,
            "claim": {"start": self.claim_start, "end": self.claim_end, "text": self.claim_text},
            "statement": {
                "start": self.statement_start,
                "end": self.statement_end,
                "text": self.statement_text,
            },
        }


@dataclass(frozen=True, slots=True)
class Alignment:
    """A claim aligned with one statement.

    Attributes:
        ops: the steps in claim order, each with offsets into both texts.
        spans: for each op, its token ranges ``(claim_i, claim_j, statement_i, statement_j)``.
        claim_words: words in the claim that count (bracketed editorial words excluded).
        statement_words: words in the whole statement.
        region: statement token range ``(i, j)`` the claim spans.
        region_chars: the same range as character offsets into the statement.
        matched: claim words equal to statement words.
        longest_run: longest run of consecutive equal words.
    """

    ops: tuple[DiffOp, ...]
    spans: tuple[tuple[int, int, int, int], ...]
    claim_words: int
    statement_words: int
    region: tuple[int, int]
    region_chars: tuple[int, int]
    matched: int
    longest_run: int

    @property
    def coverage(self) -> float:
        """Share of the claim's words found, in order, in the statement."""
        return self.matched / self.claim_words if self.claim_words else 0.0

    @property
    def region_share(self) -> float:
        """Share of the statement's words inside the region the claim spans."""
        i, j = self.region
        return (j - i) / self.statement_words if self.statement_words else 0.0

    @property
    def changes(self) -> tuple[DiffOp, ...]:
        """The steps that change the attested words (not equal, elided or editorial)."""
        return tuple(op for op in self.ops if op.op not in FAITHFUL)

    def claim_ranges(self, kind: str = "equal") -> list[tuple[int, int]]:
        """Claim token ranges of the ops of one kind (by default, the words found)."""
        return [(a, b) for op, (a, b, _, _) in zip(self.ops, self.spans, strict=True)
                if op.op == kind and a < b]


def _trim_edges(
    opcodes: list[tuple[str, int, int, int, int]], claim: Normalised
) -> list[tuple[str, int, int, int, int]]:
    """Drop statement-only steps at both ends; cut edge replacements to the claim's length.

    Bracketed words at an edge stand in for one word ("[The school] will…" for "it will…").
    """

    def width(i1: int, i2: int) -> int:
        return 1 if all(t.editorial for t in claim.tokens[i1:i2]) else i2 - i1

    # difflib's "insert" adds statement words to the claim: at the ends, they are context.
    ops = list(opcodes)
    while ops and ops[0][0] == "insert":
        ops.pop(0)
    while ops and ops[-1][0] == "insert":
        ops.pop()
    if ops and ops[0][0] == "replace":
        tag, i1, i2, j1, j2 = ops[0]
        # Pair the claim's first words with the statement words just before the next match.
        ops[0] = (tag, i1, i2, max(j1, j2 - width(i1, i2)), j2)
    if ops and ops[-1][0] == "replace":
        tag, i1, i2, j1, j2 = ops[-1]
        ops[-1] = (tag, i1, i2, j1, min(j2, j1 + width(i1, i2)))
    return ops


def _merge_strays(
    opcodes: list[tuple[str, int, int, int, int]], claim: Normalised
) -> list[tuple[str, int, int, int, int]]:
    """Fold a lone matching word between two changes into one replacement.

    Unrelated words share "the" or "will" by chance; "“school budget will rise” for “old
    ferry will stop”" reads better than three changes around two stray matches.
    """

    def plain(op: tuple[str, int, int, int, int]) -> bool:
        tag, i1, i2, _, _ = op
        return tag != "equal" and _kind(tag, i1, i2, claim) in ("replace", "insert", "delete")

    out: list[tuple[str, int, int, int, int]] = []
    n = 0
    while n < len(opcodes):
        op = opcodes[n]
        if (
            out and n + 1 < len(opcodes) and op[0] == "equal" and op[2] - op[1] == 1
            and plain(out[-1]) and plain(opcodes[n + 1])
        ):
            before, after = out.pop(), opcodes[n + 1]
            out.append(("replace", before[1], after[2], before[3], after[4]))
            n += 2
            continue
        out.append(op)
        n += 1
    return out


def _kind(tag: str, i1: int, i2: int, claim: Normalised) -> OpKind:
    # difflib edits the claim (a) into the statement (b); DiffOp reads from the claim's side.
    if tag == "insert":
        return "elided" if i1 in claim.elisions else "delete"
    if tag in ("delete", "replace") and all(t.editorial for t in claim.tokens[i1:i2]):
        return "editorial"
    if tag == "delete":
        return "insert"
    return tag  # type: ignore[return-value]


def align(claim: Normalised, statement: Normalised) -> Alignment:
    """Align a claim's words with a statement's words.

    Args:
        claim: the normalised claim.
        statement: the normalised attested statement.

    Returns:
        The steps from the statement's words to the claim's, with offsets into both texts.
        With no word in common the claim is one ``insert`` and the region is empty.
    """
    matcher = SequenceMatcher(None, claim.norms, statement.norms, autojunk=False)
    raw: list[tuple[str, int, int, int, int]] = list(matcher.get_opcodes())
    opcodes = _merge_strays(_trim_edges(raw, claim), claim)
    if not any(tag == "equal" for tag, *_ in opcodes):
        opcodes = [("delete", 0, len(claim), 0, 0)] if len(claim) else []
    ops: list[DiffOp] = []
    spans: list[tuple[int, int, int, int]] = []
    matched = longest = 0
    for tag, i1, i2, j1, j2 in opcodes:
        kind = _kind(tag, i1, i2, claim)
        cs, ce = claim.char_span(i1, i2)
        ss, se = statement.char_span(j1, j2)
        ops.append(DiffOp(kind, cs, ce, ss, se, claim.text[cs:ce], statement.text[ss:se]))
        spans.append((i1, i2, j1, j2))
        if kind == "equal":
            # A bracketed word equal to the statement's is still the editor's, not a quote.
            matched += sum(1 for t in claim.tokens[i1:i2] if not t.editorial)
            longest = max(longest, i2 - i1)
    if any(tag == "equal" for tag, *_ in opcodes):
        region = (spans[0][2], spans[-1][3])
    else:
        region = (0, 0)
    region_chars = statement.char_span(*region) if region[0] < region[1] else (0, 0)
    countable = sum(1 for t in claim.tokens if not t.editorial)
    return Alignment(
        ops=tuple(ops),
        spans=tuple(spans),
        claim_words=countable,
        statement_words=len(statement),
        region=region,
        region_chars=region_chars,
        matched=matched,
        longest_run=longest,
    )
