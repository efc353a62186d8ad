"""The tagger: run every rule, keep the longest non-overlapping candidates, resolve them in order.

Candidates are resolved left to right so that anchored expressions ("a week later", "the
following day", "a year earlier") can count from the last calendar date the text named.
"""

from __future__ import annotations

import datetime as dt

from timeline_gui.core.timex.context import Candidate, Ctx
from timeline_gui.core.timex.merge import merge_adjacent
from timeline_gui.core.timex.rules import RULES, find_prefix
from timeline_gui.core.timex.types import Timex

#: Granularities fine enough to anchor "later"/"earlier" expressions.
_ANCHORING = frozenset({"day", "week", "month", "quarter", "season", "year"})


def candidates(text: str) -> list[Candidate]:
    """Every span any rule proposes, with the modifiers in front of it."""
    out: list[Candidate] = []
    for i, rule in enumerate(RULES):
        for m in rule.pattern.finditer(text):
            if m.end() == m.start():
                continue
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
    for c in select(candidates(text), len(text)):
        t = RULES[c.rule].resolve(ctx, c)
        if t is None:
            continue
        out.append(t)
        iv = t.interval
        if t.type in ("DATE", "TIME") and t.anchored and iv is not None and iv.granularity in _ANCHORING:
            ctx.anchor = iv
            ctx.anchor_end = t.end
    return merge_adjacent(text, out)
