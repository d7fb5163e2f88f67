"""The Inzetplanner panel on its own: change the inputs, press 'Plan maken', get the request, show the plan.

The panel runs nothing: the request is planned here as the controller would (its own
routing is tested in ``test_inzet_controller.py``).
"""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

pytest.importorskip("PySide6")
pytestmark = pytest.mark.qt

from PySide6.QtCore import QDate, Qt  # noqa: E402

from desktop import errors  # noqa: E402
from desktop.panels.inzet_panel import InzetPanel  # noqa: E402
from hotspots.inzet import plan as inzet  # noqa: E402


@pytest.fixture
def data():
    areas = gpd.GeoDataFrame({"code": [f"BU{i:08d}" for i in range(4)], "name": ["Centrum", "Noord", "Oost", "Zuid"]},
                             geometry=[box(1000 * i, 0, 1000 * i + 1000, 1000) for i in range(4)], crs="EPSG:28992")
    rows = []
    for w in range(8):
        for a, ts, k in [(0, "2024-01-02 20:00", 5), (1, "2024-01-05 15:00", 3), (2, "2024-01-06 11:00", 2),
                         (3, "2024-01-03 09:00", 1)]:
            rows += [{"x": 1000 * a + 500.0, "y": 500.0, "start": pd.Timestamp(ts) + pd.Timedelta(weeks=w),
                      "category": "Diefstal Fiets"}] * k
    inc = pd.DataFrame(rows)
    inc["end"] = pd.NaT
    inc["id"] = np.arange(len(inc)).astype(str)
    return areas, inc


def _ready(panel, data):
    """The data in, and what the window chose: the eight weeks of data, 'Plan voor' the month after."""
    panel.set_data(*data)
    start = data[1]["start"]
    panel.set_context("Het plan leert van alle incidenten.", start.min().normalize(), start.max().normalize())


def _make(qtbot, panel, data):
    """Press 'Plan maken', plan the request (what Controller.make_plan runs) and show the plan."""
    with qtbot.waitSignal(panel.planRequested, timeout=5000) as blocker:
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    request = blocker.args[0]
    assert set(request) == {"params", "target"}
    assert request["target"] == (pd.Timestamp("2024-03-01"), pd.Timestamp("2024-04-01"))  # the month after the data
    plan = inzet.run(*data, request["params"], target_from=request["target"][0], target_to=request["target"][1])
    panel.show_plan(plan)
    return plan


def _one_short_shift(qtbot, data) -> InzetPanel:
    """A panel with the data in (:func:`_ready`) and one shift of two hours a week: the look-back tests' plan."""
    panel = InzetPanel()
    qtbot.addWidget(panel)
    _ready(panel, data)
    panel.shifts_spin.setValue(1)
    panel.hours_spin.setValue(2)
    return panel


def _look_back(qtbot, panel, data):
    """Press 'Terugblik maken', make the Terugblik of the request (what the controller runs) and show it; returns
    the request and the plan."""
    with qtbot.waitSignal(panel.lookbackRequested, timeout=5000) as blocker:
        qtbot.mouseClick(panel.lookback_page.run_button, Qt.MouseButton.LeftButton)
    request = blocker.args[0]
    plan = inzet.run(*data, request["params"], evaluate_from=request["evaluate_from"],
                     evaluate_to=request["evaluate_to"])
    panel.show_lookback(plan)
    return request, plan


def test_changing_shifts_changes_plan_and_request(qtbot, data):
    panel = InzetPanel()
    qtbot.addWidget(panel)
    assert not panel.run_button.isEnabled()
    _ready(panel, data)
    assert panel.run_button.isEnabled()
    assert panel.target.itemText(0) == "maart 2024" and panel.target.count() == 12 + 8
    panel.shifts_spin.setValue(1)
    panel.hours_spin.setValue(2)
    plan1 = _make(qtbot, panel, data)
    assert len(plan1.shifts) == 1 and plan1.shifts.iloc[0]["area_name"] == "Centrum"
    assert panel.rooster.item(1, 0).text() == "20:00-22:00\nCentrum"  # dinsdag
    assert panel.reasons.count() == 1 and "Centrum" in panel.reasons.item(0).text()
    panel.shifts_spin.setValue(3)
    plan2 = _make(qtbot, panel, data)
    assert len(plan2.shifts) == 3
    assert set(plan2.shifts["area_name"]) == {"Centrum", "Noord", "Oost"}
    assert panel.rooster.item(4, 0).text() == "15:00-17:00\nNoord"  # vrijdag
    assert plan2.coverage > plan1.coverage
    assert "De diensten vallen op de plekken en tijden waar naar verwachting" in panel.plan_page.covers.text()
    assert "Dezelfde uren gelijk over de gemeente verdeeld" in panel.plan_page.covers.text()
    assert panel.reasons.count() == 3
    # what the map shows (the plan layer) changes with the plan
    from mapping.inzet_export import plan_layer

    shifts_on_map = [[f["properties"]["d"] for f in json.loads(plan_layer(p)[0]["data"])["features"]]
                     for p in (plan1, plan2)]
    assert shifts_on_map == [[1, 0, 0, 0], [1, 1, 1, 0]]


