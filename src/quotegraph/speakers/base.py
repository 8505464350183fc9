"""What every part of speaker resolution reads: the article index and its mention lookups."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from quotegraph.models import Attribution
from quotegraph.nlp import doc_text, quote_index
from quotegraph.speakers import descriptions as lex
from quotegraph.speakers.entities import Article, Mention

POSSESSIVES = {"'s", "’s", "'", "’"}
NATIONALITY_WORDS = set(lex.NATIONALITIES.values())
NOT_ORG_LABELS = {"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})  # the recogniser's labels of places
ORG_VOICE_HEADS = {
    "official", "officials", "reporter", "spokesman", "spokeswoman", "spokesperson",
    "representative", "correspondent", "writer", "columnist", "editor", "analysis",
    "announcement", "statement", "release",
}  # fmt: skip


class ResolverBase:
    """The state one article's resolution shares: its Doc, text, attributions and index."""

    def __init__(self, doc: Doc, attributions: list[Attribution]) -> None:
        self.doc = doc
        self.attributions = list(attributions)
        self.text = doc_text(doc)
        quotes = [(q.open_at, q.close_at) for q in quote_index(doc).items]
        self.art = Article(doc, quotes)

    def _entity_of_token(self, tok: Token) -> int | None:
        """The entity of the longest name mention holding ``tok``."""
        best, best_len = None, 0
        for m in self.art.mentions:
            if m.entity is not None and m.kind == "name" and m.start <= tok.idx < m.end:
                if m.end - m.start > best_len:
                    best, best_len = m.entity, m.end - m.start
        return best

    def _last_speaker(self, start: int, excluded: list[tuple[int, int]]) -> Mention | None:
        """The latest speaker mention before ``start`` outside the ``excluded`` ranges."""
        quoted = self.art.in_quote(start, start + 1)
        mentions = self.art.mentions
        # Only mentions starting before ``start`` qualify: in start order they are a prefix, so
        # the scan walks back from its end and stops at the first fit (was: every mention, for
        # every statement). The answer is the full backward scan's.
        for i in range(mentions.index_before(start) - 1, -1, -1):
            m = mentions[i]
            if m.kind == "speaker" and m.start < start and not any(
                s <= m.start < e for s, e in excluded
            ) and (quoted or not m.in_quote):
                # a speaker quoted inside someone's words is not the narrative's last speaker
                return m
        return None

    def _depth(self, m: Mention, head: Token) -> int:
        """Tree distance from a mention's first head-ward token up to ``head``."""
        best = 99
        for tok in self.doc.char_span(m.start, m.end, alignment_mode="expand") or []:
            cur, hops = tok, 0
            while cur.i != head.i and cur.head.i != cur.i and hops < 12:
                cur, hops = cur.head, hops + 1
            if cur.i == head.i:
                best = min(best, hops)
        return best
