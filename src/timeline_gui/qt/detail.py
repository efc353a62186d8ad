"""The detail pane: everything known about the selected event, with the quotes that prove it.

All text that comes from articles goes through :func:`html.escape` before it reaches a rich-text
widget: an article containing ``<img src=x>`` shows those characters, it never loads an image.
Links are internal (``participant:NAME``, ``quote:N``) and handled here; nothing is opened outside.
"""

from __future__ import annotations

import html
from urllib.parse import quote, unquote

from timeline_gui.core.layout import date_in_words
from timeline_gui.core.model import Article, Event, Span
from timeline_gui.qt.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from timeline_gui.qt.state import AppState

#: Highlight colours for the parts of a quote (readable on light and dark backgrounds, with text
#: drawn in black on them; told apart by underline/weight too, not by colour alone).
HIGHLIGHT = {
    "date": ("#F0E442", "font-weight:600"),
    "trigger": ("#E69F00", "font-weight:600; text-decoration: underline"),
    "mention": ("#56B4E9", ""),
    "quote": ("#FBF3B0", ""),  # paler than a date: the date, trigger and names stand out inside it
}


def esc(text: str | None) -> str:
    """HTML-escape text from an article (quotes included), for any rich-text widget."""
    return html.escape(text or "", quote=True)


def highlight_spans(text: str, base: int, spans: list[tuple[int, int, str]]) -> str:
    """``text`` (which starts at offset ``base`` in its article) as escaped HTML with the parts
    covered by ``spans`` (article offsets, kind) wrapped in highlight markup. Overlaps: the first
    span listed wins."""
    n = len(text)
    kinds: list[str | None] = [None] * n
    for s, e, kind in spans:
        for k in range(max(s - base, 0), min(e - base, n)):
            if kinds[k] is None:
                kinds[k] = kind
    out: list[str] = []
    i = 0
    while i < n:
        j = i
        while j < n and kinds[j] == kinds[i]:
            j += 1
        chunk = esc(text[i:j])
        kind = kinds[i]
        if kind is None:
            out.append(chunk)
        else:
            bg, extra = HIGHLIGHT[kind]
            out.append(f'<span class="hl-{kind}" style="background:{bg}; color:#000; {extra}">{chunk}</span>')
        i = j
    return "".join(out)


def article_origin(article: Article | None, file: str) -> str:
    """The source line of a quote: file name, publication date and dateline, escaped."""
    if article is None:
        return esc(file)
    parts = [f"<b>{esc(article.file)}</b>", f"published {article.published.isoformat()}"]
    if article.dateline:
        parts.append(f"dateline “{esc(article.text[article.dateline[0]:article.dateline[1]].strip())}”")
    elif article.place or article.agency:
        parts.append(esc(" ".join(x for x in (article.place, article.agency) if x)))
    return " · ".join(parts)


def event_html(event: Event, articles: dict[str, Article], fg: str = "#000") -> str:
    """The detail pane's HTML for one event (every piece of article text escaped)."""
    e = event
    rows: list[str] = [f"<h2 style='margin-bottom:2px'>{esc(e.title)}</h2>"]
    date_line = esc(date_in_words(e.interval, e.date_text))
    rows.append(f"<p style='font-size:large; margin-top:0'>{date_line}</p>")
    facts = [f"<b>Status</b> {esc(e.status)}", f"<b>Type</b> {esc(e.type)}"]
    if e.place:
        facts.append(f"<b>Place</b> {esc(e.place)}")
    rows.append("<p>" + " &nbsp;·&nbsp; ".join(facts) + "</p>")
    if e.disputed and e.sources:
        items = "".join(
            f"<li>{esc(s.file)}: {esc(date_in_words(s.interval, s.date_text))}</li>" for s in e.sources
        )
        rows.append(f"<p style='color:#D55E00'><b>⚠ Disputed date</b> — the sources disagree:</p><ul>{items}</ul>")
    if e.participants:
        links = []
        for p in e.participants:
            role = f" <span style='color:gray'>({esc(p.role)})</span>" if p.role else ""
            aff = f" <span style='color:gray'>· {esc(p.affiliation)}</span>" if p.affiliation else ""
            links.append(f"<a href='participant:{quote(p.name, safe='')}'>{esc(p.name)}</a>{role}{aff}")
        rows.append("<p><b>Participants</b> (click to filter)<br>" + ", ".join(links) + "</p>")
    if e.speaker:
        rows.append(f"<p><b>Speaker</b> <a href='participant:{quote(e.speaker, safe='')}'>{esc(e.speaker)}</a></p>")
    rows.append(f"<h3>Sources ({len(e.quotes)})</h3>")
    for k, q in enumerate(e.quotes):
        art = articles.get(q.file)
        spans = _spans_for(e, q)
        body = highlight_spans(q.text, q.start, spans)
        rows.append(
            f"<p style='margin-bottom:2px'>{article_origin(art, q.file)} &nbsp; "
            f"<a href='quote:{k}'>Show in article</a></p>"
            f"<blockquote style='margin-left:10px; margin-top:0'>{body}</blockquote>"
        )
    legend = " ".join(
        f"<span style='background:{HIGHLIGHT[k][0]}; color:#000; {HIGHLIGHT[k][1]}'>&nbsp;{label}&nbsp;</span>"
        for k, label in (("date", "date"), ("trigger", "trigger"), ("mention", "participant"))
    )
    rows.append(f"<p style='color:gray; font-size:small'>Highlights: {legend}</p>")
    return f"<div style='color:{fg}'>" + "\n".join(rows) + "</div>"


