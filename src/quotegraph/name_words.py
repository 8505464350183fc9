"""The words around people's names: honorifics, titles, generational suffixes, name particles.

One home for the lists the speakers stage, the time stage, the evaluation and the store all use.
Every stage compares lower-case words; where stages need different lists, the smaller ones are
named subsets here (``COMMON_TITLES`` ⊂ ``TITLES``), so a word added to a list is added once.
General English vocabulary only, no facts about particular people.
"""

from __future__ import annotations

#: Honorifics before a person's name, with the gender each tells ("m", "f"; ``None``: none).
HONORIFIC_GENDER: dict[str, str | None] = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "dr": None,
    "sir": "m", "dame": "f", "lady": "f", "lord": "m",
}  # fmt: skip

#: The honorifics news writes abbreviated, with a full stop ("Mr.", "Dr."), in this order.
ABBREVIATED_HONORIFICS: tuple[str, ...] = ("mr", "mrs", "ms", "dr")

#: :data:`HONORIFIC_GENDER` with the abbreviated honorifics also spelled with their full stop
#: ("mr." as well as "mr"): the speakers stage looks tokens up as they are written.
HONORIFICS: dict[str, str | None] = {
    **HONORIFIC_GENDER,
    **{f"{h}.": HONORIFIC_GENDER[h] for h in ABBREVIATED_HONORIFICS},
}

#: The abbreviated honorifics that tell a gender ("mr", "mrs", "ms"; not "dr").
GENDERED_ABBREVIATIONS: frozenset[str] = frozenset(h for h in ABBREVIATED_HONORIFICS if HONORIFIC_GENDER[h])

#: The honorifics and the commonest political titles, without full stops.
COMMON_TITLES: frozenset[str] = frozenset(ABBREVIATED_HONORIFICS) | {
    "sen", "senator", "gov", "governor", "president", "rep",
}  # fmt: skip

#: Every honorific and title dropped from the front of a person's name before names are compared
#: across articles: the honorifics, :data:`COMMON_TITLES` and the other offices and ranks.
TITLES: frozenset[str] = frozenset(HONORIFIC_GENDER) | COMMON_TITLES | frozenset(
    """mx prof professor representative vice pres gen general col colonel capt captain lt maj
    major sgt rev reverend hon mayor judge justice secretary minister chancellor king queen prince
    princess pope st former premier ambassador chairman chairwoman chief sheikh""".split()
)

#: Abbreviated ranks and titles as written before a name that spaCy's English rules split at the
#: full stop, with the word each stands for: the nlp stage keeps each one token, read as that word
#: ("Navy Capt. Jeff Davis" was a sentence ending in "Capt"). Written as news writes them;
#: abbreviations that end sentences as often ("Det.") are left out.
SPLIT_TITLE_ABBREVIATIONS: dict[str, str] = {
    "Capt.": "captain", "Lt.": "lieutenant", "Col.": "colonel", "Sgt.": "sergeant",
    "Cmdr.": "commander", "Maj.": "major", "Supt.": "superintendent", "Cpl.": "corporal",
    "Pvt.": "private", "Insp.": "inspector", "Atty.": "attorney", "Brig.": "brigadier",
    "Fr.": "father", "Amb.": "ambassador", "Spc.": "specialist", "Reps.": "representatives",
    "Sens.": "senators", "Gens.": "generals",
}  # fmt: skip

#: Abbreviated titles as written (lower case, most with their full stop), each normalised to the
#: role word a later description uses ("sen." → "senator"): those spaCy keeps whole and, in lower
#: case, every one of :data:`SPLIT_TITLE_ABBREVIATIONS`.
TITLE_ABBREVIATIONS: dict[str, str] = {
    **{written.lower(): word for written, word in SPLIT_TITLE_ABBREVIATIONS.items()},
    "sen.": "senator", "sen": "senator", "sens.": "senator", "rep.": "representative",
    "rep": "representative", "reps.": "representative", "gov.": "governor", "gov": "governor",
    "pres.": "president", "sec.": "secretary", "gen.": "general", "lt.": "lieutenant",
    "col.": "colonel", "atty.": "attorney", "amb.": "ambassador", "supt.": "superintendent",
    "rev.": "reverend", "prof.": "professor", "adm.": "admiral", "gop": "republican",
}  # fmt: skip

#: Abbreviated titles as written after which a capitalised word starts no sentence: the split
#: ones and those spaCy's English rules already keep whole.
TITLES_BEFORE_NAMES: frozenset[str] = frozenset(SPLIT_TITLE_ABBREVIATIONS) | {
    "Gov.", "Sen.", "Rep.", "Gen.", "Adm.", "Rev.", "Prof.", "Mt.", "Hon.", "Pres.",
    *(f"{h.capitalize()}." for h in ABBREVIATED_HONORIFICS),
}  # fmt: skip

#: Generational suffixes after a surname ("Harry B. Harris Jr.", "John Smith III").
GENERATIONAL_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv"})

#: Everything the store drops from the end of a person's name: generations and degrees.
SUFFIXES: frozenset[str] = GENERATIONAL_SUFFIXES | {"phd", "md"}

#: Words a name keeps in lower case: surname particles ("de", "van", "bin") and the small words of
#: a title or an organisation's name ("Secretary of State", "Bank of America").
NAME_PARTICLES: frozenset[str] = frozenset(
    "of the and for de del della der di da do dos du van von la le al el bin ibn y".split()
)
