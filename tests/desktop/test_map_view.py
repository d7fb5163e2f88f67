"""The map view: file URL loading, the page-to-Qt bridge, highlighting, and the offline interceptor."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")
pytestmark = pytest.mark.qt

from tests.desktop.page_helper import shown_map_view  # noqa: E402
from mapping.assets import asset_text  # noqa: E402

FEATURES = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"code": "BU1", "n": "Een"},
     "geometry": {"type": "Polygon", "coordinates": [[[6.5, 53.2], [6.6, 53.2], [6.6, 53.3], [6.5, 53.3], [6.5, 53.2]]]}},
    {"type": "Feature", "properties": {"c": "BU2", "n": "Twee"},
     "geometry": {"type": "Polygon", "coordinates": [[[6.6, 53.2], [6.7, 53.2], [6.7, 53.3], [6.6, 53.3], [6.6, 53.2]]]}},
]}


def leaflet_page(tmp_path, extra: str = "") -> str:
    """A small Leaflet page of the kind mapping/ writes (Leaflet from the installed package, inlined: the map
    view gives a page's scripts no file access, see test_hostile_project.py)."""
    html = f"""<!doctype html><html><head><meta charset="utf-8">
<style>{asset_text('leaflet.css')}</style>
<script>{asset_text('leaflet.js')}</script></head>
<body style="margin:0"><div id="map" style="width:600px;height:400px"></div>{extra}
<script>
var map = L.map("map");
var layer = L.geoJSON({json.dumps(FEATURES)}, {{style: function () {{ return {{weight: 1, color: "#333"}}; }}}}).addTo(map);
map.fitBounds(layer.getBounds());
</script></body></html>"""
    path = tmp_path / "kaart.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture
def view(qtbot):
    return shown_map_view(qtbot)


def test_bridge_carries_a_click_from_page_to_qt(view, qtbot, tmp_path):
    with qtbot.waitSignal(view.mapReady, timeout=15000) as ready:
        view.load_map(leaflet_page(tmp_path))
    assert ready.args == [2]  # both areas clickable: one by `code`, one by the short `c`
    assert view.view.url().scheme() == "file"
    # a real click event on the Leaflet layer, as the user's mouse would fire it
    with qtbot.waitSignal(view.areaClicked, timeout=5000) as clicked:
        view.page.runJavaScript(
            "window.__wijkbeeldMaps[0].eachLayer(function (l) {"
            " if (l.feature && l.feature.properties.c === 'BU2') { l.fire('click'); } });")
    assert clicked.args == ["BU2"]
    # and the bridge object called directly, as the page does
    with qtbot.waitSignal(view.areaClicked, timeout=5000) as clicked:
        view.page.runJavaScript("wijkbeeld_bridge.areaClicked('BU1')")
    assert clicked.args == ["BU1"]


def test_highlight_outlines_selected_areas(view, qtbot, tmp_path):
    with qtbot.waitSignal(view.mapReady, timeout=15000):
        view.load_map(leaflet_page(tmp_path))
    view.highlight(["BU1"])
    weights = {}

    def read(value):
        weights.update(json.loads(value))

    qtbot.waitUntil(lambda: (view.page.runJavaScript(
        "(function(){var o={};window.__wijkbeeldMaps[0].eachLayer(function(l){"
        "if(l.feature){o[l.feature.properties.code||l.feature.properties.c]=l.options.weight;}});"
        "return JSON.stringify(o);})()", 0, read), weights.get("BU1") == 4)[1], timeout=5000)
    assert weights == {"BU1": 4, "BU2": 1}


def test_interceptor_blocks_and_logs_remote_requests(view, qtbot, tmp_path):
    from PySide6.QtWebEngineCore import QWebEngineSettings
    assert not view.page.settings().testAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls)
    page = leaflet_page(tmp_path, extra='<img src="https://tile.openstreetmap.org/1/1/1.png">'
                                        '<script src="http://example.org/x.js"></script>')
    # lift Chromium's own block (the first line of defence) so that the interceptor is tested alone
    view.page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
    with qtbot.waitSignal(view.mapReady, timeout=15000):
        view.load_map(page)
    qtbot.waitUntil(lambda: len(view.blocked_requests()) >= 2, timeout=5000)
    assert any("openstreetmap" in u for u in view.blocked_requests())
    assert any("example.org" in u for u in view.blocked_requests())
    view.interceptor.blocked.clear()
    assert all(u.startswith(("file:", "qrc:", "data:", "blob:", "about:")) for u in view.interceptor.allowed)


def test_fitting_all_areas_leaves_a_view_that_fits_them_already(view, qtbot, tmp_path):
    """Set again, the view drew every area once more (0.15 s of the national buurten's page): the page's own fit
    stays when it shows all areas; a view that does not (zoomed in) is fitted again."""
    with qtbot.waitSignal(view.mapReady, timeout=15000):
        view.load_map(leaflet_page(tmp_path))
    answers = []

    def ask(script):
        del answers[:]
        view.page.runJavaScript(script, 0, answers.append)
        qtbot.waitUntil(lambda: bool(answers), timeout=5000)
        return json.loads(answers[0])

    out = ask("""(function () {
      var m = window.__wijkbeeldMaps[0], before = m.getZoom();
      window.__moves = 0;
      m.on("moveend", function () { window.__moves += 1; });  // (set again, the same view still ends a move: drawn)
      window.wijkbeeldFitAll();
      var kept = window.__moves;
      m.setZoom(before + 2, {animate: false});
      window.wijkbeeldFitAll();
      return JSON.stringify({kept: kept, zoom: before, zoomed: before + 2});
    })()""")
    assert out["kept"] == 0  # fitted already: not set again
    qtbot.waitUntil(lambda: ask("JSON.stringify(window.__wijkbeeldMaps[0].getZoom())") == out["zoom"], timeout=5000)
