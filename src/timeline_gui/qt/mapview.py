"""The participant map: who takes part in the shown events, placed by geography.

Countries sit on their country, people beside their country (by affiliation), places on their
coordinates, organizations and far-away countries in a side column east of the map. With an event
selected its participants are highlighted by role and joined by lines, and its place is marked;
with none selected, lines join participants weighted by the number of shown events they share.
Clicking a participant filters every view to its events.

Outlines come from ``resources/map/region.json`` (built by ``scripts/build_map_outlines.py``),
read once on first use. Labels are plain text items, so names from articles are never parsed as
markup.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import Any

import numpy as np
import pyqtgraph as pg

from timeline_gui.core.filtering import participant_names
from timeline_gui.core.layout import OKABE_ITO, declutter
from timeline_gui.core.model import Event
from timeline_gui.core.resources import resource
from timeline_gui.qt.qt import Qt, QtCore, QtGui, QtWidgets
from timeline_gui.qt.state import AppState

#: Longitude is squeezed by cos(latitude) at the region's middle so shapes look right.
LAT0 = 41.0
KX = math.cos(math.radians(LAT0))
MAX_NODES = 48
#: With no event selected, lines join at most this many pairs of participants.
MAX_LINES = 300
#: The side column's names are cut (with an ellipsis, the whole name in the tooltip) beyond this.
SIDE_MAX_PX = 170.0

ROLE_STYLE: dict[str, tuple[str, str]] = {
    # role: (symbol, colour) — told apart by shape as well as colour
    "host": ("star", OKABE_ITO[1]),
    "initiator": ("star", OKABE_ITO[1]),
    "attendee": ("o", OKABE_ITO[0]),
    "speaker": ("s", OKABE_ITO[2]),
    "target": ("t", OKABE_ITO[3]),
    "mentioned": ("d", "#999999"),
    "absent": ("o", "#9a9a9a"),
}


def participant_names_of(ev: Event) -> tuple[str, ...]:
    return participant_names(ev)


@cache
def region() -> dict[str, Any]:
    """The precomputed map data (countries, places, disputed regions)."""
    with open(resource("map", "region.json"), encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def project(lon: float, lat: float) -> tuple[float, float]:
    """Map coordinates of a longitude/latitude."""
    return lon * KX, lat


@dataclass
class Node:
    """A participant on the map."""

    name: str
    kind: str
    x: float
    y: float
    count: int
    side: bool  # in the side column rather than on the map


class Gazetteer:
    """Name -> coordinates for the region's countries and places."""

    def __init__(self) -> None:
        r = region()
        self.countries: dict[str, dict[str, Any]] = {}
        self.by_name: dict[str, dict[str, Any]] = {}
        for c in r["countries"]:
            self.countries[c["name"]] = c
            for n in [*c["names"], c["demonym"]]:
                if n:
                    self.by_name[n.casefold()] = c
        self.places = {p["name"].casefold(): p for p in r["places"]}
        self.box = r["box"]

    def country(self, name: str | None) -> dict[str, Any] | None:
        return self.by_name.get(name.casefold()) if name else None

    def place(self, name: str | None) -> tuple[float, float] | None:
        if not name:
            return None
        p = self.places.get(name.casefold())
        if p is not None:
            return project(p["lon"], p["lat"])
        c = self.country(name)
        if c is not None:
            return project(*c["capital_at"])
        return None


