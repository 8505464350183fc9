"""Mentions of people and organisations in one article, clustered into entities.

Names come from spaCy's PERSON and ORG entities, cleaned of possessives, brackets and honorifics.
Full names found anywhere in the article anchor the clusters; a short name ("Clinton", "Mr.
Trump") joins the full name it fits, and when two fit ("Hillary Clinton", "Bill Clinton") the
one its honorific, paragraph and frequency support. Roles come from the words before a name in
the same noun phrase ("Russian Foreign Minister Sergey Lavrov", "[President Vladimir] Putin"),
from appositions ("Sergey Lavrov, Russia's foreign minister") and from party/state tags
("(R-S.C.)"). Campaigns, administrations and named polls ("the Clinton campaign", "a Bloomberg
poll") become organisations of their own.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from quotegraph import name_words
from quotegraph.models import EntityKind
from quotegraph.nlp import doc_text, item_breaks
from quotegraph.nlp.tokens import token_table
from quotegraph.speakers import descriptions as lex

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_NAME_TOKEN = re.compile(r"^[A-Z@][\w.'’\-]*$|^[A-Z]\.$")
_POSSESSIVE = {"'s", "’s", "'", "’"}
_ORG_LABELS = {"ORG"}
_NEWSPAPER_WORDS = set(lex.ORG_STANDINS["newspaper"])
_PREMOD_DEPS = {"compound", "amod", "nmod", "npadvmod", "nummod", "dep", "appos"}


def is_subject(tok: Token) -> bool:
    """A subject, or the possessor of one ("The president's roots came into play")."""
    if tok.dep_ in _SUBJECT_DEPS:
        return True
    return tok.dep_ == "poss" and tok.head.dep_ in _SUBJECT_DEPS


@dataclass
class Mention:
    """One place where the text refers to an entity (``entity`` is ``None`` for a generic group)."""

    start: int
    end: int
    entity: int | None
    sent: int
    subject: bool
    in_quote: bool
    plural: bool = False
    kind: str = "name"  # name | role | speaker | group


@dataclass
class EntityInfo:
    """An entity under construction: its names, roles and what the text tells about it."""

    name: str
    kind: EntityKind
    words: list[str]
    first: int
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    gender: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    nationalities: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    members: list[int] = field(default_factory=list)  # for a group of named people
    surfaces: dict[str, int] = field(default_factory=dict)  # full-name forms and their counts
    weight: int = 0  # honorific short mentions ("Mr. Obama") of a one-word person
    spoke: bool = False
    referred: bool = False  # a source or addressee points at it
    # where a new name, words, kind or alias is reported (the article's :class:`_NameIndex`)
    changed: list[EntityInfo] | None = field(default=None, repr=False, compare=False)

    def __setattr__(self, key: str, value: object) -> None:
        object.__setattr__(self, key, value)
        if key in _INDEXED:
            changed = self.__dict__.get("changed")
            if changed is not None:
                changed.append(self)

    def add_alias(self, alias: str) -> None:
        # editorial brackets ("[President Vladimir] Putin") are no part of the name
        alias = re.sub(r"\s+", " ", alias.replace("[", "").replace("]", "")).strip(" ,")
        if alias and alias.lower() != self.name.lower() and \
                alias.lower() not in {a.lower() for a in self.aliases}:
            self.aliases.append(alias)
            if self.changed is not None:
                self.changed.append(self)

    def add_features(self, text: str) -> None:
        """What a resolved description says about the entity, for later descriptions."""
        self.nationalities |= lex.nationalities(text)
        self.parties |= lex.parties(text)
        self.places |= lex.places(text)
        self.classes |= lex.role_classes(text)

    def add_role(self, role: str) -> None:
        role = re.sub(r"\s+", " ", role.strip(" ,;:-–—()[]")).strip()
        if not role or len(role) > 80:
            return
        self.nationalities |= lex.nationalities(role)
        self.parties |= lex.parties(role)
        self.places |= lex.places(role)
        self.classes |= lex.role_classes(role)
        if role.lower() in lex.PARTIES or role.lower() in lex.NATIONALITIES:
            return  # "Democrat", "Russian": a feature, not a role
        if role not in self.roles:
            self.roles.append(role)
        if self.gender is None:
            self.gender = lex.gender_of_role(role)


_INDEXED = frozenset({"name", "words", "kind"})  # what the name lookups read


class _NameIndex:
    """The article's entities by the keys their names give, so that a name lookup checks the
    few entities that can fit instead of every entity (a long text names thousands).

    Each entity is filed under every key its name, words and aliases give (:func:`_name_keys`);
    a renamed entity or one with a new alias is filed again (:class:`EntityInfo` reports it),
    and new entities are filed before each lookup. A key's entities are a superset of those that
    fit: the lookups check each with their own test, in entity order, as a pass over every
    entity would.
    """

    def __init__(self, entities: list[EntityInfo]) -> None:
        self.entities = entities
        self.changed: list[EntityInfo] = []
        self.filed = 0  # entities[:filed] are in the index
        self.position: dict[int, int] = {}  # id(entity) → its index
        self.by_key: dict[str, set[int]] = {}

    def get(self, *keys: str) -> list[int]:
        """The entities filed under any of ``keys``, in entity order."""
        while self.filed < len(self.entities):
            info = self.entities[self.filed]
            self.position[id(info)] = self.filed
            info.changed = self.changed
            self._file(self.filed, info)
            self.filed += 1
        while self.changed:
            info = self.changed.pop()
            i = self.position.get(id(info))
            if i is not None:
                self._file(i, info)
        found: set[int] = set()
        for key in keys:
            found |= self.by_key.get(key, set())
        return sorted(found)

    def _file(self, i: int, info: EntityInfo) -> None:
        for key in _name_keys(info):
            self.by_key.setdefault(key, set()).add(i)


def _name_keys(info: EntityInfo) -> list[str]:
    """The keys :class:`_NameIndex` files an entity under: for persons its surname as
    :func:`_fits` and :func:`_surname` read it, its first word, the surname's length and the
    words between its first and last; for
    organisations the :func:`_org_key` of its name and aliases, its name's last word and
    acronyms (:meth:`Article._match_org`)."""
    keys = []
    if info.words:
        words = tuple(w.lower() for w in info.words)
        surname = _surname(info.words)
        keys += ["fit:" + _fit_surname(words), "sur:" + surname, "w0:" + words[0],
                 f"len:{len(surname)}"]
        keys += ["mid:" + w for w in words[1:-1]]  # a first surname of two (:meth:`_match_short`)
    other = _org_key(info.name)
    keys += ["org:" + other, "acr:" + _acronym(other)] + ["acr:" + a for a in _acronyms_of(info.name)]
    keys += ["org:" + _org_key(a) for a in info.aliases]
    if " " in other:
        keys.append("news:" + other.rsplit(" ", 1)[1])
    return keys


@dataclass(slots=True)
class _NameMentions:
    """An entity's name mentions: their starts and sentences in start order, how many are
    full names (hold a space), and how many of the entity's mentions were read."""

    seen: int = 0
    starts: list[int] = field(default_factory=list)
    sents: list[int] = field(default_factory=list)
    full: int = 0


