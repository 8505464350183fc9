"""Lexicons that turn role, nationality, party and place words into comparable features.

News refers back to people by what they are: "the Russian diplomat", "the Republican nominee",
"the South Carolina senator", "the former president". A description matches an entity when its
head falls in a role class the entity's own roles fall in (a "diplomat" class holds "foreign
minister", "ambassador", "secretary of state") and none of its nationality, party or place words
contradicts what the article says about the entity. These tables are general English news
vocabulary, not facts about particular people.
"""

from __future__ import annotations

import re
from functools import lru_cache

from quotegraph.name_words import TITLE_ABBREVIATIONS

# Role classes: a description's head and an entity's role strings meet when they share a class.
ROLE_CLASSES: dict[str, tuple[str, ...]] = {
    "president": ("president", "head of state", "commander in chief", "commander-in-chief"),
    "leader": ("president", "prime minister", "premier", "chancellor", "leader", "king",
               "queen", "head of state", "dictator", "strongman", "monarch"),
    "diplomat": ("diplomat", "foreign minister", "ambassador", "secretary of state",
                 "envoy", "foreign secretary", "foreign affairs minister"),
    "nominee": ("nominee", "candidate", "standard-bearer", "standard bearer", "contender",
                "challenger", "running mate", "front-runner", "frontrunner"),
    "candidate": ("nominee", "candidate", "contender", "hopeful", "challenger", "running mate",
                  "front-runner", "frontrunner"),
    "senator": ("senator", "sen.", "sen"),
    "governor": ("governor", "gov.", "gov"),
    "representative": ("representative", "rep.", "congressman", "congresswoman",
                       "member of congress"),
    "lawmaker": ("senator", "representative", "congressman", "congresswoman", "lawmaker",
                 "legislator", "member of congress", "assemblyman", "assemblywoman"),
    "minister": ("minister", "secretary"),
    "secretary": ("secretary",),
    "mayor": ("mayor",),
    "businessman": ("businessman", "businesswoman", "mogul", "billionaire", "developer",
                    "tycoon", "executive", "entrepreneur", "magnate"),
    "executive": ("executive", "ceo", "chief executive", "chairman", "chairwoman", "president"),
    "spokesperson": ("spokesman", "spokeswoman", "spokesperson", "press secretary"),
    "attorney general": ("attorney general",),
    "attorney": ("attorney", "lawyer", "counsel"),
    "commissioner": ("commissioner",),
    "director": ("director",),
    "chief": ("chief", "head"),
    "judge": ("judge", "justice"),
    "journalist": ("journalist", "reporter", "correspondent", "columnist", "editor", "anchor",
                   "host", "moderator"),
    "host": ("host", "anchor", "moderator"),
    "pollster": ("pollster",),
    "strategist": ("strategist", "consultant", "adviser", "advisor", "operative"),
    "activist": ("activist", "organizer", "advocate"),
    "filmmaker": ("filmmaker", "director", "producer"),
    "singer": ("singer", "musician", "rapper", "star", "artist"),
    "actor": ("actor", "actress", "star"),
    "economist": ("economist",),
    "professor": ("professor", "scholar", "academic"),
    "official": ("official", "secretary", "minister", "director", "commissioner", "officer"),
    "chairman": ("chairman", "chairwoman", "chair"),
    "speaker": ("speaker",),
    "vice president": ("vice president", "vice-president"),
    # the roles of other beats: business, sports, science, health, culture, police
    "founder": ("founder", "co-founder", "cofounder"),
    "analyst": ("analyst",),
    "manager": ("manager",),
    "coach": ("coach", "head coach", "trainer", "manager"),
    "player": ("player", "striker", "defender", "midfielder", "goalkeeper", "forward",
               "quarterback", "pitcher", "captain", "winger", "batsman", "bowler", "athlete"),
    "author": ("author", "co-author", "writer", "novelist", "poet", "playwright"),
    "scientist": ("scientist", "researcher", "physicist", "biologist", "chemist", "astronomer",
                  "epidemiologist", "geologist", "climatologist", "meteorologist"),
    "doctor": ("doctor", "physician", "surgeon", "neurosurgeon", "psychiatrist"),
    "nurse": ("nurse",),
    "police officer": ("officer", "detective", "sheriff", "constable", "inspector", "police chief"),
}  # fmt: skip

