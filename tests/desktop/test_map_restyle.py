"""The map view shows another map of the same shapes by restyling the page it shows (issues 18/19: the national
buurt map at another period or category in well under a second instead of a new page of 14,500 polygons), and
what the user sees is what a new page of that map shows: each area's colour and tooltip, the title box, the legend
and the layer list. Any other map is a new page. The signature and update themselves: tests/test_map_update.py."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")
pytestmark = pytest.mark.qt

from tests.desktop.page_helper import shown_map_view  # noqa: E402
from mapping.disclosure import PrivacyRules  # noqa: E402
from mapping.meta import ReportMeta  # noqa: E402
from mapping.webmap import hotspot_map, save_html, update_file, write_update  # noqa: E402
from mapping_helpers import fake_result, groningen_areas, groningen_wijken  # noqa: E402

SEEN = r"""(function () {
  var m = (window.__wijkbeeldMaps || [])[0];
  if (!m || !window.wijkbeeld_bridge) { return null; }
  var out = {areas: {}, marker: window.__marker || null};
  m.eachLayer(function (l) {
    var tip = l.getTooltip && l.getTooltip();
    if (!l.feature || !tip) { return; }
    var content = typeof tip._content === "function" ? tip._content(l) : tip._content;
    out.areas[l.feature.properties.c] = [l.options.fillColor, l.options.color, content.textContent];
  });
  function text(sel) { var n = document.querySelector(sel); return n ? n.textContent : null; }
  out.title = text(".wb-title");
  out.legend = text(".wb-legend");
  out.layers = Array.prototype.map.call(document.querySelectorAll(".leaflet-control-layers-overlays label"),
    function (x) { return x.textContent.trim() + ":" + x.querySelector("input").checked; });
  out.corners = Array.prototype.map.call(document.querySelectorAll(".leaflet-top.leaflet-right > *"),
    function (x) { return x.className.split(" ")[0]; });
  return JSON.stringify(out);
})()"""


@pytest.fixture(scope="module")
def shapes(groningen):
    return groningen_areas(groningen), groningen_wijken(groningen)


def _page(tmp_path, name, areas, wijken, seed, title, privacy=None):
    folder = tmp_path / name
    folder.mkdir()
    m = hotspot_map(fake_result(areas, seed=seed), boundaries=wijken,
                    meta=ReportMeta(title=title, period=f"periode {seed}", privacy=privacy or PrivacyRules()))
    path = folder / "kaart.html"
    save_html(m, path)
    assert write_update(m, update_file(path))
    return path


def _view(qtbot):
    return shown_map_view(qtbot, 800, 560)


def _load(view, qtbot, path):
    with qtbot.waitSignal(view.mapReady, timeout=20000):
        view.load_map(path)


def _seen(view, qtbot) -> dict:
    answers = []
    view.page.runJavaScript(SEEN, 0, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=10000)
    assert answers[0], "geen kaart in de pagina"
    return json.loads(answers[0])


def _mark(view, qtbot, value="oude pagina"):
    done = []
    view.page.runJavaScript(f"window.__marker = {json.dumps(value)}; true", 0, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)


def test_a_map_of_the_same_shapes_restyles_the_page_as_a_new_page_would_show_it(shapes, qtbot, tmp_path):
    areas, wijken = shapes
    january = _page(tmp_path, "jan", areas, wijken, 1, "Januari")
    february = _page(tmp_path, "feb", areas.copy(), wijken.copy(), 2, "Februari", PrivacyRules())
    view, fresh = _view(qtbot), _view(qtbot)
    _load(view, qtbot, january)
    before = _seen(view, qtbot)
    _mark(view, qtbot)
    _load(view, qtbot, february)
    after = _seen(view, qtbot)
    assert after["marker"] == "oude pagina"  # the same page, restyled
    assert view.path == february.resolve() and view.ready
    _load(fresh, qtbot, february)
    new = _seen(fresh, qtbot)
    assert new["marker"] is None
    assert {k: v for k, v in after.items() if k != "marker"} == {k: v for k, v in new.items() if k != "marker"}
    assert after["areas"] != before["areas"] and after["title"] != before["title"]
    assert "Februari" in after["title"] and "periode 2" in after["title"]
    assert len(after["areas"]) == len(areas)
    # and back: the first map again, as its own page shows it
    _load(view, qtbot, january)
    again = _seen(view, qtbot)
    assert again["marker"] == "oude pagina"
    assert {k: v for k, v in again.items() if k != "marker"} == {k: v for k, v in before.items() if k != "marker"}


def test_other_shapes_a_hidden_layer_or_another_privacy_rule_open_a_new_page(shapes, qtbot, tmp_path):
    areas, wijken = shapes
    view = _view(qtbot)
    first = _page(tmp_path, "a", areas, wijken, 1, "Een")
    _load(view, qtbot, first)
    _mark(view, qtbot)
    fewer = _page(tmp_path, "b", areas.iloc[1:].copy(), wijken, 2, "Minder gebieden")
    _load(view, qtbot, fewer)
    seen = _seen(view, qtbot)
    assert seen["marker"] is None and len(seen["areas"]) == len(areas) - 1 and "Minder" in seen["title"]
    # the user turned the hot spots off: a map that shows them is a new page (as it was before)
    same = _page(tmp_path, "c", areas.iloc[1:].copy(), wijken, 3, "Zelfde vormen")
    _mark(view, qtbot)
    done = []
    view.page.runJavaScript("var m = window.__wijkbeeldMaps[0]; m.eachLayer(function (l) {"
                            " if (l.wbId === 'gi') { m.removeLayer(l); } }); true", 0, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    _load(view, qtbot, same)
    seen = _seen(view, qtbot)
    assert seen["marker"] is None and "Zelfde" in seen["title"]
    _mark(view, qtbot)
    hidden = _page(tmp_path, "d", areas.iloc[1:].copy(), wijken, 3, "Afgeschermd", PrivacyRules(5))
    _load(view, qtbot, hidden)
    seen = _seen(view, qtbot)
    assert seen["marker"] is None and "Afgeschermd" in seen["title"]


def test_the_last_map_asked_for_is_the_one_shown(shapes, qtbot, tmp_path):
    """Two maps asked for at once (a restyle and then a new page): the page ends with the last."""
    areas, wijken = shapes
    view = _view(qtbot)
    _load(view, qtbot, _page(tmp_path, "a", areas, wijken, 1, "Een"))
    restyled = _page(tmp_path, "b", areas.copy(), wijken, 2, "Twee")
    other = _page(tmp_path, "c", areas.iloc[2:].copy(), wijken, 3, "Drie")
    view.load_map(restyled)
    with qtbot.waitSignal(view.mapReady, timeout=20000):
        view.load_map(other)
    qtbot.waitUntil(lambda: view.ready, timeout=20000)
    qtbot.wait(300)
    seen = _seen(view, qtbot)
    assert "Drie" in seen["title"] and len(seen["areas"]) == len(areas) - 2
    assert view.path == other.resolve()


def test_the_page_of_other_shapes_is_kept_to_go_back_to(shapes, qtbot, tmp_path):
    """Buurten, then another level, then the buurten again (at another period): the buurten's page comes back,
    restyled, as a new page of that map would show it; one page is kept (of two, the one with more areas: the
    buurten after the wijken and the gemeente), and a kept page's clicks count for nothing while not shown."""
    areas, wijken = shapes
    view, fresh = _view(qtbot), _view(qtbot)
    _load(view, qtbot, _page(tmp_path, "a", areas, wijken, 1, "Buurten januari"))
    _mark(view, qtbot, "buurten")
    _load(view, qtbot, _page(tmp_path, "b", areas.iloc[:50].copy(), wijken, 2, "Andere vormen"))
    seen = _seen(view, qtbot)
    assert seen["marker"] is None and len(seen["areas"]) == 50
    _mark(view, qtbot, "andere")
    february = _page(tmp_path, "c", areas.copy(), wijken, 3, "Buurten februari")
    _load(view, qtbot, february)
    back = _seen(view, qtbot)
    assert back["marker"] == "buurten" and view.path == february.resolve()
    _load(fresh, qtbot, february)
    assert {k: v for k, v in back.items() if k != "marker"} == \
        {k: v for k, v in _seen(fresh, qtbot).items() if k != "marker"}
    _load(view, qtbot, _page(tmp_path, "d", areas.iloc[:50].copy(), wijken, 4, "Andere vormen, maart"))
    seen = _seen(view, qtbot)
    assert seen["marker"] == "andere" and "maart" in seen["title"]
    with qtbot.assertNotEmitted(view.areaClicked, wait=500), qtbot.assertNotEmitted(view.mapReady, wait=500):
        view.pages()[1].runJavaScript("wijkbeeld_bridge.areaClicked('BU00140000'); wijkbeeld_bridge.pageReady(3)")
    # one page is kept, of two the one with more areas: after a third set of shapes the buurten's page is there
    _load(view, qtbot, _page(tmp_path, "e", areas.iloc[60:].copy(), wijken, 5, "Derde vormen"))
    assert _seen(view, qtbot)["marker"] is None
    _load(view, qtbot, _page(tmp_path, "f", areas.iloc[:50].copy(), wijken, 6, "Andere vormen, april"))
    assert _seen(view, qtbot)["marker"] is None  # the smaller page was the one replaced
    _load(view, qtbot, _page(tmp_path, "g", areas.copy(), wijken, 7, "Buurten mei"))
    seen = _seen(view, qtbot)
    assert seen["marker"] == "buurten" and "mei" in seen["title"] and len(view.pages()) == 2


