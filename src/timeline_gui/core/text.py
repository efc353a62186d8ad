"""Sentence splitting with exact offsets, aware of abbreviations and direct quotations.

News copy quotes people at length: a sentence may open a quotation that closes two sentences
later with the attribution (``"...," the minister said.``). Each :class:`Sentence` therefore records
whether it lies inside a quotation and which paragraph it belongs to, so that the extractor can
find the speaker of a quoted sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from timeline_gui.core.model import Article


def byte_classes(keep: str) -> bytes:
    """A ``bytes.translate`` table that keeps the ASCII characters of ``keep`` and turns every other
    byte into a space (see :func:`ascii_classes`)."""
    kept = keep.encode("ascii")
    return bytes(b if b in kept else 32 for b in range(256))


def ascii_classes(text: str, table: bytes) -> str:
    """``text`` with one ASCII character per character (every other one as ``?``), mapped through
    ``table`` from :func:`byte_classes`: offsets into it are offsets into ``text``, and splitting it
    on spaces lists runs of the kept characters in C, several times faster than a regex.
    """
    return text.encode("ascii", "replace").translate(table).decode("ascii")


def word_starts(text: str, words: list[str]) -> list[int]:
    """Where each of ``words`` starts in ``text``, for words split from it (or from a string of
    the same offsets) in order, with nothing but separators between them: each is found from the
    end of the previous one. Cheaper than a match object per word.
    """
    # Most texts split here are single-spaced: then adding up the lengths gives the offsets
    # without a search per word. Non-empty words leave at least one separator between each two,
    # so they take all of ``text`` but exactly one separator between each two (and none around
    # them) when their lengths and those separators add up to its length: the sum is checked
    # before it is trusted.
    starts: list[int] = []
    pos = 0
    for w in words:
        n = len(w)
        if n == 0:
            return _found_starts(text, words)
        starts.append(pos)
        pos += n + 1
    if pos - 1 == len(text):
        return starts
    return _found_starts(text, words)


def _found_starts(text: str, words: list[str]) -> list[int]:
    """:func:`word_starts` by searching for each word from the end of the previous one."""
    starts: list[int] = []
    pos = 0
    for w in words:
        pos = text.find(w, pos)
        starts.append(pos)
        pos += len(w)
    return starts


def spaced_words(classes: str) -> tuple[list[str], list[int]]:
    """The words of ``classes`` (a text whose separators are all single spaces, like the result
    of :func:`ascii_classes`) and where each starts, as a regex split on the separators gives them:
    an empty first word when the text opens with a space (or is empty), an empty last one when it
    closes with one.

    Splitting at every space leaves an empty part per extra separator character; stepping over
    the parts and adding up their lengths gives the offsets, with no search per word.
    """
    parts = classes.split(" ")
    last = len(parts) - 1
    words: list[str] = []
    starts: list[int] = []
    pos = 0
    for i in range(len(parts)):
        p = parts[i]
        if p or i == 0 or i == last:
            words.append(p)
            starts.append(pos)
        pos += len(p) + 1
    return words, starts


def bisect_left(xs: list[int], x: int) -> int:
    """``bisect.bisect_left(xs, x)`` for a sorted list of ints.

    The extractor looks up offsets in short sorted lists hundreds of times per article; compiled,
    this loop over native ints costs less than calling the C function (a module attribute look-up,
    a boxed argument and a rich comparison per step).
    """
    lo = 0
    hi = len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def bisect_right(xs: list[int], x: int) -> int:
    """``bisect.bisect_right(xs, x)`` for a sorted list of ints (see :func:`bisect_left`)."""
    lo = 0
    hi = len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if x < xs[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def non_ascii_chars(text: str) -> set[str]:
    """The distinct characters of ``text`` outside ASCII.

    Encoding to ASCII puts one "?" in place of each of them: looking for the question marks of the
    encoded text (with ``bytes.find``, mostly a few) is several times cheaper than scanning the text
    for a character class.
    """
    out: set[str] = set()
    encoded = text.encode("ascii", "replace")
    i = encoded.find(b"?")
    while i != -1:
        c = text[i]
        if c != "?":
            out.add(c)
        i = encoded.find(b"?", i + 1)
    return out


_OPEN_QUOTES: Final = "\"“«‘'"
_CLOSE_QUOTES: Final = "\"”»’'"
# A candidate sentence end: terminal punctuation, optional closing quotes/brackets, then space.
_END: Final = re.compile(r"[.!?][.!?]*[\"”»’')\]]*(?=\s+[\"“«‘'(\[]?[A-Z0-9\u0400-\u04FF])")


def _ends(text: str, start: int, end: int) -> list[re.Match[str]]:
    """``_END.finditer(text, start, end)``, tried only at the punctuation marks a match begins with.

    ``str.find`` gets to the next mark several times faster than the regex engine scans for a
    character class; trying the pattern there, left to right and from the end of each match on,
    finds what ``finditer`` finds.
    """
    out: list[re.Match[str]] = []
    # text.find called as such (not through a bound method kept in a variable): the compiled
    # build then calls the string search directly instead of parsing arguments per call.
    dot, bang, ask = text.find(".", start, end), text.find("!", start, end), text.find("?", start, end)
    while dot >= 0 or bang >= 0 or ask >= 0:
        p = dot
        if bang >= 0 and (p < 0 or bang < p):
            p = bang
        if ask >= 0 and (p < 0 or ask < p):
            p = ask
        m = _END.match(text, p, end)
        pos = p + 1
        if m is not None:
            out.append(m)
            pos = m.end()
        if 0 <= dot < pos:
            dot = text.find(".", pos, end)
        if 0 <= bang < pos:
            bang = text.find("!", pos, end)
        if 0 <= ask < pos:
            ask = text.find("?", pos, end)
    return out
_ABBREV: Final = frozenset(
    [
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "maj",
        "prof", "rev", "gov", "sen", "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "no", "vol", "art", "inc", "corp", "ltd", "co", "vs", "etc",
        "approx", "dept", "est", "fig",
    ]
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as offsets into the article text, with its paragraph and quotation state."""

    start: int
    end: int
    block: int  # index into Article.blocks
    index: int  # position of the sentence in its block
    quoted_start: bool  # the sentence begins inside (or with) a direct quotation

    # Written out so that the compiled build makes it native code (see entities.Mention).
    def __init__(self, start: int, end: int, block: int, index: int, quoted_start: bool) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "block", block)
        object.__setattr__(self, "index", index)
        object.__setattr__(self, "quoted_start", quoted_start)


