"""A local cache of parsed articles and the events extracted from them, in SQLite.

Reopening a folder should cost a ``stat`` per file, not a parse: each entry remembers the file's
path, modification time and size (the fast "unchanged?" check) and, keyed by the content hash, the
file name and :data:`EXTRACTOR_VERSION`, the article and its (unmerged) events as compact JSON.
JSON rather than pickle because loading a pickle runs whatever code the file names, and a cache
file is easy for anything else on the machine to replace.

The database lives in the platform's cache folder (``$XDG_CACHE_HOME/timeline-gui`` or
``~/.cache/timeline-gui`` on Linux; ``TIMELINE_GUI_CACHE_DIR`` overrides it). It uses WAL
journaling and short transactions, so a process killed in the middle of a write loses at most the
transaction it was in. The cache is never a reason to fail: a cache made by another extractor,
a corrupt file or a cache locked by another process is rebuilt or bypassed, and the caller gets a
:class:`~timeline_gui.core.model.Problem` notice saying what happened.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import sqlite3
import sys
import time
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union

from timeline_gui.core import model
from timeline_gui.core.model import Article, Event, Problem

#: Bumped when the layout of the database itself changes.
SCHEMA_VERSION = 1

CACHE_FILE = "articles.sqlite3"

#: Where extraction starts; every core module these import, directly or not, counts towards
#: :data:`EXTRACTOR_VERSION`, and so does all bundled data under ``resources/``.
_EXTRACTION_ROOTS = ("articles", "extract", "merge", "model")

# How long SQLite waits for another process's write lock before the cache is bypassed. Short:
# a second window reading the same cache only ever holds locks for milliseconds.
_BUSY_TIMEOUT_MS = 1500

# Files modified this recently may still change within the same mtime tick without the size
# changing; their stat is stored as unknown so that the next open re-reads them and compares the
# content hash instead of trusting the stat.
_RACY_SECONDS = 2.0

# SQLite's limit on bound parameters is 32766 in current releases but 999 in old ones.
_IN_CHUNK = 900


def _core_module_file(core: Path, dotted: str) -> Path | None:
    rel = dotted.removeprefix("timeline_gui.core").lstrip(".").replace(".", "/")
    for cand in (core / f"{rel}.py", core / rel / "__init__.py"):
        if rel and cand.is_file():
            return cand
    return None


def _extraction_sources(core: Path) -> list[Path]:
    """The core modules extraction imports, followed statically from :data:`_EXTRACTION_ROOTS`.

    Static (reading the import statements) rather than looking at ``sys.modules``, so that the
    answer does not depend on what else happened to be imported first.
    """
    todo = [p for r in _EXTRACTION_ROOTS if (p := _core_module_file(core, r)) is not None]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        try:
            tree = ast.parse(path.read_bytes())
        except (OSError, SyntaxError, ValueError):
            continue
        package = ".".join(("timeline_gui.core", *path.parent.relative_to(core).parts))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{parent}.{base}" if base else parent
                names = [base, *(f"{base}.{a.name}" for a in node.names)]
            for name in names:
                if name.startswith("timeline_gui.core"):
                    found = _core_module_file(core, name)
                    if found is not None and found not in seen:
                        todo.append(found)
            if path.name == "__init__.py":  # a package's modules belong to it
                todo.extend(p for p in path.parent.glob("*.py") if p not in seen)
    return sorted(seen)


def _extractor_version() -> str:
    """A hash of the extraction source and data, so that any change to the extractor invalidates.

    Computed from the files rather than a hand-bumped constant, which is easy to forget.
    """
    h = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    core = Path(__file__).resolve().parent
    sources = _extraction_sources(core)
    try:
        from timeline_gui.core.resources import data_path

        res = data_path("resources")
        data = sorted(p for p in res.rglob("*") if p.suffix != ".py")
    except FileNotFoundError:
        res, data = core, []
    for p in [*sources, *data]:
        if not p.is_file():
            continue
        rel = p.relative_to(core if p in sources else res).as_posix()
        h.update(rel.encode() + b"\0")
        try:
            h.update(p.read_bytes())
        except OSError:
            h.update(b"unreadable")
    if not sources:  # a frozen build without sources: fall back to the package version
        from timeline_gui import __version__

        h.update(__version__.encode())
    return h.hexdigest()[:16]


#: Changes whenever the source of the extraction (articles, extract, merge, timex, model...) or the
#: gazetteer changes; cached records made by another version are never used.
EXTRACTOR_VERSION = _extractor_version()


def default_cache_dir() -> Path:
    """Where the cache lives on this platform (``TIMELINE_GUI_CACHE_DIR`` overrides it)."""
    override = os.environ.get("TIMELINE_GUI_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "timeline-gui" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "timeline-gui"
    xdg = os.environ.get("XDG_CACHE_HOME")
    # The XDG spec says a relative value is invalid and must be ignored.
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "timeline-gui"


# --- a compact, type-driven JSON codec for the model's frozen dataclasses -------------------------
#
# Records are written as positional JSON arrays (dates as ISO strings, tuples as arrays) by encoder
# functions, and read back by decoder functions, both generated from the dataclasses' type hints.
# Generated code, because a warm reopen of 10,000 articles decodes some hundred thousand records
# and a generic walk over ``dataclasses.fields`` per record is several times slower. Following the
# hints means a field the model gains later is handled without touching this module (and it
# changes EXTRACTOR_VERSION, so older records are not read with the new layout).
#
# A span's text (quotes, triggers) is left out when it is exactly ``article.text[start:end]``, which
# the model promises: quotes repeat the article's words, so this roughly halves the cache.

_Coder = Callable[[Any, str], Any]


def _is_text_span(cls: type) -> bool:
    """Records that carry ``start``, ``end`` and the ``text`` between them (quotes, triggers)."""
    return {"start", "end", "text"} <= {f.name for f in dataclasses.fields(cls)}


class _CodecBuilder:
    """Generates one encoder and one decoder function per dataclass, from its type hints.

    Every generated function takes ``(value, t)``, ``t`` being the article text spans slice.
    """

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"_date": dt.date.fromisoformat}
        self.done: set[type] = set()

    def expr(self, tp: Any, v: str, depth: int, enc: bool) -> str:
        """An expression that encodes (``enc``) or decodes the value named ``v`` of type ``tp``."""
        origin = typing.get_origin(tp)
        if tp in (str, int, float, bool, type(None), Any) or origin is Literal:
            return v
        if tp is dt.date:
            return f"{v}.isoformat()" if enc else f"_date({v})"
        if origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                inner = self.expr(args[0], v, depth, enc)
                return v if inner == v else f"(None if {v} is None else {inner})"
            if all(self.expr(a, v, depth, enc) == v for a in args):
                return v
            raise TypeError(f"cannot store the union {tp} in the cache")
        if origin is tuple:
            args = list(typing.get_args(tp))
            if len(args) == 2 and args[1] is Ellipsis:
                item = f"_x{depth}"
                inner = self.expr(args[0], item, depth + 1, enc)
                wrap = ("list", "[", "]") if enc else ("tuple", "tuple([", "])")
                return f"{wrap[0]}({v})" if inner == item else f"{wrap[1]}{inner} for {item} in {v}{wrap[2]}"
            parts = [self.expr(a, f"{v}[{i}]", depth + 1, enc) for i, a in enumerate(args)]
            return f"[{', '.join(parts)}]" if enc else f"({', '.join(parts)},)"
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            self.build(tp)
            return f"_{'enc' if enc else 'dec'}_{tp.__name__}({v}, t)"
        raise TypeError(f"cannot store a {tp!r} in the cache")

    def build(self, cls: type) -> None:
        if cls in self.done:
            return
        self.done.add(cls)
        name = cls.__name__
        self.namespace[name] = cls
        hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
        fields = dataclasses.fields(cls)
        if not all(f.init for f in fields):
            raise TypeError(f"cannot store {name}: it has fields its constructor does not take")
        enc = [self.expr(hints[f.name], f"o.{f.name}", 0, True) for f in fields]
        dec = [self.expr(hints[f.name], f"v[{i}]", 0, False) for i, f in enumerate(fields)]
        if _is_text_span(cls):
            names = [f.name for f in fields]
            i, s, e = names.index("text"), names.index("start"), names.index("end")
            enc[i] = "(None if t[o.start:o.end] == o.text else o.text)"
            dec[i] = f"(t[v[{s}]:v[{e}]] if v[{i}] is None else v[{i}])"
        src = f"def _enc_{name}(o, t):\n    return [{', '.join(enc)}]\n"
        slots = [cls.__dict__.get(f.name) for f in fields]
        if all(type(d).__name__ == "member_descriptor" for d in slots):
            # Frozen dataclasses set each field through object.__setattr__ in __init__; filling the
            # slots directly builds a record about twice as fast, which is most of a warm reopen.
            self.namespace["_new"] = object.__new__
            lines = [f"def _dec_{name}(v, t):", f"    o = _new({name})"]
            for f, d, expr in zip(fields, slots, dec, strict=True):
                self.namespace[f"_set_{name}_{f.name}"] = d.__set__  # type: ignore[union-attr]
                lines.append(f"    _set_{name}_{f.name}(o, {expr})")
            if hasattr(cls, "__post_init__"):
                lines.append("    o.__post_init__()")  # keep the record's own checks
            lines.append("    return o\n")
            src += "\n".join(lines)
        else:
            src += f"def _dec_{name}(v, t):\n    return {name}({', '.join(dec)})\n"
        exec(compile(src, f"<cache codec {name}>", "exec"), self.namespace)

    def coders(self, cls: type) -> tuple[_Coder, _Coder]:
        self.build(cls)
        return self.namespace[f"_enc_{cls.__name__}"], self.namespace[f"_dec_{cls.__name__}"]


_codec = _CodecBuilder()
_encode_article, _decode_article = _codec.coders(Article)
_encode_event, _decode_event = _codec.coders(Event)
_ARTICLE_PATH = [f.name for f in dataclasses.fields(Article)].index("path")
del model  # imported so that the codecs' type hints resolve; not used otherwise


def encode_entry(article: Article, events: Sequence[Event]) -> str:
    """The stored form of one article and its events (the path is left out: it is the row's key)."""
    a = _encode_article(article, "")
    a[_ARTICLE_PATH] = ""
    text = article.text
    evs = [_encode_event(e, text) for e in events]
    return json.dumps([a, evs], ensure_ascii=False, separators=(",", ":"))


def decode_entry(payload: str | bytes, path: str) -> tuple[Article, tuple[Event, ...]]:
    """The article and events :func:`encode_entry` stored, with the article's path set to ``path``."""
    a, evs = json.loads(payload)
    a[_ARTICLE_PATH] = path
    article: Article = _decode_article(a, "")
    text = article.text
    return article, tuple([_decode_event(e, text) for e in evs])


# --- the database -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileStat:
    """What the "unchanged?" check compares: a file's path, modification time and size."""

    path: str
    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: str) -> FileStat | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(path, st.st_mtime_ns, st.st_size)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
    hash TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    hash TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, payload TEXT NOT NULL,
    PRIMARY KEY (hash, name, version)) WITHOUT ROWID;