def _spans_for(e: Event, q: Span) -> list[tuple[int, int, str]]:
    """The highlightable spans of an event that fall in the same article as quote ``q``."""
    out: list[tuple[int, int, str]] = []
    if e.date_span and e.date_span.file == q.file:
        out.append((e.date_span.start, e.date_span.end, "date"))
    if e.trigger and e.trigger.file == q.file:
        out.append((e.trigger.start, e.trigger.end, "trigger"))
    out.extend((m.start, m.end, "mention") for m in e.mentions if m.file == q.file)
    return out


class ArticleDialog(QtWidgets.QDialog):
    """The full text of an article, escaped, scrolled to a quote which is highlighted."""

    def __init__(self, article: Article, span: Span | None, parent: QtWidgets.QWidget | None = None,
                 marks: list[tuple[int, int, str]] | None = None) -> None:
        """``marks``: the event's date, trigger and mentions (article offsets, kind), highlighted
        inside the quote the way the detail pane shows them."""
        super().__init__(parent)
        self.setWindowTitle(f"{article.file} — published {article.published.isoformat()}")
        self.resize(760, 640)
        self.browser = QtWidgets.QTextBrowser(self)
        self.browser.setObjectName("articleText")
        self.browser.setOpenLinks(False)
        text = article.text
        # The file's date header is shown as a heading (with the dateline), not as body text.
        start = article.body_start if 0 <= article.body_start <= len(text) else 0
        head = f"<p>{article_origin(article, article.file)}</p><hr>"
        if span is not None and start <= span.start <= span.end <= len(text):
            inner = [m for m in (marks or []) if span.start <= m[0] and m[1] <= span.end]
            body = (esc(text[start: span.start]) + "<a name='quote'></a>"
                    + highlight_spans(text[span.start:span.end], span.start, [*inner, (span.start, span.end, "quote")])
                    + esc(text[span.end:]))
        else:
            body = esc(text[start:])
        self.browser.setHtml(f"{head}<div style='white-space: pre-wrap'>{body.lstrip()}</div>")
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QtWidgets.QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)
        self.span = span
        if span is not None:
            # The document is laid out lazily; scroll once it is shown.
            QtCore.QTimer.singleShot(0, self.scroll_to_quote)

    def scroll_to_quote(self) -> None:
        self.browser.scrollToAnchor("quote")


class DetailPane(QtWidgets.QWidget):
    """Shows the selected event; participant links filter, "Show in article" opens the text."""

    articleOpened = Signal(object)  # the ArticleDialog, for tests and the window

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.browser = QtWidgets.QTextBrowser(self)
        self.browser.setObjectName("detailText")
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._on_link)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.browser)
        self.dialog: ArticleDialog | None = None
        state.selectionChanged.connect(self.refresh)
        state.corpusChanged.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        e = self.state.selected_event()
        fg = self.palette().color(QtGui.QPalette.ColorRole.Text).name()
        if e is None:
            n = len(self.state.visible_events())
            self.browser.setHtml(
                f"<div style='color:{fg}'><h3>No event selected</h3>"
                f"<p>Click an event on the timeline, in the list or on the map, or press → to step "
                f"through the {n} events shown.</p>"
                "<p style='color:gray'>Markers: ● a dated day · ▭ a wider or uncertain period · ◁ undated "
                "(at the latest here) · ○ hollow: scheduled or expected · <span style='color:#D55E00'>!</span> "
                "disputed date</p></div>"
            )
            return
        self.browser.setHtml(event_html(e, dict(self.state.corpus.articles_by_file), fg))

    def text(self) -> str:
        """The pane's plain text (what a reader sees)."""
        return self.browser.toPlainText()

    def _on_link(self, url: QtCore.QUrl) -> None:
        s = url.toString()
        scheme, _, rest = s.partition(":")
        if scheme == "participant":
            self.state.update_filter(participant=unquote(rest))
        elif scheme == "quote":
            self.show_quote(int(rest))

    def show_quote(self, k: int) -> ArticleDialog | None:
        """Open the article of the selected event's ``k``-th quote, scrolled to it."""
        e = self.state.selected_event()
        if e is None or not (0 <= k < len(e.quotes)):
            return None
        q = e.quotes[k]
        art = self.state.corpus.article_for(q.file)
        if art is None:
            QtWidgets.QMessageBox.information(self, "Article not loaded", f"The article {q.file} is not loaded.")
            return None
        self.dialog = ArticleDialog(art, q, self.window(), _spans_for(e, q))
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.dialog.show()
        self.articleOpened.emit(self.dialog)
        return self.dialog
