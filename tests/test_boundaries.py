"""Architecture rules that keep the core usable without Qt and the app offline."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "timeline_gui"
QT_NAMES = ("PySide6", "shiboken6", "pyqtgraph", "timeline_gui.qt")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_source_never_imports_qt() -> None:
    offenders = {
        str(p.relative_to(SRC)): sorted(n for n in _imports(p) if n.startswith(QT_NAMES))
        for p in (SRC / "core").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_core_pipeline_runs_without_loading_qt() -> None:
    code = (
        "import sys\n"
        "from timeline_gui.core.corpus import build_corpus\n"
        "from timeline_gui.core.articles import seeds_dir\n"
        "from timeline_gui.core.exchange import corpus_to_json\n"
        "c = build_corpus([seeds_dir()])\n"
        "corpus_to_json(c)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))\n"
        "print(len(c.articles), bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "2 []"


def test_only_one_module_imports_the_qt_binding() -> None:
    importers = sorted(
        str(p.relative_to(SRC)) for p in (SRC / "qt").rglob("*.py") if any(n.startswith("PySide6") for n in _imports(p))
    )
    assert importers == ["qt/qt.py"]
