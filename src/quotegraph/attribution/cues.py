"""The cue lexicon: words that introduce a statement, belief or intention.

Lemmas are grouped by how they take their content, so the rules know where to look:
``SPEECH`` verbs take a clause (``said that …``) or frame a quotation; ``BELIEF`` verbs mark
beliefs and intentions, which news attribution corpora count as attributions too (they need a
clause: "believes that …"); other cues may report a statement through their object
(``denied the report``, ``called for talks``).
"""

from __future__ import annotations

SPEECH = frozenset(
    """
    say tell add note remind respond reply answer explain state declare announce claim assert
    insist argue contend maintain acknowledge admit concede confirm deny warn caution suggest
    stress emphasize emphasise point observe comment remark report write tweet post mention
    recall recount describe predict promise pledge vow vouch threaten urge ask question wonder
    complain protest charge accuse allege testify reveal disclose indicate signal hint imply
    estimate project forecast speculate concede agree disagree counter rebut retort reiterate
    repeat continue conclude begin quip joke boast brag lament muse ponder propose recommend
    advise demand order instruct tout praise criticize criticise blast slam attack decry
    dismiss reject rule find show conclude tell speak write chant sing shout yell scream
    cry whisper mutter exclaim reason elaborate clarify specify underscore highlight
    acknowledge assure reassure inform notify brief announce proclaim publish cite quote
    characterize characterise label dub brand call term
    """.split()
)

BELIEF = frozenset(
    """
    believe think feel know expect hope fear worry doubt suspect assume guess presume
    understand realize realise consider reckon figure imagine anticipate want plan intend
    """.split()
)

# Cues that need a particle or preposition to mean speech ("pointed out", "called for").
PARTICLE_REQUIRED = {"point": {"out", "to"}}

# "call" as a naming verb ("whom he called 'an old-school politician'") takes object + complement.
NAMING = frozenset({"call", "label", "dub", "brand", "term", "characterize", "characterise", "describe"})

# Common nouns that can be the subject of a statement ("the spokesman said").
SPEAKER_NOUNS = frozenset(
    """
    spokesman spokeswoman spokesperson official officer aide adviser advisor president senator
    governor minister secretary candidate nominee campaign lawyer attorney analyst expert critic
    supporter voter leader chairman chairwoman chair director manager ceo executive reporter
    writer author columnist editor professor economist researcher scientist doctor source
    administration committee group organization newspaper statement report poll survey study
    mayor lawmaker legislator congressman congresswoman representative ambassador diplomat judge
    prosecutor police sheriff commissioner strategist pollster activist protester resident
    witness member founder owner coach player star host anchor narrator ad
    """.split()
)

CUE_LEMMAS = SPEECH | BELIEF

