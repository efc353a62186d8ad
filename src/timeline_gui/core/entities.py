"""Who and where in an article: countries, organizations, people, places and role phrases.

Every mention is resolved to a canonical name with the gazetteer (:mod:`timeline_gui.core.gazetteer`)
and, for people, with grammar for the names it lacks:

* title + name ("Kazakh Defence Minister Ruslan Zhaksylykov", "Moldova's Prime Minister Dorin Recean");
* name + appositive title ("Irina Vlah, deputy chair of the Moldovan opposition bloc");
* later mentions by surname ("Recean added");
* role phrases resolved to the last person of that country and role ("the top Kazakh diplomat",
  "the Moldovan official", "the Iranian Foreign Ministry spokesman").

Capitals stand for governments unless they follow a locative preposition ("Ankara insisted" is
Turkey, "talks in Ankara" is the city).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Final

from timeline_gui.core.gazetteer import Entry, Gazetteer, fold, gazetteer, tokens
from timeline_gui.core.model import Article
from timeline_gui.core.text import bisect_left, bisect_right

#: Titles that introduce a person's name; the longest alternatives come first.
_TITLE = (
    r"(?:(?:First |Deputy |Vice |Acting |Former |Chief |Senior )*"
    r"(?:(?:Prime|Foreign|Defen[cs]e|Interior|Economy|Energy|Finance|Justice|Trade|Health|Agriculture|Education|"
    r"Culture|Transport|Emergencies|Emergency|Labou?r|Foreign Affairs) Minister|"
    r"(?:National )?Security Council Secretary|Parliament(?:ary)? Speaker|National Security Advis[eo]r|"
    r"Minister(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?)?|President|Premier|Chancellor|Vice[- ]President|"
    r"(?:Foreign |Defen[cs]e )?Ministry Spokes(?:wo)?man|Spokes(?:wo)?man|Spokesperson|"
    r"Presidential (?:Aide|Spokesman|Envoy|Adviser|Press Secretary)|Press Secretary|Aide|Ambassador|Envoy|"
    r"Secretary(?:[- ]General)?(?: of State)?|Foreign Secretary|Special Representative|Chairman|Chairwoman|"
    r"Speaker|Governor|Mayor|Director|Commander|General|Admiral|Colonel|Lieutenant General|Major General|"
    r"Senator|Leader|King|Queen|Emir|Sheikh|Patriarch|Ayatollah|Supreme Leader|Mr\.|Mrs\.|Ms\.|Dr\.))"
)
#: Lower-case particles inside a name ("Abu al Hassan"); "and", "of" end a name instead.
_PARTICLE = r"(?:al|bin|ibn|de|del|da|van|von|der|ul|el|di|du|le|la)(?= [A-Z])"
_NAME = r"(?P<name>[A-Z][a-z'\-]+(?:[ \-](?:[A-Z][a-z'\-]+|" + _PARTICLE + r")){0,3})"
# The look-ahead lets the engine skip every position that cannot start a title at once.
_TITLE_NAME: Final = re.compile(r"\b(?=[A-Z])(?P<title>" + _TITLE + r")\s+" + _NAME)
#: Every word a title can begin with (a superset does no harm: it only costs a failed match).
_TITLE_WORDS: Final = frozenset(re.findall(r"[A-Z][a-z]+", _TITLE)) | {"Defence", "Defense"}
#: A title in lower case before a name, as agencies write a descriptive one ("Kremlin spokesman
#: Dmitry Peskov", "former Kyrgyz president Almazbek Atambayev" is "former" + demonym + title).
_LOWER_TITLE = (
    r"(?:(?:former|deputy|acting|first|vice|chief|senior|top) )*"
    r"(?:(?:foreign |defen[cs]e )?ministry spokes(?:wo)?man|spokes(?:wo)?man|spokesperson|press secretary|"
    r"(?:prime|foreign|defen[cs]e|interior|economy|energy|finance|justice|trade|health) minister|minister|"
    r"president|opposition leader|leader|ambassador|envoy|presidential aide|aide|adviser|advisor|chairman|"
    r"chairwoman|secretary|commander|governor|mayor|speaker)"
)
_LOWER_TITLE_NAME: Final = re.compile(r"(?P<title>" + _LOWER_TITLE + r")\s+" + _NAME)
#: Every word such a title can begin with (a superset, as for _TITLE_WORDS), spelt out where the
#: pattern writes it in pieces.
_LOWER_TITLE_WORDS: Final = frozenset(re.findall(r"[a-z]+", _LOWER_TITLE)) | {
    "spokesman", "spokeswoman", "defence", "defense"}
#: Both, for one look-up per word.
_ANY_TITLE_WORDS: Final = _TITLE_WORDS | _LOWER_TITLE_WORDS
_APPOSITIVE_TITLE = (
    r"(?:(?:first|deputy|vice|acting|former|chief|senior|"
    r"top|new)\s+)*(?:head|secretary[- ]general|secretary|chairman|chairwoman|chair|spokes(?:wo)?man|spokesperson|"
    r"minister|leader|director|chief|ambassador|adviser|aide|envoy|president|prime minister|mayor|speaker|"
    r"commander|governor|founder|member)\b[^,.;:]{0,80}"
)
# The name's first letter comes before the word-boundary test (as a look-behind): a pattern that
# begins with a character class lets the engine skip straight to the capitals.
_APPOSITIVE: Final = re.compile(
    _NAME.replace("(?P<name>[A-Z]", r"(?P<name>[A-Z](?<!\w[A-Z])", 1) + r",\s+(?:the\s+)?(?P<title>"
    + _APPOSITIVE_TITLE + ")"
)
#: The part after the name, found first: a comma is rare enough for the engine to skip to it.
_APPOSITIVE_CUE: Final = re.compile(r",\s+(?:the\s+)?(?:" + _APPOSITIVE_TITLE + ")")
# "the top Kazakh diplomat", "the Iranian defence minister", "the Moldovan official",
# "The Iranian Foreign Ministry spokesman": a demonym, then a role noun. The match starts after the
# "T" of "the", which a look-behind tests ("he (?<=\b[Tt]he )" for "\b[Tt]he "): a pattern beginning with
# a literal lets the engine skip ahead fast. A phrase starts one character before its match.
_ROLE_PHRASE: Final = re.compile(
    r"he (?<=\b[Tt]he )(?:(?:top|chief|senior|new) )?(?P<dem>[A-Z][a-z]+) (?:(?:top|chief|senior) )?"
    r"(?P<role>(?:[Ff]oreign|[Dd]efen[cs]e) [Mm]inistry spokes(?:wo)?man|[Ff]oreign [Mm]inister|"
    r"[Dd]efen[cs]e [Mm]inister|[Pp]rime [Mm]inister|[Pp]resident|[Ll]eader|diplomat|official|minister|"
    r"premier|spokes(?:wo)?man|envoy)\b"
)
_LOCATIVE: Final = re.compile(r"(?:\b(?:in|to|at|from|near|outside|into|toward|towards|across|via)\s+(?:the\s+)?)$")
_NOT_NAMES: Final = frozenset(
    [
        "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I",
        "Our", "Their", "His", "Her", "Its", "On", "In", "At", "Of", "For", "And", "But", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
        "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
)
_ROLE_WORDS: Final = {
    "diplomat": "foreign minister",
    "top diplomat": "foreign minister",
    "official": "",
    "minister": "minister",
    "leader": "",
    "envoy": "envoy",
}


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in the article text, resolved to a canonical participant."""

    start: int
    end: int
    name: str
    kind: str  # country | person | organization | place | region | disputed
    country: str | None = None  # the country a person or body belongs to, or a place lies in
    role: str | None = None
    via: str = "name"  # name | demonym | capital | alias | title | surname | role
    title_span: tuple[int, int] | None = None  # for people: the span of their title or appositive
    lat: float | None = None
    lon: float | None = None

    # Written out rather than generated: the compiled build then makes it native code instead of
    # running the dataclass's generated Python ``__init__`` (several times dearer, per name found).
    def __init__(self, start: int, end: int, name: str, kind: str, country: str | None = None,
                 role: str | None = None, via: str = "name", title_span: tuple[int, int] | None = None,
                 lat: float | None = None, lon: float | None = None) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "country", country)
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "via", via)
        object.__setattr__(self, "title_span", title_span)
        object.__setattr__(self, "lat", lat)
        object.__setattr__(self, "lon", lon)