def test_an_export_opened_in_the_map_view_opens_in_the_page_shown(shapes, qtbot, tmp_path):
    """A page without an update (an exported map opened again) is no map of the window: it replaces the page
    shown, whose settings it gets (the tests of the offline rule lift Chromium's own block on it)."""
    areas, wijken = shapes
    view = _view(qtbot)
    _load(view, qtbot, _page(tmp_path, "a", areas, wijken, 1, "Venster"))
    page = view.page
    export = tmp_path / "export.html"
    save_html(hotspot_map(fake_result(areas, seed=2), boundaries=wijken, meta=ReportMeta(title="Export")), export)
    _load(view, qtbot, export)
    assert view.page is page and len(view.pages()) == 1 and "Export" in _seen(view, qtbot)["title"]


def test_showing_maps_imports_no_map_writer(shapes, tmp_path):
    """The map view reads an update beside a page without importing folium (a second, and an SSL library beside
    QtWebEngine's own: the national window crashed at its first map when it did)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    areas, wijken = shapes
    one, two = _page(tmp_path, "a", areas, wijken, 1, "Een"), _page(tmp_path, "b", areas, wijken, 2, "Twee")
    code = f"""
import sys
from desktop.app import application
app = application()
from desktop.map_view import MapView
from PySide6.QtCore import QTimer
view = MapView(); view.resize(600, 400); view.show()
pages = [{str(one)!r}, {str(two)!r}]
def next_page(_=None):
    if pages:
        view.load_map(pages.pop(0))
    else:
        print("SHOWN", view.path.name, view.path.parent.name, flush=True)
        print("IMPORTED", sorted(m for m in ("folium", "jinja2", "branca", "requests", "ssl") if m in sys.modules))
        app.quit()
