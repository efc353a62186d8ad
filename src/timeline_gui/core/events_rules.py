"""The lexicon of event triggers and the cues for status and undated reference.

Kept apart from the extractor so that the word lists can be read (and extended) on their own.
The word lists are written as alternations ("emphasi[sz]ed|spokes(?:wo)?man|plans? to"), expanded
once at import into literal phrases and indexed by their first word: the extractor scans an
article's words once with dictionary look-ups (:func:`scan`) instead of running dozens of regular
expressions over every clause. The few constructions that need real patterns are compiled once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from timeline_gui.core.gazetteer import tokens
from timeline_gui.core.text import bisect_left

#: Verbs that report speech; the speaker is their subject (or the name after them: "said Petrov").
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
    r"will take place|were organized|was organized|were organised|was organised|were held|was held",
    "talks": r"discussed|discuss|discusses|negotiated|held talks|hold talks|holds talks|talked|"
    r"spoke (?:by|on the|over the) (?:tele)?phone|(?:held|had|hold|have|will hold) (?:a )?(?:tele)?phone "
    r"(?:conversation|call|talks)|phoned",
    "visit": r"visited|visit|visits|arrived|arrives|will arrive|travelled|traveled|toured|will travel|"
    r"is travell?ing|are travell?ing",
    "agreement": r"agreed|agree|agrees|reached an agreement|struck a deal",
    "signing": r"signed|sign|signs|will be signed|was signed|were signed|ratified",
    "initiative": r"initiated|proposed|launched|established|founded|created|was named|were named|named|renamed|"
    r"joined|joining|join|introduced|set up|were laid|was laid",
    "refusal": r"refused|refuses|declined|declines|boycotted|boycott|rejected|rejects|pulled out|withdrew|skipped|"
    r"skips|will skip|stayed away",
    "appointment": r"appointed|nominated|was elected|were elected|sworn in|resigned|dismissed|replaced",
    "conflict": r"attacked|shelled|invaded|killed|clashed|bombed|struck|shot down|fired|captured|seized|"
    r"exchanged fire|opened fire",
    "assistance": r"providing assistance|provided assistance|provides assistance|assisting|assisted|"
    r"helped|supported|supports|mediated|mediating",
    "election": r"voted|vote|votes|re-elected",
    "protest": r"rallied|took to the streets|take to the streets|marched|staged (?:a )?protests?|staged (?:a )?rally",
    "sanctions": r"imposed sanctions|imposes sanctions|will impose sanctions|slapped sanctions|lifted sanctions|"
    r"extended sanctions|expanded sanctions",
}
NOUN_TRIGGERS: dict[str, str] = {
    "meeting": r"meeting|meetings|summit|summits|talks|negotiations|dialogue|consultations|session|"
    r"participation",
    "conference": r"conference|forum|congress|assembly",
    "visit": r"visit|trip|tour",
    "election": r"election|elections|referendum|vote|ballot|polls|runoff",
    "agreement": r"agreement|deal|accord|treaty|memorandum|declaration",
    "conflict": r"war|attack|attacks|clashes|clash|shelling|strikes|offensive|invasion|hostilities",
    "talks": r"(?:tele)?phone (?:conversation|conversations|call|calls|talks)",
    "exercise": r"exercises|drills|war games|manoeuvres|maneuvers",
    "protest": r"protest|protests|rally|rallies|demonstration|demonstrations",
    "sanctions": r"sanctions",
}
#: Verbs that turn a noun trigger into an event ("hold meetings", "the summit is taking place").
LIGHT = (
    r"hold|holds|held|holding|host|hosts|hosted|attend|attends|attended|take part|took part|"
    r"takes part|taking part|is taking place|took place|will take place|organi[sz]ed|set for|scheduled|"
    r"due|slated|planned|were|was|will be|is expected|are expected|participation|ahead of|before"
)
#: Undated reference to the past: the event lies somewhere before publication.
UNDATED_PAST = (
    r"earlier|recently|previously|before that|in the past|has|have|had|later|"
    r"following (?:his|her|their|its)|after (?:his|her|their|its|the)"
)
#: A statement made at the press event of the story's main occasion.
PRESS = r"(?:press|news) conference|briefing|told (?:reporters|journalists|the press)|joint statement"
FUTURE = (
    r"will|is expected to|are expected to|is set to|are set to|is due to|is scheduled|are scheduled|"
    r"plans to|is to|are to|is taking place|are taking place|takes place|is holding|is hosting"
)
STATUS_DENIED = (
    r"refused|refuses|declined|no plans|did not|didn't|will not|won't|not to|denied|boycott|boycotts|"
    r"boycotted|boycotting|never"
)
STATUS_POSSIBLE = r"might|may|could|possibly|would"
STATUS_EXPECTED = r"expected|expects|likely|hopes?|plans? to|intends?"
STATUS_SCHEDULED = r"will|set for|scheduled|due to|slated|is to|are to"
#: Words a sentence must contain before the costlier constructions below are tried on it.
CUE_AHEAD = r"ahead of|before|prior to"
CUE_FOLLOWING = r"following (?:his|her|their|its)|after (?:his|her|their|its)"
CUE_WITH = r"with"
CUE_RELATIVE = r"which|who|whose"

#: "won" makes an election event only with an election as its object ("won the runoff", "won 54% of the
#: vote"); "won the cup" or "won support" are no elections.
WIN = r"won|wins|win|winning"
WIN_OBJECT: Final = re.compile(
    r"\s+(?:(?:the|a|an|this|last|its|their|[\w%.'’-]+)\s+){0,4}?(?:election|elections|vote|ballot|polls|"
    r"runoff|run-off|referendum|primary|primaries|presidential race|mandate)\b"
)

PRESENT_PROGRESSIVE: Final = re.compile(r"\b(?:is|are) (?:\w+ing)\b")

#: Second events inside one sentence.
#: "before Moldova's presidential runoff, scheduled for May 12"
SCHEDULED_NP: Final = re.compile(
    r"\b(?:ahead of|before|prior to)\s+(?P<np>[^,.;]{3,90}?\b(?:" + NOUN_TRIGGERS["election"] + "|"
    + NOUN_TRIGGERS["meeting"] + "|" + NOUN_TRIGGERS["conference"]
    + r")\b[^,.;]{0,40}?),\s*(?:which is\s+|to be held\s+)?(?:set|scheduled|due|slated|planned)\s+(?:for|on|to)\b"
)
#: ", with Uzbekistan also signing the protocol"
WITH_ALSO: Final = re.compile(r",\s+with\s+(?=[A-Z][^,.;]{0,40}\s+(?:also\s+)?\w+ing\b)")
#: "after her visit to the Shusha forum ..."
FOLLOWING: Final = re.compile(
    r"\b(?:following|after)\s+(?:his|her|their|its)\s+(?:participation in|visit to|trip to|talks with|"
    r"attendance at)\b"
)
#: "the consultations—the second round ... since 2017—": a dash-enclosed noun phrase with its own date.
DASHED: Final = re.compile(r"[—–]\s*(?P<np>(?:the|a)\s[^—–]{5,120}?)\s*[—–]")


# -- expansion of the word lists and the one-pass scan ----------------------------------------------

_GROUP: Final = re.compile(r"\[([^\]]+)\]|\(\?:([^()]*)\)(\?)?|(\w)\?")


def _split_top(spec: str) -> list[str]:
    """``spec`` split at the ``|`` that lie outside parentheses."""
    out: list[str] = []
    depth, cur = 0, ""
    for c in spec:
        if c == "|" and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += (c == "(") - (c == ")")
        cur += c
    out.append(cur)
    return out


def expand(spec: str) -> list[str]:
    """The literal phrases of an alternation, in the order a regular expression would try them.

    Supports what the word lists use: ``[sz]``, ``(?:a|b)``, ``(?:wo)?`` and ``s?``.
    """
    out: list[str] = []
    for alt in _split_top(spec):
        m = _GROUP.search(alt)
        if m is None:
            out.append(alt)
            continue
        if m.group(1) is not None:
            choices = list(m.group(1))
        elif m.group(2) is not None:
            choices = m.group(2).split("|") + ([""] if m.group(3) else [])
        else:
            choices = [m.group(4), ""]
        for c in choices:
            out.extend(expand(alt[: m.start()] + c + alt[m.end() :]))
    return [" ".join(p.split()) for p in out]


_TOKEN: Final = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Hits:
    """Matches of one lexicon over a text, left to right and non-overlapping (like ``finditer``)."""

    starts: list[int]
    ends: list[int]
    labels: list[str]

    # Written out so that the compiled build makes it native code (see timeline_gui.core.entities.Mention).
    def __init__(self, starts: list[int], ends: list[int], labels: list[str]) -> None:
        object.__setattr__(self, "starts", starts)
        object.__setattr__(self, "ends", ends)
        object.__setattr__(self, "labels", labels)

    def first(self, a: int, b: int) -> int:
        """Index of the first match lying inside ``[a, b)``, or -1."""
        starts, ends = self.starts, self.ends
        i = bisect_left(starts, a)
        n = len(starts)
        while i < n and starts[i] < b:
            if ends[i] <= b:
                return i
            i += 1
        return -1

    def any(self, a: int, b: int) -> bool:
        return self.first(a, b) >= 0

    def span(self, i: int) -> tuple[int, int]:
        return self.starts[i], self.ends[i]


class Lexicons:
    """Several word lists indexed together by first word, so that one pass over a text finds them all."""

    def __init__(self, lists: dict[str, Sequence[tuple[str, str]]]) -> None:
        self.names = tuple(lists)
        # Each phrase with its list, label, whether it is one word, and its second word ("" if none).
        index: dict[str, list[tuple[int, str, str, bool, str]]] = {}
        for li, (_name, phrases) in enumerate(lists.items()):
            for phrase, label in phrases:
                first = _TOKEN.match(phrase)
                if first is None:
                    continue
                single = first.end() == len(phrase)
                second = _TOKEN.search(phrase, first.end())
                index.setdefault(first.group(), []).append(
                    (li, phrase, label, single, "" if second is None else second.group()))
        self._index = {k: tuple(v) for k, v in index.items()}

    def scan(self, text: str, words: list[str], starts: list[int], start: int = 0) -> dict[str, Hits]:
        """All matches of every list in ``text[start:]``, given its words and their offsets."""
        n = len(self.names)
        found = [Hits([], [], []) for _ in range(n)]
        last_end = [0] * n
        index = self._index
        size = len(text)
        first = bisect_left(starts, start)
        n_words = len(words)
        for k in range(first, n_words):
            # One look-up per word (most are in no list).
            entries = index.get(words[k])
            if entries is None:
                continue
            ws = starts[k]
            we = ws + len(words[k])
            done = -1
            for li, phrase, label, single, second in entries:
                if li == done or ws < last_end[li]:
                    continue
                if single:
                    end = we
                else:
                    # Where the phrase is in the text, the next word is its second word (words are
                    # whole runs of word characters, and a match ends at a non-word character):
                    # comparing them first spares most searches.
                    if second and (k + 1 >= n_words or words[k + 1] != second):
                        continue
                    end = ws + len(phrase)
                    if not text.startswith(phrase, ws) or (end < size and (text[end].isalnum() or text[end] == "_")):
                        continue
                h = found[li]
                h.starts.append(ws)
                h.ends.append(end)
                h.labels.append(label)
                last_end[li] = end
                done = li
        return dict(zip(self.names, found, strict=True))


def _plain(spec: str, label: str = "") -> list[tuple[str, str]]:
    return [(p, label) for p in expand(spec)]


def _typed(specs: dict[str, str]) -> list[tuple[str, str]]:
    return [(p, typ) for typ, spec in specs.items() for p in expand(spec)]


LEXICONS: Final = Lexicons(
    {
        "statement": _plain(STATEMENT, "statement"),
        "verb": _typed(VERB_TRIGGERS),
        "noun": _typed(NOUN_TRIGGERS),
        "light": _plain(LIGHT),
        "undated_past": _plain(UNDATED_PAST),
        "press": _plain(PRESS),
        "future": _plain(FUTURE),
        "denied": _plain(STATUS_DENIED),
        "possible": _plain(STATUS_POSSIBLE),
        "expected": _plain(STATUS_EXPECTED),
        "scheduled": _plain(STATUS_SCHEDULED),
        "cue_ahead": _plain(CUE_AHEAD),
        "cue_following": _plain(CUE_FOLLOWING),
        "cue_with": _plain(CUE_WITH),
        "cue_relative": _plain(CUE_RELATIVE),
        "win": _plain(WIN, "election"),
    }
)


def scan(text: str, start: int = 0, toks: tuple[list[str], list[int]] | None = None) -> dict[str, Hits]:
    """Every lexicon's matches in ``text[start:]`` (``toks``: its words and offsets, if known)."""
    words, starts = toks if toks is not None else tokens(text)
    return LEXICONS.scan(text, words, starts, start)
