"""The controller routes the Inzet tab and stops every job: plan made on its runner, Afbreken stops all."""
from __future__ import annotations

import threading
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

pytestmark = pytest.mark.qt

from PySide6.QtCore import Qt, QTimer  # noqa: E402

from kernel.errors import Cancelled  # noqa: E402
from importers.project import Project  # noqa: E402


@pytest.fixture
def planner(window, qtbot):
    """The window with a small project (four buurten, eight weeks of incidents) and the Inzet tab open."""
    areas = gpd.GeoDataFrame({"code": [f"BU{i:08d}" for i in range(4)], "name": ["Centrum", "Noord", "Oost", "Zuid"]},
                             geometry=[box(1000 * i, 0, 1000 * i + 1000, 1000) for i in range(4)], crs="EPSG:28992")
    rows = []
    for w in range(8):
        for a, ts, k in [(0, "2024-01-02 20:00", 5), (1, "2024-01-05 15:00", 3), (2, "2024-01-06 11:00", 2)]:
            rows += [{"x": 1000 * a + 500.0, "y": 500.0, "start": pd.Timestamp(ts) + pd.Timedelta(weeks=w),
                      "category": "Diefstal Fiets"}] * k
    inc = pd.DataFrame(rows)
    inc["end"] = pd.NaT
    inc["id"] = np.arange(len(inc)).astype(str)
    c = window.controller
    c.state.project = Project(areas=areas, incidents=inc, name="proef")
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.inzet_panel is not None, timeout=10000)
    assert window.inzet_panel.run_button.isEnabled()
    yield window
    c.cancel()
    for r in c.runners():
        r.wait(10)


class Slow:
    """A stand-in core function that runs until it is cancelled (checking ``cancelled`` in a loop)."""

    def __init__(self):
        self.started, self.stopped = threading.Event(), threading.Event()
        self.calls = 0

    def __call__(self, *args, progress=None, cancelled=None, **kwargs):
        self.calls += 1
        self.started.set()
        try:
            for i in range(3000):  # at most 30 s
                if cancelled():
                    raise Cancelled()
                progress(i / 3000, "bezig")
                time.sleep(0.01)
            raise AssertionError("never cancelled")
        finally:
            self.stopped.set()


def _responsive(qtbot) -> None:
    """The event loop keeps turning: a 10 ms timer fires again and again."""
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=2000)
    finally:
        timer.stop()


def test_plan_is_made_by_the_controller_and_shown_on_panel_and_map(planner, qtbot):
    c, panel = planner.controller, planner.inzet_panel
    panel.shifts_spin.setValue(1)
    panel.hours_spin.setValue(2)
    with qtbot.waitSignals([c.inzet.plan_maker.started, c.inzet.plan_maker.resultReady, c.inzet.plan_runner.resultReady],
                           timeout=60000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    plan = c.state.plan
    assert panel.plan is plan and plan.shifts.iloc[0]["area_name"] == "Centrum"
    assert panel.rooster.item(1, 0).text() == "20:00-22:00\nCentrum"
    assert panel.plan_page.covers.text().startswith("Plan voor maart 2024: 1 diensten van 2 uur per week")
    assert plan.changes is not None  # the plan for February beside it
    assert c.state.plan_map is not None and c.state.plan_map.name == "inzet.html"
    assert not hasattr(panel, "runner")  # the panel runs nothing itself


def test_afbreken_stops_a_running_plan(planner, qtbot, monkeypatch):
    from hotspots.inzet import plan as inzet

    slow = Slow()
    monkeypatch.setattr(inzet, "run", slow)
    c, panel, bar = planner.controller, planner.inzet_panel, planner.progress
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert slow.started.wait(10) and c.inzet.plan_maker.is_running()
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=5000)  # the plan's progress is in the status bar
    _responsive(qtbot)
    with qtbot.waitSignal(c.inzet.plan_maker.cancelled, timeout=5000):
        qtbot.mouseClick(bar.cancel, Qt.MouseButton.LeftButton)  # Afbreken
    assert slow.stopped.wait(10)  # the core function saw the flag and returned
    assert not c.inzet.plan_maker.is_running() and not bar.isVisible()
    assert panel.status.text() == "Afgebroken."
    _responsive(qtbot)


