"""Rule-based attribution over the dependency parse and the quotation marks.

Three sources of candidates, merged per article:

1. cue verbs (``cues.CUE_LEMMAS``) with their subject as source and their clausal complement,
   an adjacent quotation, a colon-introduced quotation or (for some verbs) their object as content;
2. "according to X" prepositions, whose content is the clause they modify;
3. noun cues with a that-clause ("Trump's claim that …").

A quotation adjacent to a cue ("…,” Lavrov said, “…”) becomes the content — split quotes give
one attribution with two content pieces. Quotes that attribute nothing (scare quotes, titles) are
never content on their own. ``convert.to_attributions`` turns the chosen candidates into
attributions (and nests an attribution whose cue lies inside another's content).
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from quotegraph.attribution import cues
from quotegraph.attribution.candidates import Candidate, QuoteIndex
from quotegraph.attribution.lexicon import LEARNED_CUE_THRESHOLD, CueLexicon, load_lexicon
from quotegraph.attribution.parse import (
    agent_at,
    extend_to_quotes,
    next_act_cut,
    next_act_cut_at,
    reporting_subject_of,
    source_span,
    source_span_at,
    speaker_like,
    subject_at,
    subtree_range,
    token_at,
    token_range,
    trim_chars,
)
from quotegraph.attribution.posts import embedded_posts
from quotegraph.attribution.quotes import CLOSING, OPENING, Quote
from quotegraph.intervals import Ranges, SpanIndex
from quotegraph.name_words import TITLES_BEFORE_NAMES
from quotegraph.nlp import doc_text
from quotegraph.nlp.tokens import token_table

_WORD = re.compile(r"\w+")
#: Verbs whose direct object is who heard the words, not the words ("told us", "warned the
#: council", "assured reporters").
_ADDRESSEE_VERBS = {"tell", "remind", "assure", "inform", "warn", "ask", "urge", "brief", "reassure"}
#: Left modifiers of a trailing cue that still belong to the words before it: "Q is by weight,
#: not by value, a spokesman said" hangs "not by value" on "said".
_CONTENT_TAIL_DEPS = {"prep", "neg", "advmod", "npadvmod", "punct", "cc"}
_ONLY_WITH_QUOTE = {"continue", "begin", "conclude", "start", "speak", "write", "post", "chant", "sing"}
_NOUN_CUES = {
    "claim", "statement", "assertion", "allegation", "argument", "warning", "promise", "pledge",
    "suggestion", "belief", "view", "remark", "comment", "charge", "insistence", "fear", "hope",
    "concern", "prediction", "announcement", "admission", "acknowledgment", "denial", "assurance",
}


def rule_candidates(doc: Doc, quotes: QuoteIndex, lexicon: CueLexicon | None = None) -> list[Candidate]:
    """The candidates the hand-written rules propose, one per content, best rule first.

    ``lexicon``: how likely each lemma is to be a cue (default: the shipped one).
    """
    lexicon = lexicon if lexicon is not None else load_lexicon()
    candidates: list[Candidate] = []
    table = token_table(doc)
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            pos = table.pos[i]
            if table.lower[i] != "according" and pos not in ("VERB", "AUX") and not (
                    pos == "NOUN" and table.lemma[i].lower() in _NOUN_CUES):
                continue  # no rule below starts at this token
            tok = doc[i]
            cand = None
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                cand = _according_to(tok, sent, quotes)
            elif tok.pos_ in ("VERB", "AUX") and _is_cue_verb(tok, lexicon):
                cand = _verb_cue(tok, sent, quotes, lexicon)
                if cand is not None and tok.lemma_.lower() not in cues.CUE_LEMMAS:
                    # a cue known only from the corpus is as sure as the corpus says it is
                    cand.confidence = min(cand.confidence, 0.3 + 0.5 * lexicon.probability(tok.lemma_, tok.pos_))
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in _NOUN_CUES:
                cand = _noun_cue(tok, quotes)
            if cand is not None and cand.content:
                candidates.append(cand)
    candidates.extend(_dash_sources(doc, quotes))
    candidates = _dedupe(candidates)
    candidates.extend(embedded_posts(doc))
    candidates.extend(_colon_speakers(doc, quotes, candidates))
    candidates.extend(_colon_introduced(doc, quotes, candidates))
    _attach_follow_on_quotes(doc, quotes, candidates)
    candidates.extend(_headline_quotes(doc, quotes, candidates))
    candidates.extend(_unclaimed_quotes(doc, quotes, candidates, lexicon))
    return [c for c in candidates if _well_formed(c)]


#: conjunctions that open a clause of time, cause or manner, never one of speech
_CIRCUMSTANCE_MARKS = frozenset({"as", "while", "when", "whenever", "because", "since", "after", "before",
                                 "until", "till", "once", "although", "though", "whereas"})


def _well_formed(c: Candidate) -> bool:
    spans = [*c.content, c.cue] + ([c.source] if c.source else [])
    return all(0 <= s < e for s, e in spans)


# --- cue verbs -------------------------------------------------------------------------------


def _is_cue_verb(tok: Token, lexicon: CueLexicon) -> bool:
    lemma = tok.lemma_.lower()
    if lemma == "put":  # only "as X put it"
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children) and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
    if lemma not in cues.CUE_LEMMAS and lexicon.probability(lemma, tok.pos_) < LEARNED_CUE_THRESHOLD:
        return False
    if tok.pos_ == "AUX" and lemma != "say":
        return False
    required = cues.PARTICLE_REQUIRED.get(lemma)
    if required and not any(c.lower_ in required for c in tok.children):
        return False
    return tok.dep_ not in ("amod", "compound")


def _clause_around(verb: Token, pieces: list[tuple[int, int]], quotes: QuoteIndex) -> tuple[int, int] | None:
    """The cue's clausal complement when it holds the quotation and says more than it (three
    words or more outside the marks): annotators take the whole clause as the content."""
    doc = verb.doc
    text = doc_text(doc)
    for comp in verb.children:
        if comp.dep_ != "ccomp" or comp.i < verb.i:
            continue
        lo, hi = subtree_range(comp)
        span = token_range(doc, lo, next_act_cut(comp, hi))
        if span is None or not (span[0] <= pieces[0][0] and pieces[-1][1] <= span[1]):
            continue
        inside = sum(len(_WORD.findall(text[s:e])) for s, e in pieces)
        if len(_WORD.findall(text[span[0]:span[1]])) - inside >= 3:
            return extend_to_quotes(span, quotes)
    return None




def _verb_cue(verb: Token, sent: SpacySpan, quotes: QuoteIndex, lexicon: CueLexicon) -> Candidate | None:
    doc = verb.doc
    v = verb.i
    # the parse as lists for the steps every cue verb takes (its subject, source and complement)
    table = token_table(doc)
    deps, heads = table.dep, table.head
    lemma = table.lemma[v].lower()
    reporter = reporting_subject_of(verb)
    subj = reporter.i if reporter is not None else subject_at(doc, v)
    if subj is not None and deps[subj] == "nsubjpass" and heads[subj] == v:
        subj = agent_at(doc, v)  # "X was told by Y": Y speaks; no agent → no source
    if subj is None:
        subj = agent_at(doc, v)
    if subj is None and deps[v] == "acl" and table.pos[heads[v]] in ("PROPN", "NOUN", "PRON") and table.tag[v] == "VBG":
        subj = heads[v]  # "footage of Trump saying …"
    if subj is None and deps[v] in ("acl", "relcl") and table.pos[heads[v]] in ("NOUN", "PROPN") \
            and (deps[heads[v]] == "ROOT" or deps[heads[v]] == "nsubj" and deps[heads[heads[v]]] == "ROOT"
                 and table.pos[heads[heads[v]]] in ("NOUN", "PROPN", "ADJ")) \
            and (lemma in cues.SPEECH or lemma in cues.NAMING) \
            and not any(deps[c] == "agent" for c in table.children[v]):
        # "“…!” the council's longest-serving member, Dana Pike, tweeted Sunday", "Speaker Ann
        # Lee, the party's leader, on Tuesday called the remarks ''racist''": a sentence with no
        # verb but this one, which the parse hung on its own subject (or on the subject of a
        # noun it made the root: "Lee's campaign called AP's report a “rush to judgment”")
        subj = heads[v]
    if subj is not None and table.lower[subj] in ("it", "there") and deps[subj] != "nsubj":
        subj = None
    source = source_span_at(doc, subj) if subj is not None else None
    source_tokens = set(range(table.left_edge[subj], table.right_edge[subj] + 1)) if subj is not None else set()
    run = _name_after_quote(verb, quotes) if lemma in cues.SPEECH else None
    if run is not None and (subj is None or subj > v or _inside_statement(doc[subj], quotes)
                            or run[0] <= subj <= run[2]):
        # "“…,” Tulsa police Chief Chuck Jordan said": the whole name, which the parse lost or cut
        subj = None
        source = (table.idx[run[0]], table.idx[run[1]] + len(table.text[run[1]]))
        source_tokens = set(range(run[0], run[2] + 1))
    if source is None and lemma in cues.SPEECH:
        inverted = _name_after_inverted_verb(verb, quotes)
        if inverted is not None:
            # "“…,” said retired surgeon Ben Carson, asked about …": the parse gave the name to
            # the clause after it
            source = (table.idx[inverted[0]], table.idx[inverted[1]] + len(table.text[inverted[1]]))
            source_tokens = set(range(inverted[0], inverted[1] + 1))
    cue_span = (verb.idx, verb.idx + len(verb.text))
    addressee = _addressee(verb)

    # 1. Quotation adjacent to the cue: "…,” X said, “…”  /  X said: “…”
    pieces = _adjacent_quotes(verb, source_tokens, sent, quotes)
    if pieces and (source is not None or any(q.is_sentential(doc_text(doc)) for q in quotes.between(pieces[0][0] - 1, pieces[-1][1]))):
        mixed = _clause_around(verb, pieces, quotes)
        if mixed is not None:  # "said the tax plan is “a disaster for families”": the whole clause
            return Candidate(cue_span, source, [mixed], "ccomp", 0.9, addressee_hint=addressee, cue_token=verb.i)
        return Candidate(cue_span, source, pieces, "quote", 0.95, quoted=True,
                          addressee_hint=addressee, cue_token=verb.i)

    if source is None and not _passive_with_clause(verb) and not (
        lemma in cues.NAMING and quotes.between(verb.idx, sent.end_char)
    ):
        return None

    # 2a. Colon: "Putin has spoken about this more than once: we will work with …"
    colon = _colon_after(verb, sent)
    if colon is not None and lemma in cues.SPEECH:
        end = sent.end - 1
        inside = quotes.containing(verb.idx)
        span = token_range(doc, colon + 1, end)
        if span is not None:
            if inside is not None:
                span = (span[0], min(span[1], max(e for _, e in inside.pieces)))
            return Candidate(cue_span, source, [span], "colon", 0.75, addressee_hint=addressee,
                              cue_token=verb.i)

    if lemma in _ONLY_WITH_QUOTE:
        return None

    # 2. Clausal complement: "X said (that) …"
    children, lowers = table.children, table.lower
    # "…," he said as the crowd booed: a clause the parser hangs as a complement but that opens
    # with a conjunction of time or cause ("as", "while", "when") is a circumstance, not what was said
    comps = [c for c in children[v] if deps[c] == "ccomp"
             and not any(deps[g] == "mark" and lowers[g] in _CIRCUMSTANCE_MARKS for g in children[c])]
    comp = next((c for c in comps if c > v and table.text[table.left_edge[c] - 1] != ","), None)
    if comp is None:
        comp = next((c for c in comps if not any(deps[g] == "mark" and lowers[g] != "that" for g in children[c])), None)
    if comp is None and lemma in cues.BELIEF | {"promise", "pledge", "vow", "threaten", "ask", "urge", "plan"}:
        comp = next((c for c in children[v] if deps[c] == "xcomp"), None)
    if comp is None and lemma in cues.SPEECH:
        comp = _that_clause_on_circumstance(verb)
    if comp is not None and comp not in source_tokens:
        lo, hi = table.left_edge[comp], table.right_edge[comp]
        hi = next_act_cut_at(doc, comp, hi)
        if comp < v:
            hi = _through_left_modifiers(verb, hi, source_tokens)
        for c in children[v]:
            # "told reporters that his government remained committed, but that “promises must be
            # kept”": a second that-clause the parse coordinated with the verb is said too
            if c > hi and deps[c] == "conj" and any(deps[g] == "mark" and lowers[g] in ("that", "whether")
                                                    for g in children[c]) \
                    and all(table.is_punct[t] or deps[t] == "cc" for t in range(hi + 1, table.left_edge[c])):
                hi = table.right_edge[c]
        span = token_range(doc, lo, hi)
        if span is not None:
            span = extend_to_quotes(span, quotes)
            conf = 0.6 if lemma in cues.BELIEF else 0.8
            return Candidate(cue_span, source, [span], "ccomp", conf, addressee_hint=addressee,
                              cue_token=verb.i)

    # 3b. "As a Homeland Security memo put it, the requirement is …": the clause the as-clause modifies
    if lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children) and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    ) and verb.head.i != verb.i:
        own = {t.i for t in verb.subtree}
        host = [t.i for t in verb.head.subtree if t.i not in own and sent.start <= t.i < sent.end]
        if host:
            pieces = []
            for lo, hi in ((min(host), min(own) - 1), (max(own) + 1, max(host))):
                piece = token_range(doc, lo, hi) if hi >= lo else None
                if piece is not None:
                    pieces.append(extend_to_quotes(piece, quotes))
            if pieces:
                return Candidate(cue_span, source, pieces, "as-put-it", 0.8, cue_token=verb.i)

    # 3a. Cue in the middle of its content: "Acts of protest, Mr. Obama said, are acts of patriotism."
    if lemma in cues.SPEECH and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children):
        own_clause = [t for t in verb.subtree if not t.is_punct]
        lo_edge, hi_edge = own_clause[0].i, own_clause[-1].i
        if (
            lo_edge - 1 > sent.start and hi_edge + 2 < sent.end
            and doc[lo_edge - 1].text == "," and doc[hi_edge + 1].text == ","
            and len(own_clause) <= 8
        ):
            left = token_range(doc, sent.start, lo_edge - 2)
            right = token_range(doc, hi_edge + 2, sent.end - 1)
            if left and right:
                return Candidate(cue_span, source, [extend_to_quotes(left, quotes), extend_to_quotes(right, quotes)],
                                  "interjected", 0.75, addressee_hint=addressee, cue_token=verb.i)

    # 3. Parenthetical cue: "Moscow will welcome …, Lavrov has said." (the parser may hang a
    # trailing "…, a trader warned us" as an adverbial clause: one with its own subject and no
    # marker, unlike "…, saying …" or "…, as he said")
    if (
        (verb.dep_ in ("parataxis", "ccomp") or verb.dep_ == "advcl" and _trailing_clause(verb))
        and verb.head.i < verb.i
        and lemma in cues.SPEECH
        and verb.left_edge.i > 0
        and doc[verb.left_edge.i - 1].text in (",", "—", "–")
        and not _is_cue_verb(verb.head, lexicon)
    ):
        head = verb.head
        own = set(t.i for t in verb.subtree)
        lo = head.left_edge.i
        hi = verb.left_edge.i - 1
        if lo < sent.start:
            lo = sent.start
        span = token_range(doc, lo, hi) if hi >= lo else None
        if span is not None and not own & set(range(lo, hi + 1)):
            span = token_range(doc, lo, _through_left_modifiers(verb, hi, source_tokens)) or span
            return Candidate(cue_span, source, [extend_to_quotes(span, quotes)], "parenthetical",
                              0.75, addressee_hint=addressee, cue_token=verb.i)
    if verb.dep_ == "ROOT" and lemma in cues.SPEECH and not any(
        c.dep_ in ("ccomp", "xcomp", "oprd") or c.dep_ == "dobj" and not _hearer_object(verb, c)
        for c in verb.children
    ):
        # "Q, Lavrov said." parsed with Q's root as a child on the left (parataxis/advcl); "Q, a
        # spokesman told us." too: the object of a telling verb is who heard Q
        hung = [c for c in verb.lefts if c.dep_ in ("parataxis", "advcl", "ccomp") and c.i not in source_tokens]
        if hung:
            lo, hi = hung[0].left_edge.i, hung[-1].right_edge.i
            hi = _through_left_modifiers(verb, hi, source_tokens)
            span = token_range(doc, max(lo, sent.start), hi)
            if span is not None:
                return Candidate(cue_span, source, [extend_to_quotes(span, quotes)], "parenthetical",
                                  0.7, addressee_hint=addressee, cue_token=verb.i)

    # 4. Naming verbs: "called his rival 'a good thing'", "whom he called 'an old-school politician'"
    if lemma in cues.NAMING:
        named = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "acomp")
                 or (c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i)]
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
        if len(objects) >= 2:  # "branded North Korea an outlaw nation"
            named = objects[1:]
        if named:
            lo = obj.left_edge.i if obj is not None and obj.i > verb.i else named[0].left_edge.i
            hi = max(_edge_before_verb_conj(c) for c in named)
            span = token_range(doc, lo, hi)
            if span is not None:
                span = _through_detached_quote(doc, hi, span, sent, quotes)
                return Candidate(cue_span, source, [extend_to_quotes(span, quotes)], "naming", 0.7,
                                  cue_token=verb.i)

    # 5. Object content: "denied the report", "called for talks", "pointed to the polls"
    if lemma not in cues.BELIEF:
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
        if obj is None:
            prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in ("for", "on", "to", "of", "about")), None)
            if prep is not None and (lemma == "call" or prep.lower_ in ("for", "about")):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    span = token_range(doc, pobj.left_edge.i, prep.right_edge.i)
                    if span is not None:
                        return Candidate((verb.idx, prep.idx + len(prep.text)), source,
                                          [extend_to_quotes(span, quotes)], "object", 0.55,
                                          cue_token=verb.i)
            return None
        lo, hi = obj.left_edge.i, obj.right_edge.i
        for child in verb.rights:  # "urged Congress to act", "accused him of lying": object plus its frame
            if child.i > hi and (child.dep_ in ("xcomp", "oprd", "ccomp")
                                 or (child.dep_ == "prep" and child.lower_ in ("as", "of", "for", "to"))):
                hi = child.right_edge.i
        span = token_range(doc, lo, hi)
        if span is not None and (hi - lo >= 1 or quotes.between(span[0], span[1])):
            return Candidate(cue_span, source, [extend_to_quotes(span, quotes)], "object", 0.5,
                              addressee_hint=addressee, cue_token=verb.i)
    return None


def _that_clause_on_circumstance(verb: Token) -> int | None:
    """A "that" clause the parse hung on the noun of the verb's circumstance: "told analysts on a
    call that demand remained strong" read as a call "that demand remained strong". A clause
    with its own subject and "that" as its mark is no relative clause (a relative "that" is the
    clause's subject or object), so it is what the verb says."""
    for prep in verb.rights:
        if prep.dep_ != "prep":
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            for clause in pobj.rights:
                kids = list(clause.children)
                if clause.dep_ in ("relcl", "acl") and any(
                        k.dep_ == "mark" and k.lower_ == "that" and k.i < clause.i for k in kids) and any(
                        k.dep_ in ("nsubj", "nsubjpass") for k in kids):
                    return clause.i
    return None


def _trailing_clause(verb: Token) -> bool:
    """A clause with its own subject and no marker ("…, a trader warned us"), not a participle
    ("…, saying …") or a marked clause ("…, as he said")."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and not any(
        c.dep_ == "mark" for c in verb.children)


def _through_left_modifiers(verb: Token, hi: int, source_tokens: set[int]) -> int:
    """Extend content ending at ``hi`` over the cue's left modifiers up to its subject's comma.

    Only when every token between is in the subtree of a left child of the cue with a modifier
    dependency (:data:`_CONTENT_TAIL_DEPS`) and none is the source.
    """
    subject = next((c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass") and c.i > hi), None)
    if subject is None:
        return hi
    stop = subject.left_edge.i
    owner = {}
    for child in verb.lefts:
        if child.i > hi and child.i < stop:
            for t in child.subtree:
                owner[t.i] = child.dep_
    between = range(hi + 1, stop)
    if not between or any(i in source_tokens or owner.get(i) not in _CONTENT_TAIL_DEPS for i in between):
        return hi
    doc = verb.doc
    end = stop - 1
    while end > hi and doc[end].is_punct:
        end -= 1
    return end


def _colon_after(verb: Token, sent: SpacySpan) -> int | None:
    """Index of a colon that closes the cue's own phrase ("said it many times: …"), if any."""
    table = token_table(verb.doc)  # plain lists: no token objects for the words after each cue
    texts, deps, heads = table.text, table.dep, table.head
    v = verb.i
    for i in range(v + 1, min(sent.end, v + 12)):
        text = texts[i]
        if text == ":":
            return i if i + 1 < sent.end else None
        if text in OPENING or deps[i] in ("ccomp", "mark") or text in ".;":
            return None
        if heads[i] != v and not _descends_from(heads, i, v):
            return None
    return None


def _descends_from(heads: list[int], i: int, ancestor: int) -> bool:
    """``ancestor`` is among token ``i``'s ancestors (``Token.ancestors``, on the head column)."""
    for _ in range(len(heads)):
        if heads[i] == i:
            return False
        i = heads[i]
        if i == ancestor:
            return True
    return False


def _passive_with_clause(verb: Token) -> bool:
    """"It was reported that …" has no source but is still an attribution."""
    return any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in verb.children) or (
        any(c.dep_ == "auxpass" for c in verb.children) and any(c.dep_ == "ccomp" for c in verb.children)
    )


