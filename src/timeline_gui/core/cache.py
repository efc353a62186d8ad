"""A local cache of parsed articles and the events extracted from them, in SQLite.

Reopening a folder should cost a ``stat`` per file, not a parse: each entry remembers the file's
path, modification time and size (the fast "unchanged?" check) and, keyed by the content hash, the
file name and :data:`EXTRACTOR_VERSION`, the article and its (unmerged) events as compact JSON.
JSON rather than pickle because loading a pickle runs whatever code the file names, and a cache
file is easy for anything else on the machine to replace. The merged outcome of the last few
loads is kept too, one blob per set of articles (:func:`corpus_key`, :func:`encode_corpus`), so
that reopening an unchanged folder decodes and merges nothing per article; each blob is a file of
its own in ``timelines/`` beside the database (mapped into memory to be read), which has its row.

The database lives in the platform's cache folder (``$XDG_CACHE_HOME/timeline-gui`` or
``~/.cache/timeline-gui`` on Linux; ``TIMELINE_GUI_CACHE_DIR`` overrides it). It uses WAL
journaling and short transactions, so a process killed in the middle of a write loses at most the
transaction it was in. The cache is never a reason to fail: a cache made by another extractor,
a corrupt file or a cache locked by another process is rebuilt or bypassed, and the caller gets a
:class:`~timeline_gui.core.model.Problem` notice saying what happened.
"""

from __future__ import annotations

import array
import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import itertools
import json
import mmap
import operator
import os
import sqlite3
import sys
import threading
import time
import types
import typing
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union

from timeline_gui.core import model
from timeline_gui.core.model import Article, Event, Problem

#: Bumped when the layout of the database itself changes (a cache of another layout is rebuilt,
#: with a notice). 2: ``records`` is an ordinary rowid table.
SCHEMA_VERSION = 2

CACHE_FILE = "articles.sqlite3"

#: Core modules that do not shape what extraction produces. Every other module under ``core/``
#: counts towards :data:`EXTRACTOR_VERSION` (a new module counts until it is listed here: hashing
#: too much only costs a re-parse, hashing too little would serve stale records).
_NOT_EXTRACTION = frozenset({"cache.py", "corpus.py", "exchange.py", "filtering.py", "layout.py", "safewrite.py"})

# How long SQLite waits for another process's write lock before the cache is bypassed. Short:
# a second window reading the same cache only ever holds locks for milliseconds.
_BUSY_TIMEOUT_MS = 1500

# Files modified this recently may still change within the same mtime tick without the size
# changing; their stat is stored as unknown so that the next open re-reads them and compares the
# content hash instead of trusting the stat.
_RACY_SECONDS = 2.0

# SQLite's limit on bound parameters is 32766 in current releases but 999 in old ones.
_IN_CHUNK = 900


def _extraction_sources(core: Path) -> list[Path]:
    """The core source files whose change may change extraction output."""
    return sorted(p for p in core.rglob("*.py") if p.relative_to(core).as_posix() not in _NOT_EXTRACTION)


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

_Coder = Callable[[Any, Any], Any]


def _is_text_span(cls: type) -> bool:
    """Records that carry ``start``, ``end`` and the ``text`` between them (quotes, triggers)."""
    return {"start", "end", "text"} <= {f.name for f in dataclasses.fields(cls)}


#: String fields that rarely repeat, left out of the interning of decoded strings (``Class.field``).
_UNSHARED_STRINGS = frozenset({("Event", "id"), ("Event", "title"), ("Article", "text"), ("Article", "path")})


def _is_str(tp: Any) -> bool:
    """Whether a field of type ``tp`` holds a string (or None)."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (Union, types.UnionType) and len(args) == 1:
        tp = args[0]
    return tp is str or (typing.get_origin(tp) is Literal and all(isinstance(a, str) for a in typing.get_args(tp)))


class _CodecBuilder:
    """Generates one encoder and one decoder function per dataclass, from its type hints.

    Every generated function takes ``(value, t)``, ``t`` being the article text spans slice.
    """

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"_date": dt.date.fromisoformat, "_intern": sys.intern}
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
        for i, f in enumerate(fields):
            if (name, f.name) not in _UNSHARED_STRINGS and _is_str(hints[f.name]):
                # JSON makes a new string for every value: a span's file name and article id, a
                # participant's name, kind and role would be copies each. Interned, the records of
                # a worker's articles share their strings as extracted ones do (the interpreter
                # drops an interned string with its last reference).
                dec[i] = f"(None if v[{i}] is None else _intern(v[{i}]))"
        if _is_text_span(cls):
            names = [f.name for f in fields]
            i, s, e = names.index("text"), names.index("start"), names.index("end")
            # The text is null when it is the article's own words; ``t`` is that article's text.
            enc[i] = "(None if t[o.start:o.end] == o.text else o.text)"
            dec[i] = f"(t[v[{s}]:v[{e}]] if v[{i}] is None else v[{i}])"
        src = f"def _enc_{name}(o, t):\n    return [{', '.join(enc)}]\n"
        slots = [cls.__dict__.get(f.name) for f in fields]
        if all(type(d).__name__ == "member_descriptor" for d in slots):
            # Frozen dataclasses set each field through object.__setattr__ in __init__; filling the
            # slots directly builds a record about twice as fast, which is most of a warm reopen.
            self.namespace["_new"] = object.__new__
            body = [f"o = _new({name})"]
            for f, d, expr in zip(fields, slots, dec, strict=True):
                self.namespace[f"_set_{name}_{f.name}"] = d.__set__  # type: ignore[union-attr]
                body.append(f"_set_{name}_{f.name}(o, {expr})")
            if hasattr(cls, "__post_init__"):
                body.append("o.__post_init__()")  # keep the record's own checks
            src += "\n".join([f"def _dec_{name}(v, t):", *(f"    {b}" for b in body), "    return o", ""])
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


# --- the merged corpus as one blob -----------------------------------------------------------------
#
# Reopening an unchanged folder needs the merged events, not each article's own: merging is most
# of the cost of a warm reopen (superlinear: 20 s at 10,000 articles), and decoding fifteen records
# per article the rest. So the outcome of a whole load (its articles and merged events) is also
# stored as one blob, keyed by the articles it was made from (a file of its own beside the
# database, see ArticleCache.store_corpus), and read back in one go.
#
# Nothing in a blob can run code when loaded: it is a binary section (arrays of integers, in the
# machine byte order recorded in the header, and UTF-8 text) followed by a JSON header saying how
# the columns are laid out in it, behind a CRC-32. Records are stored column by column, one column
# per field, as indices into the string table or into a table of records; the decoder is driven by
# the dataclasses' type hints, so a field the model gains later needs no change here. At a hundred
# thousand events what costs is making the objects, so:
#
# * records that repeat (intervals, participants, dated sources) are stored, made and held once, and
#   shared by the events that have them (they are immutable), which also saves memory;
# * a span is an article index, a start, an end and an index into a table of distinct span texts,
#   each sliced once from its article's text; its file name and id are the article's own strings;
# * integers (offsets, mostly) are indices into a table of the distinct ones, so that every span
#   and block starting at offset 120 shares one int object rather than each holding its own;
# * each article's text is decoded on its own: most articles are ASCII, which decodes at memory
#   speed, while one text of them all would be as wide as its widest character;
# * the records are made by loops generated for their class, which fill plain slots (see
#   :func:`_record_maker`).
#
# The header comes last so that the blob is written once, front to back, into one buffer: at ten
# thousand articles it is some forty megabytes, and every copy of it counts towards peak memory.

#: Identifies the layout of a corpus blob; a blob with another tag is treated as damaged.
_BLOB_TAG = "tlg-corpus-7"

#: Merged corpora kept in the cache (the folders opened most recently).
_KEEP_CORPORA = 3

#: Where the corpora's blobs are kept, beside the database, one file each (see store_corpus).
_BLOB_DIR = "timelines"
_BLOB_SUFFIX = ".blob"
#: A file in that folder that no row names is removed once it is this old (seconds).
_STRAY_SECONDS = 600

#: Records stored once per blob, in a table, and referred to by their index; in decoding order (a
#: kind may refer to a kind before it). Spans have a layout of their own (see _encode_spans).
_TABLES: tuple[type, ...] = (model.Block, model.Interval, model.Participant, model.DatedSource, model.Span)
_SPAN_FIELDS = ("file", "start", "end", "text", "article_id")
_SPANS_COMPACT = [f.name for f in dataclasses.fields(model.Span)] == list(_SPAN_FIELDS)
_NONE = -1  # "no value" in a column of indices
#: The blob starts with its CRC-32 (8 hex digits) and where its JSON header starts (16 hex digits).
_PREFIX = 24
#: Type codes of integer arrays, narrowest first, with the bits their values have besides the sign.
_INT_TYPES = tuple((tc, array.array(tc).itemsize * 8 - 1) for tc in ("b", "h", "i", "q"))
_TYPECODES = frozenset(tc for tc, _ in _INT_TYPES)

_Column = Any  # a column as stored in the blob's JSON header (see _BlobWriter.columns)


def _column_kind(tp: Any) -> tuple[str, Any, bool]:
    """How a field of type ``tp`` is stored in a column: ``(kind, type, optional)``.

    Kinds: ``str`` (index into the string table), ``int``, ``bool``, ``date`` (ordinal), ``ref``
    (index into a record table), ``refs`` (a run of such indices) and ``json`` (anything else, as the
    entries' codec writes it).
    """
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    optional, inner = False, tp
    if origin in (Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            return ("json", tp, False)
        optional, inner = True, rest[0]
        origin, args = typing.get_origin(inner), typing.get_args(inner)
    if inner is str or (origin is Literal and all(isinstance(a, str) for a in args)):
        return ("str", None, optional)
    if inner in _TABLES:
        return ("ref", inner, optional)
    if not optional:
        if inner is bool:
            return ("bool", None, False)
        if inner is int:
            return ("int", None, False)
        if inner is dt.date:
            return ("date", None, False)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] in _TABLES:
            return ("refs", args[0], False)
    return ("json", tp, False)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, tuple[str, Any, bool]], ...]:
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    return tuple((f.name, _column_kind(hints[f.name])) for f in dataclasses.fields(cls))


@functools.cache
def _json_coder(tp: Any, enc: bool) -> Callable[[Any], Any]:
    """Encodes or decodes one value of type ``tp`` as the entries' codec does."""
    src = f"lambda v, t='': {_codec.expr(tp, 'v', 0, enc)}"
    return typing.cast(Callable[[Any], Any], eval(src, _codec.namespace))


def _slot_twin(cls: type) -> type | None:
    """A subclass of the slotted dataclass ``cls`` whose attributes can be set, and whose instances
    may become ``cls``'s.

    A subclass adding no slots, rather than a plain class with the same slots: switching an
    instance's class between a class and its subclass of the same layout is checked by comparing
    the two types alone, where between two unrelated classes the interpreter compares their slot
    names one by one, for every record. The frozen ``__setattr__`` and ``__delattr__`` are replaced
    by ``object``'s own, so that the interpreter sees plain attribute stores into slots and
    specialises them. None when ``cls`` is not such a class (then records are made by its
    constructor).
    """
    slots = cls.__dict__.get("__slots__")
    names = [f.name for f in dataclasses.fields(cls)]
    if cls.__bases__ != (object,) or not isinstance(slots, (tuple, list)) or not set(names) <= set(slots):
        return None
    try:
        twin = type(
            f"_{cls.__name__}Slots",
            (cls,),
            {
                "__slots__": (),
                "__setattr__": object.__setattr__,
                "__delattr__": object.__delattr__,
                "__module__": __name__,
            },
        )
        probe: Any = object.__new__(twin)
        probe.__class__ = cls  # the interpreter checks that the layouts are the same
    except TypeError:  # e.g. a class that cannot be subclassed
        return None
    return twin


@dataclass(frozen=True, slots=True)
class _Lookup:
    """A column of ``table[i]`` for each ``i`` in ``index``."""

    table: Sequence[Any]
    index: Iterable[int]


@dataclass(frozen=True, slots=True)
class _Runs:
    """A column of ``items[s:e]`` (tuples) for each start ``s`` and end ``e``."""

    items: tuple[Any, ...]
    starts: Iterable[int]
    ends: Iterable[int]


#: A column given to :func:`_make_records`: the values themselves, or how to find them.
_Values = Iterable[Any] | _Lookup | _Runs


def _make_records(cls: type, columns: Sequence[_Values]) -> list[Any]:
    """The records of type ``cls`` whose fields the columns hold, one column per field, in order."""
    shape: list[type | int | None] = []
    args: list[Any] = []
    first: dict[int, int] = {}  # an index column's id: the first column that reads it
    for j, c in enumerate(columns):
        if isinstance(c, _Lookup):
            k = first.setdefault(id(c.index), j)
            # Two lookups through one index (a span's file and article id) read it once.
            shape.append(_Lookup if k == j else k)
            args += (c.table, c.index) if k == j else (c.table,)
        elif isinstance(c, _Runs):
            shape.append(_Runs)
            args += (c.items, c.starts, c.ends)
        else:
            shape.append(None)
            args.append(c)
    return _record_maker(cls, tuple(shape))(*args)


@functools.cache
def _record_maker(cls: type, shape: tuple[type | int | None, ...]) -> Callable[..., list[Any]]:
    """A function that makes records of type ``cls`` from columns of the given shape (see
    :func:`_make_records`: None for a column of values, :class:`_Lookup` or :class:`_Runs`, or the
    number of an earlier lookup column whose index this lookup shares).

    One loop, generated for the class and the shape, makes each record and looks up its values with
    plain subscripts. A frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, and filling the slots through their descriptors is a C call per field,
    each twice the cost of a plain attribute store. So a record starts as an instance of a twin
    class with the same slots (see :func:`_slot_twin`), is filled by attribute stores (which the
    interpreter specialises for slots), and then has its class switched to ``cls``: the outcome is
    an ordinary ``cls`` instance, made about a third faster. ``__post_init__`` still runs, so that
    a record's own checks hold.
    """
    names = [f.name for f in dataclasses.fields(cls)]
    params: list[str] = []
    iters: list[str] = []
    exprs: list[str] = []
    for j, kind in enumerate(shape):
        if kind is _Lookup:
            params += (f"t{j}", f"i{j}")
            iters.append(f"i{j}")
            exprs.append(f"t{j}[i{j}_]")
        elif isinstance(kind, int):
            params.append(f"t{j}")
            exprs.append(f"t{j}[i{kind}_]")
        elif kind is _Runs:
            params += (f"t{j}", f"s{j}", f"e{j}")
            iters += (f"s{j}", f"e{j}")
            exprs.append(f"t{j}[s{j}_:e{j}_]")
        else:
            params.append(f"c{j}")
            iters.append(f"c{j}")
            exprs.append(f"c{j}_")
    if len(exprs) != len(names):
        raise ValueError(f"corpus blob: {len(exprs)} columns for the {len(names)} fields of {cls.__name__}")
    twin = _slot_twin(cls)
    if twin is None:
        body = [f"add(_cls({', '.join(exprs)}))"]
    else:
        body = ["o = _new(_twin)", *(f"o.{n} = {e}" for n, e in zip(names, exprs, strict=True)), "o.__class__ = _cls"]
        if hasattr(cls, "__post_init__"):
            body.append("o.__post_init__()")
        body.append("add(o)")
    head = [f"def make({', '.join(params)}):", "    out = []", "    add = out.append"]
    loop = [f"    for {''.join(f'{v}_, ' for v in iters)}in zip({', '.join(iters)}, strict=True):"]
    src = "\n".join([*head, *loop, *(f"        {b}" for b in body), "    return out", ""])
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_twin": twin}
    exec(compile(src, f"<corpus blob {cls.__name__}>", "exec"), scope)
    return typing.cast(Callable[..., list[Any]], scope["make"])


def _utf8(s: str) -> bytes:
    # Lone surrogates (undecodable bytes of a file) are kept as they are, not refused.
    return s.encode("utf-8", "surrogatepass")


class _BlobWriter:
    """Collects the string table, the record tables and the binary section of one blob."""

    def __init__(self) -> None:
        self.strings: dict[str | None, int] = {None: _NONE}
        self.ints: dict[int, int] = {}
        # Each table: its records in order, and their index by value. The value is a tuple of the
        # fields (hashed in C; a field holding a record of a table is spelled out as that record's
        # fields), not the record, whose dataclass __hash__ and __eq__ run in Python. Records are
        # looked up by value, not first by identity: a dictionary keyed by id() of objects strewn
        # over the heap costs several times as much as building and hashing the tuples.
        self.tables: dict[type, list[Any]] = {cls: [] for cls in _TABLES}
        self.by_value: dict[type, dict[Any, int]] = {cls: {} for cls in _TABLES}
        self.value = {cls: _value_getter(cls) for cls in _TABLES}
        # The whole blob, built in place: the prefix is filled in by finish().
        self.binary = bytearray(_PREFIX)

    def indices(self, vals: Sequence[Any], cls: type | None = None) -> list[int]:
        """The table index of each value (strings when ``cls`` is None), adding the new ones.

        Written as passes of ``map`` and ``dict`` operations, which run in C: a blob of 10,000
        articles adds over a million values. Each value is hashed once (see :func:`_number`).
        """
        if cls is None:
            return _number(self.strings, vals, -1)  # the index of None is not a string's
        if cls is int:
            return _number(self.ints, vals)
        by_value, records, value = self.by_value[cls], self.tables[cls], self.value[cls]
        present = vals
        holes = None
        if any(map(operator.is_, vals, itertools.repeat(None))):
            # An optional field: look up the records that are there.
            holes = list(map(operator.is_, vals, itertools.repeat(None)))
            present = list(itertools.compress(vals, map(operator.not_, holes)))
        start = len(by_value)
        out = _number(by_value, list(map(value, present)))
        if len(by_value) > start:
            # The first record of each new value: keyed by index, a small int, which hashes for free.
            first = dict(zip(reversed(out), reversed(present), strict=True))
            records.extend(map(first.__getitem__, range(start, len(by_value))))
            del first
        if holes is None:
            return out
        it = iter(out)
        return [_NONE if hole else next(it) for hole in holes]

    def forget(self, cls: type) -> None:
        """Drop the indices of ``cls``'s table: no record of it is added or looked up any more."""
        self.by_value[cls] = {}

    def array(self, values: Iterable[int], least: int | None = None) -> _Column:
        """``values`` as an array in the binary section, of the narrowest integers that hold them all.

        ``least``, when given, is no more than any value and fits the narrowest type (indices,
        offsets): the values' minimum cannot change the type then, and is not looked for.
        """
        vals = values if isinstance(values, list) else list(values)
        lo, hi = (min(vals) if least is None else least, max(vals)) if vals else (0, 0)
        typecode = next((tc for tc, bits in _INT_TYPES if -(1 << bits) <= lo and hi < 1 << bits), "q")
        a = array.array(typecode, vals)
        off = len(self.binary)
        self.binary += a
        return ["a", a.typecode, off, len(a)]

    def texts(self, vals: Iterable[str]) -> _Column:
        """Strings stored one after the other as UTF-8, with the offset where each begins and ends."""
        bounds = [len(self.binary)]
        for v in vals:
            self.binary += _utf8(v)
            bounds.append(len(self.binary))
        return ["u", self.array(bounds, 0)]

    def int_table(self) -> _Column:
        """The distinct integers the int columns refer to, in the order of their indices."""
        return self.array(list(self.ints))

    def string_table(self) -> _Column:
        """The string table: NUL-separated UTF-8 (one split to read), as JSON if a string holds a NUL."""
        strs = typing.cast(list[str], list(self.strings)[1:])
        joined = "\0".join(strs)
        if len(joined) != sum(map(len, strs)) + max(len(strs) - 1, 0) or joined.count("\0") != max(len(strs) - 1, 0):
            return ["j", strs]
        off = len(self.binary)
        self.binary += _utf8(joined)
        return ["z", off, len(self.binary) - off, len(strs)]

    def columns(
        self,
        cls: type,
        objs: Sequence[Any],
        *,
        texts: Collection[str] = (),
        omit: Collection[str] = (),
        values: dict[str, Sequence[Any]] | None = None,
        refs: dict[str, list[int] | tuple[list[int], list[int]]] | None = None,
    ) -> list[_Column]:
        """``objs`` (records of type ``cls``) as one column per field.

        Fields named in ``texts`` are long strings, stored each as UTF-8 (see :meth:`texts`); fields
        in ``omit`` are not stored (the reader supplies them). ``values`` are the fields' values
        when :func:`_field_values` has them already, ``refs`` the table indices of fields holding
        records (the ends and the flat indices of a field holding runs of them) worked out already.
        """
        if values is None:
            values = _field_values(cls, objs)
        cols: list[_Column] = []
        for name, (kind, tp, _) in _fields(cls):
            if name in omit:
                cols.append(["n"])
                continue
            vals = values[name]
            done = refs.get(name) if refs is not None else None
            if isinstance(done, tuple):
                cols.append(["r", self.array(done[0], 0), self.array(done[1], 0)])
            elif done is not None:
                cols.append(self.array(done, _NONE))
            elif name in texts:
                cols.append(self.texts(vals))
            elif kind == "str":
                cols.append(self.array(self.indices(vals), _NONE))
            elif kind == "int":
                cols.append(self.array(self.indices(vals, int), 0))
            elif kind == "bool":
                cols.append(self.array(list(vals), 0))
            elif kind == "date":
                cols.append(self.array(map(dt.date.toordinal, vals), 1))
            elif kind == "ref":
                cols.append(self.array(self.indices(list(vals), tp), _NONE))
            elif kind == "refs":
                ends = list(itertools.accumulate(map(len, vals), initial=0))
                flat = self.indices(list(itertools.chain.from_iterable(vals)), tp)
                cols.append(["r", self.array(ends, 0), self.array(flat, 0)])
            else:
                enc = _json_coder(tp, True)
                cols.append(["j", [enc(v) for v in vals]])
        return cols

    def finish(self, header: list[Any]) -> bytearray:
        """The blob: the binary section, then ``header`` as JSON, then the prefix filled in."""
        start = len(self.binary)
        self.binary += _utf8(json.dumps(header, ensure_ascii=False, separators=(",", ":")))
        self.binary[8:_PREFIX] = b"%016x" % start
        with memoryview(self.binary) as view:
            self.binary[:8] = b"%08x" % zlib.crc32(view[8:])
        return self.binary


@functools.cache
def _value_getter(cls: type) -> Callable[[Any], Any]:
    """A function giving the tuple of a record's fields, those holding a table's record (never
    None) replaced by that record's own fields, so that the tuple hashes in C."""
    names: list[str] = []
    for name, (kind, tp, optional) in _fields(cls):
        if kind == "ref" and not optional and tp is not model.Span:
            names += [f"{name}.{sub}" for sub, _ in _fields(tp)]
        else:
            names.append(name)
    get = operator.attrgetter(*names)
    return get if len(names) > 1 else lambda o: (get(o),)


def _field_values(cls: type, objs: Sequence[Any]) -> dict[str, Sequence[Any]]:
    """Each field's values over ``objs``, read in one pass: at a hundred thousand records strewn over
    the heap, reaching each record once rather than once per field is what counts."""
    names = [name for name, _ in _fields(cls)]
    if not objs:
        return {name: () for name in names}
    if len(names) == 1:
        return {names[0]: list(map(operator.attrgetter(names[0]), objs))}
    return dict(zip(names, zip(*map(operator.attrgetter(*names), objs), strict=True), strict=True))


def _number(index: dict[Any, int], keys: Iterable[Any], shift: int = 0) -> list[int]:
    """The number of each key in ``index``, the keys not in it numbered on in order of appearance
    (a new key gets ``len(index) + shift``).

    One ``setdefault`` per key, in C: ``map`` takes the next item of each of its iterables before
    each call, so the default offered for a key is the length of ``index`` just before the key is
    looked up, and it becomes the key's number only if the key is new. Numbering the new keys first
    and looking every key up afterwards would hash each key twice, which for the tuples standing for
    records (whose hash is not cached) is most of the cost.
    """
    sizes = map(len, itertools.repeat(index))
    if shift:
        sizes = map(operator.add, sizes, itertools.repeat(shift))
    return list(map(index.setdefault, keys, sizes))


class _BlobReader:
    """The binary section of one blob (``data`` up to ``end``, where the header starts)."""

    def __init__(self, data: memoryview, end: int) -> None:
        self.data = data
        self.end = end

    def bytes_at(self, off: int, size: int) -> memoryview:
        if not isinstance(off, int) or not isinstance(size, int) or off < _PREFIX or size < 0 or off + size > self.end:
            raise ValueError("corpus blob column out of range")
        return self.data[off : off + size]

    def array(self, col: _Column) -> array.array[int]:
        # A copy: iterating an array is cheaper than iterating a view of the blob cast to its type.
        tag, typecode, off, n = col
        if tag != "a" or typecode not in _TYPECODES:
            raise ValueError("corpus blob column is not an array")
        a = array.array(typecode)
        a.frombytes(self.bytes_at(off, n * a.itemsize))
        return a

    def texts(self, col: _Column) -> list[str]:
        """The strings of a :meth:`_BlobWriter.texts` column."""
        bounds = self.array(col[1])
        if not bounds or not all(map(operator.le, bounds[:-1], bounds[1:])):
            raise ValueError("corpus blob text column does not add up")
        self.bytes_at(bounds[0], bounds[-1] - bounds[0])  # the range check, once for them all
        views = map(self.data.__getitem__, map(slice, bounds[:-1], bounds[1:]))
        return list(map(str, views, itertools.repeat("utf-8"), itertools.repeat("surrogatepass")))

    def strings(self, col: _Column) -> list[str | None]:
        """The string table, and None at its end: a missing value is stored as the index -1."""
        if col[0] == "j" and isinstance(col[1], list):
            strs: list[str | None] = list(col[1])
        elif col[0] == "z":
            _, off, size, n = col
            strs = list(str(self.bytes_at(off, size), "utf-8", "surrogatepass").split("\0")) if n else []
            if len(strs) != n:
                raise ValueError("corpus blob string table does not add up")
        else:
            raise ValueError("corpus blob string table is not one")
        strs.append(None)
        return strs

    def columns(
        self, cls: type, cols: list[_Column], n: int, t: dict[Any, list[Any]], given: dict[str, list[Any]] | None = None
    ) -> list[_Values]:
        """The values of each field of ``n`` records of type ``cls``, stored as ``cols``.

        ``t`` maps ``str`` to the string table and each table's type to its records, every list
        ending with ``None``; ``given`` holds the values of the fields stored as omitted.
        """
        out: list[_Values] = []
        for col, (name, (kind, tp, _)) in zip(cols, _fields(cls), strict=True):
            tag = col[0]
            vals: _Values
            if tag == "n":
                vals = (given or {})[name]
                size = len(vals)
            elif tag == "u":
                vals = self.texts(col)
                size = len(vals)
            elif tag == "j" and kind == "json":
                vals = list(map(_json_coder(tp, False), col[1]))
                size = len(vals)
            elif tag == "r" and kind == "refs":
                offsets = self.array(col[1])
                flat = self.array(col[2])
                size = len(offsets) - 1
                if not flat:  # e.g. a field no event uses yet
                    vals = itertools.repeat((), n)
                else:
                    # Slicing a tuple gives a tuple: one object made per record, not a list and a tuple.
                    vals = _Runs(tuple(map(t[tp].__getitem__, flat)), offsets[:-1], offsets[1:])
            elif tag == "a" and kind in ("str", "ref", "date", "bool", "int"):
                a = self.array(col)
                size = len(a)
                if kind == "str":
                    vals = _Lookup(t[str], a)
                elif kind == "ref":
                    vals = _Lookup(t[tp], a)
                elif kind == "date":
                    vals = map(dt.date.fromordinal, a)
                elif kind == "bool":
                    vals = _Lookup((False, True), a)
                else:
                    vals = _Lookup(t[int], a)
            else:
                raise ValueError(f"corpus blob column of {cls.__name__}.{name} is not of its kind")
            if size != n:
                raise ValueError("corpus blob column has the wrong length")
            out.append(vals)
        return out


_encode_span_full, _decode_span_full = _codec.coders(model.Span)

# Spans are most of the records, and nearly all of them are words of one of the corpus's articles
# (the model promises ``article.text[start:end] == text``). Such a span is stored as the article's
# index, start, end and the index of its text in a table of the distinct texts (each stored as where
# it first occurs), in four arrays (one set for spans with an ``article_id``, one for those
# without), and rebuilt sharing its file name and id with the article. The few others (another
# file name or id than their article's, or a text that is not its article's words where it first
# occurs) are stored in full, in JSON. The span table is ordered accordingly: with id, without, in
# full.


def _span_fields(cls: type) -> list[str]:
    return [name for name, (kind, tp, _) in _fields(cls) if kind in ("ref", "refs") and tp is model.Span]


#: The columns of the spans of one compact part: article index, start, end and text of each.
_SpanPart = tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[str]]
#: The same, as stored: each text as its index in the table of texts.
_StoredPart = tuple[Sequence[int], Sequence[int], Sequence[int], list[int]]