def _is_letter(c: str) -> bool:
    """``c.isalpha()`` for one character, by its code where it is ASCII: the compiled build has no
    primitive for ``str.isalpha`` and would call it as a method."""
    o = ord(c)
    if o < 128:
        return 97 <= o <= 122 or 65 <= o <= 90
    return c.isalpha()


def _is_abbrev(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` closes an abbreviation ("U.S.", "Gen.") rather than a sentence."""
    i = dot
    while i > 0 and (_is_letter(text[i - 1]) or text[i - 1] == "."):
        i -= 1
    word = text[i:dot]
    if not word:
        return False
    if "." in word or (len(word) == 1 and word.isupper()):
        return True  # "U.S", "U.N", initials
    return word.lower() in _ABBREV


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    s = start
    for m in _ends(text, start, end):
        ms, e = m.span()  # one call of the match's methods, which the compiled build cannot inline
        if text[ms] == "." and e - ms == 1 and _is_abbrev(text, ms):
            continue
        spans.append((s, e))
        s = e
    spans.append((s, end))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _quote_balance(segment: str) -> int:
    """Opening minus closing double quotation marks (straight quotes alternate)."""
    if segment.isascii():  # no curly or angle quotation marks (most sentences): one count
        return segment.count('"') % 2
    opens = segment.count("“") + segment.count("«")
    closes = segment.count("”") + segment.count("»")
    return opens - closes + (segment.count('"') % 2)


def sentences(article: Article) -> list[Sentence]:
    """Every sentence of the article's paragraphs (headings and the dateline are left out)."""
    text = article.text
    out: list[Sentence] = []
    skip_to = article.dateline[1] if article.dateline else article.body_start
    for bi, block in enumerate(article.blocks):
        if block.kind != "paragraph":
            continue
        bstart = max(block.start, skip_to) if block.start < skip_to < block.end else block.start
        if block.end <= skip_to and block.start < skip_to:
            continue
        inside = False
        for si, (a, b) in enumerate(split_sentences(text, bstart, block.end)):
            seg = text[a:b]
            starts_quoted = inside or (seg[:1] in _OPEN_QUOTES and seg[:1] != "'")
            out.append(Sentence(a, b, bi, si, starts_quoted))
            bal = _quote_balance(seg)
            if '"' in seg:
                # Straight quotes: an odd count toggles the state.
                if seg.count('"') % 2:
                    inside = not inside
            elif bal > 0:
                inside = True
            elif bal < 0:
                inside = False
    return out
