"""A learned choice among the candidate referents of each statement's source mention.

After the rules of :mod:`quotegraph.speakers.resolve` have run over an article, every attribution
with a source gets a list of candidates: each entity of the article (people, organisations, named
groups, documents' makers), *nobody* (an anonymous or generic source) and, for a source phrase
that is no pronoun, the phrase itself as a new organisation or group ("the US military", "Senate
Democrats"). Each candidate is described by binary features — whether the rules chose it, how
far back the article last mentioned it, whether it is named inside the source phrase or only in
the content, its kind, the source's form (pronoun, name, description, document, stand-in), gender
and number agreement, salience, the source's words among its roles and names, whether it made
the document, survey, finding or bill the source names ("the FBI data", "the report" after "X
released a report", "a poll … conducted by X"), whether its name expands an acronym in the source
("WSJ") or holds the source's name and more; for the phrase itself, whether it reads as a name
(capitalised, a named organisation head: "Democrats", "the Afghan government") — crossed with the
source's form, and a linear model scores them; the best-scoring candidate is the speaker, at its
fullest (:func:`chosen_entity`: the group a plural source names, an abbreviation's expansion).

The weights are learned by :mod:`quotegraph.training.speakers` (a conditional logit over each
source's candidates) and shipped as ``data/referent_model.json``: feature names and numbers only.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotegraph.models import Attribution, Span
from quotegraph.nlp.tokens import token_table
from quotegraph.speakers import descriptions as lex
from quotegraph.speakers.base import ORG_VOICE_HEADS, POSSESSIVES
from quotegraph.speakers.entities import title_line_end
from quotegraph.speakers.pronouns import FEMALE, FIRST_PERSON, MALE, NEUTER, PLURAL, RELATIVE

if TYPE_CHECKING:
    from quotegraph.speakers.resolve import _Resolver

MODEL_FILE = Path(__file__).parent / "data" / "referent_model.json"
NOBODY = -1  # the candidate "nobody" (an anonymous or generic source)
SURFACE = -2  # the candidate "the source phrase itself names a new organisation or group"
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_FUNCTION_WORDS = _DETERMINERS | {"of", "and", "for", "s"}
_POSSESSIVE_PRONOUNS = {"his", "her", "its", "their", "my", "our", "your"}
#: Heads of descriptions of a body that may stand for one person: "his campaign said".
_PERSONAL_BODIES = frozenset({"campaign", "office", "panel", "group", "team", "camp", "administration",
                              "white house"})
#: heads of numbers and findings someone publishes ("the FBI data", "the polling average")
FINDING_HEADS = frozenset({
    "data", "average", "averages", "research", "results", "result", "polling", "figures",
    "numbers", "statistics", "estimate", "estimates", "findings", "finding", "review",
    "investigation", "index", "list", "ranking", "rankings", "tally", "count", "projection",
    "projections", "forecast", "paper", "census", "audit", "calculation", "calculations",
    "tracker", "model", "tabulation",
})  # fmt: skip
#: heads of texts a sponsor puts forward ("the legislation", "the proposal")
BILL_HEADS = frozenset({
    "bill", "legislation", "proposal", "measure", "act", "plan", "amendment", "law",
    "agreement", "resolution", "platform", "accord", "deal", "initiative",
})  # fmt: skip
#: verbs whose subject (or "by" agent) made the document or findings the article goes on to cite
MAKING_VERBS = frozenset({
    "report", "release", "publish", "issue", "conduct", "commission", "unveil", "announce",
    "introduce", "sponsor", "write", "author", "produce", "compile", "find", "post", "send",
    "put", "file", "run", "air", "launch", "propose", "draft", "direct", "pen", "tweet",
})  # fmt: skip
_DOC_HDS = frozenset({"hd=doc", "hd=survey", "hd=finding", "hd=bill"})
_DOC_LIKE = lex.DOCUMENT_HEADS | lex.SURVEY_HEADS | FINDING_HEADS | BILL_HEADS
#: heads that make a phrase an organisation's or group's own name ("the Afghan government")
_ORG_NOUNS = frozenset(lex.ORG_STANDINS) | {
    "government", "military", "authority", "authorities", "ministry", "army", "navy", "police",
    "administration", "team", "board", "office", "firm", "campaign", "party", "regime",
    "embassy", "parliament", "congress", "senate", "court", "delegation", "caucus", "union",
}  # fmt: skip
#: heads that describe an organisation by its type ("the German automaker", "the utility",
#: "the conservative publication"): a description of an organisation the article named before
ORG_TYPE_HEADS = frozenset({
    "automaker", "carmaker", "company", "firm", "utility", "publication", "outlet", "magazine",
    "newspaper", "paper", "network", "broadcaster", "website", "site", "retailer", "airline",
    "insurer", "manufacturer", "maker", "startup", "giant", "chain", "lender", "bank",
    "exchange", "operator", "provider", "developer", "publisher", "studio", "label", "club",
    "league", "federation", "association", "organization", "organisation", "group",
    "foundation", "charity", "institute", "university", "college", "school", "hospital",
    "agency", "ministry", "department", "regulator", "watchdog", "commission", "committee",
    "council", "board", "panel", "court", "tribunal", "government", "administration", "party",
    "campaign", "office", "authority", "authorities", "bureau", "service", "union", "center",
    "centre", "lab", "laboratory", "tank", "nonprofit", "coalition", "alliance",
    "conglomerate", "corporation", "business", "brand", "team", "management", "leadership",
})  # fmt: skip
_COUNTS = {"two": 2, "both": 2, "pair": 2, "three": 3, "trio": 3, "four": 4, "five": 5}
_NAME_SMALL = frozenset({"the", "of", "and", "for", "a", "an", "s"})
_MAKER_SENTS = 6  # sentences looked back for a document's maker
_FAR = 12  # sentences since an entity's last mention beyond which it is no candidate …
_SALIENT = 4  # … unless the article names it at least this often
# sentences back within which a salient entity stays a candidate: without a bound, every
# entity named four times anywhere before is scored for every source, and a long text costs
# the square of its length. A hundred sentences is several ordinary articles (PolNeAR train:
# a median of 28): there the bound drops 613 of 35,617 candidates, in 3 of the 5 articles
# longer than it (146-335 sentences), none of them the shipped ranker's pick.
_WINDOW = 100
_RANK_PAST, _KIND_RANK_PAST = 6, 4  # ranks past the last bucket (5+, 3+) of each


@dataclass(slots=True)
class Candidate:
    """One possible referent of a source mention.

    Its features are its own (``base``), the source's (``source``) and each own feature
    crossed with the candidate's kind and the source's form (:func:`crossed`).

    Attributes:
        entity: the article entity's index, :data:`NOBODY`, or :data:`SURFACE`.
        name: the name the speaker would get (``None`` for nobody).
        base: the candidate's own feature names.
        context: (candidate kind, source form, source head class, pronoun or ``""``).
        source: the source mention's feature names.
        surface: for :data:`SURFACE`, the character range of the phrase that names it.
    """

    entity: int
    name: str | None
    base: tuple[str, ...]
    context: tuple[str, str, str, str]
    source: tuple[str, ...] = ()
    surface: tuple[int, int] | None = None

    @property
    def features(self) -> list[str]:
        """Every feature name of the candidate (what the model weighs)."""
        ck, st, hd, pron = self.context
        feats = [*self.base, *self.source, ck, ck + "|" + st, ck + "|" + hd]
        # the source's own features count only crossed with the candidate's kind (alone they
        # are the same for every candidate of the source)
        feats.extend(f + "|" + ck for f in self.source if not f.startswith(("st=", "hd=")))
        for f in self.base:
            feats.extend(crossed(f, self.context))
        return feats


def _typed_body(name: str) -> bool:
    """Whether an organisation's name ends with the kind of body it is ("Ortiz campaign",
    "Senate Ethics Committee"), which a stand-in of another kind does not name."""
    words = name.lower().split()
    return bool(words) and words[-1] in lex.ORG_STANDINS


def crossed(f: str, context: tuple[str, str, str, str]) -> list[str]:
    """A candidate feature crossed with the candidate's kind and the source's form."""
    if f == "rule":
        return []  # crossed, the rules' choice overfits the folds (CV on train)
    ck, st, hd, pron = context
    out = [f + "|" + st, f + "|" + ck, f + "|" + hd, f + "|" + st + "|" + ck, f + "|" + hd + "|" + ck]
    if pron:
        out.append(f + "|" + pron)
    return out


@dataclass(slots=True)
class ReferentModel:
    """Feature weights of the ranker (a linear score per candidate)."""

    weights: dict[str, float]
    meta: dict[str, Any] = field(default_factory=dict)

    # per context, per feature: hashing the context tuple once per candidate, not per feature
    _memo: dict[tuple[str, str, str, str], dict[str, float]] = field(default_factory=dict, repr=False)
    _source_memo: dict[tuple[tuple[str, ...], str], float] = field(default_factory=dict, repr=False)

    def score(self, features: Sequence[str]) -> float:
        """The score of a list of features: the sum of their weights."""
        w = self.weights
        return sum(w.get(f, 0.0) for f in features)

    def score_candidate(self, c: Candidate) -> float:
        """A candidate's score (:meth:`score` of its features, with the crossed weights of each
        own feature in a context looked up once per model)."""
        w = self.weights
        memo = self._memo.get(c.context)
        if memo is None:
            memo = self._memo[c.context] = {}
        ck, st, hd, _pron = c.context
        total = w.get(ck, 0.0) + w.get(ck + "|" + st, 0.0) + w.get(ck + "|" + hd, 0.0)
        skey = (c.source, ck)
        source_part = self._source_memo.get(skey)
        if source_part is None:
            source_part = self._source_memo[skey] = sum(
                w.get(f, 0.0) + (0.0 if f.startswith(("st=", "hd=")) else w.get(f + "|" + ck, 0.0))
                for f in c.source)
        total += source_part
        for f in c.base:
            part = memo.get(f)
            if part is None:
                part = memo[f] = w.get(f, 0.0) + sum(w.get(x, 0.0) for x in crossed(f, c.context))
            total += part
        return total

    def best(self, candidates: Sequence[Candidate]) -> int:
        """The position of the best-scoring candidate (the earlier one on a tie). A person whose
        gender the text shows is never "he" or "she" of the other gender, however the weights
        add up (unless no candidate fits); a document a possessive pronoun gives its owner ("her
        post") is that owner's."""
        scores = [self.score_candidate(c) for c in candidates]
        fitting = [i for i, c in enumerate(candidates) if "owner" in c.base] or [
            i for i, c in enumerate(candidates) if "gender=bad" not in c.base] or range(len(scores))
        return max(fitting, key=lambda i: (scores[i], -i))

    def to_json(self) -> dict[str, Any]:
        """The model as a JSON-ready dict."""
        return {"meta": self.meta, "weights": {k: round(v, 5) for k, v in sorted(self.weights.items())}}


def save_model(model: ReferentModel, path: str | Path) -> Path:
    """Write the model to ``path`` (a ``.json`` file or a folder for ``referent_model.json``)."""
    out = Path(path)
    if out.suffix != ".json":
        out.mkdir(parents=True, exist_ok=True)
        out = out / MODEL_FILE.name
    out.write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return out


def read_model(path: str | Path) -> ReferentModel:
    """Read a model written by :func:`save_model` (a file or the folder holding it)."""
    file = Path(path)
    if file.is_dir():
        file = file / MODEL_FILE.name
    data = json.loads(file.read_text(encoding="utf-8"))
    return ReferentModel({str(k): float(v) for k, v in data["weights"].items()}, dict(data.get("meta", {})))


@lru_cache(maxsize=1)
def shipped_model() -> ReferentModel | None:
    """The ranker shipped with the package (``None`` if the file is absent)."""
    return read_model(MODEL_FILE) if MODEL_FILE.is_file() else None


def counted_group(candidates: Sequence[Candidate]) -> Candidate | None:
    """The rules' group for a counted source that holds exactly as many people as the source
    counts ("the two lawmakers" → the two representatives named together), which the ranker
    keeps whatever it scores: of 24 counted sources in its training data the rules read one as
    such a group, too few to learn from (the ranker's weights put nobody first)."""
    return next((c for c in candidates if "rule" in c.base and "num=count" in c.base), None)


def chosen_entity(entities: Sequence[Any], candidates: Sequence[Candidate], pick: Candidate) -> int:
    """The entity a picked candidate stands for, at its fullest: the group the rules read in
    a plural source rather than one of its members ("the two governors" → both, where the
    metric would also accept one), and an abbreviation's expansion (:func:`fuller_name`)."""
    ent = pick.entity
    if "member_of_rule" in pick.base and ("plural" in pick.source or pick.context[3] == "they"):
        ent = next((c.entity for c in candidates if "rule" in c.base and c.entity >= 0), ent)
    return fuller_name(entities, ent)


def fuller_name(entities: Sequence[Any], ent: int) -> int:
    """The entity whose name an organisation's short name abbreviates, when the article names
    exactly one ("VW" → Volkswagen, "WSJ" → The Wall Street Journal); else ``ent`` itself.

    A speaker gets the fullest name the article gives; the ranker rarely sees an abbreviation
    beside its expansion, so this is decided here rather than learned.
    """
    if entities[ent].kind == "organization":
        # "Edmunds" → Edmunds.com, "the U.S. Attorney's Office" → … for the Western District of
        # New York: the one longer name of the article that is this one and a suffix of a domain,
        # a legal form or a "for / of the …" that narrows it
        name = entities[ent].name.replace("’", "'").rstrip(".")
        longer = [i for i, info in enumerate(entities) if i != ent and info.kind == "organization"
                  and not info.members and _NARROWED.fullmatch(info.name.replace("’", "'")[len(name):] or "")
                  and info.name.replace("’", "'").startswith(name)]
        if len(longer) == 1:
            return longer[0]
    short = entities[ent].name.replace(".", "")
    if entities[ent].kind != "organization" or not (2 <= len(short) <= 6 and short.isalpha()
                                                    and short.isupper()):
        return ent
    low = short.lower()
    found = []
    for i, info in enumerate(entities):
        if i == ent or info.kind != "organization" or info.members:
            continue
        words = [w for w in re.findall(r"[a-z0-9]+", info.name.lower()) if w not in _NAME_SMALL]
        letters = "".join(words)
        if len(letters) <= len(low) + 2 or low in words:
            continue
        # initials of several words, or the letters of one ("VW" in Volkswagen)
        if low == "".join(w[0] for w in words) or (len(words) == 1 and low[0] == letters[0]
                                                   and _subsequence(low, letters)):
            found.append(i)
    return found[0] if len(found) == 1 else ent


# what a fuller name of an organisation adds to its short one ("Edmunds" + ".com", "X" + " Inc.",
# "the U.S. Attorney's Office" + " for the Western District of New York")
_NARROWED = re.compile(r"\.(?:com|org|net|gov)|,? (?:Inc|Corp|Co|Ltd|LLC|L\.P|PLC)\.?|"
                       r" (?:for|of) the [A-Z][\w'.-]*(?: (?:of|and|for|[A-Z][\w'.-]*))*")


def _subsequence(short: str, long: str) -> bool:
    """Whether the letters of ``short`` appear in ``long`` in order."""
    it = iter(long)
    return all(ch in it for ch in short)


@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    """The words of a name that say which it is (not "the", "of", …), lower-cased."""
    return tuple(w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in _NAME_SMALL)


def _bucket(n: int, edges: Sequence[int]) -> str:
    """The first of the rising ``edges`` that ``n`` does not pass ("5+" past the last)."""
    i = bisect.bisect_left(edges, n)
    return str(edges[i]) if i < len(edges) else f"{edges[-1]}+"


class CandidateBuilder:
    """Candidates and their features for the sources of one resolved article.

    Built once per article after the rules ran (``resolver.run()``); the mention indexes it
    keeps make each source's candidates cost a walk over the mentions near the source (back to
    :data:`_WINDOW` sentences), not a pass over the entities or the text.
    """

    def __init__(self, resolver: _Resolver, rule_choice: Mapping[str, int | None]) -> None:
        self.res = resolver
        self.rule = dict(rule_choice)
        art = resolver.art
        self.starts: list[list[tuple[int, int, int, bool, bool, str]]] = [[] for _ in art.entities]
        for m in art.mentions:
            if m.entity is not None and m.entity < len(self.starts):
                self.starts[m.entity].append((m.start, m.end, m.sent, m.subject, m.in_quote, m.kind))
        for lst in self.starts:
            lst.sort()
        self.keys = [[m[0] for m in lst] for lst in self.starts]
        self._word_cache: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        counts = sorted(((len(s), i) for i, s in enumerate(self.starts)), reverse=True)
        self.top = counts[0][1] if counts else None
        self._made_cache: list[tuple[int, int, str, int]] | None = None
        self._starts_cache: frozenset[int] | None = None
        self._title_cache: int | None = None
        self.spoken: dict[int, list[int]] = {}  # entity → source starts the rules gave it
        for a in resolver.attributions:
            ent = self.rule.get(a.id)
            if ent is not None and a.source is not None:
                self.spoken.setdefault(ent, []).append(a.source.start)
        for starts in self.spoken.values():
            starts.sort()  # counted by bisection for each source
        # every entity mention as (start, entity, sentence) in start order, ties in falling entity
        # order (a walk back meets them in rising order, as a stable sort by recency ranks them),
        # for the scans that find the few entities near a source without a pass over all of them
        self.flat = sorted(((m[0], i, m[2]) for i, lst in enumerate(self.starts) for m in lst),
                           key=lambda m: (m[0], -m[1]))
        self.flat_keys = [m[0] for m in self.flat]
        # each entity's kind for the kind ranks, as the rules left it (the ranker's choices add
        # entities, they change no kind)
        self.kinds = ["group" if e.members else e.kind for e in art.entities]

    def _words(self, i: int) -> tuple[frozenset[str], frozenset[str]]:
        """The words of an entity's names and of its roles (cached: they do not change)."""
        found = self._word_cache.get(i)
        if found is None:
            info = self.res.art.entities[i]
            names = {w.lower() for w in info.words} | {
                w for alias in info.aliases for w in re.findall(r"[a-z]+", alias.lower())}
            roles = {w for r in info.roles for w in re.findall(r"[a-z]+", r.lower())}
            found = (frozenset(names - _FUNCTION_WORDS), frozenset(roles - _FUNCTION_WORDS))
            self._word_cache[i] = found
        return found

    def _prev(self, i: int, pos: int, content: Sequence[tuple[int, int]]) -> tuple[int, int, int, bool, bool, str] | None:
        """The entity's last mention before ``pos`` outside the statement's own content."""
        if i >= len(self.keys):
            return None
        mentions = self.starts[i]
        j = bisect.bisect_left(self.keys[i], pos) - 1
        while j >= 0:
            m = mentions[j]
            if not any(s <= m[0] < e for s, e in content):
                return m
            j -= 1
        return None

    def _next(self, i: int, pos: int) -> tuple[int, int, int, bool, bool, str] | None:
        """The entity's first mention at or after ``pos``."""
        if i >= len(self.keys):
            return None
        j = bisect.bisect_left(self.keys[i], pos)
        return self.starts[i][j] if j < len(self.starts[i]) else None

    def _any_in(self, i: int, lo: int, hi: int) -> bool:
        """Whether the entity has a mention starting in ``[lo, hi)``."""
        if i >= len(self.keys):
            return False
        keys = self.keys[i]
        j = bisect.bisect_left(keys, lo)
        return j < len(keys) and keys[j] < hi

    def _recency(self, pos: int, content: Sequence[tuple[int, int]], sent: int,
                 forced: set[int]) -> tuple[dict[int, int], dict[int, int], list[int]]:
        """How recently entities were mentioned before ``pos`` (outside the statement's own
        content), found by walking back over the mentions from ``pos``.

        Returns the recency rank of each entity met (1 = mentioned last; ties in entity order)
        and its rank among entities of its kind (a group counts as kind ``group``), and the
        entities met within :data:`_WINDOW` (at least :data:`_FAR`) sentences before ``sent``.
        The walk stops past the window once five entities are ranked and every entity of
        ``forced`` (those that are candidates wherever their last mention lies) is met or has
        three of its kind ahead of it: the features bucket the ranks at 5 and 3, so an entity
        not met gets rank :data:`_RANK_PAST` and kind rank :data:`_KIND_RANK_PAST`, which fall
        in the same buckets as their true ranks. The answers are those of ranking every entity
        by its last mention (:meth:`_prev`), the cost that of the mentions walked.
        """
        flat, kinds = self.flat, self.kinds
        rank: dict[int, int] = {}
        kind_rank: dict[int, int] = {}
        seen_kind: Counter[str] = Counter()
        near: list[int] = []
        horizon = sent - max(_WINDOW, _FAR)  # never closer than the entities always scored
        pending = set(forced)
        for j in range(bisect.bisect_left(self.flat_keys, pos) - 1, -1, -1):
            start, i, m_sent = flat[j]
            if m_sent < horizon and len(rank) >= 5 and all(seen_kind[kinds[p]] >= 3 for p in pending):
                break
            if i in rank or any(s <= start < e for s, e in content):
                continue
            rank[i] = len(rank) + 1
            seen_kind[kinds[i]] += 1
            kind_rank[i] = seen_kind[kinds[i]]
            pending.discard(i)
            if m_sent >= horizon:
                near.append(i)
        for i in pending:
            rank[i], kind_rank[i] = _RANK_PAST, _KIND_RANK_PAST
        return rank, kind_rank, near

    def _starting_in(self, lo: int, hi: int, last_sent: int | None = None) -> set[int]:
        """Entities with a mention starting in ``[lo, hi)``, or, with ``last_sent``, at or
        after ``lo`` up to the end of that sentence."""
        keys, flat = self.flat_keys, self.flat
        j = bisect.bisect_left(keys, lo)
        found: set[int] = set()
        while j < len(flat) and (keys[j] < hi if last_sent is None else flat[j][2] <= last_sent):
            found.add(flat[j][1])
            j += 1
        return found

    # -- makers, fuller names and the source's own name (features beyond the rules') -------------
    def _made(self) -> list[tuple[int, int, str, int]]:
        """What the article says someone made: each document, survey, finding or bill with the
        maker the text names on it (:meth:`_Resolver._maker`: "the FBI data", "a poll from X"),
        and the subject or "by" agent of each making verb ("X released …", "conducted by X"), as
        (offset, sentence, lemma, entity) in text order; built on the first document source."""
        if self._made_cache is not None:
            return self._made_cache
        res = self.res
        out: list[tuple[int, int, str, int]] = []
        table = token_table(res.doc)
        for i, tag in enumerate(table.pos):  # every token of the article: its columns, no Token
            if tag != "NOUN" and tag != "PROPN" and tag != "VERB":
                continue
            lemma = table.lemma[i].lower()
            if not (lemma in MAKING_VERBS if tag == "VERB" else lemma in _DOC_LIKE or table.lower[i] in _DOC_LIKE):
                continue
            tok = res.doc[i]
            ents: list[int | None] = []
            if tag != "VERB":
                ents.append(res._maker(tok))
            else:
                for child in tok.children:
                    if child.dep_ == "nsubj":
                        ents.append(res.art.mentions.entity_holding(child.idx))
                    elif child.dep_ == "agent":
                        ents.extend(res.art.mentions.entity_holding(x.idx) for x in child.subtree)
                lemma = "v:" + lemma
            for ent in ents:
                if ent is not None and not res._platform(ent):
                    out.append((tok.idx, res.art.sent_of(tok.idx), lemma, ent))
                    break
        self._made_cache = out
        return out

    def _maker_features(self, src: Span, lo: int, hi: int, head: Any, document: bool) -> dict[int, list[str]]:
        """Per entity, how it made the document a source names: on the source's own head
        ("Greenberg's research", "the FBI data", "a poll from X"), last or lately before it
        (the same kind of document or any), or right after it ("… conducted by X")."""
        res = self.res
        out: dict[int, list[str]] = {}
        own = res._maker(head) if head.pos_ == "NOUN" else None
        if own is not None and not res._platform(own):
            out.setdefault(own, []).append("src_maker")
            if document and any(t.dep_ == "poss" and t.lower_ in _POSSESSIVE_PRONOUNS for t in head.lefts):
                out[own].append("owner")  # "her Instagram post": hers, whatever the weights say
        if not document:
            return out
        sent = res.art.sent_of(src.start)
        lemma = head.lemma_.lower()
        kind = lex.document_kind(lemma)
        last = True
        for at, s, what, ent in reversed(self._made()):
            if at >= src.start or lo <= at < hi:
                continue
            if sent - s > _MAKER_SENTS:
                break
            feats = out.setdefault(ent, [])
            if last:
                feats.append("made_last")
                last = False
            if what == lemma or (kind is not None and lex.document_kind(what) == kind):
                feats.append("made_same")
            feats.append("made_near")
        made = self._made()
        # text order: from the first made thing at or after the source's end, while it lies in
        # the source's sentence or the next (a walk, not a pass over the whole article)
        for _at, s, _what, ent in itertools.islice(made, bisect.bisect_left(made, (hi,)), None):
            if s > sent + 1:
                break
            out.setdefault(ent, []).append("made_after")
        return {e: sorted(set(f)) for e, f in out.items()}

    def _extras(self, src: Span, span: Any, head: Any, lo: int, hi: int, hd: str,
                head_ent: int | None, among: Sequence[int],
                ) -> tuple[dict[int, list[str]], Callable[[str], list[str]]]:
        """Per entity, the features of a source's makers (:meth:`_maker_features`) and of number
        agreement with a plural source (for the entities ``among``, the candidates: scoring every
        entity of a long text for each source would be quadratic); and the judge of each
        candidate's name against the source's words (:meth:`_name_features`)."""
        if span is None or head is None:
            return {}, lambda _name: []
        extra = self._maker_features(src, lo, hi, head, hd in _DOC_HDS)
        toks = [t for t in span if not t.is_punct and t.text not in POSSESSIVES]
        caps = [t.text for t in toks if 2 <= len(t.text.replace(".", "")) <= 6
                and t.text.replace(".", "").isalpha() and t.text.replace(".", "").isupper()]
        src_names = frozenset(w for t in toks if t.text[:1].isupper()
                              for w in re.findall(r"[a-z0-9]+", t.lower_) if w not in _NAME_SMALL)
        head_names = None
        if head_ent is not None:
            head_names = frozenset(w for w in re.findall(r"[a-z0-9]+", self.res.art.entities[head_ent].name.lower())
                                   if w not in _NAME_SMALL)
        number = next((_COUNTS[t.lower_] for t in toks if t.lower_ in _COUNTS), None)
        sent = self.res.art.sent_of(src.start)
        # number agreement of a description ("the two governors", "the researchers"): one
        # person is no plural source's referent, a group may be
        plural = (number or 0) >= 2 or (head.tag_ == "NNS" and head.pos_ == "NOUN")
        for i in among:
            info = self.res.art.entities[i]
            if plural and (info.kind == "person" or info.members):
                extra.setdefault(i, []).append("num=ok" if info.members else "num=bad")
            if number is not None and len(info.members) == number:
                extra.setdefault(i, []).append("num=count")  # "the two lawmakers": a pair
            # a group the rules formed has no mention of its own before the source; its
            # members' mentions say whether it is in the story just now
            if info.members and all(p is not None and sent - p[2] <= 2 for p in (
                    self._prev(m, src.start, []) for m in info.members)):
                extra.setdefault(i, []).append("members_near")
        return extra, functools.partial(self._name_features, caps=caps, src_names=src_names,
                                         head_names=head_names)

    @staticmethod
    def _name_features(name: str, caps: Sequence[str], src_names: frozenset[str],
                       head_names: frozenset[str] | None) -> list[str]:
        """How a candidate's name relates to the source's words: an expansion of an acronym or
        abbreviation in it ("WSJ" → The Wall Street Journal, "VW" → Volkswagen), a name holding
        all the source's capitalised words and more ("NASA's Office" → NASA's Office of the
        Inspector General), or a fuller form of the name the source's head holds."""
        words = _name_words(name)
        if not words:
            return []
        feats: list[str] = []
        letters = "".join(words)
        for short in caps:
            low = short.lower().replace(".", "")
            if len(letters) <= len(low) + 1 or low == letters:
                continue
            if low == "".join(w[0] for w in words):
                feats.append("acronym_of_src")
            elif low[0] == letters[0] and _subsequence(low, letters):
                feats.append("abbrev_of_src")
        own = frozenset(words)
        if src_names and src_names < own:
            feats.append("covers_src")
        if head_names is not None and head_names and head_names < own:
            feats.append("fuller_than_head")
        return feats

    def _title_end(self) -> int:
        """Where a title-cased headline ends (0 without one)."""
        if self._title_cache is None:
            self._title_cache = max(title_line_end(self.res.text), 0)
        return self._title_cache

    def _sentence_starts(self) -> frozenset[int]:
        """The character offsets where the article's sentences start (built once)."""
        if self._starts_cache is None:
            self._starts_cache = frozenset(self.res.art.sent_starts)
        return self._starts_cache

    def _surface_features(self, span: Any) -> list[str]:
        """Features of the source phrase as a name of its own: capitalised ("Democrats",
        "Wealth-X"), a proper or organisation head ("the Afghan government"), named modifiers,
        a quantifier ("some Democrats"), its length."""
        toks = [t for t in span if not t.is_punct and t.text not in POSSESSIVES]
        kept = [t for t in toks if t.lower_ not in _DETERMINERS]
        if not kept:
            return []
        head = span.root
        # (a determiner or number of the head: "most" of "the most recent X average" or "31" of
        # "the 31-page agreement" quantify nothing)
        if any((t.lower_ in lex.INDEFINITE or t.like_num) and (t.head == head or t.dep_ == "det")
               for t in toks[:-1]):
            # "some Democrats", "at least one Democrat": a part of a group, never its name
            return ["s_quant"]
        feats = ["s_len=" + _bucket(len(kept), (1, 2, 3))]
        content = [t for t in kept if t.lower_ not in _FUNCTION_WORDS]
        # a capital that only opens the sentence ("Officials said") says nothing, nor one of a
        # title-cased headline, where every word has one ("Newspaper Says …")
        starts = self._sentence_starts()
        titled = span.start_char < self._title_end()
        caps = [t for t in content if t.text[:1].isupper() and (
            t.ent_type_ if titled else (t.idx not in starts or t.pos_ == "PROPN"))]
        if content and len(caps) == len(content):
            feats.append("s_caps")
        elif caps:
            feats.append("s_somecaps")
        if head.pos_ == "PROPN" and not (titled and not head.ent_type_):
            feats.append("s_propn")
        if head.ent_type_:
            feats.append("s_ner=" + head.ent_type_)
        if head.tag_ in {"NNS", "NNPS"}:
            feats.append("s_plural")
        if head.lemma_.lower() in _ORG_NOUNS or head.lower_ in _ORG_NOUNS:
            feats.append("s_org_head")
        if any(c.dep_ in {"compound", "amod", "nmod", "poss"} and (
                c.pos_ == "PROPN" or c.ent_type_ in {"NORP", "GPE", "ORG"}) for c in head.lefts):
            feats.append("s_named_mod")
            if "s_org_head" in feats:
                feats.append("s_named_org")  # "the Afghan government", "US military"
        if "s_caps" in feats and len(kept) > 1:
            feats.append("s_caps_multi")  # "Sioux Falls Argus Leader"
        return feats

    # -- the source ------------------------------------------------------------------------------
    def _source_form(self, a: Attribution) -> tuple[list[str], Span | None, tuple[str, int, int] | None]:
        """Features of the source mention alone, its trimmed extent, and the surface name."""
        res = self.res
        src = a.source
        assert src is not None
        words = re.findall(r"\w+", src.text.lower().replace("’", "'"))
        if len(words) == 2 and words[1] == "s":
            words = words[:1]
        feats: list[str] = []
        in_quote = res.art.in_quote(src.start, src.end)
        if in_quote:
            feats.append("q")
        headline_end = res.text.find("\n")
        if 0 <= src.start < headline_end:
            feats.append("hl")
        if len(words) == 1 and words[0] in FIRST_PERSON:
            return ["st=first", *feats, "w=" + words[0]], src, None
        if len(words) == 1 and words[0] in MALE | FEMALE | NEUTER | PLURAL:
            w = "he" if words[0] in MALE else "she" if words[0] in FEMALE else \
                "it" if words[0] in NEUTER else "they"
            return ["st=pron", f"pron={w}", *feats], src, None
        if len(words) == 1 and words[0] in RELATIVE:
            return ["st=rel", *feats], src, None
        span = res._source_tokens(src)
        if span is None:
            return ["st=empty", *feats], src, None
        trimmed = Span.of(res.text, span.start_char, span.end_char)
        head = span.root
        lemma = head.lemma_.lower()
        toks = [t for t in span if not t.is_punct and t.text not in POSSESSIVES]
        first = toks[0].lower_ if toks else ""
        names = [m for m in res.art.mentions.starting_in(trimmed.start, trimmed.end)
                 if m.kind == "name" and m.entity is not None and m.end <= trimmed.end]
        if names:
            st = "name"
        elif first in _DETERMINERS - {"a", "an"} or (toks and toks[0].dep_ == "poss"):
            st = "def"
        elif first in lex.INDEFINITE or first in {"a", "an"}:
            st = "indef"
        else:
            st = "bare"
        feats.append("st=" + st)
        whole_name = any(m.start <= trimmed.start and trimmed.end <= m.end and " " in res.text[m.start:m.end]
                         for m in names)
        if whole_name and head.pos_ == "NOUN" and head.text[:1].isupper():
            hd = "propn"  # "Doctors Without Borders": the head word is part of a name
        elif lemma in lex.DOCUMENT_HEADS or head.lower_ in lex.DOCUMENT_HEADS:
            hd = "doc"
        elif lemma in lex.SURVEY_HEADS:
            hd = "survey"
        elif lemma in FINDING_HEADS or head.lower_ in FINDING_HEADS:
            hd = "finding"  # "the FBI data", "the polling average": a maker's numbers
        elif lemma in BILL_HEADS:
            hd = "bill"  # "the legislation", "the proposal": its sponsor's
        elif lemma in ORG_VOICE_HEADS or head.lower_ in ORG_VOICE_HEADS:
            hd = "voice"
        elif lemma in lex.ORG_STANDINS:
            hd = "standin"
        elif head.pos_ == "NOUN" and (lemma in ORG_TYPE_HEADS or head.lower_ in ORG_TYPE_HEADS):
            hd = "orgtype"  # "the German automaker", "the utility"
        elif head.lower_ in lex.GENERIC_HEADS:
            hd = "generic"
        elif lex.head_classes(head.text):
            hd = "role"
        elif head.pos_ == "PROPN":
            hd = "propn"
        else:
            hd = "other"
        feats.append("hd=" + hd)
        if head.pos_ == "NOUN" and hd != "role":
            # the head word itself, crossed with the candidate's kind: which words stand for an
            # organisation named before ("the agency"), its maker ("the poll") or nobody
            feats.append("hw=" + lemma)
        if head.tag_ in {"NNS", "NNPS"}:
            feats.append("plural")
        if head.ent_type_:
            feats.append("hner=" + head.ent_type_)
        caps = [t for t in toks if t.text[:1].isupper() and t.lower_ not in _DETERMINERS]
        if toks and len(caps) == len([t for t in toks if t.lower_ not in _DETERMINERS]):
            feats.append("allcaps")
        elif caps:
            feats.append("somecaps")
        if any(t.lower_ in lex.PLATFORMS for t in toks):
            feats.append("src_platform")
        if any(t.lower_ in _COUNTS for t in toks):
            feats.append("src_counted")  # "the two lawmakers", "both men": particular people
        surface = None
        kept = [t for t in toks if t.lower_ not in _DETERMINERS]
        owned_document = bool(kept) and kept[0].lower_ in _POSSESSIVE_PRONOUNS and lemma in lex.DOCUMENT_HEADS
        if kept and len(kept) <= 8 and not owned_document:
            # ("her Instagram post", "his statement" name no one as written: their maker does)
            end = kept[-1].idx + len(kept[-1].text)
            surface = (res.text[kept[0].idx:end], kept[0].idx, end)
        return feats, trimmed, surface

    def _owner_clash(self, ent: int, want: str) -> bool:
        """Whether the body ``ent`` ("Sanders campaign") is named after people of the article
        who are all of the other gender than ``want`` (none of unknown gender)."""
        art = self.res.art
        words = art.entities[ent].name.split()
        if len(words) < 2 or words[-1].lower() not in lex.OWNED_BODIES:
            return False
        owner = words[-2].lower()
        genders = {info.gender for info in art.entities if info.kind == "person" and not info.members
                   and info.words and info.words[-1].lower() == owner}
        return bool(genders) and None not in genders and want not in genders

    # -- the candidates --------------------------------------------------------------------------
    def candidates(self, a: Attribution) -> list[Candidate]:
        """The candidates of one attribution's source (none without a source)."""
        if a.source is None:
            return []
        res = self.res
        art = res.art
        src_feats, trimmed, surface = self._source_form(a)
        st = next(f for f in src_feats if f.startswith("st="))
        hd = next((f for f in src_feats if f.startswith("hd=")), "hd=-")
        pron = next((f[5:] for f in src_feats if f.startswith("pron=")), None)
        src = a.source
        rule = self.rule.get(a.id)
        sent = art.sent_of(src.start)
        content = [(s.start, s.end) for s in a.content]
        last = res._last_speaker(src.start, content)
        last_ent = last.entity if last is not None else None
        container = res._container(a)
        outer = self.rule.get(container.id) if container is not None else None
        # a third-person pronoun inside someone's quoted words is not that someone
        reporter = res._reporter(a, 0) if st == "st=pron" and pron != "it" else None
        rule_members = set(art.entities[rule].members) if rule is not None else set()
        lo, hi = (trimmed.start, trimmed.end) if trimmed is not None else (src.start, src.end)
        src_words = set(re.findall(r"[a-z]+", res.text[lo:hi].lower()))
        head_ent = None
        span = res._source_tokens(src) if st not in {"st=first", "st=pron", "st=rel"} else None
        head = span.root if span is not None else None
        standin_words: tuple[str, ...] = ()
        head_classes: frozenset[str] = frozenset()
        maker = None
        clause_only: set[int] = set()
        if head is not None:
            head_ent = art.mentions.entity_holding(head.idx)
            # names only inside a clause on the source's head ("The film, which features A")
            inner = [(m.entity, m) for m in art.mentions.starting_in(lo, hi) if m.entity is not None]
            spoken = {e for e, m in inner if not res._subordinate(m, head)}
            clause_only = {e for e, _ in inner} - spoken
            standin_words = lex.ORG_STANDINS.get(head.lemma_.lower(), ())
            head_classes = lex.head_classes(head.text)
            if hd in {"hd=doc", "hd=survey"}:
                maker = res._document_maker(src.start, head)
        # the entities that can be candidates: the rules' choices, those named in the source or
        # right after it (same or next sentence), and those mentioned within the window before
        named = {e for e in (rule, outer) if e is not None and e < len(self.starts)}
        named |= self._starting_in(lo, hi) | self._starting_in(hi, hi, sent + 1)
        prev_of = {i: self._prev(i, src.start, content) for i in named}
        # how recently each entity was mentioned before the source, overall and within its kind
        rank, kind_rank, near = self._recency(
            src.start, content, sent, {i for i, m in prev_of.items() if m is not None})
        for i in near:
            if i not in prev_of:
                prev_of[i] = self._prev(i, src.start, content)
        reachable = sorted(prev_of)
        extra, name_features = self._extras(src, span, head, lo, hi, hd, head_ent, reachable)
        out: list[Candidate] = []

        source = tuple(src_feats)

        def candidate(entity: int, name: str | None, base: list[str], ck: str,
                      surface_at: tuple[int, int] | None = None) -> Candidate:
            return Candidate(entity, name, tuple(base), (ck, st, hd, pron or ""), source, surface_at)

        document = head is not None and head.lemma_.lower() in lex.DOCUMENT_HEADS
        # "her campaign", "his administration": a body named after a person of that gender
        owner_gender = None
        if head is not None and span is not None and head.lemma_.lower() in lex.OWNED_BODIES and \
                span[0].dep_ == "poss" and span[0].lower_ in {"his", "her"}:
            owner_gender = "m" if span[0].lower_ == "his" else "f"
        # "the agency", "the ministry", "the utility" name a body, never one person; a team, a
        # camp, an office or a campaign may speak for the person it belongs to
        body = (head is not None and hd in {"hd=standin", "hd=orgtype"} and head.tag_ == "NN"
                and head.lemma_.lower() not in _PERSONAL_BODIES)
        for i in reachable:
            info = art.entities[i]
            if i == reporter and rule != i:
                continue
            if body and info.kind == "person" and not self._any_in(i, lo, hi):
                continue
            if document and rule != i and info.name.lower() in lex.PLATFORMS:
                continue  # "her Instagram post": the platform only carries it
            mentions = self.starts[i] if i < len(self.starts) else []
            base: list[str] = []
            if rule == i:
                base.append("rule")
            if i in rule_members:
                base.append("member_of_rule")
            if rule is not None and rule in info.members:
                base.append("group_of_rule")
            prev = prev_of.get(i)
            inside = self._any_in(i, lo, hi)
            if inside:
                base.append("insrc_clause" if i in clause_only else "insrc")
            if head_ent == i:
                base.append("head")
            in_content = any(self._any_in(i, s, e) for s, e in content)
            if prev is None and not inside and rule != i and outer != i:
                # an entity the article has not mentioned yet is a candidate only when named
                # right after the source (in the same or the next sentence)
                nxt = self._next(i, hi)
                if nxt is None or nxt[2] > sent + 1:
                    continue
                base.append("after")
            elif prev is not None and sent - prev[2] > _FAR and len(mentions) < _SALIENT and not (
                    inside or rule == i or outer == i):
                continue  # long out of the story and seldom named: not worth scoring
            if i in rank:
                base.append("rank=" + _bucket(rank[i], (1, 2, 3, 5)))
                base.append("kind_rank=" + _bucket(kind_rank[i], (1, 2, 3)))
            if standin_words and res._standin_fits(i, standin_words):
                base.append("standin_fits")
            elif standin_words and info.kind == "organization" and _typed_body(info.name) and \
                    head is not None and head.lemma_.lower() not in lex.SURVEY_HEADS:
                base.append("standin_misfit")  # "the party" is not the Ortiz campaign
            if head_classes and head is not None and info.kind == "person":
                if head_classes & info.classes:
                    base.append("class_match")
                elif info.classes and "after" in base:
                    continue  # "The judge said …" is not the lawyer named next
                if res._compatible(i, res.text[lo:hi], head):
                    base.append("compatible")
            if maker == i:
                base.append("doc_maker")
            if prev is not None:
                base.append("dist=" + _bucket(sent - prev[2], (0, 1, 2, 4, 8)))
                if prev[3]:
                    base.append("prev_subj")
                if prev[4]:
                    base.append("prev_quoted")
                base.append("prev_kind=" + prev[5])
                base.append("chars=" + _bucket((src.start - prev[1]) // 100, (0, 1, 3, 10)))
            else:
                base.append("dist=never")
            if in_content:
                base.append("in_content")
            base.append("sal=" + _bucket(len(mentions), (1, 3, 7, 15)))
            spoke = bisect.bisect_left(self.spoken.get(i, ()), src.start)  # how often before
            base.append("spoke=" + _bucket(spoke, (0, 1, 4)))
            if last_ent == i:
                base.append("last_speaker")
            if outer == i:
                base.append("container")
            if self.top == i:
                base.append("top")
            if owner_gender is not None and info.kind != "person" and self._owner_clash(i, owner_gender):
                base.append("gender=bad")  # "her campaign" is not the Sanders campaign
            if pron in {"he", "she"}:
                want = "m" if pron == "he" else "f"
                base.append("gender=" + ("bad" if info.name.lower() in lex.PLATFORMS  # no one's "he"
                                         else "unk" if info.gender is None else
                                         "ok" if info.gender == want else "bad"))
            name_words, role_words = self._words(i)
            if src_words & name_words:
                base.append("name_overlap")
            if src_words & role_words:
                base.append("role_overlap")
            if info.members:
                base.append("members")
            base.extend(extra.get(i, ()))
            base.extend(name_features(info.name))
            if info.name.lower() in lex.PLATFORMS:
                base.append("platform")
            ck = "ck=" + ("group" if info.members else info.kind)
            out.append(candidate(i, info.name, base, ck))
        nobody = ["rule"] if rule is None else []
        out.append(candidate(NOBODY, None, nobody, "ck=none"))
        if surface is not None and not any(c.name is not None and c.name.lower() == surface[0].lower()
                                           for c in out):
            base = ["head_known"] if head_ent is not None else []
            if span is not None:
                base.extend(self._surface_features(span))
            out.append(candidate(SURFACE, surface[0], base, "ck=surface", surface[1:]))
        return out