class _Nowhere:
    """The file name of no article: equal to no span's."""


@dataclass(slots=True)
class _SpanTable:
    """The span table as :func:`_encode_spans` writes it.

    ``parts`` holds the columns of the first two parts (spans with their article's id, spans
    without one), each span's text as its index in the table of texts; ``where`` the article index,
    start and end of each distinct text; ``full`` the spans of the third part.
    """

    parts: list[_StoredPart]
    where: tuple[list[int], list[int], list[int]]
    full: list[model.Span]


def _text_table(
    parts: list[_SpanPart],
) -> tuple[list[list[int]], tuple[list[int], list[int], list[int]], list[str]]:
    """The index of each span's text in the table of distinct texts (part by part, the texts in
    order of first appearance), where each text first appears (article, start, end), and the texts."""
    texts: dict[str, int] = {}
    where: tuple[list[int], list[int], list[int]] = ([], [], [])
    tixs: list[list[int]] = []
    for ks, starts, ends, tx in parts:
        known = len(texts)
        tix = _number(texts, tx)
        if len(texts) > known:
            first = dict(zip(reversed(tix), range(len(tix) - 1, -1, -1), strict=True))  # where each text first is
            pos = list(map(first.__getitem__, range(known, len(texts))))
            del first
            where[0].extend(map(ks.__getitem__, pos))
            where[1].extend(map(starts.__getitem__, pos))
            where[2].extend(map(ends.__getitem__, pos))
        tixs.append(tix)
    return tixs, where, list(texts)


