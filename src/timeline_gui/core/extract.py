"""Events from one article: who did what, when and where, with the sentences that say so.

The extractor works sentence by sentence:

1. a trigger (a reporting verb, an event verb, or an event noun with a light verb or a date)
   gives the event and its type; a few constructions add a second event to the sentence
   ("before the referendum, scheduled for May 12", ", with Tajikistan also signing ...",
   "after her visit to ...", a dash-enclosed "the second round ... since 2017");
2. the clause's own time expression dates it; without one, reporting of the past ("earlier",
   "has warned") is undated (``unknown``, the year before publication), a present or future
   lead takes the dateline, and a statement at "a news conference" takes the date of the
   story's main occasion;
3. participants are the names of the clause (people bring their country), without the places,
   the organizations inside a person's title, and the names of a ``, which`` aside;
4. a quotation continued in the next paragraph under the same speaker stays one statement, and a
   later "the summit is being held" style back-reference joins the event it refers back to.

Every quote and trigger is a slice of ``article.text``, so its offsets are exact by construction.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, fields
from typing import Final

from timeline_gui.core import events_rules as R
from timeline_gui.core.entities import Mention, find_mentions, short_names
from timeline_gui.core.gazetteer import Entry, fold, folded_chars, gazetteer, tokens
from timeline_gui.core.model import Article, Event, Interval, Participant, Span
from timeline_gui.core.text import (
    Sentence,
    ascii_classes,
    bisect_left,
    bisect_right,
    non_ascii_chars,
    sentences,
    word_starts,
)
from timeline_gui.core.timex import Timex, tag
from timeline_gui.core.timex.calendar_math import new_interval
from timeline_gui.core.timex.types import new_timex

#: How far back an undated report may lie: the one-year window the timeline shows for "earlier".
UNDATED_WINDOW: Final = dt.timedelta(days=365)
MAX_TITLE: Final = 80
#: Trailing phrases are dropped from a long title only while this many words remain.
_MIN_TITLE_WORDS: Final = 3

# Several patterns here are written to begin with a character class, which lets the engine skip to
# the positions where a match can start instead of trying one at every position: "[,.!?]?[”"»]" as
# "[,.!?”"»](?:(?<=[”"»])|[”"»])", "\b[hai]" as "[hai](?<!\w[hai])".
_CLOSE_QUOTE: Final = re.compile(r"[,.!?”\"»](?:(?<=[”\"»])|[”\"»])\s*[,—–-]?\s*")
_HIS_HER: Final = re.compile(r"\b(?:his|her)\b")
#: A title led by a pronoun for the person ``_Draft.pronoun_of`` names: possessive ("His visit") or not.
_PRONOUN_TITLE: Final = re.compile(r"^(?:(His|Her|his|her)|He|She)\s+")
_COMMA_THAT: Final = re.compile(r",|\bthat\b")
_RANGE_JOIN: Final = re.compile(r"\s*(?:and|to|through|until|till|-|–)\s*")
_YEAR: Final = re.compile(r"\d{4}")
_RELATIVE: Final = re.compile(r",\s+(?:which|who|whose)\b")
#: What one agrees to hold: "... and agreed to hold / continue / resume ...".
_AGREED_VERBS: Final = r"(?:hold|meet|convene|continue|resume|organi[sz]e)"
# Led by a literal, so that the engine skips to each "and"; the white space before it is checked apart.
_AGREED_TO: Final = re.compile(
    r"and\s+(?:also\s+)?(?:agreed|decided|pledged|promised|resolved)\s+to\s+(?=" + _AGREED_VERBS + r"\b)"
)
_AGREED_VERB: Final = re.compile(r"^" + _AGREED_VERBS + r"\s+", re.IGNORECASE)
_IN_COUNTRY: Final = re.compile(r"\b(?:in|to)\s+(?:the\s+)?$")
_LOCATIVE_BEFORE: Final = re.compile(r"\b(?:in|to|at|near|from)\s+(?:the\s+)?$")
_DEFINITE_REF: Final = re.compile(
    r"^[\"“']?(?:The|This|That|These)\b[^,.;]{0,40}?\b(?:meeting|summit|talks|conference|visit|forum|session)\b"
)
#: The characters a _DEFINITE_REF match can begin with.
_DEFINITE_FIRST: Final = ('"', "“", "'", "T")
#: A subject that names the parties of the occasion just reported as a group ("The sides discussed
#: ...", "The two presidents agreed ..."): they are that occasion's people and countries.
_COLLECTIVE: Final = re.compile(
    r"(?:The|Both)\s+(?:(?:two|three|four|five|six|both)\s+)?(?:sides|leaders|presidents|ministers|foreign "
    r"ministers|prime ministers|parties|delegations|heads of state|top diplomats|counterparts)\b"
)
#: A capitalised word and one space right before a position (a word of a body's name).
_CAPITALISED_BEFORE: Final = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*) $")
#: Capitalised words that begin sentences and phrases rather than names of bodies.
_NOT_A_BODY: Final = frozenset((
    "The", "A", "An", "In", "On", "At", "From", "With", "For", "By", "And", "Of", "To", "As", "After", "Before",
    "During", "When", "While", "Then", "Later", "Earlier", "Meanwhile", "But", "Also", "This", "That", "Former",
    "Acting", "Deputy", "Vice", "First", "Then-", "Both", "His", "Her", "Their", "Its", "Our",
))
#: Verbs whose subject is the occasion itself ("The previous round of consultations was held ...").
_OCCASION_VERBS: Final = frozenset((
    "took place", "is taking place", "are taking place", "will take place", "was held", "were held",
    "was organized", "were organized", "was organised", "were organised",
))
#: "the summit", "the meeting": the occasion the story is about (not "the next summit", "a summit").
_THE_OCCASION: Final = re.compile(r"\b[Tt]he\s+(?:summit|meeting|forum|conference|session|congress)\b")
#: Verbs of a closing report clause that are no statement triggers.
_REPORTED: Final = re.compile(r"\b(?:reported|reports|informed|quoted)\b")
#: "He ..."/"She ..." as the subject at the start of a clause.
_PRONOUN_SUBJECT: Final = re.compile(r"(?:He|She)\s+(?!said|says|added|noted|stressed|told)")
#: What may stand between a visit's verb and one of the places it goes to: the places before it.
_VISIT_LIST: Final = re.compile(
    r"\s+(?:the\s+)?(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s*(?:,\s*|\s+and\s+)(?:the\s+)?)*"
)
#: A negation just before a trigger ("will not attend", "did not take part").
_NEGATED_BEFORE: Final = re.compile(r"\b(?:not|never|n['’]t)\s+$")
#: How many blocks (paragraphs) back a collective subject may refer.
_COLLECTIVE_REACH: Final = 2
_EVENT_REFERENCE: Final = re.compile(
    r"['’]s\s+(?:statement|remarks|comments|words|proposal|position|stance|claims?|assessment)\b"
)
_BRACKETED: Final = re.compile(r"\[[^\]\n]{0,300}\]")
_NAMED_OCCASION: Final = re.compile(
    r"(?:\s+[A-Z][\w'’-]*){0,4}\s+(?:Conference|Summit|Forum|Congress|Week|Games|Expo|Festival|Session|Olympics)\b"
)
#: The last words of _NAMED_OCCASION, one of which every match holds.
_OCCASION_WORDS: Final = ("Conference", "Summit", "Forum", "Congress", "Week", "Games", "Expo", "Festival", "Session",
                          "Olympics")
_THAT_WORD: Final = re.compile(r"\bthat\b")
_HOSTED_BY: Final = re.compile(
    r"[hai](?<!\w[hai])(?:(?<=h)osted by|(?<=a)t the invitation of|(?<=i)nvited by)\s+(?:the\s+)?$"
)
_HOST_VERB: Final = re.compile(r"host|hosts|hosted|will host|is hosting", re.IGNORECASE)
_REFERABLE: Final = frozenset(("meeting", "talks", "conference", "visit"))
_IMPLICIT_OBJECT: Final = re.compile(r"\b(?:participate|attend|take part|join)\s*[.!]?$")
#: The hash of event ids, looked up once (not as an attribute of its module per event).
_SHA1: Final = hashlib.sha1
#: ``object.__new__``, looked up once: a record below is allocated without running any ``__init__``.
_NEW: Final = object.__new__


def _check_fields(cls: type, names: tuple[str, ...]) -> None:
    """Refuse at import to build ``cls`` slot by slot unless ``names`` are its fields, in order, and
    it checks nothing in ``__post_init__``: the constructors below set those slots and no others."""
    if tuple(f.name for f in fields(cls)) != names or getattr(cls, "__post_init__", None) is not None:
        raise TypeError(f"the constructors of {cls.__name__} records in {__name__} are out of date")


# Events, spans and participants are made by the thousand. Their classes are frozen dataclasses,
# whose generated ``__init__`` is Python; from the compiled build, ``object.__setattr__`` with a
# literal name becomes a direct C call that sets the slot (it is also what that ``__init__`` does).
# Only in module-level functions: in a method of a compiled class the name would be taken for one
# of that class's attributes.
_check_fields(Span, ("file", "start", "end", "text", "article_id"))
_check_fields(Participant, ("name", "kind", "role", "affiliation"))
_check_fields(Event, ("id", "title", "type", "status", "interval", "date_text", "place", "participants", "trigger",
                      "quotes", "speaker", "mentions", "date_span", "disputed", "sources"))


def _span(file: str, start: int, end: int, text: str, article_id: str) -> Span:
    obj = _NEW(Span)
    object.__setattr__(obj, "file", file)
    object.__setattr__(obj, "start", start)
    object.__setattr__(obj, "end", end)
    object.__setattr__(obj, "text", text)
    object.__setattr__(obj, "article_id", article_id)
    return obj


def _participant(name: str, kind: str, role: str | None, affiliation: str | None) -> Participant:
    obj = _NEW(Participant)
    object.__setattr__(obj, "name", name)
    object.__setattr__(obj, "kind", kind)
    object.__setattr__(obj, "role", role)
    object.__setattr__(obj, "affiliation", affiliation)
    return obj


def _new_event(id: str, title: str, type: str, status: str, interval: Interval, date_text: str, place: str | None,
               participants: tuple[Participant, ...], trigger: Span, quotes: tuple[Span, ...], speaker: str | None,
               date_span: Span | None) -> Event:
    """An :class:`Event` as extraction makes it: without mentions and sources, not disputed."""
    obj = _NEW(Event)
    object.__setattr__(obj, "id", id)
    object.__setattr__(obj, "title", title)
    object.__setattr__(obj, "type", type)
    object.__setattr__(obj, "status", status)
    object.__setattr__(obj, "interval", interval)
    object.__setattr__(obj, "date_text", date_text)
    object.__setattr__(obj, "place", place)
    object.__setattr__(obj, "participants", participants)
    object.__setattr__(obj, "trigger", trigger)
    object.__setattr__(obj, "quotes", quotes)
    object.__setattr__(obj, "speaker", speaker)
    object.__setattr__(obj, "mentions", ())
    object.__setattr__(obj, "date_span", date_span)
    object.__setattr__(obj, "disputed", False)
    object.__setattr__(obj, "sources", ())
    return obj


@dataclass(slots=True)
class _Draft:
    """An event being assembled; becomes an :class:`Event` once the article is done."""

    type: str
    trigger: tuple[int, int]
    clause: tuple[int, int]
    sentence: Sentence
    quotes: list[tuple[int, int]]
    interval: Interval
    date_text: str
    date_span: tuple[int, int] | None
    status: str
    participants: list[Participant]
    speaker: str | None
    place: str | None
    #: What the title is made from; it is made only for the drafts that become events.
    title_of: tuple[str, int, int, tuple[int, int], Mention | None, tuple[int, int] | None, bool, str | None]
    attributed_quote: bool = False  # a direct quotation with its attribution ("...," X said)
    definite_ref: bool = False  # "This summit is the first ...": refers back to an earlier event
    #: "The sides discussed ...": the earlier occasion whose parties its subject names.
    occasion: _Draft | None = None
    dated: bool = False
    merged: list[_Draft] = field(default_factory=list)
    #: The short name of the person a leading "his"/"her"/"he"/"she" of the title stands for.
    pronoun_of: str | None = None

    # Written out so that the compiled build makes it native code instead of running the
    # dataclass's generated Python ``__init__``.
    def __init__(self, *, type: str, trigger: tuple[int, int], clause: tuple[int, int], sentence: Sentence,
                 quotes: list[tuple[int, int]], interval: Interval, date_text: str, date_span: tuple[int, int] | None,
                 status: str, participants: list[Participant], speaker: str | None, place: str | None,
                 title_of: tuple[str, int, int, tuple[int, int], Mention | None, tuple[int, int] | None, bool,
                                 str | None],
                 attributed_quote: bool = False, definite_ref: bool = False, dated: bool = False,
                 merged: list[_Draft] | None = None, pronoun_of: str | None = None,
                 occasion: _Draft | None = None) -> None:
        self.type = type
        self.trigger = trigger
        self.clause = clause
        self.sentence = sentence
        self.quotes = quotes
        self.interval = interval
        self.date_text = date_text
        self.date_span = date_span
        self.status = status
        self.participants = participants
        self.speaker = speaker
        self.place = place
        self.title_of = title_of
        self.attributed_quote = attributed_quote
        self.definite_ref = definite_ref
        self.occasion = occasion
        self.dated = dated
        self.merged = [] if merged is None else merged
        self.pronoun_of = pronoun_of


def _unknown(published: dt.date) -> Interval:
    start = published - UNDATED_WINDOW if published - dt.date.min > UNDATED_WINDOW else dt.date.min
    return new_interval(start, published, "unknown")


def _day(d: dt.date) -> Interval:
    return new_interval(d, d, "day")


def _timexes(article: Article) -> list[Timex]:
    """Time expressions of the body, as offsets into the whole text (one tagger call per article)."""
    body = article.text[article.body_start :]
    try:
        found = tag(body, article.published)
    except Exception:  # the tagger is someone else's module: a bug there must not lose the article
        return []
    out: list[Timex] = []
    text = article.text
    body_start = article.body_start
    for t in found:
        if t.interval is None or t.type not in ("DATE", "TIME"):
            continue
        s, e = t.start + body_start, t.end + body_start
        if text[s:e] != t.text:
            continue
        iv = t.interval
        if iv.granularity == "day" and iv.start == iv.end:
            near = text[max(0, s - 4) : e + 4]
            if "-" in near or "–" in near:
                s, e, iv = _day_range(text, s, e, iv)
        out.append(new_timex(s, e, text[s:e], t.type, t.value, iv, t.mod, t.tense, t.anchored))
    return out


#: The last day of a range after a date ("October 22-24"), and the first before one ("22-24 October").
_RANGE_END: Final = re.compile(r"\s?[-–]\s?(\d{1,2})(?![\d:.%]|\s?(?:%|per\s?cent|percent))")
_RANGE_START: Final = re.compile(r"(?<![\d.,:])(\d{1,2})\s?[-–]\s?$")


def _day_range(text: str, s: int, e: int, iv: Interval) -> tuple[int, int, Interval]:
    """A day widened to the range of days of the month it is written in, with the range's span; the
    day as it is when none is written."""
    start = iv.start
    after = _RANGE_END.match(text, e)
    if after is not None:
        last = int(after.group(1))
        if start.day < last <= calendar.monthrange(start.year, start.month)[1]:
            return s, after.end(), new_interval(start, start.replace(day=last), "day")
    before = _RANGE_START.search(text, max(0, s - 6), s)
    if before is not None:
        first = int(before.group(1))
        if 1 <= first < start.day:
            return before.start(), e, new_interval(start.replace(day=first), start, "day")
    return s, e, iv


def _clause_timex(timexes: list[Timex], a: int, b: int, text: str,
                  skip: list[tuple[int, int]] | None = None,
                  starts: list[int] | None = None) -> tuple[Interval, str, tuple[int, int]] | None:
    """The date of ``text[a:b]``; ``starts``, the starts of ``timexes`` (sorted by start) if known,
    narrows the search to the expressions starting inside."""
    if starts is not None:
        timexes = timexes[bisect_left(starts, a) : bisect_right(starts, b)]
    # "recently", "recent" carry no date: they are cues for the undated rules, not dates.
    inside = [t for t in timexes if a <= t.start and t.end <= b and t.interval is not None
              and t.interval.granularity != "unknown"
              and not any(x <= t.start < y for x, y in skip or ())]
    if not inside:
        return None
    first = inside[0]
    assert first.interval is not None
    if len(inside) >= 2:
        second = inside[1]
        between = text[first.end : second.start]
        # "in late spring and through the summer": one stretch from the first to the second.
        if second.interval is not None and _RANGE_JOIN.fullmatch(between):
            iv = new_interval(min(first.interval.start, second.interval.start),
                          max(first.interval.end, second.interval.end), "season"
                          if first.interval.granularity == "season" or second.interval.granularity == "season"
                          else first.interval.granularity)
            return iv, text[first.start : second.end], (first.start, second.end)
    return _whole_year(first), first.text, (first.start, first.end)


def _whole_year(t: Timex) -> Interval:
    """A bare year names the whole year, even where the tagger cut it at the publication date."""
    assert t.interval is not None
    if t.interval.granularity == "year" and _YEAR.fullmatch(t.value) and _YEAR.fullmatch(t.text):
        y = int(t.value)
        if dt.MINYEAR <= y <= dt.MAXYEAR:
            return new_interval(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    return t.interval


def _attribution(text: str, sent: Sentence, statements: R.Hits) -> tuple[int, int] | None:
    """The span after a closing quotation mark that carries a reporting verb (``," Petrov said.``)."""
    seg = text[sent.start : sent.end]
    if "”" not in seg and '"' not in seg and "»" not in seg:  # no closing quotation mark
        return None
    for m in _CLOSE_QUOTE.finditer(seg):
        if m.start() == 0:
            continue
        rest_start = sent.start + m.end()
        if sent.end - rest_start < 200 and text[rest_start : sent.end].strip() and \
                statements.any(rest_start, sent.end):
            return rest_start, sent.end
    return None


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;—–-"):
        b -= 1
    return a, b


def _title(text: str, a: int, b: int) -> str:
    s = _single_spaced(text[a:b]).strip(" \"“”'‘’«».,;:—–-")
    if len(s) <= MAX_TITLE:
        return s
    cut = s[:MAX_TITLE]
    sp = cut.rfind(" ")
    return (cut[:sp] if sp > 40 else cut).rstrip(" ,;:") + "…"


# -- titles ----------------------------------------------------------------------------------------
#
# A title is the clause said short, in its own words: the actor (people by the short name the
# article uses, "Lavrov"), the verb group, and the complement cut at the first clause boundary,
# without the date (the timeline shows it), asides, parentheses and discourse adverbs. A statement
# with a reported clause reads "Speaker: what was said". Prepositional phrases are dropped from the
# end (the event's place last) until the title is short; a title is never cut inside a word.

TITLE_TARGET: Final = 72
#: How much of a clause a title is made from (the rest would be cut anyway).
_RENDER_REACH: Final = 220
_AUX: Final = frozenset(
    [
        "will", "would", "shall", "should", "can", "could", "may", "might", "must", "has", "have", "had", "is",
        "are", "was", "were", "did", "does", "do", "also", "however", "recently", "earlier", "previously",
        "reportedly", "already", "definitely", "jointly", "still", "never", "not", "then"
    ]
)
_DROP_WORDS: Final = frozenset(
    [
        "also", "however", "recently", "earlier", "previously", "reportedly", "already", "definitely", "meanwhile",
        "further"
    ]
)
#: The same words as a tuple, iterated without a set iterator.
_DROP_LIST: Final = tuple(sorted(_DROP_WORDS))
_DROP_WORD: Final = re.compile(
    r",?\s*\b(?:" + "|".join(sorted(_DROP_WORDS)) + r")\b(?:\s*,(?=\s))?", re.IGNORECASE
)
_PREPS: Final = frozenset(
    [
        "in", "on", "at", "for", "with", "from", "during", "after", "before", "since", "amid", "over", "about",
        "under", "between", "by", "near", "following", "within", "against", "through", "via", "across", "toward",
        "towards", "into", "to"
    ]
)
_FUNCTION: Final = frozenset(
    [
        "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "for", "with", "from", "by", "as", "that",
        "this", "these", "those", "its", "his", "her", "their", "our", "is", "are", "was", "were", "be", "been",
        "will", "would", "has", "have", "had"
    ]
)
_ING_NOUNS: Final = frozenset(
    [
        "meeting", "meetings", "briefing", "gathering", "hearing", "morning", "evening", "building", "signing",
        "opening", "during", "following", "regarding", "concerning", "including", "according", "ongoing", "bring",
        "thing", "nothing", "something", "king", "ring", "wing", "spring", "string", "funding", "training",
        "shipping", "housing", "warning", "ruling", "landing", "founding", "beginning", "setting", "understanding",
        "standing", "spending", "pending", "leading", "remaining", "existing", "upcoming", "coming", "outstanding",
        "growing", "rising", "sitting", "being"
    ]
)
#: Statement verbs whose content the speaker does not assert: a title keeps the verb.
_NOT_ASSERTED: Final = frozenset(
    ["denied", "denies", "deny", "rejected", "rejects", "dismissed", "dismisses", "refuted", "refutes", "disputed",
     "disputes", "doubted", "doubts", "questioned", "questions"]
)
#: "He said", "She also stressed": a statement's subject that is a personal pronoun (the clause up to its verb).
_SUBJECT_PRONOUN: Final = re.compile(r"\W*(?:[Hh]e|[Ss]he)(?:\s+(?:also|then|later|further|again|\w+ly))?\s*")
_OBJECT_PRONOUN: Final = re.compile(r"\s+(?:him|her)\b")
#: The first word of a source named by what it is, not who ("the ministry", "his office", "sources").
_UNNAMED: Final = frozenset(["the", "a", "an", "his", "her", "its", "their", "sources", "officials", "diplomats"])
#: How far (characters) back a statement's speaker is still who "he" or "she" means.
_PRONOUN_REACH: Final = 300
_PRONOUN_START: Final = re.compile(r"(?:he|she|it|they|we|i|his|her|its|their|our)\b", re.IGNORECASE)
_THAT_AFTER: Final = re.compile(r"[^.;:\"“”]{0,150}?\bthat\s+")
_TOLD_OBJECT: Final = re.compile(r"\s+(?:reporters|journalists|the press|parliament|lawmakers|the media)\b")
# A colon between digits is a clock time ("at 7:00") and a comma between digits a number's thousands
# ("100,000"): neither is a clause mark.
_TITLE_BOUNDARY: Final = re.compile(
    r"(?:[;—–()\[\]\"“”«»\s]|(?<!\d)[,:]|[,:](?!\d))"
    r"(?:(?<=\S)|-\s|(?=(?:which|who|whom|whose|where|while|whereas|because|although)\b))"
)
# Possessive ("*+") where a word's characters run: a shorter run would leave one of them before
# the white space or comma that must follow, so giving characters back only costs time.
_LIST_COMMA: Final = re.compile(
    r",\s+(?:(?:and|or)\s+)?(?:[A-Z0-9][\w'’.+-]*+(?:\s+[A-Z][\w'’.+-]*+){0,3}(?=\s*,|\s+(?:and|or)\s|\s*$)|"
    r"(?!(?:the|a|an|he|she|it|they|we|which|who|but|as|while|said|says)\b)[a-z][\w'’-]*+(?:\s+[a-z][\w'’-]*+){0,2}"
    r"(?=\s*,|\s+(?:and|or)\s))"
)
_INTRO: Final = re.compile(r"^(?:In|On|At|After|Before|During|Following|Earlier|Meanwhile|Later|Separately|"
                    r"However|Also|Last|This|Next|Based on|Given|Despite|Amid|As|With|Without|Under|"
                    r"Unlike|Like|Through|For|While|When|If|Although|Since|Because|[A-Z][a-z]+ing)\b"
                    r"[^,]{0,120},\s*")
def _drop_intro(s: str) -> str:
    """``_INTRO.sub("", s)``: an introductory phrase ends at a comma, so without one there is none."""
    return _INTRO.sub("", s) if "," in s else s


def _first_of(s: str, c1: str, c2: str) -> int:
    """Where the first ``c1`` or ``c2`` of ``s`` is, or -1."""
    i = s.find(c1)
    j = s.find(c2)
    if i < 0:
        return j
    return i if j < 0 or i < j else j


def _that_after(text: str, a: int, b: int) -> re.Match[str] | None:
    """``_THAT_AFTER.match(text, a, b)``; a match holds "that", so without one in the span there is none."""
    return _THAT_AFTER.match(text, a, b) if text.find("that", a, b) >= 0 else None


_OF_COUNTRY: Final = re.compile(r"\s+of\s+(?:the\s+)?")
_LAST_NP: Final = re.compile(r"(?:,|\bthat\b)\s*((?:[Tt]he|[Aa]n?)?\s*[^,]*)$")
_HEAD_NP: Final = re.compile(r"^(.{3,40}?)\s+(?:of|for|in|on|at|with|from|by|to)\b")
_OPEN_SINGLE: Final = re.compile(r"['‘](?<![\w]['‘])(?=[\w])")
_CLOSE_SINGLE: Final = re.compile(r"['’](?<=[\w.]['’])(?![\w])")
# "The vote, set for October 26" loses "set for" with the date; "will be held on ..." keeps "held",
# or the title would end in a bare "will be".
_TIMEX_PREP: Final = re.compile(
    r"(?:(?<!\bbe )(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bbeen )"
    r"\b(?:held|set|scheduled|planned|slated|due)\s+)?"
    r"\b(?:on|in|at|since|during|by|until|till|from|through|throughout|of|for)\s+$"
)
#: The prepositions of _TIMEX_PREP, and the verbs it takes with them.
_TIMEX_PREPS: Final = frozenset(("on", "in", "at", "since", "during", "by", "until", "till", "from", "through",
                                 "throughout", "of", "for"))
_TIMEX_VERBS: Final = frozenset(("held", "set", "scheduled", "planned", "slated", "due"))


def _timex_prep(text: str, lo: int, hi: int) -> int:
    """Where ``_TIMEX_PREP.search(text, lo, hi)`` matches, or -1.

    A match ends in one of the prepositions, whole, and white space up to ``hi``, maybe after one
    of the verbs ("held") and white space: where the letters before the white space at ``hi`` are
    no preposition there is none. Without such a verb before it, the match is the preposition if
    a word begins there; with one, the pattern decides, tried from the verb. (Look-behinds and
    word boundaries see the text before the position a search starts at.)
    """
    k = hi
    while k > lo and text[k - 1].isspace():
        k -= 1
    if k == hi:
        return -1
    # The words are lower-case ASCII letters, with no word character before them (by ord: the
    # compiled build has no primitive for str.isalpha).
    j = k
    while j > lo and 97 <= ord(text[j - 1]) <= 122:
        j -= 1
    if text[j:k] not in _TIMEX_PREPS:
        return -1
    v_end = j
    while v_end > lo and text[v_end - 1].isspace():
        v_end -= 1
    v = v_end
    while v > lo and 97 <= ord(text[v - 1]) <= 122:
        v -= 1
    if v < v_end < j and text[v:v_end] in _TIMEX_VERBS:
        m = _TIMEX_PREP.search(text, v, hi)
        return m.start() if m is not None else -1
    if j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
        return -1
    return j


_AFTER_TIMEX_OK: Final = re.compile(
    r"\s*(?:$|[,.;:)—–\-]|(?:and|to|on|in|at|for|with|after|before|that|as|from|by|during|when|while|where|"
    r"but|or|the|a|an|it|he|she|they|his|her|its|their|we)\b)"
)
_LEAD_PUNCT: Final = " \"“”'‘’«».,;:—–-"


def _join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return names[0] if names else ""
    if len(names) > 3:
        return ", ".join(names[:2]) + " and others"
    return ", ".join(names[:-1]) + " and " + names[-1]


def _after(s: str, first: str, marks: str) -> bool:
    """Whether one of the characters ``marks`` follows a ``first`` in ``s``: each mark is looked
    for on its own (a one-character search runs at memory speed; a two-character one scans the
    whole string several times slower), and titles have few of them."""
    for mark in marks:
        i = s.find(mark, 1)
        while i != -1:
            if s[i - 1] == first:
                return True
            i = s.find(mark, i + 1)
    return False


def _single_spaced(s: str) -> str:
    """Each run of white space as one space (what ``re.sub(r"\\s+", " ", s)`` gives). ``str.split``
    and the regex ``\\s`` know the same white space, and a split makes no match object per run."""
    words = s.split()
    if not words:
        return " " if s else ""
    out = " ".join(words)
    if s[0].isspace():
        out = " " + out
    if s[-1].isspace():
        out += " "
    return out


def _drop_space_before_punct(s: str) -> str:
    """The white space right before each of ",.;:!?" goes (what ``re.sub(r"\\s+(?=[,.;:!?])", "", s)``
    gives).

    A match is a whole run of white space with a mark after it, so each mark with white space
    before it (found by a search per mark) gives one run to drop, ending there.
    """
    ends: list[int] = []
    for mark in ",.;:!?":
        i = s.find(mark, 1)
        while i != -1:
            if s[i - 1].isspace():
                ends.append(i)
            i = s.find(mark, i + 1)
    if not ends:
        return s
    ends.sort()
    parts: list[str] = []
    pos = 0
    for end in ends:
        start = end - 1
        while start > 0 and s[start - 1].isspace():
            start -= 1
        parts.append(s[pos:start])
        pos = end
    parts.append(s[pos:])
    return "".join(parts)


def _tidy(s: str) -> str:
    if "  " in s or "\n" in s or "\t" in s or "\xa0" in s:
        s = _single_spaced(s)
    if _after(s, " ", ",.;:!?"):
        s = _drop_space_before_punct(s)
    if ",," in s:
        s = s.replace(",,", ",")
    return s.strip(_LEAD_PUNCT)


def _cut_clause(s: str, start: int = 0) -> str:
    """``s`` up to its first clause boundary at or after ``start`` (commas of a list do not count)."""
    pos = start
    while True:
        at = _boundary(s, pos)
        if at < 0:
            return s
        if s[at] == ",":
            comma = at
            if _LIST_COMMA.match(s, comma):
                pos = comma + 1
                continue
            if _REL_ASIDE.match(s, comma) and len(s[start : comma].split()) <= 3:
                close = _aside_end(s, comma + 1)
                if close > 0:  # "Moscow, which is ..., has ...": the aside goes, the clause stays
                    s = s[:comma] + " " + s[close + 1 :].lstrip()
                    pos = comma
                    continue
        return s[:at].rstrip()


#: The marks that end a title's clause (the first alternative of _TITLE_BOUNDARY), all of them and
#: the ASCII ones.
_BOUNDARY_MARKS: Final = ";:—–()[]\"“”«»,"
_BOUNDARY_ASCII_MARKS: Final = ";:()[]\","
#: The words before which white space ends a clause (the look-ahead of _TITLE_BOUNDARY).
_CLAUSE_WORDS: Final = ("which", "who", "whom", "whose", "where", "while", "whereas", "because", "although")
#: One of them, whole: one match in place of a comparison per word.
_CLAUSE_WORD: Final = re.compile("(?:" + "|".join(_CLAUSE_WORDS) + r")\b")


def _boundary(s: str, pos: int) -> int:
    """Where ``_TITLE_BOUNDARY.search(s, pos)`` matches, or -1: the first clause mark, white space
    before " - " (a dash between spaces) or white space before a relative or conjunction word.

    A search for each mark (bounded by the best so far) and for the dashes and words runs at
    memory speed; the pattern tries its alternatives at every white space on the way.
    """
    n = len(s)
    best = n
    for c in _BOUNDARY_ASCII_MARKS if s.isascii() else _BOUNDARY_MARKS:
        i = s.find(c, pos, best)
        if c == ":" or c == ",":
            # A clock time ("10:30") or a number's thousands ("100,000") goes on.
            while 0 < i < n - 1 and s[i - 1].isdecimal() and s[i + 1].isdecimal():
                i = s.find(c, i + 1, best)
        if i >= 0:
            best = i
    # White space at i (pos <= i < best) followed by "-" and white space.
    j = s.find("-", pos + 1, best + 1)
    while j >= 0:
        if s[j - 1].isspace() and j + 1 < n and s[j + 1].isspace():
            best = j - 1
            break
        j = s.find("-", j + 1, best + 1)
    # White space at i (pos <= i < best) followed by one of the words, whole: the "wh" words are
    # found by their common beginning.
    for lead in ("wh", "because", "although"):
        size = len(lead)
        j = s.find(lead, pos + 1, best + size)  # starting at best at the latest
        while j >= 0:
            if s[j - 1].isspace() and _clause_word_at(s, j):
                best = j - 1
                break
            j = s.find(lead, j + 1, best + size)
    return best if best < n else -1


def _clause_word_at(s: str, j: int) -> bool:
    """Whether one of :data:`_CLAUSE_WORDS` starts at ``j`` as a whole word."""
    return _CLAUSE_WORD.match(s, j) is not None


def _subject_phrase(t: str) -> str:
    """``_tidy(_cut_clause(_tidy(_drop_intro(t))))`` for a tidied ``t``.

    Without a comma there is no introductory phrase to drop, and tidying changes nothing inside a
    tidied string without ",," (it has no double or odd white space, no space before punctuation)
    nor inside a piece of one: what is left of the last tidying is stripping the ends.
    """
    if "," in t:
        return _tidy(_cut_clause(_tidy(_drop_intro(t))))
    return _cut_clause(t).strip(_LEAD_PUNCT)


_REL_ASIDE: Final = re.compile(r",\s*(?:which|who|whose|whom)\b")


def _aside_end(s: str, pos: int) -> int:
    """The comma that closes an aside opened before ``pos`` (list commas do not), or -1."""
    i = s.find(",", pos)
    while i >= 0:
        if not _LIST_COMMA.match(s, i):
            return i
        i = s.find(",", i + 1)
    return -1


def _word_spans(s: str) -> tuple[list[str], list[int]]:
    r"""The words of ``s`` (runs of non-space characters) and where each starts: what finditer of
    ``\S+`` gives, without a match object per word (``str.split`` and the regex ``\s`` know the
    same white space; each word is found from the end of the previous one, across white space only).
    """
    words = s.split()
    return words, word_starts(s, words)


def _lowered_spans(s: str) -> tuple[list[str], list[int]]:
    """The words of ``s`` lowered (``[w.lower() for w in s.split()]``) and where each starts.

    Where lowering keeps the length of ``s``, each character lowers to one character, white space
    to white space and nothing else to white space, so splitting the lowered string gives the
    lowered words at the same offsets (the one context rule of lowering, the final sigma, looks no
    further than the white space around a word): one string per word is made instead of two.
    """
    low = s.lower()
    if len(low) == len(s):
        lows = low.split()
        return lows, word_starts(low, lows)
    words, starts = _word_spans(s)
    return [w.lower() for w in words], starts


# What _chunks asks of a lowered word, as bits of one look-up.
_IS_PREP: Final = 1
_IS_FUNCTION: Final = 2
_IS_AUX: Final = 4
_IS_ING_NOUN: Final = 8
_WORD_FLAGS: Final = {
    w: (_IS_PREP if w in _PREPS else 0) | (_IS_FUNCTION if w in _FUNCTION else 0) | (_IS_AUX if w in _AUX else 0)
    | (_IS_ING_NOUN if w in _ING_NOUNS else 0)
    for w in _PREPS | _FUNCTION | _AUX | _ING_NOUNS
}


def _chunks(s: str, first_end: int) -> list[str]:
    """``s`` split before each prepositional phrase (and purpose or participle phrase) after ``first_end``."""
    lows, starts = _lowered_spans(s)
    cuts = [0]
    prev_start = -1
    prev_flags = 0
    seen_content = False
    for k in range(len(lows)):
        low = lows[k]
        start = starts[k]
        flags = _WORD_FLAGS.get(low, 0)
        if start < first_end:
            prev_start = start
            prev_flags = flags
            continue
        starts_phrase = False
        if seen_content and flags & _IS_PREP:
            if low == "to":
                after = s[start + len(low) :].lstrip()
                starts_phrase = after[:1].isupper() or after.startswith(("the ", "a ", "an ")) or \
                    (prev_start >= 0 and s[prev_start].isupper())
            else:
                starts_phrase = True
        elif seen_content and not flags & _IS_ING_NOUN and low.endswith("ing") and low.isalpha() and \
                not prev_flags & (_IS_FUNCTION | _IS_PREP | _IS_AUX):
            starts_phrase = True
        if starts_phrase:
            cuts.append(start)
            seen_content = False
        elif not flags & (_IS_FUNCTION | _IS_PREP):
            seen_content = True
        prev_start = start
        prev_flags = flags
    cuts.append(len(s))
    return [s[cuts[i] : cuts[i + 1]] for i in range(len(cuts) - 1)]


def _shorten(s: str, first_end: int, keep: str | None, limit: int = TITLE_TARGET) -> str:
    """Drop trailing phrases (the one naming ``keep`` last) until ``s`` fits, then cut between words."""
    s = _tidy(s)
    if len(s) <= limit:
        return s
    parts = _chunks(s, first_end)
    for protect in (True, False):
        i = len(parts) - 1
        while i >= 1 and len("".join(parts).strip()) > limit:
            if protect and keep and keep in parts[i]:
                i -= 1
                continue
            if len("".join(parts[:i]).split()) < _MIN_TITLE_WORDS:
                break  # "Talks" says nothing: better cut the long phrase between words below
            del parts[i]
            i = min(i, len(parts)) - 1
        if len("".join(parts).strip()) <= limit:
            break
    out = _tidy("".join(parts))
    hard = MAX_TITLE if limit >= TITLE_TARGET else max(limit, 30)
    if len(out) <= hard:
        return out
    cut = out[: hard - 1]
    sp = cut.rfind(" ")
    cut = cut[:sp] if sp > 20 else cut
    ws = cut.split(" ")
    while len(ws) > 3 and (ws[-1].lower() in _FUNCTION or ws[-1].lower() in _PREPS):
        ws.pop()
    return " ".join(ws).rstrip(" ,;:-–—") + "…"


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s
_PARENS: Final = re.compile(r"\s*(?:\([^()\n]{0,300}\)|\[[^\]\n]{0,300}\])")
#: The quotation marks a title leaves out.
_QUOTE_CHARS: Final = ('"', "“", "”", "«", "»")
_LOWER_WORD: Final = re.compile(r"\b[a-z]+\b")
#: Lower-case ASCII letters kept, the other ASCII word characters as "#", the rest as spaces.
_LOWER_TABLE: Final = bytes(
    b if 97 <= b <= 122 else 35 if (48 <= b <= 57 or 65 <= b <= 90 or b == 95) else 32 for b in range(256)
)
_SAY: Final = frozenset(
    [
        "said", "says", "say", "stated", "states", "stressed", "stresses", "noted", "notes", "out", "told", "tells",
        "warned", "warns", "added", "adds", "announced", "announces", "declared", "declares", "emphasized",
        "emphasised", "emphasizes", "emphasises", "claimed", "claims", "argued", "insisted", "confirmed",
        "confirms", "reiterated", "explained", "believes", "expects", "hopes", "assured", "recalled"
    ]
)
_CONJ: Final = re.compile(r"^(?:and|but|or)\s+", re.IGNORECASE)
_WITH: Final = re.compile(r"^with\s+", re.IGNORECASE)
_DETERMINER: Final = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


# The patterns below match at the start only, case-insensitively: a string whose first character
# is ASCII and none of the letters they can begin with is left alone without running them.
# (Other first characters go to the pattern: case-insensitive matching may take some of them for
# ASCII letters. A character above "\x7f" is one outside ASCII: a comparison, where the compiled
# build would call str.isascii as a method.)


def _drop_determiner(s: str) -> str:
    """``_DETERMINER.sub("", s)``."""
    c = s[:1]
    return _DETERMINER.sub("", s) if c > "\x7f" or c in "tTaA" else s


def _drop_with(s: str) -> str:
    """``_WITH.sub("", s)``."""
    c = s[:1]
    return _WITH.sub("", s) if c > "\x7f" or c in "wW" else s


def _drop_conj(s: str) -> str:
    """``_CONJ.sub("", s)``."""
    c = s[:1]
    return _CONJ.sub("", s) if c > "\x7f" or c in "aAbBoO" else s


def _agreed_verb(s: str) -> re.Match[str] | None:
    """``_AGREED_VERB.match(s)``."""
    c = s[:1]
    return _AGREED_VERB.match(s) if c > "\x7f" or c in "hHmMcCrRoO" else None


def _pronoun_start(s: str) -> bool:
    """Whether ``_PRONOUN_START`` matches at the start of ``s``."""
    c = s[:1]
    return (c > "\x7f" or c in "hHsSiItTwWoO") and _PRONOUN_START.match(s) is not None


def _add(out: dict[str, Participant], name: str, kind: str, role: str | None, aff: str | None) -> None:
    """Add a participant to ``out``, by name; a host role wins over an attendee one."""
    old = out.get(name)
    if old is None:
        out[name] = _participant(name, kind, role, aff)
    elif role == "host" and old.role == "attendee":
        out[name] = _participant(name, old.kind, "host", old.affiliation)  # the country the talks are in


def _add_mention(out: dict[str, Participant], m: Mention, role: str, countries: dict[str, Entry]) -> None:
    """Add the participant ``m`` names and the body it acts for: ``countries`` tells a country
    (a minister's) from an organization (NATO's secretary general's)."""
    kind = m.kind
    if kind == "person":
        _add(out, m.name, "person", role, m.country)
        if m.country:
            _add(out, m.country, "country" if m.country in countries else "organization", role, None)
    elif kind in ("country", "disputed"):
        _add(out, m.name, "country" if kind == "country" else "place", role, None)
    elif kind == "organization":
        _add(out, m.name, "organization", role, m.country)  # its country is its affiliation
        if m.country:  # "Russia's intelligence service warned": Russia takes part through it, as through a person
            _add(out, m.country, "country", role, None)


def _join_parties(draft: _Draft, parties: list[Participant]) -> None:
    """Put ``parties`` of a sentence's main clause first among the participants of a second event
    in it, as attendees, unless the event already names them."""
    named = {p.name for p in draft.participants}
    joining: dict[str, Participant] = {}
    for p in parties:
        if p.name not in named and p.name not in joining:
            joining[p.name] = _participant(p.name, p.kind, "attendee", p.affiliation)
    draft.participants[:0] = joining.values()


class _ArticleExtractor:
    """Holds the per-article analyses (sentences, mentions, time expressions) while drafting events."""

    def __init__(self, article: Article) -> None:
        self.a = article
        self.text = article.text
        # The article's fields used per clause and event, read once (it is a Python record).
        self._published = article.published
        self._file = article.file
        self._id = article.id
        # The folded text and its words serve both the names and the trigger words. The characters
        # outside ASCII, found once, serve folding, the split into words and _lower_classes.
        self._non_ascii = set() if self.text.isascii() else non_ascii_chars(self.text)
        folded = fold(article.text, self._non_ascii)
        toks = tokens(folded, folded_chars(self._non_ascii))
        self.mentions = find_mentions(article, folded, toks)
        self._countries: dict[str, Entry] = gazetteer().countries
        self._starts = [m.start for m in self.mentions]
        self.timexes = _timexes(article)
        self.hits = R.scan(folded, article.body_start, toks)
        self._statement = self.hits["statement"]
        self._verb = self.hits["verb"]
        self._noun = self.hits["noun"]
        # The lists asked per clause, as attributes (a look-up in the dict per question costs more).
        self._win = self.hits["win"]
        self._light = self.hits["light"]
        self._future = self.hits["future"]
        self._undated_past = self.hits["undated_past"]
        self._press = self.hits["press"]
        self._denied = self.hits["denied"]
        self._possible = self.hits["possible"]
        self._expected = self.hits["expected"]
        self._scheduled = self.hits["scheduled"]
        self._cue_ahead = self.hits["cue_ahead"]
        self._cue_with = self.hits["cue_with"]
        self._cue_following = self.hits["cue_following"]
        self._cue_relative = self.hits["cue_relative"]
        self.brackets = [m.span() for m in _BRACKETED.finditer(article.text, article.body_start)] \
            if "[" in article.text else []
        self.anchor: Interval | None = None
        self.drafts: list[_Draft] = []
        self._shorts: dict[str, str] | None = None
        self._timex_starts = [t.start for t in self.timexes]
        self._sent_starts: list[int] = []
        # Statement triggers whose source is unnamed ("..., the ministry said").
        self._unnamed: set[tuple[int, int]] = set()
        # Whether the article has the words of "hosted by", "invited by", "at the invitation of"
        # at all: most have none, and spare the search before each name.
        self._hosting_words = "ed by" in self.text or "invitation of" in self.text
        # Where those words start: a name is looked at with the pattern only when one lies in
        # the 30 characters before it (every match holds one).
        self._hosting_at: list[int] = []
        if self._hosting_words:
            for cue in ("ed by", "invitation of"):
                i = self.text.find(cue)
                while i >= 0:
                    self._hosting_at.append(i)
                    i = self.text.find(cue, i + 1)
            self._hosting_at.sort()
        self._lower: str | None = None  # see _lower_classes
        self._lower_made = False
        self._unknown_iv: Interval | None = None  # see _unknown_interval
        self._pub_day: Interval | None = None  # see _publication_day
        # Whether an occasion's name ("... Economic Forum") can follow a name at all.
        self._occasion_words = any(w in self.text for w in _OCCASION_WORDS)

    # -- participants ----------------------------------------------------------------------------

    def _mentions_in(self, a: int, b: int) -> list[Mention]:
        ms = self.mentions
        i = bisect_left(self._starts, a)
        out: list[Mention] = []
        while i < len(ms) and ms[i].start < b:
            if ms[i].end <= b:
                out.append(ms[i])
            i += 1
        return out

    def _participants(self, a: int, b: int, trigger: tuple[int, int], speaker: Mention | None,
                      etype: str, skip: list[tuple[int, int]] | None = None) -> tuple[list[Participant], str | None]:
        text = self.text
        # Names inside an aside that is an event of its own, or inside an editor's [bracketed]
        # insertion, are not the clause's participants.
        hidden = [*(skip or ()), *self.brackets]
        ms = self._mentions_in(a, b)
        if hidden:
            ms = [m for m in ms if m is speaker or not any(x <= m.start < y for x, y in hidden)]
        rel = _RELATIVE.search(text, a, b) if self._cue_relative.any(a, b) else None
        if rel is not None and rel.start() < trigger[0]:
            # "Erdogan, who attended the summit, will meet Putin": the aside before the trigger is
            # left out, and what follows the trigger counts up to a relative clause of its own.
            aside = self._aside_before(a, trigger[0])
            if aside is not None:
                ms = [m for m in ms if m is speaker or not aside[0] <= m.start < aside[1]]
            rel = _RELATIVE.search(text, trigger[1], b)
        cut = rel.start() if rel else b
        titles = [m.title_span for m in ms if m.kind == "person" and m.title_span]
        tword = text[trigger[0] : trigger[1]]
        # Every form holds "host"; an ASCII trigger without it cannot match (case-insensitive
        # matching of other text may see more letters as "s", so it goes to the pattern).
        host_verb = (not tword.isascii() or "host" in tword.lower()) and \
            _HOST_VERB.fullmatch(text, trigger[0], trigger[1]) is not None
        out: dict[str, Participant] = {}
        place: str | None = None
        # "Rahmon will not attend the meeting": who stays away is absent from it, not an attendee.
        negated = etype in _REFERABLE and _NEGATED_BEFORE.search(text, max(a, trigger[0] - 12), trigger[0]) is not None

        if speaker is not None:
            _add_mention(out, speaker, "speaker", self._countries)
        for m in ms:
            if m.start >= cut and m is not speaker:
                continue
            if titles and m.kind != "person" and any(ts <= m.start < te for ts, te in titles):
                continue
            # "will visit Dushanbe", "visited Tajikistan and Armenia": where a visit goes is named right
            # after its verb.
            visited = etype == "visit" and m.start >= trigger[1] and m.start - trigger[1] < 80 and \
                _VISIT_LIST.fullmatch(text, trigger[1], m.start) is not None
            if m.kind == "place" or (m.kind == "country" and m.via == "capital" and m is not speaker and
                                     (visited or _LOCATIVE_BEFORE.search(text[max(a, m.start - 12) : m.start]))):
                if place is None and (visited or _LOCATIVE_BEFORE.search(text[max(a, m.start - 12) : m.start])):
                    place = m.name if m.kind == "place" else text[m.start : m.end]
                    country = m.country if m.kind == "place" else m.name
                    if country and etype != "statement":  # where one speaks does not make a host
                        _add(out, country, "country", "host", None)
                elif visited:  # "will visit Tbilisi and Yerevan": each country visited hosts a part of it
                    country = m.country if m.kind == "place" else m.name
                    if country:
                        _add(out, country, "country", "host", None)
                continue
            if m.kind == "organization" and m is not speaker and self._occasion_words and \
                    _NAMED_OCCASION.match(text, m.end):
                continue  # "the Black Sea Economic Forum": part of an occasion's name, not an actor
            if m.kind in ("country", "disputed") and m is not speaker and self._possessive_of_body(m, ms):
                continue  # "Iran's Atomic Energy Organization": the body acts, the country is its affiliation
            if m.kind == "region":
                continue
            if m.end < len(text) and text[m.end] in "'’" and _EVENT_REFERENCE.match(text, m.end) and \
                    m is not speaker:
                continue  # "the Kyrgyz envoy's remarks" point at another event
            if m.kind == "disputed" and m.start > trigger[0]:
                continue
            role = "attendee"
            if (self._hosting_words and self._hosting_near(max(a, m.start - 30), m.start) and
                    _HOSTED_BY.search(text, max(a, m.start - 30), m.start)) or \
                    (m.end <= trigger[0] and host_verb):
                role = "host"  # "hosted by Kazakhstan", "Baku hosted the talks"
            elif m.kind == "country" and m.via == "name" and m.start > trigger[0] and etype in _REFERABLE and \
                    (visited or _IN_COUNTRY.search(text, max(a, m.start - 8), m.start)):
                role = "host"  # "the summit will take place in China", "a visit to Armenia"
            elif etype == "election" and m.kind in ("country", "disputed"):
                role = "host"  # the country that votes
            if etype == "statement":
                role = "speaker" if m.end <= trigger[0] and speaker is None and trigger not in self._unnamed \
                    else "target"
            elif (etype == "refusal" or negated) and m.end <= trigger[0]:
                role = "absent"
            elif etype == "sanctions":
                role = "initiator" if m.end <= trigger[0] else "target"  # who imposes them on whom
            elif etype == "protest" and m.kind == "person" and m.start >= trigger[1]:
                role = "target"  # "demanding the resignation of Prime Minister ..."
            _add_mention(out, m, role, self._countries)
        if etype == "election" and not any(p.role == "host" for p in out.values()):
            aff = next((p.affiliation for p in out.values() if p.affiliation), None)
            if aff is not None:
                _add(out, aff, "country", "host", None)  # "Georgian Dream won ...": the party's country votes
        return list(out.values()), place

    def _hosting_near(self, lo: int, hi: int) -> bool:
        """Whether "ed by" or "invitation of" starts in ``text[lo:hi]``."""
        at = self._hosting_at
        k = bisect_left(at, lo)
        return k < len(at) and at[k] < hi

    def _possessive_of_body(self, m: Mention, ms: list[Mention]) -> bool:
        """Whether ``m`` ("Kazakhstan's") only says whose organization the next mention is."""
        text = self.text
        if text[m.end : m.end + 2] not in ("'s", "’s"):
            return False
        nxt = next((x for x in ms if x.start > m.start), None)
        return nxt is not None and nxt.kind == "organization" and nxt.start - m.end <= 8 and \
            nxt.country in (None, m.name)

    def _speaker(self, a: int, b: int, trig: tuple[int, int], attribution: tuple[int, int] | None) -> Mention | None:
        if attribution is not None:
            cands = self._mentions_in(*attribution)
        else:
            before = [m for m in self._mentions_in(a, trig[0]) if m.kind in ("person", "organization", "country",
                                                                             "disputed")]
            after = [m for m in self._mentions_in(trig[1], min(b, trig[1] + 60))
                     if m.kind in ("person", "organization", "country")
                     and not (self.text.find("that", trig[1], m.start) >= 0 and  # a match holds "that"
                              _THAT_WORD.search(self.text, trig[1], m.start))]  # "... stressed that Yerevan ..."
            # "according to Kazakh Deputy Foreign Minister ...": the person, not the demonym of the title
            after = [m for m in after if not any(p.kind == "person" and p.title_span and
                                                 p.title_span[0] <= m.start < p.start for p in after)] or after
            comma = self.text.rfind(",", a, trig[0])
            source = self.text[comma + 1 : trig[0]].split() if comma > a + 10 else []
            if self.text[trig[0] : trig[1]].lower() == "according to":
                cands = after[:1]
            elif 0 < len(source) <= 7:
                named = [m for m in before if m.start > comma]
                if named:
                    cands = named  # "Lavrov will visit Baku, the Kremlin said": the Kremlin said it
                elif source[0].lower() in _UNNAMED:
                    # "Kyrgyzstan sent no delegation, the ministry said": the source is not named,
                    # and the names before the comma are what it spoke of.
                    self._unnamed.add(trig)
                    return None
                else:
                    cands = before
            elif before:
                cands = before
            else:
                cands = after[:1]  # "said Petrov"
        people = [m for m in cands if m.kind == "person"]
        if people:
            return people[0] if attribution is not None else people[-1] if len(people) == 1 else people[0]
        orgs = [m for m in cands if m.kind == "organization"]
        if orgs:
            return orgs[0]
        others = [m for m in cands if m.kind in ("country", "disputed")]
        if others:
            return others[0]
        text = self.text
        if (attribution is None and _SUBJECT_PRONOUN.fullmatch(text, a, trig[0])) or (
                text[trig[0] : trig[1]].lower() == "according to" and _OBJECT_PRONOUN.match(text, trig[1])):
            return self._last_speaker(a)  # "He added ...", "According to her, ..."
        return None

    def _last_speaker(self, before: int) -> Mention | None:
        """Whom "he" or "she" of a statement at ``before`` is: the person who spoke just before,
        else the subject (the first person named) of the latest sentence that names someone."""
        people = [m for m in self._mentions_in(self.a.body_start, before) if m.kind == "person"]
        if not people:
            return None
        last = next((d for d in reversed(self.drafts) if d.type == "statement" and d.speaker), None)
        if last is not None and before - last.clause[1] < _PRONOUN_REACH:
            spoke = next((m for m in reversed(people) if m.name == last.speaker), None)
            if spoke is not None:
                return spoke
        k = bisect_right(self._sent_starts, people[-1].start) - 1
        start = self._sent_starts[k] if k >= 0 else self.a.body_start
        return next(m for m in people if m.start >= start)

    # -- titles ----------------------------------------------------------------------------------

    def _short(self, m: Mention) -> str:
        """The short name the article uses for a person ("Lavrov", "Xi"); other names as they are."""
        if m.kind != "person":
            return m.name
        if self._shorts is None:
            shorts: dict[str, str] = {}
            for x in self.mentions:
                if x.kind == "person" and x.via == "surname":
                    surface = self.text[x.start : x.end]
                    if " " not in surface and surface[:1].isupper():
                        shorts.setdefault(x.name, surface)
            self._shorts = shorts
        got = self._shorts.get(m.name)
        if got is not None:
            return got
        return short_names(m.name, m.country)[0]

    def _render(self, x: int, y: int, people: bool = True) -> str:
        """``text[x:y]`` without dates, parentheses and quotation marks, people by their short names."""
        text = self.text
        if y - x > _RENDER_REACH:  # a title never needs more: stop at a space, not inside a word
            cut = text.rfind(" ", x, x + _RENDER_REACH)
            y = cut if cut > x else x + _RENDER_REACH
        if y <= x:
            return ""
        edits: list[tuple[int, int, str]] = []
        seg = text[x:y]
        if "(" in seg or "[" in seg:
            for pm in _PARENS.finditer(text, x, y):
                edits.append((pm.start(), pm.end(), ""))
        timexes = self.timexes
        for i in range(bisect_left(self._timex_starts, x), len(timexes)):
            t = timexes[i]
            if t.start >= y:
                break
            if t.end > y:
                continue
            if not _AFTER_TIMEX_OK.match(text, t.end, y):
                continue  # "the 2024 conference": the date is part of a name
            p = _timex_prep(text, max(x, t.start - 12), t.start)
            edits.append((p if p >= 0 else t.start, t.end, ""))
        if people:
            for m in self._mentions_in(x, y):
                if m.kind != "person":
                    continue
                s, e = m.start, m.end
                if m.title_span is not None:
                    ts, te = m.title_span
                    if x <= ts < s:
                        s = self._body_before(ts, x)
                    elif e <= ts and te <= y and text[e:ts].strip() in (",", ""):
                        e = te  # "Ivan Petrov, deputy head of ...": the appositive goes with the name
                if m.country:
                    s, e = self._with_country(m, s, e, x, y)
                edits.append((s, e, self._short(m)))
        if not edits:
            out = seg
        else:
            edits.sort()
            parts: list[str] = []
            pos = x
            for s, e, rep in edits:
                if s < pos:
                    continue
                parts.append(text[pos:s])
                parts.append(rep)
                pos = e
            parts.append(text[pos:y])
            out = "".join(parts)
        # Each quotation mark present is replaced away on its own: ``str.translate`` would look
        # every character up in a dict.
        for q in _QUOTE_CHARS:
            if q in out:
                out = out.replace(q, "")
        # An opening single quotation mark is a "'" or "‘" ("’" only closes): the search starts at
        # the first of them, if any.
        first_open = _first_of(out, "'", "‘")
        if first_open >= 0:
            opened = _OPEN_SINGLE.search(out, first_open)
            if opened is not None:
                out = out[: opened.start()] + out[opened.end() :]
                closed = _CLOSE_SINGLE.search(out, opened.start())
                if closed is not None:
                    out = out[: closed.start()] + out[closed.end() :]
        low = out.lower()
        for w in _DROP_LIST:
            if w in low:
                break
        else:
            return out
        return _DROP_WORD.sub(lambda mm: "," if mm.group().startswith(",") and mm.group().endswith(",") else "",
                              out)

    def _body_before(self, ts: int, x: int) -> int:
        """Where a person's title begins, with the name of the body it is a title of ("European
        Council President", "Eurasian Economic Commission Board Chairman"): up to four capitalised
        words right before the title word that name nothing the gazetteer knows, else ``ts``."""
        text = self.text
        start = ts
        for _ in range(4):
            m = _CAPITALISED_BEFORE.search(text, max(x, start - 40), start)
            if m is None or m.group(1) in _NOT_A_BODY:
                break
            k = bisect_left(self._starts, m.start(1))
            if k < len(self.mentions) and self.mentions[k].start < start:
                break  # a country, place or organization found: _with_country and the participants see to it
            start = m.start(1)
        return start

    def _with_country(self, m: Mention, s: int, e: int, x: int, y: int) -> tuple[int, int]:
        """Widen a person's span over the country that only says where they are from
        ("US President ...", "... of Azerbaijan")."""
        text = self.text
        k = bisect_left(self._starts, s) - 1
        if k >= 0:
            prev = self.mentions[k]
            if prev.start >= x and prev.name == m.country and text[prev.end : s].strip() in ("", "'s", "’s"):
                s = prev.start
        of = _OF_COUNTRY.match(text, e, y)
        if of is not None:
            k = bisect_left(self._starts, of.end())
            if k < len(self.mentions):
                nxt = self.mentions[k]
                if nxt.start == of.end() and nxt.name == m.country and nxt.end <= y:
                    e = nxt.end
        return s, e

    def _verb_start(self, a: int, trig: tuple[int, int], b: int, noun: bool) -> int:
        """Where the verb group begins: the first auxiliary or adverb after the subject, else the trigger."""
        limit = b if noun else trig[0]
        lower = self._lower_classes()
        if lower is None:
            for m in _LOWER_WORD.finditer(self.text, a, limit):
                if m.start() > a and m.group() in _AUX and (not noun or m.start() > trig[1] or m.end() <= trig[0]):
                    return m.start()
            return trig[0]
        # The words of _LOWER_WORD are the runs of the class string that hold lower-case letters
        # only (a run touching ``a`` may continue before it, but a word there is never taken). Its
        # only separator is the space: splitting at each and adding up the lengths gives the
        # offsets (an empty part, between two spaces, is no word of _AUX).
        ws = a
        for w in lower[a:limit].split(" "):
            if w in _AUX and ws > a and (not noun or ws > trig[1] or ws + len(w) <= trig[0]):
                return ws
            ws += len(w) + 1
        return trig[0]

    def _lower_classes(self) -> str | None:
        """The article text with its lower-case ASCII letters kept, its other word characters as
        ``#`` and everything else as a space, made on first use; ``None`` for a text with word
        characters outside ASCII (rare in news copy), where the pattern runs instead.

        ``_LOWER_WORD.finditer(text, a, b)`` finds the ``\\b[a-z]+\\b`` words of a span: the runs
        of this string's ``[a:b]`` made of letters only, found by a split instead of trying the
        pattern at every character.
        """
        if not self._lower_made:
            self._lower_made = True
            text = self.text
            if not any(c.isalnum() for c in self._non_ascii):
                self._lower = ascii_classes(text, _LOWER_TABLE)
        return self._lower

    def _actor(self, sa: int, sb: int, speaker: Mention | None) -> str:
        text = self.text
        hidden = [m.span() for m in _PARENS.finditer(text, sa, sb)] if "(" in text[sa:sb] else []
        ms = self._mentions_in(sa, sb)
        if hidden:
            ms = [m for m in ms if not any(x <= m.start < y for x, y in hidden)]
        people = [m for m in ms if m.kind == "person"]
        if people and not (len(people) == 1 and text[people[0].end : people[0].end + 2] in ("'s", "’s")):
            return _join_names(list(dict.fromkeys(self._short(p) for p in people)))
        s = _subject_phrase(_tidy(self._render(sa, sb)))
        if s and len(s.split()) <= 7:
            return s
        others = [m.name for m in ms if m.kind in ("country", "organization", "disputed")]
        if others:
            return _join_names(list(dict.fromkeys(others)))
        if speaker is not None:
            return self._short(speaker)
        tail = _LAST_NP.search(s)
        if tail is not None and len(tail.group(1).split()) <= 6:
            return _drop_conj(tail.group(1))
        head = _HEAD_NP.match(s)
        return head.group(1) if head is not None else " ".join(s.split()[:4])

    def _make_title(self, etype: str, a: int, b: int, trig: tuple[int, int], speaker: Mention | None,
                    attribution: tuple[int, int] | None, forced: bool, place: str | None) -> str:
        text = self.text
        who = self._short(speaker) if speaker is not None else ""
        if etype == "statement":
            gist_at: int | None = None
            tword = text[trig[0] : trig[1]].lower()
            if attribution is not None:
                gist = _cut_clause(_drop_intro(_tidy(self._render(a, attribution[0]))))
                if who:
                    return who + ": " + _capital(_shorten(gist, 0, None, MAX_TITLE - len(who) - 2))
                return _capital(_shorten(gist, 0, None))
            comma = text.rfind(",", a, trig[0])
            if comma > a + 10 and len(text[comma : trig[0]].split()) <= 7 and \
                    not _that_after(text, trig[1], b) and attribution is None and tword != "according to":
                # "X won the vote, the election commission said on Sunday."
                actor = who if speaker is not None and speaker.start > comma else \
                    _capital(_drop_determiner(self._actor(comma + 1, trig[0], None)))
                gist = _cut_clause(_drop_intro(_tidy(self._render(a, comma))))
                if gist and actor:
                    return actor + ": " + _capital(_shorten(gist, 0, None, MAX_TITLE - len(actor) - 2))
            if tword == "according to":
                comma = text.find(",", speaker.end if speaker is not None else trig[1], b)
                gist_at = comma + 1 if comma >= 0 else None
            else:
                m = _that_after(text, trig[1], b)
                if m is not None:
                    gist_at = m.end()
                elif tword.split()[-1] in _SAY:
                    nxt = text[trig[1] : trig[1] + 20].split()
                    first = nxt[0].lower() if nxt else ""
                    # "He said the talks were useful": an article after the verb starts what was said
                    # when someone said it before the verb, not "..., said the ministry".
                    article_after = first in ("the", "a", "an") and bool(text[a : trig[0]].strip()) and \
                        len(text[trig[1] : b].split()) > 4
                    if nxt and (article_after or (first not in _PREPS and first not in _FUNCTION)):
                        gist_at = trig[1]
                        told = _TOLD_OBJECT.match(text, trig[1], b) if tword in ("told", "tells") else None
                        if told is not None:
                            gist_at = told.end()
            if gist_at is not None:
                actor = who or self._actor(a, trig[0], speaker)
                gist = _cut_clause(_drop_intro(_tidy(self._render(gist_at, b))))
                if gist:
                    if tword.split()[-1] in _NOT_ASSERTED:
                        # "X denied reports that Y left": "X: Y left" would assert what X denied.
                        head = f"{actor} {_tidy(text[trig[0] : gist_at])} "
                        return _shorten(head + gist, len(head) + 1, None, TITLE_TARGET)
                    if _pronoun_start(gist):
                        verb = text[trig[0] : trig[1]].split()[-1]
                        told = _TOLD_OBJECT.match(text, trig[1], b) if tword in ("told", "tells") else None
                        if told is not None:
                            verb += told.group()
                        head = f"{actor} {verb} "
                        return _shorten(head + gist, len(head) + 1, None, TITLE_TARGET)
                    if not actor:  # nobody named: the gist alone, not ": gist"
                        return _capital(_shorten(gist, 0, None))
                    return actor + ": " + _capital(_shorten(gist, 0, None, MAX_TITLE - len(actor) - 2))
        if forced:
            np = _tidy(self._render(a, b))
            np = _drop_determiner(_drop_with(_cut_clause(np)))
            return _capital(_shorten(np, 0, place))
        noun = self._noun.first(trig[0], trig[1]) >= 0 and self._verb.first(trig[0], trig[1]) < 0 and \
            self._statement.first(trig[0], trig[1]) < 0
        v = self._verb_start(a, trig, b, noun)
        if noun and v >= trig[0] and v <= trig[1] and v > a:
            v = trig[0]
        if v <= a or (trig[0] < v and self._noun.any(a, min(v, a + 24))) or \
                (text[trig[0] : trig[1]] in _OCCASION_VERBS and self._noun.any(a, v)):
            # No subject before the verb, or the subject is the occasion itself ("The talks of ... were held").
            whole = _drop_determiner(_drop_with(_cut_clause(_tidy(self._render(a, b)), 1)))
            return _capital(_shorten(whole, 0, place))
        if noun and trig[0] < v:
            whole = _drop_determiner(_cut_clause(_tidy(self._render(a, b)), 1))
            return _capital(_shorten(whole, 0, place, MAX_TITLE))
        aside = self._aside_before(a, v)
        actor = self._actor(a, aside[0] if aside is not None else v, speaker)
        te = max(trig[1], v)
        head = _tidy(actor + " " + self._render(v, te))
        rest = self._render(te, b)
        full = _cut_clause(head + rest, len(head))
        return _capital(_shorten(full, len(head), place))

    # -- one clause ------------------------------------------------------------------------------

    def _find_trigger(self, a: int, b: int, quoted_until: int) -> tuple[str, tuple[int, int]] | None:
        best: tuple[int, str, tuple[int, int]] | None = None
        st = self._statement
        i = st.first(max(a, quoted_until), b)
        if i >= 0:
            best = (st.starts[i], "statement", st.span(i))
        vb = self._verb
        j = vb.first(a, b)
        if j >= 0 and self._cue_relative.any(a, vb.starts[j]):
            # "Erdogan, who attended the summit as a guest, will meet Putin": the clause's own verb
            # comes after the aside.
            aside = _RELATIVE.search(self.text, a, vb.starts[j])
            close = self.text.find(",", vb.ends[j], b) if aside is not None else -1
            if close >= 0:
                k = vb.first(close, b)
                if k >= 0:
                    j = k
        if j >= 0 and (best is None or vb.starts[j] < best[0]):
            label = vb.labels[j]
            if label == "meeting" and self.text[vb.starts[j] : vb.ends[j]] in _OCCASION_VERBS:
                # "The previous presidential election took place in 2020": the occasion says what it was.
                noun = self._noun.first(a, vb.starts[j])
                if noun >= 0:
                    label = self._noun.labels[noun]
            best = (vb.starts[j], label, vb.span(j))
        win = self._win
        w = win.first(a, b)
        if w >= 0 and (best is None or win.starts[w] < best[0]) and R.WIN_OBJECT.match(self.text, win.ends[w], b):
            best = (win.starts[w], "election", win.span(w))
        if best is not None:
            return best[1], best[2]
        if not self._light.any(a, b):
            # Without a light verb, an event noun needs a time expression starting in the clause.
            starts = self._timex_starts
            k = bisect_left(starts, a)
            if k == len(starts) or starts[k] >= b:
                return None
        return self._noun_in(a, b)

    def _noun_in(self, a: int, b: int) -> tuple[str, tuple[int, int]] | None:
        nn = self._noun
        k = nn.first(a, b)
        return (nn.labels[k], nn.span(k)) if k >= 0 else None

    def _draft(self, sent: Sentence, a: int, b: int, quote: tuple[int, int], lead: bool,
               forced: tuple[str, tuple[int, int]] | None = None,
               skip: list[tuple[int, int]] | None = None) -> _Draft | None:
        text = self.text
        attribution = _attribution(text, sent, self._statement) if a == sent.start else None
        quoted_until = a
        if attribution is not None:
            quoted_until = attribution[0]
        if forced is not None:
            found: tuple[str, tuple[int, int]] | None = forced
        elif attribution is not None:
            si = self._statement.first(attribution[0], attribution[1])
            found = ("statement", self._statement.span(si)) if si >= 0 else None
        else:
            found = self._find_trigger(a, b, quoted_until)
        if found is None:
            return None
        etype, trig = found
        clause = text[a:b]
        speaker = self._speaker(a, b, trig, attribution) if etype == "statement" else None
        if etype == "statement" and speaker is None and attribution is None:
            # "we agreed that ..." inside a quotation: report what was said, not an anonymous statement.
            alt = self._find_event_verb(trig[1], b)
            if alt is not None:
                etype, trig = alt
        pronoun_of: str | None = None
        report = self._report_clause(trig[1], b) if etype != "statement" else -1
        time_skip = skip
        if report >= 0:
            # "..., the ministry said on Friday": who reported the event is none of its participants,
            # and a report of what will be is not dated by the day of the report ("X will visit Baku,
            # the ministry said on Friday"); what has been done was done by then.
            skip = [*(skip or ()), (report, b)]
            if self._future.any(a, report):
                time_skip = skip
        # -- time
        # "The visit will focus on the dialogue, which the two sides launched in 2024": a date in a
        # relative clause after the trigger is that clause's, not the event's.
        rel = _RELATIVE.search(text, trig[1], b) if self._cue_relative.any(trig[1], b) else None
        hide = [*(time_skip or ()), (rel.start(), b)] if rel else time_skip
        aside = self._aside_before(a, trig[0])
        if aside is not None:  # "Erdogan, who met Aliyev on Tuesday, will meet Putin on Friday"
            hide = [*(hide or ()), aside]
        tx = _clause_timex(self.timexes, a, b, text, hide, self._timex_starts)
        dated = tx is not None
        pub = self._published
        if tx is not None:
            interval, date_text, dspan = tx
        else:
            date_text, dspan = "", None
            interval = self._undated(etype, a, b, trig, lead)
        future = self._future.any(a, b)
        past_event = etype != "statement" and not future and interval.start <= pub < interval.end
        if past_event and interval.granularity != "unknown":
            interval = new_interval(interval.start, pub, interval.granularity)
        # "The summit will be held on ..., with leaders expected to attend": a cue after the trigger
        # counts up to the end of its own clause.
        cue_end = text.find(",", trig[1], b)
        status = self._status(etype, a, cue_end if cue_end >= 0 else b)
        if status == "happened" and interval.granularity != "unknown" and interval.start > pub:
            status = "scheduled"  # dated after the report: it cannot have happened yet
        parts, place = self._participants(a, b, trig, speaker, etype, skip)
        if not parts and skip:  # "the two sides called the talks—the first round since ...—useful"
            parts, place = self._participants(a, b, trig, speaker, etype)
        if etype != "statement" and clause[:3] in ("He ", "She") and _PRONOUN_SUBJECT.match(clause) and \
                not any(m.kind == "person" for m in self._mentions_in(a, trig[0])):
            # "Japarov arrived in Moscow on Thursday. He is scheduled to hold talks with Putin": he.
            who = self._person_before(sent)
            if who is not None:
                named = {p.name for p in parts}
                parts[:0] = [p for p in self._acting(who) if p.name not in named]
                pronoun_of = self._short(who)
        occasion = None
        if etype != "statement" and clause[:1] in ("T", "B") and _COLLECTIVE.match(clause) is not None:
            occasion = self._occasion_before(sent)
            if occasion is not None:
                # Before the draft exists: a second event split off this clause takes these parties.
                named = {p.name for p in parts}
                parts[:0] = [_participant(p.name, p.kind, "attendee", p.affiliation) for p in occasion.participants
                             if p.kind in ("person", "country") and p.name not in named]
                if not dated and etype not in _REFERABLE:
                    # "They will visit Baku next Tuesday. The two presidents are expected to sign a
                    # declaration": at that occasion, then and there.
                    interval, place = occasion.interval, place or occasion.place
                    if status == "happened" and interval.start > pub:
                        status = "scheduled"
        if place is None and interval.granularity != "unknown" and interval.start == pub and etype != "statement" \
                and "phone" not in text[trig[0] : trig[1]]:  # a call is not where the story is filed
            place = self.a.place
        return _Draft(
            type=etype,
            trigger=trig,
            clause=(a, b),
            sentence=sent,
            quotes=[quote],
            interval=interval,
            date_text=date_text,
            date_span=dspan,
            status=status,
            participants=parts,
            speaker=speaker.name if speaker else None,
            place=place,
            title_of=(etype, a, b, trig, speaker, attribution, forced is not None, place),
            attributed_quote=attribution is not None,
            definite_ref=etype in _REFERABLE and clause[:1] in _DEFINITE_FIRST and bool(_DEFINITE_REF.match(clause)),
            occasion=occasion,
            pronoun_of=pronoun_of,
            dated=dated,
        )

    def _report_clause(self, after: int, b: int) -> int:
        """Where a closing report clause of the clause ``[.., b)`` starts (its comma: ", the ministry
        said on Friday", ", Badalyan told TASS"), looked for after ``after``; -1 if there is none.

        A report verb with a few words on either side and nothing reported after it ("that ...").
        """
        text = self.text
        comma = text.rfind(",", after, b)
        if comma < 0:
            return -1
        st = self._statement
        j = st.first(comma, b)
        if j >= 0:
            verb_start, verb_end = st.starts[j], st.ends[j]
        else:
            # "..., the Kremlin press service reported": a verb that reports the event rather than
            # making a statement of its own (it is not among the statement triggers).
            m = _REPORTED.search(text, comma, b)
            if m is None:
                return -1
            verb_start, verb_end = m.span()
        if len(text[comma + 1 : verb_start].split()) > 8 or len(text[verb_end:b].split()) > 8:
            return -1
        return -1 if _that_after(text, verb_end, b) is not None else comma

    def _find_event_verb(self, a: int, b: int) -> tuple[str, tuple[int, int]] | None:
        vb = self._verb
        j = vb.first(a, b)
        return (vb.labels[j], vb.span(j)) if j >= 0 else None

    def _undated(self, etype: str, a: int, b: int, trig: tuple[int, int], lead: bool) -> Interval:
        text = self.text
        clause = text[a:b]
        past_cue = self._undated_past.any(a, b)
        if etype == "statement":
            if self._press.any(a, b) and not (self._cue_following.any(a, b) and R.FOLLOWING.search(clause)) \
                    and self.anchor is not None:
                return self.anchor
            return self._unknown_interval()
        if etype == "refusal" and _IMPLICIT_OBJECT.search(clause) and self.anchor is not None:
            # "Belarus declined to attend." — the occasion the story is about.
            return self.anchor
        future = self._future.any(a, b)
        if future and not past_cue:
            return self.anchor or self._publication_day()
        # The progressive needs "is " or "are ": without either the pattern is not tried.
        if lead and not past_cue and ("is " in clause or "are " in clause) and R.PRESENT_PROGRESSIVE.search(clause):
            return self._publication_day()
        if self.anchor is not None and not past_cue and "the " in clause and _THE_OCCASION.search(clause):
            # "On the sidelines of the summit, Putin held talks with Xi": at the occasion the story
            # is about, on its day.
            return self.anchor
        return self._unknown_interval()

    def _publication_day(self) -> Interval:
        """``_day`` of the publication date, made once per article (intervals are immutable)."""
        if self._pub_day is None:
            self._pub_day = _day(self._published)
        return self._pub_day

    def _unknown_interval(self) -> Interval:
        """``_unknown`` of the publication date, made once per article (intervals are immutable)."""
        if self._unknown_iv is None:
            self._unknown_iv = _unknown(self._published)
        return self._unknown_iv

    def _status(self, etype: str, a: int, b: int) -> str:
        if etype == "statement":
            return "happened"
        if etype == "refusal" or self._denied.any(a, b):
            return "denied"
        if self._possible.any(a, b):
            return "possible"
        if self._expected.any(a, b):
            return "expected"
        if self._scheduled.any(a, b):
            return "scheduled"
        return "happened"

    # -- one sentence ----------------------------------------------------------------------------

    def sentence(self, sent: Sentence, lead: bool) -> None:
        text = self.text
        a, b = sent.start, sent.end
        extra: list[tuple[int, int, tuple[str, tuple[int, int]] | None]] = []
        main_end = b
        m = R.SCHEDULED_NP.search(text, a, b) if self._cue_ahead.any(a, b) else None
        if m:
            np_a, np_b = m.start("np"), b
            noun = self._noun_in(np_a, m.end("np"))
            if noun:
                extra.append((np_a, np_b, noun))
                main_end = m.start()
        # "... discussed energy and agreed to hold the next meeting in Tashkent in the autumn": the
        # meeting agreed on is an event of its own, with its own date and place. (Every verb of the
        # pattern ends in "ed to ", which few sentences have.)
        g = _AGREED_TO.search(text, a, b) if text.find("ed to ", a, b) >= 0 else None
        if g is not None and g.start() > a and text[g.start() - 1].isspace():
            extra.append((g.end(), b, None))
            cut = g.start()
            while cut > a and text[cut - 1] in " \t\n,":
                cut -= 1
            main_end = min(main_end, cut)
        else:
            g = None
        w = R.WITH_ALSO.search(text, a, b) if self._cue_with.any(a, b) else None
        if w:
            extra.append((w.start() + 1, b, None))
            main_end = min(main_end, w.start())
        f = R.FOLLOWING.search(text, a, b) if self._cue_following.any(a, b) else None
        if f:
            pa = f.start() + len(f.group().split()[0]) + 1
            noun = self._noun_in(pa, b)
            vtyp = "conference" if noun is None else noun[0]
            fe = _COMMA_THAT.search(text[pa:b])
            pb = pa + fe.start() if fe else b
            extra.append((pa, pb, ("meeting" if vtyp == "meeting" else vtyp, (pa, pa + len(f.group().split()[2])))))
        seg = text[a:b]
        d = R.DASHED.search(text, a, b) if ("—" in seg or "–" in seg) else None
        if d and any(d.start("np") <= t.start < d.end("np") for t in self.timexes):
            noun = self._noun_in(d.start("np"), d.end("np"))
            if noun:
                extra.append((d.start("np"), d.end("np"), noun))
        main_a, main_b = _trim(text, a, main_end)
        main: _Draft | None = None
        if main_b > main_a:
            if d and extra and extra[-1][0] == d.start("np"):
                # Date the main clause without the aside's own date.
                pass
            asides = [(xa, xb) for xa, xb, _ in extra if xa >= main_a]
            draft = self._draft(sent, main_a, main_b, (main_a, main_b) if main_end < b else (a, b), lead,
                                skip=asides)
            if draft is not None:
                if d and extra and extra[-1][0] == d.start("np") and draft.date_span is not None and \
                        d.start("np") <= draft.date_span[0] < d.end("np"):
                    draft = None  # the only date belongs to the aside: the aside is the event
                if draft is not None:
                    main = draft
                    self.drafts.append(draft)
                    if lead and self.anchor is None and draft.interval.granularity == "day":
                        self.anchor = draft.interval
        for xa, xb, forced in extra:
            xa, xb = _trim(text, xa, xb)
            if xb <= xa:
                continue
            draft = self._draft(sent, xa, xb, (xa, xb), False, forced)
            if draft is not None and g is not None and xa == g.end() and main is not None:
                # "X and Y met ... and agreed to hold ...": X and Y hold it
                _join_parties(draft, [p for p in main.participants if p.role != "host"])
            if draft is not None:
                if f and xa > f.start() and main is not None and main.speaker and \
                        _HIS_HER.search(text, f.start(), f.end()):
                    # "after her trip to ...": "her" is the speaker of the main clause.
                    who = next((m for m in self._mentions_in(main.clause[0], main.clause[1])
                                if m.name == main.speaker), None)
                    if who is not None:
                        # ... and, as for any person, the body they act for
                        _join_parties(draft, self._acting(who))
                        draft.pronoun_of = self._short(who)
                self.drafts.append(draft)

    # -- the article -----------------------------------------------------------------------------

    def run(self) -> list[Event]:
        sents = sentences(self.a)
        self._sent_starts = [s.start for s in sents]
        for i, s in enumerate(sents):
            before = len(self.drafts)
            self.sentence(s, lead=self.anchor is None and i < 2 and s.block == sents[0].block)
            if i == 0 and len(self.drafts) == before:
                continue
        drafts = self._fold(self.drafts)
        self._drop_refusers(drafts)
        return [self._event(d) for d in drafts]

    @staticmethod
    def _drop_refusers(drafts: list[_Draft]) -> None:
        """A party that refused to take part in an occasion is no attendee of its dated meetings."""
        for r in drafts:
            if r.type != "refusal" or r.interval.granularity == "unknown":
                continue
            absent = {p.name for p in r.participants if p.role == "absent"}
            if not absent:
                continue
            for d in drafts:
                if d.type in ("meeting", "talks", "conference") and d.interval.overlaps(r.interval):
                    d.participants = [p for p in d.participants if not (p.name in absent and p.role == "attendee")]

    def _fold(self, drafts: list[_Draft]) -> list[_Draft]:
        """Join continued quotations and back-references to the drafts they continue."""
        out: list[_Draft] = []
        for d in drafts:
            target: _Draft | None = None
            if d.type == "statement" and d.attributed_quote and d.speaker:
                for prev in reversed(out[-4:]):
                    if prev.type != "statement":
                        continue
                    if prev.speaker == d.speaker and d.sentence.block - prev.sentence.block <= 2:
                        target = prev
                    break
            elif d.definite_ref:
                for prev in out:
                    if prev.type == d.type and prev.interval == d.interval and prev.interval.granularity != "unknown":
                        target = prev
                        break
                if target is None and d.interval.granularity == "unknown":
                    # "The two leaders called the talks productive": an undated back-reference is to
                    # the latest dated event of its kind before it.
                    target = next((p for p in reversed(out)
                                   if p.type == d.type and p.interval.granularity != "unknown"), None)
            occasion = d.occasion
            if target is None and occasion is not None and d.type in _REFERABLE and \
                    d.interval.granularity == "unknown" and any(o is occasion for o in out):
                # "The leaders also discussed ...": more of that occasion, said of its parties.
                occasion.quotes.extend(d.quotes)
                continue
            if target is None:
                if d.type == "statement" and d.speaker and d.interval.granularity == "unknown" and out:
                    prev = out[-1]
                    if prev.sentence.block == d.sentence.block and prev.interval.granularity == "day" and \
                            any(p.name == d.speaker for p in prev.participants):
                        # "Putin congratulated Aliyev in a phone call on Thursday. '...,' Putin said.": said then.
                        d.interval = prev.interval
                out.append(d)
                continue
            target.quotes.extend(d.quotes)
            if target.interval.granularity == "unknown" and d.interval.granularity != "unknown":
                target.interval, target.date_text, target.date_span = d.interval, d.date_text, d.date_span
            names = {p.name for p in target.participants}
            target.participants.extend(p for p in d.participants if p.name not in names)
        return out

    def _aside_before(self, a: int, at: int) -> tuple[int, int] | None:
        """The relative aside between ``a`` and ``at`` (", who attended the summit,"), if any."""
        if not self._cue_relative.any(a, at):
            return None
        m = _RELATIVE.search(self.text, a, at)
        close = self.text.find(",", m.end(), at) if m is not None else -1
        return (m.start(), close) if m is not None and close >= 0 else None

    def _person_before(self, sent: Sentence) -> Mention | None:
        """Who "he" or "she" at the start of ``sent`` is: the first person of the latest event in
        this paragraph or the one before."""
        for prev in reversed(self.drafts):
            if sent.block - prev.sentence.block > 1:
                return None
            person = next((p.name for p in prev.participants if p.kind == "person"), None)
            if person is not None:
                return next((m for m in self._mentions_in(prev.clause[0], prev.clause[1]) if m.name == person), None)
        return None

    def _acting(self, m: Mention) -> list[Participant]:
        """The person ``m`` names and the body they act for, as attendees (see _add_mention)."""
        out: dict[str, Participant] = {}
        _add_mention(out, m, "attendee", self._countries)
        return list(out.values())

    def _occasion_before(self, sent: Sentence) -> _Draft | None:
        """The occasion a collective subject ("the two presidents") in ``sent`` names the parties of:
        the latest dated meeting, talks, conference or visit before it, at most a paragraph or two
        back, with two parties or more."""
        for prev in reversed(self.drafts):
            if sent.block - prev.sentence.block > _COLLECTIVE_REACH:
                return None
            if prev.type in _REFERABLE and prev.interval.granularity != "unknown":
                parties = sum(1 for p in prev.participants if p.kind in ("person", "country"))
                return prev if parties >= 2 else None
        return None

    def _title_of(self, d: _Draft) -> str:
        etype, a, b, trig, speaker, attribution, forced, place = d.title_of
        title = self._make_title(etype, a, b, trig, speaker, attribution, forced, place) or _title(self.text, a, b)
        if d.pronoun_of is not None:
            lead = _PRONOUN_TITLE.match(title)
            if lead is not None:
                title = d.pronoun_of + ("'s " if lead.group(1) else " ") + title[lead.end() :]
        verb = _agreed_verb(title)
        if verb is not None:  # "(agreed to) hold the next meeting in Tashkent": the meeting
            title = _capital(_DETERMINER.sub("", title[verb.end() :]))
            if verb.group().strip().lower() in ("continue", "resume"):
                title += " to " + verb.group().strip().lower()  # "Talks to resume"
        return title

    def _event(self, d: _Draft) -> Event:
        text = self.text
        file, aid = self._file, self._id
        spans = d.quotes if len(d.quotes) == 1 else sorted(set(d.quotes))  # most events have one
        quotes = tuple([_span(file, s, e, text[s:e], aid) for s, e in spans])
        trig = _span(file, d.trigger[0], d.trigger[1], text[d.trigger[0] : d.trigger[1]], aid)
        dspan = (_span(file, d.date_span[0], d.date_span[1], text[d.date_span[0] : d.date_span[1]], aid)
                 if d.date_span else None)
        key = f"{aid}:{d.trigger[0]}:{d.trigger[1]}:{d.type}".encode()
        eid = _SHA1(key, usedforsecurity=False).hexdigest()[:12]
        return _new_event(eid, self._title_of(d), d.type, d.status, d.interval, d.date_text, d.place,
                          tuple(d.participants), trig, quotes, d.speaker, dspan)


def extract_article(article: Article) -> list[Event]:
    """The events one article reports, in text order, each with its quotes as exact spans."""
    return _ArticleExtractor(article).run()
