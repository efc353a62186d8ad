"""Shared fixtures: paths to the bundled samples and a helper to write article files."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real cache or settings from a test."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    """Write an article file: ``write_article("a.txt", "body", date="2024-10-18")``."""

    def write(name: str, body: str = "", *, date: str | None = "2024-10-18", raw: bytes | None = None) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if raw is not None:
            p.write_bytes(raw)
        else:
            header = f" date {date} " if date is not None else ""
            p.write_text(header + body, encoding="utf-8")
        return p

    return write


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every network call fail and record it; local IPC (Unix sockets, as the process pool's
    fork server uses) stays allowed because it never leaves the machine."""
    attempts: list[str] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guarded(real: Callable[..., object], name: str) -> Callable[..., object]:
        def call(self: socket.socket, *args: object, **kwargs: object) -> object:
            if self.family == socket.AF_UNIX:
                return real(self, *args, **kwargs)
            attempts.append(name)
            raise OSError(f"network access attempted: {name}")

        return call

    def refuse(name: str) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            attempts.append(name)
            raise OSError(f"network access attempted: {name}")

        return call

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect, "socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex, "socket.connect_ex"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts
