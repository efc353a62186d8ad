"""Finding and decoding article files.

An article is UTF-8 text that starts with a ``date YYYY-MM-DD`` header (leading space, a ``Date:``
prefix, a byte-order mark and CRLF line ends are tolerated), followed by the body: paragraphs
separated by blank lines, short heading lines, and often a dateline such as
``ISTANBUL, October 18. /TASS/.``.

Anything that cannot be read as such becomes a :class:`~timeline_gui.core.model.Problem` naming
the file and the reason; it never stops the other files from loading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from timeline_gui.core.model import Article, Block, Problem

#: Larger files are refused: no news article is this long, and reading one would stall the app.
MAX_FILE_BYTES = 5 * 1024 * 1024

ARTICLE_SUFFIX = ".txt"

_HEADER_RE = re.compile(r"\A[ \t\r\n]*(?:date:?|Date:?|DATE:?)[ \t]*(\d{1,4})-(\d{1,2})-(\d{1,2})(?=\s|\Z)")
_LOOSE_HEADER_RE = re.compile(r"\A[ \t\r\n]*(?:date:?|Date:?|DATE:?)[ \t]*(\S{0,40})", re.IGNORECASE)
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":", ";", ")", "»")
_MONTHS = (
    "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|"
    "August|September|October|November|December"
)
# Wire-copy datelines: "ISTANBUL, October 18. /TASS/.", "MOSCOW, Oct 18 (Reuters) -", "BAKU (AP) —",
# "YEREVAN, March 3 /ARKA/.". The place is an upper-case run; the date and the agency are optional.
_DATELINE_RE = re.compile(
    r"(?P<place>[A-Z][A-Z.'\-]+(?:[ \-][A-Z][A-Z.'\-]+){0,3})"
    r"(?:,\s*(?P<date>(?:" + _MONTHS + r")\.?\s+\d{1,2}|\d{1,2}\s+(?:" + _MONTHS + r")\.?))?"
    r"(?:\.?\s*/(?P<agency1>[A-Za-z][A-Za-z\-\u0400-\u04FF ]{0,20})/\.?"
    r"|\s*\((?P<agency2>[A-Za-z][A-Za-z\-. ]{0,20})\)\s*[-–—:]?"
    r"|\s*[-–—:])"
)


def _heading_like(line: str) -> bool:
    """A short line without closing punctuation reads as a heading ("Western interference")."""
    s = line.strip()
    return 0 < len(s) <= 80 and "\n" not in s and not s.endswith(_SENTENCE_END) and len(s.split()) <= 10


def split_blocks(text: str, start: int) -> tuple[Block, ...]:
    """Paragraphs and heading lines of ``text[start:]``, as trimmed offsets into ``text``."""
    blocks: list[Block] = []
    pos = start
    n = len(text)
    for m in _BLANK_LINE_RE.finditer(text, start):
        _add_block(text, pos, m.start(), blocks)
        pos = m.end()
    _add_block(text, pos, n, blocks)
    return tuple(blocks)


def _add_block(text: str, s: int, e: int, out: list[Block]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s < e:
        out.append(Block(s, e, "heading" if _heading_like(text[s:e]) else "paragraph"))


def parse_dateline(text: str, body_start: int) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """Place and agency of a wire dateline at the start of the body, and its span."""
    s = body_start
    while s < len(text) and text[s].isspace():
        s += 1
    m = _DATELINE_RE.match(text, s)
    if not m:
        return None, None, None
    has_date = m.group("date") is not None
    agency = m.group("agency1") or m.group("agency2")
    if not (has_date or agency):
        return None, None, None
    raw_place = m.group("place").strip(" .-")
    if len(raw_place) < 3:
        return None, None, None
    place = " ".join(w.capitalize() if w.isupper() else w for w in re.split(r"(\s+|-)", raw_place) if w)
    place = re.sub(r"\s*-\s*", "-", place)
    return place, agency.strip() if agency else None, (m.start(), m.end())


def content_id(data: bytes) -> str:
    """A stable id for an article: the same bytes always give the same id, wherever the file lies."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16]


