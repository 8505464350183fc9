"""A match's word diff as display segments, for the CLI (rich markup) and the web page.

Segments read along the attested statement: its words before and after the part the claim
spans are ``context``; inside, ``same`` words, ``del`` (said, but not in the claim), ``ins``
(in the claim, never said), ``elided`` (left out where the claim marks an ellipsis) and
``editorial`` (the claim's [bracketed] words).
"""

from __future__ import annotations

from typing import Any, Literal

Segment = tuple[Literal["context", "same", "ins", "del", "elided", "editorial"], str]


def diff_segments(match: dict[str, Any]) -> list[Segment]:
    """The display segments of one match (its ``to_dict()`` form).

    Args:
        match: a match as :meth:`~quotegraph.check.Match.to_dict` gives it.

    Returns:
        Segments whose non-``ins``/``editorial`` texts, joined, are the statement exactly;
        a match found by meaning only is one ``context`` segment.
    """
    text: str = match["text"]
    ops = match["diff"]
    if not ops:
        return [("context", text)]
    out: list[Segment] = []
    start = ops[0]["statement"]["start"]
    if start:
        out.append(("context", text[:start]))
    at = start
    for op in ops:
        s, e = op["statement"]["start"], op["statement"]["end"]
        if s > at:
            out.append(("same", text[at:s]))  # spaces and punctuation between words
        kind, said, claimed = op["op"], text[s:e], op["claim"]["text"]
        if kind == "equal":
            out.append(("same", said))
        elif kind in ("delete", "elided"):
            out.append(("del" if kind == "delete" else "elided", said))
        else:  # replace, insert, editorial: what was said (if anything), then the claim's words
            if said:
                out.append(("del", said))
            pad = " " if kind == "insert" and e < len(text) and not text[e].isspace() else ""
            out.append(("editorial" if kind == "editorial" else "ins", claimed + pad))
        at = max(at, e)
    if at < len(text):
        out.append(("context", text[at:]))
    return out


_RICH = {"context": "dim", "same": "", "ins": "bold green", "del": "red strike",
         "elided": "dim strike", "editorial": "cyan"}
#: wdiff's markers, so that the diff reads without colours too (piped output, NO_COLOR).
_MARKERS = {"ins": ("{+", "+}"), "del": ("[-", "-]"), "elided": ("[…", "…]"), "editorial": ("{[", "]}")}


def rich_markup(segments: list[Segment]) -> str:
    """The segments as rich console markup: insertions ``{+green+}``, deletions
    ``[-struck through red-]``, elided words ``[…dim…]``, editorial words ``{[cyan]}``."""
    from rich.markup import escape

    parts = []
    for kind, piece in segments:
        style = _RICH[kind]
        before, after = _MARKERS.get(kind, ("", ""))
        text = escape(before + piece + after)
        parts.append(f"[{style}]{text}[/]" if style and piece else text)
    return "".join(parts)
