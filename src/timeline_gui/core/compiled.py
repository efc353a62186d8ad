"""The extractor's optional compiled build: the same Python modules, compiled to C by mypyc.

Extraction is plain Python, and after the usual optimisation its profile is flat: no single
function is worth rewriting, the time goes into millions of small steps (attribute look-ups,
calls, list building). mypyc compiles fully type-annotated modules to C extension modules with the
same behaviour; on this extractor that makes extraction about one and a half times as fast. The
sources stay the reference: the compiled build is made from them (``scripts/build_compiled.py``,
run by ``make``) and may be missing, in which case the pure-Python modules run, only slower.

A compiled build must never run in place of sources it was not made from (an edited rule would be
silently ignored). So the build does not sit beside the sources: it lives in
``_compiled/<digest>/`` next to this file, where ``<digest>`` is a hash of the exact sources of
:data:`MODULES`, and the package puts that folder first on its ``__path__`` only when the digest
of the sources on disk is the same. Edit one of them and the pure-Python module runs again until
the build is redone. ``TIMELINE_GUI_PURE=1`` turns the build off (for comparing the two).

This module is imported by the package's ``__init__`` before any other core module, so it uses
nothing but the standard library and costs a millisecond or two (hashing about 250 KB).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

#: The modules compiled, relative to ``timeline_gui/core`` (the hot path of extraction). Data
#: records other code constructs or introspects by their annotations (``model``, the cache's
#: codecs) stay Python: mypyc's native classes do not keep generic annotations.
MODULES: tuple[str, ...] = (
    "text.py",
    "gazetteer.py",
    "entities.py",
    "events_rules.py",
    "extract.py",
    "merge.py",
    "timex/calendar_math.py",
    "timex/context.py",
    "timex/lexicon.py",
    "timex/merge.py",
    "timex/occasions.py",
    "timex/rules.py",
    "timex/tagger.py",
    "timex/tense.py",
    "timex/types.py",
)

#: mypyc's group name: the shared library of the build becomes ``timeline_gui.core._native__mypyc``,
#: found through the package's ``__path__`` like the compiled modules themselves.
GROUP = "timeline_gui.core._native"

CORE = Path(__file__).resolve().parent
BUILD_ROOT = CORE / "_compiled"

# What activate() decided, for status(): the build folder in use, or why none is.
_active: Path | None = None
_reason = "not checked"


def source_digest() -> str:
    """A hash of the sources of :data:`MODULES` and of the Python version that runs them."""
    h = hashlib.sha256(f"{sys.implementation.cache_tag}\0".encode())
    for rel in MODULES:
        h.update(rel.encode() + b"\0")
        h.update((CORE / rel).read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:20]


def build_dir(digest: str | None = None) -> Path:
    """Where the build of these sources lives (whether or not it exists)."""
    return BUILD_ROOT / (digest or source_digest())


def activate(package_path: list[str], subpackage: str = "") -> None:
    """Put the matching compiled build, if there is one, first on ``package_path``.

    Called by ``timeline_gui.core`` with its ``__path__`` and by each subpackage with its own
    ``__path__`` and name ("timex").
    """
    global _active, _reason
    if not subpackage:
        _active = None
        if os.environ.get("TIMELINE_GUI_PURE", "") not in ("", "0"):
            _reason = "turned off by TIMELINE_GUI_PURE"
            return
        try:
            where = build_dir()
        except OSError as exc:  # a source missing from an odd installation: run what is there
            _reason = f"sources unreadable ({exc})"
            return
        if not (where / "COMPLETE").is_file():
            _reason = "not built for these sources (make builds it)"
            return
        _active = where
        _reason = ""
    if _active is not None:
        folder = _active / "timeline_gui" / "core" / subpackage
        if folder.is_dir():
            package_path.insert(0, str(folder))


def status() -> str:
    """One line for people: whether the compiled extractor is in use, and if not why not."""
    mod = sys.modules.get("timeline_gui.core.extract")
    if _active is None:
        return f"pure Python ({_reason})"
    if mod is not None and not str(getattr(mod, "__file__", "")).endswith((".so", ".pyd")):
        return "pure Python (the compiled build did not load)"
    return f"compiled with mypyc ({_active.name})"


def is_compiled() -> bool:
    """True when the extractor modules in use are the compiled ones."""
    return status().startswith("compiled")