#: Control characters other than white space: a handful at the start of a file means binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode(data: bytes, name: str) -> str | Problem:
    """Decode file bytes as UTF-8 (or UTF-16 with a byte-order mark), or say why not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return Problem(name, "starts like UTF-16 text but its bytes do not decode as UTF-16")
    if b"\x00" in data:
        return Problem(name, "contains NUL bytes: this is binary data, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(
            name,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02X} at offset {exc.start} cannot be decoded);"
            " save it as UTF-8 to load it",
        )
    controls = len(_CONTROL.findall(text, 0, 4096))
    if controls > 8:
        return Problem(name, "contains control characters: this is binary data, not a text article")
    return text


def parse_article(data: bytes, path: str, name: str | None = None) -> Article | Problem:
    """Turn a file's bytes into an :class:`Article`, or a :class:`Problem` saying why it is not one."""
    name = name or os.path.basename(path)
    if not data.strip():
        return Problem(name, "is empty")
    decoded = decode(data, name)
    if isinstance(decoded, Problem):
        return decoded
    text = decoded
    m = _HEADER_RE.match(text)
    if not m:
        loose = _LOOSE_HEADER_RE.match(text)
        if loose:
            return Problem(name, f"has a date header with an unreadable date {loose.group(1)!r} (expected YYYY-MM-DD)")
        return Problem(name, "has no date header (the file must start with 'date YYYY-MM-DD')")
    y, mo, d = (int(g) for g in m.groups())
    try:
        published = dt.date(y, mo, d)
    except ValueError:
        return Problem(name, f"has an impossible date {m.group(1)}-{m.group(2)}-{m.group(3)} in its header")
    body_start = m.end()
    while body_start < len(text) and text[body_start] in " \t":
        body_start += 1
    if not text[body_start:].strip():
        return Problem(name, "has a date header but no article text")
    place, agency, dateline = parse_dateline(text, body_start)
    return Article(
        file=name,
        path=path,
        id=content_id(data),
        published=published,
        text=text,
        body_start=body_start,
        blocks=split_blocks(text, body_start),
        place=place,
        agency=agency,
        dateline=dateline,
    )


def read_article(path: str | os.PathLike[str]) -> Article | Problem:
    """Read one file; never blocks on a FIFO or device and never raises for bad input."""
    p = os.fspath(path)
    name = os.path.basename(p)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        return Problem(name, "no longer exists")
    except OSError as exc:
        return Problem(name, f"cannot be examined ({exc.strerror or exc})")
    if stat.S_ISDIR(st.st_mode):
        return Problem(name, "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        return Problem(name, f"is not a regular file ({_kind(st.st_mode)})")
    if st.st_size > MAX_FILE_BYTES:
        return Problem(name, f"is too large ({st.st_size / 1048576:.1f} MB; articles are limited to 5 MB)")
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO after the stat, the open must not hang.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        return Problem(name, "cannot be read (permission denied)")
    except FileNotFoundError:
        return Problem(name, "no longer exists")
    except OSError as exc:
        return Problem(name, f"cannot be read ({exc.strerror or exc})")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return Problem(name, "is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Problem(name, f"cannot be read ({exc.strerror or exc})")
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        return Problem(name, "is too large (over 5 MB; articles are limited to 5 MB)")
    return parse_article(data, p, name)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def find_article_files(
    paths: Iterable[str | os.PathLike[str]], stats: dict[str, os.stat_result] | None = None
) -> tuple[list[str], list[Problem]]:
    """Expand files and folders into article file paths (folders: every ``*.txt`` below them).

    Folders are walked without ever visiting the same real folder twice, so symlink loops end.
    Files given by name are kept whatever their suffix; inside folders only ``*.txt`` count.
    ``stats``, when given, receives the ``os.stat`` of each file listed (every file is examined
    here anyway, and a caller comparing modification times need not examine it again).
    """
    files: list[str] = []
    problems: list[Problem] = []
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    for raw in paths:
        p = os.fspath(raw)
        try:
            st = os.stat(p)
        except OSError as exc:
            reason = "does not exist" if isinstance(exc, FileNotFoundError) else f"cannot be opened ({exc.strerror})"
            problems.append(Problem(p, reason))
            continue
        if stat.S_ISDIR(st.st_mode):
            for f in _walk(p, seen_dirs, problems):
                _add_file(f, files, seen_files, stats)
        else:
            _add_file(p, files, seen_files, stats)
    return files, problems


def _add_file(path: str, files: list[str], seen: set[tuple[int, int]],
              stats: dict[str, os.stat_result] | None) -> None:
    try:
        st = os.stat(path)
        key = (st.st_dev, st.st_ino)
    except OSError:
        files.append(path)  # read_article will name the reason
        return
    if key not in seen:
        seen.add(key)
        files.append(path)
        if stats is not None:
            stats[path] = st


def _walk(root: str, seen_dirs: set[tuple[int, int]], problems: list[Problem]) -> Iterator[str]:
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            st = os.stat(d)
        except OSError:
            problems.append(Problem(d, "disappeared while the folder was being read"))
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            continue
        seen_dirs.add(key)
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except FileNotFoundError:
            problems.append(Problem(d, "disappeared while the folder was being read"))
            continue
        except OSError as exc:
            problems.append(Problem(d, f"cannot be listed ({exc.strerror or exc})"))
            continue
        subdirs = []
        for e in entries:
            try:
                is_dir = e.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(e.path)
            elif e.name.endswith(ARTICLE_SUFFIX):
                yield e.path
        stack.extend(reversed(subdirs))


def load_articles(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Article], list[Problem]]:
    """Read every article below ``paths``; returns the articles and the problems, in path order."""
    files, problems = find_article_files(paths)
    articles: list[Article] = []
    for f in files:
        r = read_article(f)
        if isinstance(r, Problem):
            problems.append(r)
        else:
            articles.append(r)
    return articles, problems


def seeds_dir() -> Path:
    """The bundled sample corpus, in a source checkout or an installed package."""
    from timeline_gui.core.resources import data_path

    return data_path("seeds")