# Heads that refer to a person without saying which role ("the woman"): salience decides.
PERSON_HEADS: dict[str, str | None] = {
    "man": "m", "woman": "f", "person": None, "mother": "f", "father": "m", "wife": "f",
    "husband": "m", "girl": "f", "boy": "m", "lady": "f", "gentleman": "m", "daughter": "f",
    "son": "m",
}  # fmt: skip

PARTIES: dict[str, str] = {
    "republican": "republican", "republicans": "republican", "gop": "republican",
    "democrat": "democratic", "democratic": "democratic", "democrats": "democratic",
    "libertarian": "libertarian", "green": "green", "independent": "independent",
    "conservative": "conservative", "labour": "labour", "tory": "conservative",
    "r": "republican", "d": "democratic", "i": "independent",
}  # fmt: skip

# Country names and their adjectives normalise to the adjective.
NATIONALITIES: dict[str, str] = {
    "russia": "russian", "russian": "russian", "america": "american", "american": "american",
    "us": "american", "u.s.": "american", "usa": "american", "united states": "american",
    "china": "chinese", "chinese": "chinese", "ukraine": "ukrainian", "ukrainian": "ukrainian",
    "britain": "british", "british": "british", "uk": "british", "u.k.": "british",
    "france": "french", "french": "french", "germany": "german", "german": "german",
    "israel": "israeli", "israeli": "israeli", "iran": "iranian", "iranian": "iranian",
    "mexico": "mexican", "mexican": "mexican", "canada": "canadian", "canadian": "canadian",
    "japan": "japanese", "japanese": "japanese", "india": "indian", "indian": "indian",
    "turkey": "turkish", "turkish": "turkish", "syria": "syrian", "syrian": "syrian",
    "italy": "italian", "italian": "italian", "spain": "spanish", "spanish": "spanish",
    "poland": "polish", "polish": "polish", "latvia": "latvian", "latvian": "latvian",
    "lithuania": "lithuanian", "lithuanian": "lithuanian", "estonia": "estonian",
    "estonian": "estonian", "belarus": "belarusian", "belarusian": "belarusian",
    "north korea": "north korean", "north korean": "north korean", "korea": "korean",
    "south korea": "south korean", "south korean": "south korean", "cuba": "cuban",
    "cuban": "cuban", "saudi": "saudi", "saudi arabia": "saudi", "egypt": "egyptian",
    "egyptian": "egyptian", "iraq": "iraqi", "iraqi": "iraqi", "afghanistan": "afghan",
    "afghan": "afghan", "pakistan": "pakistani", "pakistani": "pakistani",
    "venezuela": "venezuelan", "venezuelan": "venezuelan", "brazil": "brazilian",
    "brazilian": "brazilian", "australia": "australian", "australian": "australian",
    "hungary": "hungarian", "hungarian": "hungarian", "greece": "greek", "greek": "greek",
    "europe": "european", "european": "european", "palestinian": "palestinian",
    "nigeria": "nigerian", "nigerian": "nigerian", "kenya": "kenyan", "kenyan": "kenyan",
}  # fmt: skip

US_STATES: dict[str, str] = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca",
    "colorado": "co", "connecticut": "ct", "delaware": "de", "florida": "fl", "georgia": "ga",
    "hawaii": "hi", "idaho": "id", "illinois": "il", "indiana": "in", "iowa": "ia",
    "kansas": "ks", "kentucky": "ky", "louisiana": "la", "maine": "me", "maryland": "md",
    "massachusetts": "ma", "michigan": "mi", "minnesota": "mn", "mississippi": "ms",
    "missouri": "mo", "montana": "mt", "nebraska": "ne", "nevada": "nv",
    "new hampshire": "nh", "new jersey": "nj", "new mexico": "nm", "new york": "ny",
    "north carolina": "nc", "north dakota": "nd", "ohio": "oh", "oklahoma": "ok",
    "oregon": "or", "pennsylvania": "pa", "rhode island": "ri", "south carolina": "sc",
    "south dakota": "sd", "tennessee": "tn", "texas": "tx", "utah": "ut", "vermont": "vt",
    "virginia": "va", "washington": "wa", "west virginia": "wv", "wisconsin": "wi",
    "wyoming": "wy",
}  # fmt: skip
# AP-style abbreviations ("R-S.C.", "D-Mass.") and postal codes, both to the postal code.
STATE_ABBREVIATIONS: dict[str, str] = {
    "ala": "al", "ariz": "az", "ark": "ar", "calif": "ca", "colo": "co", "conn": "ct",
    "del": "de", "fla": "fl", "ga": "ga", "ill": "il", "ind": "in", "kan": "ks", "ky": "ky",
    "la": "la", "md": "md", "mass": "ma", "mich": "mi", "minn": "mn", "miss": "ms",
    "mo": "mo", "mont": "mt", "neb": "ne", "nev": "nv", "nh": "nh", "nj": "nj", "nm": "nm",
    "ny": "ny", "nc": "nc", "nd": "nd", "okla": "ok", "ore": "or", "pa": "pa", "ri": "ri",
    "sc": "sc", "sd": "sd", "tenn": "tn", "tex": "tx", "vt": "vt", "va": "va", "wash": "wa",
    "wva": "wv", "wis": "wi", "wyo": "wy",
    **{code: code for code in US_STATES.values()},
}  # fmt: skip

