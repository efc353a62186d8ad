"""The tagger: run every rule, keep the longest non-overlapping candidates, resolve them in order.

Candidates are resolved left to right so that anchored expressions ("a week later", "the
following day", "a year earlier") can count from the last calendar date the text named.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from bisect import bisect_left
from collections.abc import Callable
from itertools import product
from typing import Final

from timeline_gui.core.text import ascii_classes, byte_classes, non_ascii_chars
from timeline_gui.core.timex.context import Candidate, Ctx
from timeline_gui.core.timex.merge import merge_adjacent
from timeline_gui.core.timex.rules import RULES, find_prefix
from timeline_gui.core.timex.tense import CUE_FORMS, WORD_TABLE, WordScan
from timeline_gui.core.timex.types import Timex, new_timex

#: Granularities fine enough to anchor "later"/"earlier" expressions.
_ANCHORING: Final = frozenset({"day", "week", "month", "quarter", "season", "year"})
_COMPARISONS: Final = frozenset({"ago", "adj_ago"})


# "\d+", begun with a cheap character class (every decimal digit is 0-9 or not ASCII) so that the
# engine skips to the digits instead of trying a match, with a Unicode look-up, at every position.
_DIGITS: Final = re.compile(r"[0-9\x80-\U0010ffff](?<=\d)\d*")
_DIGIT_TABLE = byte_classes(string.digits)


def _lowered(text: str) -> str:
    """``text.lower()``, or, where a character lowers to several, each character lowered on its own
    where it lowers to one (so that offsets stay aligned).

    Lowering text with characters outside ASCII goes through the Unicode tables character by
    character; here only those characters do, and the ASCII stretches between them are lowered
    fast. A capital sigma, whose lower case depends on its neighbours, takes the plain way.
    """
    return _lowered_scan(text, text.encode("ascii", "replace"))[0]


def _lowered_scan(text: str, encoded: bytes) -> tuple[str, bool]:
    """:func:`_lowered` of ``text``, given ``encoded``, its ``encode("ascii", "replace")``; and whether
    no character of the text outside ASCII is a decimal digit or lowers to an ASCII character.

    When so, the encoded text tells where the digits of the text and the ASCII letters of the
    lower-cased text are (each is an ASCII character of the text, lowered), and the tagger's scans
    translate it instead of encoding each text again.
    """
    if text.isascii():
        return text.lower(), True
    plain = True
    parts: list[str] = []
    pos = 0
    i = encoded.find(b"?")  # one "?" per character outside ASCII
    while i != -1:
        c = text[i]
        if c != "?":
            low = c.lower()
            if len(low) != 1 or c == "\u03a3":
                lower = text.lower()
                if len(lower) != len(text):
                    lower = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
                return lower, False
            if low.isascii() or c.isdecimal():
                plain = False
            parts.append(text[pos:i].lower())
            parts.append(low)
            pos = i + 1
        i = encoded.find(b"?", i + 1)
    parts.append(text[pos:].lower())
    return "".join(parts), plain


def _digit_runs(text: str) -> list[tuple[int, int]]:
    """The spans of ``_DIGITS.finditer(text)``; by byte translation (:func:`ascii_classes`) when all
    the text's decimal digits are ASCII ones, several times cheaper than the regex scan."""
    if not text.isascii():
        for c in non_ascii_chars(text):
            if c.isdecimal():
                return [m.span() for m in _DIGITS.finditer(text)]
    return _runs(ascii_classes(text, _DIGIT_TABLE))