def _order_spans(
    w: _BlobWriter, fields: dict[str, Sequence[Any]], articles: Sequence[Article]
) -> tuple[_SpanTable, dict[str, list[int] | tuple[list[int], list[int]]]]:
    """Lay out the span table: every distinct span (by value) of the events whose field values are
    ``fields``, in stored order.

    Returns the table, and the span indices of each event field holding spans, for
    :meth:`_BlobWriter.columns`.
    """
    by_id: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for j, art in enumerate(articles):
        by_id.setdefault(art.id, j)
        by_name.setdefault(art.file, j)
    by_id.pop("", None)  # a span without an article id is found by its file name
    # Every span the events hold, field after field, read once; how to cut the list back into fields.
    found: list[Any] = []
    runs: dict[str, list[int]] = {}  # a field of runs of spans: where each event's run ends
    holes: dict[str, list[bool]] = {}  # a field of one span or None: whether each event has none
    for name, (kind, _, _) in _fields(Event):
        if name not in _span_fields(Event):
            continue
        vals = fields[name]
        if kind == "refs":
            runs[name] = list(itertools.accumulate(map(len, vals), initial=0))
            found += itertools.chain.from_iterable(vals)
        else:
            holes[name] = list(map(operator.is_, vals, itertools.repeat(None)))
            found += itertools.compress(vals, map(operator.not_, holes[name]))
    # Each distinct span numbered in order of first appearance; its number is its place in the table
    # unless the parts need reordering.
    seen: dict[Any, int] = {}
    number = _number(seen, map(w.value[model.Span], found))
    n = len(seen)
    table = _SpanTable([([], [], [], []), ([], [], [], [])], ([], [], []), [])
    order: list[int] | None = None  # the numbers in table order, when that is not their own order
    if _SPANS_COMPACT and n:
        # Every key has the five fields: the columns are equally long.
        columns_of = tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], tuple[str, ...], tuple[str, ...]]
        files, starts, ends, texts, aids = typing.cast(columns_of, tuple(zip(*seen, strict=True)))
        del seen
        ks: list[int | None] = list(map(by_id.get, aids))
        by_article_id: list[bool] | None = None  # whether each span's article was found by its id
        if None in ks:
            by_article_id = list(map(operator.is_not, ks, itertools.repeat(None)))
            nowhere = len(articles)  # the index of no article, for the spans found in none
            for i in itertools.compress(range(n), map(operator.not_, by_article_id)):
                ks[i] = by_name.get(files[i], nowhere) if aids[i] == "" else nowhere
        ok = typing.cast(list[int], ks)
        article_files: list[object] = [a.file for a in articles]
        article_files.append(_Nowhere())
        article_texts = [a.text for a in articles]
        columns = (ok, starts, ends, texts)
        same_file = map(operator.eq, map(article_files.__getitem__, ok), files)
        # Which spans go to the first two parts; None when all go to the first, in their order (the
        # usual case, which is then spared building and applying the masks).
        masks: list[list[bool]] | None = None
        if by_article_id is not None or not all(same_file):
            same = list(map(operator.eq, map(article_files.__getitem__, ok), files))
            masks = [
                list(map(operator.and_, same, by_article_id or itertools.repeat(True))),
                list(map(operator.and_, same, map(operator.eq, aids, itertools.repeat("")))),
            ]
        while True:
            if masks is None:
                parts: list[_SpanPart] = [columns, ([], [], [], [])]
            else:
                parts = [typing.cast(_SpanPart, tuple(list(itertools.compress(c, m)) for c in columns)) for m in masks]
            tixs, where, distinct = _text_table(parts)
            # The model promises ``text == article.text[start:end]``; a text is sliced from its
            # article where it first appears, so that is checked there (whole columns at a time).
            fits = list(
                map(
                    operator.and_,
                    map(operator.eq, map(operator.sub, where[2], where[1]), map(len, distinct)),
                    map(str.startswith, map(article_texts.__getitem__, where[0]), distinct, where[1]),
                )
            )
            if all(fits):
                break
            # The spans of a text that breaks it go to the third part. Taking them out leaves every
            # other text where it first appeared, so the next round passes.
            broken = set(itertools.compress(distinct, map(operator.not_, fits)))
            keep = list(map(operator.not_, map(broken.__contains__, texts)))
            masks = [keep, [False] * n] if masks is None else [list(map(operator.and_, m, keep)) for m in masks]
        table.parts = [(p[0], p[1], p[2], t) for p, t in zip(parts, tixs, strict=True)]
        table.where = where
        if masks is not None:
            order = list(itertools.compress(range(n), masks[0]))
            order += itertools.compress(range(n), masks[1])
            order += itertools.compress(range(n), map(operator.not_, map(operator.or_, *masks)))
        del files, starts, ends, texts, aids, ks, ok, columns, parts, tixs, distinct
    elif n:
        order = list(range(n))  # all in the third part
    if order is not None:
        # The first span of each number, by number: an int, which hashes for free.
        first = dict(zip(reversed(number), reversed(found), strict=True))
        table.full = list(map(first.__getitem__, order[len(table.parts[0][0]) + len(table.parts[1][0]) :]))
        del first
        # The place in the table of each number: the inverse of ``order``, by a sort in C that
        # merges its three ascending runs.
        place = sorted(range(n), key=order.__getitem__)
        number = list(map(place.__getitem__, number))
        del place, order
    del found
    out: dict[str, list[int] | tuple[list[int], list[int]]] = {}
    at = 0
    for name in _span_fields(Event):  # in the order ``found`` was filled
        if name in runs:
            ends_at = runs[name]
            out[name] = (ends_at, number[at : at + ends_at[-1]])
            at += ends_at[-1]
        else:
            nothing = holes[name]
            m = nothing.count(False)
            it = iter(number[at : at + m])
            out[name] = [_NONE if hole else next(it) for hole in nothing]
            at += m
    return table, out


