"""The window on a 1366 x 768 laptop and a 1920 x 1080 screen: the map mostly free, popups never under a
control, Berekenen in view, more than five table rows; the selection in its own colour, zoomed to."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt

from PySide6.QtCore import QPoint  # noqa: E402

from test_app import js as _js  # noqa: E402


def js(window, qtbot, code: str):
    """The value of ``code`` in the map page (through JSON: arrays and objects come back whole)."""
    import json

    text = _js(window, qtbot, f"JSON.stringify({code})")
    return json.loads(text) if text is not None else None

SIZES = [(1366, 740), (1920, 1050)]  # the screens minus a task bar


def _fit(window, qtbot, size):
    window.resize(*size)
    window._default_layout()
    qtbot.wait(700)  # the page re-fits its controls 150 ms after a resize
    js(window, qtbot, "(function(){window.__wijkbeeldMaps[0].invalidateSize(false);return 1;})()")
    qtbot.wait(500)  # a size Leaflet only now sees is a resize too: let its re-fit pass, as a user's clicks do
    js(window, qtbot, "(function(){window.__wijkbeeldMaps[0].wijkbeeldLayout.fit();return 1;})()")


def _rects(window, qtbot, selector):
    return js(window, qtbot, "(function(){var own=document.querySelector('.leaflet-container').getBoundingClientRect();"
                             "return Array.prototype.map.call(document.querySelectorAll('" + selector + "'),"
                             "function(e){var r=e.getBoundingClientRect();return [r.left-own.left,r.top-own.top,"
                             "r.right-own.left,r.bottom-own.top];});})()")


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "1920x1080"])
def test_the_map_keeps_two_thirds_free_and_popups_stay_clear(demo, qtbot, size):
    _fit(demo, qtbot, size)
    width, height = js(demo, qtbot, "(function(){var s=window.__wijkbeeldMaps[0].getSize();return [s.x,s.y];})()")
    assert width >= 0.4 * size[0] and height >= 0.4 * size[1], (width, height)  # the map has the room
    controls = _rects(demo, qtbot, ".leaflet-control")
    covered = sum(max(0, min(r[2], width) - max(r[0], 0)) * max(0, min(r[3], height) - max(r[1], 0))
                  for r in controls)
    assert covered / (width * height) <= 1 / 3, (covered / (width * height), controls)
    assert js(demo, qtbot, "window.__wijkbeeldMaps[0].wijkbeeldLayout.coverage()") <= 1 / 3
    # the areas are fitted below the title box: it covers none of the gemeente at the first view
    # (when the title box changes height, the page refits 120 ms later, animated: wait for it as a user's eye does)
    def areas_top() -> float:
        return js(demo, qtbot, "(function(){var m=window.__wijkbeeldMaps[0],b=null;m.eachLayer(function(l){if("
                               "l.feature&&l.getBounds){b=b?b.extend(l.getBounds()):L.latLngBounds(l.getBounds()"
                               ".getSouthWest(),l.getBounds().getNorthEast());}});"
                               "return m.latLngToContainerPoint(b.getNorthEast()).y;})()")

    try:
        qtbot.waitUntil(lambda: areas_top() >= _rects(demo, qtbot, ".wb-title")[0][3] - 2, timeout=5000)
    except qtbot.TimeoutError:
        pass  # the assertion below says where
    top, title = areas_top(), _rects(demo, qtbot, ".wb-title")[0]
    assert top >= title[3] - 2, (top, title)
    # a popup of the area nearest below the title box (top right; the areas are fitted below it) opens clear
    # of every control
    js(demo, qtbot, "(function(){var m=window.__wijkbeeldMaps[0];var t=document.querySelector('.wb-title')"
                    ".getBoundingClientRect();var own=m.getContainer().getBoundingClientRect();"
                    "for(var y=t.bottom-own.top-5;y<own.height&&!m._popup;y+=5){"
                    "var ll=m.containerPointToLatLng([t.left-own.left+t.width/2,y]);"
                    "m.eachLayer(function(l){if(!l.getBounds||!l.feature||!l.getPopup()||m._popup){return;}"
                    "if(l.getBounds().contains(ll)){l.openPopup(ll);}});}return 1;})()")

    def clear() -> bool:  # Leaflet pans the map to the opened popup, animated: under heavy load that took over 5 s
        popups = _rects(demo, qtbot, ".leaflet-popup-content-wrapper")
        return len(popups) == 1 and all(_overlap(popups[0], c) == 0 for c in _rects(demo, qtbot, ".leaflet-control"))

    try:
        qtbot.waitUntil(clear, timeout=15000)
    except qtbot.TimeoutError:
        pass  # the assertions below say what overlaps
    popups = _rects(demo, qtbot, ".leaflet-popup-content-wrapper")
    assert len(popups) == 1
    for control in _rects(demo, qtbot, ".leaflet-control"):
        assert _overlap(popups[0], control) == 0, (popups[0], control)


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "1920x1080"])
def test_berekenen_in_view_and_more_than_five_table_rows(demo, qtbot, size):
    _fit(demo, qtbot, size)
    button = demo.settings_panel.run_button
    corner = button.mapTo(demo, QPoint(button.width(), button.height()))
    assert button.isVisible() and 0 < corner.y() <= demo.height() and corner.x() <= demo.width()
    view = demo.table.view
    rows = view.viewport().height() // view.rowHeight(0)
    assert rows > 5, rows


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "1920x1080"])
@pytest.mark.parametrize("tab", [1, 4], ids=["Inzet", "Vergelijking"])
def test_a_wide_results_tab_takes_the_maps_room_not_the_data_panels(demo, qtbot, size, tab):
    """The Inzet and Vergelijking tabs widen the results dock; the data panel keeps its width (it does not
    scroll sideways: squeezed, its words were cut off), and the map keeps a third of the width."""
    _fit(demo, qtbot, size)
    before = demo.left_dock.width()
    demo.tabs.setCurrentIndex(tab)
    qtbot.wait(300)
    assert demo.left_dock.width() >= before - 2, (before, demo.left_dock.width())
    assert demo.right_dock.width() >= 0.43 * size[0] - 2
    assert demo.map_view.width() >= size[0] / 3 - 40, demo.map_view.width()
    demo.tabs.setCurrentIndex(0)
    qtbot.wait(300)
    assert abs(demo.left_dock.width() - before) <= 2


def test_a_table_click_zooms_to_the_area_with_its_neighbours_and_closes_the_popup(demo, qtbot):
    _fit(demo, qtbot, SIZES[0])
    code = "BU00140003"  # Binnenstad-West
    js(demo, qtbot, "(function(){var m=window.__wijkbeeldMaps[0];m.eachLayer(function(l){"
                    "if(l.feature&&l.feature.properties.c==='BU00141001'&&l.getPopup()){l.openPopup();}});return 1;})()")
    qtbot.waitUntil(lambda: len(_rects(demo, qtbot, ".leaflet-popup")) == 1, timeout=5000)
    zoom_before = js(demo, qtbot, "window.__wijkbeeldMaps[0].getZoom()")
    row = demo.table.proxy.mapFromSource(demo.table.model.index(demo.table.model.row_of(code), 0)).row()
    demo.table.view.selectRow(row)
    qtbot.waitUntil(lambda: js(demo, qtbot, "window.__wijkbeeldMaps[0].getZoom()") > zoom_before, timeout=5000)
    qtbot.wait(500)
    assert _rects(demo, qtbot, ".leaflet-popup") == []  # the old popup closed
    state = js(demo, qtbot, "(function(){var m=window.__wijkbeeldMaps[0],out={};var v=m.getBounds();"
                            "m.eachLayer(function(l){var p=l.feature&&l.feature.properties;if(!p||!l.getBounds){return;}"
                            "if(p.c==='" + code + "'){out.colour=l.options.color;out.inView=v.contains(l.getBounds());"
                            "out.sel=l.getBounds();}});out.neighbours=0;m.eachLayer(function(l){var p=l.feature&&"
                            "l.feature.properties;if(p&&p.c!=='" + code + "'&&l.getBounds&&out.sel&&"
                            "l.getBounds().intersects(out.sel)&&v.contains(l.getBounds().getCenter())){out.neighbours++;}});"
                            "delete out.sel;out.names=Array.prototype.filter.call(document.querySelectorAll('.wb-area-label'),"
                            "function(e){return e.style.visibility!=='hidden';}).map(function(e){return e.textContent;});"
                            "return out;})()")
    assert state["colour"] == "#e600e6" and state["inView"]  # its own colour, not the wijk outline's black
    assert state["neighbours"] >= 3
    assert "Binnenstad-West" in state["names"] and len(state["names"]) >= 4  # names where they fit


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "1920x1080"])
def test_a_map_click_shows_one_box_whole(demo, qtbot, size):
    """A click on an area: its popup (name and code in the heading, the figures below, nothing scrolled away);
    the hover card with the same figures shuts while it is open."""
    _fit(demo, qtbot, size)
    js(demo, qtbot, "(function(){var m=window.__wijkbeeldMaps[0];m.eachLayer(function(l){"
                    "if(l.feature&&l.feature.properties.c==='BU00140001'&&l.getPopup()){var c=l.getBounds().getCenter();"
                    "l.openTooltip(c);l.openPopup(c);l.fire('mouseover',{latlng:c});}});return 1;})()")
    qtbot.waitUntil(lambda: len(_rects(demo, qtbot, ".leaflet-popup")) == 1, timeout=5000)
    qtbot.wait(500)
    state = js(demo, qtbot, "(function(){var b=document.querySelector('.leaflet-popup-content');"
                            "var t=document.querySelectorAll('.wb-tooltip');return {scroll:b.scrollHeight-b.clientHeight,"
                            "title:document.querySelector('.wb-popup-title').textContent,tips:t.length,"
                            "rows:Array.prototype.map.call(b.querySelectorAll('th'),function(e){return e.textContent;})};})()")
    assert state["tips"] == 0, state
    assert state["scroll"] <= 1, state
    assert state["title"] == "Binnenstad-Zuid BU00140001"
    assert "Code" not in state["rows"] and "Naam" not in state["rows"] and "Aantal" in state["rows"]


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "1920x1080"])
def test_all_six_result_tabs_whole_under_one_title(demo, qtbot, size):
    """No tab behind an arrow or cut to 'Vergelijkin…'; the dock says 'Resultaten' on every tab."""
    _fit(demo, qtbot, size)
    bar = demo.tabs.tabBar()
    assert bar.count() == 6
    for i in range(bar.count()):
        assert bar.tabRect(i).right() <= bar.width() and bar.tabRect(i).width() >= bar.tabSizeHint(i).width()
    assert demo.right_dock.windowTitle() == "Resultaten"