class Mentions(list):  # type: ignore[type-arg]
    """An article's mentions, knowing how long a prefix of them stands in start order.

    The resolver mutates the list in place (append, insert, sort); lookups by position bisect
    that prefix and scan only the rest, with the same answers, in list order, as a full scan.
    """

    def __init__(self) -> None:
        super().__init__()
        self._sorted = 0  # self[:_sorted] is in start order
        self._longest = 0  # the longest mention's length

    @property
    def ordered(self) -> bool:
        """Whether every mention stands in start order."""
        return self._sorted == len(self)

    def _note(self, m: Mention) -> None:
        self._longest = max(self._longest, m.end - m.start)

    def append(self, m: Mention) -> None:  # type: ignore[override]
        if self.ordered and (not self or self[-1].start <= m.start):
            self._sorted += 1
        super().append(m)
        self._note(m)

    def insert(self, i: int, m: Mention) -> None:  # type: ignore[override]
        i = max(0, min(len(self), i if i >= 0 else len(self) + i))
        if i <= self._sorted and (i == 0 or self[i - 1].start <= m.start) and (
                i == self._sorted or m.start <= self[i].start):
            self._sorted += 1
        else:
            self._sorted = min(self._sorted, i)
        super().insert(i, m)
        self._note(m)

    def sort(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def, override]
        super().sort(*args, **kwargs)
        self._sorted = next((i + 1 for i, (a, b) in enumerate(itertools.pairwise(self)) if a.start > b.start),
                            len(self))

    def _unknown(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("Mentions supports append, insert and sort only")

    extend = __setitem__ = __delitem__ = __iadd__ = remove = pop = reverse = _unknown

    def index_before(self, pos: int) -> int:
        """How many mentions start before ``pos`` when all are in order (they are the first
        ones); otherwise all of them, for callers to filter."""
        return bisect.bisect_left(self, pos, key=_start) if self.ordered else len(self)

    def starting_in(self, lo: int, hi: int) -> list[Mention]:
        """Mentions whose start lies in ``[lo, hi]``, in list order."""
        n = self._sorted
        found = self[bisect.bisect_left(self, lo, 0, n, key=_start):bisect.bisect_right(self, hi, 0, n, key=_start)]
        return found + [m for m in self[n:] if lo <= m.start <= hi]

    def entity_holding(self, offset: int) -> int | None:
        """The entity of the longest name mention holding the character at ``offset`` (the
        first such in list order)."""
        best, best_len = None, 0
        for m in self.starting_in(offset - self._longest, offset):
            if m.entity is not None and m.kind == "name" and m.start <= offset < m.end \
                    and m.end - m.start > best_len:
                best, best_len = m.entity, m.end - m.start
        return best


_start = operator.attrgetter("start")  # a mention's start, as the key of bisections and sorts


class Article:
    """The per-article index of sentences, quotes, mentions and entities."""

    def __init__(self, doc: Doc, quote_spans: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.sent_starts = [s.start_char for s in doc.sents]
        self.quote_spans = quote_spans
        # live-blog item breaks: a rule ("___", "***") or a clock heading ("10 a.m.") alone on
        # its line starts a new item, and a new discourse
        self.breaks = [b.start for b in item_breaks(doc)]
        self.entities: list[EntityInfo] = []
        self._names = _NameIndex(self.entities)
        self._names_of: dict[int, _NameMentions] = {}  # per entity, for :meth:`_match_short`
        self.mentions: Mentions = Mentions()
        # the quotes come from one regular expression: in order and apart, so the one that may
        # hold an offset is the last one starting at or before it
        self._quotes_apart = all(s <= e for s, e in quote_spans) and all(
            a[1] <= b[0] for a, b in itertools.pairwise(quote_spans))
        self._quote_starts = [s for s, _ in quote_spans]
        self._build()

    # -- helpers -------------------------------------------------------------------------------
    def sent_of(self, char: int) -> int:
        """Index of the sentence holding a character offset."""
        return max(bisect.bisect_right(self.sent_starts, char) - 1, 0)

    def broken(self, a: int, b: int) -> bool:
        """Whether a live-blog item break lies between two offsets."""
        lo, hi = min(a, b), max(a, b)
        return any(lo <= x < hi for x in self.breaks)

    def in_quote(self, start: int, end: int) -> bool:
        if not self._quotes_apart:
            return any(s <= start and end <= e for s, e in self.quote_spans)
        i = bisect.bisect_right(self._quote_starts, start) - 1
        return i >= 0 and end <= self.quote_spans[i][1]

    def add_mention(
        self, ent: int | None, start: int, end: int, subject: bool, kind: str, plural: bool = False
    ) -> Mention:
        m = Mention(start, end, ent, self.sent_of(start), subject, self.in_quote(start, end),
                    plural, kind)
        self.mentions.append(m)
        if ent is not None:
            self.entities[ent].mentions.append(m)
        return m

    def entity_at(self, start: int, end: int, kinds: tuple[str, ...] = ("name",)) -> int | None:
        """The entity of the longest name mention inside ``[start, end)``."""
        best, best_len = None, 0
        for m in self.mentions.starting_in(start, end):
            if m.entity is not None and m.kind in kinds and start <= m.start and m.end <= end:
                if m.end - m.start > best_len:
                    best, best_len = m.entity, m.end - m.start
        return best

    # -- construction --------------------------------------------------------------------------
    def _build(self) -> None:
        doc = self.doc
        people: list[tuple[SpacySpan, list[str], str | None]] = []
        headline = title_line_end(self.text)
        org_short = _short_organisation_names(doc)
        short_orgs: list[SpacySpan] = []
        places_by_state = _places_by_state(doc)
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) == 1 and ent.text.lower() in org_short:
                short_orgs.append(ent)  # "Varlo said" after "Varlo Pharma": the company
                continue
            if _place_tagged_person(ent) or (ent.label_ == "PERSON" and ent.text in places_by_state):
                continue  # "Hermenegildo Galeana Street", "Marlton, Ga.": a place, no one to speak
            if (ent.label_ == "PERSON" and not _organisation_tagged_person(ent)) or _person_by_apposition(ent) \
                    or _person_by_honorific(ent):
                words, honorific = _clean_name(ent)
                if len(words) >= 2 and ent.end_char <= headline and \
                        " ".join(words) not in self.text[headline:] and \
                        lex.gender_of_first_name(words[0]) is None and words[-1] in self.text[headline:]:
                    # "Derelict Obama …", "… Rip Donald Trump" in a title-cased headline: the
                    # body never writes that full name, and "Derelict" is no given name; the
                    # name is the longest end of it the body writes
                    body = self.text[headline:]
                    words = next(words[i:] for i in range(1, len(words)) if " ".join(words[i:]) in body)
                if ent.end_char <= headline:
                    # "Trump Says He Never …" tagged as one name in a title-cased headline: the
                    # name ends before a verb of saying or a pronoun
                    cut = next((i for i, w in enumerate(words) if i and w.lower() in _HEADLINE_BREAKS), None)
                    words = words[:cut] if cut is not None else words
                    words = _headline_name_start(words, ent, self.text[headline:])
                if words:
                    people.append((ent, words, honorific))
        # full names first, so that short names find their anchor wherever they occur
        full_index: dict[tuple[str, ...], int] = {}
        for ent, words, _honorific in sorted(people, key=lambda p: (-len(p[1]), p[0].start)):
            if len(words) < 2:
                continue
            key = tuple(w.lower() for w in words)
            found = self._match_full(key)
            if found is None:
                found = self._new_entity(" ".join(words), "person", words, ent.start_char)
                full_index[key] = found
            else:
                info = self.entities[found]
                if len(words) > len(info.words) and words[0] == info.words[0] and \
                        _fits(key, tuple(w.lower() for w in info.words)):
                    info.add_alias(info.name)
                    info.name, info.words = " ".join(words), words
        # "Mr. Obama" where the only full name is "Michelle Obama": a person of their own, made
        # before the plain short names so that "President Obama" can choose between the two
        for ent, words, honorific in sorted(people, key=lambda p: p[0].start):
            gender = name_words.HONORIFICS.get(honorific.lower()) if honorific else None
            if len(words) != 1 or not gender:
                continue
            idx = self._match_short(words[0].lower(), honorific, ent.start_char)
            if idx is None:
                idx = self._new_entity(words[0], "person", words, ent.start_char)
                self.entities[idx].gender = gender
            if len(self.entities[idx].words) == 1:
                self.entities[idx].weight += 1
        for ent, words, honorific in sorted(people, key=lambda p: p[0].start):
            key = tuple(w.lower() for w in words)
            if len(words) >= 2:
                idx = self._match_full(key)
            else:
                idx = self._match_short(key[0], honorific, ent.start_char)
                if idx is None:
                    idx = self._new_entity(words[0], "person", words, ent.start_char)
            assert idx is not None
            info = self.entities[idx]
            info.first = min(info.first, ent.start_char)
            if len(words) >= 2:
                info.surfaces[" ".join(words)] = info.surfaces.get(" ".join(words), 0) + 1
            surface = " ".join(([honorific] if honorific else []) + words)
            info.add_alias(surface)
            if honorific and info.gender is None:
                info.gender = name_words.HONORIFICS.get(honorific.lower())
            self._roles_around(ent, info)
            start, end = _name_extent(ent)
            self.add_mention(idx, start, end, is_subject(ent.root), "name")
        for info in self.entities:
            if info.surfaces:
                # the full name the article uses most (NER glues "Crooked" or "Rip" to names)
                best = max(info.surfaces, key=lambda n: (
                    info.surfaces[n], lex.gender_of_first_name(n.split()[0]) is not None, len(n)))
                if best != info.name:
                    info.add_alias(info.name)
                    info.name, info.words = best, best.split()
        for info in self.entities:
            if info.kind == "person" and info.gender is None and len(info.words) >= 2:
                first = info.words[0]
                if first.lower().rstrip(".") in name_words.TITLES:
                    # a title the name kept ("Prince Andrew", "Queen Rania"): its gender, else
                    # the given name's after it
                    info.gender = lex.gender_of_role(first) or lex.gender_of_first_name(info.words[1])
                else:
                    info.gender = lex.gender_of_first_name(first)
        self._missed_names()
        self._organisations()
        for ent in short_orgs:
            org = next((i for i, info in enumerate(self.entities) if info.kind == "organization"
                        and _first_name_word(info.name) == ent.text.lower()), None)
            if org is not None:
                self.add_mention(org, ent.start_char, ent.end_char, is_subject(ent.root), "name")
        self._derived_organisations()
        self._outlets()
        self._pronoun_genders()
        self.mentions.sort(key=lambda m: m.start)

    def _outlets(self) -> None:
        """Organisations the text shows to be outlets ("the editors of The Advocate", "a report
        in the Argus Leader", "the local newspaper, The Perry Chief") are of class ``outlet``,
        which "the newspaper" and "the outlet" may stand for whatever their names' words."""
        for info in self.entities:
            if info.kind != "organization" or "outlet" in info.classes:
                continue
            for m in info.mentions:
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None and _names_an_outlet(span.root):
                    info.classes.add("outlet")
                    break

    def _missed_names(self) -> None:
        """Known names the recogniser missed ("PENCE:", a headline's "Trump", "Stumpf said")."""
        covered = {i for m in self.mentions for i in range(m.start, m.end)}
        by_word: dict[str, list[int]] = {}
        for i, info in enumerate(self.entities):
            if info.kind != "person":
                continue
            by_word.setdefault(_surname(info.words), []).append(i)
        table = token_table(self.doc)
        starts = table.idx
        for i, word in enumerate(table.text):
            low = word.lower()
            if low not in by_word or len(low) < 3 or starts[i] in covered or not word[:1].isupper():
                continue
            tok = self.doc[i]
            prev = tok.nbor(-1) if tok.i > 0 else None
            honorific = prev.text if prev is not None and prev.lower_ in name_words.HONORIFICS else None
            if prev is not None and prev.text[:1].isupper() and prev.lower_ not in name_words.HONORIFICS \
                    and prev.lower_ not in name_words.TITLE_ABBREVIATIONS and not prev.is_sent_start \
                    and prev.pos_ == "PROPN" and prev.lower_ not in lex.ROLE_CLASSES:
                continue  # "Chelsea Clinton" missed as a whole: not ours to guess
            idx = self._match_short(low, honorific, tok.idx)
            if idx is None:
                continue
            self.add_mention(idx, tok.idx, tok.idx + len(tok.text), is_subject(tok),
                             "name")

    def _new_entity(self, name: str, kind: EntityKind, words: list[str], first: int) -> int:
        self.entities.append(EntityInfo(name, kind, list(words), first))
        return len(self.entities) - 1

    def _match_full(self, key: tuple[str, ...]) -> int | None:
        for i in self._names.get("fit:" + _fit_surname(key)):
            info = self.entities[i]
            if info.kind == "person" and len(info.words) >= 2:
                if _fits(key, tuple(w.lower() for w in info.words)):
                    return i
        return None

    def _match_short(self, word: str, honorific: str | None, pos: int) -> int | None:
        """The person a one-word name refers to; honorific, paragraph and frequency break ties."""
        ents = self.entities
        cands = [i for i in self._names.get("sur:" + word) if (e := ents[i]).kind == "person"
                 and len(e.words) >= 2 and _surname(e.words) == word]
        first_word = self._names.get("w0:" + word)
        if not cands:
            cands = [i for i in first_word if (e := ents[i]).kind == "person"
                     and e.words[0].lower() == word and len(e.words) >= 2]
        cands += [i for i in first_word if (e := ents[i]).kind == "person"
                  and len(e.words) == 1 and e.words[0].lower() == word]
        if not cands and len(word) > 2 and word not in _NAME_PARTICLES:
            # a first surname of two ("Melba Acosta Febo" … "Ms. Acosta", "Gabriel García
            # Márquez" … "García"): the one person whose full name holds it between the first
            # and the last word
            held = [i for i in self._names.get("mid:" + word) if (e := ents[i]).kind == "person"
                    and len(e.words) >= 3 and word in (w.lower() for w in e.words[1:-1])]
            cands = held if len(held) == 1 else []
        if not cands and len(word) >= 7:
            # a misspelt surname ("Scheiderman" for Schneiderman): one edit away, one person
            near = [i for i in self._names.get(*(f"len:{len(word) + d}" for d in (-1, 0, 1)))
                    if (e := ents[i]).kind == "person"
                    and len(e.words) >= 2 and _one_edit(_surname(e.words), word)]
            cands = near if len(near) == 1 else []
        gender = name_words.HONORIFICS.get(honorific.lower()) if honorific else None
        if gender:
            # "Mr. Obama" is not Michelle Obama: a conflicting honorific starts a new person
            cands = [i for i in cands if _first_name_gender(self.entities[i]) in (gender, None)]
        if len(cands) <= 1:
            return cands[0] if cands else None
        sent = self.sent_of(pos)
        para = self.text.rfind("\n", 0, pos)

        def support(i: int) -> tuple[float, int]:
            names = self._name_mentions(i)
            score = float(names.full) + 0.5 * len(names.starts) + 0.5 * self.entities[i].weight
            score += 0.5 * sum(self.entities[i].surfaces.values())
            before = bisect.bisect_left(names.starts, pos)  # the name mentions before ``pos``
            if before:
                if names.starts[before - 1] > para:
                    score += 2.0  # named in this paragraph
                if sent - names.sents[before - 1] <= 1:
                    score += 1.0
            return score, -(names.starts[0] if names.starts else pos)

        return max(cands, key=support)

    def _name_mentions(self, i: int) -> _NameMentions:
        """The entity's name mentions in start order, brought up to date with its list (whose
        mentions are only ever appended)."""
        info = self.entities[i]
        names = self._names_of.setdefault(i, _NameMentions())
        for m in info.mentions[names.seen:]:
            if m.kind == "name":
                k = bisect.bisect_left(names.starts, m.start)
                names.starts.insert(k, m.start)
                names.sents.insert(k, m.sent)  # one sentence per start: ties need no order
                names.full += " " in self.text[m.start:m.end].strip()
        names.seen = len(info.mentions)
        return names

    def _roles_around(self, ent: SpacySpan, info: EntityInfo) -> None:
        doc = self.doc
        # pre-modifiers in the same noun phrase: "Russian Foreign Minister Sergey Lavrov"
        i = ent.start - 1
        first = ent.start
        root = ent.root
        while i >= 0:
            tok = doc[i]
            low = tok.text.lower()
            if tok.text in "[]":
                i -= 1
                continue
            # An abbreviated rank is a title whatever the parser made of its full stop.
            titled = low in name_words.TITLE_ABBREVIATIONS or low in name_words.HONORIFICS
            if not titled and (tok.is_punct or tok.dep_ in {"det", "poss", "case", "cc", "prep", "punct"}):
                break
            if tok.ent_type_ == "PERSON" and not tok.ent_iob_ == "" and i < ent.start - 1:
                break
            attached = _attached_within(tok, root, ent.end)
            if attached or titled:
                first = i
                i -= 1
                continue
            break
        inner = ent.start
        while inner < ent.end - 1 and (doc[inner].lower_ in name_words.TITLE_ABBREVIATIONS
                                       or lex.head_classes(doc[inner].lower_)
                                       or doc[inner].text in "[]"):
            inner += 1
        premod = [t for t in doc[first:inner] if t.text not in "[]"]
        words = [t.text for t in premod if t.text.lower() not in name_words.HONORIFICS]
        if any(t.text.lower() in name_words.HONORIFICS for t in premod) and info.gender is None:
            h = next(t.text.lower() for t in premod if t.text.lower() in name_words.HONORIFICS)
            info.gender = name_words.HONORIFICS[h]
        if words:
            role = " ".join(name_words.TITLE_ABBREVIATIONS.get(w.lower(), w)
                            if w.lower().endswith(".") else w for w in words)
            if lex.role_classes(role) or lex.parties(role) or lex.nationalities(role) or \
                    any(w[:1].isupper() for w in words) or len(words) >= 2:
                info.add_role(role)
            info.add_alias(re.sub(r"['’]s?$", "", self.text[premod[0].idx:ent.end_char]))
        # apposition: "Sergey Lavrov, Russia's foreign minister," / "Russia's minister, Lavrov"
        for child in root.children:
            if child.dep_ == "appos" and child.i >= ent.end and child.pos_ in {"NOUN", "PROPN"}:
                if child.ent_type_ in {"PERSON"}:
                    continue
                _add_role_checked(info, _phrase(child, set()))
        if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ == "NOUN":
            _add_role_checked(info, _phrase(root.head, {t.i for t in root.subtree}))
        # copula: "Pence was the governor of Indiana" / "Trump, who is the Republican nominee"
        verbs = [root.head] if root.dep_ == "nsubj" else []
        verbs += [c for c in root.children if c.dep_ == "relcl"]
        for verb in verbs:
            if verb.lemma_ not in {"be", "become", "remain"}:
                continue
            for attr in verb.children:
                if attr.dep_ == "attr" and attr.pos_ == "NOUN" and attr.i > root.i:
                    _add_role_checked(info, _phrase(attr, set()))
        # "Senators Alan Brooks and Mary Vance": a plural title covers every conjunct
        if root.dep_ == "conj" and root.head.ent_type_ == "PERSON":
            for t in root.head.lefts:
                if t.dep_ == "compound" and t.text.endswith("s") and lex.role_classes(t.text):
                    info.add_role(t.text[:-1])
        # "(R-S.C.)"
        tail = self.text[ent.end_char:ent.end_char + 16].lstrip()
        m = lex.PARTY_STATE_TAG.match(tail)
        if m:
            info.parties.add(lex.PARTIES[m.group(1).lower()])
            state = m.group(2).lower().replace(".", "").replace(" ", "")
            if state in lex.STATE_ABBREVIATIONS:
                info.places.add(lex.STATE_ABBREVIATIONS[state])

    def _organisations(self) -> None:
        headline = title_line_end(self.text)
        # the recogniser's names, and the outlets' names it missed ("the editors of The Advocate")
        ents = sorted([*self.doc.ents, *missed_publications(self.doc)], key=operator.attrgetter("start"))
        names = {_org_name(e, self.text) for e in ents if e.label_ in _ORG_LABELS} - {""}
        # "Homeland Security" and "the S.E.C." stand for the fullest name the article gives
        canonical: dict[str, str] = {}
        # the names that may hold a key as words hold its first word; acronyms by acronym
        order = {n: pos for pos, n in enumerate(names)}
        by_word: dict[str, list[str]] = {}
        by_acronym: dict[str, list[str]] = {}
        for n in names:
            for w in set(re.findall(r"\w+", _org_key(n))):
                by_word.setdefault(w, []).append(n)
            for acronym in _acronyms_of(n):
                by_acronym.setdefault(acronym, []).append(n)
        for name in names:
            key = _org_key(name)
            first = re.search(r"\w+", key)
            maybe = set(by_acronym.get(_acronym_key(key), ()) if len(key) >= 2 else ())
            if len(key.split()) >= 2:
                maybe.update(by_word.get(first.group(), ()) if first else names)
            longer = [n for n in sorted(maybe, key=order.__getitem__) if n != name and (
                (len(key.split()) >= 2 and lex.has_word(_org_key(n), key))
                or (len(key) >= 2 and _acronym_key(key) in _acronyms_of(n)))]
            if longer:
                # "Homeland Security" is the Department of Homeland Security, whose name ends
                # with it, before Homeland Security Investigations, which it only modifies
                canonical[name] = max(longer, key=lambda n: (
                    _org_key(n).endswith(key) or _acronym_key(key) in _acronyms_of(n), len(n)))
        for name in names:
            # "Brightwell" after "Brightwell Systems": a company's name without its suffix
            key = _org_key(name)
            if name in canonical or " " in key or not key:
                continue
            fuller = [n for n in by_word.get(key, ()) if n != name and _first_name_word(n) == key
                      and all(w in _COMPANY_NAME_TAILS for w in _org_key(n).split()[1:])]
            if len(fuller) == 1:
                canonical[name] = fuller[0]
        for name in names:
            if name in canonical or not _ACRONYM.fullmatch(name):
                continue
            # "SIA" after "Singapore Airlines": an acronym that takes more than a word's first
            # letter, when one name of the article spells it so; else "TRD" after "The Real
            # Deal", which the tagger did not take for a name
            spelling = [n for n in names if n != name and _spells(name, n)]
            spelled = spelling[0] if len(spelling) == 1 else _spelled_out_in(name, self.text, headline)
            if spelled is not None:
                canonical[name] = spelled
        for ent in ents:
            if ent.label_ not in _ORG_LABELS and not _organisation_tagged_person(ent) \
                    and not _named_by_its_tail(ent) and not (
                ent.label_ in {"FAC", "GPE"} and ent.text.lower().strip() in {"the white house",
                                                                             "white house",
                                                                             "the kremlin",
                                                                             "kremlin"}
            ):
                continue
            if _capitalised_common_plural(ent, self.text):
                continue  # "Neighbours said …": a sentence's first word, not a name
            ent = _with_name_end(_with_name_start(ent))
            name = _org_name(ent, self.text)
            if not name:
                continue
            if ent.end_char <= headline and name not in self.text[headline:]:
                continue  # "Trump Slams Fed": title-cased headline words, named nowhere else
            if " " in name and len(name.split()) < 4:
                # "Van Beethoven" tagged ORG: the end of the full name of a person the article names
                tail = tuple(w.lower() for w in name.split())
                person = self._match_full(tail)
                if person is not None and tuple(
                        w.lower() for w in self.entities[person].words)[-len(tail):] == tail:
                    self.add_mention(person, ent.start_char, ent.end_char, is_subject(ent.root), "name")
                    continue
            if " " not in name:
                # "Trump" tagged ORG where the article names the person Donald Trump
                person = self._match_short(name.lower(), None, ent.start_char)
                if person is not None and len(self.entities[person].words) >= 2:
                    self.add_mention(person, ent.start_char, ent.end_char,
                                     is_subject(ent.root), "name")
                    continue
            idx = self._match_org(canonical.get(name, name))
            if idx is None:
                full = canonical.get(name, name)
                idx = self._new_entity(full, "organization", full.split(), ent.start_char)
            info = self.entities[idx]
            if len(name) > len(info.name) and _org_key(info.name) in _org_key(name):
                info.add_alias(info.name)
                info.name = name
            info.add_alias(ent.text.strip())
            self.add_mention(idx, ent.start_char, ent.end_char, is_subject(ent.root),
                             "name")
            # "Alliance to Reclaim Our Schools (AROS)": the acronym is an alias
            after = self.text[ent.end_char:ent.end_char + 14]
            acr = re.match(r"\s*\(([A-Z][A-Za-z&]{1,9})\)", after)
            if acr and sum(ch.isupper() for ch in acr.group(1)) >= 2:
                info.add_alias(acr.group(1))  # (not "BRUSSELS (Reuters)": a dateline's agency)

    def _match_org(self, name: str) -> int | None:
        key = _org_key(name)
        for i in self._names.get("org:" + key, "news:" + key, "acr:" + _acronym_key(key)):
            info = self.entities[i]
            if info.kind == "person":
                continue
            other = _org_key(info.name)
            names = [other] + [_org_key(a) for a in info.aliases]
            if key in names:
                return i
            # "The Post" after "The New York Post": the last word of a newspaper's name
            if len(key.split()) == 1 and key in _NEWSPAPER_WORDS and other.endswith(" " + key):
                return i
            if len(key) >= 2 and _acronym_key(key) in _acronyms_of(info.name) | {_acronym(other)}:
                return i
        return None

    def _derived_organisations(self) -> None:
        """Campaigns, administrations and named polls: "the Clinton campaign", "Bloomberg poll"."""
        heads = lex.OWNED_BODIES | lex.CAMPAIGN_WORDS | lex.SURVEY_HEADS
        lemmas = token_table(self.doc).lemma
        # "Clinton's team" is her campaign in a story that speaks of campaigns, not in one about
        # a football club
        campaigning = any(lemma.lower() == "campaign" for lemma in lemmas)
        for i, lemma in enumerate(lemmas):
            low = lemma.lower()
            if low not in heads or (low in lex.CAMPAIGN_WORDS and not campaigning):
                continue
            tok = self.doc[i]
            owner = None
            for child in tok.children:
                if child.dep_ in {"compound", "poss", "nmod"} and child.i < tok.i:
                    owner = next((m.entity for m in self.mentions if m.entity is not None
                                  and m.start <= child.idx < m.end and m.kind == "name"), None)
                    if owner is None and low in lex.SURVEY_HEADS and child.pos_ == "PROPN" and \
                            child.ent_type_ not in {"DATE", "TIME"}:  # "a January study" names no maker
                        owner = -1
                    if owner is not None:
                        break
            if owner is None:
                continue
            if owner == -1:
                maker = " ".join(t.text for t in tok.lefts if t.dep_ == "compound"
                                 and t.pos_ == "PROPN" and t.ent_type_ not in {"DATE", "TIME"})
                name = f"{maker} {tok.text.lower()}"
            else:
                owner_info = self.entities[owner]
                if low in lex.SURVEY_HEADS:
                    name = f"{owner_info.name} {tok.text.lower()}"
                elif owner_info.kind == "person":
                    name = lex.owned_body_name(owner_info.name, _surname(owner_info.words, lower=False), low)
                else:
                    continue
            kind: EntityKind = "other" if low in lex.SURVEY_HEADS else "organization"
            idx = self._match_org(name)
            if idx is None:
                idx = self._new_entity(name, kind, name.split(), tok.idx)
            start = min(t.idx for t in tok.subtree if t.i <= tok.i)
            self.add_mention(idx, start, tok.idx + len(tok.text),
                             is_subject(tok), "name")

    def _pronoun_genders(self) -> None:
        """Gender from the pronouns that follow a person who is alone in their sentence.

        Pronouns before the person's name ("Her rival, Karl Voss, …": someone else's) and inside
        quoted words (the speaker's talk of others) are no evidence."""
        votes: dict[int, list[int]] = {}
        by_sent: dict[int, set[int]] = {}
        first_at: dict[int, int] = {}
        for m in self.mentions:
            if m.entity is not None and self.entities[m.entity].kind == "person":
                by_sent.setdefault(m.sent, set()).add(m.entity)
                first_at[m.sent] = min(first_at.get(m.sent, m.start), m.start)
        sents = list(self.doc.sents)
        for sent, ents in by_sent.items():
            if len(ents) != 1:
                continue
            (ent,) = ents
            if self.entities[ent].gender is not None:
                continue
            for s in sents[sent:sent + 2]:
                if sent + 1 < len(sents) and s is sents[sent + 1] and by_sent.get(sent + 1):
                    continue
                for t in s:
                    if t.idx < first_at[sent] or self.in_quote(t.idx, t.idx + len(t.text)):
                        continue
                    low = t.lower_
                    if low in {"he", "him", "his", "himself"}:
                        votes.setdefault(ent, [0, 0])[0] += 1
                    elif low in {"she", "her", "hers", "herself"}:
                        votes.setdefault(ent, [0, 0])[1] += 1
        for ent, (male, female) in votes.items():
            if male != female:
                self.entities[ent].gender = "m" if male > female else "f"


#: Surname particles inside a person's name ("van", "de", "al"); not the small words of titles.
_PARTICLES = name_words.NAME_PARTICLES - {"of", "the", "and", "for"}


def headline_end(text: str) -> int:
    """The end of the first line when it reads as a headline (short, title-cased), else -1."""
    end = text.find("\n")
    line = text[:end] if end >= 0 else text
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if len(w) > 3]
    if not words or len(line.split()) > 20:
        return -1
    capital = sum(w[0].isupper() for w in words) / len(words)
    return end if capital >= 0.6 else -1


