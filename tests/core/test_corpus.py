"""build_corpus at scale: worker processes, progress, cancel, and the cache in front of the parser."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from timeline_gui.core import articles as articles_mod
from timeline_gui.core import cache as cache_mod
from timeline_gui.core import corpus as corpus_mod
from timeline_gui.core.cache import CACHE_FILE, ArticleCache
from timeline_gui.core.corpus import Cancelled, Corpus, build_corpus
from timeline_gui.core.model import Article, Problem

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
OLD = 1_600_000_000  # file mtimes far in the past: the cache trusts their stat

PARAS = [
    "BAKU, March 3. /TASS/. Azerbaijani Foreign Minister Elnur Mammadli met Armenian Foreign Minister "
    "Gohar Sargsyants in Geneva on Saturday.",
    "The ministers agreed to meet again next week, the spokeswoman said.",
    "Turkey and Iran signed an agreement on energy cooperation in September, according to the United Nations.",
    "Parliamentary elections in Georgia are scheduled for 18 October 2024.",
    "The platform was initiated in late 2020. Russia welcomed the idea earlier.",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Twelve small articles in two sub-folders, a bad file, and the two seeds."""
    root = tmp_path / "articles"
    for i in range(12):
        sub = root / f"part{i % 2}"
        sub.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(PARAS[(i + k) % len(PARAS)] for k in range(2 + i % 3))
        p = sub / f"a{i:02d}.txt"
        p.write_text(f" date 2024-{1 + i % 12:02d}-{10 + i:02d} {body}\n", encoding="utf-8")
    (root / "bad.txt").write_text("no header here\n", encoding="utf-8")
    for s in SEEDS.glob("*.txt"):
        shutil.copy(s, root / s.name)
    for p in root.rglob("*.txt"):
        os.utime(p, (OLD, OLD))
    return root


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _sql(cache_dir: Path, *statements: str) -> None:
    """Tamper with the cache database behind the program's back."""
    conn = sqlite3.connect(cache_dir / CACHE_FILE)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _shape(c: Corpus) -> tuple[object, ...]:
    return (c.articles, c.events, c.problems)


