"""Issue 18, levels: the window's level switch (gemeente, wijk, buurt) on the demo project.

The table, the map, the charts and the Ontwikkeling tab follow the level; the numbers are those of a
hand aggregation (pandas groupby over the buurt codes) and of esda on the wijken; the level is saved
with the project and restored.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

BZ = "BU00140001"  # Binnenstad-Zuid, in wijk Centrum (WK001400)


def _switch(window, qtbot, level: str):
    """Choose ``level`` in the data panel's box; wait for the analysis (and charts) at that level."""
    c = window.controller
    box = window.data_panel.level
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        box.setCurrentIndex(box.findData(level))
    qtbot.waitUntil(lambda: not c.selection.chart_runner.is_running() and not c.analysis.runner.is_running()
                    and not c.completing(), timeout=30000)  # (its hot times and trends follow the charts)
    return c.state.analysis


def _wijk_of(code) -> str:
    return "WK" + str(code)[2:8]


def test_wijk_totals_equal_a_groupby_over_the_buurt_codes(demo, qtbot):
    """Wijk level: one row per CBS wijk, each with the sum of its buurten's incidents (a hand groupby)."""
    c = demo.controller
    box = demo.data_panel.level
    assert [box.itemText(i) for i in range(box.count())] == ["Gemeente", "Wijk", "Buurt"]
    assert box.currentData() == "buurt"
    c.selection.select([BZ], source="table")
    analysis = _switch(demo, qtbot, "wijk")
    assert analysis.level == "wijk" and c.chosen.level == "wijk"
    got = analysis.result.areas.set_index("code")["count"]
    # by hand: the demo incidents of the period located in the buurten, summed per wijk code
    from hotspots.where.assign import ensure_assigned

    p = c.state.project
    inc = c.analysis.filtered_incidents()
    located = ensure_assigned(inc.drop(columns="area", errors="ignore"), p.areas).incidents
    by_hand = located.dropna(subset=["area"]).groupby(located["area"].map(_wijk_of))["id"].count()
    wijken = set(p.outlines["code"])
    assert set(got.index) == wijken
    for code in wijken:
        assert got[code] == by_hand.get(code, 0), code
    # the table shows the wijken by name; the selection went from Binnenstad-Zuid to its wijk Centrum
    table = demo.table
    assert table.model.rowCount() == len(wijken)
    assert c.chosen.selected == ["WK001400"]
    assert demo.table.selected_codes() == ["WK001400"]
    # the charts: Centrum's months (all its buurten)
    monthly = c.state.charts.monthly
    assert "Centrum" in c.state.charts.title
    centrum = located[located["area"].map(_wijk_of) == "WK001400"]
    assert monthly["count"].sum() == len(centrum)
    # the Ontwikkeling tab follows the same level
    assert demo.development_panel is None or demo.development_panel.level.currentData() == "wijk"


def test_gi_star_at_wijk_level_equals_esda_on_the_wijken(demo, qtbot):
    """Gi* at wijk level: the z-scores of esda's G_Local on the same wijken, queen weights, binary."""
    esda = pytest.importorskip("esda")
    libpysal = pytest.importorskip("libpysal")
    c = demo.controller
    analysis = _switch(demo, qtbot, "wijk")
    areas = analysis.result.areas.reset_index(drop=True)
    w = libpysal.weights.Queen.from_dataframe(areas, use_index=False, silence_warnings=True)
    w.transform = "B"
    g = esda.G_Local(areas["count"].to_numpy(float), w, transform="B", star=True, permutations=0)
    np.testing.assert_allclose(areas["z"].to_numpy(float), g.Zs, rtol=1e-9, atol=1e-9)


def test_gemeente_level_shows_its_count(demo, qtbot):
    """One gemeente: no hot spots (too few areas, said so), its count on the map and in the table."""
    c = demo.controller
    analysis = _switch(demo, qtbot, "gemeente")
    areas = analysis.result.areas
    assert list(areas["code"]) == ["GM0014"]
    assert areas["count"].iloc[0] == len(c.analysis.filtered_incidents().dropna(subset=["area"]))
    assert any("gemeenteniveau" in n for n in analysis.result.notes)
    assert demo.table.model.rowCount() == 1


def test_level_is_saved_and_restored(demo, second_window, qtbot, tmp_path):
    """Save at wijk level with Centrum selected, open again: the window is at wijk level, Centrum selected."""
    c = demo.controller
    c.selection.select([BZ], source="table")
    _switch(demo, qtbot, "wijk")
    path = tmp_path / "wijken.gpkg"
    with qtbot.waitSignal(c.project.saved, timeout=30000):
        c.project.save(path)
    from importers.project import load_project

    assert load_project(path).view.get("level") == "wijk"
    demo.close()
    again = second_window
    c2 = again.controller
    with qtbot.waitSignals([c2.analysis.done, again.map_view.mapReady], timeout=60000):
        c2.project.open_project(path)
    assert c2.chosen.level == "wijk" and again.data_panel.level.currentData() == "wijk"
    assert c2.state.analysis.level == "wijk" and c2.chosen.selected == ["WK001400"]
    assert set(c2.state.analysis.result.areas["code"]) == set(c2.state.project.outlines["code"])
    assert again.table.selected_codes() == ["WK001400"]
    again.close()


def _map_classes(path, layer_id: str = "verandering") -> dict:
    """The class label of every area as the map page's layer draws it (its configuration); None: no class."""
    import json

    from tests.disclosure_audit import map_config

    layer = next(spec for spec in map_config(path)["layers"] if spec["id"] == layer_id)
    data = layer["data"] if isinstance(layer["data"], dict) else json.loads(layer["data"])
    return {f["properties"]["c"]: (layer["class_labels"][f["properties"]["k"]] if "k" in f["properties"] else None)
            for f in data["features"]}