def test_excluded_area_is_left_out(qtbot, data):
    panel = InzetPanel()
    qtbot.addWidget(panel)
    _ready(panel, data)
    panel.shifts_spin.setValue(1)
    panel.set_excluded(["BU00000000"])
    assert panel.excluded() == ["BU00000000"]
    plan = _make(qtbot, panel, data)
    assert plan.shifts.iloc[0]["area_name"] == "Noord"


@pytest.mark.parametrize("field, typed, said", [
    ("hours", "7-", "Inzettijden: '7-' niet te lezen; schrijf bijvoorbeeld 07-23."),
    ("nights", "vrijdagnacht", "Nachtdiensten: 'vrijdagnacht' is geen dag; gebruik ma, di, wo, do, vr, za, zo."),
    ("categories", "woninginbraak=drie", "Categorieën: gewicht 'drie' van 'woninginbraak' is geen getal."),
])
def test_a_bad_setting_is_said_at_its_field_and_nothing_starts(qtbot, data, field, typed, said):
    """As the hot-spot form: the Dutch sentence under the field while it is typed, a red frame, and 'Plan maken'
    opens the settings page and starts nothing; never a message box."""
    panel = InzetPanel()
    qtbot.addWidget(panel)
    panel.show()
    _ready(panel, data)
    before = len(errors.SHOWN)
    panel.editors[field].setText(typed)
    message = panel.errors[field]
    assert message.text() == said and not message.isHidden()
    panel.pages.setCurrentIndex(0)
    with qtbot.assertNotEmitted(panel.planRequested):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.pages.currentIndex() == panel.pages.count() - 1  # Capaciteit en regels, where the field is
    assert "verbeter eerst het rood omlijnde veld" in panel.status.text()
    assert len(errors.SHOWN) == before
    panel.editors[field].setText(inzet.METHOD.param(field).default)
    assert message.isHidden() and message.text() == ""
    with qtbot.waitSignal(panel.planRequested, timeout=5000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)


def test_look_back_with_whole_dates_shows_the_plans_side_by_side(qtbot, data):
    panel = _one_short_shift(qtbot, data)
    page = panel.lookback_page
    # by default the last six whole months within the data (here: the data's first day to the end of January)
    assert page.date_from.text() == "02-01-2024" and page.date_to.text() == "31-01-2024"
    page.date_from.setDate(QDate(2024, 2, 6))
    page.date_to.setDate(QDate(2024, 3, 31))  # past the data: the box stops at its last day
    assert (page.date_from.text(), page.date_to.text()) == ("06-02-2024", "24-02-2024")
    request, plan = _look_back(qtbot, panel, data)
    assert (request["evaluate_from"], request["evaluate_to"]) == (pd.Timestamp("2024-02-06"),
                                                                  pd.Timestamp("2024-02-25"))
    # the last three weeks repeat the pattern: 5 of 11 incidents a week fall in Centrum on Tuesday 20-22
    assert plan.evaluation["hit_rate"] == pytest.approx(5 / 11)
    assert page.table.item(0, 0).text() == "Dit plan" and page.table.item(0, 1).text() == "45,5%"
    assert page.table.rowCount() == 4 and panel.pages.currentWidget() is page
    # an end before the start: a Dutch message, no request
    page.date_to.setDate(QDate(2024, 2, 1))
    before = len(errors.SHOWN)
    with qtbot.assertNotEmitted(panel.lookbackRequested):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert "De terugblik is leeg" in panel.status.text() and len(errors.SHOWN) == before  # no message box
