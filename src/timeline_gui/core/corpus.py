"""A loaded corpus: the articles, the events extracted from them, and the problems met on the way.

``build_corpus`` is the one entry point the command line and the window use to turn paths into a
:class:`Corpus`; it reports progress and can be cancelled between files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from timeline_gui.core.articles import find_article_files, read_article
from timeline_gui.core.extract import extract_article
from timeline_gui.core.merge import merge_events
from timeline_gui.core.model import Article, Event, Problem

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


class Cancelled(Exception):
    """Raised by :func:`build_corpus` when its cancel callback answers true."""


@dataclass(frozen=True)
class Corpus:
    """Articles, merged events and problems, in a stable order."""

    articles: tuple[Article, ...] = ()
    events: tuple[Event, ...] = ()
    problems: tuple[Problem, ...] = ()

    @cached_property
    def articles_by_file(self) -> dict[str, Article]:
        return {a.file: a for a in self.articles}

    @cached_property
    def articles_by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def events_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def article_for(self, file: str) -> Article | None:
        """The article a quote's ``file`` names."""
        return self.articles_by_file.get(file) or self.articles_by_file.get(os.path.basename(file))


def build_corpus(
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> Corpus:
    """Load every article below ``paths``, extract and merge their events."""
    files, problems = find_article_files(paths)
    articles: list[Article] = []
    events: list[Event] = []
    total = len(files)
    for i, f in enumerate(files):
        if cancelled is not None and cancelled():
            raise Cancelled
        r = read_article(f)
        if isinstance(r, Problem):
            problems.append(r)
        else:
            articles.append(r)
            events.extend(extract_article(r))
        if progress is not None:
            progress(i + 1, total)
    return Corpus(tuple(articles), tuple(merge_events(events)), tuple(problems))
