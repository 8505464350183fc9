"""Social-media posts embedded in an article: "<post text> — Name (@handle) Month D, YYYY".

Pages that embed a tweet keep, in their text, the post's words followed by a signature line
with the author's name, handle and date (the post's link often closes its words). The words are
the author's own: a direct statement whose source is the name in the signature.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from quotegraph.attribution.candidates import Candidate
from quotegraph.nlp import doc_text

__all__ = ["embedded_posts"]

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: the signature: a dash, the author's name, "(@handle)" and the post's date
_SIGNATURE = re.compile(
    r"(?P<dash>[—–])[ \t]*(?P<name>[^\n()—–]{1,80}?)[ \t]*\(@(?P<handle>\w{1,30})\)[ \t]*"
    rf"(?:{_MONTHS}) \d{{1,2}}, \d{{4}}"
)
#: a link that closes a post's words ("pic.twitter.com/…", "https://t.co/…")
_TRAILING_LINK = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)\s*$")
_MIN_WORDS = 2


def embedded_posts(doc: Doc) -> list[Candidate]:
    """A direct-statement candidate for each post embedded with its signature."""
    text = doc_text(doc)
    out: list[Candidate] = []
    for sig in _SIGNATURE.finditer(text):
        words = _post_words(text, sig.start())
        name = _name_extent(text, sig.start("name"), sig.end("name"))
        if words is None or name is None:
            continue
        out.append(Candidate((sig.start("dash"), sig.end("dash")), name, [words], "embedded-post",
                             0.7, quoted=True))
    return out


def _post_words(text: str, dash: int) -> tuple[int, int] | None:
    """The post's words before its signature: the rest of the signature's line when the line
    holds them, else the paragraph right before it; without the links that close them."""
    line_start = text.rfind("\n", 0, dash) + 1
    if text[line_start:dash].strip():
        start, end = line_start, dash
    else:
        end = line_start
        while end > 0 and text[end - 1].isspace():  # (no copy of the text before it)
            end -= 1
        blank = text.rfind("\n\n", 0, end)
        start = blank + 2 if blank >= 0 else 0
    body = text[start:end]
    while True:  # "… on it: https://t.co/… pic.twitter.com/…"
        trimmed = _TRAILING_LINK.sub("", body)
        if trimmed == body:
            break
        body = trimmed
    markup = body.rfind('">', 0, 120)  # the remains of the embed's markup ('datetime="…">')
    lead = markup + 2 if markup >= 0 else 0
    lead += len(body[lead:]) - len(body[lead:].lstrip())
    body = body.rstrip()
    if len(body[lead:].split()) < _MIN_WORDS:
        return None
    return start + lead, start + len(body)


def _name_extent(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The author's name without what follows it in the display name (emoji, flags)."""
    m = re.match(r".*[\w.]", text[start:end], flags=re.S)
    if m is None:
        return None
    return start, start + m.end()
