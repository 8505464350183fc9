"""Whom a statement was made to: "told reporters", "said in a letter to Congress", "told CNN".

The addressee is the object of a telling verb (tell, remind, assure, warn, …), the object of
"to" after any cue verb ("wrote to supporters"), or the object of "to"/"with" after a carrier
noun ("in a letter to Congress", "in an interview with CNN"); it never overlaps the content.
"""

from __future__ import annotations

from spacy.tokens import Token

from quotegraph.models import Attribution, Span
from quotegraph.speakers.base import ResolverBase

_TELL_VERBS = {
    "tell", "remind", "inform", "assure", "warn", "advise", "urge", "brief", "ask", "promise",
    "reassure", "notify", "caution", "address", "email", "text", "write",
}  # fmt: skip
_CARRIER_NOUNS = {
    "letter", "email", "e-mail", "message", "note", "interview", "statement", "speech",
    "memo", "call", "conversation", "remarks", "address", "op-ed", "tweet", "post",
}  # fmt: skip


class AddresseeMixin(ResolverBase):
    """Finding an attribution's addressee from its cue."""

    def addressee(self, a: Attribution) -> tuple[Span, int | None] | None:
        """The addressee mention of ``a`` and its entity index, or ``None``."""
        if a.cue is None:
            return None
        span = self.doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        verbs = [t for t in span if t.pos_ in {"VERB", "AUX"}] or [span.root]
        verb = verbs[-1]
        inside = [(s.start, s.end) for s in a.content]
        candidates: list[Token] = []
        for child in verb.children:
            if child.dep_ in {"dobj", "dative", "iobj"} and verb.lemma_.lower() in _TELL_VERBS:
                candidates.append(child)
            elif child.dep_ in {"prep", "dative"} and child.lower_ == "to":
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ in {"in", "during", "through"}:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if pobj.lemma_.lower() in _CARRIER_NOUNS:
                        for p2 in pobj.children:
                            if p2.dep_ == "prep" and p2.lower_ in {"to", "with"}:
                                candidates.extend(c for c in p2.children if c.dep_ == "pobj")
        for tok in candidates:
            if tok.pos_ not in {"NOUN", "PROPN", "PRON"} or tok.lower_ in {"that", "it"}:
                continue
            toks = [t for t in tok.subtree if t.dep_ not in {"relcl", "acl", "punct", "prep"}
                    and t.i <= tok.i or (t.i > tok.i and t.dep_ in {"compound"})]
            start = min(t.idx for t in toks)
            end = max(t.idx + len(t.text) for t in toks)
            if any(s < end and start < e for s, e in inside):
                continue
            ent = self.art.mentions.entity_holding(tok.idx)
            return Span.of(self.text, start, end), ent
        return None
