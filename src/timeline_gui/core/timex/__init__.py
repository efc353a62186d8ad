"""Temporal expressions: find dates, durations, sets and times in news text and normalize them.

``tag(text, dct)`` returns :class:`Timex` records: the span, a TimeML TIMEX3 type and value, and an
interval with a granularity for the timeline, resolved against the document creation time (the
publication date).
"""

from timeline_gui.core.timex.types import Timex
from timeline_gui.core.timex.tagger import tag

__all__ = ["Timex", "tag"]