def title_line_end(text: str) -> int:
    """:func:`headline_end`, for a first line in title case (every word of four letters or more
    capitalised): only there are capitals no evidence of a name. A lede with a verb in lower
    case ("French Foreign Minister Pierre Dubois arrived in Berlin") keeps its names."""
    end = headline_end(text)
    if end <= 0:
        return -1
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text[:end]) if len(w) > 3]
    return end if all(w[0].isupper() for w in words) else -1


# the generational suffixes as written: "Jr." and "Sr." also with their full stop
_SUFFIXES = name_words.GENERATIONAL_SUFFIXES | {"jr.", "sr."}


#: Words inside names that are no surname of their own ("Ludwig van Beethoven").
_NAME_PARTICLES = frozenset({"van", "von", "der", "den", "del", "della", "de", "da", "di", "du", "la", "le",
                             "bin", "ibn", "al", "el", "ben", "dos", "das", "ter", "ten", "jr", "sr"})


def _surname(words: list[str], *, lower: bool = True) -> str:
    """The last name word, past a generational suffix ("Harry B. Harris Jr." → harris)."""
    rest = list(words)
    while len(rest) > 1 and rest[-1].lower().strip(",") in _SUFFIXES:
        rest.pop()
    return rest[-1].lower() if lower else rest[-1]