"""


class ArticleCache:
    """An open cache database; every method degrades to "not cached" instead of raising.

    Open with :meth:`open`; read :attr:`notices` for what went wrong with the cache (each a
    :class:`Problem` naming the cache file), and :meth:`close` when done.
    """

    def __init__(
        self, path: Path, conn: sqlite3.Connection | None, notices: list[Problem], version: str = EXTRACTOR_VERSION
    ) -> None:
        self.path = path
        self._conn = conn
        self.notices = notices
        self.version = version

    @property
    def usable(self) -> bool:
        """False when the cache is bypassed for this run (locked, unwritable...)."""
        return self._conn is not None

    # -- opening, rebuilding -------------------------------------------------------------------------

    @classmethod
    def open(cls, directory: str | os.PathLike[str] | None = None, *, version: str | None = None) -> ArticleCache:
        """Open (creating, upgrading or rebuilding as needed) the cache in ``directory``."""
        version = version or EXTRACTOR_VERSION
        folder = Path(directory) if directory is not None else default_cache_dir()
        path = folder / CACHE_FILE
        notices: list[Problem] = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            notices.append(Problem(str(path), f"cache folder cannot be created ({exc.strerror or exc}); not caching"))
            return cls(path, None, notices)
        for attempt in range(2):
            try:
                conn = cls._connect(path, version, notices)
                return cls(path, conn, notices, version)
            except sqlite3.OperationalError as exc:
                if _is_locked(exc):
                    notices.append(
                        Problem(str(path), "cache is locked by another process; reading every file this time")
                    )
                    return cls(path, None, notices)
                if attempt == 0 and _rebuild(path, notices, f"cache could not be opened ({exc}); rebuilt it"):
                    continue
                notices.append(Problem(str(path), f"cache cannot be used ({exc}); not caching"))
                return cls(path, None, notices)
            except sqlite3.DatabaseError as exc:  # not a database, malformed, truncated...
                if attempt == 0 and _rebuild(path, notices, f"cache was damaged ({exc}); rebuilt it"):
                    continue
                notices.append(Problem(str(path), f"cache cannot be used ({exc}); not caching"))
                return cls(path, None, notices)
        return cls(path, None, notices)  # pragma: no cover - the loop always returns

    @staticmethod
    def _connect(path: Path, version: str, notices: list[Problem]) -> sqlite3.Connection:
        conn = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        try:
            # WAL: readers never block the writer, and a killed writer leaves the last commit intact.
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()
            if not mode or str(mode[0]).lower() != "wal":
                # journal_mode cannot change while another connection holds the database exclusively.
                raise sqlite3.OperationalError("database is locked (journal mode could not be set)")
            # NORMAL is durable against a killed process (what the cache must survive); only a
            # power cut can lose the last transactions, which are then parsed again.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
            # Reading a few rows of every table makes a damaged file fail here, not mid-load.
            row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            conn.execute("SELECT count(*) FROM (SELECT 1 FROM files LIMIT 1)").fetchone()
            conn.execute("SELECT count(*) FROM (SELECT 1 FROM records LIMIT 1)").fetchone()
            stored = conn.execute("SELECT value FROM meta WHERE key='extractor'").fetchone()
            if row is not None and row[0] != str(SCHEMA_VERSION):
                conn.close()
                _rebuild(path, notices, "cache was written by another version of the program; rebuilt it")
                return ArticleCache._connect(path, version, notices)
            if stored is not None and stored[0] != version:
                # Records of another extractor are useless to this one; dropping them keeps the file
                # from growing with every upgrade.
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("DELETE FROM records WHERE version != ?", (version,))
                conn.execute("COMMIT")
                notices.append(
                    Problem(str(path), "cache was made by another version of the extractor; rebuilding it")
                )
            if row is None or stored is None or stored[0] != version:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('extractor', ?)", (version,))
                conn.execute("COMMIT")
            return conn
        except BaseException:
            conn.close()
            raise

    def _failed(self, exc: sqlite3.Error, doing: str) -> None:
        """Stop using the cache for this run after an error, and say so once."""
        if self._conn is None:
            return
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self._conn = None
        if isinstance(exc, sqlite3.OperationalError) and _is_locked(exc):
            reason = f"cache is locked by another process while {doing}; not caching this time"
        elif isinstance(exc, sqlite3.OperationalError):
            reason = f"cache failed while {doing} ({exc}); not caching this time"
        else:
            # Damage found after opening: remove it so that the next start rebuilds it.
            _remove_db(self.path)
            reason = f"cache was damaged ({exc}) while {doing}; it will be rebuilt"
        self.notices.append(Problem(str(self.path), reason))

    # -- reading -------------------------------------------------------------------------------------

    def lookup_unchanged(self, stats: Iterable[FileStat]) -> dict[str, tuple[Article, tuple[Event, ...]]]:
        """Cached article and events of every file whose path, mtime and size are as recorded."""
        raw = self.lookup_unchanged_raw(stats)
        out: dict[str, tuple[Article, tuple[Event, ...]]] = {}
        for path, payload in raw.items():
            try:
                out[path] = decode_entry(payload, path)
            except (ValueError, TypeError, IndexError, KeyError):
                continue  # an undecodable record is a miss; the file is parsed again and stored anew
        return out

    def lookup_unchanged_raw(self, stats: Iterable[FileStat]) -> dict[str, str]:
        """Like :meth:`lookup_unchanged`, but the stored payloads, still encoded."""
        if self._conn is None:
            return {}
        want = {s.path: s for s in stats}
        out: dict[str, str] = {}
        paths = list(want)
        try:
            for i in range(0, len(paths), _IN_CHUNK):
                chunk = paths[i : i + _IN_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    "SELECT f.path, f.mtime_ns, f.size, r.payload FROM files f JOIN records r"
                    " ON r.hash = f.hash AND r.name = f.name AND r.version = ?"
                    f" WHERE f.path IN ({marks})",
                    (self.version, *chunk),
                ).fetchall()
                for path, mtime_ns, size, payload in rows:
                    s = want[path]
                    if s.mtime_ns == mtime_ns and s.size == size:
                        out[path] = payload
        except sqlite3.Error as exc:
            self._failed(exc, "reading")
            return {}
        return out

    def lookup_content(self, content_hash: str, name: str) -> tuple[Event, ...] | None:
        """The events cached for this content under this file name (a touched or moved file)."""
        if self._conn is None:
            return None
        try:
            row = self._conn.execute(
                "SELECT payload FROM records WHERE hash=? AND name=? AND version=?",
                (content_hash, name, self.version),
            ).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc, "reading")
            return None
        if row is None:
            return None
        try:
            return decode_entry(row[0], "")[1]
        except (ValueError, TypeError, IndexError, KeyError):
            return None

    # -- writing -------------------------------------------------------------------------------------

    def store(self, entries: Iterable[tuple[FileStat, Article, Sequence[Event] | str]]) -> int:
        """Record parsed files in one transaction; an entry's events may come pre-encoded.

        Returns how many entries were written (0 when the cache is not usable).
        """
        if self._conn is None:
            return 0
        now_ns = time.time_ns()
        files_rows: list[tuple[str, int, int, str, str]] = []
        record_rows: list[tuple[str, str, str, str]] = []
        for st, article, events in entries:
            payload = events if isinstance(events, str) else encode_entry(article, events)
            racy = now_ns - st.mtime_ns < _RACY_SECONDS * 1e9
            files_rows.append((st.path, -1 if racy else st.mtime_ns, st.size, article.id, article.file))
            record_rows.append((article.id, article.file, self.version, payload))
        if not files_rows:
            return 0
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)", record_rows)
                self._conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", files_rows)
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._failed(exc, "writing")
            return 0
        return len(files_rows)

    def forget(self, paths: Iterable[str]) -> None:
        """Drop the "unchanged?" rows of these paths (files that are gone or no longer articles)."""
        if self._conn is None:
            return
        rows = [(p,) for p in paths]
        if not rows:
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany("DELETE FROM files WHERE path = ?", rows)
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._failed(exc, "writing")

    def prune(self) -> None:
        """Delete records no file row points to any more (edited or deleted articles)."""
        if self._conn is None:
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute(
                "DELETE FROM records WHERE NOT EXISTS"
                " (SELECT 1 FROM files f WHERE f.hash = records.hash AND f.name = records.name)"
            )
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._failed(exc, "pruning")

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def __enter__(self) -> ArticleCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_locked(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _remove_db(path: Path) -> bool:
    ok = True
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass
        except OSError:
            ok = False
    return ok


def _rebuild(path: Path, notices: list[Problem], reason: str) -> bool:
    """Delete a cache that cannot be used, so that the next connection creates it afresh."""
    if not _remove_db(path):
        return False
    notices.append(Problem(str(path), reason))
    return True
