"""Safe writes: temporary file beside the target then rename; clear errors; nothing partial left."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from timeline_gui.core import safewrite as SW


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_and_replaces(tmp_path: Path) -> None:
    out = tmp_path / "a.txt"
    SW.write_text(out, "héllo")
    assert out.read_bytes() == "héllo".encode()
    SW.write_bytes(out, b"second")
    assert out.read_bytes() == b"second"
    assert _listing(tmp_path) == ["a.txt"]


def test_new_files_follow_the_umask_and_replacements_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "new.png"
        SW.write_bytes(out, b"x")
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.chmod(0o600)
        SW.write_bytes(out, b"y")
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SW.SafeWriteError, match="does not exist"):
        SW.write_bytes(tmp_path / "no" / "a.txt", b"x")
    with pytest.raises(SW.SafeWriteError, match="does not exist"):
        SW.check_writable(tmp_path / "no" / "a.txt")


def test_target_is_a_folder_or_parent_a_file(tmp_path: Path) -> None:
    with pytest.raises(SW.SafeWriteError, match="is a folder"):
        SW.write_bytes(tmp_path, b"x")
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(SW.SafeWriteError, match="not a folder"):
        SW.write_bytes(f / "a.txt", b"x")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(SW.SafeWriteError, match="read-only"):
            SW.write_bytes(ro / "a.txt", b"x")
        with pytest.raises(SW.SafeWriteError, match="read-only"):
            SW.check_writable(ro / "a.txt")
        assert _listing(ro) == []
    finally:
        ro.chmod(0o755)


def test_read_only_place_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Also as root: the file system refuses to create the temporary file.
    def refuse(*_a: object, **_k: object) -> int:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(SW.SafeWriteError, match="read-only"):
        SW.write_bytes(tmp_path / "a.txt", b"x")
    monkeypatch.undo()
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_full_disk_leaves_nothing_partial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    out = tmp_path / "a.bin"
    out.write_bytes(b"old contents")
    real = {"write": os.write, "fsync": os.fsync, "replace": os.replace}

    def fail(*args: object) -> object:
        if where == "write":
            real["write"](args[0], bytes(args[1])[:3])  # type: ignore[arg-type,operator]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, where, fail)
    with pytest.raises(SW.SafeWriteError, match="disk is full") as info:
        SW.write_bytes(out, b"new contents " * 1000)
    monkeypatch.undo()
    assert str(out) in str(info.value)
    assert out.read_bytes() == b"old contents"
    assert _listing(tmp_path) == ["a.bin"]


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data)[:7]))
    SW.write_bytes(tmp_path / "a.bin", bytes(range(256)) * 10)
    monkeypatch.undo()
    assert (tmp_path / "a.bin").read_bytes() == bytes(range(256)) * 10


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_dev_full_semantics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Writes go to /dev/full, which answers every write with ENOSPC, like a full disk.
    real_open = os.open

    def to_dev_full(path: object, flags: int, mode: int = 0o777) -> int:
        os.close(real_open(path, flags, mode))  # type: ignore[arg-type]  (the temporary file exists, as usual)
        return real_open("/dev/full", os.O_WRONLY)

    monkeypatch.setattr(os, "open", to_dev_full)
    with pytest.raises(SW.SafeWriteError, match="disk is full"):
        SW.write_bytes(tmp_path / "a.bin", b"x" * 10000)
    monkeypatch.undo()
    assert _listing(tmp_path) == []


def test_other_errors_still_name_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def io_error(*_a: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", io_error)
    with pytest.raises(SW.SafeWriteError, match="Input/output error"):
        SW.write_bytes(tmp_path / "a.bin", b"x")
    monkeypatch.undo()
    assert _listing(tmp_path) == []
