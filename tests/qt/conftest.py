"""Shared fixtures for the window's tests: a rich synthetic corpus, the seeds, a shown window.

Settings always go to a temporary file (``TIMELINE_GUI_SETTINGS``) and QSettings' default paths
point into ``tmp_path``, so no test reads or writes a user's real settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

import pytest

import timeline_gui.qt.qt  # noqa: F401  (installs the binding workarounds before any Qt call)
from timeline_gui.core.corpus import Corpus
from timeline_gui.core.model import Article, Block, DatedSource, Event, Interval, Participant, Problem, Span
from timeline_gui.qt.qt import QtCore, QtWidgets


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, monkeypatch) -> Iterator[None]:
    monkeypatch.setenv("TIMELINE_GUI_SETTINGS", str(tmp_path / "settings.ini"))
    for fmt in (QtCore.QSettings.Format.NativeFormat, QtCore.QSettings.Format.IniFormat):
        QtCore.QSettings.setPath(fmt, QtCore.QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield


def make_article(file: str, published: dt.date, body: str, dateline: str | None = None) -> Article:
    """An article record the way the loader makes one: header, body, blocks, dateline offsets."""
    header = f" date {published.isoformat()} "
    text = header + body
    start = len(header)
    blocks = []
    pos = start
    for para in body.split("\n\n"):
        i = text.index(para, pos)
        blocks.append(Block(i, i + len(para), "paragraph"))
        pos = i + len(para)
    dl = None
    if dateline:
        i = text.index(dateline)
        dl = (i, i + len(dateline))
    aid = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Article(file, f"/virtual/{file}", aid, published, text, start, tuple(blocks),
                   place="ISTANBUL" if dateline else None, agency="TASS" if dateline else None, dateline=dl)


def span(article: Article, needle: str, after: int = 0) -> Span:
    i = article.text.index(needle, after)
    return Span(article.file, i, i + len(needle), needle, article.id)


FILLER = "\n\n".join(f"Background paragraph {k} about regional diplomacy and trade corridors." for k in range(60))


def build_rich_corpus() -> Corpus:
    """Two real-looking articles plus one hostile one; events of every drawing kind."""
    a1 = make_article(
        "istanbul.txt", dt.date(2024, 10, 18),
        "ISTANBUL, October 18. /TASS/. Russian Foreign Minister Sergey Lavrov met Turkish Foreign Minister "
        "Hakan Fidan in Istanbul on Friday.\n\n"
        "The platform was initiated by Ilham Aliyev and Recep Tayyip Erdogan in late 2020.\n\n"
        "Georgia refused to participate in the meeting.\n\n"
        "A further round is scheduled for next year in Baku.\n\n" + FILLER + "\n\n"
        "Lavrov said the door remained open for Georgia.",
        dateline="ISTANBUL, October 18. /TASS/.",
    )
    a2 = make_article(
        "moscow.txt", dt.date(2022, 3, 16),
        "Cavusoglu and Armenian Foreign Minister Ararat Mirzoyan met in Antalya on Saturday.\n\n"
        "The talks were held on March 10, other reports said March 12.\n\n"
        "NATO issued a statement on the region.",
    )
    a3 = make_article(
        "hostile.txt", dt.date(2023, 5, 1),
        "A <img src=x> tag, a <a href='http://evil.example'>link</a> and <b>bold</b> text met in Baku.",
    )
    P = Participant
    q_meet = span(a1, "Russian Foreign Minister Sergey Lavrov met Turkish Foreign Minister Hakan Fidan in Istanbul "
                      "on Friday.")
    ev = [
        Event("meet", "Lavrov meets Fidan in Istanbul", "meeting", "happened",
              Interval(dt.date(2024, 10, 18), dt.date(2024, 10, 18), "day"), "on Friday", "Istanbul",
              (P("Turkey", "country", "host"), P("Russia", "country", "attendee"),
               P("Sergey Lavrov", "person", "attendee", "Russia"), P("Hakan Fidan", "person", "host", "Turkey"),
               P("Georgia", "country", "absent")),
              span(a1, "met"), (q_meet,), mentions=(span(a1, "Sergey Lavrov"), span(a1, "Hakan Fidan")),
              date_span=span(a1, "on Friday")),
        Event("init", "3+3 platform initiated", "initiative", "happened",
              Interval(dt.date(2020, 9, 1), dt.date(2020, 12, 31), "season"), "late 2020", None,
              (P("Azerbaijan", "country", "initiator"), P("Turkey", "country", "initiator"),
               P("Ilham Aliyev", "person", "initiator", "Azerbaijan")),
              span(a1, "initiated"), (span(a1, "The platform was initiated by Ilham Aliyev and Recep Tayyip "
                                           "Erdogan in late 2020."),),
              date_span=span(a1, "late 2020")),
        Event("refuse", "Georgia refuses to participate", "statement", "happened",
              Interval(dt.date(2023, 10, 18), dt.date(2024, 10, 18), "unknown"), "", None,
              (P("Georgia", "country", "speaker"),), span(a1, "refused"),
              (span(a1, "Georgia refused to participate in the meeting."),)),
        Event("next", "Next round in Baku", "meeting", "scheduled",
              Interval(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "year"), "next year", "Baku",
              (P("Azerbaijan", "country", "host"),), span(a1, "scheduled"),
              (span(a1, "A further round is scheduled for next year in Baku."),)),
        Event("door", "Lavrov: door open for Georgia", "statement", "happened",
              Interval(dt.date(2024, 10, 18), dt.date(2024, 10, 18), "day"), "", None,
              (P("Sergey Lavrov", "person", "speaker", "Russia"), P("Georgia", "country", "mentioned")),
              span(a1, "said"), (span(a1, "Lavrov said the door remained open for Georgia."),),
              speaker="Sergey Lavrov"),
        Event("antalya", "Cavusoglu and Mirzoyan meet in Antalya", "meeting", "happened",
              Interval(dt.date(2022, 3, 12), dt.date(2022, 3, 12), "day"), "on Saturday", "Antalya",
              (P("Turkey", "country", "host"), P("Armenia", "country", "attendee"),
               P("Ararat Mirzoyan", "person", "attendee", "Armenia")),
              span(a2, "met"), (span(a2, "Cavusoglu and Armenian Foreign Minister Ararat Mirzoyan met in Antalya on "
                                     "Saturday."), span(a2, "The talks were held on March 10, other reports said "
                                                           "March 12.")),
              date_span=span(a2, "on Saturday"), disputed=True,
              sources=(DatedSource("moscow.txt", Interval(dt.date(2022, 3, 10), dt.date(2022, 3, 10), "day"),
                                   "March 10"),
                       DatedSource("moscow.txt", Interval(dt.date(2022, 3, 12), dt.date(2022, 3, 12), "day"),
                                   "March 12"))),
        Event("nato", "NATO statement", "statement", "happened",
              Interval(dt.date(2022, 3, 15), dt.date(2022, 3, 15), "day"), "", None,
              (P("NATO", "organization", "speaker"),), span(a2, "issued"),
              (span(a2, "NATO issued a statement on the region."),)),
        Event("evil", "<b>bold</b> & <img src=x> meeting", "meeting", "happened",
              Interval(dt.date(2023, 5, 1), dt.date(2023, 5, 1), "day"), "", "Baku",
              (P("<b>Evil</b> Org", "organization", "attendee"), P("Azerbaijan", "country", "host")),
              span(a3, "met"), (span(a3, "A <img src=x> tag, a <a href='http://evil.example'>link</a> and <b>bold</b> "
                                     "text met in Baku."),)),
    ]
    problems = (Problem("broken.txt", "the file is empty"),)
    return Corpus((a1, a2, a3), tuple(ev), problems)


@pytest.fixture
def rich_corpus() -> Corpus:
    return build_rich_corpus()


@pytest.fixture
def state(rich_corpus):
    from timeline_gui.qt.state import AppState

    return AppState(rich_corpus)


@pytest.fixture
def window(qtbot, state):
    """The main window on the rich corpus, shown at a realistic size."""
    from timeline_gui.qt.window import MainWindow

    QtWidgets.QApplication.setStyle("Fusion")
    w = MainWindow(state)
    qtbot.addWidget(w)
    w.resize(1500, 950)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.loader.cancel()
    w.loader.wait()


def paint(widget: QtWidgets.QWidget) -> None:
    """Force a synchronous paint of ``widget`` (and so of the timeline's marks)."""
    QtWidgets.QApplication.processEvents()
    widget.grab()
