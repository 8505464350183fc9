"""Turning any user text into safe full-text queries (FTS5 MATCH strings, tsquery pieces).

User text never reaches the full-text parser as syntax: it is split into words and quoted
phrases, and each becomes a quoted FTS5 string (or a bound parameter of ``plainto_tsquery`` /
``phraseto_tsquery`` on PostgreSQL). ``AND(``, stray quotes, ``NEAR``, ``*`` or ``-`` are
searched as the words they contain, and text without any word matches without a text filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Terms:
    """The searchable content of user text: single words and multi-word phrases."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def parse_terms(text: str | None) -> Terms:
    """Split user text into words and "quoted phrases" (an unbalanced quote is ignored).

    Args:
        text: whatever the user typed.

    Returns:
        The words (outside quotes) and phrases (inside balanced double quotes), in order.
    """
    if not text:
        return Terms((), ())
    phrases: list[tuple[str, ...]] = []
    words: list[str] = []
    pos = 0
    for m in _PHRASE.finditer(text):
        words.extend(_WORD.findall(text[pos : m.start()]))
        toks = tuple(_WORD.findall(m.group(1)))
        if len(toks) > 1:
            phrases.append(toks)
        else:
            words.extend(toks)
        pos = m.end()
    words.extend(_WORD.findall(text[pos:].replace('"', " ")))
    return Terms(tuple(words), tuple(phrases))


def _fts5_string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts5_query(text: str | None) -> str | None:
    """An FTS5 MATCH expression requiring every word and phrase of ``text``.

    Returns:
        ``None`` when ``text`` holds no word (the caller then applies no text filter).
    """
    terms = parse_terms(text)
    if not terms:
        return None
    parts = [_fts5_string(w) for w in terms.words]
    parts += [_fts5_string(" ".join(p)) for p in terms.phrases]
    return " AND ".join(parts)


def ts_pieces(text: str | None) -> tuple[str | None, list[str]]:
    """The pieces of a PostgreSQL tsquery: words for ``plainto_tsquery``, phrases for
    ``phraseto_tsquery`` (both functions accept any text, so nothing needs escaping).

    Returns:
        ``(words joined by spaces or None, [phrase, ...])``.
    """
    terms = parse_terms(text)
    return (" ".join(terms.words) or None, [" ".join(p) for p in terms.phrases])


def like_escape(text: str) -> str:
    """Escape ``%``, ``_`` and the escape character for ``LIKE … ESCAPE '\\'``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
