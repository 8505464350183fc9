"""Pronoun sources: "he", "she", "they", "it", and relative "who"/"which".

A pronoun goes to the nearest fitting antecedent: fitting in number (he/she a person; it an
organisation or document maker; they a group, an organisation or people named together) and in
gender where the text shows it; nearest by salience, which favours the subject of the current or
previous sentence and the last speaker, and disfavours names inside quotations. Mentions inside
the attribution's own content are never antecedents ("'Clinton lied,' he said": he is not
Clinton).
"""

from __future__ import annotations

from spacy.tokens import Token

from quotegraph.name_words import HONORIFICS
from quotegraph.speakers.descriptions import PLATFORMS
from quotegraph.speakers.entities import Article, EntityInfo, Mention

MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
NEUTER = {"it", "its", "itself"}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
RELATIVE = {"who", "whom", "whose", "which", "that"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
PERSONAL = MALE | FEMALE | NEUTER | PLURAL

_WINDOW = 6  # sentences looked back
_FAR = -3.5  # below this salience "it"/"they" stay unresolved


def resolve_pronoun(
    art: Article,
    word: str,
    start: int,
    excluded: list[tuple[int, int]],
    last_speaker: Mention | None,
    avoid: int | None = None,
) -> int | None:
    """The entity a personal pronoun at ``start`` refers to, or ``None``.

    Args:
        art: the article index.
        word: the pronoun, lower-cased.
        start: its character offset.
        excluded: character ranges whose mentions cannot be antecedents (the own content).
        last_speaker: the mention of the latest earlier attribution's speaker, if any.
        avoid: an entity the pronoun cannot be (the speaker whose words hold it: inside
            "'… she had seen him …,' Roe reports", "she" is not Roe).

    Returns:
        The entity index, or ``None`` when the best antecedent is a generic group or nothing fits.
    """
    sent = art.sent_of(start)
    if last_speaker is not None and avoid is not None and last_speaker.entity == avoid:
        last_speaker = None
    if last_speaker is not None and word in MALE | FEMALE:
        # the focus moved on: a later sentence's subject is another person who fits
        after_last = art.sent_starts[last_speaker.sent + 1] if last_speaker.sent + 1 < len(art.sent_starts) \
            else start
        later = [m for m in art.mentions.starting_in(after_last, start)
                 if last_speaker.sent < m.sent <= sent and (m.subject or _subject_apposition(art, m) or _named_example(art, m))
                 and m.start < start and m.entity is not None and m.entity != last_speaker.entity
                 and not any(s <= m.start < e for s, e in excluded) and _fits(art, word, m)
                 and not m.in_quote and (m.sent < sent or _root_subject(art, m))]
        if later:
            last_speaker = None
    best: tuple[float, int | None] | None = None
    for m in reversed(art.mentions[:art.mentions.index_before(start)]):
        if m.start >= start:
            continue
        if sent - m.sent > _WINDOW or art.broken(m.start, start):
            break  # too far back, or in an earlier live-blog item
        if any(s <= m.start < e for s, e in excluded):
            continue
        if not _fits(art, word, m) or (avoid is not None and m.entity == avoid):
            continue
        score = _salience(art, m, sent, start, last_speaker)
        if best is None or score > best[0]:
            best = (score, m.entity)
    if best is None or (word not in MALE | FEMALE and best[0] < _FAR):
        return None  # a distant organisation is no antecedent for "it"/"they"
    return best[1]


def _head(art: Article, m: Mention) -> Token | None:
    """The head word of a mention's phrase (``None`` when no token covers it)."""
    span = art.doc.char_span(m.start, m.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _root_subject(art: Article, m: Mention) -> bool:
    """Whether a mention is the subject of its sentence's main verb ("Romney was never able
    to shake that image, which was cemented with his comment")."""
    tok = _head(art, m)
    return tok is not None and tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.dep_ == "ROOT"


def _subject_apposition(art: Article, m: Mention) -> bool:
    """Whether a mention is a name in apposition with a subject ("The mayor, Tom Reilly, was
    less patient"): the person the story turned to."""
    tok = _head(art, m)
    return tok is not None and tok.dep_ == "appos" and tok.head.dep_ in {"nsubj", "nsubjpass"}


def _named_example(art: Article, m: Mention) -> bool:
    """Whether a mention names an example of a subject ("experts like Paul Bauman, a geophysicist,
    say …", "Republicans including John Roe argue …"): the person the story turns to."""
    tok = _head(art, m)
    if tok is None or tok.dep_ != "pobj" or tok.head.lower_ not in {"like", "including", "as"}:
        return False
    prep = tok.head
    if prep.lower_ == "as" and not any(c.lower_ == "such" for c in prep.children):
        return False  # "such as", not "as"
    return prep.head.dep_ in {"nsubj", "nsubjpass"} or (prep.head.dep_ == "appos" and prep.head.head.dep_ in {"nsubj", "nsubjpass"})


def _fits(art: Article, word: str, m: Mention) -> bool:
    if m.entity is None:
        return word in PLURAL and m.plural
    info = art.entities[m.entity]
    if word in MALE or word in FEMALE:
        if info.kind != "person" or info.members or info.name.lower() in PLATFORMS:
            return False  # (a platform the recogniser took for a person is no one's "she")
        want = "m" if word in MALE else "f"
        return info.gender in (want, None)
    if word in NEUTER:
        return info.kind in {"organization", "other"} or _maybe_org(info)
    if word in PLURAL:
        return info.kind in {"organization", "group"} or bool(info.members) or _maybe_org(info)
    return False


def _maybe_org(info: EntityInfo) -> bool:
    """A one-word "person" with no given name, honorific or gender is often an organisation
    the recogniser mislabelled ("Politifact")."""
    return (info.kind == "person" and len(info.words) == 1 and info.gender is None
            and not any(a.split()[0].lower() in HONORIFICS for a in info.aliases if a.split()))


# Salience weights: per sentence back, subject, speaker… First tuned on PolNeAR dev's gold spans;
# re-chosen on 2026-12-07 by coordinate search (each weight ×0, ×0.5, ×1.5, ×2, two rounds) on the
# ranker's 5-fold cross-validation over the train gold and news2019 (2,641 → 2,651 of 3,035
# statements right): farther sentences count more against, a speaker's earlier mention no more
# than any other mention.
WEIGHTS = {
    "distance": 1.8, "subject": 1.5, "speaker": 0.0, "quoted": 2.5, "last_speaker": 1.5,
    "last_mention": 0.25, "generic": 0.5, "gender": 0.3, "prominence": 0.12,
}  # fmt: skip


def _salience(art: Article, m: Mention, sent: int, start: int, last: Mention | None) -> float:
    w = WEIGHTS
    dist = sent - m.sent
    score = -w["distance"] * dist
    if m.subject or _subject_apposition(art, m) or _named_example(art, m):
        score += w["subject"]
    if m.kind == "speaker":
        score += w["speaker"]
    if m.in_quote and not art.in_quote(start, start + 1):
        score -= w["quoted"]
    if last is not None and m.entity is not None and last.entity == m.entity:
        score += w["last_speaker"]
    if last is not None and m is last:
        score += w["last_mention"]
        if m.entity is None:
            score += w["last_speaker"]
    # the nearer of two equally placed mentions
    score -= (start - m.end) / 100000.0
    if m.entity is None:
        score -= w["generic"]  # a generic group is the antecedent only when clearly nearest
    else:
        info = art.entities[m.entity]
        if info.gender is not None:
            score += w["gender"]
        # the article's protagonist: the more often named and quoted so far, the likelier
        prior = sum(1 for x in info.mentions if x.start < start)
        score += w["prominence"] * min(prior, 12)
    return score
