"""The app never opens a network connection: loading, extracting and exporting run with sockets blocked."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def blocked(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise OSError(f"network access attempted: {name}")

        return blocked

    for name in ("connect", "connect_ex", "bind", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_load_extract_and_export_without_network(
    no_network: list[str], seeds: Path, tmp_path: Path, qapp: object
) -> None:
    from timeline_gui.core.corpus import build_corpus
    from timeline_gui.core.exchange import corpus_to_csv, corpus_to_json, corpus_to_timelinejs
    from timeline_gui.qt.export import ExportSettings, export_file

    corpus = build_corpus([seeds])
    assert corpus.events
    corpus_to_json(corpus)
    corpus_to_csv(corpus)
    corpus_to_timelinejs(corpus)
    settings = ExportSettings(width=800, height=500, date_from=None, date_to=None, lanes="country", title="t")
    export_file(corpus, tmp_path / "t.png", settings)
    export_file(corpus, tmp_path / "t.svg", settings)
    assert (tmp_path / "t.png").stat().st_size > 0 and (tmp_path / "t.svg").stat().st_size > 0
    assert no_network == []


def test_the_guard_itself_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(OSError), socket.socket() as s:
        s.connect(("127.0.0.1", 9))
    assert no_network == ["socket.connect"]
