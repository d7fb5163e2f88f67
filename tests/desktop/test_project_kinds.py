"""Projects with part of the data: boundaries only show their map and table; counts only fill the period
boxes (and the period chosen there is the one analysed); every warning and note is shown beside the map."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt

from PySide6.QtCore import Qt  # noqa: E402

from desktop.table_cells import COLUMNS  # noqa: E402


@pytest.fixture(scope="module")
def demo_data():
    import importers
    from resources import demo

    areas, _ = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    counts, _ = importers.read_counts(demo.COUNTS, areas=areas)
    return areas, counts


def _open(window, qtbot, tmp_path, **layers):
    from importers.project import Project, save_project

    path = tmp_path / "deel.gpkg"
    save_project(Project(name="Deel", **layers), path)
    c = window.controller
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=60000):
        c.project.open_project(path)
    return c


def _shown_columns(window) -> list[str]:
    return [COLUMNS[i][0] for i in range(len(COLUMNS)) if not window.table.view.isColumnHidden(i)]


def test_boundaries_only_show_map_and_table(window, qtbot, tmp_path, demo_data):
    areas, _ = demo_data
    c = _open(window, qtbot, tmp_path, areas=areas)
    assert window.map_view.currentWidget() is window.map_view.view and window.map_view.ready
    assert window.table.model.rowCount() == 108
    assert _shown_columns(window) == ["code", "name", "population"]  # nothing that needs incidents
    assert "Nog geen incidenten of tellingen" in window.notes.plain_text()
    with qtbot.waitSignal(c.selection.changed, timeout=5000) as picked:
        window.map_view.page.runJavaScript("wijkbeeld_bridge.areaClicked('BU00140001')")
    assert picked.args == [["BU00140001"]] and window.table.selected_codes() == ["BU00140001"]


def test_counts_only_fill_the_period_boxes_and_the_period_is_analysed(window, qtbot, tmp_path, demo_data):
    areas, counts = demo_data
    c = _open(window, qtbot, tmp_path, areas=areas, counts=counts)
    panel = window.data_panel
    assert panel.start.count() > 12 and panel.start.itemData(0) == "2014-01"
    assert panel.end.itemData(panel.end.count() - 1) == "2016-12"
    assert "2014" in panel.labels["counts"].text()
    from hotspots.where.hotspots import run_hotspots

    def expected(frame):  # the engine on the counts themselves (it chooses the category to count)
        return run_hotspots(areas, counts=frame).areas["count"].sum()

    total = window.table.model.frame["count"].sum()
    assert total == pytest.approx(expected(counts))
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        panel.start.setCurrentIndex(panel.start.findData("2016-01"))
    in_2016 = expected(counts[[p.year == 2016 for p in counts["period"]]])
    assert window.table.model.frame["count"].sum() == pytest.approx(in_2016) and in_2016 < total


def test_every_warning_and_note_is_beside_the_map(demo, qtbot):
    """The optimised mode's choices of cell size and distance band, mostly zeros, hot through neighbours,
    the year mismatch: all in the strip under the map, in Dutch; the caption names the distance band."""
    panel = demo.settings_panel
    form = panel.by_name["hotspots"]
    form.editors["method"].setCurrentIndex(form.editors["method"].findData("optimised"))
    form.editors["permutations"].setValue(99)
    c = demo.controller
    with qtbot.waitSignal(c.analysis.done, timeout=120000) as done:
        panel.run_button.click()
    result = done.args[0].result
    shown = demo.notes.plain_text()
    for line in result.warnings + result.notes:
        assert line in shown
    assert "Gekozen celgrootte: 100 m." in shown and "323,5 m" in shown
    assert "83%" in demo.notes.summary.text() or "waarschuwing" in demo.notes.summary.text()
    html = done.args[0].map_path.read_text(encoding="utf-8")
    assert "buren: binnen 323,5 m" in html and "buren: queen" not in html
    assert demo.table.model.frame["name"].iloc[0].count(", cel ") == 1  # a readable name, not the cell code
    assert "population" not in _shown_columns(demo) and "z" in _shown_columns(demo)


def test_lisa_classes_read_as_the_legend_and_z_is_hidden(demo, qtbot):
    panel = demo.settings_panel
    form = panel.by_name["hotspots"]
    form.editors["method"].setCurrentIndex(form.editors["method"].findData("lisa"))
    form.editors["permutations"].setValue(99)
    form.editors["fdr"].setChecked(False)  # with 99 permutations nothing survives the correction
    c = demo.controller
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        panel.run_button.click()
    model = demo.table.model
    texts = {model.data(model.index(r, len(COLUMNS) - 1)) for r in range(model.rowCount())}
    assert "Hoog-hoog (cluster)" in texts and "HH" not in texts
    assert "z" not in _shown_columns(demo) and "p_fdr" in _shown_columns(demo)
    row = model.row_of("BU00140000")
    assert model.data(model.index(row, len(COLUMNS) - 1), Qt.ItemDataRole.BackgroundRole) is not None