def _encode_spans(w: _BlobWriter, table: _SpanTable) -> list[_Column]:
    """The span table as columns: for each of the first two parts (spans with their article's id,
    spans without an id), the article index, start, end and text index of each span, given as their
    values; the article index, start and end of each distinct text; then the spans of the third
    part (the rest of the table) in full."""
    cols: list[_Column] = []
    for ks, starts, ends, tix in table.parts:
        for arr in (ks, w.indices(starts, int), w.indices(ends, int), tix):
            cols.append(w.array(arr, 0))
    cols.append(w.array(table.where[0], 0))
    cols.extend(w.array(arr) for arr in table.where[1:])  # offsets as the spans have them (maybe below 0)
    cols.append([_encode_span_full(o, "") for o in table.full])  # the spans in full
    return cols


def _decode_spans(
    r: _BlobReader, cols: list[_Column], articles: list[Article], ints: list[int]
) -> list[model.Span]:
    if len(cols) != 12:
        raise ValueError("corpus blob span table is not one")
    if not _SPANS_COMPACT:
        return [_decode_span_full(v, "") for v in cols[11]]
    files = [a.file for a in articles]
    ids = [a.id for a in articles]
    article_texts = [a.text for a in articles]
    uk, us, ue = (r.array(c) for c in cols[8:11])
    if not len(uk) == len(us) == len(ue):
        raise ValueError("corpus blob column has the wrong length")
    texts = list(map(operator.getitem, map(article_texts.__getitem__, uk), map(slice, us, ue)))
    out: list[model.Span] = []
    for part, with_id in ((cols[0:4], True), (cols[4:8], False)):
        ks, starts, ends, tix = (r.array(c) for c in part)
        n = len(ks)
        if not len(starts) == len(ends) == len(tix) == n:
            raise ValueError("corpus blob column has the wrong length")
        values: dict[str, _Values] = {
            "file": _Lookup(files, ks),
            "start": _Lookup(ints, starts),
            "end": _Lookup(ints, ends),
            "text": _Lookup(texts, tix),
            "article_id": _Lookup(ids, ks) if with_id else itertools.repeat("", n),
        }
        out += _make_records(model.Span, [values[f.name] for f in dataclasses.fields(model.Span)])
    out += [_decode_span_full(v, "") for v in cols[11]]
    return out


