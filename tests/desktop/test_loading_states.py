"""Loading states say what happens: no "Klaar." beside a running bar, no empty charts with stray axis
ticks, the map saying it is being made, no black first frame; Qt's own dialogs in Dutch."""
from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.qt


def test_no_klaar_beside_a_running_bar_and_the_map_says_it_is_made(window, qtbot, monkeypatch):
    from desktop import tasks
    from kernel.progress import as_progress

    real = tasks.analyse

    def slow(*args, progress=None, cancelled=None, **kw):
        p = as_progress(progress, cancelled)
        for i in range(40):
            p(i / 80, "bezig")
            time.sleep(0.02)
        return real(*args, progress=progress, cancelled=cancelled, **kw)

    monkeypatch.setattr(tasks, "analyse", slow)
    bar, c = window.statusBar(), window.controller
    assert bar.currentMessage() == "Klaar."
    seen = []
    c.analysis.runner.progressChanged.connect(
        lambda *_: seen.append((window.progress.isVisible(), bar.currentMessage(),
                                window.map_view.currentWidget() is window.map_view.message,
                                window.map_view.message.text())))
    with qtbot.waitSignal(c.analysis.done, timeout=120000):
        c.project.open_demo()
    assert seen and all(visible and message != "Klaar." for visible, message, _, _ in seen)
    assert any(on_message and "kaart wordt gemaakt" in text for _, _, on_message, text in seen)
    qtbot.waitUntil(lambda: not window.progress.isVisible(), timeout=30000)
    qtbot.waitUntil(lambda: bar.currentMessage() == "Klaar.", timeout=30000)


def test_charts_without_data_show_no_axes(window, qtbot):
    from desktop import tasks

    charts = window.charts
    charts.warm_up()
    charts.set_data(tasks.ChartData("Alle gebieden"))
    for chart in (charts.monthly, charts.weekhour, charts.hours, charts.weekdays):
        item = chart.plot.getPlotItem()
        assert chart.state == "message"
        assert not item.getAxis("left").isVisible() and not item.getAxis("bottom").isVisible()
    assert charts._colourbar is None or not charts._colourbar.isVisible()
    assert not charts.loading.isVisible()


def test_new_charts_are_drawn_one_per_turn_of_the_event_loop(window, qtbot):
    """The window's new charts (show): the monthly chart at once, the others in the next turns of the event loop
    (together they stalled the window 80-140 ms); newer data drops what is left of the older."""
    import numpy as np

    from desktop import tasks

    charts = window.charts
    charts.warm_up()
    matrix = np.ones((7, 24))
    data = tasks.ChartData("Twee", monthly={"month": ["2016-01", "2016-02"], "count": [1.0, 2.0]}, matrix=matrix,
                           hours=matrix.sum(axis=0), weekdays=matrix.sum(axis=1))
    charts.set_data(tasks.ChartData("Leeg"))
    charts.show(data)
    assert charts.drawing and charts.data is data and charts.heading.text() == "Twee"
    assert charts.monthly.state == "drawn" and charts.weekdays.state == "message"
    qtbot.waitUntil(lambda: not charts.drawing, timeout=5000)
    assert all(c.state == "drawn" for c in (charts.monthly, charts.weekhour, charts.hours, charts.weekdays))
    charts.show(data)
    charts.set_data(tasks.ChartData("Leeg"))  # newer: the older show's steps stop
    qtbot.wait(100)
    assert all(c.state == "message" for c in (charts.monthly, charts.weekhour, charts.hours, charts.weekdays))


def test_the_map_has_a_white_ground_before_its_first_page(window):
    assert window.map_view.page.backgroundColor().name() == "#ffffff"


def test_qts_own_dialogs_speak_dutch(window):
    from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

    box = QMessageBox(QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Save
                      | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, window)
    assert sorted(b.text() for b in box.buttons()) == ["Annuleren", "Opslaan", "Verwerpen"]
    dialog = QFileDialog(window, "Openen")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    assert {"&Openen", "Annuleren"} <= {b.text() for b in dialog.findChildren(QPushButton)}
    box.deleteLater(), dialog.deleteLater()


def test_charts_of_counts_say_why_they_are_empty(window, shared_data):
    """Police counts have no time of day, and a yearly export (Amsterdam 2024) no months: the charts said
    "geen gegevens" beside a table of 517 counts. chart_data (the worker's numbers) now says why, and the four
    charts show it; monthly counts still draw their months."""
    import importers
    from desktop import tasks

    folder = shared_data / "amsterdam_politie"
    areas, _ = importers.read_boundaries(folder / "INDELING_BUURT.csv")
    yearly, _ = importers.read_counts(folder / "2024_bikes.csv", areas=areas)
    data = tasks.chart_data(None, "Alle gebieden", counts=yearly)
    assert data.why == {"times": "tellingen: geen tijdstip", "monthly": "alleen jaarcijfers"}
    charts = window.charts
    charts.warm_up()
    charts.set_data(data)
    texts = [c.message.toPlainText() for c in (charts.monthly, charts.weekhour, charts.hours, charts.weekdays)]
    assert texts == ["alleen jaarcijfers"] + ["tellingen: geen tijdstip"] * 3
    monthly, _ = importers.read_counts(shared_data / "groningen" / "groningen_47022NED_typed_2014_2016.csv")
    data = tasks.chart_data(None, "Alle gebieden", counts=monthly)
    assert "monthly" not in data.why and len(data.monthly) == 36
    charts.set_data(data)
    assert charts.monthly.state == "drawn" and charts.weekhour.message.toPlainText() == "tellingen: geen tijdstip"