def test_map_of_the_change_has_the_classes_of_the_core_test(demo, qtbot):
    """Wijk level, 2015 against 2016 on the Ontwikkeling tab's A/B page: the main map shows every wijk as a
    significant rise, fall or no change, exactly as compare_periods' test (FDR) classes them; the table shows
    the same; leaving the tab brings the hot-spot map back."""
    from hotspots.change.compare import compare_periods
    from hotspots.levels import incidents_at
    from mapping.change_map import LABELS, change_classes

    c = demo.controller
    _switch(demo, qtbot, "wijk")
    demo.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: c.questions.development is not None and not c.development.dev_runner.is_running(),
                    timeout=30000)
    panel = demo.development_panel
    assert panel.level.currentData() == "wijk"
    panel.tabs.setCurrentIndex(1)
    panel.set_period("a", "2015-01", "2015-12")
    panel.set_period("b", "2016-01", "2016-12")
    with qtbot.waitSignal(c.development.compared, timeout=30000):
        panel.compare_button.click()
    table, _, page = c.questions.comparison
    assert c.state.map_page == page.resolve()
    # the core's own test on the incidents moved to their wijk: its significant rows and their direction
    p = c.state.project
    core = compare_periods(incidents=incidents_at(p.incidents, p.areas, "wijk"), before=("2015-01", "2015-12"),
                           after=("2016-01", "2016-12")).table.set_index("code")
    want = {code: LABELS["stijging" if r.after > r.before else "daling"] if r.significant else LABELS["geen"]
            for code, r in core.iterrows()}
    shown = _map_classes(page)
    assert {code: cls for code, cls in shown.items() if cls is not None} == want
    assert set(shown) == set(p.outlines["code"])  # every wijk drawn (without figures: no class)
    assert change_classes(table.set_index("code")).map(LABELS).to_dict() == want
    assert shown["WK001400"] == "Significante stijging"  # Centrum: 1,559 -> 1,763
    # unticked, or another tab: the hot-spot map again; ticked on the tab: the change again
    panel.change_map.setChecked(False)
    assert c.state.map_page == c.state.analysis.map_path.resolve()
    panel.change_map.setChecked(True)
    assert c.state.map_page == page.resolve()
    demo.tabs.setCurrentIndex(0)
    assert c.state.map_page == c.state.analysis.map_path.resolve()


def test_centrum_is_found_whether_wijk_or_buurt(demo, qtbot):
    """The table's search at buurt level: "centrum" is a wijk; one click shows the wijken with Centrum selected.
    Back at wijk level, a buurt's name leads to the buurten the same way."""
    c = demo.controller
    table = demo.table
    table.search.setText("centrum")
    assert table.other_level.isVisibleTo(table)
    assert table.other_level.text().startswith("'Centrum' is een wijk (WK001400)")
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        table.other_level.click()
    qtbot.waitUntil(lambda: not c.selection.chart_runner.is_running(), timeout=30000)
    assert c.chosen.level == "wijk" and demo.data_panel.level.currentData() == "wijk"
    assert c.chosen.selected == ["WK001400"] and table.selected_codes() == ["WK001400"]
    assert table.search.text() == "" and not table.other_level.isVisibleTo(table)
    assert "Centrum" in c.state.charts.title
    table.search.setText("Binnenstad-Zuid")
    assert table.other_level.text().startswith("'Binnenstad-Zuid' is een buurt (BU00140001)")
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        table.other_level.click()
    assert c.chosen.level == "buurt" and c.chosen.selected == [BZ] and table.selected_codes() == [BZ]
    table.search.setText("Groningen")  # the gemeente, by its name
    assert "is een gemeente (GM0014)" in table.other_level.text()
    table.search.setText("Nergenshuizen")
    assert not table.other_level.isVisibleTo(table)


def test_cells_are_a_level_while_the_method_uses_cells(demo, qtbot):
    """"Cellen" is in the level box while the method is Gi* in cells, and shown as the level; choosing Wijk
    then gives Gi* per wijk (the form follows)."""
    c = demo.controller
    box = demo.data_panel.level
    assert box.findData("cellen") < 0
    with qtbot.waitSignal(c.analysis.done, timeout=120000):
        c.analysis.run("hotspots", {**c.chosen.params, "method": "grid"})
    assert [box.itemData(i) for i in range(box.count())] == ["gemeente", "wijk", "buurt", "cellen"]
    assert box.currentData() == "cellen"
    analysis = _switch(demo, qtbot, "wijk")
    assert c.chosen.params["method"] == "gistar" and demo.settings_panel.current()[1]["method"] == "gistar"
    assert analysis.level == "wijk" and set(analysis.result.areas["code"]) == set(c.state.project.outlines["code"])
    assert box.findData("cellen") < 0 and box.currentData() == "wijk"


def test_exports_follow_the_level(demo, qtbot, tmp_path):
    """At wijk level the exported workbook (read with openpyxl) and map hold the wijken the window shows."""
    from openpyxl import load_workbook

    from desktop import exports

    c = demo.controller
    analysis = _switch(demo, qtbot, "wijk")
    xlsx = exports.export(c, "action.export_xlsx", tmp_path / "wijken.xlsx")
    book = load_workbook(xlsx)
    sheet = book[book.sheetnames[0]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Wijkcode", "Wijk") and rows[0].count("Wijkcode") == 1
    assert {r[0] for r in rows[1:]} == set(analysis.result.areas["code"])
    assert dict((r[1], r[2]) for r in rows[1:])["Centrum"] == analysis.result.areas.set_index("name").loc["Centrum", "count"]
    html = exports.export(c, "action.export_html", tmp_path / "kaart.html").read_text(encoding="utf-8")
    assert "WK001400" in html and "BU00140001" not in html