def _hearer_object(verb: Token, obj: Token) -> bool:
    """Whether ``obj`` is who heard ``verb``'s words: the object of a telling verb ("told
    reporters", "warned the council"), a noun or pronoun."""
    return obj.dep_ in ("dobj", "dative") and verb.lemma_.lower() in _ADDRESSEE_VERBS \
        and obj.pos_ in ("NOUN", "PROPN", "PRON")


def _addressee(verb: Token) -> tuple[int, int] | None:
    """The hearer of "told reporters", "said in a letter to Congress"."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    if obj is not None and _hearer_object(verb, obj):
        return source_span(obj)
    for prep in verb.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ == "to":
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and pobj.ent_type_ not in ("DATE", "TIME"):
                return source_span(pobj)
        if prep.dep_ == "prep" and prep.lower_ == "in":
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_ in ("letter", "message", "email", "note", "memo"):
                for sub in pobj.children:
                    if sub.dep_ == "prep" and sub.lower_ == "to":
                        target = next((c for c in sub.children if c.dep_ == "pobj"), None)
                        if target is not None:
                            return source_span(target)
    return None


def _inside_statement(tok: Token, quotes: QuoteIndex) -> bool:
    """``tok`` lies in a quoted statement (not a quoted term such as a “super PAC”)."""
    quote = quotes.containing(tok.idx)
    return quote is not None and quote.is_sentential(doc_text(tok.doc))


def _name_after_quote(verb: Token, quotes: QuoteIndex) -> tuple[int, int, int] | None:
    """The name between a closing quotation mark and the verb, for when the parser did not
    make it the subject ("“…,” Tulsa police Chief Chuck Jordan said", "“…,” Flynn, a top
    Trump surrogate, said"): its first and last token and the last token before the verb.

    ``None`` unless the words there are a capitalised name, optionally followed by a
    comma-set description with no lower-case verb in it."""
    doc = verb.doc
    if verb.i == 0 or quotes.containing(verb.idx) is not None:
        return None
    i = verb.i - 1
    while i >= 0 and verb.i - i <= 12:
        tok = doc[i]
        if tok.text in CLOSING or tok.text == "''" or _closes_quote(tok, quotes):
            break
        if tok.is_space or not (tok.text[:1].isupper() or tok.text == "," or tok.pos_ in _DESCRIPTION_POS):
            return None  # a lower-case verb or clause: not a name with its description
        i -= 1
    else:
        return None
    first = i + 1
    while first < verb.i and doc[first].pos_ in ("CCONJ", "SCONJ", "ADV"):
        first += 1  # "“…” But Solovey said", "While Will acknowledges"
    if first >= verb.i or not doc[first].text[:1].isupper():
        return None
    last = first
    while last + 1 < verb.i and doc[last + 1].text != ",":
        last += 1
    if last + 1 < verb.i - 1 and doc[verb.i - 1].text != ",":
        return None  # words after the name that are not a comma-set description
    return first, last, verb.i - 1


def _name_after_inverted_verb(verb: Token, quotes: QuoteIndex) -> tuple[int, int] | None:
    """The name right after a verb that follows a quotation's closing mark ("“…,” said David
    Brock, a confidant", "“…,” said retired surgeon Ben Carson."): its first and last token,
    when the words up to the next comma or full stop are a short noun phrase ending in a
    capitalised name."""
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i > 0 else None
    if before is None or not (before.text in CLOSING or before.text == "''" or _closes_quote(before, quotes)):
        return None
    first = k = verb.i + 1
    while k < len(doc) and doc[k].text not in (",", ".", ";", ":", "!", "?") and not doc[k].is_space:
        tok = doc[k]
        if k - first >= 8 or tok.pos_ not in _INVERTED_NAME_POS or (tok.pos_ == "VERB" and tok.dep_ != "amod"):
            return None  # a clause of its own, not a name
        k += 1
    last = k - 1
    if last < first or doc[last].pos_ != "PROPN" or not doc[last].text[:1].isupper():
        return None
    return first, last


_INVERTED_NAME_POS = {"PROPN", "NOUN", "ADJ", "DET", "NUM", "VERB", "PUNCT"}


def _closes_quote(tok: Token, quotes: QuoteIndex) -> bool:
    """``tok`` is a quotation's closing mark (a single one, ’ or ', which is also the
    apostrophe of "Jones’ lawyer")."""
    q = quotes.containing(tok.idx)
    return q is not None and q.closed and q.close_at == tok.idx + len(tok.text)


_DESCRIPTION_POS = {"NOUN", "PROPN", "ADJ", "DET", "ADP", "PART", "NUM", "CCONJ"}


def _adjacent_quotes(verb: Token, own: set[int], sent: SpacySpan, quotes: QuoteIndex) -> list[tuple[int, int]]:
    """Quotation pieces framed by this cue (before it, after it, or both for a split quote);
    ``own``: the tokens of the cue's source, which may stand between."""
    doc = verb.doc
    text = doc_text(doc)
    if quotes.containing(verb.idx) is not None:
        return []
    before: Quote | None = None
    after: Quote | None = None
    # a quotation ending just before the cue: "…,” Lavrov said  /  "…,” said Lavrov
    q = _last_closed_before(quotes, max(0, sent.start_char - 4000), verb.idx)
    if q is not None:
        in_sentence = q.close_at > sent.start_char or (
            _ends_open(text, q) and not _is_filler_blocked(text[q.close_at:verb.idx]))
        if in_sentence and _gap_ok(doc, q.close_at, verb.idx, own) \
                and not _has_own_content(verb, quotes, own) and not _names_the_speaker(text, q, verb) \
                and not _introduced_by_other(doc, q, verb):
            before = q
    # a quotation starting just after the cue: Lavrov said, “…”  /  He said:\n“…”
    end_char = verb.idx + len(verb.text)
    at = bisect.bisect_left(quotes.starts, end_char)
    if at < len(quotes.items) and quotes.items[at].open_at < end_char + 4000:
        q = quotes.items[at]  # the first quotation opening in the 4000 characters after the cue
        colon = ":" in text[end_char:q.open_at]
        if before is not None and _mentioned_before(text, before, q, end_char):
            before = None  # On “Meet the Press” Sunday, she said, “…”: the title is no statement of hers
        if own and (opening := token_at(doc, q.open_at)) is not None and opening.i in own:
            pass  # “…,” said Ervin, who thinks his staff “need to …”: the source's own clause quotes it
        elif (q.open_at < sent.end_char or colon) and _gap_ok(doc, end_char, q.open_at, own, allow_break=colon):
            if before is None or (_split_quote(text, before, q) and not _is_title(text, q)
                                  and not _framed_after(text, q)):
                # “…,” said Lee, an aide. “…,” she said: the second quotation has a cue of its own
                after = q
        elif before is not None and q.open_at < sent.end_char and _split_quote(text, before, q) \
                and _aside_ok(doc, end_char, q.open_at, verb) and not _framed_after(text, q):
            # "…,” Trump said during a rally in Kenansville, N.C., “but …” / he said, but “…”
            # (not "…,” she said, but despite it, “…,” said Kunin: that one has its own cue)
            after = q
        elif before is None and q.open_at < sent.end_char and text[end_char:q.open_at].lstrip(" \xa0").startswith(",") \
                and _aside_ok(doc, end_char, q.open_at, verb) and q.is_sentential(text):
            # "Pike joked, again using an exaggerated accent, “Amen, brother!”": the cue's own aside
            after = q
        elif before is None and (bare_end := _said_bare(verb, sent)) is not None \
                and text[bare_end:q.open_at].strip(" \t\xa0.!") == "" \
                and q.is_sentential(text) and not _framed_after(text, q):
            # "Harbor College's Mia Stone agreed. “The mayor is running out of time.”": a verb of
            # saying that ends its sentence with nothing said, then the quotation it introduces
            after = q
    if before is not None and after is None \
            and not _sentence_goes_on(verb, {doc[i].lower_ for i in own}):
        after = _continuation(text, sent, quotes)
    if before is not None and after is not None:
        return list(before.pieces) + list(after.pieces)
    if before is not None:
        return list(before.pieces)
    right_after = text[end_char:after.open_at].strip(" ,:\xa0") == "" if after is not None else False
    if after is not None and (after.is_sentential(text) or right_after and verb.lemma_.lower() not in cues.NAMING):
        return list(after.pieces)
    return []


