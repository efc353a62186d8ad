"""The parsed-article cache: round trips, the "unchanged?" check, and every way a cache goes bad."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from timeline_gui.core import cache as cache_mod
from timeline_gui.core.articles import load_articles, seeds_dir
from timeline_gui.core.cache import (
    CACHE_FILE,
    EXTRACTOR_VERSION,
    SCHEMA_VERSION,
    ArticleCache,
    FileStat,
    corpus_key,
    decode_corpus,
    decode_entry,
    default_cache_dir,
    encode_corpus,
    encode_entry,
)
from timeline_gui.core.extract import extract_article
from timeline_gui.core.model import Article, Event, Interval

OLD = 1_600_000_000 * 10**9  # an mtime far from "now", so the racy-stat rule does not apply


@pytest.fixture(scope="module")
def seed_entries() -> list[tuple[Article, tuple[Event, ...]]]:
    arts, _ = load_articles([seeds_dir()])
    return [(a, tuple(extract_article(a))) for a in arts]


def _stat(a: Article, mtime_ns: int = OLD) -> FileStat:
    return FileStat(a.path, mtime_ns, len(a.text))


def test_round_trip_is_exact(seed_entries: list[tuple[Article, tuple[Event, ...]]]) -> None:
    for a, evs in seed_entries:
        assert evs, "the seeds have events"
        payload = encode_entry(a, evs)
        a2, evs2 = decode_entry(payload, a.path)
        assert a2 == a
        assert evs2 == evs
        # Quotes are stored as offsets (their text as null) when they are the article's own words.
        assert f'null,"{a.id}"' in payload


def test_decoded_entries_share_their_strings(seed_entries: list[tuple[Article, tuple[Event, ...]]]) -> None:
    a, evs = seed_entries[0]
    a1, evs1 = decode_entry(encode_entry(a, evs), a.path)
    _, evs2 = decode_entry(encode_entry(a, evs), a.path)
    spans = [s for e in evs1 for s in (e.trigger, e.date_span, *e.quotes) if s is not None]
    assert spans and all(s.file is a1.file and s.article_id is a1.id for s in spans)
    parts1 = [p for e in evs1 for p in e.participants]
    parts2 = [p for e in evs2 for p in e.participants]
    assert parts1 and all(p.name is q.name and p.kind is q.kind for p, q in zip(parts1, parts2, strict=True))
    for e, f in zip(evs1, evs2, strict=True):
        assert e.type is f.type and e.interval.granularity is f.interval.granularity


def test_store_and_lookup_unchanged(tmp_path: Path, seed_entries: list[tuple[Article, tuple[Event, ...]]]) -> None:
    with ArticleCache.open(tmp_path) as c:
        assert c.usable and c.notices == []
        assert c.store((_stat(a), a, evs) for a, evs in seed_entries) == len(seed_entries)
    with ArticleCache.open(tmp_path) as c:
        stats = [_stat(a) for a, _ in seed_entries]
        found = c.lookup_unchanged(stats)
        assert {p: v for p, v in found.items()} == {a.path: (a, evs) for a, evs in seed_entries}
        # A different size or mtime is a miss.
        a0 = seed_entries[0][0]
        assert c.lookup_unchanged([FileStat(a0.path, OLD, len(a0.text) + 1)]) == {}
        assert c.lookup_unchanged([FileStat(a0.path, OLD + 1, len(a0.text))]) == {}
        # ...but the same content under the same name is still found by its hash.
        assert c.lookup_content(a0.id, a0.file) == seed_entries[0][1]
        assert c.lookup_content(a0.id, "renamed.txt") is None
        ids = c.lookup_unchanged_ids([*stats, FileStat("/nowhere.txt", OLD, 1)])
        assert ids == {a.path: (a.id, a.file) for a, _ in seed_entries}


def _merged_seeds(seed_entries: list[tuple[Article, tuple[Event, ...]]]) -> tuple[tuple[Article, ...], list[Event]]:
    from timeline_gui.core.merge import merge_events

    arts = tuple(a for a, _ in seed_entries)
    return arts, merge_events([e for _, evs in seed_entries for e in evs])


def test_corpus_blob_round_trip_is_exact(seed_entries: list[tuple[Article, tuple[Event, ...]]]) -> None:
    arts, events = _merged_seeds(seed_entries)
    # Spans the compact form cannot hold: no article_id, another file's name, text that is not a slice.
    e0 = events[0]
    q = e0.quotes[0]
    odd = (
        dataclasses.replace(q, article_id=""),
        dataclasses.replace(q, file="elsewhere.txt"),
        dataclasses.replace(q, text=q.text + " (edited)"),
    )
    events = [dataclasses.replace(e0, quotes=e0.quotes + odd, mentions=odd[:1]), *events[1:]]
    blob = encode_corpus(arts, events)
    moved = [f"/moved/{a.file}" for a in arts]
    arts2, events2 = decode_corpus(blob, moved)
    assert events2 == tuple(events)
    assert arts2 == tuple(dataclasses.replace(a, path=p) for a, p in zip(arts, moved, strict=True))
    # Equal records are made once and shared.
    parts = [p for e in events2 for p in e.participants]
    assert len({id(p) for p in parts}) == len(set(parts))
    # Anything but this exact blob for these files is refused, never half-read.
    for bad in (blob[:-10], blob[:30] + b"x" + blob[31:], b"", b"0" * 40):
        with pytest.raises(ValueError):
            decode_corpus(bad, moved)
    with pytest.raises(ValueError):
        decode_corpus(blob, moved[:-1])
    with pytest.raises(ValueError):
        decode_corpus(blob, moved, version="other")


def _same_record(a: object, b: object, where: str = "") -> None:
    """``a`` and ``b`` are equal records all the way down: same types, same field values."""
    assert type(a) is type(b), where
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _same_record(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, tuple):
        assert isinstance(b, tuple) and len(a) == len(b), where
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            _same_record(x, y, f"{where}[{k}]")
    else:
        assert a == b, where


def test_corpus_blob_gives_ordinary_frozen_records(seed_entries: list[tuple[Article, tuple[Event, ...]]]) -> None:
    arts, events = _merged_seeds(seed_entries)
    arts2, events2 = decode_corpus(encode_corpus(arts, events), [a.path for a in arts])
    _same_record(arts2, arts, "articles")
    _same_record(events2, tuple(events), "events")
    e = events2[0]
    # Real instances of the model's classes: frozen, hashable, equal to the originals and pickled alike.
    assert type(e) is Event and type(e.interval) is type(events[0].interval)
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.title = "changed"  # type: ignore[misc]
    assert hash(e) == hash(events[0]) and {e, events[0]} == {e}
    assert dataclasses.replace(e, title="x").title == "x"
    # Distinct texts of spans are made once: equal texts are one string, equal offsets one int.
    spans = [s for ev in events2 for s in (ev.trigger, ev.date_span, *ev.quotes) if s is not None]
    assert len({id(s.text) for s in spans}) == len({s.text for s in spans})
    offsets = [n for s in spans for n in (s.start, s.end)]
    assert max(offsets) > 256 and len({id(n) for n in offsets}) == len(set(offsets))


def test_records_of_a_class_without_slots_are_made_by_its_constructor() -> None:
    @dataclasses.dataclass(frozen=True)
    class Plain:
        name: str
        n: int = 0

        def __post_init__(self) -> None:
            if self.n < 0:
                raise ValueError("negative")

    make = cache_mod._make_records
    assert cache_mod._slot_twin(Plain) is None
    assert make(Plain, [["a", "b"], [1, 2]]) == [Plain("a", 1), Plain("b", 2)]
    # Values looked up in a table, by index.
    assert make(Plain, [cache_mod._Lookup(("x", "y"), [1, 0]), [3, 4]]) == [Plain("y", 3), Plain("x", 4)]
    with pytest.raises(ValueError):
        make(Plain, [["a"], [-1]])
    with pytest.raises(ValueError):  # columns of different lengths are a damaged blob, not fewer records
        make(Plain, [["a", "b"], [1]])
    # A slotted record still has its checks run.
    assert cache_mod._slot_twin(Interval) is not None
    day = dt.date(2024, 1, 2)
    assert make(Interval, [[day], [day], ["day"]]) == [Interval(day, day, "day")]
    with pytest.raises(ValueError):
        make(Interval, [[day], [day - dt.timedelta(days=1)], ["day"]])


def test_records_made_through_a_twin_are_exactly_of_their_class() -> None:
    twin = cache_mod._slot_twin(Interval)
    assert twin is not None and issubclass(twin, Interval)
    day = dt.date(2024, 1, 2)
    made = cache_mod._make_records(Interval, [[day, day], [day, day + dt.timedelta(days=1)], ["day", "week"]])
    # The twin never shows: the records are the model's own, frozen, equal and hashing alike.
    assert [type(r) for r in made] == [Interval, Interval]
    assert made == [Interval(day, day, "day"), Interval(day, day + dt.timedelta(days=1), "week")]
    assert hash(made[0]) == hash(Interval(day, day, "day"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].granularity = "year"  # type: ignore[misc]


def test_corpus_blob_of_another_layout_is_refused(
    seed_entries: list[tuple[Article, tuple[Event, ...]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    arts, events = _merged_seeds(seed_entries)
    paths = [a.path for a in arts]
    pairs = [(a.id, a.file) for a in arts]
    key = corpus_key(pairs)
    with monkeypatch.context() as m:
        m.setattr(cache_mod, "_BLOB_TAG", "tlg-corpus-older")
        older = encode_corpus(arts, events)
        # A blob of another layout is stored under another key: never looked up, rebuilt instead...
        assert corpus_key(pairs) != key
    # ...and were it read, it is refused as a whole.
    with pytest.raises(ValueError, match="not a corpus blob of this version"):
        decode_corpus(older, paths)


def test_corpus_key_depends_on_names_contents_order_and_version() -> None:
    pairs = [("h1", "a.txt"), ("h2", "b.txt")]
    key = corpus_key(pairs)
    assert corpus_key(list(pairs)) == key
    assert corpus_key(pairs[::-1]) != key
    assert corpus_key([("h1", "a.txt"), ("h3", "b.txt")]) != key
    assert corpus_key([("h1", "a.txt"), ("h2", "c.txt")]) != key
    assert corpus_key(pairs, version="other") != key


def test_corpus_key_is_the_digest_of_the_pairs_in_order() -> None:
    # Stored corpora are found by this key: a change of how it is worked out would orphan them.
    pairs = [("h1", "a.txt"), ("h2", "b\u00e9.txt")]
    h = hashlib.sha256(f"{cache_mod._BLOB_TAG}\0{EXTRACTOR_VERSION}\0".encode())
    for aid, name in pairs:
        h.update(f"{aid}\x1f{name}\x1e".encode())
    assert corpus_key(pairs) == h.hexdigest()
    assert corpus_key(iter(pairs)) == h.hexdigest()


def test_store_and_load_corpus(tmp_path: Path, seed_entries: list[tuple[Article, tuple[Event, ...]]]) -> None:
    arts, events = _merged_seeds(seed_entries)
    paths = [a.path for a in arts]
    with ArticleCache.open(tmp_path) as c:
        for k in range(5):  # only the most recent few are kept
            assert c.store_corpus(f"key{k}", arts, events)
    with ArticleCache.open(tmp_path) as c:
        assert c.load_corpus("key0", paths) is None
        got = c.load_corpus("key4", paths)
        assert got is not None and got == (arts, tuple(events))
        assert c.notices == []
        conn = sqlite3.connect(tmp_path / CACHE_FILE)
        (n,) = conn.execute("SELECT count(*) FROM corpora").fetchone()
        (in_db,) = conn.execute("SELECT count(*) FROM corpora WHERE length(payload) > 0").fetchone()
        conn.close()
        assert n == cache_mod._KEEP_CORPORA
    # Each blob is a file of its own beside the database, and goes with its row.
    assert in_db == 0
    assert sorted(p.name for p in _blob_files(tmp_path)) == [f"key{k}{cache_mod._BLOB_SUFFIX}" for k in (2, 3, 4)]


def _blob_files(folder: Path) -> list[Path]:
    return sorted((folder / cache_mod._BLOB_DIR).iterdir())


def _merged_in(
    tmp_path: Path, seed_entries: list[tuple[Article, tuple[Event, ...]]]
) -> tuple[list[str], tuple[tuple[Article, ...], tuple[Event, ...]]]:
    arts, events = _merged_seeds(seed_entries)
    with ArticleCache.open(tmp_path) as c:
        assert c.store_corpus("k", arts, events)
    return [a.path for a in arts], (arts, tuple(events))


def test_vanished_corpus_file_is_a_miss_with_notice(
    tmp_path: Path, seed_entries: list[tuple[Article, tuple[Event, ...]]]
) -> None:
    paths, _ = _merged_in(tmp_path, seed_entries)
    (blob,) = _blob_files(tmp_path)
    blob.unlink()
    with ArticleCache.open(tmp_path) as c:
        assert c.load_corpus("k", paths) is None
        assert len(c.notices) == 1 and "rebuilt" in c.notices[0].reason
        assert c.load_corpus("k", paths) is None and len(c.notices) == 1  # the row went with it


def test_corpus_is_kept_in_the_database_when_its_file_cannot_be_written(
    tmp_path: Path, seed_entries: list[tuple[Article, tuple[Event, ...]]]
) -> None:
    (tmp_path / cache_mod._BLOB_DIR).write_text("a file where the folder would be")
    paths, want = _merged_in(tmp_path, seed_entries)
    with ArticleCache.open(tmp_path) as c:
        assert c.load_corpus("k", paths) == want and c.notices == []


def test_old_stray_corpus_files_are_removed(
    tmp_path: Path, seed_entries: list[tuple[Article, tuple[Event, ...]]]
) -> None:
    _merged_in(tmp_path, seed_entries)
    folder = tmp_path / cache_mod._BLOB_DIR
    old, fresh = folder / ".x.blob.1.2.tmp", folder / f"{'f' * 64}{cache_mod._BLOB_SUFFIX}"
    old.write_bytes(b"left by a killed writer")
    fresh.write_bytes(b"another process's, its row not written yet")
    os.utime(old, (time.time() - 2 * cache_mod._STRAY_SECONDS,) * 2)
    arts, events = _merged_seeds(seed_entries)
    with ArticleCache.open(tmp_path) as c:
        assert c.store_corpus("k2", arts, events)
    assert not old.exists() and fresh.exists()
    # A cache rebuilt from scratch takes the corpora's files with it.
    assert cache_mod._remove_db(tmp_path / CACHE_FILE)
    assert _blob_files(tmp_path) == []


def test_recently_modified_file_is_rechecked(
    tmp_path: Path, seed_entries: list[tuple[Article, tuple[Event, ...]]]
) -> None:
    a, evs = seed_entries[0]
    with ArticleCache.open(tmp_path) as c:
        c.store([(_stat(a, time.time_ns()), a, evs)])
        # Same-tick edits are invisible to mtime+size, so a fresh file is never trusted by its stat.
        assert c.lookup_unchanged([_stat(a, time.time_ns())]) == {}
        assert c.lookup_content(a.id, a.file) == evs


def test_cache_dir_follows_xdg_and_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TIMELINE_GUI_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert default_cache_dir() == tmp_path / "xdg" / "timeline-gui"
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
        assert default_cache_dir() == Path.home() / ".cache" / "timeline-gui"
    monkeypatch.setenv("TIMELINE_GUI_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    with ArticleCache.open() as c:
        assert c.path == tmp_path / "mine" / CACHE_FILE


def test_extractor_version_covers_the_extraction_sources() -> None:
    core = Path(cache_mod.__file__).parent
    names = {p.relative_to(core).as_posix() for p in cache_mod._extraction_sources(core)}
    assert {"articles.py", "extract.py", "merge.py", "model.py"} <= names
    assert any(n.startswith("timex/") for n in names), names
    assert "corpus.py" not in names and "cache.py" not in names
    assert len(EXTRACTOR_VERSION) == 16


def test_other_extractor_version_is_rebuilt_with_notice(
    tmp_path: Path, seed_entries: list[tuple[Article, tuple[Event, ...]]]
) -> None:
    a, evs = seed_entries[0]
    with ArticleCache.open(tmp_path, version="0ld") as c:
        c.store([(_stat(a), a, evs)])
        assert c.lookup_unchanged([_stat(a)])
    with ArticleCache.open(tmp_path) as c:
        assert c.usable
        assert any("another version of the extractor" in n.reason for n in c.notices)
        assert c.lookup_unchanged([_stat(a)]) == {}
        assert c.lookup_content(a.id, a.file) is None
    with ArticleCache.open(tmp_path) as c:
        assert c.notices == []  # said once, not on every start


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty-header"])
def test_corrupt_cache_is_rebuilt_with_notice(
    tmp_path: Path, seed_entries: list[tuple[Article, tuple[Event, ...]]], damage: str
) -> None:
    with ArticleCache.open(tmp_path) as c:
        # Enough rows that the file has many pages to lose.
        for k in range(40):
            c.store([(FileStat(f"/x/{k}/{a.file}", OLD, 1), a, evs) for a, evs in seed_entries])
    db = tmp_path / CACHE_FILE
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = db.read_bytes()
    if damage == "garbage":
        db.write_bytes(b"this is not a database at all\n" * 200)
    elif damage == "truncated":
        db.write_bytes(data[: len(data) // 3])
    else:
        db.write_bytes(b"\0" * 100 + data[100:])
    c = ArticleCache.open(tmp_path)
    try:
        stats = [FileStat(f"/x/{k}/{a.file}", OLD, 1) for k in range(40) for a, _ in seed_entries]
        found = c.lookup_unchanged(stats)  # may find the damage only now
        assert len(found) <= len(stats)
        assert any("damaged" in n.reason or "rebuilt" in n.reason for n in c.notices), c.notices
    finally:
        c.close()
    # Whatever happened above, the next start has a working cache.
    with ArticleCache.open(tmp_path) as c:
        assert c.usable
        a, evs = seed_entries[0]
        c.store([(_stat(a), a, evs)])
        assert c.lookup_unchanged([_stat(a)]) == {a.path: (a, evs)}


def test_locked_cache_is_bypassed_with_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with ArticleCache.open(tmp_path):
        pass
    monkeypatch.setattr(cache_mod, "_BUSY_TIMEOUT_MS", 200)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sqlite3, sys, time
            conn = sqlite3.connect({str(tmp_path / CACHE_FILE)!r}, isolation_level=None)
            conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('holder', 'x')")
            print("locked", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with ArticleCache.open(tmp_path) as c:
            assert not c.usable
            assert any("locked" in n.reason for n in c.notices), c.notices
            assert c.lookup_unchanged([FileStat("/x", 1, 1)]) == {}
    finally:
        holder.kill()
        holder.wait()
    with ArticleCache.open(tmp_path) as c:
        assert c.usable and c.notices == []


_WRITER = """
import sys
sys.path[:0] = {paths!r}
from timeline_gui.core.articles import load_articles, seeds_dir
from timeline_gui.core.cache import ArticleCache, FileStat
from timeline_gui.core.extract import extract_article
arts, _ = load_articles([seeds_dir()])
entries = [(a, extract_article(a)) for a in arts]
c = ArticleCache.open({folder!r})
k = 0
while True:
    a, evs = entries[k % len(entries)]
    c.store([(FileStat(f"/kill/{{k}}", {old}, k), a, evs)])
    print(k, flush=True)
    k += 1
