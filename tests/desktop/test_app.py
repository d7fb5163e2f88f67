"""Driving the app as a user would: the demo, linked views, cancel, save and reopen, offline."""
from __future__ import annotations

import json
import time

import pytest

pytestmark = pytest.mark.qt

from PySide6.QtCore import Qt, QTimer  # noqa: E402

from desktop import errors  # noqa: E402
from tests.desktop.page_helper import in_page  # noqa: E402

CODE = "BU00140001"  # Binnenstad-Zuid, Groningen


def js(window, qtbot, code: str):
    """Evaluate ``code`` in the map page and return its (JSON) value."""
    box = {}
    window.map_view.page.runJavaScript(code, 0, lambda v: box.setdefault("v", v))
    qtbot.waitUntil(lambda: "v" in box, timeout=5000)
    return box["v"]


def weight_of(window, qtbot, code: str):
    return js(window, qtbot, "(function(){var w=null;window.__wijkbeeldMaps[0].eachLayer(function(l){"
                             "var p=l.feature&&l.feature.properties; if(p&&(p.code||p.c)==='" + code + "')"
                             "{w=l.options.weight;}});return w;})()")


def test_demo_fills_map_charts_and_table(demo):
    c = demo.controller
    assert demo.table.model.rowCount() == 108
    assert "z" in demo.table.model.frame and demo.table.model.frame["count"].sum() > 15000
    assert demo.map_view.view.url().scheme() == "file"
    assert demo.map_view.ready
    for chart in (demo.charts.weekhour, demo.charts.hours, demo.charts.weekdays):
        assert chart.state == "drawn"
    assert demo.charts.monthly.state in ("drawn", "message")
    assert c.state.charts.matrix.sum() == pytest.approx(len(c.filtered_incidents()), rel=1e-6)
    assert demo.data_panel.labels["incidents"].text().startswith("15.947 incidenten")
    model = demo.table.model
    row = model.row_of("BU00140000")  # Binnenstad-Noord, the strongest hot spot
    assert model.data(model.index(row, 7)) == "Hot spot 99%"
    assert model.data(model.index(row, 7), Qt.ItemDataRole.BackgroundRole).name() == "#d62f27"
    assert model.data(model.index(row, 5), Qt.ItemDataRole.ToolTipRole).startswith("Gi* z = ")
    assert not errors.SHOWN


def test_click_on_map_selects_buurt_and_charts_and_table_follow(demo, qtbot):
    c = demo.controller
    before = c.state.charts.matrix.sum()
    with qtbot.waitSignal(c.selection.chartsDone, timeout=20000) as charts:
        with qtbot.waitSignal(c.selection.changed, timeout=5000) as sel:
            in_page(demo, qtbot, f"wijkbeeld_bridge.areaClicked('{CODE}'); return 1;")
    assert sel.args == [[CODE]]
    assert demo.table.selected_codes() == [CODE]
    assert "Binnenstad-Zuid" in charts.args[0].title and "Binnenstad-Zuid" in demo.charts.heading.text()
    n = (c.filtered_incidents()["area"] == CODE).sum()
    assert 0 < charts.args[0].matrix.sum() < before
    assert charts.args[0].matrix.sum() == pytest.approx(n, rel=1e-6)
    assert weight_of(demo, qtbot, CODE) == 4


def test_table_selection_highlights_on_map(demo, qtbot):
    c = demo.controller
    code = "BU00140000"
    row = demo.table.model.row_of(code)
    idx = demo.table.proxy.mapFromSource(demo.table.model.index(row, 0))
    with qtbot.waitSignal(c.selection.chartsDone, timeout=20000):
        demo.table.view.selectRow(idx.row())
    assert c.chosen.selected == [code]
    qtbot.waitUntil(lambda: weight_of(demo, qtbot, code) == 4, timeout=5000)
    assert weight_of(demo, qtbot, CODE) != 4