def _sentence_goes_on(verb: Token, source_words: set[str]) -> bool:
    """After the cue its sentence goes on with someone else doing something ("…,” Lee said, and
    her husband cut in. “…”) or with the speaker saying something more in a clause of its own
    ("…,” he said, adding that he had not spoken to them. “…”): the next quotation may be the
    other one's, or go on with the added clause, not with the cue's words.
    ``source_words``: the lower-cased words of the cue's source."""
    for c in verb.children:
        if c.i < verb.i or c.pos_ not in ("VERB", "AUX"):
            continue
        if c.dep_ == "conj" and any(g.dep_ in ("nsubj", "nsubjpass") and g.pos_ in ("NOUN", "PROPN")
                                    and g.lower_ not in source_words for g in c.children):
            return True
        if c.tag_ == "VBG" and c.dep_ in ("advcl", "xcomp", "conj") and any(g.dep_ == "ccomp" for g in c.children):
            return True
    return False


#: Verbs of saying that may end their sentence and let the next one say it ("X agreed. “…”").
_BARE_SPEECH = frozenset({"agree", "disagree", "explain", "elaborate", "add", "reply", "respond", "answer",
                          "concur", "recall", "warn", "insist", "continue"})


def _said_bare(verb: Token, sent: SpacySpan) -> int | None:
    """Where the saying ends when the verb is one of :data:`_BARE_SPEECH` (or says through a
    channel: "said in a statement."), heads its sentence, says nothing in it (no complement, no
    quotation) and ends it: only adverbs of time or manner, the channel and punctuation follow;
    else ``None``."""
    # the channel it was said through ("said in a statement.", "said on Twitter.") says nothing
    channels = [c for c in verb.children if c.dep_ == "prep" and c.i > verb.i and _speech_channel(c)]
    lemma = verb.lemma_.lower()
    if not (lemma in _BARE_SPEECH or (channels and lemma in ("say", "write", "tweet", "post"))) \
            or verb.dep_ != "ROOT" or not any(c.dep_ == "nsubj" for c in verb.children):
        return None  # "The board had been warned.": no one speaks
    channel_tokens = {t.i for c in channels for t in c.subtree}
    if any(c.dep_ in ("ccomp", "xcomp", "dobj", "dative", "prep", "advcl", "parataxis", "conj")
           and c not in channels for c in verb.children):
        return None
    bare = all(t.is_punct or t.is_space or t.i in channel_tokens
               or (t.dep_ in ("advmod", "npadvmod") and t.head.i == verb.i)
               or (t.head.dep_ == "npadvmod" and t.head.head.i == verb.i)
               for t in verb.doc[verb.i + 1:sent.end]) and not any(
        t.text in OPENING for t in verb.doc[sent.start:verb.i])
    if not bare:
        return None
    last = verb.doc[max(channel_tokens)] if channel_tokens else verb
    return last.idx + len(last.text)


