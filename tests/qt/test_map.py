"""The participant map: outlines and disputed regions, placement, roles, lines, filtering."""

from __future__ import annotations

import math

from timeline_gui.core.filtering import Filter
from timeline_gui.qt.mapview import KX, MapView, region
from timeline_gui.qt.qt import Qt, QtCore, QtWidgets


def make(qtbot, state) -> MapView:
    m = MapView(state)
    qtbot.addWidget(m)
    m.resize(700, 600)
    m.show()
    qtbot.waitExposed(m)
    return m


def test_region_data_has_outlines_places_and_disputed_regions() -> None:
    r = region()
    names = {c["name"] for c in r["countries"]}
    assert {"Armenia", "Azerbaijan", "Georgia", "Turkey", "Iran", "Russia"} <= names
    assert all(len(c["rings"]) >= 1 for c in r["countries"] if c["name"] in {"Armenia", "Georgia"})
    assert {d["name"] for d in r["disputed"]} >= {"Abkhazia", "South Ossetia", "Nagorno-Karabakh", "Transnistria",
                                                   "Crimea"}
    assert any(p["name"] == "Yerevan" and p["capital"] for p in r["places"])


def test_participants_are_placed_by_geography(qtbot, state) -> None:
    m = make(qtbot, state)
    arm = next(c for c in region()["countries"] if c["name"] == "Armenia")
    node = m.node("Armenia")
    assert node is not None and not node.side
    assert (node.x, node.y) == (arm["center"][0] * KX, arm["center"][1])
    person = m.node("Ararat Mirzoyan")  # beside Armenia
    assert person is not None and not person.side
    assert math.hypot(person.x - node.x, person.y - node.y) < 2.5
    nato = m.node("NATO")  # organizations go to the side column
    assert nato is not None and nato.side  # organizations go to the side column...
    assert all(nato.x > n.x for n in m.nodes if not n.side)  # ...east of everyone on the map
    vr = m.vb.viewRect()
    assert vr.left() < nato.x < vr.right() and vr.top() < nato.y < vr.bottom()  # and in view
    qtbot.wait(150)  # names are decluttered a moment after the view settles
    assert "NATO" in m.visible_labels()


def test_the_map_fills_its_pane_and_frames_the_participants(qtbot, state) -> None:
    m = make(qtbot, state)
    for size in ((700, 600), (430, 260), (300, 600)):
        m.resize(*size)
        QtWidgets.QApplication.processEvents()
        vr = m.vb.viewRect()
        x0, y0, x1, y1 = region()["box"]
        # the view lies inside the outlines' box (no blank margin) where the pane's shape allows
        assert (vr.left() >= x0 * KX - 1e-6 and vr.right() <= x1 * KX + 1e-6) or vr.width() > (x1 - x0) * KX
        assert (vr.top() >= y0 - 1e-6 and vr.bottom() <= y1 + 1e-6) or vr.height() > y1 - y0
        for n in m.nodes:  # every participant is in view
            assert vr.left() <= n.x <= vr.right() and vr.top() <= n.y <= vr.bottom(), (size, n.name)
        # the view fills the pane: the map's aspect, no letterbox
        sz = m.vb.size()
        assert abs(vr.width() / vr.height() - sz.width() / sz.height()) < 0.02 * sz.width() / sz.height()
    fitted = m.vb.viewRect()
    # zooming by hand stops the fitting until "Fit" is pressed
    m.vb.scaleBy((0.5, 0.5))
    m.vb.sigRangeChangedManually.emit([True, True])
    zoomed = m.vb.viewRect()
    m.resize(300, 601)
    QtWidgets.QApplication.processEvents()
    assert not m.auto_fit
    now = m.vb.viewRect()
    assert now.width() < fitted.width() * 0.7 and abs(now.center().x() - zoomed.center().x()) < 0.5
    m.fit_button.click()
    assert m.auto_fit and abs(m.vb.viewRect().width() - fitted.width()) < 0.3


def test_selected_event_highlights_participants_by_role(qtbot, state) -> None:
    m = make(qtbot, state)
    state.select("meet")
    spots = {s.data(): s for s in m.scatter.points()}
    assert spots["Turkey"].symbol() == "star"  # host
    assert spots["Russia"].symbol() == "o"  # attendee
    assert spots["Georgia"].pen().style() == Qt.PenStyle.DashLine  # absent
    assert spots["Azerbaijan"].brush().color().alpha() < 100  # not taking part: dimmed
    lines = [it for it in m._dynamic_items if isinstance(it, QtWidgets.QGraphicsLineItem)]
    assert len(lines) == 10  # all pairs among the five participants
    assert sum(it.pen().style() == Qt.PenStyle.DashLine for it in lines) == 4  # those with the absent one
    # the place is marked and labelled
    assert any(getattr(it, "textItem", None) and it.textItem.toPlainText() == "Istanbul" for it in m._dynamic_items)


def test_without_selection_lines_are_weighted_by_shared_events(qtbot, state) -> None:
    m = make(qtbot, state)
    lines = [it for it in m._dynamic_items if isinstance(it, QtWidgets.QGraphicsLineItem)]
    assert lines
    widths = sorted(it.pen().widthF() for it in lines)
    assert widths[-1] > widths[0]  # Turkey–Azerbaijan (2 shared) is thicker than a single pairing


def test_clicking_a_participant_filters_every_view_and_clear_restores(qtbot, window) -> None:
    m = window.map
    m.fit()
    QtWidgets.QApplication.processEvents()
    before_rows = window.table.source_model.rowCount()
    pos = m.widget_pos_of("Armenia")
    qtbot.mouseClick(m.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert window.state.filter == Filter(participant="Armenia")
    assert window.table.source_model.rowCount() == 1 < before_rows
    window.timeline.fit_all()
    window.timeline.plot.grab()
    assert window.timeline.drawn_count() == 1
    assert "1 of 8 events" in window.status_label.text()
    assert m.clear_button.isEnabled()
    qtbot.mouseClick(m.clear_button, Qt.MouseButton.LeftButton)
    assert window.state.filter.is_empty
    assert window.table.source_model.rowCount() == before_rows


def test_map_pans_and_zooms(qtbot, state) -> None:
    m = make(qtbot, state)
    (x0, x1), _ = m.vb.viewRange()
    m.vb.scaleBy((0.5, 0.5))
    (a, b), _ = m.vb.viewRange()
    assert (b - a) < (x1 - x0) * 0.6
    m.vb.translateBy(QtCore.QPointF(1.0, 0.0))
    assert m.vb.viewRange()[0][0] > a


def test_the_fit_frames_the_places_of_the_shown_events(qtbot, state) -> None:
    m = make(qtbot, state)
    m.resize(430, 260)
    QtWidgets.QApplication.processEvents()
    vr = m.vb.viewRect()
    for e in state.visible_events():
        xy = m.gaz.place(e.place)
        if xy is not None:
            assert vr.left() < xy[0] < vr.right() and vr.top() < xy[1] < vr.bottom(), e.place


def test_the_side_column_names_always_show(qtbot, state) -> None:
    m = make(qtbot, state)
    for size in ((700, 600), (430, 260)):
        m.resize(*size)
        qtbot.wait(150)
        side = {n.name for n in m.nodes if n.side}
        assert side and side <= set(m.visible_labels())


def test_the_side_panel_goes_with_the_side_column(qtbot, state) -> None:
    m = make(qtbot, state)
    assert m._side_panel is not None and m._side_panel.isVisible()
    state.update_filter(participant="Armenia")  # only countries and people on the map
    assert not any(n.side for n in m.nodes)
    assert not m._side_panel.isVisible()
