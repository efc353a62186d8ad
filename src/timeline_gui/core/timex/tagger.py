"""The tagger: run every rule, keep the longest non-overlapping candidates, resolve them in order.

Candidates are resolved left to right so that anchored expressions ("a week later", "the
following day", "a year earlier") can count from the last calendar date the text named.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from timeline_gui.core.timex.context import Candidate, Ctx
from timeline_gui.core.timex.merge import merge_adjacent
from timeline_gui.core.timex.rules import RULES, find_prefix
from timeline_gui.core.timex.types import Timex

#: Granularities fine enough to anchor "later"/"earlier" expressions.
_ANCHORING = frozenset({"day", "week", "month", "quarter", "season", "year"})


#: Context a pattern may need around its trigger word: "the past two ..." before a unit,
#: ", 2024" after a month.
_BEFORE = 64
_AFTER = 64


_DIGITS = re.compile(r"\d+")
_TriggerKey = tuple[tuple[str, ...] | None, bool, bool]


def _windows(text: str, lower: str, key: _TriggerKey, digit_runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merged stretches of ``text`` around the trigger words of a rule."""
    triggers, cased, digits = key
    spots: list[tuple[int, int]] = list(digit_runs) if digits else []
    hay = text if cased else lower
    for word in triggers or ():
        # Word-initial triggers must start a word: "day" in "Monday" or "now" in "know" is no cue.
        initial = word[0].isalpha()
        i = hay.find(word)
        while i != -1:
            if not (initial and i > 0 and hay[i - 1].isalpha()):
                spots.append((i, i + len(word)))
            i = hay.find(word, i + len(word))
    spots.sort()
    n = len(text)
    out: list[tuple[int, int]] = []
    last_lo, last_hi = -1, -1
    for a, b in spots:
        if last_hi >= 0 and a - _BEFORE <= last_hi:
            last_hi = max(last_hi, b + _AFTER)
            continue
        if last_hi >= 0:
            out.append((max(0, last_lo), min(n, last_hi)))
        last_lo, last_hi = a - _BEFORE, b + _AFTER
    if last_hi >= 0:
        out.append((max(0, last_lo), min(n, last_hi)))
    return out


def candidates(text: str) -> list[Candidate]:
    """Every span any rule proposes, with the modifiers in front of it."""
    out: list[Candidate] = []
    n = len(text)
    lower = text.lower()
    digit_runs = [m.span() for m in _DIGITS.finditer(text)]
    # Rules sharing trigger words (the four month rules) share their windows.
    cache: dict[_TriggerKey, list[tuple[int, int]]] = {}
    for i, rule in enumerate(RULES):
        key = (rule.triggers, rule.cased, rule.digits)
        if key not in cache:
            cache[key] = [(0, n)] if rule.triggers is None else _windows(text, lower, key, digit_runs)
        windows = cache[key]
        for lo, hi in windows:
            for m in rule.pattern.finditer(text, lo, hi):
                if m.end() == m.start():
                    continue
                # A match cut short by the window's end is retried on the whole text.
                if hi < n and m.end() > hi - 24:
                    full = rule.pattern.match(text, m.start())
                    if full is None:
                        continue
                    m = full
                if rule.check is not None and not rule.check(text, m):
                    continue
                # A rule may match context it does not tag ("for years"): its "core" group is the span.
                s, e = (m.start("core"), m.end("core")) if "core" in rule.pattern.groupindex else m.span()
                start, mod, rel = find_prefix(text, s, rule.prefix)
                out.append(Candidate(start, e, i, m, mod, rel))
    return out


def select(cands: list[Candidate], length: int) -> list[Candidate]:
    """Longest first (then earliest rule), dropping any candidate overlapping one already kept."""
    cands.sort(key=lambda c: (c.start - c.end, c.rule, c.start))
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
    ctx = Ctx(text, dct)
    out: list[Timex] = []
    # Repeated expressions ("Friday" forty times) resolve once.
    memo: dict[tuple[object, ...], Timex | None] = {}
    for c in select(candidates(text), len(text)):
        rule = RULES[c.rule]
        if rule.pure:
            key = (c.rule, text[c.start : c.end], c.mod, c.rel, ctx.tense(c.start, c.end))
            if key in memo:
                hit = memo[key]
                t = None if hit is None else replace(hit, start=c.start, end=c.end)
            else:
                t = memo[key] = rule.resolve(ctx, c)
        else:
            t = rule.resolve(ctx, c)
        if t is None:
            continue
        out.append(t)
        iv = t.interval
        if t.type in ("DATE", "TIME") and t.anchored and iv is not None and iv.granularity in _ANCHORING:
            ctx.anchor = iv
            ctx.anchor_end = t.end
    return merge_adjacent(text, out)