# what a statement is made in or through ("in a statement", "in an email", "on Twitter")
_CHANNEL_NOUNS = {"statement", "email", "e-mail", "release", "interview", "post", "tweet", "letter",
                  "message", "text", "memo", "video", "briefing", "conference", "call", "twitter",
                  "facebook", "instagram", "radio", "television", "tv", "speech", "op-ed", "blog"}  # fmt: skip


def _speech_channel(prep: Token) -> bool:
    """A preposition whose object is what a statement was made in ("in a statement", "on
    Twitter", "in an emailed statement"), with nothing more said in it."""
    if prep.lower_ not in ("in", "on", "at", "during", "via", "through", "over"):
        return False
    pobj = [c for c in prep.children if c.dep_ == "pobj"]
    return len(pobj) == 1 and (pobj[0].lemma_.lower() in _CHANNEL_NOUNS or pobj[0].lower_ in _CHANNEL_NOUNS) \
        and not any(t.dep_ in ("relcl", "acl", "ccomp") for t in pobj[0].subtree)


def _introduced_by_other(doc: Doc, q: Quote, verb: Token) -> bool:
    """Another verb of saying or thinking introduces the quotation ("someone shouted, “Ortiz,”
    Pike joked"; "she was thinking, “Oh no,” adding, “…”"): it is that verb's, not the words of a
    cue after it."""
    opening = token_at(doc, q.open_at)
    if opening is None:
        return False
    i = opening.i - 1
    while i >= 0 and (doc[i].is_space or doc[i].text in (",", ":")) and "\n" not in doc[i].text:
        i -= 1
    prev = doc[i] if i >= 0 else None
    return prev is not None and prev.i != verb.i and prev.pos_ == "VERB" and prev.lemma_.lower() in cues.CUE_LEMMAS


def _edge_before_verb_conj(tok: Token) -> int:
    """The last token of ``tok``'s phrase, before a verb phrase the parser coordinated with it
    ("called it “shameful” and called on leaders …": "called on" hangs on "shameful")."""
    for child in tok.rights:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            end = child.left_edge.i - 1
            while end > tok.i and (tok.doc[end].dep_ == "cc" or tok.doc[end].is_punct and tok.doc[end].text not in CLOSING):
                end -= 1
            return end
    return tok.right_edge.i


def _through_detached_quote(doc: Doc, hi: int, span: tuple[int, int], sent: SpacySpan,
                            quotes: QuoteIndex) -> tuple[int, int]:
    """A naming's quoted name the parser hung elsewhere ("called AP's report a “rush to
    judgment,”", "called the city's standards “strong.”"): the quotation that opens right after
    the named words (an article or an adjective may come first) is theirs."""
    j = hi + 1
    while j < sent.end and j <= hi + 3 and doc[j].pos_ in ("DET", "ADJ", "ADV") and doc[j].text not in OPENING:
        j += 1
    if j < sent.end and doc[j].text in OPENING:
        q = quotes.containing(doc[j].idx + len(doc[j].text))
        if q is not None and q.open_at == doc[j].idx and q.close_at <= sent.end_char + 2:
            return span[0], q.end
    return span


def _last_closed_before(quotes: QuoteIndex, start: int, end: int) -> Quote | None:
    """The last quotation (in order of opening) that opens at ``start`` or later and closes by
    ``end``: the last of ``quotes.between(start, end)`` closed by then, found from the end."""
    lo = bisect.bisect_left(quotes.starts, start)
    i = bisect.bisect_left(quotes.starts, end)  # between() stops at the first opening at ``end``
    while i > lo:
        i -= 1
        if quotes.items[i].close_at <= end:
            found = quotes.items[i]
            # a quotation inside another ("“… ‘Let’s see?’” Garcia said"): the outer one is said
            while i > lo and quotes.items[i - 1].close_at >= found.close_at:
                i -= 1
                if quotes.items[i].close_at <= end:
                    found = quotes.items[i]
            return found
    return None


