"""Parse helpers the attribution rules and the broad candidates share.

Who is the subject of a verb, which characters a source mention or a run of tokens covers, where a
clausal complement stops before the speaker's next act, and whether a subject could speak.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from quotegraph.attribution import cues
from quotegraph.attribution.candidates import QuoteIndex
from quotegraph.nlp.tokens import TokenTable, token_table

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "acl"}
_DROP_FROM_SOURCE = {"relcl", "acl", "prep", "advcl"}
_EDGE_PUNCT = set(",.;:!?—–-…()[]") | set("“”\"‘’'«»„")

def trim_chars(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a character range past whitespace and edge punctuation."""
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT):
        end -= 1
    return start, end


def subject_of(tok: Token) -> Token | None:
    """The subject of ``tok``, climbing through participles, conjuncts and ``by``-clauses."""
    i = subject_at(tok.doc, tok.i)
    return tok.doc[i] if i is not None else None


def subject_at(doc: Doc, i: int) -> int | None:
    """:func:`subject_of` by token position: the subject's position, or ``None``."""
    table = token_table(doc)  # the parse as lists: no token objects for every child
    deps, heads, children = table.dep, table.head, table.children
    node = i
    for _ in range(4):
        subjects = [c for c in children[node] if deps[c] in _SUBJECT_DEPS]
        if subjects:  # two subjects means a misparse; the one next to the verb is the speaker
            return min(subjects, key=lambda c: abs(c - node))
        named = _name_read_as_modal(table, node)
        if named is not None:
            return named
        if deps[node] == "pcomp" and deps[heads[node]] == "prep":  # responded by calling
            node = heads[heads[node]]
        elif deps[node] in _CLIMB_DEPS and heads[node] != node:
            node = heads[node]
        else:
            return None
    return None


def _name_read_as_modal(table: TokenTable, verb: int) -> int | None:
    """A capitalised "Will" or "May" the tagger read as the modal of a verb in the past or the
    present third person ("Will urged …", "May said …"), which no modal can precede: a name,
    the verb's subject."""
    if table.tag[verb] not in ("VBD", "VBZ"):
        return None
    for c in table.children[verb]:
        if c < verb and table.dep[c] == "aux" and table.tag[c] == "MD" and table.text[c][:1].isupper() \
                and table.text[c][1:].islower():
            return c
    return None


def reporting_subject_of(verb: Token) -> Token | None:
    """", suggesting …" closing a reported clause belongs to the reporter, not the reported.

    In "He reminded reporters that Moscow and Washington continued to talk, suggesting …" the
    parser hangs the participle on "continued"; the speaker is the subject of "reminded".
    """
    if verb.tag_ != "VBG" or verb.dep_ != "advcl" or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    node = verb.head
    through_clause = False
    for _ in range(5):
        if node.dep_ == "ccomp":
            through_clause = True
        if node.head.i == node.i:
            return None
        node = node.head
        if through_clause and node.pos_ == "VERB" and node.lemma_.lower() in cues.SPEECH:
            subjects = [c for c in node.children if c.dep_ == "nsubj"]
            return subjects[0] if subjects else None
    return None


def agent_of(tok: Token) -> Token | None:
    """The object of ``tok``'s ``by``-agent ("was told by Y" → Y), or ``None``."""
    i = agent_at(tok.doc, tok.i)
    return tok.doc[i] if i is not None else None


def agent_at(doc: Doc, i: int) -> int | None:
    """:func:`agent_of` by token position."""
    table = token_table(doc)
    deps, children = table.dep, table.children
    for child in children[i]:
        if deps[child] == "agent":
            for grand in children[child]:
                if deps[grand] == "pobj":
                    return grand
    return None


def source_span(head: Token) -> tuple[int, int]:
    """The source mention: the subject's phrase without relative clauses and trailing material.

    A relative pronoun stays the mention ("Clinton, who said …" → "who", as annotators mark it);
    the speakers stage resolves it to its antecedent.
    """
    return source_span_at(head.doc, head.i)


def source_span_at(doc: Doc, i: int) -> tuple[int, int]:
    """:func:`source_span` of the token at position ``i``."""
    table = token_table(doc)
    deps, heads, children = table.dep, table.head, table.children
    if any(table.lower[c] == "whose" for c in children[i]) and deps[heads[i]] == "relcl":
        i = heads[heads[i]]  # "Biden, whose administration rejected …" → Biden
    left = table.left_edge[i]
    right = i
    for child in children[i]:
        if child < i:  # the rights only
            continue
        if deps[child] == "punct":
            continue  # "Sens. Jon Tester (D-Mont.) and David Vitter": go on to the next name
        if deps[child] == "prep" and _in_a_name(table, child):
            right = table.right_edge[child]  # "Doctors Without Borders": one name
            continue
        if deps[child] in _DROP_FROM_SOURCE or deps[child] == "appos":
            break
        right = table.right_edge[child]
    puncts, spaces = table.is_punct, table.is_space
    while left < right and (puncts[left] or spaces[left]):
        left += 1
    while right > left and (puncts[right] or spaces[right]):
        right -= 1
    return table.idx[left], table.idx[right] + len(table.text[right])


