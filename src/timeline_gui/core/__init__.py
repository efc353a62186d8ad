"""The pure-Python model layer: no Qt import is allowed anywhere below this package.

The extractor's hot modules may run from a compiled build of the same sources; see
:mod:`timeline_gui.core.compiled` for when, and why that is safe.
"""

from timeline_gui.core import compiled as _compiled

_compiled.activate(__path__)