def _mentioned_before(text: str, before: Quote, after: Quote, cue_end: int) -> bool:
    """The quotation before the cue is a phrase named in passing (a few words that no
    punctuation of a statement closes: “Meet the Press” Sunday, she said) and a quotation opens
    right after the cue (“…”): that one is what the cue frames."""
    return (_last_mark(text, before) not in _STATEMENT_END and before.words(text) <= 7
            and text[cue_end:after.open_at].strip(" ,:\xa0") == "")


_STATEMENT_END = {".", ",", "?", "!", "—", "–", "-", "…", ";", ":"}


_GAP_DEPS = {"aux", "auxpass", "advmod", "npadvmod", "neg", "punct", "prt", "prep", "pobj", "det", "compound",
             "amod", "poss", "nummod"}
_GAP_WORDS = {"also", "later", "then", "again", "once", "earlier", "recently", "further", "simply",
              "however", "though", "in", "at", "on", "a", "an", "the", "statement",
              "interview", "to", "reporters", "press", "conference", "email", "letter", "speech",
              "told", "during", "rally", "tweet", "post", "his", "her", "their", "its", "this"}


def _gap_ok(doc: Doc, start: int, end: int, own: set[int], allow_break: bool = False) -> bool:
    """Only the cue's own subject, adverbs, auxiliaries, times and short settings lie between."""
    gap = doc_text(doc)[start:end]
    if not allow_break and "\n" in gap:
        return False
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return gap.strip(" ,:;—–-\n\t\xa0") == ""
    words = 0
    for tok in span:
        if tok.is_space or tok.is_punct or tok.i in own:
            continue
        words += 1
        if tok.lower_ == "that" and tok.dep_ == "mark":
            return False
        if tok.dep_ in _GAP_DEPS or tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in _GAP_WORDS:
            continue
        return False
    return words <= 7


def _aside_ok(doc: Doc, start: int, end: int, verb: Token) -> bool:
    """Between the halves of a split quote: the cue's own aside ("during a rally in …",
    "referring to …", ", but"), short, with no one else speaking in it."""
    gap = doc_text(doc)[start:end]
    tail = gap.rstrip(" \xa0")
    if "\n" in gap or not (tail.endswith(",") or tail.endswith((" but", " and", ",but"))):
        return False
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return False
    words = [t for t in span if not (t.is_space or t.is_punct)]
    if len(words) > 12:
        return False
    for tok in words:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i != verb.i:
            return False  # someone else's clause: “…,” he said, and she replied, “…”
        if tok.pos_ == "VERB" and tok.lemma_.lower() in cues.SPEECH:
            return False  # a second cue frames the second quote: “…,” he said, adding, “…”
        if tok.lower_ == "that" and tok.dep_ == "mark":
            return False
    return True


#: Verbs whose "-ing" complement is never what was said ("said introducing", "added pointing").
_NO_GERUND_CONTENT = frozenset({"say", "add", "tell", "write", "explain", "reply", "respond"})


def _has_own_content(verb: Token, quotes: QuoteIndex, own: set[int] | frozenset[int] = frozenset()) -> bool:
    """A verb with its own complement on the right ("and said he was …") frames no earlier quote.

    A complement inside quotation marks is the second half of a split quote, not its own content;
    one that took the speaker (``own``, the source's tokens) as its subject is the parse's
    misreading of "“…,” said Ben Carson, asked about …", not what was said.
    """
    for child in verb.rights:
        if quotes.containing(child.left_edge.idx) is not None or child.left_edge.text in OPENING:
            continue
        if any(t in own for t in range(child.left_edge.i, child.i)):
            continue
        if child.left_edge.i > 0 and child.doc[child.left_edge.i - 1].text == ",":
            continue  # "…,” Warren told Stumpf, after he admitted …": an adverbial, not her words
        if child.left_edge.i - verb.i > 6:
            continue  # far from the verb: a misattached clause, not what "she said"
        if child.dep_ == "xcomp" and child.tag_ == "VBG" and verb.lemma_.lower() in _NO_GERUND_CONTENT:
            continue  # "“…,” he said introducing Ortiz as …": what he did while saying it
        if _participle_on_noun(child):
            continue  # "“…,” X said in a statement issued Monday": the statement's participle
        if child.dep_ in ("ccomp", "xcomp"):
            return True
        if child.dep_ == "dobj" and not _hearer_object(verb, child):
            return True
    return False


def _participle_on_noun(child: Token) -> bool:
    """A "clause" the parser hung on the cue that is a participle right after a noun, with no
    subject or marker of its own ("said in a statement issued a half-hour before …"): it
    describes that noun and says nothing."""
    if child.dep_ != "ccomp" or child.tag_ not in ("VBD", "VBN") or child.i == 0:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj", "mark", "aux", "auxpass") for c in child.children):
        return False
    return child.doc[child.i - 1].pos_ == "NOUN"


def _continuation(text: str, sent: SpacySpan, quotes: QuoteIndex) -> Quote | None:
    """“Q1,” X said. “Q2 …” — a quotation opening the next sentence of the same paragraph."""
    body_end = len(text[: sent.end_char].rstrip())
    nxt = [q for q in quotes.between(body_end, body_end + 400)]
    if not nxt:
        return None
    q = nxt[0]
    gap = text[body_end:q.open_at]
    if _framed_after(text, q) or _runs_on(text, q):
        return None  # “Q2 …,” added Clyburn / “Q2” to drive up …, she said: not Q1's speaker going on
    return q if gap.strip() == "" and "\n" not in gap and text[body_end - 1] in ".!?" else None


def _framed_after(text: str, q: Quote) -> bool:
    """The sentence goes on after the quotation (“…,” Clyburn added / “…?” she asked): a cue
    of its own follows it."""
    tail = _last_mark(text, q)
    after = text[q.close_at:q.close_at + 40].lstrip(" \xa0")
    if tail in (",", "—", "–", "-", "…"):
        return bool(after) and after[0] not in "\n“\""
    return tail in ("?", "!") and after[:1].islower()


def _is_title(text: str, q: Quote) -> bool:
    """A short quotation of capitalised words, a show's or a book's title ("said on Fox
    News's “Fox and Friends”"), not the second half of a split quote."""
    words = _WORDS.findall(" ".join(text[s:e] for s, e in q.pieces))
    capitals = sum(w[0].isupper() for w in words)
    return 2 <= capitals and len(words) <= 7 and all(w[0].isupper() or w in _TITLE_SMALL for w in words)


_WORDS = re.compile(r"[^\W\d_]+")
_TITLE_SMALL = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "s", "the", "to", "with"}


def _names_the_speaker(text: str, q: Quote, verb: Token) -> bool:
    """A title in quotation marks right before the verb, with no punctuation of a statement,
    is who speaks ("as “The Wall Street Journal” wrote"), not what was said."""
    if text[q.close_at:verb.idx].strip() or text[q.end - 1:q.end] in (",", ".", "!", "?", "—", "–", "-", "…"):
        return False
    return _is_title(text, q)


def _runs_on(text: str, q: Quote) -> bool:
    """The writer's sentence goes on after the quotation with words of its own (“…” to drive
    up the stock price, she said): the quotation is a phrase in it, not a statement."""
    after = text[q.close_at:q.close_at + 20].lstrip(" \xa0")
    return after[:1].isalpha() and after[:1].islower()


def _ends_open(text: str, q: Quote) -> bool:
    """The quotation ends with a comma, question or dash: the sentence goes on after it."""
    return _last_mark(text, q) in (",", "?", "!", "—", "–", "-", "…")


def _last_mark(text: str, q: Quote) -> str:
    """The quotation's last character before its closing marks, a nested quotation's closing
    mark skipped too (“… ‘what can we do?’”), or "" when none is left."""
    start = q.pieces[-1][0]
    return text[max(start, q.pieces[-1][1] - 3):q.close_at].rstrip("”\"»’' ")[-1:]


def _is_filler_blocked(gap: str) -> bool:
    """A full stop between quotation and cue ends the sentence, unless it ends an abbreviation of
    a name: a title ("Mr.", "Rep.", "Lt."), an initial ("Jim J. McDermott"), a suffix ("Jr.") or
    a party tag ("(D-Wash.)")."""
    return "." in _NAME_ABBREVIATION.sub("", gap)


#: the abbreviations inside a speaker's name whose full stop ends no sentence
_NAME_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(t) for t in sorted(TITLES_BEFORE_NAMES, key=len, reverse=True))
    + r"|[A-Z]\.(?=\s)|(?:Jr|Sr)\.)|\([DRI]-[A-Za-z. ]{1,12}\)"
)


def _split_quote(text: str, before: Quote, after: Quote) -> bool:
    """"…,” he said, “…” — the first part ends with a comma (or dash) inside the marks."""
    tail = text[before.pieces[-1][1]:before.close_at]
    inner_end = text[max(before.pieces[-1][0], before.pieces[-1][1] - 1):before.pieces[-1][1]]
    return "," in tail or inner_end in (",", "—", "–", "-") or "…" in tail




