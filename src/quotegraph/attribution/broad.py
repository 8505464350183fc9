"""Broad candidates: every verb or noun with a complement, for the trained model to judge.

The rules propose attributions only for cue words they know. News attributes far more
("pointed to the polls", "is raising questions about …", "Trump's charge that …"), so here every
verb with a clausal complement, an object or a prepositional object, and every noun with a
clause or an about-phrase, becomes a candidate with each of its possible contents. Most are not
attributions; ``model.py`` scores them and keeps the likely ones.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from quotegraph.attribution import cues
from quotegraph.attribution.candidates import Candidate, QuoteIndex
from quotegraph.attribution.parse import (
    agent_at,
    extend_to_quotes,
    next_act_cut_at,
    source_span,
    source_span_at,
    speaker_like,
    subject_at,
    token_range,
)
from quotegraph.nlp.tokens import token_table

# prepositions whose object can be what was said: "called for talks", "warned of a crisis"
_CONTENT_PREPS = {"for", "about", "on", "of", "to", "against", "over", "with", "that", "as"}
# prepositions that say when, where, how or why something was said, never what: "mentioned
# Machado since the debate", "rejected that argument in a ruling" (the object alone is the content)
_CIRCUMSTANCE = {"since", "during", "after", "before", "amid", "amidst", "despite", "following", "until", "throughout",
                 "in", "at", "because", "by", "without", "via", "through", "like", "beyond", "inside", "outside"}
_TAIL_WORDS = {"who", "which", "whose", "whom", "when", "where", "while", "although", "though", "compared"}
_SKIP_DEPS = {"amod", "compound", "aux", "auxpass"}
# a comma-led phrase of circumstance that ends what was said: "…, despite cost overruns"
_TAIL_PREPS = {"despite", "amid", "amidst", "after", "following", "during", "before", "since", "until"}


def broad_candidates(doc: Doc, quotes: QuoteIndex) -> list[Candidate]:
    """Candidates for every verb and noun that governs a possible content, and for every
    clause framed by a prepositional phrase ("In the latest poll, Trump leads")."""
    out: list[Candidate] = []
    table = token_table(doc)
    for i, (pos, dep, lower) in enumerate(zip(table.pos, table.dep, table.lower, strict=True)):
        if pos == "VERB" and dep not in _SKIP_DEPS:
            out.extend(_verb_candidates(doc, i, quotes))
        elif pos == "NOUN" and dep != "compound":
            out.extend(_noun_candidates(doc, i, quotes))
        elif dep == "prep" and lower in _FRAME_PREPS:
            cand = _framed_clause(doc[i], quotes)
            if cand is not None:
                out.append(cand)
        elif dep == "advmod" and lower in _HEARSAY_ADVERBS:
            cand = _hearsay_clause(doc[i], quotes)
            if cand is not None:
                out.append(cand)
    return out


# "The FBI is reportedly making arrangements …": the clause is someone's report, unnamed
_HEARSAY_ADVERBS = {"reportedly", "allegedly", "apparently", "seemingly", "purportedly", "supposedly",
                    "reputedly", "ostensibly", "evidently"}


def _hearsay_clause(adverb: Token, quotes: QuoteIndex) -> Candidate | None:
    """The clause an adverb of hearsay modifies, without the adverb."""
    verb = adverb.head
    if verb.pos_ not in ("VERB", "AUX", "ADJ") or verb.i == adverb.i:
        return None
    doc = adverb.doc
    pieces = [p for p in (token_range(doc, verb.left_edge.i, adverb.i - 1), token_range(doc, adverb.i + 1, verb.right_edge.i))
              if p is not None]
    if not pieces:
        return None
    return Candidate((adverb.idx, adverb.idx + len(adverb.text)), None, [extend_to_quotes(p, quotes) for p in pieces],
                     "broad-hearsay", 0.0, cue_token=adverb.i)


# prepositions whose phrase, set off before a clause, says whose finding or view it is: "In the
# poll, …" (a finding), "For many Democrats, …", "To Sanders, …", "Among women, …" (people)
_FRAME_PREPS = {"in", "for", "to", "among"}
_FINDINGS = {"poll", "survey", "study", "report", "analysis", "view", "opinion", "eye", "mind", "estimate",
             "data", "ranking", "average", "tally", "projection", "forecast", "model", "memo", "ruling",
             "assessment", "calculation", "count", "finding", "result", "number", "sample", "index"}
_NOT_HOLDERS = {"part", "instance", "example", "starter", "one", "all", "now", "this", "that", "it"}


def _framed_clause(prep: Token, quotes: QuoteIndex) -> Candidate | None:
    """The clause after a comma-closed prepositional phrase that opens it ("In the poll, Trump
    leads"), with the phrase's object as the source."""
    verb = prep.head
    doc = prep.doc
    if verb.pos_ not in ("VERB", "AUX") or prep.i > verb.i:
        return None
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    comma = prep.right_edge.i + 1
    if pobj is None or comma >= verb.i or doc[comma].text != ",":
        return None
    if prep.lower_ == "in":
        if pobj.lemma_.lower() not in _FINDINGS:
            return None
    elif pobj.lemma_.lower() in _NOT_HOLDERS or pobj.ent_type_ in ("DATE", "TIME", "GPE") or not speaker_like(pobj):
        return None
    span = token_range(doc, comma + 1, verb.right_edge.i)
    if span is None:
        return None
    return Candidate((prep.idx, prep.idx + len(prep.text)), source_span(pobj), [extend_to_quotes(span, quotes)],
                     "broad-frame", 0.0, cue_token=prep.i)


def _verb_candidates(doc: Doc, v: int, quotes: QuoteIndex) -> list[Candidate]:
    # over the token table: this runs for every verb, and token objects for its children and
    # their edges cost more than the rest of it
    table = token_table(doc)
    deps, heads, children, lowers = table.dep, table.head, table.children, table.lower
    lefts, rights, idx, texts = table.left_edge, table.right_edge, table.idx, table.text
    subj = subject_at(doc, v)
    if subj is not None and deps[subj] == "nsubjpass" and heads[subj] == v:
        subj = agent_at(doc, v)
    elif subj is None:
        subj = agent_at(doc, v)
    if subj is None and deps[v] in ("relcl", "acl") and table.pos[heads[v]] in ("NOUN", "PROPN", "PRON"):
        subj = heads[v]  # "the senator, who warned …", "officials saying …"
    source = source_span_at(doc, subj) if subj is not None else None
    # the subject's tokens, first and last: no content may take one
    taken = (lefts[subj], rights[subj]) if subj is not None else None
    cue = (idx[v], idx[v] + len(texts[v]))
    out: list[Candidate] = []

    def add(lo: int, hi: int, rule: str, cue_span: tuple[int, int] = cue) -> None:
        if taken is not None and max(lo, taken[0]) <= min(hi, taken[1]):
            return
        span = token_range(doc, lo, hi)
        if span is not None:
            out.append(Candidate(cue_span, source, [extend_to_quotes(span, quotes)], rule, 0.0,
                                 cue_token=v))

    def add_phrase(child: int, rule: str) -> None:
        add(lefts[child], rights[child], rule)
        cut = _tail_cut_in(doc, lefts[child], rights[child])
        if cut is not None:  # "criticism of Lauer, who took heat for …": without the tail
            add(lefts[child], cut, f"{rule}-trim")
        if rule == "broad-ccomp":
            own = _own_clause_end(doc[child])
            if own is not None and own != cut:  # "said the order favoured banks and named …"
                add(lefts[child], own, "broad-ccomp-own")

    for child in children[v]:
        dep, right = deps[child], rights[child]
        end = next_act_cut_at(doc, child, right) if dep == "ccomp" else right
        if end < right:  # "said X and urged …": X only, as the rules read it
            add(lefts[child], end, "broad-ccomp")
            # and the whole, for a speaker whose next act goes on reporting what was said
            add(lefts[child], right, "broad-ccomp-whole")
        elif dep in ("ccomp", "xcomp"):
            add_phrase(child, f"broad-{dep}")
        elif dep == "advcl" and child > v and lowers[lefts[child]] in ("that", "if", "whether"):
            # a that-clause the parser hung as an adverbial: "tweeted in the early hours that …",
            # "asked the students if they were …"
            add_phrase(child, "broad-ccomp")
        elif dep == "dobj" and child > v:
            add_phrase(child, "broad-dobj")
            # the verb's right children after the object (all of them lie after the verb)
            frame = [c for c in children[v] if c > right
                     and (deps[c] in ("xcomp", "oprd", "ccomp") or deps[c] == "prep" and lowers[c] not in _CIRCUMSTANCE)]
            # "urged Congress to act": the object with its frame; but "told reporters (that) the
            # plan was flawed" says a clause to its object, who hears it and is no part of it
            if frame and deps[frame[0]] != "ccomp":
                add(lefts[child], rights[frame[0]], "broad-dobj-frame")
        elif dep == "prep" and lowers[child] in _CONTENT_PREPS and child > v:
            pobj = next((g for g in children[child] if deps[g] in ("pobj", "pcomp")), None)
            if pobj is not None:
                prep_cue = (idx[v], idx[child] + len(texts[child]))
                add(lefts[pobj], rights[pobj], "broad-prep", prep_cue)
                cut = _tail_cut_in(doc, lefts[pobj], rights[pobj])
                if cut is not None:
                    add(lefts[pobj], cut, "broad-prep-trim", prep_cue)
        elif dep == "nsubjpass":
            # "the veto was overridden": what the passive verb acts on, said by its agent if any.
            # (This once read ``subj is not child`` on token objects, which is always true, as
            # spaCy makes a new object at each access; kept as it behaved.)
            add(lefts[child], right, "broad-passive")
    lemma = table.lemma[v].lower()
    if lemma in cues.SPEECH:
        # the parse hung the speech verb on what was said: "after Trump told the Post he was
        # “not quite there yet”", "X remains committed …, his top aide told The Huffington Post"
        for lo, hi in _said_around(doc[v]):
            add(lo, hi, "broad-hung")
            cut = _tail_cut_in(doc, lo, hi)
            if cut is not None:
                add(lo, cut, "broad-hung-trim")
    if lemma in _SEEM_VERBS:
        seem = _seeming(doc[v], quotes)
        if seem is not None:
            out.append(seem)
    return out


# "Clinton seemed irritated", "the race appears closer": the writer's (or someone's) impression
# of the subject, so the content is the subject with what it seems, without the verb
_SEEM_VERBS = {"seem", "appear", "look", "sound"}


def _seeming(verb: Token, quotes: QuoteIndex) -> Candidate | None:
    doc = verb.doc
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    comp = next((c for c in verb.rights if c.dep_ in ("xcomp", "acomp", "oprd", "attr")
                 or c.dep_ == "prep" and c.lower_ == "like"), None)
    if subj is None or comp is None or subj.i > verb.i:
        return None
    hi = comp.right_edge.i
    for child in verb.rights:  # "seemed irritated by the question": what the verb's phrase goes on with
        if child.i > hi and child.dep_ in ("prep", "advmod", "npadvmod", "agent") and not any(
                t.is_punct for t in doc[hi + 1:child.left_edge.i]):
            hi = child.right_edge.i
    subject, seeming = token_range(doc, subj.left_edge.i, subj.right_edge.i), token_range(doc, comp.left_edge.i, hi)
    if subject is None or seeming is None:
        return None
    # "seems to me": the one it seems to
    to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    holder = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
    return Candidate((verb.idx, verb.idx + len(verb.text)), source_span(holder) if holder is not None else None,
                     [extend_to_quotes(subject, quotes), extend_to_quotes(seeming, quotes)], "broad-seem", 0.0,
                     cue_token=verb.i)


def _said_around(verb: Token) -> list[tuple[int, int]]:
    """Token ranges of a clause that governs a speech verb in the parse but is what it says: the
    clause after it ("told CNN, his policy would be …") or, for a verb coordinated after a comma
    without "and", the clause before it ("X remains committed …, his aide told the Post")."""
    head, doc = verb.head, verb.doc
    if head.i == verb.i or head.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return []
    if verb.dep_ in ("advcl", "ccomp", "parataxis") and head.i > verb.i:
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        if subj is None or subj.i <= verb.right_edge.i:
            return []
        return [(verb.right_edge.i + 1, head.right_edge.i)]
    if verb.dep_ == "conj" and head.i < verb.i and verb.left_edge.i > 0 and doc[verb.left_edge.i - 1].text == ",":
        if any(c.dep_ == "cc" and head.i < c.i < verb.i for c in head.children):
            return []
        return [(head.left_edge.i, verb.left_edge.i - 2)]
    return []


def _holder(doc: Doc, noun: int) -> int | None:
    """Who holds the noun's view: the subject of the verb it is the object of ("Trump made the
    claim that …", "she raised questions about …", "he spoke of his hope that …")."""
    table = token_table(doc)
    deps, heads = table.dep, table.head
    head = heads[noun]
    if deps[noun] == "pobj" and deps[head] == "prep":
        head = heads[head]
    elif deps[noun] not in ("dobj", "attr", "oprd"):
        return None
    if table.pos[head] not in ("VERB", "AUX") or head == noun:
        return None
    subj = subject_at(doc, head)
    if subj is not None and deps[subj] == "nsubjpass" and heads[subj] == head:
        return agent_at(doc, head)
    return subj


def _own_clause_end(clause: Token) -> int | None:
    """The last token of a clause before the first verb coordinated with it ("the order
    favoured banks and identified …" → "the order favoured banks"), ``None`` without one."""
    doc = clause.doc
    conj = next((c for c in clause.rights if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")), None)
    if conj is None:
        return None
    cut = conj.left_edge.i - 1
    while cut > clause.i and (doc[cut].dep_ == "cc" or doc[cut].is_punct):
        cut -= 1
    return cut if cut > clause.i else None


# the rules' readings of a clause that may run on past what was said
_TRIMMED_RULES = {"according", "ccomp", "parenthetical", "colon"}


def trimmed_readings(doc: Doc, candidates: list[Candidate], quotes: QuoteIndex) -> list[Candidate]:
    """Shorter readings of the rules' one-piece clause contents, for the model to weigh against
    theirs: without a comma-led tail ("X is investigating Y, adding to its problems, according
    to …") or without a clause coordinated after the first."""
    out: list[Candidate] = []
    for cand in candidates:
        if cand.rule not in _TRIMMED_RULES or cand.quoted:
            continue
        if len(cand.content) == 2 and cand.rule == "according":
            # "X is investigating Y, according to Z, adding to its woes": each side alone
            out.extend(Candidate(cand.cue, cand.source, [piece], "broad-trim-according", 0.0, cue_token=cand.cue_token)
                       for piece in cand.content)
        if len(cand.content) != 1:
            continue
        span = doc.char_span(*cand.content[0], alignment_mode="expand")
        if span is None or len(span) < 4:
            continue
        ends = {_tail_cut_in(doc, span.start, span.end - 1)}
        root = span.root
        if root.pos_ in ("VERB", "AUX"):
            ends.add(_own_clause_end(root))
        for end in sorted(e for e in ends if e is not None and span.start <= e < span.end - 1):
            piece = token_range(doc, span.start, end)
            if piece is not None:
                out.append(Candidate(cand.cue, cand.source, [extend_to_quotes(piece, quotes)],
                                     f"broad-trim-{cand.rule}", 0.0, cue_token=cand.cue_token))
    return out


def _tail_cut_in(doc: Doc, lo: int, hi: int) -> int | None:
    table = token_table(doc)  # plain lists: this scans every token of many phrases
    texts, deps, lowers, heads = table.text, table.dep, table.lower, table.head
    for i in range(lo + 1, hi):
        if texts[i] == "," and i + 1 <= hi:
            nxt = i + 1
            dep, lower, head = deps[nxt], lowers[nxt], heads[nxt]
            if dep in ("relcl", "appos", "advcl", "acl") or lower in _TAIL_WORDS or (
                dep == "prep" and lower in _TAIL_PREPS) or (
                deps[head] in ("relcl", "appos", "advcl") and head > i
            ):
                return i - 1
    return None


# prepositions whose object can be what a noun cue holds: "doubts about", "criticism of", and a
# stance's object, "support for Sanders", "opposition to the deal", "hostility toward migrants"
_NOUN_CONTENT_PREPS = {"about", "on", "of", "over", "against", "that", "for", "to", "toward", "towards"}


def _noun_candidates(doc: Doc, n: int, quotes: QuoteIndex) -> list[Candidate]:
    table = token_table(doc)  # runs for every noun: the parse as lists
    deps, children, lefts, rights = table.dep, table.children, table.left_edge, table.right_edge
    owner = next((c for c in children[n] if deps[c] == "poss"), None)
    if owner is None:
        owner = _holder(doc, n)
    source = source_span_at(doc, owner) if owner is not None else None
    cue = (table.idx[n], table.idx[n] + len(table.text[n]))
    out: list[Candidate] = []
    for child in children[n]:
        if child < n:
            continue
        dep = deps[child]
        if dep in ("acl", "ccomp") and any(deps[g] in ("mark", "aux") for g in children[child]):
            phrase = child
        elif dep == "prep" and table.lower[child] in _NOUN_CONTENT_PREPS:
            pobj = next((g for g in children[child] if deps[g] in ("pobj", "pcomp")), None)
            if pobj is None:
                continue
            phrase = pobj
        else:
            continue
        lo, hi = lefts[phrase], rights[phrase]
        rule = f"broad-noun-{dep}"
        ends = [(hi, rule)]
        cut = _tail_cut_in(doc, lo, hi)
        if cut is not None:
            ends.append((cut, f"{rule}-trim"))
        for end, name in ends:
            span = token_range(doc, lo, end)
            if span is not None:
                out.append(Candidate(cue, source, [extend_to_quotes(span, quotes)], name, 0.0, cue_token=n))
    return out