#: The mention an entry resolves to in a year (offsets 0), by ``id(entry) * 10_000 + year``: one
#: int (years have four digits at most) is cheaper to hash than a pair. Entries live as long as the
#: (cached) gazetteer.
_RESOLVED: Final[dict[int, Mention]] = {}


def _entry_mention(start: int, end: int, e: Entry, year: int, g: Gazetteer) -> Mention:
    key = id(e) * 10_000 + year
    m = _RESOLVED.get(key)
    if m is None:
        m = _resolve_entry(e, year, g)
        if len(_RESOLVED) < 100_000:
            _RESOLVED[key] = m
    # Every argument given: the compiled build calls the native constructor directly.
    return Mention(start, end, m.name, m.kind, m.country, m.role, m.via, None, m.lat, m.lon)


def _resolve_entry(e: Entry, year: int, g: Gazetteer) -> Mention:
    start = end = 0
    if e.kind in ("person", "surname"):
        person = g.people.get(fold(e.name))
        role = person.role_in(year) if person else e.role
        return Mention(start, end, e.name, "person", e.country, role, "surname" if e.kind == "surname" else "name")
    return Mention(start, end, e.name, e.kind, e.country, None, e.via, None, e.lat, e.lon)


def _choose(entries: tuple[Entry, ...], text: str, start: int) -> Entry:
    """Pick among homonyms: a capital after a locative preposition is the city, else the government."""
    if len(entries) == 1:
        return entries[0]
    locative = bool(_LOCATIVE.search(text[max(0, start - 14) : start]))
    places = [e for e in entries if e.kind == "place"]
    govs = [e for e in entries if e.government]
    if locative and places:
        return max(places, key=lambda e: (e.region, e.population))
    if govs:
        return govs[0]
    others = [e for e in entries if e.kind != "place"]
    if others:
        return others[0]
    return max(places, key=lambda e: (e.region, e.population))