def _one_edit(a: str, b: str) -> bool:
    """Whether two words differ by one inserted, deleted or replaced letter, or by two
    neighbouring letters swapped ("DesRoiser" for DesRosier)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b) and a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1]:
        return True
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def _fit_surname(words: tuple[str, ...]) -> str:
    """The last word of a name as :func:`_fits` compares it (past any generational suffix)."""
    return (tuple(w for w in words if w.strip(",") not in _SUFFIXES) or words)[-1]


def _first_name_gender(info: EntityInfo) -> str | None:
    if info.gender:
        return info.gender
    return lex.gender_of_first_name(info.words[0]) if len(info.words) >= 2 else None


def _fits(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two full names can be one person: same surname, compatible given names."""
    a = tuple(w for w in a if w.strip(",") not in _SUFFIXES) or a
    b = tuple(w for w in b if w.strip(",") not in _SUFFIXES) or b
    if a[-1] != b[-1]:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 2 and long_[-len(short):] == short:
        return True  # "Crooked Hillary Clinton" / "Hillary Clinton"
    fa, fb = a[0].strip("."), b[0].strip(".")
    if fa == fb:
        return True
    # an initial for a name ("J. Trump") or a shortened given name ("Mike"/"Michael")
    return (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))


#: Occupations only people have, outside :func:`descriptions.role_classes`: both an apposition
#: that makes a name a person's and a role word glued before a name.
_OCCUPATIONS = frozenset({
    "coach", "founder", "analyst", "manager", "striker", "goalkeeper", "singer", "actor", "actress",
    "author", "chairman", "chairwoman", "director", "economist", "boss",
})
#: Nouns that only people are, beside the role words of :func:`descriptions.role_classes`: an
#: apposition of one of them makes a name a person's ("Her deputy, Tunde Bello").
_PERSON_NOUNS = frozenset(lex.ENTOURAGE_HEADS | _OCCUPATIONS | {
    "deputy", "co-founder", "player", "scientist", "researcher", "professor", "teacher", "student",
    "nurse", "resident", "farmer", "owner", "partner", "colleague", "neighbour", "neighbor",
}) - {"transcript", "family", "voters", "fans", "critics", "backers", "donors", "supporters",
      "allies", "associates", "officials", "loyalists", "surrogates", "operatives", "staff"}
