"""Broad candidates: every verb or noun with a complement, for the trained model to judge.

The rules propose attributions only for cue words they know. News attributes far more
("pointed to the polls", "is raising questions about …", "Trump's charge that …"), so here every
verb with a clausal complement, an object or a prepositional object, and every noun with a
clause or an about-phrase, becomes a candidate with each of its possible contents. Most are not
attributions; ``model.py`` scores them and keeps the likely ones.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from quotegraph.attribution.candidates import Candidate, QuoteIndex
from quotegraph.attribution.rules import agent_of, extend_to_quotes, source_span, subject_of, token_range

# prepositions whose object can be what was said: "called for talks", "warned of a crisis"
_CONTENT_PREPS = {"for", "about", "on", "of", "to", "against", "over", "with", "that", "as"}
_TAIL_WORDS = {"who", "which", "whose", "whom", "when", "where", "while", "although", "though"}
_SKIP_DEPS = {"amod", "compound", "aux", "auxpass"}


def broad_candidates(doc: Doc, quotes: QuoteIndex) -> list[Candidate]:
    """Candidates for every verb and noun that governs a possible content."""
    out: list[Candidate] = []
    for tok in doc:
        if tok.pos_ == "VERB" and tok.dep_ not in _SKIP_DEPS:
            out.extend(_verb_candidates(tok, quotes))
        elif tok.pos_ == "NOUN" and tok.dep_ != "compound":
            out.extend(_noun_candidates(tok, quotes))
    return out


def _verb_candidates(verb: Token, quotes: QuoteIndex) -> list[Candidate]:
    doc = verb.doc
    subj = subject_of(verb)
    if subj is not None and subj.dep_ == "nsubjpass" and subj.head.i == verb.i:
        subj = agent_of(verb)
    elif subj is None:
        subj = agent_of(verb)
    if subj is None and verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        subj = verb.head  # "the senator, who warned …", "officials saying …"
    source = source_span(subj) if subj is not None else None
    taken = set(range(subj.left_edge.i, subj.right_edge.i + 1)) if subj is not None else set()
    cue = (verb.idx, verb.idx + len(verb.text))
    out: list[Candidate] = []

    def add(lo: int, hi: int, rule: str, cue_span: tuple[int, int] = cue) -> None:
        if taken & set(range(lo, hi + 1)):
            return
        span = token_range(doc, lo, hi)
        if span is not None:
            out.append(Candidate(cue_span, source, [extend_to_quotes(span, quotes)], rule, 0.0,
                                 cue_token=verb.i))

    def add_phrase(child: Token, rule: str) -> None:
        add(child.left_edge.i, child.right_edge.i, rule)
        cut = _tail_cut(child)
        if cut is not None:  # "criticism of Lauer, who took heat for …": without the tail
            add(child.left_edge.i, cut, f"{rule}-trim")

    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp"):
            add_phrase(child, f"broad-{child.dep_}")
        elif child.dep_ == "advcl" and child.i > verb.i and child.left_edge.lower_ == "that":
            # a that-clause the parser hung as an adverbial: "tweeted in the early hours that …"
            add_phrase(child, "broad-ccomp")
        elif child.dep_ == "dobj" and child.i > verb.i:
            add_phrase(child, "broad-dobj")
            frame = [c for c in verb.rights if c.i > child.right_edge.i
                     and c.dep_ in ("xcomp", "oprd", "ccomp", "prep")]
            if frame:  # "urged Congress to act": the object with its frame
                add(child.left_edge.i, frame[0].right_edge.i, "broad-dobj-frame")
        elif child.dep_ == "prep" and child.lower_ in _CONTENT_PREPS and child.i > verb.i:
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                add(pobj.left_edge.i, pobj.right_edge.i, "broad-prep",
                    (verb.idx, child.idx + len(child.text)))
                cut = _tail_cut(pobj)
                if cut is not None:
                    add(pobj.left_edge.i, cut, "broad-prep-trim", (verb.idx, child.idx + len(child.text)))
        elif child.dep_ == "nsubjpass" and subj is not child:
            # "the veto was overridden": what the passive verb acts on, said by its agent if any
            add(child.left_edge.i, child.right_edge.i, "broad-passive")
    return out


def _holder(noun: Token) -> Token | None:
    """Who holds the noun's view: the subject of the verb it is the object of ("Trump made the
    claim that …", "she raised questions about …", "he spoke of his hope that …")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ not in ("dobj", "attr", "oprd"):
        return None
    if head.pos_ not in ("VERB", "AUX") or head.i == noun.i:
        return None
    subj = subject_of(head)
    if subj is not None and subj.dep_ == "nsubjpass" and subj.head.i == head.i:
        return agent_of(head)
    return subj


def _tail_cut(head: Token) -> int | None:
    """The last token before a comma-led tail of ``head``'s phrase (a relative clause,
    apposition or adverbial clause), or ``None`` when it has none."""
    return _tail_cut_in(head.doc, head.left_edge.i, head.right_edge.i)


def _tail_cut_in(doc: Doc, lo: int, hi: int) -> int | None:
    for i in range(lo + 1, hi):
        if doc[i].text == "," and i + 1 <= hi:
            nxt = doc[i + 1]
            if nxt.dep_ in ("relcl", "appos", "advcl", "acl") or nxt.lower_ in _TAIL_WORDS or (
                nxt.head.dep_ in ("relcl", "appos", "advcl") and nxt.head.i > i
            ):
                return i - 1
    return None


def _noun_candidates(noun: Token, quotes: QuoteIndex) -> list[Candidate]:
    doc = noun.doc
    owner = next((c for c in noun.children if c.dep_ == "poss"), None) or _holder(noun)
    source = source_span(owner) if owner is not None else None
    cue = (noun.idx, noun.idx + len(noun.text))
    out: list[Candidate] = []
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in ("acl", "ccomp") and any(g.dep_ in ("mark", "aux") for g in child.children):
            lo, hi = child.left_edge.i, child.right_edge.i
        elif child.dep_ == "prep" and child.lower_ in ("about", "on", "of", "over", "against", "that"):
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is None:
                continue
            lo, hi = pobj.left_edge.i, pobj.right_edge.i
        else:
            continue
        rule = f"broad-noun-{child.dep_}"
        ends = [(hi, rule)]
        cut = _tail_cut(pobj if child.dep_ == "prep" else child)
        if cut is not None:
            ends.append((cut, f"{rule}-trim"))
        for end, name in ends:
            span = token_range(doc, lo, end)
            if span is not None:
                out.append(Candidate(cue, source, [extend_to_quotes(span, quotes)], name, 0.0, cue_token=noun.i))
    return out
