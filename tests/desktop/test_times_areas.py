"""Issue 18, Tijden: the hot-time blocks and temporal signature of each selected area and of each hot-spot
group, and the calendar heat chart, equal to the core run on those incidents (the window computes nothing)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from desktop.tasks import filter_incidents

BZ, BN = "BU00140001", "BU00140002"


def _same(a: dict, b: dict) -> bool:
    """Equal signatures (NaN equal to NaN: a signature without its test)."""
    return a.keys() == b.keys() and all(a[k] == b[k] or (a[k] != a[k] and b[k] != b[k]) for k in a)


def _times(window, qtbot, title_start: str):
    c = window.controller
    window.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: c.questions.hottimes is not None and c.questions.hottimes.title.startswith(title_start)
                    and not c.development.times_runner.is_running(), timeout=120000)
    return c.questions.hottimes


def test_blocks_per_area_and_per_hot_spot_group_are_those_of_hottimes(demo, qtbot):
    from hotspots.when.hottimes import run_hottimes
    from hotspots.where.getis_ord import CLASS_LABELS

    c = demo.controller
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        c.chosen.filters = {"start": "2016-01", "end": "2016-12", "category": None}
    c.selection.select([BZ, BN], source="table")
    data = _times(demo, qtbot, "Binnenstad-Zuid")
    incidents = filter_incidents(c.state.project.incidents, "2016-01", "2016-12")
    areas = [r for r in data.rows if r["kind"] == "area"]
    assert [r["key"] for r in areas] == [BZ, BN] and areas[0]["name"] == "Binnenstad-Zuid"
    for row in areas:
        core = run_hottimes(incidents, {"area": row["key"]})
        assert row["blocks"] == core.hot_blocks and _same(row["signature"], core.signature)
        assert row["total"] == core.total
    assert areas[0]["blocks"]  # Binnenstad-Zuid has hot blocks in 2016
    # the hot-spot groups: the areas of one Gi* class of the map together
    result = c.state.analysis.result.areas
    groups = [r for r in data.rows if r["kind"] == "group"]
    assert groups, "the demo's hot-spot map has hot spots"
    for row in groups:
        cls = next(k for k, v in CLASS_LABELS.items() if v == row["key"])
        codes = result.loc[result["gi_class"] == cls, "code"].astype(str)
        core = run_hottimes(incidents[incidents["area"].astype(str).isin(codes)], {})
        assert row["blocks"] == core.hot_blocks and _same(row["signature"], core.signature)
    # shown: one row each, the blocks' labels, and the meaning for deployment of the row chosen
    panel = demo.times_panel
    t = panel.areas
    assert t.rowCount() == len(data.rows)
    assert t.item(0, 0).text() == "Binnenstad-Zuid"
    assert t.item(0, 3).text().startswith(areas[0]["blocks"][0]["label"])
    assert t.item(0, 2).text() == areas[0]["signature"]["label"]
    t.setCurrentCell(len(areas), 0)
    sig = groups[0]["signature"]["signature"]
    words = {"acute": "Acuut", "focused": "Geconcentreerd", "diffused": "Verspreid"}[sig]
    assert panel.meaning.text().startswith(groups[0]["name"]) and words in panel.meaning.text()


def test_calendar_equals_a_count_per_day(demo, qtbot):
    """The calendar of Binnenstad-Zuid: every day of every year as a pandas count of its incidents' start dates;
    days outside the data grey (no data); jaarwisseling among the busiest days of the whole gemeente."""
    c = demo.controller
    c.selection.select([BZ], source="table")
    data = _times(demo, qtbot, "Binnenstad-Zuid")
    inc = c.state.project.incidents
    start = pd.to_datetime(inc.loc[inc["area"].astype(str) == BZ, "start"])
    cal = data.calendar
    per_day = start.dt.normalize().value_counts()
    assert cal.years == list(range(2013, 2018))
    for day, n in per_day.items():
        assert cal.value(day.year, day.month, day.day) == n
    assert np.nansum(cal.matrix) == len(start)
    last = pd.to_datetime(inc["start"]).max()
    assert np.isnan(cal.value(2017, 12, 31)) and not np.isnan(cal.value(last.year, last.month, last.day))
    chart = demo.times_panel.calendar
    assert chart.rgba.shape == (5, 366, 4) and tuple(chart.rgba[-1, 364]) == (225, 225, 225, 255)  # 2017, December: no data
    assert tuple(chart.rgba[0, 364]) != (225, 225, 225, 255)
    assert chart.cell_text(2016, 0).startswith("1 januari 2016: ")
    assert chart.busiest.text().startswith("Drukste dagen: ")