# Party/state tags after a name: "(R-S.C.)", "(D-Mass.)", "(R-IN)".
PARTY_STATE_TAG = re.compile(r"^\(\s*([RDI])\s*-\s*([A-Za-z. ]{2,8})\)")

# Sources that stand for no one in particular: they stay anonymous (speaker null).
GENERIC_HEADS = {
    "source", "sources", "official", "officials", "critic", "critics", "poll", "polls",
    "survey", "surveys", "expert", "experts", "analyst", "analysts", "observer", "observers",
    "people", "person", "aide", "aides", "insider", "insiders", "member", "members",
    "spokesman", "spokeswoman", "spokesperson", "representative", "representatives",
    "supporter", "supporters", "voter", "voters", "resident", "residents", "researcher",
    "researchers", "scholar", "scholars", "study", "studies", "report", "reports", "reporter",
    "reporters", "democrats", "republicans", "conservatives", "liberals", "progressives",
    "some", "many", "others", "other", "everyone", "everybody", "someone", "somebody",
    "anyone", "nobody", "witness", "witnesses", "parent", "parents", "leader", "leaders",
    "lawmaker", "lawmakers", "operative", "operatives", "staffer", "staffers", "doctor",
    "doctors", "economist", "economists", "group", "groups", "organizer", "organizers",
    "activist", "activists", "advocate", "advocates", "opponent", "opponents", "proponent",
    "proponents", "fan", "fans", "friend", "friends", "ally", "allies", "adviser",
    "advisers", "advisor", "advisors", "commentator", "commentators", "pundit",
    "pundits", "strategist", "strategists", "pollster", "pollsters", "reader", "readers",
    "viewer", "viewers", "user", "users", "questioner", "announcer", "narrator", "letter",
    "research", "data", "figures", "numbers", "statistics", "percent", "majority",
    "minority", "half", "third", "quarter", "most", "all", "both", "few", "several",
    "government", "authorities", "police", "investigators", "prosecutors", "documents",
    "records", "memo", "emails", "transcript", "publications", "papers", "boards",
    "latinos", "americans", "african-americans", "immigrants", "students", "teachers",
    "workers", "employees", "women", "men", "children", "kids", "families", "citizens",
    "communities", "community", "conventional", "wisdom", "man", "woman",
}  # fmt: skip
# Determiners and quantifiers that make a description indefinite, so anonymous.
INDEFINITE = {
    "a", "an", "another", "some", "many", "several", "few", "most", "all", "both", "other",
    "others", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "dozens", "hundreds", "thousands", "numerous", "various", "certain", "any", "each",
    "every", "no", "more", "fewer", "far",
}  # fmt: skip

# Heads of things an entity produced: "a Trump tweet", "a new ad from the campaign".
DOCUMENT_HEADS = {
    "ad", "ads", "advertisement", "commercial", "spot", "clip", "video", "tweet", "tweets",
    "statement", "release", "post", "message", "memo", "complaint", "filing", "lawsuit",
    "report", "letter", "email", "op-ed", "editorial", "column", "speech", "interview",
    "website", "page", "account", "film", "documentary", "book", "ruling", "analysis",
    "article", "piece", "story", "seller", "bestseller", "best-seller", "novel", "memoir",
    "movie", "suit", "declaration", "readout",
}  # fmt: skip
# Kinds of document, so that "the film" goes back to a documentary rather than to a report.
DOCUMENT_KINDS: dict[str, tuple[str, ...]] = {
    "film": ("film", "documentary", "movie"),
    "ad": ("ad", "advertisement", "commercial", "spot", "clip", "video"),
    "text": ("report", "analysis", "memo", "letter", "statement", "release", "complaint",
             "filing", "lawsuit", "suit", "declaration", "readout", "ruling", "editorial", "column",
             "op-ed", "article", "piece", "story"),
    "book": ("book", "novel", "memoir", "seller", "bestseller", "best-seller"),
    "post": ("tweet", "post", "message", "email", "website", "page", "account"),
}