#: Words of organisations' names, which no person's name holds.
_ORG_NAME_WORDS = frozenset({
    "inc", "corp", "co", "ltd", "llc", "plc", "group", "bank", "party", "company", "university",
    "college", "institute", "council", "committee", "agency", "ministry", "department", "office",
    "association", "union", "league", "club", "fund", "foundation", "news", "times", "post",
})


#: Last words of a name that only organisations have ("The Grafton Gazette", "Halden
#: University"); none of them is a surname.
_ORG_ONLY_LAST_WORDS = (_ORG_NAME_WORDS - {"co", "group", "party", "office", "fund", "post"}) | {
    "gazette", "herald", "tribune", "journal", "chronicle", "courier", "dispatch", "enquirer",
    "inquirer", "examiner", "telegraph", "courant", "pharma", "pharmaceuticals", "motors",
    "airlines", "airways", "holdings", "industries", "technologies", "securities", "insurance",
    "bancorp", "laboratories", "ministries",
}


def _first_name_word(name: str) -> str:
    """The first word of an organisation's name as :func:`_org_key` reads it ("varlo")."""
    return next(iter(_org_key(name).split()), "")


def _short_organisation_names(doc: Doc) -> set[str]:
    """First words of the organisations' names of two words or more that end as only
    organisations' names do ("varlo" of "Varlo Pharma"), where no person's name in the article
    holds the word: the short name a text uses for the company."""
    orgs = {_first_name_word(e.text) for e in doc.ents if len(e) >= 2 and (
        e.label_ in _ORG_LABELS or _organisation_tagged_person(e))
        and e[-1].lower_ in _ORG_ONLY_LAST_WORDS | _ORG_NAME_WORDS}
    people = {w.lower() for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2
              and not _organisation_tagged_person(e) for w in e.text.split()}
    return {w for w in orgs if w and w not in people and w[:1].isalpha()}


#: Nouns whose "by / in / from X" names the outlet that carried them ("a report by E! News",
#: "a story in the Argus Leader"), and people whose "of X" names it ("the editors of The
#: Advocate"; a name already known is an outlet after "at" and "for" too: "a reporter at …").
_CARRIED_BY_HEADS = frozenset({"report", "story", "article", "editorial", "column", "interview",
                               "piece", "op-ed", "investigation", "analysis", "poll", "survey"})
_STAFF_OF_HEADS = frozenset({"editor", "editors", "reporter", "reporters", "columnist", "publisher",
                             "staff", "board"})