"""


def test_killed_writer_leaves_a_usable_cache_that_lost_nothing_committed(tmp_path: Path) -> None:
    src = [str(Path(cache_mod.__file__).resolve().parents[2])]
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER.format(paths=src, folder=str(tmp_path), old=OLD)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    committed = -1
    for line in proc.stdout:
        committed = int(line)
        if committed >= 60:
            break
    os.kill(proc.pid, signal.SIGKILL)  # mid-loop: likely inside the next transaction
    proc.wait()
    assert committed >= 60
    with ArticleCache.open(tmp_path) as c:
        assert c.usable and c.notices == []
        found = c.lookup_unchanged([FileStat(f"/kill/{k}", OLD, k) for k in range(committed + 1)])
        assert len(found) == committed + 1
        c.store([(FileStat("/after", OLD, 1), *next(iter(found.values())))])


def test_cache_of_an_older_layout_is_rebuilt_with_a_notice(
    tmp_path: Path, seed_entries: list[tuple[Article, tuple[Event, ...]]]
) -> None:
    # The layout before records became a rowid table, with one record in it.
    conn = sqlite3.connect(tmp_path / CACHE_FILE)
    conn.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE files (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
            hash TEXT NOT NULL, name TEXT NOT NULL);
        CREATE TABLE records (hash TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,
            payload TEXT NOT NULL, PRIMARY KEY (hash, name, version)) WITHOUT ROWID;
        INSERT INTO meta VALUES ('schema', '1');
        INSERT INTO records VALUES ('h', 'n', 'v', '[]');
        """
    )
    conn.commit()
    conn.close()
    assert SCHEMA_VERSION != 1
    with ArticleCache.open(tmp_path) as c:
        assert c.usable
        assert any("another version of the program" in n.reason for n in c.notices)
        a, evs = seed_entries[0]
        assert c.store([(_stat(a), a, evs)]) == 1
        assert c.lookup_unchanged([_stat(a)]) == {a.path: (a, evs)}
    conn = sqlite3.connect(tmp_path / CACHE_FILE)
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'records'").fetchone()
    conn.close()
    assert "WITHOUT ROWID" not in sql
