"""Writing output files so that a failure never leaves a partial file behind.

Data goes to a temporary file beside the target and is renamed over it only once complete; the
rename is atomic on one file system, so readers see the old file or the new one, never half.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


class SafeWriteError(Exception):
    """A write that failed, with a message fit for the user."""


def _reason(exc: OSError, target: Path) -> str:
    if exc.errno == errno.ENOENT:
        return f"cannot write {target}: the folder {target.parent} does not exist"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {target}: permission denied (the place is read-only)"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write {target}: the disk is full"
    return f"cannot write {target}: {exc.strerror or exc}"


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, or raise :class:`SafeWriteError` leaving nothing behind."""
    target = Path(path)
    if target.is_dir():
        raise SafeWriteError(f"cannot write {target}: it is a folder")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or ".")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise SafeWriteError(_reason(exc, target)) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 text atomically."""
    write_bytes(path, text.encode("utf-8"))