def _country_before(folded: str, start: int, g: Gazetteer) -> tuple[str | None, int]:
    """The country named by a demonym or possessive right before a title ("Russian", "Armenia's"),
    and where that word starts (``start`` when there is none); ``folded`` is the folded text
    (folding maps character by character, so a slice of it is the folded slice)."""
    ws, we = _word_before(folded, max(0, start - 40), start)
    if ws < 0:
        return None, start
    word = folded[ws:we]
    for cand in (word, word.split()[-1]):
        for e in g.entries.get(cand, ()):
            if e.kind in ("country", "disputed"):
                return e.name, ws + (len(word) - len(cand))
    return None, start


def _word_before(s: str, lo: int, hi: int) -> tuple[int, int]:
    """Where ``_WORD_BEFORE.search(s[lo:hi])`` finds its group (as offsets into ``s``), or (-1, -1).

    The pattern ends at the end of the window: reading back from there (white space, a
    possessive, the capitalised word, one space and a capitalised word before it) finds the same
    one or two words without trying the pattern at every capital of the window.
    """
    k = hi
    while k > lo and s[k - 1].isspace():
        k -= 1
    if k == hi:
        return -1, -1
    if k - 2 >= lo and s[k - 1] == "s" and (s[k - 2] == "'" or s[k - 2] == "’"):
        k -= 2  # the possessive (a word cannot end in "'s": the apostrophe is no letter)
    i = k
    while i > lo and "a" <= s[i - 1] <= "z":
        i -= 1
    if i == k or i <= lo or not "A" <= s[i - 1] <= "Z":
        return -1, -1
    first = i - 1
    j = first - 1  # a word before it, one space between, starts the match further left
    if j > lo and s[j] == " ":
        i = j
        while i > lo and "a" <= s[i - 1] <= "z":
            i -= 1
        if lo < i < j and "A" <= s[i - 1] <= "Z":
            first = i - 1
    return first, k