# social platforms carry a person's post; they are not its speaker ("wrote on Twitter")
PLATFORMS = frozenset({
    "twitter", "facebook", "instagram", "youtube", "tiktok", "snapchat", "linkedin", "reddit",
    "truth social", "weibo", "telegram", "whatsapp", "threads", "x",
})  # fmt: skip


# Words for the same document: "the suit" goes back to "a lawsuit" before any other text.
_DOCUMENT_SAME = {"suit": "lawsuit"}


def document_word(lemma: str) -> str:
    """The word a document noun stands for ("suit" → "lawsuit"), to find the same one again."""
    return _DOCUMENT_SAME.get(lemma, lemma)


def document_kind(word: str) -> str | None:
    """The kind of document a head word names ("documentary" → film), if any."""
    return next((k for k, words in DOCUMENT_KINDS.items() if word in words), None)


# Bodies named after the person they belong to: "the Sanders campaign", "his administration",
# "Gowdy's office".
OWNED_BODIES = frozenset({"campaign", "administration", "office"})
# Other words for a candidate's campaign: "Clinton's team", "the Sanders camp".
CAMPAIGN_WORDS = frozenset({"team", "camp"})


def owned_body_name(owner_name: str, owner_surname: str, word: str) -> str:
    """The name a person's body goes by: "Sanders campaign" (also for "Sanders' team" and "the
    Sanders camp"), "Obama administration", "Trey Gowdy's office" (an office is named with the
    whole name, as a person's office is written out: the annotation guidelines' convention)."""
    word = word.lower()
    if word == "office":
        return f"{owner_name}'s office"
    return f"{owner_surname} {'campaign' if word in CAMPAIGN_WORDS else word}"


# Heads that name a survey or study; with a named maker they become an entity of their own.
SURVEY_HEADS = {"poll", "survey", "study"}
# People around a named person, who are not that person: "Clinton aides", "Johnson's doctor".
ENTOURAGE_HEADS = {
    "aide", "aides", "supporter", "supporters", "doctor", "doctors", "operative",
    "operatives", "staff", "staffer", "staffers", "adviser", "advisers", "advisor",
    "advisors", "allies", "ally", "friends", "friend", "family", "narrator", "voters",
    "fans", "critics", "lawyer", "lawyers", "attorney", "attorneys", "surrogate",
    "surrogates", "backers", "donors", "loyalists", "associates", "officials", "official",
    "spokesman", "spokeswoman", "spokesperson", "daughter", "son", "wife", "husband",
    "brother", "sister", "mother", "father", "transcript", "reporter", "reporters",
}  # fmt: skip
# Organisation kinds: "the newspaper" stands for the last newspaper named, and so on.
ORG_STANDINS: dict[str, tuple[str, ...]] = {
    "newspaper": ("post", "times", "journal", "news", "herald", "tribune", "globe", "gazette",
                  "enquirer", "republic", "guardian", "telegraph", "examiner", "chronicle",
                  "inquirer", "star", "sun", "mail", "daily", "observer", "independent",
                  "express", "register", "courant", "bee", "dispatch", "courier", "press",
                  "review", "standard", "monitor", "politico", "atlantic"),
    "paper": ("post", "times", "journal", "news", "herald", "tribune", "globe", "gazette",
              "enquirer", "republic", "guardian", "telegraph", "examiner", "chronicle",
              "inquirer", "daily", "courier", "press", "observer"),
    "network": ("cnn", "msnbc", "fox", "nbc", "abc", "cbs", "bbc", "pbs", "npr", "network"),
    "bank": ("bank", "fargo", "chase", "citi", "citigroup", "goldman", "sachs", "morgan"),
    "company": ("inc", "inc.", "corp", "corp.", "company", "co.", "llc", "group"),
    "agency": ("agency", "bureau", "administration", "department", "fbi", "cia", "nsa", "epa"),
    "department": ("department", "police"),
    "bureau": ("bureau", "fbi"),
    "court": ("court",),
    "committee": ("committee",),
    "commission": ("commission",),
    "council": ("council",),
    "city": ("city",),
    "state": ("state",),
    "university": ("university", "college", "institute"),
    "school": ("school", "college", "university"),
    "alliance": ("alliance", "coalition"),
    "coalition": ("coalition", "alliance"),
    "group": ("group", "coalition", "alliance", "association", "caucus", "committee",
              "foundation", "union", "league"),
    "organization": ("organization", "association", "group", "foundation", "coalition",
                     "alliance", "center", "institute", "naacp", "union", "league"),
    "center": ("center", "centre"),
    "institute": ("institute",),
    "foundation": ("foundation",),
    "union": ("union",),
    "party": ("party",),
    "caucus": ("caucus",),
    "campaign": ("campaign",),
    "administration": ("administration",),
    "firm": ("firm", "inc", "corp", "llc", "group", "partners"),
    "website": ("politifact", "website", ".com", "breitbart", "huffington", "factcheck"),
    "site": ("politifact", "website", ".com", "breitbart", "huffington", "factcheck"),
    "outlet": ("post", "times", "journal", "news", "cnn", "msnbc", "fox", "politico"),
    "police": ("police",),
    "government": ("government", "administration"),
    "white house": ("white house",),
    "poll": ("poll", "survey"),
    "survey": ("poll", "survey"),
}  # fmt: skip