class MapView(QtWidgets.QWidget):
    """The participant map with its legend and a Clear filter button."""

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.gaz = Gazetteer()
        self.nodes: list[Node] = []
        self._shared: list[tuple[tuple[str, str], int]] | None = None
        self._drawn_selection: str | None = None  # the selection the last refresh drew
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("participantMap")
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        pi = self.plot.getPlotItem()
        pi.hideAxis("left")
        pi.hideAxis("bottom")
        self.vb = pi.getViewBox()
        self.vb.setAspectLocked(True)
        self.vb.disableAutoRange()

        self.info = QtWidgets.QLabel(self)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_button = QtWidgets.QPushButton("Clear filter", self)
        self.clear_button.setObjectName("mapClearFilter")
        self.clear_button.clicked.connect(state.clear_filter)
        self.fit_button = QtWidgets.QToolButton(self)
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Show the whole region")
        self.fit_button.clicked.connect(self.fit)
        top = QtWidgets.QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        top.addWidget(self.info, 1)
        top.addWidget(self.fit_button)
        top.addWidget(self.clear_button)
        self.legend = QtWidgets.QLabel(
            "★ host or initiator · ● attendee · ■ speaker · ▼ target · ◌ absent (grey, dashed) · ✚ event place · "
            "◯ disputed region (orange, dashed)", self)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setWordWrap(True)
        f = self.legend.font()
        f.setPointSizeF(f.pointSizeF() * 0.85)
        self.legend.setFont(f)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(top)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.legend)

        self._static_items: list[QtWidgets.QGraphicsItem] = []
        self._dynamic_items: list[QtWidgets.QGraphicsItem] = []
        self.labels: dict[str, pg.TextItem] = {}
        # Hover tips are rich text, so the (article-derived) name is escaped and wrapped in <p>
        # to make Qt treat it as rich text consistently.
        self.scatter = pg.ScatterPlotItem(
            pxMode=True, hoverable=True,
            tip=lambda x, y, data: f"<p>{html.escape(str(data))}</p>")
        self.scatter.setZValue(20)
        self.scatter.sigClicked.connect(self._on_clicked)
        self.vb.addItem(self.scatter)
        # Participant names that would overlap are hidden (their dots stay, with a tooltip); which
        # ones fit is recomputed after zooming, a moment after the last change.
        self._declutter_timer = QtCore.QTimer(self)
        self._declutter_timer.setSingleShot(True)
        self._declutter_timer.setInterval(60)
        self._declutter_timer.timeout.connect(self.declutter_labels)
        self.vb.sigRangeChanged.connect(lambda *_: self._declutter_timer.start())
        # The view fits the participants (and follows the pane's size) until the user pans or
        # zooms; "Fit" brings that back.
        self.auto_fit = True
        self._side_panel: QtWidgets.QGraphicsRectItem | None = None
        self.vb.sigRangeChangedManually.connect(self._on_manual_range)
        self.vb.sigResized.connect(self._on_resized)
        self._build_static()

        state.corpusChanged.connect(self.rebuild)
        state.filterChanged.connect(self.rebuild)
        state.selectionChanged.connect(self._on_selection)
        self.rebuild()

    # -- static background ----------------------------------------------------------------------
    def _build_static(self) -> None:
        for it in self._static_items:
            self.vb.removeItem(it)
        self._static_items = []
        pal = self.palette()
        fg = pal.color(QtGui.QPalette.ColorRole.Text)
        base = pal.color(QtGui.QPalette.ColorRole.Base)
        self.plot.setBackground(base)
        land = QtGui.QColor(fg)
        land.setAlpha(18)
        border = QtGui.QColor(fg)
        border.setAlpha(90)
        label_c = QtGui.QColor(fg)
        label_c.setAlpha(120)
        for c in region()["countries"]:
            path = QtGui.QPainterPath()
            for ring in c["rings"]:
                poly = QtGui.QPolygonF([QtCore.QPointF(*project(x, y)) for x, y in ring])
                path.addPolygon(poly)
                path.closeSubpath()
            item = QtWidgets.QGraphicsPathItem(path)
            pen = QtGui.QPen(border, 1)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setBrush(land)
            item.setZValue(0)
            self._add_static(item)
            t = pg.TextItem(c["name"].upper(), color=label_c, anchor=(0.5, 0.5))
            f = QtGui.QFont(self.font())
            f.setPointSizeF(max(f.pointSizeF() * 0.75, 6))
            f.setLetterSpacing(QtGui.QFont.SpacingType.PercentageSpacing, 110)
            t.setFont(f)
            t.setPos(*project(*c["center"]))
            t.setZValue(1)
            self._add_static(t)
        warn = QtGui.QColor("#D55E00")
        for d in region()["disputed"]:
            x, y = project(d["lon"], d["lat"])
            rx, ry = d["rx"] * KX, d["ry"]
            el = QtWidgets.QGraphicsEllipseItem(x - rx, y - ry, 2 * rx, 2 * ry)
            pen = QtGui.QPen(warn, 1.5, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            el.setPen(pen)
            fill = QtGui.QColor(warn)
            fill.setAlpha(40)
            el.setBrush(QtGui.QBrush(fill, Qt.BrushStyle.BDiagPattern))
            el.setToolTip(f"{d['name']}: {d['status']} (approximate area)")
            el.setZValue(2)
            self._add_static(el)
            t = pg.TextItem(d["name"], color=warn, anchor=(0.5, 0))
            f = QtGui.QFont(self.font())
            f.setPointSizeF(max(f.pointSizeF() * 0.75, 6))
            f.setItalic(True)
            t.setFont(f)
            t.setPos(x, y - ry)
            t.setZValue(3)
            self._add_static(t)
        dot_c = QtGui.QColor(fg)
        dot_c.setAlpha(150)
        caps = [p for p in region()["places"] if p["capital"]]
        dots = pg.ScatterPlotItem([project(p["lon"], p["lat"])[0] for p in caps],
                                  [p["lat"] for p in caps], size=5, pen=None, brush=dot_c, pxMode=True)
        dots.setZValue(4)
        self._add_static(dots)
        for p in caps:
            t = pg.TextItem(p["name"], color=dot_c, anchor=(0, 1))
            f = QtGui.QFont(self.font())
            f.setPointSizeF(max(f.pointSizeF() * 0.8, 6))
            t.setFont(f)
            t.setPos(*project(p["lon"], p["lat"]))
            t.setZValue(4)
            self._add_static(t)

    def _add_static(self, item: QtWidgets.QGraphicsItem) -> None:
        self.vb.addItem(item, ignoreBounds=True)
        self._static_items.append(item)

    def fit(self) -> None:
        """Frame the shown participants (the Caucasus when there are none) and fill the pane.

        The framed box holds every participant placed on the map and every shown event's place, never less than
        a few degrees; the side column of organizations and far-away countries takes a strip at
        the pane's right edge as wide as its names. The view keeps the map's aspect and covers
        the whole pane, so the pane shows more map around the participants, never blank space;
        it stays inside the region the outlines cover where the pane allows it.
        """
        self.auto_fit = True
        self._fit()

    def _on_manual_range(self, *_: Any) -> None:
        self.auto_fit = False

    def _on_resized(self, *_: Any) -> None:
        if self.auto_fit:
            self._fit()

    def _side_width_px(self) -> float:
        side = [n for n in self.nodes if n.side]
        if not side:
            return 0.0
        fm = QtGui.QFontMetricsF(self.font())
        names = min(max(fm.horizontalAdvance(n.name) for n in side), SIDE_MAX_PX)
        return names + fm.horizontalAdvance("\u2002\u2002") + 30.0

    def _fit(self, refresh: bool = True) -> None:
        size = self.vb.size()
        w, h = max(size.width(), 50.0), max(size.height(), 50.0)
        bx0, by0, bx1, by1 = self.gaz.box
        bx0, bx1 = bx0 * KX, bx1 * KX
        on_map = [(n.x, n.y) for n in self.nodes if not n.side]
        # the places of the shown events too: a selected event's place is marked there
        places = {e.place for e in self.state.visible_events()}  # each place looked up once
        on_map += [xy for xy in map(self.gaz.place, places) if xy]
        if on_map:
            xs = [x for x, _ in on_map]
            ys = [y for _, y in on_map]
            x0, x1, y0, y1 = min(xs) - 2.0, max(xs) + 3.5, min(ys) - 1.5, max(ys) + 1.5
        else:
            x0, x1, y0, y1 = 36.0 * KX, 52.0 * KX, 37.0, 45.5
        # never closer than about 12 x 8 degrees: neighbours give the dots their context
        if x1 - x0 < 12 * KX:
            c = (x0 + x1) / 2
            x0, x1 = c - 6 * KX, c + 6 * KX
        if y1 - y0 < 8:
            c = (y0 + y1) / 2
            y0, y1 = c - 4, c + 4
        side_px = self._side_width_px()
        map_w = max(w - side_px, w * 0.45)
        scale = min(map_w / (x1 - x0), h / (y1 - y0))  # pixels per map unit
        # Cover the pane: the view is the pane's size at that scale, centred on the framed box
        # (which sits left of the side column), then moved back inside the outlines' box.
        vw, vh = w / scale, h / scale
        cx = (x0 + x1) / 2 + (w - map_w) / 2 / scale
        cy = (y0 + y1) / 2
        vx0, vy0 = cx - vw / 2, cy - vh / 2
        if vw <= bx1 - bx0:
            vx0 = min(max(vx0, bx0), bx1 - vw)
        if vh <= by1 - by0:
            vy0 = min(max(vy0, by0), by1 - vh)
        self._place_side(vx0 + vw - side_px / scale, vy0 + vh, scale, refresh)
        self.vb.setRange(xRange=(vx0, vx0 + vw), yRange=(vy0, vy0 + vh), padding=0)
        self._declutter_timer.start()

    def _place_side(self, x: float, top: float, scale: float, refresh: bool = True) -> None:
        """Stack the side column's participants from the view's top, one line each; with any
        there, the participants are redrawn (unless ``refresh`` is False)."""
        side = [n for n in self.nodes if n.side]
        if self._side_panel is not None:
            self._side_panel.setVisible(bool(side))
        if not side:
            return
        step = 24.0 / scale  # a name label is about 22 px high
        # A panel behind the column: its names read over the map instead of mixing with it.
        if self._side_panel is None:
            self._side_panel = QtWidgets.QGraphicsRectItem()
            self._side_panel.setZValue(15)
            self.vb.addItem(self._side_panel, ignoreBounds=True)
        panel = QtGui.QColor(self.palette().color(QtGui.QPalette.ColorRole.Base))
        panel.setAlpha(215)
        self._side_panel.setBrush(panel)
        self._side_panel.setPen(QtGui.QPen(Qt.PenStyle.NoPen))
        self._side_panel.setRect(QtCore.QRectF(x, top - (len(side) + 0.7) * step, self._side_width_px() / scale,
                                               (len(side) + 0.7) * step))
        for k, nd in enumerate(side):
            nd.x, nd.y = x + 12.0 / scale, top - (k + 1.2) * step
            lab = self.labels.get(nd.name)
            if lab is not None:
                lab.setPos(nd.x, nd.y)
        if refresh:
            self.refresh()

    # -- participants ---------------------------------------------------------------------------
    def _place_nodes(self) -> list[Node]:
        part = self.state.index.participation
        mask = self.state.visible_mask
        top = part.most_common(mask, MAX_NODES)
        kind_of, affiliation_of = part.kinds_and_affiliations([part.number[n] for n, _ in top], mask)
        kinds = {part.names[k]: v for k, v in kind_of.items()}
        affil = {part.names[k]: v for k, v in affiliation_of.items()}
        _x0, _y0, x1, y1 = self.gaz.box
        side_x = x1 * KX + 1.5
        nodes: list[Node] = []
        around: Counter[str] = Counter()
        side = 0
        for name, n in top:
            kind = kinds.get(name, "person")
            pos: tuple[float, float] | None = None
            if kind == "country":
                c = self.gaz.country(name)
                if c is not None:
                    pos = project(*c["center"])
            elif kind == "place":
                pos = self.gaz.place(name)
            elif kind in ("person", "group"):
                c = self.gaz.country(affil.get(name))
                if c is not None:
                    # People ring around their country's label, one slot each.
                    k = around[c["name"]]
                    around[c["name"]] += 1
                    cx, cy = project(*c["center"])
                    ang = -math.pi / 2 + k * 2 * math.pi / 7 + (k // 7) * 0.4
                    rad = 1.5 + 0.7 * (k // 7)
                    pos = (cx + rad * math.cos(ang), cy + rad * math.sin(ang))
            if pos is None:
                pos = (side_x, y1 - 5.2 - side * 0.85)
                side += 1
                nodes.append(Node(name, kind, pos[0], pos[1], n, True))
            else:
                nodes.append(Node(name, kind, pos[0], pos[1], n, False))
        return nodes

    def rebuild(self) -> None:
        self.nodes = self._place_nodes()
        self._shared = None
        for t in self.labels.values():
            self.vb.removeItem(t)
        self.labels = {}
        fm = QtGui.QFontMetricsF(self.font())
        halo = QtGui.QColor(self.palette().color(QtGui.QPalette.ColorRole.Base))
        halo.setAlpha(170)
        for nd in self.nodes:
            # Plain text (setPlainText under the hood): a name like "<b>x</b>" shows literally.
            name = fm.elidedText(nd.name, Qt.TextElideMode.ElideRight, SIDE_MAX_PX) if nd.side else nd.name
            # a translucent backing keeps a name readable over outlines, lines and country names
            # (two en spaces: the name starts clear of its dot, which is drawn over the backing)
            t = pg.TextItem("\u2002\u2002" + name, anchor=(0, 0.5), fill=pg.mkBrush(halo))
            t.setPos(nd.x, nd.y)
            t.setZValue(19)  # under the dots, which cover the start of their backing
            self.vb.addItem(t, ignoreBounds=True)
            self.labels[nd.name] = t
        flt = self.state.filter
        shown = len(self.state.visible_events())
        total = len(self.state.events)
        if flt.is_empty:
            self.info.setText(f"{len(self.nodes)} participants in {total} events")
        else:
            self.info.setText(f"Filtered ({flt.describe()}): {shown} of {total} events")
        self.clear_button.setEnabled(not flt.is_empty)
        if self.auto_fit:
            self._fit(refresh=False)  # places the side column too
        else:
            vr = self.vb.viewRect()
            scale = max(self.vb.size().width(), 50.0) / max(vr.width(), 1e-6)
            self._place_side(vr.right() - self._side_width_px() / scale, vr.bottom(), scale, refresh=False)
        self.refresh()

    def _on_selection(self, event_id: str | None) -> None:
        # A new corpus or filter comes with a selection already drawn by the rebuild.
        if event_id != self._drawn_selection:
            self.refresh()

    def refresh(self, *_: Any) -> None:
        self._drawn_selection = self.state.selection
        for it in self._dynamic_items:
            self.vb.removeItem(it)
        self._dynamic_items = []
        pal = self.palette()
        fg = pal.color(QtGui.QPalette.ColorRole.Text)
        ev = self.state.selected_event()
        by_name = {n.name: n for n in self.nodes}
        roles: dict[str, str] = {}
        if ev is not None:
            for p in ev.participants:
                roles[p.name] = p.role or "attendee"
            if ev.speaker and ev.speaker not in roles:
                roles[ev.speaker] = "speaker"
        spots = []
        for nd in self.nodes:
            base_size = 7 + min(10.0, 3 * math.log2(1 + nd.count))
            colour = QtGui.QColor(fg)
            colour.setAlpha(170)
            symbol, pen = "o", pg.mkPen(fg, width=1)
            if ev is not None:
                if nd.name in roles:
                    sym, col = ROLE_STYLE.get(roles[nd.name], ("o", OKABE_ITO[0]))
                    symbol, colour = sym, QtGui.QColor(col)
                    pen = pg.mkPen(fg, width=1.5)
                    if roles[nd.name] == "absent":
                        colour = QtGui.QColor(pal.color(QtGui.QPalette.ColorRole.Base))
                        pen = pg.mkPen("#9a9a9a", width=2, style=Qt.PenStyle.DashLine)
                    base_size += 5
                else:
                    colour.setAlpha(45)
                    pen = pg.mkPen(QtGui.QColor(fg.red(), fg.green(), fg.blue(), 60))
            elif self.state.filter.participant and nd.name.casefold() == self.state.filter.participant.casefold():
                colour, symbol = QtGui.QColor(OKABE_ITO[1]), "star"
                base_size += 5
            spots.append({"pos": (nd.x, nd.y), "size": base_size, "symbol": symbol, "brush": pg.mkBrush(colour),
                          "pen": pen, "data": nd.name})
        self.scatter.setData(spots)
        for nd in self.nodes:
            lab = self.labels.get(nd.name)
            if lab is None:
                continue
            c = QtGui.QColor(fg)
            if ev is not None and nd.name not in roles:
                c.setAlpha(70)
            elif ev is not None and roles.get(nd.name) == "absent":
                c = QtGui.QColor("#9a9a9a")
            lab.setColor(c)
        self.declutter_labels()
        if ev is not None:
            names = [n for n in roles if n in by_name]
            for a, b in combinations(names, 2):
                absent = "absent" in (roles[a], roles[b])
                colour = QtGui.QColor("#9a9a9a") if absent else QtGui.QColor(OKABE_ITO[0])
                style = Qt.PenStyle.DashLine if absent else Qt.PenStyle.SolidLine
                self._line(by_name[a], by_name[b], 2.5, colour, style)
            where = self.gaz.place(ev.place)
            if where is not None:
                mark = pg.ScatterPlotItem([where[0]], [where[1]], symbol="+", size=22,
                                          brush=pg.mkBrush(OKABE_ITO[5]), pen=pg.mkPen(fg, width=1), pxMode=True)
                mark.setZValue(19)
                self._add_dynamic(mark)
                t = pg.TextItem(ev.place or "", color=QtGui.QColor(OKABE_ITO[5]), anchor=(0.5, 0))
                f = QtGui.QFont(self.font())
                f.setBold(True)
                t.setFont(f)
                t.setPos(where[0], where[1] - 0.35)
                t.setZValue(22)
                self._add_dynamic(t)
        else:
            shared = self._shared_pairs()
            if shared:
                top = max(n for _, n in shared)
                for (a, b), n in shared:
                    c = QtGui.QColor(OKABE_ITO[0])
                    c.setAlpha(int(50 + 150 * n / top))
                    self._line(by_name[a], by_name[b], 0.8 + 4.0 * n / top, c, Qt.PenStyle.SolidLine)

    def _shared_pairs(self) -> list[tuple[tuple[str, str], int]]:
        """The pairs of participants on the map sharing the most shown events, with how many
        (at most :data:`MAX_LINES`); worked out once per rebuild, not on every refresh."""
        if self._shared is None:
            part = self.state.index.participation
            among = [part.number[n.name] for n in self.nodes]
            self._shared = part.shared(among, self.state.visible_mask, MAX_LINES)
        return self._shared

    def declutter_labels(self) -> None:
        """Show only participant names that do not overlap each other."""
        ev = self.state.selected_event()
        involved = set(participant_names_of(ev)) if ev is not None else set()
        items = [(nd, self.labels[nd.name]) for nd in self.nodes if nd.name in self.labels]
        if not items:
            return
        # From the dot's position and the text's size in pixels: a hidden TextItem stops updating
        # its own transform, so its sceneBoundingRect() goes stale and would hide it for good.
        rects = []
        for nd, lab in items:
            at = self.vb.mapViewToScene(QtCore.QPointF(nd.x, nd.y))
            br = lab.textItem.boundingRect()
            rects.append(QtCore.QRectF(at.x(), at.y() - br.height() / 2, br.width(), br.height()))
        # The side column first (its names sit on their own panel), then the selected event's
        # participants, then the busiest.
        order = sorted(range(len(items)), key=lambda i: (not items[i][0].side, items[i][0].name not in involved,
                                                         -items[i][0].count))
        kept = set(declutter(
            np.array([r.left() for r in rects]), np.array([r.top() for r in rects]),
            np.array([r.right() for r in rects]), np.array([r.bottom() for r in rects]),
            priority=order))
        for i, (_, lab) in enumerate(items):
            lab.setVisible(i in kept)

    def visible_labels(self) -> list[str]:
        return [name for name, lab in self.labels.items() if lab.isVisible()]

    def _line(self, a: Node, b: Node, width: float, colour: QtGui.QColor, style: Qt.PenStyle) -> None:
        item = QtWidgets.QGraphicsLineItem(a.x, a.y, b.x, b.y)
        pen = QtGui.QPen(colour, width, style)
        pen.setCosmetic(True)
        item.setPen(pen)
        item.setZValue(10)
        self._add_dynamic(item)

    def _add_dynamic(self, item: QtWidgets.QGraphicsItem) -> None:
        self.vb.addItem(item, ignoreBounds=True)
        self._dynamic_items.append(item)

    def _on_clicked(self, _item: Any, points: Any, *_: Any) -> None:
        if len(points):
            self.click_participant(str(points[0].data()))

    def click_participant(self, name: str) -> None:
        """What clicking a participant does: filter every view to its events."""
        self.state.update_filter(participant=name)

    def node(self, name: str) -> Node | None:
        return next((n for n in self.nodes if n.name == name), None)

    def widget_pos_of(self, name: str) -> QtCore.QPoint:
        """Where a participant's dot is in the plot's viewport coordinates (for clicks in tests)."""
        nd = self.node(name)
        if nd is None:
            raise KeyError(name)
        return self.plot.mapFromScene(self.vb.mapViewToScene(QtCore.QPointF(nd.x, nd.y)))

    def changeEvent(self, ev: QtCore.QEvent) -> None:
        if ev.type() == QtCore.QEvent.Type.PaletteChange and hasattr(self, "scatter"):
            self._build_static()
            self.refresh()
        super().changeEvent(ev)