def test_period_and_category_change_update_all_views(demo, qtbot):
    c = demo.controller
    total_before = demo.table.model.frame["count"].sum()
    panel = demo.data_panel
    with qtbot.waitSignals([c.analysis.done, demo.map_view.mapReady], timeout=60000):
        panel.start.setCurrentIndex(panel.start.findData("2016-01"))
    qtbot.waitUntil(lambda: not c.selection.chart_runner.is_running(), timeout=20000)
    total_after = demo.table.model.frame["count"].sum()
    assert c.chosen.filters["start"] == "2016-01"
    inc = c.filtered_incidents()
    assert inc["start"].min() >= __import__("pandas").Timestamp("2016-01-01")
    assert total_after < total_before
    assert c.state.charts.matrix.sum() == pytest.approx(len(inc), rel=1e-6)


def test_cancel_a_long_run_and_the_window_responds(demo, qtbot, monkeypatch):
    from desktop import tasks
    from kernel.progress import as_progress

    def slow_analysis(*args, progress=None, cancelled=None, **kw):
        p = as_progress(progress, cancelled)
        for i in range(10_000):
            p(i / 10_000, "lang werk")
            time.sleep(0.01)
        raise AssertionError("niet afgebroken")

    monkeypatch.setattr(tasks, "analyse", slow_analysis)
    c = demo.controller
    c.analysis.run("", {})
    qtbot.waitUntil(lambda: demo.progress.isVisible() and demo.progress.bar.value() > 0, timeout=5000)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    qtbot.wait(300)
    with qtbot.waitSignal(c.analysis.runner.cancelled, timeout=3000):
        demo.progress.cancel.click()
    timer.stop()
    assert len(ticks) >= 5, "the event loop stalled while the analysis ran"
    assert max(b - a for a, b in zip(ticks, ticks[1:])) < 0.5
    qtbot.waitUntil(lambda: not demo.progress.isVisible(), timeout=2000)
    assert not c.analysis.runner.is_running()
    assert demo.statusBar().currentMessage() == "Afgebroken."


def test_analysis_error_reaches_the_user_in_dutch(demo, qtbot, monkeypatch):
    from desktop import tasks
    from kernel.errors import AnalysisError

    def failing(*a, progress=None, cancelled=None, **kw):
        raise AnalysisError("Te weinig incidenten voor een hot-spotanalyse.")

    monkeypatch.setattr(tasks, "analyse", failing)
    with qtbot.waitSignal(demo.controller.analysis.runner.errorOccurred, timeout=5000):
        demo.controller.analysis.run("", {})
    box = errors.SHOWN[-1]
    assert "Analyse is mislukt" in box.text() and "Te weinig incidenten" in box.text()
    assert "AnalysisError" in box.detailedText()


def test_maps_make_no_request_outside_the_machine(window, qtbot):
    from PySide6.QtWebEngineCore import QWebEngineSettings

    # let every request of the page reach the interceptor (Chromium's own block lifted for the test)
    window.map_view.page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls,
                                                 True)
    window.map_view.interceptor.blocked.clear()
    c = window.controller
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=60000):
        c.project.open_demo()
    qtbot.wait(500)
    assert window.map_view.blocked_requests() == []
    assert window.map_view.interceptor.allowed  # the interceptor did see the page's requests
    js(window, qtbot, "document.querySelectorAll('.wb-legend').length") >= 1


def test_run_button_uses_the_generated_form(demo, qtbot):
    """Choose local Moran's I in the form generated from hotspots' declaration, press Berekenen."""
    panel = demo.settings_panel
    qtbot.waitUntil(lambda: "hotspots" in panel.by_name, timeout=20000)
    form = panel.by_name["hotspots"]
    method = form.editors["method"]
    method.setCurrentIndex(method.findData("lisa"))
    form.editors["permutations"].setValue(99)
    form.editors["fdr"].setChecked(False)
    c = demo.controller
    with qtbot.waitSignal(c.analysis.done, timeout=60000) as done:
        panel.run_button.click()
    result = done.args[0].result
    assert result.method == "lisa" and result.params["permutations"] == 99 and not result.params["fdr"]
    classes = set(demo.table.model.frame["class"])
    assert classes == set(result.areas["quadrant"].astype(str)) and "HH" in classes
    assert c.chosen.params["method"] == "lisa"
    model = demo.table.model
    row = model.frame.index[model.frame["class"] == "HH"][0]
    colour = model.data(model.index(int(row), 7), Qt.ItemDataRole.BackgroundRole)
    assert colour.name() == "#e31a1c"  # GeoDa's HH red, as on the map