MALE_NAMES = set(
    """aaron adam alan albert alex alexander alexei andrew andy anthony antonin ari arnold
    austin barack barry ben benjamin bernie bill billy bob bobby brad bradley brandon brett
    brian bruce bryan carl carlos charles charlie chris christopher chuck clarence cory craig
    dan daniel danny darrell dave david dennis dick dmitry don donald doug douglas drew ed
    eddie edward edwin elijah emmanuel eric ernest evan frank franklin fred gary gavin george
    gerald glenn gordon greg gregory harry henry herman howard hugh ian igor isaac jack jacob
    jake james jared jason jeb jeff jeffrey jeh jerry jesse jim jimmy joe joel john johnny jon
    jonathan jordan jorge jose joseph josh joshua juan justin keith ken kenneth kevin kim
    kirk kurt larry lawrence leo leon leonard lindsey louis luis luke marco marcus mark martin
    matt matthew max michael mike mitch mitt mohammed muhammad nate nathan neil newt nicholas
    nick nigel oliver oscar patrick paul pat peter phil philip rahm ralph rand randy ray
    reince richard rick rob robert roger ron ronald ross roy rudy rudolph russ russell ryan
    sam samuel scott sean sergey sergei seth sherrod stephen steve steven stuart ted terry
    thomas tim timothy todd tom tony travis victor vince vincent vladimir walter wayne
    william willie xi zach""".split()
)
FEMALE_NAMES = set(
    """abigail alice alicia allison amanda amelize amy ana andrea angela ann anna anne annie
    ava barbara betsy betty beverly brenda carla carly carol caroline carolyn catherine
    chelsea christina christine cindy claire claudia condoleezza cynthia dana dawn debbie
    deborah debra diana diane donna dorothy elaine eleanor elizabeth ellen emily emma erin
    esther eva gabrielle gloria gwen hannah heather heidi helen hillary huma ivanka jackie
    jacklyn jane janet janice jean jennifer jessica jill joan joanna jodi josephine joy joyce
    judith judy julia julie karen kate katherine kathleen kathy kayleigh kellyanne kelly
    kim kimberly kirsten krystal laura lauren linda lisa loretta lori lynn madeleine maria
    marie marilyn martha mary megan meghan melania melanie melissa michele michelle minyon
    monica nancy natalie nicole nikki nina olivia pam pamela patricia patty paula peggy
    rachel rebecca rosa rose ruth sally samantha sandra sara sarah sharon shirley sonia sonya
    sophia stephanie susan suzanne tammy teresa theresa tina tulsi valerie veronica victoria
    virginia wendy whitney yvonne zoe""".split()
)
FEMALE_ROLE_WORDS = {
    "spokeswoman", "congresswoman", "chairwoman", "businesswoman", "actress", "woman", "wife",
    "mother", "daughter", "sister", "girl", "lady", "first lady", "queen", "widow", "grandmother",
    "assemblywoman", "councilwoman", "princess", "duchess", "empress", "baroness", "countess",
    "nun", "niece", "aunt", "granddaughter", "girlfriend", "bride", "heiress",
}  # fmt: skip
MALE_ROLE_WORDS = {
    "spokesman", "congressman", "chairman", "businessman", "actor", "man", "husband",
    "father", "son", "brother", "boy", "king", "widower", "grandfather", "assemblyman",
    "councilman", "prince", "duke", "emperor", "baron", "sultan", "tsar", "czar", "pope", "monk",
    "nephew", "uncle", "grandson", "boyfriend", "groom",
}  # fmt: skip