def _runs(classes: str) -> list[tuple[int, int]]:
    """The spans of the runs of characters other than spaces in ``classes`` (a translation)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for run in classes.split():
        # Only spaces lie between one run and the next: the next occurrence is the next run.
        i = classes.find(run, pos)
        pos = i + len(run)
        out.append((i, pos))
    return out


#: Extra characters kept after a rule's reach so that look-aheads see real text, not a window's end.
_SLACK: Final = 24
#: How much text around a match its check and modifiers may look at.
_CONTEXT_BEFORE: Final = 48
_CONTEXT_AFTER: Final = 64


_WindowKey = tuple[
    tuple[str, ...] | None, bool, bool, tuple[int, int], frozenset[str] | None, Callable[[str, int, int], bool] | None
]
_SpotKey = tuple[tuple[str, ...], bool, bool, Callable[[str, int, int], bool] | None]


def _spots(hay: str, word: str, within: str | None = None) -> list[tuple[int, int]]:
    """Spans of a trigger word in ``hay``; a word-initial trigger must start a word ("day" in
    "Monday" or "now" in "know" is no cue). ``within``: where to look for the word instead, a copy
    of ``hay`` in ASCII with the same ASCII occurrences (see :attr:`_Scans.ascii_text`)."""
    spots: list[tuple[int, int]] = []
    initial = word[0].isalpha()
    size = len(word)
    look = hay if within is None else within
    i = look.find(word)
    while i != -1:
        if not (initial and i > 0 and hay[i - 1].isalpha()):
            spots.append((i, i + size))
        i = look.find(word, i + size)
    return spots


def _spots_by_first(hay: str, word: str, within: str | None = None) -> list[tuple[int, int]]:
    """:func:`_spots`, going from one occurrence of the word's first character to the next.

    For the few trigger words not found through :func:`_stem_starts` ("0s", "-ago", "Q"), whose
    first characters are rare: ``str.find`` of one character is several times cheaper than of
    a short word. The occurrences are the same, taken left to right without overlaps.
    ``within``: as for :func:`_spots`.
    """
    spots: list[tuple[int, int]] = []
    initial = word[0].isalpha()
    size = len(word)
    first = word[0]
    look = hay if within is None else within
    i = look.find(first)
    while i != -1:
        if look.find(word, i, i + size) == i:
            if not (initial and i > 0 and hay[i - 1].isalpha()):
                spots.append((i, i + size))
            i = look.find(first, i + size)
        else:
            i = look.find(first, i + 1)
    return spots


#: Runs of lower-case ASCII letters: a word-initial trigger beginning with three such letters can
#: occur only where one of these runs begins with the same three letters.
_LETTER_RUN: Final = re.compile(r"[a-z]+")
_LETTER_TABLE = byte_classes(string.ascii_lowercase)


#: The same for the encoded text of :func:`_lowered_scan`, lower-casing its capitals on the way.
_LOWER_LETTER_TABLE = bytes(b + 32 if 65 <= b <= 90 else b if 97 <= b <= 122 else 32 for b in range(256))


def _letter_runs(text: str) -> list[str]:
    """``_LETTER_RUN.findall(text)``, by byte translation (:func:`ascii_classes`)."""
    return ascii_classes(text, _LETTER_TABLE).split()


_STEM: Final = re.compile(r"[a-z]{3}")


def _stem(word: str) -> str | None:
    """The first three letters of a lower-case trigger, when they are letters a-z."""
    return word[:3] if _STEM.match(word) else None


def _after_words(
    lower: str, spots: list[tuple[int, int]], words: frozenset[str], number: bool
) -> list[tuple[int, int]]:
    """The trigger spans whose previous word (across spaces and hyphens) is one of ``words``, or
    a number when ``number`` is set."""
    out: list[tuple[int, int]] = []
    for a, b in spots:
        j = a
        while j > 0 and a - j < 4 and lower[j - 1] in " -\t\n\r\xa0":
            j -= 1
        k = j
        while k > 0 and j - k < 16 and lower[k - 1].isalnum():
            k -= 1
        prev = lower[k:j]
        if prev in words or (number and prev.isdigit()):
            out.append((a, b))
    return out


def _windows(n: int, spots: list[tuple[int, int]], reach: tuple[int, int]) -> list[tuple[int, int]]:
    """Merged stretches of a text of length ``n`` around trigger spans, as far as a rule reaches."""
    before, after = reach
    after += _SLACK
    out: list[tuple[int, int]] = []
    last_lo, last_hi = -1, -1
    for a, b in spots:
        if last_hi >= 0 and a - before <= last_hi:
            if b + after > last_hi:
                last_hi = b + after
            continue
        if last_hi >= 0:
            out.append((max(0, last_lo), min(n, last_hi)))
        last_lo, last_hi = a - before, b + after
    if last_hi >= 0:
        out.append((max(0, last_lo), min(n, last_hi)))
    return out


_ESCAPE: Final = re.compile(r"\\.")
_CASE_PAIR: Final = re.compile(r"\[([A-Z])([a-z])\]")


def _folded(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-insensitive ``pattern`` as a case-sensitive one for lower-cased text, when its
    letters are all lower case (matching lower-cased text without IGNORECASE is several times
    faster); ``None`` otherwise."""
    if not pattern.flags & re.IGNORECASE:
        return None
    bare = _ESCAPE.sub("", pattern.pattern).replace("(?P<", "(?<").replace("(?P=", "(?=")
    bare = _CASE_PAIR.sub(lambda m: m[2] if m[1].lower() == m[2] else m[0], bare)
    if any(ch.isupper() for ch in bare) or "(?-i" in pattern.pattern or "(?i" in pattern.pattern:
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


