"""Writing output files so that a failure never leaves a partial file behind.

Data goes to a temporary file beside the target and is renamed over it only once complete and
flushed to disk; the rename is atomic on one file system, so readers see the old file or the new
one, never half of one. Every failure becomes a :class:`SafeWriteError` whose message names the
file and the reason in plain words (missing folder, read-only place, full disk, ...).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path


class SafeWriteError(Exception):
    """A write that failed, with a message fit for the user."""


def _reason(exc: OSError, target: Path) -> str:
    code = exc.errno
    if code == errno.ENOENT:
        return f"cannot write {target}: the folder {target.parent} does not exist"
    if code == errno.ENOTDIR:
        return f"cannot write {target}: {target.parent} is not a folder"
    if code == errno.EISDIR:
        return f"cannot write {target}: it is a folder"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {target}: permission denied (the place is read-only)"
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"cannot write {target}: the disk is full"
    if code == errno.ENAMETOOLONG:
        return f"cannot write {target}: the file name is too long"
    return f"cannot write {target}: {exc.strerror or exc}"


def check_writable(path: str | os.PathLike[str]) -> None:
    """Fail early, before expensive work, if ``path`` obviously cannot be written.

    This is advice only (the folder can change afterwards); :func:`write_bytes` still handles
    every failure itself.
    """
    target = Path(path)
    parent = target.parent
    if target.is_dir():
        raise SafeWriteError(f"cannot write {target}: it is a folder")
    if not parent.exists():
        raise SafeWriteError(f"cannot write {target}: the folder {parent} does not exist")
    if not parent.is_dir():
        raise SafeWriteError(f"cannot write {target}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise SafeWriteError(f"cannot write {target}: permission denied (the place is read-only)")


def _write_all(fd: int, data: bytes) -> None:
    # os.write may write less than asked (signals, pipes, nearly full disks); loop until done.
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        if n <= 0:
            raise OSError(errno.EIO, "the system accepted no data")
        view = view[n:]


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; best effort because some file systems refuse it.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, or raise :class:`SafeWriteError` leaving nothing behind."""
    target = Path(path)
    if target.is_dir():
        raise SafeWriteError(f"cannot write {target}: it is a folder")
    folder = target.parent
    # A hidden name beside the target: same file system (so the rename is atomic) and out of
    # sight in file browsers should the process be killed before the clean-up runs.
    tmp = folder / f".{target.name}.{secrets.token_hex(6)}.part"
    created = False
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            mode = None
        # os.open with 0o666 lets the umask decide the permissions, as for any new file;
        # mkstemp would make every export readable by its owner only.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        created = True
        try:
            _write_all(fd, data)
            os.fsync(fd)
            if mode is not None:
                # Replacing a file keeps its permissions.
                os.fchmod(fd, mode)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        created = False
    except OSError as exc:
        raise SafeWriteError(_reason(exc, target)) from None
    finally:
        if created:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _fsync_folder(folder)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 text atomically."""
    write_bytes(path, text.encode("utf-8"))