def test_cancel_stops_charts_and_plan_map_too(planner, qtbot, monkeypatch):
    from desktop import tasks

    charts, plan_map = Slow(), Slow()
    monkeypatch.setattr(tasks, "chart_data", charts)
    monkeypatch.setattr(tasks, "write_plan_map", plan_map)
    c = planner.controller
    c.selection.update_charts()
    c.inzet.plan_runner.start(tasks.write_plan_map, None)
    assert charts.started.wait(10) and plan_map.started.wait(10)
    assert c.selection.chart_runner.is_running() and c.inzet.plan_runner.is_running()
    c.cancel()
    assert charts.stopped.wait(10) and plan_map.stopped.wait(10)
    assert not any(r.is_running() for r in c.runners())
    _responsive(qtbot)


def test_a_new_plan_cancels_the_old_one(planner, qtbot, monkeypatch):
    from hotspots.inzet import plan as inzet

    first = Slow()
    monkeypatch.setattr(inzet, "run", first)
    c, panel = planner.controller, planner.inzet_panel
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert first.started.wait(10)
    monkeypatch.undo()  # the second run is the real planner
    panel.shifts_spin.setValue(1)
    with qtbot.waitSignal(c.inzet.plan_maker.resultReady, timeout=60000) as blocker:
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert first.stopped.wait(10)
    assert len(blocker.args[0].shifts) == 1 and panel.plan is blocker.args[0]
    qtbot.waitUntil(lambda: not planner.progress.isVisible(), timeout=30000)  # no run left in the status bar


def test_a_planning_error_reaches_the_user_in_dutch(planner, qtbot, monkeypatch):
    from desktop import errors
    from hotspots.inzet import plan as inzet
    from kernel.errors import AnalysisError

    def fails(*args, progress=None, cancelled=None, **kwargs):
        raise AnalysisError("Geen verwachte incidenten: de historie bevat niets in de gekozen categorieën.")

    monkeypatch.setattr(inzet, "run", fails)
    c, panel = planner.controller, planner.inzet_panel
    before = len(errors.SHOWN)
    with qtbot.waitSignal(c.inzet.plan_maker.errorOccurred, timeout=10000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert len(errors.SHOWN) == before + 1 and "Geen verwachte incidenten" in errors.SHOWN[-1].text()
    assert panel.status.text().startswith("Geen verwachte incidenten")
    assert c.state.plan is None


def test_the_plan_takes_the_theme_and_period_chosen_in_the_window(planner, qtbot):
    """A project theme (as the data panel's theme choice sets ``chosen.theme``) or the category chosen on the
    left: only its incidents; the window's period bounds the history; the panel says both."""
    from importers.projectmodel import Theme

    c, panel = planner.controller, planner.inzet_panel
    p = c.state.project
    extra = p.incidents.head(10).assign(category="Overlast", id=[f"o{i}" for i in range(10)])
    p.incidents = pd.concat([p.incidents, extra], ignore_index=True)
    source = p.sources_of("incidents")[0].name
    p.set_theme(Theme("Fietsen", {source: ["Diefstal Fiets"]}))
    c.chosen.theme = "Fietsen"
    c.chosen.filters = {"start": "2024-01", "end": "2024-01", "category": None}
    qtbot.waitUntil(lambda: "2024-01 t/m 2024-01, thema Fietsen" in panel.context.text(), timeout=5000)
    assert set(c.inzet.incidents()["category"]) == {"Diefstal Fiets"}
    assert c.inzet.period() == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01"))
    assert panel.target.itemText(0) == "februari 2024"  # the month after the period's data
    panel.shifts_spin.setValue(1)
    with qtbot.waitSignal(c.inzet.plan_maker.resultReady, timeout=60000) as blocker:
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    plan = blocker.args[0]
    assert plan.history[1] <= pd.Timestamp("2024-02-01") and plan.target[0] == pd.Timestamp("2024-02-01")
    # no theme chosen: the category on the left
    c.chosen.theme = None
    c.chosen.filters = {"start": "2024-01", "end": "2024-02", "category": "Overlast"}
    qtbot.waitUntil(lambda: "categorie Overlast" in panel.context.text(), timeout=5000)  # no theme: not "thema"
    assert set(c.inzet.incidents()["category"]) == {"Overlast"}