def find_mentions(article: Article, folded: str | None = None,
                  toks: tuple[list[str], list[int]] | None = None) -> list[Mention]:
    """All participant and place mentions of the article body, sorted by position, without overlaps.

    ``folded`` (:func:`fold` of the article's text) and ``toks`` (:func:`tokens` of it) may be
    passed in by a caller that needs them too, so that the text is folded and split once.
    """
    g = gazetteer()
    text = article.text
    if folded is None:
        folded = fold(text)
    if toks is None:
        toks = tokens(folded)
    start = article.dateline[1] if article.dateline else article.body_start
    year = article.published.year
    found: list[Mention] = []
    for s, e, key in g.find(folded, start, toks=toks):
        entry = _entry_mention(s, e, _choose(g.entries[key], text, s), year, g)
        if entry.via == "capital" and _part_of_a_name(folded, e):
            continue  # "Sofia Petrova said", "Baku Energy Week": a name that begins with a capital's
        found.append(entry)
    # The gazetteer's hits come left to right without overlaps: their starts (and ends) are sorted.
    found_starts = [x.start for x in found]

    people: list[Mention] = []
    known_people: dict[str, Mention] = {}
    # Title + name: "Interior Minister Igor Klimenko", also for people the list lacks.
    for m in _title_names(folded, start, toks):
        name = m.group("name").strip()
        words = name.split()
        if words[0] in _NOT_NAMES or (len(words) < 2 and not g.entries.get(name)):
            continue
        ns = m.start("name")
        ne = ns + len(name)
        ms = m.start()  # read once: a match's methods are called, not compiled
        hit = _person_at(found, found_starts, ns, ne)
        country, cstart = _country_before(folded, ms, g)
        if cstart == ms:
            # "Kremlin spokesman Dmitry Peskov": the body before the title is the person's, not a
            # participant of its own.
            k = bisect_right(found_starts, ms) - 1
            if k >= 0 and found[k].kind == "organization" and not folded[found[k].end : ms].strip():
                cstart = found[k].start
                country = country or found[k].country
        title = m.group("title").strip().lower()
        if hit is not None and hit.via == "surname" and len(words) >= 2 and hit.name != name:
            # "Deputy Minister Aram Petrosyan" when the list only knows another Petrosyan.
            people.append(Mention(ns, ne, name, "person", country, title, "title", (cstart, ns)))
        elif hit is not None:
            people.append(Mention(hit.start, hit.end, hit.name, hit.kind, hit.country or country, title or hit.role,
                                  hit.via, (cstart, ns), hit.lat, hit.lon))
        elif len(words) >= 2 and not _covered(found, found_starts, ns, True):
            people.append(Mention(ns, ne, name, "person", country, title, "title", (cstart, ns)))
    # Name + appositive: "Irina Vlah, deputy chair of the Moldovan opposition bloc".
    for m in _appositives(folded, start):
        name = m.group("name").strip()
        words = name.split()
        if len(words) < 2 or words[0] in _NOT_NAMES:
            continue
        ns, ne = m.start("name"), m.end("name")
        ts, te = m.start("title"), m.end("title")
        country = None
        for x in found[bisect_left(found_starts, ts) :]:
            if x.start >= te:
                break
            if ts <= x.start < te and x.kind in ("country", "disputed"):
                country = x.name
                break
            if ts <= x.start < te and x.kind == "organization" and x.country:
                country = x.country
                break
        hit = _person_at(found, found_starts, ns, ne)
        if hit is not None:
            people.append(Mention(hit.start, hit.end, hit.name, hit.kind, hit.country or country, hit.role, hit.via,
                                  (ts, te), hit.lat, hit.lon))
        elif not _covered(found, found_starts, ns, False):
            people.append(Mention(ns, ne, name, "person", country, _short_title(m.group("title")), "title",
                                  (ts, te)))
    # Merge: people found by grammar replace the plain gazetteer hits they cover.
    taken = sorted((p.start, p.end) for p in people)
    taken_starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))  # furthest end among the spans so far

    # A hit is taken when a span starting at or before it reaches past it. The hits come in order
    # of their starts, so the spans starting at or before each are counted by one forward walk
    # (what bisect_right would give for each).
    merged: list[Mention] = []
    j = 0
    n_taken = len(taken_starts)
    for x in found:
        pos = x.start
        while j < n_taken and taken_starts[j] <= pos:
            j += 1
        if not (j > 0 and reach[j - 1] > pos):
            merged.append(x)
    merged.extend(people)
    out = _non_overlapping(merged)
    # Later mentions by surname, and role phrases, resolve to people already introduced.
    resolved: list[Mention] = []
    for x in out:
        if x.kind == "person":
            if x.via == "surname" or len(x.name.split()) == 1:
                prior = known_people.get(x.name.split()[-1])
                if prior is not None:
                    x = Mention(x.start, x.end, prior.name, x.kind, x.country or prior.country, x.role or prior.role,
                                x.via, x.title_span, x.lat, x.lon)
            known_people.setdefault(x.name.split()[-1], x)
        elif x.kind == "place" and x.end - x.start == len(x.name) and " " not in x.name:
            # "Sandu won" after "Maia Sandu": the surname of someone already named, not a town of
            # that name (unless it follows "in", "to" ...).
            prior = known_people.get(x.name)
            if prior is not None and not _LOCATIVE.search(text[max(0, x.start - 14) : x.start]):
                x = Mention(x.start, x.end, prior.name, "person", prior.country, prior.role, "surname", None)
        resolved.append(x)
    for m in _ROLE_PHRASE.finditer(folded, start + 1):
        dem = m.group("dem")
        country = g.demonyms.get(dem) or (dem if dem in g.countries else None)
        if country is None:
            continue
        role = m.group("role").lower()
        person = _resolve_role(resolved, m.start() - 1, country, role)
        if person is None:
            continue
        ms, me = m.start() - 1, m.end()
        resolved = [x for x in resolved if not (ms <= x.start < me)]
        resolved.append(Mention(ms, me, person.name, "person", person.country, person.role, "role", (ms, me)))
    # Unknown surnames: "Smith said" after "Ambassador John Smith".
    resolved.extend(_surname_mentions(folded, start, resolved))
    return _non_overlapping(resolved)


