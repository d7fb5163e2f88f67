"""Fixtures for driving the app: isolated settings and data folder, a main window with the demo loaded."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from desktop.compat import guard_singletons  # noqa: E402

guard_singletons()  # PySide6 6.12 on Python 3.11 loses references to True/None (see desktop/compat.py)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """QSettings and the autosave folder in tmp_path, so tests never touch the user's own."""
    from PySide6.QtCore import QSettings

    monkeypatch.setenv("WIJKBEELD_DATA_DIR", str(tmp_path / "appdata"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    from desktop import errors
    for box in errors.SHOWN:
        box.close()
    errors.SHOWN.clear()


def _main_window(qtbot):
    """A shown main window; afterwards its work is stopped and waited for."""
    from desktop.app import application
    from desktop.main_window import MainWindow

    application()
    w = MainWindow()
    # closing asks about unsaved changes (test_unsaved.py); not when the test is over
    qtbot.addWidget(w, before_close_func=lambda w: setattr(w.controller.state, "dirty", False))
    w.show()
    yield w
    w.controller.cancel()
    for r in w.controller.runners():
        r.wait(10)


@pytest.fixture
def window(qtbot):
    yield from _main_window(qtbot)


@pytest.fixture
def second_window(qtbot):
    """Another main window (close, then open the saved project again in this one)."""
    yield from _main_window(qtbot)


@pytest.fixture
def demo(window, qtbot):
    """The window with the demo project: analysis done (its hot times and trends too), map loaded, charts drawn."""
    c = window.controller
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=60000):
        c.project.open_demo()
    qtbot.waitUntil(lambda: c.state.charts is not None and not c.selection.chart_runner.is_running()
                    and not window.charts.drawing and not c.analysis.runner.is_running()
                    and not c.completing() and c.state.shown is None and window.map_view.ready,
                    timeout=20000)  # drawn a chart per turn of the event loop; the trends follow the map; the rerun
    # after the demo's snapshot has had its turn (state.shown) and loads its own map page after the snapshot's said
    # it was ready: a test's script in the page ran in the page being replaced (CI: the rectangle, the autosave test)
    # the settings forms arrive when a thread has imported the analyses (tests read and compare them)
    qtbot.waitUntil(lambda: bool(window.settings_panel.by_name), timeout=20000)
    return window