# --- according to, noun cues, colon transcripts ------------------------------------------------


_CONTRAST_MARKS = {"while", "whereas"}


def _according_to(tok: Token, sent: SpacySpan, quotes: QuoteIndex) -> Candidate | None:
    doc = tok.doc
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    src = source_span(pobj)
    phrase = set(t.i for t in tok.subtree) | {tok.i, to.i} | set(t.i for t in to.subtree)
    phrase_lo, phrase_hi = min(phrase), max(phrase)
    if tok.head.i == tok.i:
        # the parser made "According" the root and hung the clause on the source (as an
        # apposition): the phrase ends with the source's own words
        src_end = doc.char_span(src[0], src[1], alignment_mode="expand")
        phrase_hi = src_end.end - 1 if src_end is not None else phrase_hi
        while phrase_hi + 1 < sent.end and doc[phrase_hi + 1].is_punct:
            phrase_hi += 1
    cue = (tok.idx, to.idx + len(to.text))
    head = tok.head if tok.head.i != tok.i else None
    while head is not None and head.i < phrase_lo and head.head.pos_ in ("VERB", "AUX") and head.head.i < head.i and (
            head.dep_ == "conj" or head.dep_ == "advcl" and any(c.lower_ in _CONTRAST_MARKS for c in head.children)):
        # "A had 37 percent, B 36 and C 13, according to the results": the phrase closes the
        # whole coordination, not its last clause ("…, while B …" too)
        head = head.head
    if head is not None and head.pos_ in ("VERB", "AUX") and head.i not in phrase:
        lo, hi = max(head.left_edge.i, sent.start), min(head.right_edge.i, sent.end - 1)
        if lo < phrase_lo and hi > phrase_hi:
            left = token_range(doc, lo, phrase_lo - 1)
            right = token_range(doc, phrase_hi + 1, hi)
            pieces = [p for p in (left, right) if p is not None]
        else:
            pieces = [p for p in (token_range(doc, lo, phrase_lo - 1) if lo < phrase_lo else
                                  token_range(doc, phrase_hi + 1, hi),) if p is not None]
        if pieces:
            return Candidate(cue, src, [extend_to_quotes(p, quotes) for p in pieces], "according", 0.85)
    if phrase_lo <= sent.start + 1:
        span = token_range(doc, phrase_hi + 1, sent.end - 1)
    elif phrase_hi >= sent.end - 2:
        span = token_range(doc, sent.start, phrase_lo - 1)
    else:
        left = token_range(doc, sent.start, phrase_lo - 1)
        right = token_range(doc, phrase_hi + 1, sent.end - 1)
        if left and right:
            return Candidate(cue, src, [left, right], "according", 0.8)
        span = left or right
    if span is None:
        return None
    return Candidate(cue, src, [extend_to_quotes(span, quotes)], "according", 0.85)


def _noun_cue(noun: Token, quotes: QuoteIndex) -> Candidate | None:
    doc = noun.doc
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")
                   and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)), None)
    if clause is None:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    span = token_range(doc, clause.left_edge.i, clause.right_edge.i)
    if span is None:
        return None
    return Candidate((noun.idx, noun.idx + len(noun.text)), source_span(owner),
                      [extend_to_quotes(span, quotes)], "noun", 0.6, cue_token=noun.i)


_DASH_SOURCE = re.compile(r"((?:[ \t\xa0]*\n){1,2})?[ \t\xa0]*([―—–]+|-{1,2})[ \t\xa0]*([A-Z][^\n,;.(]{1,60})")


def _dash_sources(doc: Doc, quotes: QuoteIndex) -> list[Candidate]:
    """Vox-pop style: “…” ― Maria Lopez, 34, Phoenix (or "- Maria Lopez" on the next line).

    Reviews and testimonials put the dash line under the quotation's paragraph ("“…”⏎– Ana
    L."): then the quotation is its whole paragraph and the dash line a short one."""
    text = doc_text(doc)
    out = []
    for q in quotes.items:
        m = _DASH_SOURCE.match(text, q.close_at)
        if m is None or len(_WORD.findall(m.group(3))) > 6:
            continue
        if m.group(2)[0] == "-":
            # a hyphen signs only on a line of its own ("“…”⏎- Ana Ruiz"), with a name (not a
            # list's item: "“…”⏎- Tax cuts for families")
            name = doc.char_span(m.start(3), m.start(3) + len(m.group(3).rstrip()), alignment_mode="contract")
            if m.group(1) is None or name is None or not any(t.pos_ == "PROPN" for t in name):
                continue
        if m.group(1) is not None:
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            if text[text.rfind("\n", 0, q.open_at) + 1:q.open_at].strip() or line_end - m.end() > 60:
                continue
        dash = m.start(2)
        src_end = m.start(3) + len(m.group(3).rstrip())
        out.append(Candidate((dash, dash + 1), (m.start(3), src_end), list(q.pieces), "dash", 0.9,
                              quoted=True))
    return out


# a paragraph of a multi-paragraph quotation opens with a quotation mark: "“WALLACE: Let's start …"
_SPEAKER_LABEL = re.compile(
    r"^[ \t]*[\"“‘']?([A-Z][A-Z.'\- ]{1,40}|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
    r"(?: (?:camp|campaign|aides?|allies|officials|spokes(?:man|woman|person)))?):[ \t]+(?=\S)", re.M)
# labels that head a line without naming a speaker: "BREAKING: …", "Correction: …"
_NOT_SPEAKERS = {"note", "update", "updated", "related", "photo", "source", "video", "watch", "look", "breaking",
                 "exclusive", "correction", "byline", "email", "read", "also", "boom", "bombshell", "editor's note",
                 "posted", "tags", "topics", "credit", "image", "caption", "contact", "follow", "share", "warning",
                 "disclaimer", "disclosure", "advertisement", "live", "analysis", "opinion", "column", "editorial"}


# another speaker's label and quotation later on the same line ('… ” Bush: “…”')
_NEXT_LABEL = re.compile(r"[ \t\xa0]*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}:[ \t\xa0]*[\"“‘']")


def _colon_speakers(doc: Doc, quotes: QuoteIndex, existing: list[Candidate]) -> list[Candidate]:
    """Transcript lines ("PENCE: Well, look, …") attribute the rest of the paragraph to the label."""
    text = doc_text(doc)
    taken = [(c.start, c.end) for c in existing]
    out = []
    matches = [m for m in _SPEAKER_LABEL.finditer(text)
               if len(_WORD.findall(m.group(1).strip())) <= 3 and m.group(1).strip().lower() not in _NOT_SPEAKERS]
    # in a transcript (two or more labelled lines, one of them a name the parser knows), every
    # capitalised label is a speaker: the parser takes a lone surname for a noun ("Matthews: …")
    named = {m.group(1).strip() for m in matches if _parsed_name(doc, m.start(1), m.group(1).strip())}
    transcript = len(matches) >= 2 and bool(named)
    for m in matches:
        label = m.group(1).strip()
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        start, end = m.end(), line_end
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start < 15:
            continue
        headline = text[:m.start()].strip() == ""  # "Sanders: Brexit’s message could …", parsed or not
        # the rest of the line is a quotation ("Sanders: ‘We will win.’"): its words, and the
        # label may be any capitalised name (the parser takes a lone surname for a noun)
        said = quotes.containing(start)
        if said is not None and (said.open_at != start or text[said.close_at:end].strip()) and not (
                said.open_at == start and _NEXT_LABEL.match(text, said.close_at, end)):
            said = None  # ('Clinton: “…” Bush: “…”' keeps the first quotation for Clinton)
        if said is not None and said.close_at < end and _NEXT_LABEL.match(text, said.close_at, end):
            end = said.close_at
        if not label.isupper() and not headline and not (transcript and label.istitle()):
            tok = doc.char_span(m.start(1), m.start(1) + len(label), alignment_mode="expand")
            # a name, or "Poll: …", "Insiders: …", "Clinton camp: …"
            if tok is None or not (label in named
                                   or tok[-1].lemma_.lower() in cues.SPEAKER_NOUNS | {"insider", "historian", "camp"}
                                   or said is not None and all(t.is_title or t.is_punct for t in tok)):
                continue
        if any(abs(s - start) < 3 and abs(e - end) < 3 for s, e in taken):
            continue
        colon = m.start(1) + len(m.group(1))
        # the line opens a paragraph of a quotation ("“WALLACE: …"): the rules' quotation, which
        # statements reported inside it nest in; unlabelled paragraphs that go on with it are
        # the same speaker's
        quoted = text[m.start():m.start(1)].strip() != ""
        if said is not None and not quoted:
            pieces, quoted = list(said.pieces), True
        else:
            pieces = [(start, end)] + (_speaker_goes_on(text, end) if quoted else [])
        out.append(Candidate((colon, colon + 1), (m.start(1), m.start(1) + len(label)),
                              pieces, "transcript", 0.6, quoted=quoted))
    return out


def _parsed_name(doc: Doc, start: int, label: str) -> bool:
    """Whether the parser reads a label as a name (every word a proper noun)."""
    tok = doc.char_span(start, start + len(label), alignment_mode="expand")
    return tok is not None and all(t.pos_ == "PROPN" or t.is_punct for t in tok)