def missed_publications(doc: Doc) -> list[SpacySpan]:
    """Names of outlets and organisations the recogniser missed, as ``ORG`` spans outside every
    entity: a capitalised "The" in mid-sentence before capitalised proper nouns ("… the editors
    of The Advocate, who", "The Intercept reported"), outside title-cased lines, and the proper
    nouns that name where a report ran or who made it ("a new report by E! News", "a report in
    the Argus Leader"), or that it labelled as something else there ("a report in the Marlow
    Beacon" as a building)."""
    found: dict[int, SpacySpan] = {}
    n = len(doc)
    table = token_table(doc)
    tags, ents, texts = table.tag, table.ent_type, table.text

    def proper(i: int) -> bool:  # a capitalised proper noun outside every name
        return tags[i] in _PROPER_TAGS and not ents[i] and texts[i][:1].isupper()

    covered = 0  # tokens before this are inside a name found
    # read from the token table: most words fail here, before any Token is made
    capitalised = [i for i, (ent, text) in enumerate(zip(ents, texts, strict=True)) if not ent and text[:1].isupper()]
    for i in capitalised:
        # a word written in capitalised parts ("RealClearPolitics", "YouGov"), which the tagger
        # may read as a common noun, that made or ran a poll or report ("a poll by …", "the …
        # polling average": set before it, no rule below reads it)
        if not texts[i].istitle() and _CAMEL_NAME.fullmatch(texts[i]):
            tok = doc[i]
            if _carried_or_staffed(tok, ()) or _modifies_carrier(tok):
                found[i] = SpacySpan(doc, i, i + 1, label="ORG")
    for i in [i for i in capitalised if tags[i] in _PROPER_TAGS]:
        if i < covered or (i and (ents[i - 1] or (tags[i - 1] in _PROPER_TAGS and texts[i - 1][:1].isupper()))):
            continue  # inside a name, or not the first word of one
        start = i
        if i and texts[i - 1][:1].isupper() and not doc[i - 1].is_sent_start:
            if texts[i - 1] != "The":
                continue  # "the Republican Jewish Coalition": the name began before
            start -= 1  # "The Advocate": the article's capital is part of the name
        end = i + 1
        while end < n and end - start < 5 and (
                proper(end) or (texts[end] in {"!", "-"} and end + 1 < n and texts[end + 1][:1].isupper()
                                and not doc[end - 1].whitespace_)) and not doc[end].is_sent_start:
            end += 1
        if end < n and (ents[end] or (texts[end] == "-" and not doc[end - 1].whitespace_)):
            continue  # "The Guardian" with the name tagged, "The Rubio-backing PAC"
        if texts[start] == "The" and end + 1 < n and texts[end].lower() in {"of", "and", "&"} \
                and texts[end + 1][:1].isupper():
            continue  # a title that runs on ("The Age of Oversupply", "The Captain and Me")
        span = doc[start:end]
        if not any(t.is_alpha and t.text != "The" for t in span) or not _in_running_text(span):
            continue
        root = span.root
        if texts[start] == "The":
            pass  # "the editors of The Advocate", "The Intercept reported"
        elif not _carried_or_staffed(root, {"of"}) \
                or any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in root.children):
            continue  # (not "an investigation by a Special Prosecutor")
        found[start] = SpacySpan(doc, start, end, label="ORG")
        covered = end
    if _OUTLET_MISLABELS.isdisjoint(ents):
        return [found[i] for i in sorted(found)]
    for ent in doc.ents:
        # "a report in the Marlow Beacon" tagged as a building: an outlet where it stands
        if ent.label_ in _OUTLET_MISLABELS and _names_an_outlet(ent.root):
            found[ent.start] = SpacySpan(doc, ent.start, ent.end, label="ORG")
    return [found[i] for i in sorted(found)]


_PROPER_TAGS = frozenset({"NNP", "NNPS"})
#: A word of two or more capitalised parts that is no surname with a prefix ("McConnell",
#: "DeSantis", "LeBron", "MacArthur").
_CAMEL_NAME = re.compile(r"(?!(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|St)[A-Z])[A-Z][a-z]+(?:[A-Z][a-z]+)+")
#: What a name set before it says someone made or ran ("the RealClearPolitics polling average").
_CARRIER_HEADS = _CARRIED_BY_HEADS | {"average", "tracker", "index", "forecast", "estimate", "data", "model"}


def _modifies_carrier(tok: Token) -> bool:
    """Whether a word is a compound modifier, directly or through other compounds, of a report,
    poll or the like ("the RealClearPolitics polling average")."""
    for _ in range(3):
        if tok.dep_ != "compound" or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.lemma_.lower() in _CARRIER_HEADS or tok.lower_ in _CARRIER_HEADS:  # ("average" may be tagged ADJ)
            return True
    return False


#: Labels the recogniser gives outlets' names by mistake ("the Marlow Beacon" as a building).
_OUTLET_MISLABELS = frozenset({"FAC", "WORK_OF_ART", "PRODUCT"})


#: Nouns for outlets, to which a name set in apposition belongs ("the local newspaper, The …").
OUTLET_NOUNS = frozenset({"newspaper", "paper", "outlet", "magazine", "publication", "website",
                          "site", "network", "broadcaster", "station", "daily", "weekly", "tabloid"})


def _names_an_outlet(root: Token) -> bool:
    """Whether the name headed by ``root`` is said to be an outlet where it stands: what a report
    ran in or was made by, whose editors or reporters these are, or in apposition with a noun for
    an outlet."""
    if _carried_or_staffed(root, {"of", "at", "for"}):
        return True
    if root.dep_ == "appos" and root.head.lemma_.lower() in OUTLET_NOUNS:
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in OUTLET_NOUNS for c in root.children)


def _carried_or_staffed(root: Token, staff_preps: Collection[str]) -> bool:
    """Whether the name headed by ``root`` is what a report ran in, came from or was made by
    ("a report in the Argus Leader"), or, after one of ``staff_preps``, whose editors, reporters
    or staff these are ("the editors of The Advocate")."""
    head = root.head
    if root.dep_ != "pobj" or head.dep_ != "prep" or head.head.pos_ != "NOUN":
        return False
    noun = head.head
    return (head.lower_ in {"by", "in", "from"} and noun.lemma_.lower() in _CARRIED_BY_HEADS) or (
        head.lower_ in staff_preps and noun.lower_ in _STAFF_OF_HEADS)


def _in_running_text(span: SpacySpan) -> bool:
    """Whether a capitalised span reads as a name in running text: not after a colon or a
    quotation mark (where "The" starts a quotation), in a sentence mostly of lower-case words
    (title-cased headlines and credits capitalise every word)."""
    doc = span.doc
    before = doc[span.start - 1] if span.start else None
    if before is None or before.text in {":", "(", "—", "–"} or before.is_quote:
        return False
    sent = span.sent
    texts = token_table(doc).text
    words = [w for w in texts[sent.start:span.start] + texts[span.end:sent.end] if w.isalpha()]
    lower = sum(w[:1].islower() for w in words)
    return len(words) >= 4 and lower >= 0.6 * len(words)


def _organisation_tagged_person(ent: SpacySpan) -> bool:
    """A name the recogniser took for a person's that ends as only organisations' names do
    ("The Grafton Gazette", "Halden University")."""
    return _person_tag_ending_in(ent, _ORG_ONLY_LAST_WORDS)


#: Last words of places' names that are no one's surname often enough to matter ("Lake", "Park",
#: "Lane" and "Hall" are, and stay out).
_PLACE_LAST_WORDS = {"street", "st.", "avenue", "ave.", "boulevard", "blvd.", "road", "rd.", "square",
                     "plaza", "highway", "county", "bridge"}


def _place_tagged_person(ent: SpacySpan) -> bool:
    """A name the recogniser took for a person's that ends as a street's or a county's does
    ("Hermenegildo Galeana Street", "Orange County")."""
    return _person_tag_ending_in(ent, _PLACE_LAST_WORDS)


#: ", Ga." or ", Oregon" after a name: a town and its state
_STATE_AFTER = re.compile(
    r",\s+(?:(?:" + "|".join(sorted((n.title() for n in lex.US_STATES), key=len, reverse=True)) + r")\b|(?:"
    + "|".join(sorted((a.capitalize() for a in lex.STATE_ABBREVIATIONS), key=len, reverse=True))
    + r")\.)"
)


def _places_by_state(doc: Doc) -> set[str]:
    """Names the text writes as a town of a state somewhere ("Marlton, Ga.") and the recogniser
    takes for a place at least as often as for a person: a person tag of such a name elsewhere
    ("Marlton became his home") is a slip. (A person's name before a state, "Dana Whitfield, Georgia",
    is tagged a person every time.)"""
    labels: dict[str, list[int]] = {}
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "GPE", "LOC"):
            counts = labels.setdefault(ent.text, [0, 0])
            counts[ent.label_ == "PERSON"] += 1
    text = doc_text(doc)
    return {
        name for name, (places, people) in labels.items()
        if people and places >= people and any(
            _STATE_AFTER.match(text, m.end()) for m in re.finditer(re.escape(name), text))
    }