SCOPES = {"city", "county", "state", "federal", "national", "municipal"}


def scopes(text: str) -> set[str]:
    """Levels of government a role names ("City Attorney" → {city})."""
    return SCOPES & set(re.findall(r"[a-z]+", text.lower()))


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def role_classes(text: str) -> set[str]:
    """Role classes a role string or description falls in ("Foreign Minister" → diplomat)."""
    return set(_role_classes(text))


@lru_cache(maxsize=8192)
def _role_classes(text: str) -> frozenset[str]:
    # one search per class: the stages ask again and again about the same roles and names
    words = re.sub(r"\s+", " ", text.lower()).split(" ")
    low = " " + " ".join(_singular(w) for w in words) + " "
    return frozenset(cls for cls, pattern in _ROLE_PATTERNS.items() if pattern.search(low))


_ROLE_PATTERNS = {
    cls: re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])")
    for cls, phrases in ROLE_CLASSES.items()
}
_NATIONALITY_PATTERN = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(NATIONALITIES, key=len, reverse=True))
    + r")(?!\w)"
)
_STATE_PATTERN = re.compile(r"\b(" + "|".join(sorted(US_STATES, key=len, reverse=True)) + r")\b")


def has_word(text: str, word: str) -> bool:
    """Whether ``word`` stands in ``text`` with no word character on either side."""
    return _word_pattern(word).search(text) is not None


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    # built once per word: the speakers test the same names against many others
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")


def head_classes(head: str) -> frozenset[str]:
    """Role classes named by a description's head word ("diplomat" → {diplomat})."""
    head = head.lower()
    return _HEAD_INDEX.get(TITLE_ABBREVIATIONS.get(head, head), frozenset())


_HEAD_INDEX: dict[str, frozenset[str]] = {}
for _cls, _phrases in ROLE_CLASSES.items():
    for _word in (*_phrases, _cls):
        _HEAD_INDEX[_word] = _HEAD_INDEX.get(_word, frozenset()) | {_cls}


def nationalities(text: str) -> set[str]:
    """Nationality adjectives a string states ("Russia's foreign minister" → {russian})."""
    low = text.lower().replace("’", "'")
    return {NATIONALITIES[m] for m in _NATIONALITY_PATTERN.findall(low)}


def parties(text: str) -> set[str]:
    """Parties a string states ("the Republican nominee" → {republican})."""
    out = set()
    for word in re.findall(r"[A-Za-z]+", text):
        if len(word) > 1 and word.lower() in PARTIES and (word[0].isupper() or word == "gop"):
            out.add(PARTIES[word.lower()])
    return out


def places(text: str) -> set[str]:
    """US states a string names ("the South Carolina senator" → {sc})."""
    return {US_STATES[m] for m in _STATE_PATTERN.findall(text.lower())}


def gender_of_first_name(word: str) -> str | None:
    """``m``/``f`` for a common given name, ``None`` when it is not known or is used by both."""
    low = word.lower().strip(".")
    male, female = low in MALE_NAMES, low in FEMALE_NAMES
    if male and not female:
        return "m"
    if female and not male:
        return "f"
    return None


def gender_of_role(text: str) -> str | None:
    """``m``/``f`` when a role string is gendered ("spokeswoman", "his wife"); a possessor's words
    say nothing of the role's holder ("Queen Elizabeth II's third child")."""
    text = re.split(r"['’]s\b", text)[-1]
    words = set(re.findall(r"[a-z]+", text.lower()))
    if words & FEMALE_ROLE_WORDS:
        return "f"
    if words & MALE_ROLE_WORDS:
        return "m"
    return None
