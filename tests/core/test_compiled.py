"""The compiled build of the extractor: used only for the exact sources it was made from, and
giving exactly what the pure-Python modules give."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from timeline_gui.core import compiled

REPO = Path(__file__).resolve().parents[2]

# Runs in a child process: the events of every article given, and the tagger's output on each
# body, as JSON lines, plus the extractor status on the first line.
_DUMP = r"""
import json, sys
from timeline_gui.core import compiled
from timeline_gui.core.articles import read_article
from timeline_gui.core.extract import extract_article
from timeline_gui.core.timex import tag
print(compiled.status())
for path in sys.argv[1:]:
    a = read_article(path)
    print(json.dumps([e.to_json() for e in extract_article(a)], sort_keys=True, default=str))
    print(json.dumps([t.to_json() for t in tag(a.text[a.body_start:], a.published)], sort_keys=True))
"""


def _dump(paths: list[str], *, pure: bool, src: Path = REPO / "src") -> tuple[str, list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "TIMELINE_GUI_PURE"}
    if pure:
        env["TIMELINE_GUI_PURE"] = "1"
    env["PYTHONPATH"] = str(src)
    done = subprocess.run([sys.executable, "-c", _DUMP, *paths], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout.splitlines()
    return out[0], out[1:]


def _articles(tmp: Path) -> list[str]:
    """The samples, the test articles and a hundred generated ones (every wording the generator has)."""
    here = Path(__file__).resolve().parent
    found = sorted(str(p) for p in (REPO / "seeds").glob("*.txt"))
    found += sorted(str(p) for p in here.rglob("*.txt"))
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import generate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(REPO / "bench"))
    found += sorted(str(p) for p in generate.write_articles(tmp, 100).rglob("*.txt"))
    return found


needs_build = pytest.mark.skipif(not (compiled.build_dir() / "COMPLETE").is_file(),
                                 reason="no compiled build of these sources (scripts/build_compiled.py makes it)")


@needs_build
def test_compiled_and_pure_modules_give_the_same_output(tmp_path: Path) -> None:
    paths = _articles(tmp_path)
    status_c, compiled_out = _dump(paths, pure=False)
    status_p, pure_out = _dump(paths, pure=True)
    assert status_c.startswith("compiled"), status_c
    assert status_p.startswith("pure Python"), status_p
    assert len(compiled_out) == 2 * len(paths)
    assert any(json.loads(line) for line in compiled_out)  # something was found to compare
    assert compiled_out == pure_out


@needs_build
def test_an_edited_source_is_never_shadowed_by_an_old_build(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(REPO / "src", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "resources").symlink_to(REPO / "resources")  # a checkout keeps its data beside src/
    seed = sorted(str(p) for p in (REPO / "seeds").glob("*.txt"))[:1]
    assert _dump(seed, pure=False, src=copy)[0].startswith("compiled")
    rules = copy / "timeline_gui" / "core" / "events_rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _dump(seed, pure=False, src=copy)[0] == \
        "pure Python (not built for these sources (make builds it))"


def test_activation_needs_a_complete_build_of_these_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "BUILD_ROOT", tmp_path)
    monkeypatch.setattr(compiled, "_active", None)
    monkeypatch.setattr(compiled, "_reason", "")
    monkeypatch.delenv("TIMELINE_GUI_PURE", raising=False)
    folder = tmp_path / compiled.source_digest() / "timeline_gui" / "core"
    (folder / "timex").mkdir(parents=True)

    path: list[str] = ["/pkg/core"]
    compiled.activate(path)
    assert path == ["/pkg/core"]  # an unfinished build (no COMPLETE marker) is not used
    assert "not built" in compiled.status()

    (tmp_path / compiled.source_digest() / "COMPLETE").write_text("")
    compiled.activate(path)
    sub: list[str] = ["/pkg/core/timex"]
    compiled.activate(sub, "timex")
    assert path == [str(folder), "/pkg/core"]
    assert sub == [str(folder / "timex"), "/pkg/core/timex"]

    monkeypatch.setenv("TIMELINE_GUI_PURE", "1")
    path = ["/pkg/core"]
    compiled.activate(path)
    assert path == ["/pkg/core"]
    assert compiled.status() == "pure Python (turned off by TIMELINE_GUI_PURE)"


def test_digest_follows_every_compiled_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    core = tmp_path / "core"
    shutil.copytree(compiled.CORE, core, ignore=shutil.ignore_patterns("__pycache__", "_compiled"))
    monkeypatch.setattr(compiled, "CORE", core)
    before = compiled.source_digest()
    assert before == compiled.source_digest()
    seen = {before}
    for rel in compiled.MODULES:
        f = core / rel
        f.write_bytes(f.read_bytes() + b"\n")
        seen.add(compiled.source_digest())
    assert len(seen) == len(compiled.MODULES) + 1
