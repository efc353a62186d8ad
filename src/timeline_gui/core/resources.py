"""Where the bundled data lives, in a source checkout and in an installed wheel alike.

A wheel carries ``resources/`` and ``seeds/`` inside the package; a source checkout (and an
editable install) keeps them at the top of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def data_path(kind: str) -> Path:
    """The folder ``kind`` ("resources" or "seeds")."""
    inside = _PACKAGE / kind
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / kind
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"bundled folder {kind!r} is missing from the installation")


def resource(*parts: str) -> Path:
    """A file under ``resources/``."""
    return data_path("resources").joinpath(*parts)