def _person_tag_ending_in(ent: SpacySpan, last_words: Collection[str]) -> bool:
    """Whether a PERSON name of two words or more ends in a capitalised one of ``last_words``."""
    if ent.label_ != "PERSON" or len(ent) < 2:
        return False  # (asked of every name, many times: the cheap tests first)
    words = [t for t in ent if not t.is_punct]
    return len(words) >= 2 and words[-1].lower_ in last_words and words[-1].text[:1].isupper()


def _person_by_honorific(ent: SpacySpan) -> bool:
    """Whether a name the recogniser took for an organisation follows an honorific that tells a
    gender ("Mr MacFarlane said", "Ms. Ortiz"): only people carry one ("Dr" also heads brands)."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return (
        ent.label_ in _ORG_LABELS and before is not None
        and name_words.HONORIFIC_GENDER.get(before.lower_.rstrip(".")) is not None
        and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in ent)
    )


def _person_by_apposition(ent: SpacySpan) -> bool:
    """Whether a name the recogniser took for an organisation reads as a person's: two or three
    capitalised words after a title or set in apposition with a noun only people are ("Governor
    Tess Harlan", "Her deputy, Tunde Bello", "Femi Ade, the minister's spokesman")."""
    words = [t for t in ent if not _inner_hyphen(t)]
    hyphens = len(ent) - len(words)  # "Eide-Sund" is one word of a name
    if ent.label_ not in _ORG_LABELS or not 2 <= len(words) - hyphens <= 3:
        return False
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.text.isalpha()
               and t.lower_ not in _ORG_NAME_WORDS for t in words):
        return False
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.text[:1].isupper() and (
            lex.head_classes(before.text) or before.lower_ in _ROLE_PREFIXES):
        return True  # "Governor Tess Harlan": a title only people carry
    root = ent.root
    nouns = [c for c in root.children if c.dep_ == "appos" and c.i >= ent.end and c.pos_ == "NOUN"]
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ == "NOUN":
        nouns.append(root.head)
    for noun in nouns:
        if any(c.dep_ == "poss" and c.lower_ == "its" for c in noun.children):
            continue  # "its chief, …" may still be a person, but "its rival" is a body
        if noun.lemma_.lower() in _PERSON_NOUNS or lex.role_classes(noun.text):
            return True
    return False


#: Words of a company's name that its acronym leaves out ("PG&E": Pacific Gas & Electric Co.).
_CORPORATE_SUFFIXES = frozenset({"co", "corp", "inc", "ltd", "llc", "plc", "lp"})
#: Words after a company's own name that a text drops when it names it again ("Brightwell
#: [Systems]", "Varlo [Pharma]").
_COMPANY_NAME_TAILS = _CORPORATE_SUFFIXES | {
    "systems", "technologies", "technology", "pharma", "pharmaceuticals", "motors", "group",
    "holdings", "corporation", "company", "industries", "airlines", "airways", "energy", "capital",
    "partners", "labs", "laboratories", "international", "biologics", "robotics", "insurance",
    "securities", "media", "networks", "brands", "foods",
}

#: Small words an organisation's name capitalises inside it ("Doctors Without Borders").
_NAME_LINKS = frozenset({"Without", "For", "Of", "Against", "Across", "And", "&", "In", "On", "To"})


def _with_name_start(ent: SpacySpan) -> SpacySpan:
    """An organisation's name the recogniser began late ("Borders" of "Doctors Without
    Borders"): it runs back over capitalised words joined by a capitalised small word."""
    doc, start = ent.doc, ent.start
    while start >= 2 and doc[start - 1].text in _NAME_LINKS and doc[start - 2].is_alpha \
            and doc[start - 2].text[:1].isupper() and doc[start - 2].whitespace_ \
            and doc[start - 2].ent_type_ in {"", "ORG"}:
        start -= 2
    return doc[start:ent.end] if start != ent.start else ent


#: Last words of organisations' names that are also titles ("the Argus Leader").
_NAME_END_WORDS = _ORG_ONLY_LAST_WORDS | frozenset(lex.ORG_STANDINS["newspaper"]) | {"leader", "ledger"}


def _with_name_end(ent: SpacySpan) -> SpacySpan:
    """An organisation's name the recogniser ended early ("the Marsh Falls Argus" of "the Marsh
    Falls Argus Leader"): it runs on over the capitalised proper nouns its words modify, outside
    any other name."""
    doc, end = ent.doc, ent.end
    while end < len(doc) and end - ent.start < 8:
        nxt = doc[end]
        if nxt.tag_ not in {"NNP", "NNPS"} or not nxt.text[:1].isupper() or nxt.ent_type_ \
                or nxt.is_sent_start or not doc[end - 1].whitespace_:
            break
        if nxt.lower_ not in _NAME_END_WORDS and (nxt.lower_ in name_words.TITLES or lex.head_classes(nxt.text)
                                                  or nxt.lower_ in lex.ENTOURAGE_HEADS):
            break  # "InfoNation President Dan McDowell", "FBI Director": a title, not the name
        if doc[end - 1].head.i != nxt.i or doc[end - 1].dep_ != "compound":
            break
        end += 1
    return doc[ent.start:end] if end != ent.end else ent


#: Last words that make a name an organisation's, though the recogniser ends the name before
#: them ("Zephyr Polling", with "Zephyr" taken for a place).
_ORG_TAIL_WORDS = _ORG_ONLY_LAST_WORDS | {"polling", "research", "strategies", "analytics", "consulting", "insights"}


def _named_by_its_tail(ent: SpacySpan) -> bool:
    """Whether a name the recogniser took for a place, a person or a people runs on, over
    capitalised words it missed, into a word only organisations' names end with ("Zephyr
    Polling")."""
    if ent.label_ not in {"GPE", "LOC", "NORP", "FAC", "PERSON"}:
        return False
    longer = _with_name_end(ent)
    return longer.end > ent.end and longer[-1].lower_ in _ORG_TAIL_WORDS


def _capitalised_common_plural(ent: SpacySpan, text: str) -> bool:
    """A plural common noun the recogniser took for an organisation only because it opens a
    sentence ("Neighbours said …", "Farmers near Oddsund said …"): the name's first word and
    its head, tagged a plural common noun, capitalised nowhere else in the article."""
    tok = ent[0]
    if ent.root.i != tok.i or len(ent) > 1 and not ent[1].text.islower():
        return False  # ("Doctors Without Borders" is a name)
    word = tok.text
    if tok.tag_ != "NNS" or not tok.is_sent_start or not word[:1].isupper() or not word[1:].islower():
        return False
    return not any(_mid_sentence(text, m.start())
                   for m in re.finditer(r"\b" + re.escape(word) + r"\b", text) if m.start() != tok.idx)