def corpus_key(articles: Iterable[tuple[str, str]], version: str = EXTRACTOR_VERSION) -> str:
    """The key of the merged corpus made from these ``(article id, file name)`` pairs, in order.

    The ids are content hashes, so equal keys mean the same texts under the same names in the same
    order, which is all that merging looks at; where the files are (their paths) is not part of it.
    """
    # One update with the whole text: the same digest as one per article, without a call each.
    text = "".join([f"{_BLOB_TAG}\0{version}\0", *(f"{aid}\x1f{name}\x1e" for aid, name in articles)])
    return hashlib.sha256(text.encode()).hexdigest()


def encode_corpus(
    articles: Sequence[Article], events: Sequence[Event], version: str = EXTRACTOR_VERSION
) -> bytearray:
    """One blob holding ``articles`` (without their paths) and the merged ``events``.

    Layout: a CRC-32 of the rest (8 hex digits), where the JSON header starts (16 hex digits), the
    binary section the header's columns point into, then the header.
    """
    # What the writer holds is let go as soon as it is no longer needed: at a hundred thousand
    # events its indices are several times the size of the blob, and encoding is the peak of a load.
    w = _BlobWriter()
    article_cols = w.columns(Article, articles, texts={"text"}, omit={"path"})
    fields = _field_values(Event, events)
    span_table, span_refs = _order_spans(w, fields, articles)
    event_cols = w.columns(Event, events, values=fields, refs=span_refs)
    del fields, span_refs
    # Encoding a table may add records of the kinds before it to their tables: the last first.
    # Nothing refers to a kind once its own table is written.
    tables: list[Any] = [None] * len(_TABLES)
    tables[-1] = _encode_spans(w, span_table)
    del span_table
    for k in reversed(range(len(_TABLES) - 1)):
        cls = _TABLES[k]
        w.forget(cls)
        tables[k] = [len(w.tables[cls]), w.columns(cls, w.tables[cls])]
        w.tables[cls].clear()
    header = [
        _BLOB_TAG, version, sys.byteorder, [len(articles), article_cols], w.string_table(), w.int_table(),
        tables, [len(events), event_cols],
    ]
    return w.finish(header)


