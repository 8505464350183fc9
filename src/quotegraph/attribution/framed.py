"""Broad candidates for quotations that only their frame attributes, for the model to judge.

The rules claim a quotation through a cue they know. Two frames attribute one without such a
cue, and news uses both often:

- a colon before it: "Mr. Dorn shot back: “…”", "More from the report: “…”", "Former mayor Ellen
  Voss: “…”", "… had one message: “…”" (``broad-colon-verb`` when the words before the colon
  have a verb, ``broad-colon-name`` when a name ends them, else ``broad-colon-bare``);
- a verb right before it, with or without a comma: "Hillary shot back, “…”", "adding, “…”",
  "writing “…”" (``broad-verb-quote``);
- a short clause after it with any verb: "“…,” Brandt shot back", "“…,” tweeted another",
  "“….” Fenwick said." (``broad-quote-verb``; ``broad-quote-verb-inv`` when the verb comes
  first: "“…,” opined the Daily Ledger").

Which of them are statements (a proclamation, a headline, a sign's words are, in PolNeAR; "the
slogan: “…”" may not be) is the model's to learn from the frame, the verb and the source, so
these candidates are broad ones (``quoted`` stays false: the rules' quotations are kept
unconditionally, these only when the model says so).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from quotegraph.attribution.candidates import Candidate, QuoteIndex
from quotegraph.attribution.parse import source_span, speaker_like, subject_of
from quotegraph.intervals import Ranges
from quotegraph.nlp import doc_text
from quotegraph.nlp.quotes import Quote

# how far (tokens) a verb may stand after the closing mark: "“…,” Rep. Jim Alder (D-Ore.) said"
_VERB_WINDOW = 10
# words that may stand between the closing mark and the verb: a name or a description of one
_NAME_POS = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PUNCT", "PART", "ADP", "CCONJ"}
# a quotation's own end that makes a clause after it its frame: “…,” / “…?” / “…!” / “…—”
_FRAMING_END = ",?!—–-…"


def framed_quote_candidates(doc: Doc, quotes: QuoteIndex, taken: list[Candidate]) -> list[Candidate]:
    """Candidates for the quotations no candidate in ``taken`` claims, framed by a colon before
    them or by a short clause after them (see the module's docstring).

    Args:
        doc: the parsed document.
        quotes: its quotations.
        taken: the rules' candidates; a quotation the content of one touches is theirs, unless
            its cue is itself inside a quotation (a statement the quoted speaker reports).
    """
    text = doc_text(doc)
    claimed = Ranges((s, e) for c in taken if quotes.containing(c.cue[0]) is None for s, e in c.content)
    out: list[Candidate] = []
    for q in quotes.items:
        if claimed.overlaps(q.start, q.end):
            continue
        cand = _colon_frame(doc, text, q)
        if cand is None:
            cand = _verb_before(doc, text, q)
        if cand is None:
            cand = _clause_after(doc, text, q, quotes)
        if cand is not None:
            out.append(cand)
    return out


def _colon_frame(doc: Doc, text: str, q: Quote) -> Candidate | None:
    """A quotation whose opening mark follows a colon (one line break may stand between)."""
    i = q.open_at
    while i > 0 and text[i - 1] in " \t\xa0":
        i -= 1
    if i > 0 and text[i - 1] == "\n":  # "She put it this way:\n“…”"
        i -= 1
        while i > 0 and text[i - 1] in " \t\xa0\r":
            i -= 1
    if i == 0 or text[i - 1] != ":":
        return None
    colon = i - 1
    span = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    colon_tok = span[0]
    line_start = text.rfind("\n", 0, colon) + 1
    sent = colon_tok.sent
    start = max(sent.start_char, line_start)
    # "RED STATES GAIN GROUND - Marta Ruiz: …": a heading's dash ends what comes before the intro
    dash = max(text.rfind(" - ", start, colon), text.rfind(" — ", start, colon), text.rfind(" – ", start, colon))
    if dash >= 0:
        start = dash + 3
    intro = doc.char_span(start, colon, alignment_mode="contract")
    if intro is None or not len(intro):
        return None
    verb = _intro_verb(intro)
    if verb is not None:
        subj = subject_of(verb)
        if subj is not None and not (subj.i < colon_tok.i and speaker_like(subj)):
            # "The timing does not surprise pollster Daron Shaw:": the name before the colon speaks
            subj = None if _trailing_name(intro) is not None else subj
        source = source_span(subj) if subj is not None and subj.i < colon_tok.i else _trailing_name(intro)
        return Candidate((verb.idx, verb.idx + len(verb.text)), source, list(q.pieces), "broad-colon-verb", 0.0,
                         cue_token=verb.i)
    name = _trailing_name(intro)
    rule = "broad-colon-name" if name is not None else "broad-colon-bare"
    if name is None:  # "More from the report:", "From the Gallup poll:": the phrase's noun
        head = next((t for t in reversed(intro) if t.pos_ in ("NOUN", "PROPN")), None)
        name = source_span(head) if head is not None else None
    return Candidate((colon, colon + 1), name, list(q.pieces), rule, 0.0, cue_token=colon_tok.i)


def _verb_before(doc: Doc, text: str, q: Quote) -> Candidate | None:
    """A quotation right after a verb and, at most, a comma: the verb's words."""
    i = q.open_at
    while i > 0 and text[i - 1] in " \t\xa0":
        i -= 1
    if i > 0 and text[i - 1] == ",":
        i -= 1
    span = doc.char_span(max(0, i - 1), i, alignment_mode="expand") if i > 0 else None
    if span is None or not len(span) or text[span[-1].idx:i].strip() != span[-1].text:
        return None
    last = span[-1]
    # "shot back, “…”", "said again, “…”"
    verb = last.head if last.dep_ in ("prt", "advmod") and last.head.i == last.i - 1 else last
    if verb.pos_ != "VERB":
        return None
    subj = subject_of(verb)
    if subj is None and verb.dep_ in ("relcl", "acl", "advcl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        subj = verb.head  # "Trump, writing “…”"
    source = source_span(subj) if subj is not None and subj.i < verb.i else None
    return Candidate((verb.idx, verb.idx + len(verb.text)), source, list(q.pieces), "broad-verb-quote", 0.0,
                     cue_token=verb.i)


def _intro_verb(intro: Span) -> Token | None:
    """The verb the words before a colon hang from, if they make a clause."""
    root = intro.root
    if root.pos_ in ("VERB", "AUX"):
        return root
    return next((t for t in reversed(intro) if t.pos_ == "VERB" and t.dep_ in ("ROOT", "conj", "ccomp")), None)


def _trailing_name(intro: Span) -> tuple[int, int] | None:
    """The name that ends the words before a colon ("… pollster Daron Shaw:", "Former mayor
    Ellen Voss:"): its proper nouns or entity tokens, back from the colon."""
    k = len(intro)
    while k > 0 and intro[k - 1].is_punct:
        k -= 1
    end = k
    while k > 0 and (intro[k - 1].pos_ == "PROPN" or intro[k - 1].ent_type_ in ("PERSON", "ORG", "NORP")):
        k -= 1
    if k == end:
        return None
    return intro[k].idx, intro[end - 1].idx + len(intro[end - 1].text)


def _clause_after(doc: Doc, text: str, q: Quote, quotes: QuoteIndex) -> Candidate | None:
    """A quotation followed, in its paragraph, by a short clause whose verb frames it."""
    if not q.closed:
        return None
    before = text[:q.open_at].rstrip(" \t\xa0")[-1:]
    if before and before not in ".!?\n”\"’'»)]":
        return None  # inside a sentence ("called it “a disaster,” and left"): not this frame
    inner_end = q.pieces[-1][1]
    after = q.close_at
    while after < len(text) and text[after] in " \t\xa0":
        after += 1
    if after >= len(text) or text[after] == "\n":
        return None
    own_end = text[inner_end - 1] in _FRAMING_END or text[after] == ","
    # "“….” Fenwick said.": a full stop inside the marks, then a sentence of a name and a verb
    sentence_after = not own_end and text[inner_end - 1] in ".!?" and text[after].isupper()
    if not (own_end or sentence_after):
        return None
    span = doc.char_span(after, min(len(text), after + 1), alignment_mode="expand")
    if span is None or not len(span):
        return None
    first = span[0].i + (1 if span[0].text == "," else 0)
    for i in range(first, min(len(doc), first + _VERB_WINDOW)):
        tok = doc[i]
        if tok.is_space or "\n" in tok.text or quotes.containing(tok.idx) is not None:
            return None
        if i > first and tok.is_sent_start:
            return None  # “…,” the email read. It said …: the next sentence frames nothing
        if tok.pos_ == "VERB":
            return _verb_frame(doc, q, tok, first, sentence_after)
        if _verb_read_as_noun(doc, tok, first):
            # "“…,” the editorial read.": the parser takes "editorial read" for a noun phrase
            return Candidate((tok.idx, tok.idx + len(tok.text)), (doc[first].idx, doc[i - 1].idx + len(doc[i - 1].text)),
                             list(q.pieces), "broad-quote-verb", 0.0, cue_token=tok.i)
        if tok.pos_ not in _NAME_POS or (tok.is_punct and tok.text not in ",()-.'’"):
            return None
    return None


# verbs of a written text's words that the parser tags as nouns after a short subject ("the email read")
_NOUN_TAGGED_VERBS = {"read", "reads", "says", "states", "notes"}


def _verb_read_as_noun(doc: Doc, tok: Token, first: int) -> bool:
    """``tok`` is one of :data:`_NOUN_TAGGED_VERBS` tagged as a noun, the last word of its
    sentence, after at least one word of the clause ("the email read.", "Smith's post reads.")."""
    nxt = tok.i + 1
    return (tok.lower_ in _NOUN_TAGGED_VERBS and tok.pos_ == "NOUN" and tok.i > first
            and (nxt >= len(doc) or doc[nxt].text in (".", "!", "?")))


def _verb_frame(doc: Doc, q: Quote, verb: Token, first: int, sentence_after: bool) -> Candidate | None:
    """The candidate for a verb after a quotation, when its clause is short and ends its
    sentence (or goes on after a comma: "…, adding that …")."""
    end = verb.i + 1
    while end < len(doc) and not (doc[end].is_punct and doc[end].text in ".,;:!?") and end - first < 16:
        end += 1
    if end - first >= 16 or any(quote_mark in doc[i].text for i in range(verb.i, end) for quote_mark in "“\""):
        return None
    if sentence_after and (end >= len(doc) or doc[end].text not in ".!?" or end - first > 8):
        return None
    inverted = verb.i == first or all(doc[i].pos_ in ("ADV", "PART", "AUX") for i in range(first, verb.i))
    subj = subject_of(verb)
    if subj is not None and not first <= subj.i < end:
        subj = None
    if subj is None and inverted:
        subj = next((c for c in verb.rights if c.dep_ in ("dobj", "attr", "npadvmod", "nsubj") and c.i < end), None)
    source = source_span(subj) if subj is not None else None
    rule = "broad-quote-verb-inv" if inverted else "broad-quote-verb"
    return Candidate((verb.idx, verb.idx + len(verb.text)), source, list(q.pieces), rule, 0.0, cue_token=verb.i)
