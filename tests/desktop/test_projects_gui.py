"""Projects in the app: save, close, reopen and get the same view; a failed save keeps the old file;
crash recovery; recent projects."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt

from desktop import errors, settings_store  # noqa: E402
from tests.desktop.page_helper import in_page  # noqa: E402

CODE = "BU00140001"


def _select_and_filter(window, qtbot):
    c = window.controller
    panel = window.data_panel
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=60000):
        panel.start.setCurrentIndex(panel.start.findData("2015-01"))
    # the rerun's own charts first: a map restyled for the new period is ready before them, and their chartsDone
    # is no answer to the click (the project was then saved before the click had selected anything)
    qtbot.waitUntil(lambda: not c.analysis.charts_pending and not c.selection.chart_runner.is_running()
                    and not window.charts.drawing, timeout=20000)
    with qtbot.waitSignal(c.selection.chartsDone, timeout=20000,
                          check_params_cb=lambda *_: c.chosen.selected == [CODE]):
        window.map_view.page.runJavaScript(f"wijkbeeld_bridge.areaClicked('{CODE}')")


def test_save_close_reopen_gives_the_same_view(demo, second_window, qtbot, tmp_path):
    c = demo.controller
    _select_and_filter(demo, qtbot)
    path = tmp_path / "fiets.gpkg"
    with qtbot.waitSignal(c.project.saved, timeout=30000):
        c.project.save(path)
    assert settings_store.recent_projects()[0] == str(path.resolve())
    before = dict(filters=dict(c.chosen.filters), selected=list(c.chosen.selected),
                  rows=demo.table.model.rowCount(), counts=demo.table.model.frame.set_index("code")["count"].to_dict(),
                  heading=demo.charts.heading.text(), matrix=c.state.charts.matrix.copy(),
                  params=demo.settings_panel.current())
    demo.close()

    again = second_window
    c2 = again.controller
    with qtbot.waitSignals([c2.analysis.done, again.map_view.mapReady], timeout=60000):
        c2.project.open_project(path)
    qtbot.waitUntil(lambda: c2.state.charts is not None and not c2.selection.chart_runner.is_running(), timeout=20000)
    assert c2.chosen.filters == before["filters"]
    assert again.data_panel.filters() == before["filters"]
    assert c2.chosen.selected == before["selected"] == [CODE]
    assert again.table.selected_codes() == [CODE]
    assert again.table.model.frame.set_index("code")["count"].to_dict() == before["counts"]
    assert again.charts.heading.text() == before["heading"]
    assert (c2.state.charts.matrix == before["matrix"]).all()
    assert again.settings_panel.current() == before["params"]
    assert "fiets" in again.windowTitle() or "Demo" in again.windowTitle()
    again.close()


def test_interrupted_save_keeps_the_previous_project(demo, qtbot, tmp_path, monkeypatch):
    from importers import project

    c = demo.controller
    path = tmp_path / "p.gpkg"
    with qtbot.waitSignal(c.project.saved, timeout=30000):
        c.project.save(path)
    before = path.read_bytes()
    charts = []
    c.selection.chartsDone.connect(charts.append)
    in_page(demo, qtbot, f"wijkbeeld_bridge.areaClicked('{CODE}'); return 1;")  # (on a page that is there)
    qtbot.waitUntil(lambda: bool(charts), timeout=20000)

    def killed(*a, **k):
        raise OSError(28, "No space left on device")  # the disk fills up mid-save

    monkeypatch.setattr(project, "_fsync", killed)
    monkeypatch.setattr(c.project.saver, "process", False)  # in this process, where the stand-in is
    with qtbot.waitSignal(c.project.saver.errorOccurred, timeout=30000):
        c.project.save(path)
    assert path.read_bytes() == before
    assert project.load_project(path).view.get("selected") == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".gpkg") == ["p.gpkg"]
    box = errors.SHOWN[-1]
    assert "opslaan is mislukt" in box.text().lower() and "p.gpkg" in box.text()
    assert c.state.dirty


def test_autosave_and_restore_after_a_crash(demo, qtbot, tmp_path):
    from desktop.app import create_window

    c = demo.controller
    charts = []
    c.selection.chartsDone.connect(charts.append)
    in_page(demo, qtbot, f"wijkbeeld_bridge.areaClicked('{CODE}'); return 1;")  # (on a page that is there)
    qtbot.waitUntil(lambda: bool(charts), timeout=20000)
    with qtbot.waitSignal(c.project.autosaver.resultReady, timeout=30000):
        c.project.autosave()
    assert settings_store.autosave_path().exists()
    settings_store.running_flag().write_text("1234")  # the previous session never closed

    window = create_window(ask=False)
    qtbot.addWidget(window)
    with qtbot.waitSignals([window.controller.analysis.done, window.map_view.mapReady], timeout=60000):
        pass
    assert window.controller.chosen.selected == [CODE]
    window.close()
    assert not settings_store.running_flag().exists()


def test_no_restore_offer_after_a_clean_exit(qtbot):
    from desktop.app import create_window

    settings_store.autosave_path().write_bytes(b"x")
    window = create_window(ask=False)
    qtbot.addWidget(window)
    assert window.controller.state.project.is_empty()
    assert not window.controller.project.loader.is_running()
    window.close()


def test_settings_migrate_from_version_0():
    s = settings_store.settings()
    s.clear()
    s.setValue("lastProject", __file__)
    settings_store.migrate(s)
    assert settings_store.recent_projects(s) == [__file__]
    assert int(s.value("settings/version")) == settings_store.SETTINGS_VERSION


def test_closing_the_window_during_a_save_finishes_the_save(demo, tmp_path):
    """Close right after Save: the save the user asked for is completed, not cancelled (other work is)."""
    from importers.project import load_project

    c = demo.controller
    path = tmp_path / "dicht.gpkg"
    c.project.save(path)
    assert c.project.saver.is_running()
    demo.close()
    back = load_project(path)
    assert len(back.incidents) == len(c.state.project.incidents) and len(back.areas) == 108


def test_the_title_is_the_opened_files_name(tmp_path, monkeypatch):
    """A copied project opens under the copy's name (not the name saved inside the original); the crash copy
    and the demo keep the project's own name."""
    from desktop.control.project import _title
    from desktop.strings import tr

    monkeypatch.setattr(settings_store, "autosave_path", lambda: tmp_path / "autosave.gpkg")
    assert _title(tmp_path / "kopie van fiets.gpkg", "fiets") == "kopie van fiets"
    assert _title(tmp_path / "autosave.gpkg", "fiets") == "fiets"
    assert _title(None, "Demo") == "Demo" and _title(None, None) == tr("app.untitled")
