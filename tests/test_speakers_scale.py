"""The speaker stage's searches by position and key give what a pass over everything gives.

Long texts (issue #19) made every per-source pass over all entities or tokens cost the square of
the text's length; the stage now walks back from the source over the mentions, looks names up
by key and bounds the ranker's candidates by a window of sentences. These tests compare each
search with the brute-force computation it replaced, on an invented article.

Every text here is invented for the project.
"""

from __future__ import annotations

from collections import Counter

import pytest

from quotegraph import name_words
from quotegraph.models import Attribution, Span
from quotegraph.nlp import load_pipeline
from quotegraph.speakers import descriptions as lex
from quotegraph.speakers import ranker
from quotegraph.speakers.entities import (
    Article,
    _acronym,
    _acronym_key,
    _acronyms_of,
    _first_name_gender,
    _org_key,
    _surname,
)
from quotegraph.speakers.ranker import CandidateBuilder
from quotegraph.speakers.resolve import _Resolver

_PEOPLE = [("Mayor Ada Lindqvist", "Lindqvist", "She"), ("Councillor Tomas Brenn", "Brenn", "He"),
           ("Judge Mira Osk", "Osk", "She"), ("Inspector Paul Varga", "Varga", "He")]
_ORGS = ["The Harbour Authority", "The Vestmark Gazette", "The Greenline Party"]


def _article() -> tuple[str, list[tuple[str, str]]]:
    """Six paragraphs of statements, each "SOURCE said CONTENT.", with narrative between;
    returns the text and the (source, content) pairs in order."""
    sentences: list[str | tuple[str, str]] = ["Harbour works delayed again"]
    for n in range(6):
        full, short, pron = _PEOPLE[n % 4]
        org = _ORGS[n % 3]
        other_full, other_short, _ = _PEOPLE[(n + 1) % 4]
        sentences += [
            f"{full} visited the docks on day {n + 1}.",
            (full, f"the pier number {n} would open in spring"),
            (short, f"the plan for berth {n} was sound"),
            (pron, f"the budget for year {n} was tight"),
            f"{other_full} disagreed with the schedule.",
            (org, f"the ferry {n} would run at night"),
            (f"A report by {org}", f"costs for lot {n} had risen"),
            ("The report", f"the crane {n} was too old"),
            (other_short, f"the tunnel {n} was late"),
            (f"The {full.split()[0].lower()}", f"the quay {n} was safe"),
            # a group speaks where one of its members is named: two mentions at one offset
            (f"{full.split(' ', 1)[1]} and {other_full.split(' ', 1)[1]}", f"the dock {n} would close"),
        ]
    parts: list[str] = []
    pairs: list[tuple[str, str]] = []
    for s in sentences:
        if isinstance(s, tuple):
            source, content = s
            parts.append(f"{source} said {content}.")
            pairs.append(s)
        else:
            parts.append(s)
    paragraphs = [parts[0]] + [" ".join(parts[i:i + 11]) for i in range(1, len(parts), 11)]
    return "\n\n".join(paragraphs), pairs


def _attributions(text: str, pairs: list[tuple[str, str]]) -> list[Attribution]:
    out, at = [], 0
    for n, (source, content) in enumerate(pairs):
        s = text.index(f"{source} said {content}.", at)
        c = s + len(source) + len(" said ")
        out.append(Attribution(id=f"a{n}", kind="indirect", content=[Span.of(text, c, c + len(content))],
                               cue=Span.of(text, s + len(source) + 1, c - 1), source=Span.of(text, s, s + len(source))))
        at = c
    return out


@pytest.fixture(scope="module")
def resolver() -> _Resolver:
    text, pairs = _article()
    res = _Resolver(load_pipeline()(text), _attributions(text, pairs))
    res.run()
    return res


