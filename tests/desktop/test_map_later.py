"""The study area's outline that follows a window's map page (issue 19; mapping/later.py, desktop/map_later.py) is
drawn in the page shown once its union is done, in the real browser engine: the page is ready with the layer empty
(in the layer list from the start), gets one outline without being loaded again (the user's view stays), keeps it
when another map of the same areas restyles the page, and a page that shows another map by then is left alone."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")
pytestmark = pytest.mark.qt

from tests.desktop.page_helper import shown_map_view  # noqa: E402
from mapping import later  # noqa: E402
from mapping.meta import ReportMeta  # noqa: E402
from mapping.webmap import area_map, save_html, update_file, write_update  # noqa: E402
from tests.test_map_later import held_union, overlapping_cells  # noqa: E402,F401 - a fixture

SEEN = r"""(function () {
  var m = (window.__wijkbeeldMaps || [])[0];
  if (!m || !m.wijkbeeldState) { return null; }
  var g = m.wijkbeeldState.byId.gemeente;
  var layers = Array.prototype.map.call(document.querySelectorAll(".leaflet-control-layers-overlays label"),
    function (x) { return x.textContent.trim() + ":" + x.querySelector("input").checked; });
  return JSON.stringify({outline: g ? g.wbLines.getLayers().length : null, shown: g ? m.hasLayer(g) : null,
                         marker: window.__marker || null, layers: layers, zoom: m.getZoom()});
})()"""


def _run(view, qtbot, script):
    answers = []
    view.page.runJavaScript(script, 0, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=10000)
    return answers[0]


def _seen(view, qtbot) -> dict:
    return json.loads(_run(view, qtbot, SEEN))


def _page(tmp_path, name, areas, title, **kw):
    (tmp_path / name).mkdir()
    m = area_map(areas, meta=ReportMeta(title=title), **kw)
    path = tmp_path / name / "kaart.html"
    save_html(m, path)
    write_update(m, update_file(path))
    return path


def _shown(qtbot, tmp_path, areas, title):
    """A map view showing the page of ``areas`` written before their outline (:mod:`mapping.later`)."""
    first = _page(tmp_path, "a", areas, title, outline_later=True)
    view = shown_map_view(qtbot, 800, 560)
    with qtbot.waitSignal(view.mapReady, timeout=20000):
        view.load_map(first)
    return view, first


def test_the_outline_arrives_in_the_page_shown_without_a_new_page(qtbot, tmp_path, held_union):
    areas = overlapping_cells(offset=21)
    view, first = _shown(qtbot, tmp_path, areas, "Gebieden")
    seen = _seen(view, qtbot)
    assert seen["outline"] == 0 and seen["shown"] is True
    assert "Grens van het gebied:true" in seen["layers"] and view.later.waiting == 1
    _run(view, qtbot, "window.__marker = 'dezelfde pagina'; true")
    with qtbot.waitSignal(view.layerFilled, timeout=30000) as filled:
        held_union.set()
    assert filled.args == ["gemeente"] and view.later.waiting == 0
    seen = _seen(view, qtbot)
    assert seen["outline"] == 1 and seen["marker"] == "dezelfde pagina"  # the page was not loaded again
    assert "Grens van het gebied:true" in seen["layers"]
    assert later.MARK not in first.read_text(encoding="utf-8")  # and its file holds the outline too

    # another map of the same areas (the outline remembered: written whole) restyles this page, outline and all
    second = _page(tmp_path, "b", areas, "Gebieden, tweede kaart", outline_later=True)
    with qtbot.waitSignal(view.mapReady, timeout=20000):
        view.load_map(second)
    seen = _seen(view, qtbot)
    assert seen["marker"] == "dezelfde pagina" and seen["outline"] == 1


def test_a_page_that_shows_another_map_by_then_is_not_filled(qtbot, tmp_path, held_union):
    view, first = _shown(qtbot, tmp_path, overlapping_cells(offset=31), "Eerst")
    held_union.set()  # the other map's outline is made at once (under 1,000 areas)
    other = _page(tmp_path, "b", overlapping_cells(10, 10, offset=41), "Ander gebied")
    with qtbot.waitSignal(view.mapReady, timeout=20000):
        view.load_map(other)
    filled = []
    view.layerFilled.connect(filled.append)
    qtbot.wait(1500)
    assert _seen(view, qtbot)["outline"] == 1  # its own outline, drawn whole
    # the first page, kept to go back to, got its outline; the page shown got no second one
    assert all(layer == "gemeente" for layer in filled)
    assert later.MARK not in first.read_text(encoding="utf-8")
