"""Find quotations (text between quotation marks) by character scanning.

Works on the raw text, before and independently of the parse, so that unbalanced or odd marks
never break anything downstream: a mark that cannot be paired is simply left unpaired.

Rules:
- Curly marks pair by direction (“ … ”); straight marks (") alternate within a paragraph.
- A quote running over several paragraphs opens at each paragraph start and closes once at the
  end (news convention): an opening mark that is still open at the end of its paragraph continues
  when the next paragraph starts with an opening mark; the pieces become one ``Quote`` with one
  content span per paragraph.
- An opening mark still open at the end of its paragraph without such a continuation closes at
  the paragraph end (scraped text often drops the closing mark).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "“\"«„"
CLOSING = "”\"»“"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation: its content pieces (without the marks) and the marks' outer bounds."""

    pieces: tuple[tuple[int, int], ...]
    open_at: int  # index of the first opening mark
    close_at: int  # index just after the closing mark (or the piece end when unclosed)
    closed: bool

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def words(self, text: str) -> int:
        """How many words the quotation holds."""
        return sum(len(_WORD.findall(text[s:e])) for s, e in self.pieces)

    def is_sentential(self, text: str) -> bool:
        """A quotation that reads as a statement on its own, not a phrase or title."""
        body = " ".join(text[s:e] for s, e in self.pieces).strip()
        if len(self.pieces) > 1:
            return True
        n = len(_WORD.findall(body))
        if n >= 8:
            return True
        return n >= 4 and (body[-1:] in ".,!?…—–-" or body[:1].isupper() and n >= 6)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in re.finditer(r"\n", text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _is_opening_straight(text: str, i: int, para_start: int, width: int = 1) -> bool:
    """A straight mark opens when what precedes it is a boundary and a word follows."""
    before = text[i - 1] if i > para_start else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in "([{—–-:;,/") and not after.isspace()


def _scan_paragraph(text: str, start: int, end: int) -> tuple[list[tuple[int, int, int, int]], int | None]:
    """Pair marks inside one paragraph.

    Double marks are “ ” « » „ and the straight ``"``, plus the doubled apostrophe ``''`` some
    newspapers print for them. Single quotations ‘…’ are paired afterwards, outside double ones.

    Returns:
        The closed quotes as (open mark, content start, content end, after close mark) and the
        index of a mark still open at the paragraph end (or None).
    """
    quotes: list[tuple[int, int, int, int]] = []
    open_at: int | None = None
    open_len = 1
    depth = 0
    i = start
    while i < end:
        ch = text[i]
        width = 2 if ch == "'" and text.startswith("''", i) else 1
        if ch == "“" or ch == "«" or ch == "„":
            if open_at is None:
                open_at, open_len, depth = i, 1, 1
            elif ch == "“" and text[open_at] in "\"'":
                open_at, open_len = i, 1
            elif text[open_at] == "“":
                depth += 1  # a quotation inside a quotation: wait for its closing mark too
        elif ch == "”" or ch == "»":
            if open_at is None and ch == "”" and _is_opening_straight(text, i, start):
                open_at, open_len, depth = i, 1, 1  # a closing mark typed as an opening one
            elif open_at is not None:
                depth -= 1
                if depth <= 0 or not _more_closing(text, i + 1, end):
                    quotes.append((open_at, open_at + open_len, i, i + 1))
                    open_at = None
        elif ch == '"' or width == 2:
            if open_at is None:
                if _is_opening_straight(text, i, start, width):
                    open_at, open_len = i, width
            elif text[open_at] in "\"“'":
                quotes.append((open_at, open_at + open_len, i, i + width))
                open_at = None
        i += width
    if open_at is not None and open_len == 2:
        open_at = None  # a lone '' is too often an abbreviation or a typo to open a paragraph quote
    quotes.extend(_single_quotes(text, start, end, quotes))
    quotes.sort()
    return quotes, open_at


_SINGLE_PAIR = re.compile(r"(?<![\w’'])(?:‘(?=\S)([^‘’\n]*?\S)’|'(?=[A-Za-z])([^'\n]{0,80}?[\w.,!?])')(?!\w)")


def _single_quotes(
    text: str, start: int, end: int, doubles: list[tuple[int, int, int, int]]
) -> list[tuple[int, int, int, int]]:
    """‘Single’ quotations (headlines, British style) that do not lie inside a double one."""
    out = []
    for m in _SINGLE_PAIR.finditer(text, start, end):
        if any(o <= m.start() < a for o, _, _, a in doubles):
            continue
        out.append((m.start(), m.start() + 1, m.end() - 1, m.end()))
    return out


def _more_closing(text: str, start: int, end: int) -> bool:
    """Is there another closing mark later in the paragraph (so an inner quote can close first)?"""
    return text.find("”", start, end) >= 0


def find_quotes(text: str) -> list[Quote]:
    """Every quotation of ``text``, in order, with multi-paragraph quotes joined.

    Args:
        text: the article text (debris already masked or not: marks are what count).

    Returns:
        Non-overlapping quotes sorted by position; content pieces exclude the marks and
        surrounding whitespace.
    """
    quotes: list[Quote] = []
    pending: list[tuple[int, int]] = []  # pieces of a quote continuing over paragraphs
    pending_open = -1
    for p_start, p_end in _paragraphs(text):
        scan_from = p_start
        lead = p_start
        while lead < p_end and text[lead].isspace():
            lead += 1
        starts_with_open = lead < p_end and text[lead] in OPENING
        if pending and not starts_with_open:
            # the continuation did not come: close the pending quote at its paragraph end
            quotes.append(Quote(tuple(pending), pending_open, pending[-1][1], False))
            pending = []
        inner, still_open = _scan_paragraph(text, scan_from, p_end)
        if pending and inner and inner[0][0] == lead:
            # the continued quote closes in this paragraph
            o, cs, ce, after = inner.pop(0)
            pending.append(_trim(text, cs, ce))
            quotes.append(Quote(tuple(pending), pending_open, after, True))
            pending = []
        for o, cs, ce, after in inner:
            quotes.append(Quote((_trim(text, cs, ce),), o, after, True))
        if still_open is not None:
            piece = _trim(text, still_open + 1, p_end)
            if pending and still_open == lead:
                pending.append(piece)
            else:
                if pending:
                    quotes.append(Quote(tuple(pending), pending_open, pending[-1][1], False))
                pending = [piece]
                pending_open = still_open
        elif pending:
            quotes.append(Quote(tuple(pending), pending_open, pending[-1][1], False))
            pending = []
    if pending:
        quotes.append(Quote(tuple(pending), pending_open, pending[-1][1], False))
    return [q for q in sorted(quotes, key=lambda q: q.start) if q.end > q.start]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
