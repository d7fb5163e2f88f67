"""Exporteren from the menu writes off the GUI thread (desktop.control.export): in the worker process for a large
project, in a thread for a small one; progress and Afbreken as every runner; a stop leaves no file; a second export
waits its turn; leaving the project lets an export the user asked for finish."""
from __future__ import annotations

import threading

import pandas as pd
import pytest

pytestmark = pytest.mark.qt


def _menu(window, monkeypatch, path) -> None:
    """The privacy question answered and the file dialog giving ``path``, as a user does."""
    from desktop import exports

    monkeypatch.setattr(exports, "ask_privacy_once", lambda window, controller: True)
    monkeypatch.setattr(exports.QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def _held(monkeypatch):
    """The workbook writer of the pipeline held after it wrote (in a thread: the runner's, for a small project):
    ``reached`` is set then, and it goes on once ``release`` is set."""
    from mapping import outputs

    reached, release = threading.Event(), threading.Event()
    real = outputs.write_xlsx

    def held(*args, **kwargs):
        out = real(*args, **kwargs)
        reached.set()
        release.wait(60)
        return out

    monkeypatch.setattr(outputs, "write_xlsx", held)
    return reached, release


def test_a_large_projects_export_is_written_in_the_worker_process(demo, qtbot, tmp_path, monkeypatch):
    """The demo's areas counting as many: the menu's export returns at once and the worker writes the file; it is the
    workbook the same request gives when written at once (openpyxl reads both alike), and the status bar says
    where it went. Meanwhile a second export is refused with a Dutch line, not started beside it."""
    from desktop import exports, procpool

    monkeypatch.setattr(procpool, "PROCESS_AREAS", 50)  # the demo's 108 buurten count as many
    c, path = demo.controller, tmp_path / "menu.xlsx"
    qtbot.waitUntil(lambda: not c.completing(), timeout=60000)
    _menu(demo, monkeypatch, path)
    with qtbot.waitSignal(c.exporter.written, timeout=60000) as written:
        assert exports.run(demo, c, "action.export_xlsx") == path
        assert c.exporter.busy() and c.exporter.runner.in_process
        assert exports.run(demo, c, "action.export_gpkg") is None  # one at a time
        assert "al een export" in demo.statusBar().currentMessage()
    assert written.args == [str(path)] and "Geëxporteerd" in demo.statusBar().currentMessage()
    direct = exports.export(c, "action.export_xlsx", tmp_path / "direct.xlsx")
    for sheet in ("Gebieden", "Week x uur"):
        pd.testing.assert_frame_equal(pd.read_excel(path, sheet_name=sheet, engine="openpyxl"),
                                      pd.read_excel(direct, sheet_name=sheet, engine="openpyxl"))


def test_a_stopped_export_leaves_no_file(demo, qtbot, tmp_path, monkeypatch):
    """Afbreken while the workbook is written (a small project: in a thread): nothing is renamed into place and
    the file written aside is removed; the status bar says it stopped."""
    from desktop import exports

    c, path = demo.controller, tmp_path / "uit" / "afgebroken.xlsx"
    path.parent.mkdir()
    qtbot.waitUntil(lambda: not c.completing(), timeout=60000)
    _menu(demo, monkeypatch, path)
    reached, release = _held(monkeypatch)
    exports.run(demo, c, "action.export_xlsx")
    qtbot.waitUntil(reached.is_set, timeout=60000)
    assert not c.exporter.runner.in_process and demo.progress.isVisible()
    c.cancel()  # Afbreken in the status bar
    release.set()
    qtbot.waitUntil(lambda: not c.exporter.busy(), timeout=60000)
    qtbot.wait(200)  # (the thread goes on to its end after the runner said it stopped)
    assert list(path.parent.iterdir()) == [] and demo.statusBar().currentMessage() == "Afgebroken."


def test_leaving_the_project_lets_an_asked_export_finish(demo, qtbot, tmp_path, monkeypatch):
    """A new project (or closing) stops the work of the window but lets a save or an export the user asked for
    finish: the file is written whole."""
    from openpyxl import load_workbook

    from desktop import exports

    c, path = demo.controller, tmp_path / "toch.xlsx"
    qtbot.waitUntil(lambda: not c.completing(), timeout=60000)
    _menu(demo, monkeypatch, path)
    reached, release = _held(monkeypatch)
    exports.run(demo, c, "action.export_xlsx")
    qtbot.waitUntil(reached.is_set, timeout=60000)
    c.cancel(saves=False)  # what leaving the project does
    release.set()
    qtbot.waitUntil(path.exists, timeout=60000)
    assert "Gebieden" in load_workbook(path).sheetnames
