"""A window's map of areas that are no coverage is written before the study area's outline is unioned, and that
layer follows the page (issue 19: the national wijken's first map after the wizard; mapping/later.py): the page
holds it empty, the pending text is exactly what a whole map of the same areas draws, the page's file is completed
on disk, and both pages have one signature (another map of the same areas restyles the page). The fill in a real
page: tests/desktop/test_map_later.py."""
from __future__ import annotations

import threading

import geopandas as gpd
import pytest
import shapely

from mapping import later, simplify, webmap
from mapping.meta import ReportMeta


def overlapping_cells(n_x=40, n_y=30, offset=0):
    """1,200 boxes of 105 m on a 100 m grid (RD): they overlap, so they are no coverage."""
    cells = [shapely.box(x + offset, y, x + offset + 105, y + 105) for x in range(0, n_x * 100, 100)
             for y in range(0, n_y * 100, 100)]
    return gpd.GeoDataFrame({"code": [f"C{i}" for i in range(len(cells))], "name": None}, geometry=cells,
                            crs="EPSG:28992")


@pytest.fixture
def held_union(monkeypatch):
    """The outline's union waits until the test lets it go (as the national wijken's 0.7 s)."""
    go = threading.Event()
    real = simplify.dissolve

    def slow(frame, by, **kw):
        if by == "_all":
            assert go.wait(30)
        return real(frame, by, **kw)

    monkeypatch.setattr(simplify, "dissolve", slow)
    yield go
    go.set()


def _gemeente(m) -> dict:
    layers = next(c for c in m._children.values() if isinstance(c, webmap.WijkbeeldLayers)).config["layers"]
    return next(spec for spec in layers if spec["id"] == "gemeente")


def _layers(m) -> list:
    return next(c for c in m._children.values() if isinstance(c, webmap.WijkbeeldLayers)).config["layers"]


def test_the_outline_follows_the_page_and_is_what_a_whole_map_draws(tmp_path, held_union):
    areas = overlapping_cells()
    assert simplify.simplify_coverage(areas.geometry.values)[1] == "per polygon"  # no coverage
    m = webmap.area_map(areas, meta=ReportMeta(title="Gebieden"), outline_later=True)
    spec = _gemeente(m)
    assert later.MARK in str(spec["data"]) and set(m.wijkbeeld_later) == {"gemeente"}
    assert spec["name"] == "Grens van het gebied"  # in the layer list and the legend from the start
    page = tmp_path / "kaart.html"
    webmap.save_html(m, page)
    assert later.MARK in page.read_text(encoding="utf-8")
    pending = later.take(page)
    assert set(pending) == {"gemeente"} and later.take(page) == {}  # taken once
    assert not pending["gemeente"].done()

    held_union.set()
    empty, text = pending["gemeente"].result(timeout=30)
    whole = webmap.area_map(areas, meta=ReportMeta(title="Gebieden"))  # the outline remembered by now
    assert not getattr(whole, "wijkbeeld_later", None)
    assert text == webmap.script_json(_gemeente(whole)["data"])
    assert '"type":"Feature"' in text and later.MARK not in text
    # the page's file is completed on disk (a saved view, a page opened again draw the outline)
    for _ in range(100):
        html = page.read_text(encoding="utf-8")
        if later.MARK not in html:
            break
        threading.Event().wait(0.05)
    assert later.MARK not in html and text in html and empty not in html
    # the same signature: another map of these areas restyles the page that was written without the outline
    assert webmap.signature(_layers(m), "") == webmap.signature(_layers(whole), "")


def test_maps_that_leave_the_window_and_small_ones_are_written_whole(tmp_path):
    areas = overlapping_cells(offset=7)  # other shapes: their outline is not remembered
    whole = webmap.area_map(areas, meta=ReportMeta(title="Export"))
    assert not whole.wijkbeeld_later and later.MARK not in str(_gemeente(whole)["data"])
    small = overlapping_cells(10, 10, offset=3)  # under 1,000 areas the outline is made at once
    m = webmap.area_map(small, meta=ReportMeta(title="Klein"), outline_later=True)
    assert not m.wijkbeeld_later and '"type":"Feature"' in str(_gemeente(m)["data"])


def test_another_outline_changes_the_signature_but_not_through_the_outline_alone():
    """The outline is left out of the signature because it follows from the areas' shapes, which are in it."""
    a, b = overlapping_cells(10, 10, offset=1), overlapping_cells(10, 10, offset=2)
    sa = webmap.signature(_layers(webmap.area_map(a)), "")
    sb = webmap.signature(_layers(webmap.area_map(b)), "")
    assert sa != sb


def test_a_page_gone_before_its_layer_is_done_is_left_alone(tmp_path, held_union):
    areas = overlapping_cells(offset=11)
    m = webmap.area_map(areas, outline_later=True)
    page = tmp_path / "weg" / "kaart.html"
    webmap.save_html(m, page)
    pending = later.take(page)["gemeente"]
    page.unlink()
    held_union.set()
    pending.result(timeout=30)
    threading.Event().wait(0.2)
    assert not page.exists()
