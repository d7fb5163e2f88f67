"""Issue 18, the signals list: each early-warning month with its sparkline and the expected range as a band,
the numbers as run_trends gives them; a click selects the area everywhere."""
from __future__ import annotations

import numpy as np
import pandas as pd

from desktop.panels.change_table import CODE_ROLE
from desktop.panels.sparkline import DOT, SPARK_ROLE, points


def test_each_signal_has_its_sparkline_with_the_expected_band(demo, qtbot):
    from hotspots.change.trends import run_trends

    c = demo.controller
    demo.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: c.questions.development is not None and not c.development.dev_runner.is_running()
                    and not demo.development_panel.filling(), timeout=60000)
    panel = demo.development_panel
    panel.tabs.setCurrentIndex(2)
    t = panel.signals.table
    assert t.rowCount() > 0
    core = run_trends(incidents=c.state.project.incidents, areas=c.state.project.areas).series
    core = core.assign(m=core["month"].astype(str))
    for r in range(t.rowCount()):
        code = t.item(r, 0).data(CODE_ROLE)
        month = t.item(r, 1).data(0x0100)
        spark = t.item(r, 5).data(SPARK_ROLE)
        last = pd.Period(month, "M")
        want = core[(core["code"] == code) & (core["m"] <= month) & (core["m"] >= str(last - 11))]
        assert spark["months"] == want["m"].tolist() and spark["months"][-1] == month
        np.testing.assert_allclose(spark["count"], want["count"].to_numpy(float))
        np.testing.assert_allclose(np.array(spark["upper"], dtype=float), want["upper"].to_numpy(float))
        np.testing.assert_allclose(np.array(spark["lower"], dtype=float), want["lower"].to_numpy(float))
        assert spark["count"][-1] > spark["upper"][-1]  # the signal's month lies above its band
    # drawn: the red dot of the signal's month at the right end of the first row's cell, the band behind the line
    t.scrollToTop()
    t.clearSelection()
    qtbot.wait(50)
    image = t.viewport().grab().toImage()
    rect = t.visualItemRect(t.item(0, 5))
    colours = {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right())
               for y in range(rect.top(), rect.bottom())}
    assert DOT.name() in colours and "#cfdcec" in colours
    # a click selects the area everywhere (table, map, charts)
    code = t.item(0, 0).data(CODE_ROLE)
    t.selectRow(0)
    assert c.chosen.selected == [code] and demo.table.selected_codes() == [code]


def test_sparkline_points_scale_to_the_box():
    pts = points({"count": [0.0, 5.0, 10.0], "lower": [0.0, 1.0, None], "upper": [4.0, 5.0, None]}, 0, 0, 100, 20)
    assert pts["count"] == [(0.0, 20.0), (50.0, 10.0), (100.0, 0.0)]
    assert pts["upper"][0] == (0.0, 12.0) and pts["lower"][2] is None
