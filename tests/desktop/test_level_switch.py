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
    qtbot.waitUntil(lambda: not c.selection.chart_runner.is_running() and not c.analysis.runner.is_running(),
                    timeout=30000)
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
