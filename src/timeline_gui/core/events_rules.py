"""The lexicon of event triggers and the cues for status and undated reference.

Kept apart from the extractor so that the word lists can be read (and extended) on their own.
Every pattern is compiled once at import.
"""

from __future__ import annotations

import re

#: Verbs that report speech; the speaker is their subject (or the name after them: "said Lavrov").
STATEMENT = (
    r"said|says|say|stated|states|stressed|stresses|noted|notes|pointed out|points out|told|tells|warned|"
    r"warns|added|adds|announced|announces|declared|declares|emphasi[sz]ed|emphasi[sz]es|claimed|claims|"
    r"argued|insisted|urged|urges|accused|accuses|criticized|criticised|condemned|condemns|denied|denies|"
    r"confirmed|confirms|reiterated|explained|commented|remarked|believes|welcomed|welcomes|called for|"
    r"calls for|expects|hopes|assured|promised|recalled|[Aa]ccording to|has warned|has said|has stressed|"
    r"has pointed out|has noted"
)

#: Verb and noun triggers by event type. Nouns only make an event with a light verb or a date.
VERB_TRIGGERS: dict[str, str] = {
    "meeting": r"met|meet|meets|will meet|took part|take part|takes part|participated|participate in|"
    r"attended|attend|attends|hosted|hosts|host|convened|gathered|took place|is taking place|are taking place|"
    r"will take place|were organized|was organized|were held|was held",
    "talks": r"discussed|discuss|discusses|negotiated|held talks|hold talks|holds talks|talked",
    "visit": r"visited|visit|visits|arrived|arrives|will arrive|travelled|traveled|toured",
    "agreement": r"agreed|agree|agrees|reached an agreement|struck a deal",
    "signing": r"signed|sign|signs|will be signed|was signed|were signed|ratified",
    "initiative": r"initiated|proposed|launched|established|founded|created|was named|were named|named|"
    r"joined|joining|join|introduced|set up|were laid|was laid",
    "refusal": r"refused|refuses|declined|declines|boycotted|boycott|rejected|rejects|pulled out|withdrew",
    "appointment": r"appointed|nominated|was elected|were elected|sworn in|resigned|dismissed|replaced",
    "conflict": r"attacked|shelled|invaded|killed|clashed|bombed|struck|shot down|fired|captured|seized",
    "assistance": r"providing assistance|provided assistance|provides assistance|assisting|assisted|"
    r"helped|supported|supports|mediated|mediating",
    "election": r"voted|vote|votes|re-elected",
}
NOUN_TRIGGERS: dict[str, str] = {
    "meeting": r"meeting|meetings|summit|summits|talks|negotiations|dialogue|consultations|session|"
    r"participation",
    "conference": r"conference|forum|congress|assembly",
    "visit": r"visit|trip|tour",
    "election": r"election|elections|referendum|vote|ballot|polls|runoff",
    "agreement": r"agreement|deal|accord|treaty|memorandum|declaration",
    "conflict": r"war|attack|attacks|clashes|clash|shelling|strikes|offensive|invasion|hostilities",
}
#: Verbs that turn a noun trigger into an event ("hold meetings", "the meeting is taking place").
LIGHT = re.compile(
    r"\b(?:hold|holds|held|holding|host|hosts|hosted|attend|attends|attended|take part|took part|"
    r"takes part|taking part|is taking place|took place|will take place|organi[sz]ed|set for|scheduled|"
    r"due|slated|planned|were|was|will be|is expected|are expected|participation|ahead of|before)\b"
)

STATEMENT_RE = re.compile(r"\b(?:" + STATEMENT + r")\b")
VERB_RE = re.compile(
    "|".join(r"(?P<v_" + t + r">\b(?:" + p + r")\b)" for t, p in VERB_TRIGGERS.items())
)
NOUN_RE = re.compile(
    "|".join(r"(?P<n_" + t + r">\b(?:" + p + r")\b)" for t, p in NOUN_TRIGGERS.items())
)

#: Undated reference to the past: the event lies somewhere before publication.
UNDATED_PAST = re.compile(
    r"\b(?:earlier|recently|previously|before that|in the past|has|have|had|later|"
    r"following (?:his|her|their|its)|after (?:his|her|their|its|the))\b"
)
#: A statement made at the press event of the story's main occasion.
PRESS = re.compile(
    r"\b(?:(?:a|the|same|joint) (?:joint )?(?:press|news) conference|briefing|press conference|"
    r"told (?:reporters|journalists|the press)|joint statement)\b"
)
FUTURE = re.compile(
    r"\b(?:will|is expected to|are expected to|is set to|are set to|is due to|is scheduled|are scheduled|"
    r"plans to|is to|are to|is taking place|are taking place|takes place|is holding|is hosting)\b"
)
PRESENT_PROGRESSIVE = re.compile(r"\b(?:is|are) (?:\w+ing)\b")

STATUS_DENIED = re.compile(
    r"\b(?:refused|refuses|declined|no plans|did not|didn't|will not|won't|not to|denied|boycott\w*|"
    r"never)\b"
)
STATUS_POSSIBLE = re.compile(r"\b(?:might|may|could|possibly|would)\b")
STATUS_EXPECTED = re.compile(r"\b(?:expected|expects|likely|hopes?|plans? to|intends?)\b")
STATUS_SCHEDULED = re.compile(r"\b(?:will|set for|scheduled|due to|slated|is to|are to)\b")

#: Second events inside one sentence.
#: "ahead of Georgia's parliamentary election, set for October 26"
SCHEDULED_NP = re.compile(
    r"\b(?:ahead of|before|prior to)\s+(?P<np>[^,.;]{3,90}?\b(?:" + NOUN_TRIGGERS["election"] + "|"
    + NOUN_TRIGGERS["meeting"] + "|" + NOUN_TRIGGERS["conference"]
    + r")\b[^,.;]{0,40}?),\s*(?:which is\s+|to be held\s+)?(?:set|scheduled|due|slated|planned)\s+(?:for|on|to)\b"
)
#: ", with Armenia also joining the initiative"
WITH_ALSO = re.compile(r",\s+with\s+(?=[A-Z][^,.;]{0,40}\s+(?:also\s+)?\w+ing\b)")
#: "following his participation in the High-Level Week ..."
FOLLOWING = re.compile(
    r"\b(?:following|after)\s+(?:his|her|their|its)\s+(?:participation in|visit to|trip to|talks with|"
    r"attendance at)\b"
)
#: "the talks—the first meeting of ... since 2009—": a dash-enclosed noun phrase with its own date.
DASHED = re.compile(r"[—–]\s*(?P<np>(?:the|a)\s[^—–]{5,120}?)\s*[—–]")