def _in_a_name(table: TokenTable, prep: int) -> bool:
    """A capitalised preposition with capitalised words after it: part of a name ("Doctors
    Without Borders", "Mothers Against Drunk Driving"), not a phrase about the source."""
    words = range(prep, table.right_edge[prep] + 1)
    return table.text[prep][:1].isupper() and len(words) >= 2 and all(
        table.text[w][:1].isupper() or table.lower[w] in {"the", "of", "and", "&"} for w in words)


def token_at(doc: Doc, char: int) -> Token | None:
    """The token holding character ``char`` (None when none does, e.g. past the end)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def token_range(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Characters of tokens lo..hi (inclusive) with edge punctuation and quote marks trimmed."""
    table = token_table(doc)  # plain lists: no spaCy token objects in this hot loop
    texts, spaces = table.text, table.is_space
    while lo <= hi and (spaces[lo] or texts[lo] in _EDGE_PUNCT):
        lo += 1
    while hi >= lo and (spaces[hi] or texts[hi] in _EDGE_PUNCT):
        hi -= 1
    if lo > hi:
        return None
    return table.idx[lo], table.idx[hi] + len(texts[hi])


# speech verbs that, without a subject of their own after "and", are the speaker's next act
# ("said Trump was “ignorant” of Islam and criticized him for …"), not more of what was said
_NEXT_ACTS = cues.SPEECH - {"continue", "begin", "show", "find", "rule", "dismiss", "reject", "order", "project",
                            "estimate", "repeat", "conclude", "quote", "publish", "cite", "sing", "chant"}


def next_act_cut(comp: Token, hi: int) -> int:
    """The last token of a clausal complement before the speaker's own next act that the
    parse hung inside it ("… and urged that everyone relax", "…, but added, “…”")."""
    return next_act_cut_at(comp.doc, comp.i, hi)


def next_act_cut_at(doc: Doc, comp: int, hi: int) -> int:
    """:func:`next_act_cut` for the complement at position ``comp``."""
    table = token_table(doc)  # called for every clausal complement: the parse as lists
    deps, pos, children = table.dep, table.pos, table.children
    for conj in children[comp]:
        if conj < comp or deps[conj] != "conj" or pos[conj] != "VERB" \
                or table.lemma[conj].lower() not in _NEXT_ACTS:
            continue  # only the verbs coordinated after it
        if any(deps[c] in ("nsubj", "nsubjpass", "expl") for c in children[conj]):
            continue
        cut = table.left_edge[conj] - 1
        while cut > comp and (deps[cut] == "cc" or table.is_punct[cut]):
            cut -= 1
        return min(hi, cut)
    return hi


def subtree_range(tok: Token, exclude: set[int] | None = None) -> tuple[int, int]:
    """Token indices of ``tok``'s subtree, without ``exclude``d tokens at its edges."""
    lo, hi = tok.left_edge.i, tok.right_edge.i
    if exclude:
        while lo in exclude and lo < hi:
            lo += 1
        while hi in exclude and hi > lo:
            hi -= 1
    return lo, hi


def extend_to_quotes(span: tuple[int, int], quotes: QuoteIndex) -> tuple[int, int]:
    """Grow a content span to cover any quotation it cuts (quotes running over sentences)."""
    start, end = span
    for q in quotes.between(start - 1, end):
        if q.open_at <= start <= q.close_at or q.open_at <= end <= q.close_at:
            if q.start < start and q.open_at >= start - 1:
                start = q.start
            if q.end > end and q.open_at < end:
                end = q.end
    return start, end


_PERSON_PRONOUNS = {"he", "she", "they", "i", "we", "you"}


def speaker_like(tok: Token) -> bool:
    """Could this subject speak? People, organisations, personal pronouns — not countries."""
    if tok.lower_ in _PERSON_PRONOUNS:
        return True
    if tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    if tok.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL"):
        return False  # "the US imposed “sanctions from hell”": a country acting, not speaking
    if tok.pos_ == "PROPN":
        return True
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in cues.SPEAKER_NOUNS


def parsed_source(doc: Doc, cue: tuple[int, int], content: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the parse says who speaks, for a chosen reading that names no source: the subject of
    the cue verb or of the clause a participle hangs on ("Trump defended the plan, calling …"),
    a passive cue's ``by``-agent, or a noun cue's possessor, proper-noun modifier or ``by``/``from``
    object ("an admission from Elizabeth Warren that …"). ``None`` when the parse names nobody
    outside the content (a passive without an agent: "was asked" names the hearer)."""
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or not len(span):
        return None
    head = span.root
    found: int | None = None
    if head.pos_ in ("NOUN", "PROPN"):
        for child in head.children:
            if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
                found = child.i
                break
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                found = next((g.i for g in child.children if g.dep_ == "pobj"), None)
                if found is not None:
                    break
    elif head.pos_ in ("VERB", "AUX"):
        if any(c.dep_ == "nsubjpass" for c in head.children):
            found = agent_at(doc, head.i)  # "was told by Y"; without one, the subject heard it
        else:
            found = subject_at(doc, head.i)
    if found is None or doc[found].dep_ == "expl" or doc[found].lower_ in ("there", "it"):
        return None
    start, end = source_span_at(doc, found)
    if any(s < end and start < e for s, e in content) or (start < cue[1] and cue[0] < end):
        return None
    return start, end