def _speaker_goes_on(text: str, end: int) -> list[tuple[int, int]]:
    """Following paragraphs of a quoted transcript line: each opens with a quotation mark and
    no speaker label, and the one before it did not close the quotation."""
    pieces: list[tuple[int, int]] = []
    while text[end - 1:end] not in CLOSING:
        nxt = end
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if text.count("\n", end, nxt) < 1 or nxt >= len(text) or text[nxt] not in OPENING:
            break
        if _SPEAKER_LABEL.match(text, text.rfind("\n", 0, nxt) + 1):
            break
        line_end = text.find("\n", nxt)
        line_end = len(text) if line_end < 0 else line_end
        start, end = nxt + 1, line_end
        while end > start and text[end - 1].isspace():
            end -= 1
        close = end - 1 if text[end - 1] in CLOSING else end  # the words, without the closing mark
        while start < close and text[start].isspace():
            start += 1
        if start >= close:
            break
        pieces.append((start, close))
    return pieces


_INVERTED_SAID = re.compile(r"(?:^|(?<=[.!?”\"] ))Said ((?:[A-Z][\w.'’-]*\s?){1,4}?)\s*[:,]\s*$")


def _colon_introduced(doc: Doc, quotes: QuoteIndex, taken: list[Candidate]) -> list[Candidate]:
    """A quotation introduced by a sentence ending in a colon ("She made this comment: “…”").

    Also "Said Ellis: “…”", where the parser makes the inverted verb a compound of the name.
    """
    text = doc_text(doc)
    covered = Ranges((s, e) for c in taken for s, e in c.content)
    out = []
    for q in quotes.items:
        if covered.holds(q.start):
            continue
        before_end = _stripped_end(text, q.open_at)
        before = text[max(0, before_end - 2):before_end]  # its end is all the tests read
        after = text[q.close_at:q.close_at + 4].lstrip()
        dashed = before.endswith(("--", "—", "–")) and after.startswith(("--", "—", "–"))
        if not (before.endswith(":") or dashed) or q.open_at - before_end > 3:
            continue  # "… as a compliment -- ''That makes me smart'' -- and …" is dashed
        colon = before_end - 1
        line_start = text.rfind("\n", 0, colon) + 1
        said = None if dashed else _INVERTED_SAID.search(text, line_start, colon + 1)
        if said:
            name = said.group(1).strip()
            out.append(Candidate((said.start(), said.start() + 4), (said.start(1), said.start(1) + len(name)),
                                  list(q.pieces), "inverted", 0.8, quoted=True))
            continue
        intro = doc.char_span(line_start, colon, alignment_mode="contract")
        if intro is None or len(intro) == 0:
            continue
        sent = doc[intro.end - 1].sent
        # (after a quotation closed earlier on the line: 'Clinton: “…” Bush: “…”')
        prev = _last_closed_before(quotes, line_start, colon)
        label_start = max(sent.start_char, line_start, prev.close_at if prev is not None else 0)
        name = _name_label(doc, label_start, colon)
        if name is not None and not dashed:  # "… on Monday. Mayor Ana Lopez: “We will …”"
            out.append(Candidate((colon, colon + 1), name, list(q.pieces), "colon-intro", 0.6, quoted=True))
            continue
        root = _introducing_clause(sent, doc[intro.end - 1], colon)
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if root.pos_ not in ("VERB", "AUX") or subj is None or not speaker_like(subj):
            continue
        cue = (colon, colon + 1) if dashed else (root.idx, root.idx + len(root.text))
        out.append(Candidate(cue, source_span(subj), list(q.pieces), "colon-intro", 0.6, quoted=True))
    return out


def _introducing_clause(sent: SpacySpan, last: Token, colon: int) -> Token:
    """The verb whose clause ends at the colon (``last``: its last word). The parser may hang
    that clause on the quotation's own verb ("The senator made this comment: “We will win.”",
    "made" a complement of "win"), or coordinate it with the sentence's first clause ("Reid said
    both are ''strangers'', but he gave the Texan a compliment: “…”" → "gave", whose subject is
    "he"). Without a verb before the colon, the sentence's root."""
    top = last
    while top.head.i != top.i and top.head.idx < colon:
        top = top.head
    if top.pos_ not in ("VERB", "AUX"):
        return sent.root
    for conj in top.children:
        if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX") and conj.left_edge.i <= last.i <= conj.right_edge.i \
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
            return conj
    return top


def _name_label(doc: Doc, start: int, colon: int) -> tuple[int, int] | None:
    """The span of a name that alone makes the words before a colon ("Sanders", "Mayor Ana
    Lopez", "NATO"): one to four capitalised words, a proper noun or a named entity among them,
    none of them a heading's label ("Update", "Watch")."""
    span = doc.char_span(start, colon, alignment_mode="contract")
    if span is None or not 1 <= len(span) <= 4:
        return None
    if not all(t.is_title or t.is_upper for t in span) or span[0].lower_ in _NOT_SPEAKERS:
        return None
    if not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP") for t in span):
        return None
    return span.start_char, span.end_char


_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "at", "by", "with", "as", "is", "if"}


def _is_headline(line: str, first: bool = False) -> bool:
    """A title-case line (the first line may end with a full stop): a headline, which the parser
    mis-tags (title-case verbs come out as proper nouns)."""
    words = [w for w in _WORD.findall(line) if w.lower() not in _SMALL_WORDS]
    if not 2 <= len(words) <= 25 or (line.rstrip().endswith(".") and not first):
        return False
    return sum(w[:1].isupper() or w[:1].isdigit() for w in words) >= 0.8 * len(words)