#: The three-letter beginning of each case-insensitive trigger word, where it has one.
_STEMS: dict[str, str | None] = {w: _stem(w) for rule in RULES if not rule.cased for w in rule.triggers or ()}
#: The same for the case-sensitive triggers ("May", "Monday"), lower-cased: such a word, where it
#: starts a word, starts a run of letters of the lower-cased text too.
_CASED_STEMS: dict[str, str | None] = {
    w: _stem(w[:3].lower()) if w[:3].isascii() else None for rule in RULES if rule.cased for w in rule.triggers or ()
}

#: Per rule, the pattern to run on the lower-cased text instead, if any.
_FOLDED: tuple[re.Pattern[str] | None, ...] = tuple(_folded(rule.pattern) for rule in RULES)
#: Per rule: the pattern to run, whether on the lower-cased text, and whether it has a "core" group.
_PATTERNS: Final[tuple[tuple[re.Pattern[str], bool, bool], ...]] = tuple(
    (rule.pattern if f is None else f, f is not None, "core" in (rule.pattern if f is None else f).groupindex)
    for rule, f in zip(RULES, _FOLDED, strict=True)
)
#: Per rule: what its windows and its trigger spots depend on (rules alike share them).
_FULL_KEYS: tuple[tuple[_WindowKey, _SpotKey | None], ...] = tuple(
    (
        (rule.triggers, rule.cased, rule.digits, rule.reach, rule.before_words, rule.digit_ok),
        None if rule.triggers is None else (rule.triggers, rule.cased, rule.digits, rule.digit_ok),
    )
    for rule in RULES
)
#: The same keys as small numbers (the first rule with an equal key), cheaper to hash than the
#: tuples of trigger words.
_KEYS: Final[tuple[tuple[int, int], ...]] = tuple(
    (
        next(j for j, k in enumerate(_FULL_KEYS) if k[0] == key),
        next(j for j, k in enumerate(_FULL_KEYS) if k[1] == skey),
    )
    for key, skey in _FULL_KEYS
)


def _bordered(word: str) -> bool:
    """Whether a proper beginning of ``word`` is also its end ("dad"): its occurrences may overlap."""
    return any(word[:k] == word[-k:] for k in range(1, len(word)))


def _bases(cased: bool) -> dict[str, str]:
    """Per trigger word, the shortest other trigger word looked for in the same text ("year" for
    "years", "yearly" and "year-end") that begins it, where neither word's occurrences can overlap.

    Then :func:`_spots` lists every occurrence of either word, and the longer word's spots are the
    shorter one's that it continues (the same character comes before both): one search of the text
    serves both. (Only for the words looked for through the whole text, not by :func:`_stem_starts`.)
    """
    words = sorted({w for rule in RULES if rule.cased == cased for w in rule.triggers or ()}, key=lambda w: (len(w), w))
    out: dict[str, str] = {}
    for w in words:
        if _bordered(w):
            continue
        for b in words:
            if len(b) < len(w) and w.startswith(b) and not _bordered(b):
                out[w] = b
                break
    return out


_LOWER_BASES: Final = _bases(False)
_CASED_BASES: Final = _bases(True)


def _index_safe(word: str) -> bool:
    """Whether every word-initial occurrence of ``word`` is one :func:`_spots` lists.

    :func:`_spots` takes the occurrences left to right, each search going on after the last one
    found; an occurrence beginning inside another ("noonoon") is skipped. That loses a word-initial
    one only where the character before it, inside the other occurrence, is no letter: never, for
    the trigger words, but this is checked rather than assumed.
    """
    size = len(word)
    return all(word[d - 1].isalpha() for d in range(1, size) if word.startswith(word[d:]))