def test_parallel_equals_sequential(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seq = build_corpus([folder], use_cache=False, workers=1)
    assert len(seq.articles) == 14 and len(seq.problems) == 1 and seq.events
    monkeypatch.setattr(corpus_mod, "POOL_WORTH_SECONDS", 0.0)  # use the pool even for 15 files
    monkeypatch.setattr(corpus_mod, "_PROBE_FILES", 2)
    par = build_corpus([folder], use_cache=False, workers=2)
    assert corpus_mod.last_build_stats.parsed_in_workers > 0
    assert _shape(par) == _shape(seq)


def test_small_input_stays_in_process(folder: Path) -> None:
    build_corpus([folder], use_cache=False, workers=2)
    # Fifteen files parse faster than a worker process starts.
    assert corpus_mod.last_build_stats.parsed_in_workers == 0


@pytest.mark.parametrize("pool", [False, True])
def test_progress_reaches_total(folder: Path, monkeypatch: pytest.MonkeyPatch, pool: bool) -> None:
    if pool:
        monkeypatch.setattr(corpus_mod, "POOL_WORTH_SECONDS", 0.0)
        monkeypatch.setattr(corpus_mod, "_PROBE_FILES", 1)
    seen: list[tuple[int, int]] = []
    build_corpus([folder], progress=lambda d, t: seen.append((d, t)), use_cache=False, workers=2)
    assert seen[-1] == (15, 15)
    assert all(t == 15 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.parametrize("pool", [False, True])
def test_cancel(folder: Path, monkeypatch: pytest.MonkeyPatch, pool: bool, cache_dir: Path) -> None:
    if pool:
        monkeypatch.setattr(corpus_mod, "POOL_WORTH_SECONDS", 0.0)
        monkeypatch.setattr(corpus_mod, "_PROBE_FILES", 3)
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 4

    with pytest.raises(Cancelled):
        build_corpus([folder], cancelled=cancelled, workers=2, cache_dir=cache_dir)
    # What was finished before the cancel is kept: the next load starts from it.
    build_corpus([folder], cache_dir=cache_dir)
    assert corpus_mod.last_build_stats.cache_hits >= 1


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real_parse = corpus_mod.parse_file
    real_read = articles_mod.read_article

    def parse_file(path: str) -> list[object]:
        parsed.append(path)
        return [*real_parse(path)]

    def read_article(path: str) -> object:
        parsed.append(path)
        return real_read(path)

    monkeypatch.setattr(corpus_mod, "parse_file", parse_file)
    monkeypatch.setattr(corpus_mod, "read_article", read_article)
    return parsed


def test_warm_reopen_parses_nothing(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = build_corpus([folder], cache_dir=cache_dir)
    parsed = _count_parses(monkeypatch)
    warm = build_corpus([folder], cache_dir=cache_dir)
    assert _shape(warm) == _shape(cold)
    # Only the file that is not an article is read again (problems are not cached).
    assert [os.path.basename(p) for p in parsed] == ["bad.txt"]
    assert corpus_mod.last_build_stats.cache_hits == 14
    assert warm.notices == ()


def test_warm_reopen_examines_each_file_once(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_corpus([folder], cache_dir=cache_dir)
    listed: dict[str, os.stat_result] = {}
    files, _ = articles_mod.find_article_files([folder], listed)
    assert sorted(listed) == sorted(files)
    assert all(listed[f].st_size == os.path.getsize(f) for f in files)
    # The unchanged check uses the stat the listing made: no second stat per file.
    monkeypatch.setattr(cache_mod.FileStat, "of", classmethod(lambda cls, path: pytest.fail("stat again")))
    build_corpus([folder], cache_dir=cache_dir)
    assert corpus_mod.last_build_stats.cache_hits == 14


def test_each_file_is_read_once(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    real = articles_mod.parse_article

    def parse_article(data: bytes, path: str, name: str) -> object:
        reads.append(name)
        return real(data, path, name)

    monkeypatch.setattr(articles_mod, "parse_article", parse_article)
    for kwargs in ({"cache_dir": cache_dir}, {"use_cache": False}):
        reads.clear()
        c = build_corpus([folder], workers=1, **kwargs)  # type: ignore[arg-type]
        assert len(c.articles) == 14 and corpus_mod.last_build_stats.parsed_in_process == 15
        # bad.txt has no date header: it is read (once too) and reported as a problem.
        assert sorted(reads) == sorted([*(a.file for a in c.articles), "bad.txt"]), kwargs


def test_failed_extraction_is_a_problem_and_not_cached(
    folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline_gui.core import extract as extract_mod

    real = extract_mod.extract_article

    def extract_article(article: Article) -> object:
        if article.file == "a03.txt":
            raise RuntimeError("boom")
        return real(article)

    with monkeypatch.context() as m:
        m.setattr(extract_mod, "extract_article", extract_article)
        c = build_corpus([folder], cache_dir=cache_dir, workers=1)
    assert "a03.txt" in c.articles_by_file
    assert not any("a03.txt" in e.files for e in c.events)
    assert Problem("a03.txt", "could not be analysed (RuntimeError: boom)") in c.problems
    # Not cached: with the extractor fixed, the next load extracts it again.
    parsed = _count_parses(monkeypatch)
    again = build_corpus([folder], cache_dir=cache_dir, workers=1)
    assert "a03.txt" in {os.path.basename(p) for p in parsed}
    assert any("a03.txt" in e.files for e in again.events)
    assert not any("a03.txt" in p.file for p in again.problems)


def test_changed_file_is_reparsed(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_corpus([folder], cache_dir=cache_dir)
    target = folder / "part0" / "a00.txt"
    target.write_text(" date 2023-05-05 Kazakhstan and Uzbekistan held talks in Astana on Monday.\n", encoding="utf-8")
    os.utime(target, (OLD + 10, OLD + 10))
    parsed = _count_parses(monkeypatch)
    c = build_corpus([folder], cache_dir=cache_dir)
    assert {os.path.basename(p) for p in parsed} == {"a00.txt", "bad.txt"}
    art = c.articles_by_file["a00.txt"]
    assert art.published.isoformat() == "2023-05-05"
    assert _shape(c) == _shape(build_corpus([folder], use_cache=False))


def test_no_cache_leaves_the_cache_alone(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_GUI_CACHE_DIR", str(cache_dir))
    build_corpus([folder], use_cache=False)
    assert not (cache_dir / CACHE_FILE).exists()
    build_corpus([folder])
    assert (cache_dir / CACHE_FILE).exists()


def test_corrupt_cache_rebuilt_with_notice(folder: Path, cache_dir: Path) -> None:
    ref = build_corpus([folder], cache_dir=cache_dir)
    (cache_dir / f"{CACHE_FILE}-wal").unlink(missing_ok=True)
    (cache_dir / f"{CACHE_FILE}-shm").unlink(missing_ok=True)
    (cache_dir / CACHE_FILE).write_bytes(b"\x00garbage" * 1000)
    c = build_corpus([folder], cache_dir=cache_dir)
    assert _shape(c) == _shape(ref)
    assert c.notices and all(isinstance(n, Problem) for n in c.notices)
    assert "rebuilt" in c.notices[0].reason
    again = build_corpus([folder], cache_dir=cache_dir)
    assert again.notices == () and corpus_mod.last_build_stats.cache_hits == 14


def test_old_version_cache_rebuilt_with_notice(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = build_corpus([folder], cache_dir=cache_dir)
    _sql(cache_dir, "UPDATE meta SET value='older' WHERE key='extractor'", "UPDATE records SET version='older'")
    parsed = _count_parses(monkeypatch)
    c = build_corpus([folder], cache_dir=cache_dir)
    assert _shape(c) == _shape(ref)
    assert any("another version of the extractor" in n.reason for n in c.notices)
    assert len(parsed) >= 15  # everything parsed again


def test_locked_cache_still_loads_with_notice(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = build_corpus([folder], cache_dir=cache_dir)
    monkeypatch.setattr(cache_mod, "_BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(cache_dir / CACHE_FILE, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT OR REPLACE INTO meta VALUES ('holder', 'x')")
    try:
        c = build_corpus([folder], cache_dir=cache_dir)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _shape(c) == _shape(ref)
    assert any("locked" in n.reason for n in c.notices)


def test_unwritable_cache_dir_is_a_notice(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    c = build_corpus([folder], cache_dir=blocker / "sub")
    assert len(c.articles) == 14
    assert c.notices and "not caching" in c.notices[0].reason
    with ArticleCache.open(blocker / "sub") as cache:
        assert not cache.usable


# --- the merged corpus in the cache ----------------------------------------------------------------


def _no_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    def merge_events(events: object) -> object:
        raise AssertionError("merged again")

    monkeypatch.setattr(corpus_mod, "merge_events", merge_events)


def test_merged_corpus_hit_neither_decodes_nor_merges(
    folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = build_corpus([folder], cache_dir=cache_dir)
    assert not corpus_mod.last_build_stats.merged_from_cache
    _no_merge(monkeypatch)
    monkeypatch.setattr(ArticleCache, "lookup_unchanged", lambda *a: pytest.fail("records decoded"))
    warm = build_corpus([folder], cache_dir=cache_dir)
    assert corpus_mod.last_build_stats.merged_from_cache
    assert _shape(warm) == _shape(cold) and warm.notices == ()
    # The same files elsewhere (a copied folder): the same corpus, with the new paths.
    copy = folder.parent / "copy"
    shutil.copytree(folder, copy)
    for p in copy.rglob("*.txt"):
        os.utime(p, (OLD, OLD))
    moved = build_corpus([copy], cache_dir=cache_dir)
    assert corpus_mod.last_build_stats.merged_from_cache
    assert moved.events == cold.events
    assert [a.path for a in moved.articles] == [a.path.replace(str(folder), str(copy)) for a in cold.articles]


def _records(x: object) -> list[tuple[str, object]]:
    """Every record and value below ``x``, in order, with the type it has: what equality alone could miss."""
    if dataclasses.is_dataclass(x):
        out: list[tuple[str, object]] = [(type(x).__qualname__, None)]
        for f in dataclasses.fields(x):
            out += [(f"{f.name}.{k}", v) for k, v in _records(getattr(x, f.name))]
        return out
    if isinstance(x, tuple):
        return [("()", len(x))] + [kv for item in x for kv in _records(item)]
    return [(type(x).__qualname__, x)]


def test_warm_reopen_gives_exactly_the_cold_records(folder: Path, cache_dir: Path) -> None:
    cold = build_corpus([folder], cache_dir=cache_dir)
    warm = build_corpus([folder], cache_dir=cache_dir)
    assert corpus_mod.last_build_stats.merged_from_cache
    assert len(warm.events) == len(cold.events) > 20
    for c, w in zip((*cold.articles, *cold.events), (*warm.articles, *warm.events), strict=True):
        assert _records(w) == _records(c)
        assert w == c and hash(w) == hash(c)
    assert warm.problems == cold.problems


def test_merged_corpus_miss_after_a_changed_file(folder: Path, cache_dir: Path) -> None:
    build_corpus([folder], cache_dir=cache_dir)
    target = folder / "part1" / "a01.txt"
    target.write_text(" date 2023-05-05 Kazakhstan and Uzbekistan held talks in Astana on Monday.\n", encoding="utf-8")
    os.utime(target, (OLD + 10, OLD + 10))
    changed = build_corpus([folder], cache_dir=cache_dir)
    assert not corpus_mod.last_build_stats.merged_from_cache
    assert corpus_mod.last_build_stats.cache_hits == 13
    assert _shape(changed) == _shape(build_corpus([folder], use_cache=False))
    again = build_corpus([folder], cache_dir=cache_dir)  # and the new outcome is stored
    assert corpus_mod.last_build_stats.merged_from_cache
    assert _shape(again) == _shape(changed)
    # A file removed is a different set of articles, so a miss as well.
    target.unlink()
    fewer = build_corpus([folder], cache_dir=cache_dir)
    assert not corpus_mod.last_build_stats.merged_from_cache and len(fewer.articles) == 13


def test_stages_after_the_files_are_reported(folder: Path, cache_dir: Path) -> None:
    from timeline_gui.core.corpus import STAGE_MERGING, STAGE_READING, STAGE_SAVING

    def stages(**kw: object) -> list[str]:
        seen: list[str] = []
        build_corpus([folder], stage=seen.append, workers=1, **kw)  # type: ignore[arg-type]
        return seen

    assert stages(cache_dir=cache_dir) == [STAGE_MERGING, STAGE_SAVING]  # a first load
    assert stages(cache_dir=cache_dir) == [STAGE_READING]  # unchanged: the merged outcome is read back
    target = folder / "part1" / "a01.txt"
    target.write_text(" date 2023-05-05 Kazakhstan and Uzbekistan held talks in Astana on Monday.\n", encoding="utf-8")
    os.utime(target, (OLD + 10, OLD + 10))
    assert stages(cache_dir=cache_dir) == [STAGE_READING, STAGE_MERGING, STAGE_SAVING]
    assert stages(use_cache=False) == [STAGE_MERGING]


def test_damaged_merged_corpus_is_rebuilt_with_notice(
    folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = build_corpus([folder], cache_dir=cache_dir)
    (file,) = (cache_dir / cache_mod._BLOB_DIR).iterdir()  # the merged corpus, in a file of its own
    blob = file.read_bytes()
    damaged = blob[: len(blob) // 2] + bytes([blob[len(blob) // 2] ^ 0xFF]) + blob[len(blob) // 2 + 1 :]
    file.write_bytes(damaged)
    c = build_corpus([folder], cache_dir=cache_dir)
    assert _shape(c) == _shape(ref)
    assert not corpus_mod.last_build_stats.merged_from_cache
    assert len(c.notices) == 1 and "damaged" in c.notices[0].reason and "rebuilt" in c.notices[0].reason
    again = build_corpus([folder], cache_dir=cache_dir)
    assert again.notices == () and corpus_mod.last_build_stats.merged_from_cache
    assert _shape(again) == _shape(ref)


def test_merged_corpus_of_another_extractor_is_not_used(
    folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = build_corpus([folder], cache_dir=cache_dir)
    _sql(
        cache_dir,
        "UPDATE meta SET value='older' WHERE key='extractor'",
        "UPDATE records SET version='older'",
        "UPDATE corpora SET version='older'",
    )
    parsed = _count_parses(monkeypatch)
    c = build_corpus([folder], cache_dir=cache_dir)
    assert not corpus_mod.last_build_stats.merged_from_cache
    assert _shape(c) == _shape(ref) and len(parsed) >= 15
    assert any("another version of the extractor" in n.reason for n in c.notices)
    conn = sqlite3.connect(cache_dir / CACHE_FILE)
    assert conn.execute("SELECT version FROM corpora").fetchall() == [(cache_mod.EXTRACTOR_VERSION,)]
    conn.close()


def test_lost_record_behind_a_merged_miss_is_parsed_again(folder: Path, cache_dir: Path) -> None:
    ref = build_corpus([folder], cache_dir=cache_dir)
    _sql(cache_dir, "DELETE FROM corpora", "DELETE FROM records WHERE name = 'a03.txt'")
    seen: list[tuple[int, int]] = []
    c = build_corpus([folder], cache_dir=cache_dir, progress=lambda d, t: seen.append((d, t)))
    assert _shape(c) == _shape(ref)
    assert seen[-1] == (15, 15) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert corpus_mod.last_build_stats.cache_hits == 13


def test_pool_load_merges_as_files_come_in(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seq = build_corpus([folder], use_cache=False, workers=1)
    monkeypatch.setattr(corpus_mod, "POOL_WORTH_SECONDS", 0.0)
    monkeypatch.setattr(corpus_mod, "_PROBE_FILES", 1)
    monkeypatch.setattr(corpus_mod, "merge_events", None)  # the one-shot merge must not be needed
    par = build_corpus([folder], workers=2, cache_dir=cache_dir)
    assert corpus_mod.last_build_stats.parsed_in_workers > 0
    assert _shape(par) == _shape(seq)


def test_fill_cache_parses_what_the_cache_lacks_for_the_next_build(folder: Path, cache_dir: Path) -> None:
    assert corpus_mod.cache_lacks([folder], cache_dir=cache_dir)
    assert corpus_mod.fill_cache([folder], cache_dir=cache_dir)
    # bad.txt is not an article: it is never cached, so the folder always lacks it, and only it.
    assert corpus_mod.cache_lacks([folder], cache_dir=cache_dir) == 1
    assert not corpus_mod.cache_lacks([folder / "part0"], cache_dir=cache_dir)
    got = build_corpus([folder], cache_dir=cache_dir)
    assert corpus_mod.last_build_stats.merged_from_cache
    assert _shape(got) == _shape(build_corpus([folder], use_cache=False, workers=1))


def test_fill_cache_on_a_cached_folder_reads_nothing_back(
    folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = [folder / "part1"]
    assert corpus_mod.fill_cache(sub, cache_dir=cache_dir)

    def fail(*a: object, **k: object) -> None:
        raise AssertionError("the records were read back")

    monkeypatch.setattr(ArticleCache, "load_corpus", fail)
    monkeypatch.setattr(ArticleCache, "lookup_unchanged", fail)
    assert corpus_mod.fill_cache(sub, cache_dir=cache_dir)


def test_fill_cache_without_a_usable_cache_parses_nothing(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setattr(corpus_mod, "extract_read", lambda a: pytest.fail("parsed"))
    assert not corpus_mod.fill_cache([folder], cache_dir=blocker)
    assert not corpus_mod.cache_lacks([folder], cache_dir=blocker)


def test_an_unsaved_build_stores_its_merged_outcome_only_when_told(folder: Path, cache_dir: Path) -> None:
    stages: list[str] = []
    corpus, save = corpus_mod.build_corpus_unsaved([folder], cache_dir=cache_dir, stage=stages.append)
    assert corpus_mod.STAGE_SAVING not in stages
    # Neither the files parsed in this process nor the merged outcome are stored yet.
    assert corpus_mod.cache_lacks([folder], cache_dir=cache_dir) == len(corpus.articles) + 1  # and bad.txt
    save()
    assert stages[-1] == corpus_mod.STAGE_SAVING
    assert corpus_mod.cache_lacks([folder], cache_dir=cache_dir) == 1
    again = corpus_mod.build_corpus([folder], cache_dir=cache_dir)
    assert corpus_mod.last_build_stats.merged_from_cache
    assert _shape(again) == _shape(corpus)


def test_a_cancelled_load_stores_the_files_it_parsed_itself(folder: Path, cache_dir: Path) -> None:
    files = corpus_mod.cache_lacks([folder], cache_dir=cache_dir)
    done: list[int] = []
    with pytest.raises(corpus_mod.Cancelled):
        build_corpus([folder], cache_dir=cache_dir, workers=1, progress=lambda d, t: done.append(d),
                     cancelled=lambda: len(done) >= 5)
    # Of the first five files, bad.txt (first) is no article; the four articles are stored.
    assert corpus_mod.cache_lacks([folder], cache_dir=cache_dir) == files - 4
