"""Turning any user text into safe full-text queries (FTS5 MATCH strings, tsquery pieces).

The search syntax, the same on both backends (:func:`parse_query`):

* words and ``"quoted phrases"`` are all required (``tax budget`` needs both);
* ``OR`` (upper case) between two terms needs either (``tax OR budget``);
* ``-word`` or ``-"a phrase"`` excludes statements holding it;
* a bare ``AND`` is the implicit operator and is ignored.

User text never reaches the full-text parser as syntax: each term becomes a quoted FTS5 string
(or a bound parameter of ``plainto_tsquery`` / ``phraseto_tsquery`` on PostgreSQL), and only the
operators above are written by this module. ``AND(``, stray quotes, ``NEAR``, ``*`` are searched as
the words they contain, and text without any word matches without a text filter.
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


#: One searchable term: a single word, or the words of a phrase (in order).
Term = tuple[str, ...]

# A quoted phrase (with an optional "-" before it) or any run of non-space characters.
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass(frozen=True, slots=True)
class TextQuery:
    """A parsed search: every clause is required, a clause matches when any of its terms does,
    and no excluded term may occur.

    Attributes:
        clauses: the required clauses (``tax OR budget rail`` → ``((tax, budget), (rail,))``).
        excluded: the terms after a ``-``.
    """

    clauses: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.clauses or self.excluded)


def parse_query(text: str | None) -> TextQuery:
    """Parse user text with the search syntax (module docstring); never raises.

    A token of several words (``well-known``, ``U.S.``) is a phrase of them, as the full-text
    tokenizers would read it; an ``OR`` with no term on one side, a ``-`` alone and an unbalanced
    quote are ignored.

    Args:
        text: whatever the user typed.

    Returns:
        The clauses and excluded terms, in the order typed.
    """
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for m in _TOKEN.finditer(text or ""):
        quoted = m.group(3) is None
        raw = m.group(2) if quoted else m.group(3)
        if not quoted and raw in ("OR", "AND"):
            pending_or = raw == "OR" and bool(clauses)
            continue
        negative = m.group(1) == "-" if quoted else (raw.startswith("-") and len(raw) > 1)
        term = tuple(_WORD.findall(raw[1:] if negative and not quoted else raw))
        if not term:
            continue
        if negative:
            excluded.append(term)
        elif pending_or:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        pending_or = False
    return TextQuery(tuple(tuple(c) for c in clauses), tuple(excluded))


def _fts5_string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts5_any(terms: tuple[Term, ...]) -> str:
    """FTS5 for "any of ``terms``": each a quoted string (a phrase when it has several words)."""
    parts = [_fts5_string(" ".join(t)) for t in terms]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def fts5_parts(text: str | None) -> tuple[str | None, str | None]:
    """The FTS5 MATCH expressions of ``text``: ``(include, exclude)``.

    ``include`` requires the clauses and already excludes the ``-`` terms (``... NOT (...)``);
    ``exclude`` is set only when there is no clause: the statements it matches are to be left
    out (FTS5 has no "NOT" without a left side).

    Returns:
        ``(None, None)`` when ``text`` holds no term (the caller applies no text filter).
    """
    q = parse_query(text)
    if not q.clauses:
        return None, (_fts5_any(q.excluded) if q.excluded else None)
    include = " AND ".join(_fts5_any(c) for c in q.clauses)
    if q.excluded:
        # NOT binds tighter than AND in FTS5: the clauses go in parentheses.
        left = f"({include})" if len(q.clauses) > 1 else include
        include = f"{left} NOT {_fts5_any(q.excluded)}"
    return include, None


def fts5_query(text: str | None) -> str | None:
    """An FTS5 MATCH expression of ``text`` (:func:`fts5_parts`'s ``include``).

    Returns:
        ``None`` when ``text`` requires no term.
    """
    return fts5_parts(text)[0]


def ts_terms(text: str | None) -> dict[str, str]:
    """The terms of a PostgreSQL tsquery as bound parameters, named by their place in the query:
    ``qg_w_I_J`` / ``qg_p_I_J`` for the J-th word / phrase of clause I, ``qg_xw_J`` /
    ``qg_xp_J`` for excluded ones. The names alone give the query's shape (see
    :func:`quotegraph.store.queries.build_search`)."""
    q = parse_query(text)
    out: dict[str, str] = {}
    for i, clause in enumerate(q.clauses):
        for j, term in enumerate(clause):
            out[f"qg_{'p' if len(term) > 1 else 'w'}_{i}_{j}"] = " ".join(term)
    for j, term in enumerate(q.excluded):
        out[f"qg_x{'p' if len(term) > 1 else 'w'}_{j}"] = " ".join(term)
    return out


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