def _brute_ranks(builder: CandidateBuilder, pos: int, content: list[tuple[int, int]]
                 ) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """Every entity's recency rank, kind rank and last mention's sentence (the old pass)."""
    art = builder.res.art
    prev = {i: builder._prev(i, pos, content) for i in range(len(builder.starts))}
    latest = {i: m[0] for i, m in prev.items() if m is not None}
    order = sorted(latest, key=lambda i: -latest[i])
    seen: Counter[str] = Counter()
    kind_rank = {}
    for i in order:
        kind = "group" if art.entities[i].members else art.entities[i].kind
        seen[kind] += 1
        kind_rank[i] = seen[kind]
    sent_of = {i: m[2] for i, m in prev.items() if m is not None}
    return {i: n for n, i in enumerate(order, 1)}, kind_rank, sent_of


@pytest.mark.parametrize("window", [0, 2, 5, 10**6])
def test_recency_walk_ranks_as_the_pass_over_every_entity(resolver: _Resolver, window: int,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ranker, "_WINDOW", window)
    builder = CandidateBuilder(resolver, resolver.result)
    art = resolver.art
    assert len(art.entities) >= 6
    checked = 0
    for a in resolver.attributions:
        assert a.source is not None
        pos, sent = a.source.start, art.sent_of(a.source.start)
        content = [(s.start, s.end) for s in a.content]
        rank, kind_rank, sent_of = _brute_ranks(builder, pos, content)
        # the entities that must be ranked wherever their last mention lies
        forced = {i for i in list(rank)[::3]}
        got_rank, got_kind, near = builder._recency(pos, content, sent, forced)
        assert forced <= set(got_rank)
        assert {i for i, r in rank.items() if r <= 5} <= set(got_rank)
        for i, r in got_rank.items():
            assert (r == rank[i]) if rank[i] <= 5 else r > 5, (a.id, i)
            assert (got_kind[i] == kind_rank[i]) if kind_rank[i] <= 3 else got_kind[i] > 3, (a.id, i)
        assert set(near) == {i for i, s in sent_of.items() if s >= sent - max(window, ranker._FAR)}
        checked += len(got_rank)
    assert checked > 50


def test_candidates_rank_features_match_the_pass_over_every_entity(resolver: _Resolver,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ranker, "_WINDOW", 3)
    builder = CandidateBuilder(resolver, resolver.result)
    art = resolver.art
    dropped = 0
    for a in resolver.attributions:
        assert a.source is not None
        content = [(s.start, s.end) for s in a.content]
        rank, kind_rank, sent_of = _brute_ranks(builder, a.source.start, content)
        sent = art.sent_of(a.source.start)
        cands = {c.entity: c for c in builder.candidates(a) if c.entity >= 0}
        rule = resolver.result.get(a.id)
        if rule is not None:
            assert rule in cands  # the rules' choice stays a candidate, however far back
        for i, c in cands.items():
            want = {f"rank={ranker._bucket(rank[i], (1, 2, 3, 5))}",
                    f"kind_rank={ranker._bucket(kind_rank[i], (1, 2, 3))}"} if i in rank else set()
            assert {f for f in c.base if f.startswith(("rank=", "kind_rank="))} == want, (a.id, i)
        # a salient entity last named more than the window back is no candidate unless chosen
        named = builder._starting_in(a.source.start, a.source.start, sent + 1)  # in or after it
        container = resolver._container(a)
        chosen = {rule, resolver.result.get(container.id) if container is not None else None}
        far = {i for i, s in sent_of.items() if sent - s > ranker._FAR and len(builder.starts[i]) >= 4}
        far -= chosen | named
        assert not far & set(cands), a.id
        dropped += len(far)
    assert dropped > 0  # the window did drop someone in this text


# -- name lookups -----------------------------------------------------------------------------------


def _brute_org(art: Article, name: str) -> int | None:
    """:meth:`Article._match_org` as a pass over every entity."""
    key = _org_key(name)
    for i, info in enumerate(art.entities):
        if info.kind == "person":
            continue
        other = _org_key(info.name)
        if key in [other] + [_org_key(a) for a in info.aliases]:
            return i
        if len(key.split()) == 1 and key in set(lex.ORG_STANDINS["newspaper"]) and other.endswith(" " + key):
            return i
        if len(key) >= 2 and _acronym_key(key) in _acronyms_of(info.name) | {_acronym(other)}:
            return i
    return None


