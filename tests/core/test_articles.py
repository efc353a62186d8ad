"""The article loader: headers, blocks, datelines, ids, and every kind of bad input."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from timeline_gui.core.articles import (
    MAX_FILE_BYTES,
    content_id,
    find_article_files,
    load_articles,
    parse_article,
    read_article,
    seeds_dir,
)
from timeline_gui.core.model import Article, Problem

BODY = (
    "BAKU, March 3. /TASS/. The ministers met in the capital on Monday.\n\n"
    "A short heading\n\n"
    "They agreed to meet again next month, the spokesman said."
)


def load_one(path: Path) -> Article:
    r = read_article(path)
    assert isinstance(r, Article), r
    return r


def problem_of(path: Path) -> Problem:
    r = read_article(path)
    assert isinstance(r, Problem), r
    assert r.file == path.name
    return r


def test_seeds_are_bundled_and_load() -> None:
    arts, probs = load_articles([seeds_dir()])
    assert probs == []
    assert [a.published.isoformat() for a in arts] == ["2024-10-18", "2022-03-16"]
    assert arts[0].place == "Istanbul" and arts[0].agency == "TASS"


def test_header_paragraphs_headings_and_offsets(write_article) -> None:
    a = load_one(write_article("a.txt", BODY))
    assert a.published.isoformat() == "2024-10-18"
    assert a.text.startswith(" date 2024-10-18 ")
    kinds = [b.kind for b in a.blocks]
    assert kinds == ["paragraph", "heading", "paragraph"]
    assert a.text[a.blocks[1].start : a.blocks[1].end] == "A short heading"
    assert a.text[a.blocks[0].start :].startswith("BAKU, March 3.")
    assert (a.place, a.agency) == ("Baku", "TASS")
    assert a.dateline is not None and a.text[a.dateline[0] : a.dateline[1]].startswith("BAKU, March 3.")


@pytest.mark.parametrize(
    "raw",
    [
        b"date 2024-10-18\nBody text here.",
        b"Date: 2024-10-18\nBody text here.",
        b"\xef\xbb\xbf date 2024-10-18 Body text here.",
        b" date 2024-10-18\r\n\r\nBody text here.\r\n\r\nSecond paragraph.\r\n",
    ],
    ids=["no-leading-space", "Date-prefix", "bom", "crlf"],
)
def test_tolerated_header_forms(write_article, raw: bytes) -> None:
    a = load_one(write_article("t.txt", raw=raw))
    assert a.published.isoformat() == "2024-10-18"
    first = a.blocks[0]
    assert a.text[first.start : first.end].startswith("Body text here.")


def test_crlf_blocks_split_on_blank_lines(write_article) -> None:
    a = load_one(write_article("c.txt", raw=b" date 2024-10-18 One.\r\n\r\nTwo sentences here.\r\n"))
    assert [a.text[b.start : b.end] for b in a.blocks] == ["One.", "Two sentences here."]


def test_utf16_with_bom_loads(write_article) -> None:
    a = load_one(write_article("u16.txt", raw=" date 2024-10-18 Привет, Tbilisi.".encode("utf-16")))
    assert "Tbilisi" in a.text


def test_id_is_a_content_hash(write_article) -> None:
    p1 = write_article("x/one.txt", BODY)
    p2 = write_article("y/two.txt", BODY)
    p3 = write_article("z/three.txt", BODY + " More.")
    assert load_one(p1).id == load_one(p2).id == content_id(p1.read_bytes())
    assert load_one(p3).id != load_one(p1).id


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_extreme_years_load(write_article, year: str) -> None:
    a = load_one(write_article("y.txt", "Text.", date=f"{year}-01-01"))
    assert a.published.year == int(year)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b" date 2024-10-18 ", "no article text"),
        (b"The ministers met.", "no date header"),
        (b" date 2024-13-45 Text.", "impossible date"),
        (b" date 2024-02-30 Text.", "impossible date"),
        (b" date yesterday Text.", "unreadable date"),
        (b" date 2024-10-18 caf\xe9 cr\xe8me", "not UTF-8"),
        (" date 2024-10-18 Привет".encode("cp1251"), "not UTF-8"),
        (b" date 2024-10-18 \x00\x01\x02binary", "NUL"),
        (b" date 2024-10-18 " + bytes(range(1, 9)) * 4, "control characters"),
    ],
    ids=["empty", "blank", "header-only", "no-header", "month-13", "feb-30", "word-date", "latin1", "cp1251",
         "nul", "binary"],
)
def test_bad_files_become_named_problems(write_article, raw: bytes, words: str) -> None:
    p = write_article("bad.txt", raw=raw)
    assert words in problem_of(p).reason


def test_too_large_file(write_article) -> None:
    p = write_article("big.txt", raw=b" date 2024-10-18 " + b"a" * (MAX_FILE_BYTES + 1))
    assert "too large" in problem_of(p).reason


def test_long_line_without_spaces_loads(write_article) -> None:
    a = load_one(write_article("long.txt", "x" * 1_000_000))
    assert len(a.blocks) == 1


def test_fifo_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result: list[object] = []
    t = threading.Thread(target=lambda: result.append(load_articles([tmp_path])), daemon=True)
    t.start()
    t.join(5)
    assert not t.is_alive(), "loading a folder with a FIFO hung"
    arts, probs = result[0]  # type: ignore[misc]
    assert arts == []
    assert [(p.file, "named pipe" in p.reason) for p in probs] == [("pipe.txt", True)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(write_article) -> None:
    p = write_article("secret.txt", "Text.")
    p.chmod(0)
    try:
        assert "permission denied" in problem_of(p).reason
    finally:
        p.chmod(0o644)


def test_unreadable_file_via_failing_open(write_article, monkeypatch: pytest.MonkeyPatch) -> None:
    p = write_article("secret.txt", "Text.")
    real_open = os.open

    def deny(path, *a, **k):  # type: ignore[no-untyped-def]
        if os.fspath(path) == str(p):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **k)

    monkeypatch.setattr(os, "open", deny)
    assert "permission denied" in problem_of(p).reason


def test_folder_walk_recursive_txt_only_and_sorted(write_article, tmp_path: Path) -> None:
    write_article("b/2.txt", "Two.")
    write_article("a/1.txt", "One.")
    write_article("a/notes.md", "not an article")
    (tmp_path / "dir.txt").mkdir()  # a folder named like an article is walked, not read
    write_article("dir.txt/inner.txt", "Inner.")
    files, probs = find_article_files([tmp_path])
    assert probs == []
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files] == ["a/1.txt", "b/2.txt", "dir.txt/inner.txt"]


def test_symlink_loop_terminates(write_article, tmp_path: Path) -> None:
    write_article("d/a.txt", "Text.")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    os.symlink(tmp_path, tmp_path / "d" / "up")
    arts, probs = load_articles([tmp_path])
    assert len(arts) == 1 and probs == []


def test_missing_path_is_a_problem_and_others_load(write_article, tmp_path: Path) -> None:
    good = write_article("good.txt", "Text.")
    arts, probs = load_articles([tmp_path / "nope", good, write_article("bad.txt", raw=b"")])
    assert [a.file for a in arts] == ["good.txt"]
    assert {p.reason for p in probs} == {"does not exist", "is empty"}


def test_many_non_article_files_are_ignored(tmp_path: Path, write_article) -> None:
    junk = tmp_path / "junk"
    junk.mkdir()
    for i in range(10_000):
        (junk / f"f{i}.dat").write_bytes(b"x")
    write_article("real.txt", "Text.")
    arts, probs = load_articles([tmp_path])
    assert [a.file for a in arts] == ["real.txt"] and probs == []


def test_folder_deleted_while_loading(tmp_path: Path, write_article, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import timeline_gui.core.articles as mod

    write_article("keep/a.txt", "Text.")
    write_article("gone/b.txt", "Text.")
    files, _ = find_article_files([tmp_path])
    shutil.rmtree(tmp_path / "gone")
    out = [mod.read_article(f) for f in files]
    assert isinstance(out[0], Problem) and out[0].reason == "no longer exists"
    assert isinstance(out[1], Article)


def test_non_latin_file_names(write_article) -> None:
    a = load_one(write_article("Статья о Баку 2024.txt", "Text."))
    assert a.file == "Статья о Баку 2024.txt"


def test_parse_article_never_raises_on_odd_bytes() -> None:
    for raw in (b"\xff", b"\xfe\xff\x00", b" date 2024-10-18 \xed\xa0\x80", b"date", b"date:"):
        r = parse_article(raw, "x.txt")
        assert isinstance(r, Problem | Article)
