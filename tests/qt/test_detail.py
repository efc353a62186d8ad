"""The detail pane: date in words, facts, participant links, quotes with highlights, the article
view, disputed dates, and escaping of article text everywhere."""

from __future__ import annotations

from timeline_gui.qt.detail import DetailPane
from timeline_gui.qt.qt import QtCore, QtWidgets


def pane(qtbot, state) -> DetailPane:
    d = DetailPane(state)
    qtbot.addWidget(d)
    d.resize(600, 700)
    d.show()
    return d


def test_shows_title_date_in_words_facts_and_sources(qtbot, state) -> None:
    d = pane(qtbot, state)
    assert "No event selected" in d.text()
    state.select("init")
    t = d.text()
    assert "3+3 platform initiated" in t
    assert "late 2020 · Sep–Dec 2020" in t
    assert "Status happened" in t and "Type initiative" in t
    assert "The platform was initiated by Ilham Aliyev" in t
    assert "istanbul.txt" in t and "published 2024-10-18" in t and "ISTANBUL, October 18. /TASS/." in t


def test_date_trigger_and_mentions_are_highlighted(qtbot, state) -> None:
    d = pane(qtbot, state)
    state.select("meet")
    html = d.browser.toHtml()
    # QTextDocument keeps the background colours of the highlighted runs
    assert html.count("background-color:#f0e442") >= 1  # the date expression ("on Friday")
    assert "background-color:#e69f00" in html  # the trigger ("met")
    assert html.count("background-color:#56b4e9") >= 2  # the two participant mentions (and the legend)
    assert "on Friday · 18 October 2024" in d.text()


def test_participant_links_filter_every_view(qtbot, state) -> None:
    d = pane(qtbot, state)
    state.select("antalya")
    assert "Ararat Mirzoyan" in d.text()
    d.browser.anchorClicked.emit(QtCore.QUrl("participant:Armenia"))
    assert state.filter.participant == "Armenia"
    assert [e.id for e in state.visible_events()] == ["antalya"]


def test_disputed_dates_show_each_source(qtbot, state) -> None:
    d = pane(qtbot, state)
    state.select("antalya")
    t = d.text()
    assert "Disputed date" in t
    assert "moscow.txt: March 10 · 10 March 2022" in t
    assert "moscow.txt: March 12 · 12 March 2022" in t


def test_show_in_article_opens_the_text_scrolled_to_the_highlighted_quote(qtbot, state) -> None:
    d = pane(qtbot, state)
    state.select("door")  # its quote is at the end of a long article
    with qtbot.waitSignal(d.articleOpened) as sig:
        d.browser.anchorClicked.emit(QtCore.QUrl("quote:0"))
    dlg = sig.args[0]
    qtbot.addWidget(dlg)
    qtbot.waitExposed(dlg)
    qtbot.waitUntil(lambda: dlg.browser.verticalScrollBar().value() > 0)
    assert "Background paragraph 59" in dlg.browser.toPlainText()
    cursor = dlg.browser.cursorForPosition(QtCore.QPoint(10, 10))
    assert cursor.position() > 100  # the top of the view is far into the article
    html = dlg.browser.toHtml()
    assert "background-color:#fbf3b0" in html  # the quote
    # inside it, the event's trigger is marked as in the detail pane
    e = state.selected_event()
    assert e.trigger is not None and "background-color:#e69f00" in html
    # the file's date header is a heading line (file, publication date), not body text
    first = dlg.browser.toPlainText().splitlines()[0]
    assert first.startswith(state.corpus.article_for(e.quotes[0].file).file) and "published" in first
    assert not dlg.browser.toPlainText().splitlines()[1].strip().startswith("date ")
    dlg.close()


def test_article_text_is_escaped_everywhere(qtbot, window) -> None:
    """An article with <img>, <a> and <b> shows those characters; nothing is rendered as markup."""
    state = window.state
    state.select("evil")
    t = window.detail.text()
    assert "<img src=x>" in t and "<a href='http://evil.example'>link</a>" in t and "<b>bold</b>" in t
    assert "<b>bold</b> & <img src=x> meeting" in t
    doc_html = window.detail.browser.toHtml()
    assert "<img" not in doc_html and "evil.example'>" not in doc_html
    # the article view
    dlg = window.detail.show_quote(0)
    assert dlg is not None
    assert "<img src=x>" in dlg.browser.toPlainText() and "<img" not in dlg.browser.toHtml()
    dlg.close()
    # the table shows the title as plain text; its tooltip is escaped rich text
    model = window.table.source_model
    row = model.row_of("evil")
    idx = model.index(row, 1)
    assert model.data(idx) == "<b>bold</b> & <img src=x> meeting"
    assert "&lt;img src=x&gt;" in model.data(idx, QtCore.Qt.ItemDataRole.ToolTipRole)
    # the map label of a participant named with markup is plain text
    label = window.map.labels["<b>Evil</b> Org"]
    assert label.textItem.toPlainText().strip() == "<b>Evil</b> Org"  # (spaced from its dot)
    assert not label.textItem.document().toHtml().count("font-weight:700")
    # the timeline tooltip
    tip = window.timeline.tooltip_at(window.timeline.scene_pos_of("evil"))
    assert "&lt;img src=x&gt;" in tip
    assert isinstance(window.detail.browser, QtWidgets.QTextBrowser) and not window.detail.browser.openExternalLinks()
