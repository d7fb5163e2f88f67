"""What the screenshot showed: the plan on the map, 'automatisch' for cell size 0, every year labelled."""
from __future__ import annotations

import pandas as pd
import pytest

pytestmark = pytest.mark.qt

from PySide6.QtCore import Qt  # noqa: E402


def test_cell_size_zero_reads_automatisch(window, qtbot):
    from PySide6.QtWidgets import QAbstractSpinBox

    # the forms follow once a thread has imported the analyses (the window never freezes for it)
    qtbot.waitUntil(lambda: "hotspots" in window.settings_panel.by_name, timeout=20000)
    spins = [w for w in window.settings_panel.findChildren(QAbstractSpinBox)
             if w.objectName() in ("param_cell", "param_distance", "param_bandwidth", "param_permutations")]
    assert {w.objectName() for w in spins} == {"param_cell", "param_distance", "param_bandwidth",
                                               "param_permutations"}
    for w in spins:
        w.setValue(0.0)
        assert w.text() == "automatisch"
        w.setValue(250)
        assert w.text() != "automatisch"


def test_monthly_chart_labels_every_year(qtbot):
    from desktop.charts import ChartsPanel
    from desktop.tasks import ChartData

    panel = ChartsPanel()
    qtbot.addWidget(panel)
    months = pd.period_range("2014-01", "2016-12", freq="M")
    monthly = pd.DataFrame({"month": months, "count": range(len(months)), "prev_year": range(len(months))})
    panel.set_data(ChartData("Alle buurten", monthly=monthly))
    ticks = panel.monthly.plot.getAxis("bottom")._tickLevels[0]
    assert [label for _, label in ticks] == ["2014", "2015", "2016"]
    assert all(0 <= pos <= len(months) - 1 for pos, _ in ticks)


def test_inzet_plan_is_drawn_on_the_map(demo, qtbot):
    if demo.tabs.count() < 2:
        pytest.skip("het Inzet-paneel is niet geïnstalleerd")
    c = demo.controller
    demo.tabs.setCurrentIndex(1)
    panel = demo.inzet_panel
    with qtbot.waitSignals([c.inzet.plan_runner.resultReady, demo.map_view.mapReady], timeout=60000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert demo.map_view.path.name == "inzet.html"
    html = demo.map_view.path.read_text(encoding="utf-8")
    assert "BOA-inzet" in html and "Diensten per week" in html
    # back on the charts tab the hot-spot map returns
    with qtbot.waitSignal(demo.map_view.mapReady, timeout=30000):
        demo.tabs.setCurrentIndex(0)
    assert demo.map_view.path == c.state.analysis.map_path.resolve()
