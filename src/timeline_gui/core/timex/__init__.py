"""Temporal expressions: find dates, durations, sets and times in news text and normalize them.

``tag(text, dct)`` returns :class:`Timex` records: the span, a TimeML TIMEX3 type and value, and an
interval with a granularity for the timeline, resolved against the document creation time (the
publication date). ``clause_tense`` gives the tense cue around any span; ``coordinations`` joins
expressions such as "the end of last year and early this year" into one interval.
"""

from timeline_gui.core import compiled as _compiled

_compiled.activate(__path__, "timex")  # before the submodules below are looked up

from timeline_gui.core.timex.merge import Coordination, coordinations  # noqa: E402
from timeline_gui.core.timex.tagger import tag  # noqa: E402
from timeline_gui.core.timex.tense import clause_tense  # noqa: E402
from timeline_gui.core.timex.types import Timex  # noqa: E402

__all__ = ["Coordination", "Timex", "clause_tense", "coordinations", "tag"]