def _spot_words() -> dict[int, tuple[tuple[str, bool, str | None], ...]]:
    """Per spot key (see :data:`_KEYS`), each trigger word, whether it is matched case-sensitively,
    and its three-letter beginning in the lower-cased text (``None``: looked for regardless)."""
    out: dict[int, tuple[tuple[str, bool, str | None], ...]] = {}
    for rule, (_key, skey) in zip(RULES, _KEYS, strict=True):
        if rule.triggers is not None and skey not in out:
            stems = _CASED_STEMS if rule.cased else _STEMS
            out[skey] = tuple((w, rule.cased, stems[w] if _index_safe(w) else None) for w in rule.triggers)
    return out


#: Worked out once, so that tagging a text does not look each trigger word up again.
_SPOT_WORDS = _spot_words()
#: Every three-letter beginning :func:`_stem_starts` looks for.
_TRIGGER_STEMS: Final = frozenset(stem for words in _SPOT_WORDS.values() for _w, _c, stem in words if stem is not None)


def _stem_starts(classes: str) -> dict[str, list[int]]:
    """Where the runs of ``classes`` (the lower-cased text's ASCII letters, the rest spaces) that
    begin with the first three letters of a trigger word begin, by those letters.

    A word-initial trigger beginning with three letters a-z (in the lower-cased text, or
    case-sensitively in the text itself: no character that is not a letter lowers to one) can only
    begin where such a run does. One pass over the runs replaces a search of the whole text per
    trigger word, and leaves out the words whose runs do not occur at all.
    """
    out: dict[str, list[int]] = {}
    stems = _TRIGGER_STEMS
    n = len(classes)
    pos = 0
    for run in classes.split():
        if len(run) < 3:
            continue
        stem = run[:3]
        if stem not in stems:
            continue
        size = len(run)
        i = classes.find(run, pos)
        # Only runs of other stems were skipped since ``pos``: an occurrence inside one of them is
        # not a run of its own.
        while (i > 0 and classes[i - 1] != " ") or (i + size < n and classes[i + size] != " "):
            i = classes.find(run, i + 1)
        pos = i + size
        at = out.get(stem)
        if at is None:
            out[stem] = [i]
        else:
            at.append(i)
    return out


#: Each trigger stem in every mix of cases ("yea", "Yea", "YEA", "yEa", ...), to its lower case.
_STEM_FORMS: Final[dict[str, str]] = {
    "".join(form): stem for stem in _TRIGGER_STEMS for form in product(*((c, c.upper()) for c in stem))
}


def _stem_fours() -> dict[str, frozenset[str] | None]:
    """Per trigger stem, the first four letters (lower case) of its trigger words, when every one
    of them has four letters a-z there; else ``None``.

    A run of letters can then hold one of those words only if it begins with one of these four
    letters: "for" begins "forties", "formerly" and "fortnight", but the word "for" or "foreign"
    needs no closer look.
    """
    words: dict[str, list[str]] = {}
    for listed in _SPOT_WORDS.values():
        for w, cased, stem in listed:
            if stem is not None:
                words.setdefault(stem, []).append(w[:4].lower() if cased else w[:4])
    out: dict[str, frozenset[str] | None] = {}
    for stem, fours in words.items():
        whole = all(len(f) == 4 and f.isascii() and f.isalpha() and f.islower() for f in fours)
        out[stem] = frozenset(fours) if whole else None
    return out


#: See :func:`_stem_fours`.
_STEM_FOURS: Final = _stem_fours()


def _held_stem(stem: str, run: str) -> str | None:
    """``stem``, unless :data:`_STEM_FOURS` shows that the run of letters ``run`` (of the text,
    in any case) can hold none of its trigger words."""
    fours = _STEM_FOURS[stem]
    if fours is None or (len(run) >= 4 and run[:4].lower() in fours):
        return stem
    return None


def _word_heads() -> dict[str, tuple[str | None, bool]]:
    """Per beginning of a word (its first three characters, or the whole of a shorter one): the
    trigger stem it is a form of, if any, and whether some cue word (:data:`CUE_FORMS`) begins so."""
    out: dict[str, tuple[str | None, bool]] = {form: (stem, False) for form, stem in _STEM_FORMS.items()}
    for cue in CUE_FORMS:
        out[cue[:3]] = (out.get(cue[:3], (None, False))[0], True)
    return out


