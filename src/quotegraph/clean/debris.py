"""Scraping debris: recognise it as spans of the text, and hide it without shifting offsets.

Scraped news text carries the remains of the page around the article: ad placeholders
("ARTICLE AD BOX", "Advertisement"), link teasers ("Read more", "Related:"), share and
subscribe widgets, cookie notices and photo credits. They are not statements by anyone, and
spaCy parses them into nonsense that sticks to the neighbouring sentences. ``find_debris`` returns
them as spans; ``mask`` overwrites them with spaces so that every offset into the masked text is
still an offset into the original.

The detection is line-based and regex-only, since it runs on every article: a line is debris
when all of it (stripped) matches one of the debris forms; in addition a teaser glued to the next
word by a lost link boundary ("Read moreBiden and Trump …") yields a span over the teaser only,
and the rest of the line stays text. A sentence that merely contains such words ("she urged
people to read more books") is never touched: the forms match whole lines or line starts with a
glued capital letter, not words inside prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from quotegraph.models import Span

__all__ = ["find_debris", "mask", "paragraph_spans", "MAX_DEBRIS_LINE"]

#: Lines longer than this are prose, whatever they start with; no whole-line form applies.
MAX_DEBRIS_LINE = 240

# Whole-line forms that never contain quotation marks of their own. Each alternative is matched
# against the stripped line with ``fullmatch`` (case-insensitive).
_PLAIN_LINE_FORMS = [
    # Ad placeholders.
    r"article ad box",
    r"advertisement|advertisements|advert|ad|ads|sponsored( content)?|paid (content|post)",
    r"(skip|close|hide) (this )?(ad|advertisement)",
    r"(story|article) continues (below|after)( (the|this))? (advertisement|ad)",
    r"continue reading( (the|this) (main )?(story|article))?( below)?",
    r"scroll (down )?to continue( reading)?",
    # Link teasers: the bare label, or the label plus a linked headline on the same line.
    r"(read|see) more( (news|stories|here|about this|on this( story)?))?\s*[:.>»|]*",
    r"(read|see) more\s*[:>»|-]\s*.{1,200}",
    r"(also read|see also|related|more|more from [\w .&'-]{1,40}"
    r"|related (articles?|stories|coverage|content|links?|topics?|reading))\s*[:>»|]*",
    r"(also read|see also|related|related (articles?|stories|coverage|content|links?|reading))"
    r"\s*[:>»|-]\s*.{1,200}",
    r"(most )?(popular|trending|recommended|most read)"
    r"( now| stories| articles| for you| on [\w .]{1,30})?\s*:?",
    r"(top stories|before you go|more on this story|in other news|latest news|editor'?s picks?)\s*[:.]?",
    # Share and follow widgets.
    r"share( this)?( (article|story|page|post|video))?( (on|via) [\w ]{1,30})?\s*[:.]?",
    r"(share|post|tweet|pin) (on|to|via) (facebook|twitter|x|whatsapp|linkedin|reddit|email"
    r"|pinterest|telegram|bluesky|threads)",
    r"(facebook|twitter|x|whatsapp|linkedin|reddit|email|e-mail|pinterest|telegram|print"
    r"|copy link|copy|comments?|\d+ comments?)\s*[.:]?",
    r"(like|follow) (us|the page|our page)( on [\w ]{1,30})?\s*[:.!]?",
    r".{1,80}\? like (us|the page|our page)( on facebook)?\s*[:.!]?",
    # Cookie and consent notices.
    r"(this|our) (site|website) uses cookies\b.{0,300}",
    r"we (use|value) cookies\b.{0,300}",
    r"(accept|reject|manage)( all)? cookies\s*[.!]?",
    r"cookie (settings|policy|preferences|notice)\s*[.:]?",
    # Photo credits and captions.
    r"(image|media|photo|video) caption\b.{0,200}",
    r"(image|photo|picture|video)( source| copyright| credit)?\s*[:,|]\s*.{1,120}",
    r"(image|photo|picture)( source| copyright| credit)",
    r"([\w .&'-]{1,60}\s*(/|via)\s*)?getty( images)?(\s*/\s*[\w .&'-]{1,40})?\s*\.?",
    r"(reuters|afp|ap|epa|associated press|ap photo|afp photo|reuters photo)(\s*/\s*[\w .&'-]{1,40})?\s*\.?",
    r"(listen to|download) (this|the) (article|story)\s*[.:]?",
    r"\d{1,2} min(ute)?s? read",
    # Separators made only of punctuation.
    r"[_\-—–=*•·~#.]{2,}",
]

# Open-ended calls to action: they take free text after their opening words, so a line that
# carries a quotation mark or a reporting verb is left alone (it is more likely prose than a
# widget: "Follow the money on Wall Street," he said).
_OPEN_LINE_FORMS = [
    r"follow (us|me|him|her|them|@\w+|[\w .&'-]{1,40}) on (facebook|twitter|x|instagram|tiktok"
    r"|linkedin|youtube|threads|bluesky|mastodon|whatsapp|telegram|snapchat|social media)\b.{0,80}",
    r"subscribe( now| here| today)?( to .{1,100})?\s*[.!:]?",
    r"sign up (for|to|now|here|today)\b.{0,140}",
    r"click here\b.{0,150}",
    r"(get|download) (the|our) (app|newsletter)\b.{0,100}",
    r"(watch|listen to) .{1,100}\b(above|below|here)\s*[.:]?",
]


def _compile(forms: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{form})" for form in forms), re.IGNORECASE)


_LINE_RE = _compile(_PLAIN_LINE_FORMS)
_OPEN_LINE_RE = _compile(_OPEN_LINE_FORMS)
_PROSE_MARK_RE = re.compile(
    r"[“”\"«»„]|\b(?:said|says|told|tells|noted|added|argued|warned|insisted|stated|claimed|wrote"
    r"|explained|announced|according to)\b",
    re.IGNORECASE,
)

# A teaser glued to the next word: the link text was dropped but not its label ("Read moreBiden
# and Trump now appear …"). Case-sensitive on purpose: the label's own capitalisation and a
# capital (or an opening quotation mark) right after it, with no space, is what marks the seam.
_GLUED_PREFIX_RE = re.compile(
    r"(?:Read [Mm]ore|READ MORE|Related|RELATED|See [Aa]lso|SEE ALSO|Advertisement|ADVERTISEMENT"
    r"|ARTICLE AD BOX)"
    r"(?=[A-Z“\"‘'])"
)
# "Read more: Biden and Trump …" glued to a further sentence is handled as a whole line above;
# a label stuck to the end of a sentence ("… he said.Advertisement") is a glued suffix.
_GLUED_SUFFIX_RE = re.compile(
    r"(?<=[.!?”\"’])(?:Advertisement|ADVERTISEMENT|Read [Mm]ore|READ MORE|ARTICLE AD BOX)$"
)
# A "watch/listen" teaser glued to the next headline: "Watch the interview here.Next headline".
_GLUED_WATCH_RE = re.compile(
    r"(?:Watch|Listen to) [^\n.:“”\"]{1,100}\b(?:above|below|here)[.:](?=[A-Z])"
)

_LINE_SPLIT_RE = re.compile(r"[^\n]+")
_NOT_BREAK_RE = re.compile(r"[^\n\r]")
_STRIP = " \t\r\f\v\u00a0\u200b\ufeff"


def _stripped_lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every non-blank line, without its surrounding whitespace."""
    for match in _LINE_SPLIT_RE.finditer(text):
        line = match.group()
        left = len(line) - len(line.lstrip(_STRIP))
        right = len(line.rstrip(_STRIP))
        if right > left:
            yield match.start() + left, match.start() + right