def decode_corpus(
    payload: bytes | bytearray | mmap.mmap | str, paths: Sequence[str], version: str = EXTRACTOR_VERSION
) -> tuple[tuple[Article, ...], tuple[Event, ...]]:
    """The articles (with ``paths`` as their paths, in order) and events of an :func:`encode_corpus` blob.

    Raises ``ValueError`` (or another ``Exception``) when the blob is not one for these paths.
    """
    data = memoryview(payload.encode() if isinstance(payload, str) else payload)
    if len(data) < _PREFIX or bytes(data[:8]) != b"%08x" % zlib.crc32(data[8:]):
        raise ValueError("corpus blob fails its checksum")
    end = int(bytes(data[8:_PREFIX]), 16)
    if not _PREFIX <= end <= len(data):
        raise ValueError("corpus blob header out of range")
    header = json.loads(bytes(data[end:]))
    if not isinstance(header, list) or len(header) != 8 or header[:3] != [_BLOB_TAG, version, sys.byteorder]:
        raise ValueError("not a corpus blob of this version")
    _, _, _, (n, article_cols), strings, ints, tables, (n_events, event_cols) = header
    if n != len(paths) or len(tables) != len(_TABLES):
        raise ValueError("corpus blob does not match the files")
    r = _BlobReader(data, end)
    t: dict[Any, list[Any]] = {str: r.strings(strings), int: r.array(ints).tolist()}
    articles: list[Article] = []
    for cls, stored in zip(_TABLES, tables, strict=True):
        if cls is model.Span:
            # Spans are made from their articles, which are made from their blocks: made by now.
            articles = _make_records(Article, r.columns(Article, article_cols, n, t, {"path": list(paths)}))
            t[cls] = _decode_spans(r, stored, articles, t[int])
        else:
            t[cls] = _make_records(cls, r.columns(cls, stored[1], stored[0], t))
        t[cls].append(None)
    events = _make_records(Event, r.columns(Event, event_cols, n_events, t))
    return tuple(articles), tuple(events)


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived records that hold no cycles.

    Without it, decoding a hundred thousand events triggers collections that walk the young (and
    every so often the whole) heap again and again. Afterwards the new objects are handed to the
    oldest generation directly (``freeze`` then ``unfreeze`` splice the lists without walking
    them): otherwise the first young collection after this walks all of them, some 0.2 s at 10,000
    articles, only to find that they are alive. They are still collected by full collections.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:  # nobody else keeps objects frozen: nothing to disturb
            gc.freeze()
            gc.unfreeze()
        if was:
            gc.enable()


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


# ``records`` is not WITHOUT ROWID: its rows (a few kilobytes of payload each) would then sit in the
# key's B-tree itself, which SQLite advises against for rows this large; as an ordinary table with
# the key in an index, a load that stores 10,000 parsed files spends about 0.9 s in SQLite, not 2.5 s.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
    hash TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    hash TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, payload TEXT NOT NULL,
    PRIMARY KEY (hash, name, version));
