"""Start-up: the analyses are imported off the GUI thread (the worker helper), the settings panel says so meanwhile."""
from __future__ import annotations

import threading

import pytest

pytestmark = pytest.mark.qt


def test_forms_arrive_after_the_import_thread(qtbot, monkeypatch):
    from desktop import tasks
    from desktop.app import application
    from desktop.main_window import MainWindow
    from desktop.strings import tr

    application()
    monkeypatch.setattr(tasks, "_analyses_imported", threading.Event())  # as in a fresh process
    threads = []
    real_import = tasks.import_analyses

    def import_analyses():
        threads.append(threading.current_thread())
        real_import()

    monkeypatch.setattr(tasks, "import_analyses", import_analyses)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    panel = w.settings_panel
    assert panel.note.text() == tr("settings.loading") == "Analysemethoden worden geladen…"
    assert not panel.by_name
    qtbot.waitUntil(lambda: "hotspots" in panel.by_name, timeout=20000)
    assert threads and threads[0] is not threading.main_thread()  # on the warm-up runner, not the GUI thread
    assert tasks.analyses_imported()
    assert panel.note.isHidden()
    assert panel.current()[0] is not None
    w.controller.cancel()