#: See :func:`_word_heads`: most words begin in none of these ways, and need no other look-up.
_WORD_HEADS: Final = _word_heads()


def _head_key(w: str) -> int:
    """A number for the first three characters of a word (letters and apostrophes only): six bits
    of each one's code, none of them zero; fewer characters leave zeros. Equal beginnings give equal
    numbers (an apostrophe and a "g" share theirs)."""
    size = len(w)
    k = (ord(w[0]) & 63) << 12
    if size > 1:
        k |= (ord(w[1]) & 63) << 6
        if size > 2:
            k |= ord(w[2]) & 63
    return k


def _head_table() -> bytes:
    table = bytearray(1 << 18)
    for head in _WORD_HEADS:
        table[_head_key(head)] = 1
    return bytes(table)


#: Whether some beginning in :data:`_WORD_HEADS` has a word's :func:`_head_key`: a test by a few
#: character codes and a byte, instead of hashing the beginning for a look-up that mostly fails.
_HEAD_TABLE: Final = _head_table()


def _scan_words(classes: str) -> tuple[WordScan, dict[str, list[int]]]:
    """What :class:`TenseIndex` needs of the text's words and what :func:`_stem_starts` gives, in
    one pass over the words of ``classes`` (the text's encoding translated by ``WORD_TABLE``).

    For text whose encoding stands for its lower case (see :func:`_lowered_scan`): then the runs of
    letters of the lower-cased text are the words' stretches between apostrophes, and a run's
    first three letters in any mix of cases stand for their lower case. Listing the words once
    instead of twice (with their letters lower-cased the second time) saves making several
    hundred strings per text.
    """
    words = classes.split()
    forms = _STEM_FORMS
    heads = _WORD_HEADS
    table = _HEAD_TABLE
    cues = CUE_FORMS
    maybe: list[int] = []
    maybe_pos: list[int] = []
    starts: dict[str, list[int]] = {}
    quotes = "'" in classes
    n = len(classes)
    pos = 0
    for k, w in enumerate(words):
        size = len(w)
        # may_be_cue(w), with one look-up for both questions in most words.
        cue = size > 4 and ((w[-1] == "d" and w[-2] == "e") or (w[-1] == "D" and w[-2] == "E"))
        # _head_key(w), written out.
        key = (ord(w[0]) & 63) << 12
        if size > 1:
            key |= (ord(w[1]) & 63) << 6
            if size > 2:
                key |= ord(w[2]) & 63
        stem: str | None = None
        if table[key]:
            head = heads.get(w[:3])
            if head is not None:
                stem, cue_head = head
                if cue_head and not cue:
                    cue = w in cues
        pieces = quotes and "'" in w
        if stem is not None and not pieces:
            stem = _held_stem(stem, w)
        if stem is None and not cue and not pieces:
            continue
        i = classes.find(w, pos)
        # Only words that are neither were skipped since ``pos``: an occurrence inside one of them
        # is not a word of its own.
        while (i > 0 and classes[i - 1] != " ") or (i + size < n and classes[i + size] != " "):
            i = classes.find(w, i + 1)
        pos = i + size
        if cue:
            maybe.append(k)
            maybe_pos.append(i)
        if pieces:
            at = i
            for piece in w.split("'"):
                got = forms.get(piece[:3]) if len(piece) >= 3 else None
                if got is not None and _held_stem(got, piece) is not None:
                    _add_start(starts, got, at)
                at += len(piece) + 1
        elif stem is not None:
            _add_start(starts, stem, i)
    return WordScan(words, maybe, maybe_pos), starts


def _add_start(starts: dict[str, list[int]], stem: str, at: int) -> None:
    got = starts.get(stem)
    if got is None:
        starts[stem] = [at]
    else:
        got.append(at)


def _spots_at(hay: str, word: str, starts: list[int], within: str | None = None) -> list[tuple[int, int]]:
    """:func:`_spots` of a word-initial trigger word, looked for only at ``starts`` (from
    :func:`_stem_starts`; ``within``: as for :func:`_spots`)."""
    spots: list[tuple[int, int]] = []
    size = len(word)
    look = hay if within is None else within
    for i in starts:
        # ``find`` in the word's own span: ``startswith`` with a position is no native call.
        if look.find(word, i, i + size) == i and not (i > 0 and hay[i - 1].isalpha()):
            spots.append((i, i + size))
    return spots