def _queries(art: Article) -> list[str]:
    out = ["Gazette", "Authority", "nobody here", "H.A.", "GP", "the Party"]
    for info in art.entities:
        out += [info.name, *info.aliases, *(a.upper() for a in _acronyms_of(info.name)), info.name.split()[-1]]
    return out


def test_name_lookups_by_key_find_what_a_pass_over_every_entity_finds() -> None:
    text, pairs = _article()
    art = _Resolver(load_pipeline()(text), _attributions(text, pairs)).art
    for q in _queries(art):
        assert art._match_org(q) == _brute_org(art, q), q
    people = [i for i, e in enumerate(art.entities) if e.kind == "person" and len(e.words) >= 2]
    assert len(people) >= 4
    for i in people:
        words = tuple(w.lower() for w in art.entities[i].words)
        assert art._match_full(words) == i
        assert art._match_short(words[-1], None, 0) == i
    # an entity renamed, given an alias or a new kind is found under its new names at once
    org = next(i for i, e in enumerate(art.entities) if e.kind == "organization")
    art.entities[org].add_alias("Port Board of Vestmark")
    assert art._match_org("Port Board of Vestmark") == org == _brute_org(art, "Port Board of Vestmark")
    person = people[0]
    info = art.entities[person]
    info.name, info.words = "Ada Maria Quillfeather", ["Ada", "Maria", "Quillfeather"]
    assert art._match_full(("ada", "quillfeather")) == person
    assert art._match_short("quillfeather", None, 0) == person
    info.kind = "organization"
    assert art._match_org("Ada Maria Quillfeather") == person == _brute_org(art, "Ada Maria Quillfeather")
    assert art._match_short("quillfeather", None, 0) is None
    for q in _queries(art):
        assert art._match_org(q) == _brute_org(art, q), q


def _brute_short(art: Article, word: str, honorific: str | None, pos: int) -> int | None:
    """:meth:`Article._match_short` as the pass over every entity and mention it was."""
    ents = art.entities
    cands = [i for i, e in enumerate(ents) if e.kind == "person" and len(e.words) >= 2
             and _surname(e.words) == word]
    if not cands:
        cands = [i for i, e in enumerate(ents) if e.kind == "person" and e.words[0].lower() == word
                 and len(e.words) >= 2]
    cands += [i for i, e in enumerate(ents) if e.kind == "person" and len(e.words) == 1
              and e.words[0].lower() == word]
    gender = name_words.HONORIFICS.get(honorific.lower()) if honorific else None
    if gender:
        cands = [i for i in cands if _first_name_gender(ents[i]) in (gender, None)]
    if len(cands) <= 1:
        return cands[0] if cands else None
    sent, para = art.sent_of(pos), art.text.rfind("\n", 0, pos)

    def support(i: int) -> tuple[float, int]:
        ms = [m for m in ents[i].mentions if m.kind == "name"]
        full = [m for m in ms if " " in art.text[m.start:m.end].strip()]
        score = float(len(full)) + 0.5 * len(ms) + 0.5 * ents[i].weight + 0.5 * sum(ents[i].surfaces.values())
        before = [m for m in ms if m.start < pos]
        if before:
            last = max(before, key=lambda m: m.start)
            score += 2.0 * (last.start > para) + 1.0 * (sent - last.sent <= 1)
        return score, -min((m.start for m in ms), default=pos)

    return max(cands, key=support)


def test_a_short_name_two_people_share_goes_where_a_pass_over_their_mentions_sends_it() -> None:
    paragraphs = []
    for n in range(8):
        who = ["Ada Lindqvist", "Erik Lindqvist", "Mr. Lindqvist", "Lindqvist"][n % 4]
        paragraphs.append(f"{who} spoke at the pier on day {n}. Erik Lindqvist listened. "
                          f"Later Ms. Lindqvist left. Ada Lindqvist came back on day {n + 1}.")
    text = "Pier talks\n\n" + "\n\n".join(paragraphs)
    art = _Resolver(load_pipeline()(text), []).art
    assert sum(e.name.endswith("Lindqvist") for e in art.entities) >= 2
    answers = set()
    for pos in range(0, len(text), 17):
        for honorific in (None, "Mr.", "Ms."):
            want = _brute_short(art, "lindqvist", honorific, pos)
            assert art._match_short("lindqvist", honorific, pos) == want, (pos, honorific)
            answers.add(want)
    assert len(answers) >= 2  # the answer depends on the place


