"""Vergelijking follows the data panel's choice (issues 12 and 18): with two incident sources and a theme across
them the wijken are compared on exactly those incidents, as the core does it (:func:`benchmark_wijken` run
directly; the window computes nothing itself), and another division (Indeling) gives its own areas."""
from __future__ import annotations

import json

import pandas as pd
import pytest

pytestmark = pytest.mark.qt

from test_comparison_tab import _cells, compared  # noqa: E402,F401  (the fixture: the demo with a reference set)
from test_sources import _import, _own_wijken  # noqa: E402
from test_spacetime_choice import two_sources_and_a_theme  # noqa: E402


def _own_wijken_with_people(path):
    """The 25 own wijken of test_sources, each with inhabitants (the wijken need them for a rate)."""
    _own_wijken(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    for i, f in enumerate(data["features"]):
        f["properties"]["aantal_inwoners"] = 800 + 37 * i
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _show(window, qtbot):
    c = window.controller.comparison
    with qtbot.waitSignal(c.compared, timeout=180000):
        window.tabs.setCurrentWidget(window.comparison_panel)
    return c.result["comparison"]


def test_vergelijking_follows_two_sources_a_theme_and_the_division(compared, qtbot, tmp_path):
    from hotspots.benchmark.wijken import benchmark_wijken

    window, c = compared, compared.controller
    panel = window.comparison_panel
    before = c.comparison.result["comparison"].wijken.table
    window.tabs.setCurrentIndex(0)  # the imports happen elsewhere; the tab compares when it is shown again
    first, boa, chosen = two_sources_and_a_theme(window, qtbot, tmp_path)
    p = c.state.project
    comp = _show(window, qtbot)
    direct = benchmark_wijken(p.areas, incidents=chosen.assign(category="Fiets en afval"), wijken=p.outlines,
                              gemeente="GM0014")
    pd.testing.assert_frame_equal(comp.wijken.table.reset_index(drop=True), direct.table.reset_index(drop=True))
    assert not comp.wijken.table["count"].equals(before["count"])  # not the first source's whole series any more
    assert set(comp.wijken.table["category_label"]) == {"Fiets en afval"}
    notes = panel.notes.text()
    assert "Wijken tegen de gemeente: Fiets en afval" in notes and first in notes and boa in notes, notes
    year = int(direct.table["year"].max())
    panel.year_box.setCurrentIndex(panel.year_box.findData(year))
    latest = direct.table[direct.table["year"] == year]
    shown = {r[0]: r for r in _cells(panel.wijken)}
    assert set(shown) == set(latest["name"])
    # another division: the municipality's own wijken (with inhabitants), the incidents located in them
    window.tabs.setCurrentIndex(0)
    _import(window, qtbot, _own_wijken_with_people(tmp_path / "eigen_wijken.geojson"), "beside")
    assert c.chosen.division == "eigen_wijken"
    comp = _show(window, qtbot)
    own = p.division("eigen_wijken").areas["wijk"]
    direct = benchmark_wijken(own, incidents=chosen.drop(columns="area").assign(category="Fiets en afval"),
                              gemeente="GM0014")
    pd.testing.assert_frame_equal(comp.wijken.table.reset_index(drop=True), direct.table.reset_index(drop=True))
    assert set(comp.wijken.table["name"]) <= {f"Eigen wijk {i}" for i in range(25)}
    assert "indeling eigen_wijken" in panel.notes.text()
