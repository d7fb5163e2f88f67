"""Autosave: written after each change, a failure said in the status bar and retried, a crash restores."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt

from desktop import settings_store  # noqa: E402
from importers.project import load_project  # noqa: E402
from tests.desktop.page_helper import in_page  # noqa: E402

CODE = "BU00140001"


def test_autosave_follows_each_change_and_a_crash_restores_the_last(demo, qtbot):
    from desktop.app import create_window

    c = demo.controller
    auto = settings_store.autosave_path()
    assert not c.state.dirty
    with qtbot.waitSignal(c.project.autosaver.resultReady, timeout=30000):
        in_page(demo, qtbot, f"wijkbeeld_bridge.areaClicked('{CODE}'); return 1;")  # change 1: a buurt
    assert load_project(auto).view["selected"] == [CODE]
    panel = demo.data_panel
    with qtbot.waitSignals([c.analysis.done, c.project.autosaver.resultReady], timeout=60000):
        panel.start.setCurrentIndex(panel.start.findData("2016-01"))  # change 2: the period
    saved = load_project(auto)
    assert saved.settings["filters"]["start"] == "2016-01" and saved.view["selected"] == [CODE]
    assert "Automatisch opgeslagen" in demo.statusBar().currentMessage()

    settings_store.running_flag().write_text("1234")  # the app is killed: the flag stays behind
    window = create_window(ask=False)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w.controller.state, "dirty", False))
    with qtbot.waitSignal(window.controller.analysis.done, timeout=60000):
        pass
    assert window.controller.chosen.selected == [CODE]
    assert window.controller.chosen.filters["start"] == "2016-01"
    assert window.data_panel.filters()["start"] == "2016-01"
    window.close()


def test_a_failing_autosave_is_said_and_tried_again(demo, qtbot, tmp_path, monkeypatch):
    c = demo.controller
    folder = tmp_path / "later"
    monkeypatch.setattr(settings_store, "autosave_path", lambda: folder / "autosave.gpkg")  # not there yet
    c.project.retry_ms = 500
    with qtbot.waitSignal(c.project.autosaver.errorOccurred, timeout=30000):
        c.selection.select([CODE], source="map")
    label = demo.save_problem
    assert label.isVisible() and "Automatisch opslaan is mislukt" in label.text()
    assert "Nieuwe poging" in label.text()
    folder.mkdir()  # the disk is back
    with qtbot.waitSignal(c.project.autosaver.resultReady, timeout=30000):
        pass  # the retry, without another change
    assert not label.isVisible() and load_project(folder / "autosave.gpkg").view["selected"] == [CODE]


def test_a_failed_save_stays_in_the_status_bar_until_a_save_succeeds(demo, qtbot, tmp_path):
    c = demo.controller
    with qtbot.waitSignal(c.project.saver.errorOccurred, timeout=30000):
        c.project.save(tmp_path / "weg" / "p.gpkg")
    assert demo.save_problem.isVisible() and "Opslaan is mislukt" in demo.save_problem.text()
    with qtbot.waitSignal(c.project.saved, timeout=30000):
        c.project.save(tmp_path / "p.gpkg")
    assert not demo.save_problem.isVisible()


def test_a_large_project_does_not_rewrite_itself_for_a_change_of_view_alone(demo, qtbot, monkeypatch):
    """Writing a national project takes the one worker process ~20 s, and a switch of period or level made
    meanwhile waited behind it. A change of the view alone (the period here) waits VIEW_AUTOSAVE_MS when the
    data and settings are all in the autosave file; a change of data or settings (a new theme) is saved after
    the usual delay, and a view change while that one is pending keeps the short delay. A small project keeps
    the short delay for every change."""
    from desktop import procpool
    from desktop.control import project as project_control

    c = demo.controller
    timer = c.project._autosave_timer
    panel = demo.data_panel
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        panel.start.setCurrentIndex(panel.start.findData("2016-01"))
    assert timer.interval() == project_control.AUTOSAVE_DELAY_MS  # the demo is small: saved shortly
    qtbot.waitUntil(lambda: not timer.isActive() and not c.project.autosaver.is_running(), timeout=30000)

    monkeypatch.setattr(procpool, "wants_process", lambda *a, **k: True)  # as large as a national project
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        panel.start.setCurrentIndex(panel.start.findData("2016-02"))
    assert timer.isActive() and timer.interval() == project_control.VIEW_AUTOSAVE_MS
    c.project.changed()  # data or settings (what a new theme or an import calls)
    assert timer.interval() == 10 * project_control.AUTOSAVE_DELAY_MS
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        panel.start.setCurrentIndex(panel.start.findData("2016-03"))
    assert timer.interval() == 10 * project_control.AUTOSAVE_DELAY_MS  # the theme is not saved yet: not later
    timer.stop()