def _headline_quotes(doc: Doc, quotes: QuoteIndex, taken: list[Candidate]) -> list[Candidate]:
    """“Trump Sees ‘Personal Insult’ if …”: a quotation in a headline is its subject's statement."""
    text = doc_text(doc)
    covered = Ranges((s, e) for c in taken for s, e in c.content)
    text_start = len(text) - len(text.lstrip())  # the lines before it are blank
    headline: dict[tuple[int, int, bool], bool] = {}  # one long paragraph holds many quotes
    out = []
    for q in quotes.items:
        if len(q.pieces) != 1 or covered.holds(q.start):
            continue
        line_start = text.rfind("\n", 0, q.open_at) + 1
        line_end = text.find("\n", q.close_at)
        line_end = len(text) if line_end < 0 else line_end
        first = line_start <= text_start
        if q.open_at == line_start:
            continue
        line = (line_start, line_end, first)
        if line not in headline:
            headline[line] = _is_headline(text[line_start:line_end], first)
        if not headline[line]:
            continue
        head = doc.char_span(line_start, q.open_at, alignment_mode="contract")
        if head is None or len(head) == 0:
            continue
        colon = text.rfind(":", line_start, q.open_at)
        if colon > line_start:  # "Obama on Climate Change: The Trends Are 'Terrifying.'"
            label = doc.char_span(line_start, colon, alignment_mode="contract")
            content = trim_chars(text, colon + 1, line_end)
            who = [e for e in label.ents if e.label_ in ("PERSON", "ORG", "NORP")] if label is not None else []
            out.append(Candidate((colon, colon + 1), (who[0].start_char, who[0].end_char) if who else None,
                                  [content], "headline", 0.5))
            continue
        names = [e for e in head.ents if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
        if names:
            src = names[0]
            cue_tok = doc[src.end] if src.end < head.end else head[-1]
        else:
            src, cue_tok = None, head[-1]
        while cue_tok.is_punct and cue_tok.i > head.start:
            cue_tok = doc[cue_tok.i - 1]
        out.append(Candidate((cue_tok.idx, cue_tok.idx + len(cue_tok.text)),
                              (src.start_char, src.end_char) if src is not None else None,
                              list(q.pieces), "headline", 0.5, quoted=True))
    return out


_SENTENCE_END = re.compile(r"[.!?][”\"'’]*\s")


def _attach_follow_on_quotes(doc: Doc, quotes: QuoteIndex, cands: list[Candidate]) -> None:
    """A free-standing quotation that goes on with the previous speaker's turn is that speaker's:
    in the statement's own paragraph it joins it (one attribution, one more content piece); in
    the next paragraph it is the speaker's next statement, with the same source and the
    quotation's opening mark as its cue (PolNeAR and MEANTIME mostly annotate it apart: the model
    retrained on each reading, 5-fold cross-validation, content partial F1 MEANTIME 77.3 → 79.9,
    PolNeAR train 68.2 → 68.1, news2019 75.6 → 75.7; direct quotes found 80.3 → 94.5 %,
    94.0 → 94.1 %, 88.0 → 88.4 %).

    "“…,” McCaskill said. “…”", and a quotation right after an indirect statement ("… said
    Trump had “the opportunity to unite us.” “…”", the next paragraph after "She put it this
    way:"), are in news style the same speaker going on. Not after another
    statement in between, a named person as the subject of a later sentence ("Jones walked
    out."), more than one paragraph break, nor a single-quoted paragraph in a text that quotes
    with double marks (a subheading). A direct statement is continued before an indirect one.

    Each quotation looks up its statement by position (candidates indexed by where their
    content ends and where their cue starts), so an article costs about one pass.
    """
    text = doc_text(doc)
    # a single-quoted paragraph in a text that quotes with double marks is a subheading
    secondary_singles = 2 * sum(_single_marked(text, q) for q in quotes.items) <= len(quotes.items)
    free = []  # the quotations that stand free of any sentence and cue of their own
    for q in quotes.items:
        if not q.is_sentential(text) or _framed_after(text, q):
            continue  # “…,” added Gomez: a quotation with a cue of its own, parsed or not
        if secondary_singles and _single_marked(text, q):
            continue
        before_end = _stripped_end(text, q.open_at, " \t\xa0")
        if before_end and text[before_end - 1] not in ".!?\n”\"":
            continue  # inside a sentence: not free-standing
        free.append(q)
    if not free:
        return
    contents: SpanIndex[None] = SpanIndex()
    for c in cands:
        for s, e in c.content:
            contents.add(s, e, None)
    transcript_cues = sorted(c.cue[0] for c in cands if c.rule == "transcript")
    cue_starts = sorted((c.cue[0], i) for i, c in enumerate(cands))
    # statements a quotation may go on with, by where their content ends (ties: the earlier
    # candidate): direct ones first, else one with a source whose content closes its sentence
    direct = sorted((c.end, -i) for i, c in enumerate(cands) if c.quoted)
    indirect = sorted((c.end, -i) for i, c in enumerate(cands)
                      if not c.quoted and c.source is not None and c.rule not in ("transcript", "headline")
                      and _closes_sentence(text, c.end))
    for q in free:
        if any(s <= q.start < e or s < q.end <= e for s, e, _ in contents.near(q.start, q.end)):
            continue
        t = bisect.bisect_left(transcript_cues, q.open_at)
        if t < len(transcript_cues) and transcript_cues[t] < q.end:
            continue  # the next speaker's lines of a quoted transcript
        for ends in (direct, indirect):
            p = bisect.bisect_right(ends, (q.open_at, 1))
            if p == 0:
                continue
            at = -ends[p - 1][1]
            last = cands[at]
            gap = text[last.end:q.open_at]
            if len(gap) > 250 or len(_PARAGRAPH_BREAK.findall(gap)) > 1:
                continue
            if not last.quoted and gap.strip(" \t\xa0\n.,;:!?…”\"’'»)") != "":
                continue  # an indirect statement goes on only with a quotation right after it
            if _turn_ends(doc, cands, cue_starts, last, q) or _someone_else(doc, last, q):
                continue
            for s, e in q.pieces:
                contents.add(s, e, None)
            if "\n" in gap:
                # a paragraph of its own is the speaker's next statement (its cue: the opening mark)
                cands.append(Candidate((q.open_at, q.open_at + 1), last.source, list(q.pieces), "follow-on",
                                       last.confidence, quoted=True))
                bisect.insort(direct, (cands[-1].end, -(len(cands) - 1)))
            else:
                last.content.extend(q.pieces)
                bisect.insort(direct if last.quoted else indirect, (last.end, -at))
            break


_PARAGRAPH_BREAK = re.compile(r"\n[\s]*")
_DOUBLE_MARK = re.compile("[“”\"«»„]|''")


_SENTENCE_CLOSE = re.compile(r"[ \t\xa0]*[.!?:…]+[”\"’'»)]*(?:\s|$)")


def _closes_sentence(text: str, end: int) -> bool:
    """A sentence's end follows ``end`` (its punctuation, closing marks, then a space or the
    paragraph's end), or the content's own last word carries the full stop ("… at 6 a.m.")."""
    if 0 < end < len(text) and text[end - 1] == "." and text[end].isspace():
        return True
    return _SENTENCE_CLOSE.match(text, end) is not None or _closes_paragraph(text, end)


def _closes_paragraph(text: str, end: int) -> bool:
    """Only punctuation and closing marks stand between ``end`` and the end of its paragraph
    (or a colon that introduces the next: "She put it this way:")."""
    line_end = text.find("\n", end)
    rest = text[end:len(text) if line_end < 0 else line_end]
    return rest.strip(" \t\xa0.,;:!?…”\"’'»)") == ""


def _single_marked(text: str, q: Quote | None) -> bool:
    """The quotation opens with a single mark (‘ or ', not a doubled '')."""
    return q is not None and text[q.open_at] in "‘'" and not text.startswith("''", q.open_at)


def _turn_ends(doc: Doc, cands: list[Candidate], cue_starts: list[tuple[int, int]], last: Candidate, q: Quote) -> bool:
    """Another statement lies between ``last`` and the quotation; an aside of the cue's own
    sentence does not count ("Mr. Trump said in a documentary that showed off …. “…”")."""
    text = doc_text(doc)
    k = bisect.bisect_left(cue_starts, (last.end, -1))
    while k < len(cue_starts) and cue_starts[k][0] < q.open_at:
        c = cands[cue_starts[k][1]]
        k += 1
        if c is not last and not (last.cue[1] <= c.cue[0] and _SENTENCE_END.search(text, last.cue[1], c.cue[0]) is None):
            return True
    return False


def _someone_else(doc: Doc, last: Candidate, q: Quote) -> bool:
    """A sentence after the statement's own has a named person or body as its subject ("Jones
    walked out."): the narrative has moved on to someone else."""
    gap = doc.char_span(last.end, q.open_at, alignment_mode="contract")
    if gap is None:
        return False
    cue = doc.char_span(last.cue[0], last.cue[1], alignment_mode="expand")
    own = cue.sent.start if cue is not None and len(cue) else -1
    source = last.source or (0, 0)
    named = set(_WORD.findall(doc_text(doc)[source[0]:source[1]].lower()))
    for tok in gap:
        if (tok.dep_ in ("nsubj", "nsubjpass") and (tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP"))
                and tok.sent.start != own and tok.lower_ not in named):
            return True
    return last.cue_token is not None and _sentence_goes_on(doc[last.cue_token], named)


def _unclaimed_quotes(doc: Doc, quotes: QuoteIndex, taken: list[Candidate], lexicon: CueLexicon) -> list[Candidate]:
    """A quotation no cue claimed, inside a clause whose subject is a speaker: a mixed statement.

    "Clinton has been pounding Trump as a “con artist”" attributes the quoted words to Clinton;
    "the US imposed “sanctions from hell”" (a country as subject, no speech) attributes nothing.
    """
    spans: SpanIndex[None] = SpanIndex()
    for c in taken:
        for s, e in c.content:
            spans.add(s, e, None)
    out = []
    for q in quotes.items:
        if any(s <= q.start < e or s < q.end <= e for s, e, _ in spans.near(q.start, q.end)):
            continue
        first = doc.char_span(q.start, q.end, alignment_mode="expand")
        if first is None or len(first) == 0:
            continue
        node = first.root
        verb = None
        for _ in range(6):
            if node.head.i == node.i:
                break
            node = node.head
            if node.pos_ in ("VERB", "AUX") and node.is_alpha and not (q.open_at <= node.idx < q.close_at):
                verb = node
                break
        if verb is None or verb.i < first.start - 20:
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.i > first.start:
            continue
        if not (speaker_like(subj) or (subj.pos_ == "NOUN" and lexicon.probability(verb.lemma_, verb.pos_) >= LEARNED_CUE_THRESHOLD
                                        and subj.ent_type_ not in ("GPE", "LOC", "FAC"))):
            continue  # "the government imposed “emergency measures”": an act, not words
        right = [c for c in verb.rights if c.dep_ not in ("punct", "cc", "conj") and c.i <= first.end]
        if not right:
            continue
        lo = right[0].left_edge.i
        hi = max(first.end - 1, max(c.right_edge.i for c in right if c.left_edge.i <= first.end))
        span = token_range(doc, lo, hi)
        if span is None or span[0] > q.start:
            continue
        out.append(Candidate((verb.idx, verb.idx + len(verb.text)), source_span(subj),
                              [extend_to_quotes(span, quotes)], "unclaimed-quote", 0.4, cue_token=verb.i))
        spans.add(*span, None)
    return out


def _stripped_end(text: str, end: int, chars: str | None = None) -> int:
    """``len(text[:end].rstrip(chars))``, without copying the text before ``end``."""
    while end > 0 and (text[end - 1].isspace() if chars is None else text[end - 1] in chars):
        end -= 1
    return end


# --- merging ----------------------------------------------------------------------------------


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One attribution per content: keep the best candidate when contents coincide."""
    cands = sorted(cands, key=lambda c: -c.confidence)
    kept: list[Candidate] = []
    # contents that overlap at all have overlapping extents: look only at those kept nearby
    by_extent: SpanIndex[Candidate] = SpanIndex()
    cues_kept: set[tuple[int, int]] = set()
    for c in cands:
        if c.cue in cues_kept:
            continue
        if c.content and any(_overlap(c.content, k.content) >= 0.8 for _, _, k in by_extent.near(c.start, c.end)):
            continue
        kept.append(c)
        if c.content:
            by_extent.add(c.start, c.end, c)
        cues_kept.add(c.cue)
    return kept


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> float:
    inter = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)
    size = max(sum(e - s for s, e in a), sum(e - s for s, e in b)) or 1
    return inter / size