#: Per rule, whether its matches begin where its trigger spots do (a reach of nothing before them:
#: dates led by a month or weekday name, clock times, numeric dates, holidays), so that its pattern
#: is tried only there. Not ``Final``: the tests turn it off to compare.
_AT_SPOTS: tuple[bool, ...] = tuple(rule.triggers is not None and rule.reach[0] == 0 for rule in RULES)
#: Per rule, its :attr:`Rule.leads` where its pattern runs on the lower-cased text (the words are
#: looked for there as they are). Not ``Final``: the tests turn it off to compare.
_LEADS: tuple[tuple[str, ...] | None, ...] = tuple(
    rule.leads if on_lower else None for rule, (_p, on_lower, _c) in zip(RULES, _PATTERNS, strict=True)
)


def _search_all(pattern: re.Pattern[str], hay: str, lo: int, hi: int) -> list[re.Match[str]]:
    """``list(pattern.finditer(hay, lo, hi))``, by one search after another: without the scanner
    object and iterator ``finditer`` makes, a window with one match or none (nearly all of them)
    costs markedly less."""
    out: list[re.Match[str]] = []
    m = pattern.search(hay, lo, hi)
    while m is not None:
        out.append(m)
        e = m.end()
        if e == m.start():
            # After an empty match finditer may find a longer one at the same place, which no
            # search can be asked for: a scanner from there (its first match this empty one) goes on.
            rest = pattern.finditer(hay, e, hi)
            next(rest)
            out.extend(rest)
            break
        m = pattern.search(hay, e, hi)
    return out


def _match_at(pattern: re.Pattern[str], hay: str, lo: int, hi: int, starts: list[int]) -> list[re.Match[str]]:
    """:func:`_search_all` for a pattern whose matches begin only at ``starts`` (sorted: trigger
    spots, or where :attr:`Rule.leads` occur): the pattern is tried there, skipping places inside a
    match as the search does, instead of at every position of the window."""
    out: list[re.Match[str]] = []
    k = bisect_left(starts, lo)
    pos = lo
    size = len(starts)
    while k < size:
        s = starts[k]
        if s >= hi:
            break
        k += 1
        if s < pos:
            continue
        m = pattern.match(hay, s, hi)
        if m is not None:
            pos = m.end()
            if pos == s:
                return _search_all(pattern, hay, lo, hi)  # an empty match: the search's own way
            out.append(m)
    return out


def _lead_starts(hay: str, lo: int, hi: int, leads: tuple[str, ...]) -> list[int]:
    """Where the words ``leads`` occur in ``hay[lo:hi]``, in order (``hay``: the lower-cased text,
    or its :attr:`_Scans.ascii_lower`)."""
    out: list[int] = []
    for word in leads:
        i = hay.find(word, lo, hi)
        while i != -1:
            out.append(i)
            i = hay.find(word, i + 1, hi)
    out.sort()
    return out


#: Whether every trigger and lead word is ASCII without "?": what :attr:`_Scans.ascii_text` needs.
_ASCII_WORDS: Final = all(
    w.isascii() and "?" not in w for rule in RULES for w in (*(rule.triggers or ()), *(rule.leads or ()))
)
#: Capitals to lower case, every other byte kept.
_ASCII_LOWER_TABLE = bytes(b + 32 if 65 <= b <= 90 else b for b in range(256))


class _Scans:
    """The whole-text scans candidates are found from."""

    def __init__(self, text: str, encoded: bytes, with_words: bool) -> None:
        """``encoded``: the text's ``encode("ascii", "replace")``; ``with_words``: list the words
        for the tense index too (:attr:`words`), where that can be done in the same pass."""
        self.lower, plain = _lowered_scan(text, encoded)
        self.words: WordScan | None = None
        #: The text and its lower case where the trigger and lead words (ASCII, no "?") are looked
        #: for: ASCII copies with the same occurrences of such words, when the text is not ASCII.
        #: ``str.find`` of an ASCII word in text with wider characters copies the word each time.
        self.ascii_text = text
        self.ascii_lower = self.lower
        if _ASCII_WORDS and not text.isascii():
            self.ascii_text = encoded.decode("ascii")
            if plain:
                # No character outside ASCII lowers to an ASCII one: "?" stands for all of them.
                self.ascii_lower = encoded.translate(_ASCII_LOWER_TABLE).decode("ascii")
        if plain:
            # The text's own encoding serves: no need to encode it, or its lower case, again.
            self.digit_runs = _runs(encoded.translate(_DIGIT_TABLE).decode("ascii"))
            if with_words:
                self.words, self.starts = _scan_words(encoded.translate(WORD_TABLE).decode("ascii"))
            else:
                self.starts = _stem_starts(encoded.translate(_LOWER_LETTER_TABLE).decode("ascii"))
        else:
            self.digit_runs = _digit_runs(text)
            self.starts = _stem_starts(ascii_classes(self.lower, _LETTER_TABLE))