def test_a_misspelt_surname_finds_its_one_person() -> None:
    art = _Resolver(load_pipeline()("The session opened late on Monday.\n"), []).art
    person = art._new_entity("Theodora Schneiderman", "person", ["Theodora", "Schneiderman"], 0)
    assert art._match_short("scheiderman", None, 0) == person  # one letter short
    assert art._match_short("schneidermann", None, 0) == person  # one letter more
    art._new_entity("Lena Schneidermar", "person", ["Lena", "Schneidermar"], 0)
    assert art._match_short("scheiderman", None, 0) == person  # two edits from the other
    assert art._match_short("schneidermax", None, 0) is None  # one edit from both: nobody


# -- document makers --------------------------------------------------------------------------------


def _brute_document_maker(res: _Resolver, pos: int, head: object | None) -> int | None:
    """:meth:`_document_maker` as the pass over every token before ``pos`` it was."""
    before = [t for t in reversed(list(res.doc.char_span(0, pos, alignment_mode="contract") or []))
              if t.pos_ in {"NOUN", "PROPN"} and (t.lemma_.lower() in lex.DOCUMENT_HEADS
                                                  or t.lower_ in lex.DOCUMENT_HEADS)]
    if head is not None:
        kind = lex.document_kind(head.lemma_.lower())  # type: ignore[attr-defined]
        same = [t for t in before if lex.document_kind(t.lemma_.lower()) == kind]
        # the same document named again first: among the latest twelve of its kind, three at most
        word = lex.document_word(head.lemma_.lower())  # type: ignore[attr-defined]
        for tok in [t for t in same[:12] if lex.document_word(t.lemma_.lower()) == word][:3]:
            ent = res._maker(tok)
            if ent is not None:
                return ent
        before = same + [t for t in before if t not in same]
    for tok in before[:6]:
        ent = res._maker(tok)
        if ent is not None:
            return ent
    return None


def test_document_maker_walk_back_finds_what_the_pass_over_every_token_finds() -> None:
    docs = ["ad", "report", "video", "film", "poll", "tweet", "statement", "memo"]
    sentences = ["Campaign season opens"]
    for n in range(14):
        full = _PEOPLE[n % 4][0]
        org = _ORGS[n % 3]
        sentences.append(f"{full} released a new {docs[n % 8]} on day {n}. A {docs[(n + 3) % 8]} "
                         f"by {org.removeprefix('The ')} followed. The {docs[(n + 5) % 8]} said little.")
    text = "\n\n".join(sentences)
    res = _Resolver(load_pipeline()(text), [])
    heads = [t for t in res.doc if t.lower_ in docs]
    assert len(heads) > 30
    found = 0
    for tok in heads:
        for pos in (tok.idx, tok.idx + len(tok.text), tok.idx + 1):
            for head in (tok, None, heads[0]):
                want = _brute_document_maker(res, pos, head)
                assert res._document_maker(pos, head) == want, (tok.text, pos)
                found += want is not None
    assert found > 20


def test_document_maker_looks_past_makerless_documents_of_the_same_kind() -> None:
    # the latest video has no maker; five later memos have none either, but the sixth
    # document back (a memo of Brenn's) has one: same kind first, then the others, six in all
    text = ("Harbour news\n\nCouncillor Tomas Brenn wrote a memo on Monday. "
            + " ".join(f"A memo on berth {n} leaked." for n in range(4))
            + " A video surfaced on Friday. The video said the pier was unsafe.\n")
    res = _Resolver(load_pipeline()(text), [])
    head = [t for t in res.doc if t.lower_ == "video"][-1]
    want = _brute_document_maker(res, head.idx, head)
    assert want is not None and res.art.entities[want].name == "Tomas Brenn"
    assert res._document_maker(head.idx, head) == want