def _mid_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` follows another word of its sentence (not a full stop,
    quotation mark or line break)."""
    i = at
    while i > 0 and text[i - 1] in " \t":  # (no copy of the text before it)
        i -= 1
    return i > 0 and text[i - 1] not in ".!?\n\"“‘'([—-:"


def _inner_hyphen(tok: Token) -> bool:
    """A hyphen written inside a word, no space on either side ("Eide-Sund")."""
    return tok.text == "-" and 0 < tok.i < len(tok.doc) - 1 and not tok.whitespace_ \
        and not tok.nbor(-1).whitespace_


def _headline_name_start(words: list[str], ent: SpacySpan, body: str) -> list[str]:
    """A title-cased headline's name run on into the words after it ("Clinton Needs To Quit"
    tagged "Clinton Needs"): when the body never writes the whole name but writes its start,
    and each word after that start is a common word (tagged a verb or a function word, or
    written in lower case in the body), the name is that start."""
    if len(words) < 2 or " ".join(words) in body:
        return words
    lower_words = set(re.findall(r"[a-z]+", body))
    common = {t.text for t in ent if t.pos_ in _NOT_NAME_POS or t.lower_ in lower_words}
    for i in range(len(words) - 1, 0, -1):
        if " ".join(words[:i]) in body and all(w in common for w in words[i:]):
            return words[:i]
    return words


_NOT_NAME_POS = frozenset({"VERB", "AUX", "ADP", "ADV", "PRON", "DET", "CCONJ", "SCONJ", "PART"})


#: Words that end a name the recogniser ran on into a title-cased headline's verb.
_HEADLINE_BREAKS = frozenset({
    "says", "said", "tells", "told", "claims", "warns", "slams", "blasts", "urges", "vows",
    "denies", "admits", "insists", "he", "she", "they", "we", "it", "his", "her",
})
#: Role nouns the recogniser glues to the name after them ("Striker Leo Marsh", "Manager Sam
#: Okoro"); none of them is a given name.
_ROLE_PREFIXES = _OCCUPATIONS | frozenset({
    "defender", "midfielder", "winger", "quarterback", "pitcher", "captain", "skipper", "rapper",
    "novelist", "veteran", "rookie", "spokesman", "spokeswoman", "spokesperson", "lawyer",
    "superintendent", "sheriff", "inspector", "detective", "sergeant", "constable", "colonel",
    "lieutenant", "commander", "councillor", "councilman", "councilwoman", "alderman",
    "prosecutor", "treasurer", "auditor", "trustee", "provost", "pastor", "rabbi", "bishop",
    "archbishop",
})


def _clean_name(ent: SpacySpan) -> tuple[list[str], str | None]:
    """Name words of a PERSON entity, without brackets, possessives, honorifics and titles."""
    words: list[str] = []
    honorific = None
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_ in name_words.HONORIFICS:
        honorific = prev.text
    joined = False
    for tok in ent:
        text = tok.text.strip("[]()")
        if tok.text == "-" and words and not tok.whitespace_ and tok.i > ent.start and \
                not tok.nbor(-1).whitespace_:
            words[-1] += "-"
            joined = True
            continue
        if not text or tok.text in _POSSESSIVE or tok.is_punct:
            continue
        low = text.lower()
        if not words and low in name_words.HONORIFICS:
            honorific = text
            continue
        if not words and (low in name_words.TITLE_ABBREVIATIONS or lex.head_classes(low)
                          or (low in _ROLE_PREFIXES and ent.end - tok.i >= 3)):
            continue
        if not _NAME_TOKEN.match(text):
            if words and joined and text.isalpha():
                words[-1] += text  # "Hau-yip": the lower-case part of a hyphenated name
                joined = False
                continue
            if words and low in _PARTICLES and tok.i + 1 < ent.end and (
                    ent.doc[tok.i + 1].text == "-" or _NAME_TOKEN.match(ent.doc[tok.i + 1].text)):
                words.append(text)  # "Ludwig van Beethoven", "Abu Bakr al-Baghdadi"
                continue
            if words:
                break  # "Putin’s de facto": stop at the first lower-case word
            continue
        if text.endswith(("’s", "'s")):
            text = text[:-2]
        text = text if not text.isupper() or len(text) <= 3 else text.title()
        if words and joined:
            words[-1] += text  # "Holtz-Eakin" is one name
        else:
            words.append(text)
        joined = False
    return words, honorific


def _name_extent(ent: SpacySpan) -> tuple[int, int]:
    toks = [t for t in ent if t.text not in _POSSESSIVE and not t.is_punct]
    if not toks:
        return ent.start_char, ent.end_char
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _attached_within(tok: Token, root: Token, end: int) -> bool:
    """Whether ``tok`` modifies the name (its head chain reaches the name before leaving it)."""
    cur = tok
    for _ in range(6):
        if cur.dep_ not in _PREMOD_DEPS:
            return False
        head = cur.head
        if head.i <= cur.i:
            return False
        if head.i == root.i or (head.i < end and head.i >= tok.i and head.ent_type_ == "PERSON"):
            return True
        cur = head
    return False


def _add_role_checked(info: EntityInfo, role: str) -> None:
    """Keep an apposition as a role only when it reads like one (a role word, party, country)."""
    if lex.role_classes(role) or lex.parties(role) or lex.nationalities(role) or any(
        w in role.lower().split() for w in ("former", "head", "director", "member", "founder")
    ):
        info.add_role(role)


def _phrase(tok: Token, skip: set[int]) -> str:
    """A role phrase headed by ``tok``, without its determiner, clauses or trailing commas."""
    subtree = list(tok.subtree)
    inside = {x.i for x in subtree}
    keep = [t for t in subtree
            if t.i not in skip and t.dep_ not in {"relcl", "acl", "punct"}
            and not any(a.dep_ in {"relcl", "acl"} and a.i != tok.i for a in t.ancestors
                        if a.i in inside)]
    if keep and keep[0].dep_ == "det":
        keep = keep[1:]
    text = " ".join(t.text for t in keep[:12])
    return text.replace(" ’s", "’s").replace(" 's", "'s")


def _org_name(ent: SpacySpan, text: str) -> str:
    toks = [t for t in ent if t.text not in _POSSESSIVE]
    if not toks:
        return ""
    text = text[toks[0].idx:toks[-1].idx + len(toks[-1].text)].strip()
    last = toks[-1].text.lower()
    if text.lower().startswith("the ") and last not in _NEWSPAPER_WORDS:
        text = text[4:]
    elif text.startswith("the "):
        text = "The " + text[4:]
    return text.strip(" ,.")


@functools.lru_cache(maxsize=8192)  # asked again each time an entity is filed anew
def _org_key(name: str) -> str:
    key = name.lower().strip()
    key = key[4:] if key.startswith("the ") else key
    return re.sub(r"\s+", " ", key.replace("’", "'"))


#: An organisation's name written as an acronym: three to six capitals ("PG&E" too).
_ACRONYM = re.compile(r"[A-Z](?:&?[A-Z]){2,5}")


def _acronym_key(key: str) -> str:
    """An organisation key as an acronym is compared: without dots, spaces and ampersands."""
    return re.sub(r"[.\s&]", "", key)


#: A run of capitalised words, small joining words allowed inside ("Bank of New York").
_CAPITALISED_RUN = re.compile(
    r"(?<![\w’'])[A-Z][\w’'&-]*(?:\s+(?:(?:of|and|for|on|the|de)\s+)?[A-Z][\w’'&-]*)+")


def _spelled_out_in(acronym: str, text: str, headline: int = 0) -> str | None:
    """The words of ``text`` (after the headline) whose capitals spell ``acronym``, the last
    ones before its first use, else the first after it; ``None`` when no run of capitalised
    words spells it."""
    start = max(headline, 0)  # -1: no title-cased headline (a negative start would search the end only)
    first = text.find(acronym, start)
    acronym = acronym.replace("&", "")
    best: str | None = None
    for m in _CAPITALISED_RUN.finditer(text, start):
        words = m.group().split()
        caps = [i for i, w in enumerate(words) if w[:1].isupper()]
        # the run may hold more than the name: "Monday The Real Deal" spells TRD at its end
        if len(caps) < len(acronym) or "".join(words[i][0] for i in caps[-len(acronym):]) != acronym:
            continue
        spelled = " ".join(words[caps[-len(acronym)]:])
        if m.start() < first or best is None:
            best = spelled
        if m.start() >= first:
            break
    return best


#: A company's last word that its acronym may leave out or keep: "General Motors Corporation" is
#: GM, "British Broadcasting Corporation" BBC.
_ACRONYM_MAY_DROP = _CORPORATE_SUFFIXES | {"corporation", "company", "incorporated", "limited"}


@functools.lru_cache(maxsize=8192)
def _acronyms_of(name: str) -> frozenset[str]:
    """Initials of the capitalised words ("federal Securities and Exchange Commission" → sec),
    also without a company's last word ("General Motors Corporation" → gmc and gm); none for a
    name of one word."""
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper()]
    out = {"".join(w[0] for w in words).lower()} if len(words) >= 2 else set()
    if len(words) > 2 and words[-1].lower() in _ACRONYM_MAY_DROP:
        out.add("".join(w[0] for w in words[:-1]).lower())
    return frozenset(out)


def _spells(acronym: str, name: str) -> bool:
    """Whether ``acronym`` is the initials of ``name``'s capitalised words in order, each
    perhaps followed by more of that word's letters ("SIA": Singapore Airlines, "FedEx": Federal
    Express), a company's last word perhaps left out."""
    letters = re.sub(r"[^a-z]", "", acronym.lower())
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper()]
    if len(words) < 2:
        return False

    def fits(i: int, j: int, ws: list[str]) -> bool:
        if j == len(ws):
            return i == len(letters)
        if i >= len(letters) or letters[i] != ws[j][0]:
            return False
        # the word's initial, then any of its later letters in order, then the next word
        rest, k = ws[j][1:], i + 1
        while True:
            if fits(k, j + 1, ws):
                return True
            if k >= len(letters):
                return False
            found = rest.find(letters[k])
            if found < 0:
                return False
            rest, k = rest[found + 1:], k + 1

    return fits(0, 0, words) or (
        len(words) > 2 and words[-1] in _ACRONYM_MAY_DROP and fits(0, 0, words[:-1]))


@functools.lru_cache(maxsize=8192)
def _acronym(key: str) -> str:
    words = [w for w in re.findall(r"[a-z]+", key) if w not in {"of", "and", "the", "for", "to"}]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""