CREATE TABLE IF NOT EXISTS corpora (
    key TEXT PRIMARY KEY, version TEXT NOT NULL, stored_ns INTEGER NOT NULL, payload BLOB NOT NULL);
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
                conn.execute("DELETE FROM corpora WHERE version != ?", (version,))
                # Their "unchanged?" rows point at records that are gone: a file row always has one.
                conn.execute("DELETE FROM files")
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

    def _one(self, sql: str, params: tuple[Any, ...]) -> Any:
        """The first row a query answers, or None (also when the cache fails: it is then dropped)."""
        if self._conn is None:
            return None
        try:
            return self._conn.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc, "reading")
            return None

    def _write(self, write: Callable[[sqlite3.Connection], object]) -> bool:
        """Run ``write`` in one transaction; False (and the cache dropped) when that fails."""
        if self._conn is None:
            return False
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                write(self._conn)
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._failed(exc, "writing")
            return False
        return True

    def lookup_unchanged_ids(self, stats: Iterable[FileStat]) -> dict[str, tuple[str, str]]:
        """``(article id, file name)`` of every file whose path, mtime and size are as recorded.

        Decodes nothing: this is the whole cost of a warm reopen before the merged corpus is read.
        """
        if self._conn is None:
            return {}
        want = {s.path: s for s in stats}
        out: dict[str, tuple[str, str]] = {}
        try:
            (rows,) = self._conn.execute("SELECT count(*) FROM files").fetchone()
            if rows <= 4 * len(want):
                # Reading the whole table is far quicker than thousands of look-ups by key.
                found: Iterable[Any] = self._conn.execute("SELECT path, mtime_ns, size, hash, name FROM files")
            else:
                paths = list(want)
                found = []
                for i in range(0, len(paths), _IN_CHUNK):
                    chunk = paths[i : i + _IN_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    found.extend(
                        self._conn.execute(
                            f"SELECT path, mtime_ns, size, hash, name FROM files WHERE path IN ({marks})", chunk
                        ).fetchall()
                    )
            for path, mtime_ns, size, content_hash, name in found:
                s = want.get(path)
                if s is not None and s.mtime_ns == mtime_ns and s.size == size:
                    out[path] = (content_hash, name)
        except sqlite3.Error as exc:
            self._failed(exc, "reading")
            return {}
        return out

    def load_corpus(self, key: str, paths: Sequence[str]) -> tuple[tuple[Article, ...], tuple[Event, ...]] | None:
        """The merged corpus stored under ``key`` (see :func:`corpus_key`), its articles at ``paths``.

        A blob that cannot be read or decoded is deleted, with a notice, and is a miss.
        """
        try:
            payload = self._read_corpus(key)
            if payload is None:
                return None
            with no_gc():
                return decode_corpus(payload, paths, self.version)
        except Exception as exc:  # whatever a damaged (or vanished) blob makes the reader trip over
            self.notices.append(
                Problem(str(self.path), f"cached timeline was damaged ({type(exc).__name__}); rebuilt it")
            )
            self._drop_corpus(key)
            return None

    def _read_corpus(self, key: str) -> bytes | mmap.mmap | None:
        """The blob stored under ``key``, or None when there is none.

        A blob in its own file (see :meth:`store_corpus`) is mapped, not read: its pages come
        straight from the operating system's file cache, where reading would copy forty megabytes
        into fresh memory (at ten thousand articles), a page fault every four kilobytes. Raises
        ``OSError`` when the row names a file that cannot be read.
        """
        if self._conn is None:
            return None
        conn = self._conn
        try:
            conn.execute("BEGIN")
            try:
                sql = "SELECT rowid, length(payload) FROM corpora WHERE key = ? AND version = ?"
                row = conn.execute(sql, (key, self.version)).fetchone()
                if row is None:
                    return None
                if row[1] == 0:
                    return _map_file(self._blob_path(key))
                # Stored in the database itself (a cache folder where the file could not be made):
                # SQLite's incremental blob I/O copies the value once, where a query copies it
                # twice. The look-up and the read are one read transaction, so that a concurrent
                # write cannot put another row there.
                with conn.blobopen("corpora", "payload", row[0], readonly=True) as blob:
                    return blob.read()
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._failed(exc, "reading")
            return None

    def _blob_path(self, key: str) -> Path:
        if not key.isalnum():  # keys are hex digests; anything else is not a file name of ours
            raise ValueError("not a corpus key")
        return self.path.parent / _BLOB_DIR / f"{key}{_BLOB_SUFFIX}"

    def store_corpus(self, key: str, articles: Sequence[Article], events: Sequence[Event]) -> bool:
        """Store a merged corpus under ``key``, keeping only the few most recent ones.

        The blob goes to a file of its own beside the database (written under a temporary name and
        renamed, so that a reader never sees half of one), the database keeping its row; in the
        database itself when the file cannot be written.
        """
        if self._conn is None:
            return False
        with no_gc():
            payload = encode_corpus(articles, events, self.version)
        in_file = _write_file(self._blob_path(key), payload)
        dropped: list[str] = []

        def write(conn: sqlite3.Connection) -> None:
            row = (key, self.version, time.time_ns(), b"" if in_file else payload)
            conn.execute("INSERT OR REPLACE INTO corpora VALUES (?, ?, ?, ?)", row)
            old = conn.execute(
                "SELECT key FROM corpora WHERE key NOT IN (SELECT key FROM corpora ORDER BY stored_ns DESC LIMIT ?)",
                (_KEEP_CORPORA,),
            ).fetchall()
            dropped.extend(k for (k,) in old)
            conn.executemany("DELETE FROM corpora WHERE key = ?", old)

        if not self._write(write):
            return False
        self._remove_blob_files(dropped)
        return True

    def _remove_blob_files(self, keys: Iterable[str]) -> None:
        """Delete the files of these corpora, and any other file of the folder no row names that has
        been there a while (left by a database rebuilt, or a process killed while writing one)."""
        folder = self.path.parent / _BLOB_DIR
        doomed = {f"{k}{_BLOB_SUFFIX}" for k in keys if k.isalnum()}
        if self._conn is not None:
            try:
                known = {f"{k}{_BLOB_SUFFIX}" for (k,) in self._conn.execute("SELECT key FROM corpora")}
            except sqlite3.Error:
                known = None
            if known is not None:
                with contextlib.suppress(OSError), os.scandir(folder) as it:
                    # Only old ones: another process may have written its file and not yet its row.
                    cutoff = time.time() - _STRAY_SECONDS
                    doomed.update(e.name for e in it if e.name not in known and e.stat().st_mtime < cutoff)
        for name in doomed:
            with contextlib.suppress(OSError):
                os.unlink(folder / name)

    def _drop_corpus(self, key: str) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute("DELETE FROM corpora WHERE key = ?", (key,))
        except sqlite3.Error as exc:
            self._failed(exc, "writing")
        self._remove_blob_files([key])

    def lookup_content(self, content_hash: str, name: str) -> tuple[Event, ...] | None:
        """The events cached for this content under this file name (a touched or moved file)."""
        row = self._one(
            "SELECT payload FROM records WHERE hash=? AND name=? AND version=?", (content_hash, name, self.version)
        )
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

        def write(conn: sqlite3.Connection) -> None:
            conn.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)", record_rows)
            conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", files_rows)

        return len(files_rows) if self._write(write) else 0

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
    # The corpora's files go with the rows that name them (best effort: leftovers are removed later).
    with contextlib.suppress(OSError), os.scandir(path.parent / _BLOB_DIR) as it:
        for e in it:
            with contextlib.suppress(OSError):
                os.unlink(e.path)
    return ok


def _write_file(path: Path, data: bytes | bytearray) -> bool:
    """Write ``data`` to ``path`` whole or not at all (a temporary file renamed); False on failure."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True


def _map_file(path: Path) -> mmap.mmap:
    """The file at ``path``, mapped read-only (files are only ever replaced whole, never rewritten)."""
    with open(path, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


def _rebuild(path: Path, notices: list[Problem], reason: str) -> bool:
    """Delete a cache that cannot be used, so that the next connection creates it afresh."""
    if not _remove_db(path):
        return False
    notices.append(Problem(str(path), reason))
    return True