# -- descriptions by role ---------------------------------------------------------------------------


@pytest.mark.parametrize("window", [0, 1, 4])
def test_role_search_near_first_answers_as_the_search_over_everyone(window: int,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from quotegraph.speakers import describe

    people = ["Mayor Ada Lindqvist", "Senator Tomas Brenn", "Judge Mira Osk", "Governor Lena Holm",
              "Inspector Paul Varga"]
    paragraphs = ["Harbour hearing"]
    for n in range(10):
        who = people[n % 5]
        role = who.split()[0].lower()
        other = people[(n + 2) % 5].split()[0].lower()
        paragraphs.append(f"{who} opened the hearing on day {n}. The {role} said the pier was safe. "
                          f"Nobody asked about berth {n}. The {other} said the budget was tight. "
                          f"The former {role} said nothing. The dock stayed closed for the night.")
    # a Canadian senator named ten sentences back, another senator just before "one Canadian
    # senator" (no "the": no role mention of its own): the near one fits less well
    paragraphs.append("Canadian Senator Karl Vos spoke on the ferry plan.")
    paragraphs.append(" ".join(f"Boat {n} waited at the quay." for n in range(9)))
    paragraphs.append("Senator Nils Brenn arrived late. One Canadian senator said the port was busy.")
    text = "\n\n".join(paragraphs)
    res = _Resolver(load_pipeline()(text), [])
    heads = [t for t in res.doc if t.tag_ == "NN" and lex.head_classes(t.text) and t.i > 0]
    assert len(heads) >= 20

    def answers() -> list[int | None]:
        out = []
        for head in heads:
            first = head.i - 1
            src = Span.of(text, res.doc[first].idx, head.idx + len(head.text))
            out.append(res._by_role(src, head))
        return out

    monkeypatch.setattr(describe, "_ROLE_WINDOW", 10**6)
    everyone = answers()
    monkeypatch.setattr(describe, "_ROLE_WINDOW", window)
    assert answers() == everyone
    assert sum(a is not None for a in everyone) >= 5
    assert res.art.entities[everyone[-1]].name == "Karl Vos"  # type: ignore[index]


def _carry_sources_every_pair(statements, i):
    """The carrying sources as the first version found them: every statement against every other."""
    from quotegraph.speakers import addressees as ad

    st = statements[i]
    near = []
    for j, other in enumerate(statements):
        if j == i:
            continue
        back = i - j
        same = st.speaker is not None and other.speaker == st.speaker and abs(back) <= ad._CARRY_SAME_SPEAKER_WINDOW
        if (0 < back <= ad._CARRY_STATEMENTS and st.sent - other.sent <= ad._CARRY_SENTENCES) or (
                0 < -back <= ad._CARRY_AHEAD and other.sent - st.sent <= ad._CARRY_AHEAD_SENTENCES) or same:
            near.append((abs(back) * 2 + (back < 0), j))
    return [j for _, j in sorted(near)]


def test_carry_sources_by_speaker_index_are_those_of_every_pair() -> None:
    import random

    from quotegraph.speakers import addressees as ad

    rng = random.Random(7)
    # an invented transcript: 900 statements by five speakers (and some unresolved), one to
    # three per sentence, so the same-speaker window and the sentence limits both bite
    statements, sent = [], 0
    for k in range(900):
        sent += rng.choice((0, 1, 1, 2, 5))
        speaker = rng.choice((0, 1, 2, 3, 4, None))
        statements.append(ad.Statement(f"a{k}", sent, speaker, "say", [], []))
    by_speaker = ad._speakers_statements(statements)
    for i in range(len(statements)):
        assert ad._carry_sources(statements, i, by_speaker) == _carry_sources_every_pair(statements, i)
    # far apart, the same speaker no longer carries
    assert all(abs(j - 850) <= ad._CARRY_SAME_SPEAKER_WINDOW for j in ad._carry_sources(statements, 850, by_speaker))