_NEXT_WORD: Final = re.compile(r" ([A-Z][a-z]+)")


def _part_of_a_name(folded: str, end: int) -> bool:
    """Whether the capitalised word after ``end`` (a capital city's name) makes it part of a longer
    name: a person's ("Sofia Petrova"), a paper's, an event's. Days and months do not ("in Moscow
    Monday")."""
    m = _NEXT_WORD.match(folded, end)
    return m is not None and m.group(1) not in _NOT_NAMES


def _non_overlapping(mentions: list[Mention]) -> list[Mention]:
    """Mentions in text order, the longest first where two start together, overlaps dropped."""
    # The order of a stable sort by (start, -end), by one int per mention: with every end below
    # ``big``, ``start * big - end`` orders as the pair does. Sorting the indices by those ints with a
    # C key function costs less than a Python key function making a tuple per mention.
    big = 1
    for x in mentions:
        if x.end >= big:
            big = x.end + 1
    keys = [x.start * big - x.end for x in mentions]
    out: list[Mention] = []
    last_end = -1
    for i in sorted(range(len(keys)), key=keys.__getitem__):
        x = mentions[i]
        if x.start >= last_end:
            out.append(x)
            last_end = x.end
    return out


_WORD_BEFORE: Final = re.compile(r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:'s|’s)?\s+$")


def _surname_mentions(folded: str, start: int, mentions: list[Mention]) -> list[Mention]:
    """Bare surnames of people introduced earlier in the article but missing from the gazetteer."""
    firsts: dict[str, Mention] = {}
    for x in mentions:
        if x.kind == "person" and len(x.name.split()) >= 2:
            for short in short_names(x.name, x.country):
                firsts.setdefault(short, x)
    if not firsts:
        return []
    # The spans sorted by (start, end), as one int each (start * big + end, every end below big):
    # ints sort without a tuple per mention.
    big = 1
    for x in mentions:
        if x.end >= big:
            big = x.end + 1
    keys = sorted([x.start * big + x.end for x in mentions])
    cstarts = [key // big for key in keys]
    cends = [key % big for key in keys]
    out: list[Mention] = []
    for surname, p in firsts.items():
        i = folded.find(surname, max(start, p.end))
        while i >= 0:
            e = i + len(surname)
            # "Petrov's" is a mention of Petrov; "Petrovich" and "Ivan-Petrov" are not.
            whole = (i == 0 or not _is_word(folded[i - 1])) and (e >= len(folded) or not folded[e].isalnum()) \
                and not _INNER_APOSTROPHE.match(folded, e)  # "Xi'an" is no mention of Xi
            if whole:
                k = bisect_right(cstarts, i) - 1
                if not (k >= 0 and cstarts[k] <= i < cends[k]):
                    out.append(Mention(i, e, p.name, "person", p.country, p.role, "surname"))
            i = folded.find(surname, e)
    return out


#: Countries whose names put the family name first ("Xi Jinping" is "Xi" on second mention).
FAMILY_NAME_FIRST: Final = frozenset(("China", "Taiwan", "North Korea", "South Korea", "Vietnam"))
_INNER_APOSTROPHE: Final = re.compile(r"'(?!s\b)[a-z]")


def short_names(name: str, country: str | None) -> tuple[str, ...]:
    """How a person is named on second mention: the surname, or the family name where it comes first."""
    words = name.split()
    if len(words) < 2:
        return (name,)
    if country in FAMILY_NAME_FIRST:
        return (words[0],)
    return (words[-1],)


def _is_word(c: str) -> bool:
    return c.isalnum() or c in "'-_"


def _title_names(folded: str, start: int, toks: tuple[list[str], list[int]]) -> list[re.Match[str]]:
    """Matches of :data:`_TITLE_NAME` (or, for a title in lower case, :data:`_LOWER_TITLE_NAME`),
    tried only at the words that can begin one (``toks``: :func:`tokens` of ``folded``)."""
    words, starts = toks
    out: list[re.Match[str]] = []
    last = start
    for k in [k for k, w in enumerate(words) if w in _ANY_TITLE_WORDS]:
        pos = starts[k]
        if pos < last:
            continue
        m = (_TITLE_NAME if words[k] in _TITLE_WORDS else _LOWER_TITLE_NAME).match(folded, pos)
        if m is not None:
            out.append(m)
            last = m.end()
    return out


def _appositives(folded: str, start: int) -> list[re.Match[str]]:
    """Matches of :data:`_APPOSITIVE`, looked for only around the commas that introduce a title."""
    out: list[re.Match[str]] = []
    last = start
    for c in _APPOSITIVE_CUE.finditer(folded, start):
        pos = max(last, c.start() - 100)
        m = _APPOSITIVE.search(folded, pos)
        while m is not None and m.end("name") < c.start():
            m = _APPOSITIVE.search(folded, m.start() + 1)
        if m is None or m.end("name") != c.start():
            continue
        out.append(m)
        last = m.end()
    return out


def _short_title(title: str) -> str:
    t = title.strip()
    t = re.split(r"\s+(?:of|at|for)\s+", t, maxsplit=1)[0]
    return t.lower()


def _person_at(found: list[Mention], starts: list[int], s: int, e: int) -> Mention | None:
    """The first person of ``found`` (sorted, without overlaps; ``starts`` their starts) that
    covers ``s`` or starts inside ``s..e``."""
    k = bisect_right(starts, s) - 1
    for i in range(max(k, 0), len(found)):
        x = found[i]
        if x.start >= e and x.start > s:
            break
        if x.kind == "person" and (x.start <= s < x.end or s <= x.start < e):
            return x
    return None


def _covered(found: list[Mention], starts: list[int], pos: int, only_non_person: bool) -> bool:
    """Whether a mention of ``found`` (sorted, without overlaps) covers ``pos``; with
    ``only_non_person``, a mention of anything but a person."""
    k = bisect_right(starts, pos) - 1
    if k < 0:
        return False
    x = found[k]
    return x.start <= pos < x.end and not (only_non_person and x.kind == "person")


def _resolve_role(mentions: list[Mention], before: int, country: str, role: str) -> Mention | None:
    """The last person of ``country`` before ``before`` whose role fits ``role`` (None if unsure)."""
    want = _ROLE_WORDS.get(role, role)
    cands: list[Mention] = []
    for x in mentions:
        if x.start >= before or x.kind != "person" or x.country != country:
            continue
        r = (x.role or "").lower()
        if want and want not in r and not (want == "foreign minister" and "diplomat" in role and "foreign" in r):
            if "spokes" in want and "spokes" in r:
                pass
            else:
                continue
        cands.append(x)
    if not cands:
        return None
    names = {c.name for c in cands}
    if len(names) > 1 and role in ("official", "leader"):
        return cands[-1]
    return cands[-1]