def find_debris(text: str) -> list[Span]:
    """Find scraping debris in an article text.

    Args:
        text: the article text, exactly as every offset indexes it.

    Returns:
        Sorted, non-overlapping spans of ``text``: whole debris lines (without their surrounding
        whitespace) and debris labels glued to the start or end of a real line.
    """
    spans: list[Span] = []
    for start, end in _stripped_lines(text):
        length = end - start
        if length <= MAX_DEBRIS_LINE and (
            _LINE_RE.fullmatch(text, start, end)
            or (
                _OPEN_LINE_RE.fullmatch(text, start, end)
                and not _PROSE_MARK_RE.search(text, start, end)
            )
        ):
            spans.append(Span.of(text, start, end))
            continue
        prefix = _GLUED_PREFIX_RE.match(text, start, end) or _GLUED_WATCH_RE.match(text, start, end)
        if prefix:
            spans.append(Span.of(text, start, prefix.end()))
            start = prefix.end()
        suffix = _GLUED_SUFFIX_RE.search(text, start, end)
        if suffix:
            spans.append(Span.of(text, suffix.start(), end))
    return spans


def mask(text: str, debris: list[Span]) -> str:
    """Overwrite debris spans with spaces, keeping the text's length and line breaks.

    Args:
        text: the article text.
        debris: spans of ``text`` to hide (as returned by :func:`find_debris`); they may be given
            in any order and may overlap.

    Returns:
        A string of exactly ``len(text)`` characters, equal to ``text`` outside the spans; inside
        them every character but ``\\n`` and ``\\r`` is a space, so paragraphs stay where they were.

    Raises:
        ValueError: a span lies outside ``text``.
    """
    if not debris:
        return text
    pieces: list[str] = []
    done = 0  # everything before this offset is already in ``pieces``
    for span in sorted(debris, key=lambda s: (s.start, s.end)):
        if not 0 <= span.start <= span.end <= len(text):
            raise ValueError(
                f"debris span {span.start}-{span.end} is outside a text of {len(text)} characters"
            )
        if span.end <= done:
            continue  # inside a span already masked
        start = max(span.start, done)
        pieces.append(text[done:start])
        pieces.append(_NOT_BREAK_RE.sub(" ", text[start : span.end]))
        done = span.end
    pieces.append(text[done:])
    return "".join(pieces)


#: spaces that are not U+0020 (no-break, figure, narrow no-break, thin): the tokenizer makes each
#: a token of its own, which breaks the parse of "poll by\u00a0RealClearPolitics"
_SPACE_LIKE = str.maketrans({c: " " for c in "\u00a0\u2007\u202f\u2009"})


def parse_text(text: str, debris: list[Span]) -> str:
    """The text the pipeline parses: :func:`mask`'s, with every no-break or thin space a plain
    space. One character for one, so every offset into it is an offset into ``text``; the
    results take their words from ``text`` itself."""
    return mask(text, debris).translate(_SPACE_LIKE)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-empty paragraphs of a text.

    A paragraph is a line (news text puts one paragraph a line), without its surrounding
    whitespace; blank lines yield nothing.

    Args:
        text: the article text.

    Returns:
        ``(start, end)`` pairs in text order, with ``text[start:end]`` the stripped paragraph.
    """
    return list(_stripped_lines(text))
