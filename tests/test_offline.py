"""The app never opens a network connection: loading, extracting and exporting run with the network blocked."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest


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
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))
    assert no_network == ["socket.connect", "create_connection"]


def test_the_process_pool_loads_with_the_network_blocked(
    no_network: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline_gui.core.corpus as corpus_mod
    from timeline_gui.core.corpus import build_corpus

    monkeypatch.setattr(corpus_mod, "POOL_WORTH_SECONDS", 0.0)  # use the pool even for a few files
    monkeypatch.setattr(corpus_mod, "_PROBE_FILES", 1)

    for i in range(12):
        (tmp_path / f"a{i}.txt").write_text(
            f" date 2024-03-{i + 1:02d} BAKU, March {i + 1}. /TASS/. The ministers met on Monday in Baku.",
            encoding="utf-8",
        )
    corpus = build_corpus([tmp_path], use_cache=False, workers=2)
    assert len(corpus.articles) == 12 and no_network == []
    assert corpus_mod.last_build_stats.parsed_in_workers > 0
