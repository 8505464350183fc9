"""The text of a parsed article, built once for both time passes.

spaCy rebuilds ``Doc.text`` from its tokens on every access (about a millisecond for a long
article); ``find_time_expressions`` and ``assign_said_on`` both need it for the same Doc, so the
last one built is kept, keyed by a weak reference to its Doc (a dead reference never matches).
"""

from __future__ import annotations

import weakref

from spacy.tokens import Doc

_last: tuple[weakref.ref[Doc], str] | None = None


def doc_text(doc: Doc) -> str:
    """``doc.text``, built at most once in a row for the same Doc."""
    global _last
    last = _last
    if last is not None and last[0]() is doc:
        return last[1]
    text = doc.text
    _last = (weakref.ref(doc), text)
    return text