def candidates(text: str, encoded: bytes | None = None) -> list[Candidate]:
    """Every span any rule proposes, with the modifiers in front of it (``encoded``: the text's
    ``encode("ascii", "replace")``, if already made)."""
    if encoded is None:
        encoded = text.encode("ascii", "replace")
    return _candidates(text, _Scans(text, encoded, False))


def _candidates(text: str, scans: _Scans) -> list[Candidate]:
    out: list[Candidate] = []
    n = len(text)
    lower = scans.lower
    ascii_text = scans.ascii_text
    ascii_lower = scans.ascii_lower
    digit_runs = scans.digit_runs
    starts = scans.starts
    # Rules sharing trigger words (the four month rules) share their trigger spots and windows.
    spot_words = _SPOT_WORDS
    lower_spots: dict[str, list[tuple[int, int]]] = {}
    cased_spots: dict[str, list[tuple[int, int]]] = {}
    spot_cache: dict[int, list[tuple[int, int]]] = {}
    cache: dict[int, list[tuple[int, int]]] = {}
    rule_spots: dict[int, list[int]] = {}
    at_spots = _AT_SPOTS
    leads_of = _LEADS
    for i, rule in enumerate(RULES):
        key, skey = _KEYS[i]
        if key not in cache:
            if rule.triggers is None:
                cache[key] = [(0, n)]
                rule_spots[key] = []
            else:
                if skey not in spot_cache:
                    spots: list[tuple[int, int]] = []
                    for word, cased, stem in spot_words[skey]:
                        at: list[int] | None = None
                        if stem is not None:
                            at = starts.get(stem)
                            if at is None:
                                continue  # no spots
                        known = cased_spots if cased else lower_spots
                        found = known.get(word)
                        if found is None:
                            where, within = (text, ascii_text) if cased else (lower, ascii_lower)
                            if at is not None:
                                found = _spots_at(where, word, at, within)
                            else:
                                base = (_CASED_BASES if cased else _LOWER_BASES).get(word)
                                if base is None:
                                    found = _spots_by_first(where, word, within)
                                else:
                                    under = known.get(base)
                                    if under is None:
                                        under = known[base] = _spots(where, base, within)
                                    size = len(word)
                                    found = [
                                        (sa, sa + size) for sa, _sb in under if within.find(word, sa, sa + size) == sa
                                    ]
                            known[word] = found
                        spots += found
                    if rule.digits:
                        ok = rule.digit_ok
                        spots += digit_runs if ok is None else [(a, b) for a, b in digit_runs if ok(text, a, b)]
                    spots.sort()
                    spot_cache[skey] = spots
                spots = spot_cache[skey]
                if rule.before_words is not None and spots:
                    spots = _after_words(lower, spots, rule.before_words, rule.number_before)
                cache[key] = _windows(n, spots, rule.reach) if spots else []
                rule_spots[key] = [a for a, _b in spots] if at_spots[i] else []
        windows = cache[key]
        if not windows:
            continue
        pattern, on_lower, core = _PATTERNS[i]
        hay = lower if on_lower else text
        check = rule.check
        prefix = rule.prefix
        # Checks and modifiers depend on the match and a little text around it: repeated
        # expressions are judged once.
        # (Made with the first match: most rules' windows hold none.)
        seen: dict[tuple[str, str, str], tuple[int, int, str | None, str | None] | None] | None = None
        led = rule_spots[key] if at_spots[i] else None
        leads = leads_of[i]
        for lo, hi in windows:
            if leads is not None:
                matches = _match_at(pattern, hay, lo, hi, _lead_starts(ascii_lower, lo, hi, leads))
            elif led is not None:
                matches = _match_at(pattern, hay, lo, hi, led)
            else:
                matches = _search_all(pattern, hay, lo, hi)
            for m in matches:
                m0, m1 = m.span()
                if m1 == m0:
                    continue
                # A match cut short by the window's end is retried on the whole text.
                if hi < n and m1 > hi - _SLACK:
                    full = pattern.match(hay, m0)
                    if full is None:
                        continue
                    m = full
                    m1 = m.end()
                ckey = (
                    m[0],
                    text[m0 - _CONTEXT_BEFORE if m0 > _CONTEXT_BEFORE else 0 : m0],
                    text[m1 : m1 + _CONTEXT_AFTER],
                )
                if seen is None:
                    seen = {}
                elif ckey in seen:
                    got = seen[ckey]
                    if got is not None:
                        d_start, d_e, mod, rel = got
                        out.append(Candidate(m0 + d_start, m0 + d_e, i, m, mod, rel))
                    continue
                if check is not None and not check(text, m):
                    seen[ckey] = None
                    continue
                # A rule may match context it does not tag ("for years"): its "core" group is the span.
                s, e = (m.start("core"), m.end("core")) if core else (m0, m1)
                start, mod, rel = find_prefix(text, s, prefix)
                seen[ckey] = (start - m0, e - m0, mod, rel)
                out.append(Candidate(start, e, i, m, mod, rel))
    return out