view.mapReady.connect(next_page)
QTimer.singleShot(0, next_page)
QTimer.singleShot(60000, app.quit)
app.exec()
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env,
                         cwd=Path(__file__).resolve().parents[2])
    assert "SHOWN kaart.html b" in out.stdout, out.stderr[-2000:]
    assert "IMPORTED []" in out.stdout


def _end_renderer(view, qtbot, page) -> None:
    import os
    import signal

    pid = page.renderProcessPid()
    assert pid > 0
    with qtbot.waitSignal(page.renderProcessTerminated, timeout=10000):
        os.kill(pid, signal.SIGKILL)


def test_a_map_whose_renderer_ends_opens_again_once_and_then_says_so(shapes, qtbot, tmp_path):
    """Chromium's renderer of a page can end (a crash, too little memory, killed): the page would stay blank and
    never say it is ready, and the window wait for it. The kept page is let go; the map shown opens again (ready,
    the same map); a second end at the same map shows a message instead of trying for ever, and the next map
    opens as usual."""
    from desktop.strings import tr

    areas, wijken = shapes
    view = _view(qtbot)
    _load(view, qtbot, _page(tmp_path, "a", areas, wijken, 1, "Buurten"))
    _load(view, qtbot, _page(tmp_path, "b", areas.iloc[:50].copy(), wijken, 2, "Andere vormen"))
    kept = view.pages()[1]
    if kept.renderProcessPid() != view.page.renderProcessPid():  # a renderer of its own: only it ends
        _end_renderer(view, qtbot, kept)
        qtbot.waitUntil(lambda: len(view.pages()) == 1, timeout=5000)
        assert view.ready and "Andere vormen" in _seen(view, qtbot)["title"]
    with qtbot.waitSignal(view.mapReady, timeout=20000):
        _end_renderer(view, qtbot, view.page)
    assert view.ready and view.currentWidget() is view.view and "Andere vormen" in _seen(view, qtbot)["title"]
    assert len(view.pages()) == 1
    _end_renderer(view, qtbot, view.page)
    qtbot.waitUntil(lambda: view.currentWidget() is view.message, timeout=5000)
    assert not view.ready and view.message.text() == tr("map.renderer_gone")
    _load(view, qtbot, _page(tmp_path, "c", areas, wijken, 3, "Buurten, weer"))
    assert view.currentWidget() is view.view and "weer" in _seen(view, qtbot)["title"]
