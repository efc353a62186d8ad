"""Build the extractor's compiled modules with mypyc (see ``timeline_gui.core.compiled``).

Run from the repository root: ``.venv/bin/python scripts/build_compiled.py`` (``make run`` and
``make test`` run it when a core source changed). It needs mypy (which contains mypyc), setuptools
and a C compiler with the Python headers. The build goes to
``src/timeline_gui/core/_compiled/<digest>/``, named by a hash of the sources it was made from;
older builds are removed. Without a compiler the program still works, in pure Python.

Exit status: 0 when the build for the current sources exists at the end, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
sys.path.insert(0, str(SRC))

from timeline_gui.core import compiled  # noqa: E402  (the source checkout, not an installed copy)


def build(out: Path, jobs: int) -> None:
    """Compile :data:`compiled.MODULES` into ``out`` (a fresh folder)."""
    from mypyc.build import mypycify
    from setuptools import Distribution
    from setuptools.command.build_ext import build_ext

    work = Path(tempfile.mkdtemp(prefix="build-", dir=compiled.BUILD_ROOT))
    cwd = os.getcwd()
    try:
        # mypyc names the modules by their paths relative to the working folder.
        os.chdir(SRC)
        paths = [f"timeline_gui/core/{rel}" for rel in compiled.MODULES]
        # The flags the project's type check uses, so the code mypyc sees typed is the code
        # `make lint` checks.
        options = ["--strict", "--ignore-missing-imports", "--python-version", f"{sys.version_info[0]}."
                   f"{sys.version_info[1]}", "--cache-dir", str(work / "mypy-cache")]
        extensions = mypycify([*options, *paths], opt_level="3", group_name=compiled.GROUP,
                              target_dir=str(work / "c"))
        dist = Distribution({"name": "timeline_gui_compiled", "ext_modules": extensions})
        cmd = build_ext(dist)
        cmd.build_lib = str(work / "lib")
        cmd.build_temp = str(work / "obj")
        cmd.parallel = jobs
        cmd.ensure_finalized()
        cmd.run()
        lib = work / "lib"
        missing = [rel for rel in compiled.MODULES
                   if not list((lib / "timeline_gui" / "core").glob(rel.removesuffix(".py") + ".*.so"))]
        if missing:
            raise RuntimeError(f"the build lacks {', '.join(missing)}")
        (lib / "COMPLETE").write_text(f"built {time.strftime('%Y-%m-%d %H:%M:%S')} for {sys.version.split()[0]}\n")
        lib.rename(out)
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def _output_to(path: Path) -> Iterator[None]:
    """Send this process's output, and the compiler's, to ``path`` (hundreds of lines nobody needs
    unless the build fails)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(path, "wb") as fh:
        os.dup2(fh.fileno(), 1)
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="C files compiled at once")
    ap.add_argument("--force", action="store_true", help="rebuild even if a build of these sources exists")
    a = ap.parse_args(argv)
    compiled.BUILD_ROOT.mkdir(exist_ok=True)
    out = compiled.build_dir()
    if (out / "COMPLETE").is_file() and not a.force:
        print(f"compiled extractor up to date ({out.name})")
        return 0
    shutil.rmtree(out, ignore_errors=True)
    print("compiling the extractor with mypyc (a minute or two, once per change of its sources) ...", flush=True)
    t = time.perf_counter()
    log = compiled.BUILD_ROOT / "build.log"
    try:
        with _output_to(log):
            build(out, max(1, a.jobs))
    except BaseException as exc:  # no compiler, no headers, no mypyc: the pure-Python modules still run
        tail = log.read_text(errors="replace").splitlines()[-15:] if log.exists() else []
        print("\n".join(tail), file=sys.stderr)
        print(f"the compiled extractor was not built ({type(exc).__name__}: {exc}; the full output is in {log});"
              " the pure-Python one will run, more slowly", file=sys.stderr)
        return 1
    for old in compiled.BUILD_ROOT.iterdir():
        if old.is_dir() and old != out:
            shutil.rmtree(old, ignore_errors=True)
    print(f"compiled extractor built in {time.perf_counter() - t:.0f} s ({out.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