def select(cands: list[Candidate], length: int) -> list[Candidate]:
    """Longest first (then earliest rule), dropping any candidate overlapping one already kept."""
    # The order of (start - end, rule, start), as one number: integers compare much faster than tuples.
    size = length + 1
    rules = len(RULES)
    cands.sort(key=lambda c: ((c.start - c.end) * rules + c.rule) * size + c.start)
    taken = bytearray(length + 1)
    kept: list[Candidate] = []
    for c in cands:
        if taken.find(1, c.start, c.end) != -1:
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def tag(text: str, dct: dt.date) -> list[Timex]:
    """Find and normalize the temporal expressions of ``text`` relative to the publication date ``dct``.

    Returns :class:`Timex` records in text order with ``text[t.start:t.end] == t.text``.
    """
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    encoded = text.encode("ascii", "replace")
    scans = _Scans(text, encoded, True)
    ctx = Ctx(text, dct)
    ctx.encoded = encoded
    ctx.words = scans.words
    out: list[Timex] = []
    # Repeated expressions ("Friday" forty times) resolve once. What a resolver may look at beyond
    # the match is part of the key: the tense, and for the context-dependent rules the anchor, how
    # near it is and the characters just before and after.
    memo: dict[tuple[object, ...], Timex | None] = {}
    version = 0  # counts anchor changes: cheaper in a key than the anchor itself
    for c in select(_candidates(text, scans), len(text)):
        rule = RULES[c.rule]
        s, e = c.start, c.end
        key: tuple[object, ...] = (c.rule, text[s:e], c.match[0], c.mod, c.rel, ctx.tense(s, e))
        if not rule.pure:
            gap = s - ctx.anchor_end
            key += (version, gap < 80, gap < 400, text[max(0, s - 24) : s], text[e : e + 12])
        if key in memo:
            hit = memo[key]
            if hit is None:
                continue
            t = new_timex(s, e, hit.text, hit.type, hit.value, hit.interval, hit.mod, hit.tense, hit.anchored)
        else:
            got = memo[key] = rule.resolve(ctx, c)
            if got is None:
                continue
            t = got
        out.append(t)
        iv = t.interval
        # A comparison quarter ("a year ago", "the year-earlier period") is not the one the
        # report is about: it does not become the anchor.
        if (
            t.type in ("DATE", "TIME")
            and t.anchored
            and iv is not None
            and iv.granularity in _ANCHORING
            and not (iv.granularity == "quarter" and rule.name in _COMPARISONS)
        ):
            a = ctx.anchor
            # iv != a, field by field: the dataclass's generated __eq__ is interpreted code.
            if iv is not a and (
                a is None or iv.start != a.start or iv.end != a.end or iv.granularity != a.granularity
            ):
                version += 1
            ctx.anchor = iv
            ctx.anchor_end = t.end
    return merge_adjacent(text, out)
