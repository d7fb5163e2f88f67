"""A saved project shows what its window showed at once (desktop/snapshot.py), before its data is read,
and the rerun in the background confirms the picture or replaces it."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.qt

from desktop import procpool, snapshot  # noqa: E402
from importers.project import load_project  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def saved(demo, qtbot, tmp_path):
    """The demo saved as a project (with its snapshot) and what its window showed."""
    c = demo.controller
    path = tmp_path / "demo.gpkg"
    with qtbot.waitSignal(c.project.saved, timeout=30000):
        c.project.save(path)
    shown = dict(plain=demo.table.model.plain(), heading=demo.charts.heading.text(),
                 matrix=[list(map(float, row)) for row in c.state.charts.matrix],
                 layers=demo.data_panel.layer_texts(), filters=demo.data_panel.filters())
    return path, shown


def _set_snapshot(path: Path, change) -> None:
    con = sqlite3.connect(path)
    with con:
        snap = json.loads(con.execute("SELECT value FROM wijkbeeld WHERE key = 'snapshot'").fetchone()[0])
        change(snap)
        con.execute("UPDATE wijkbeeld SET value = ? WHERE key = 'snapshot'", (json.dumps(snap),))
    con.close()


def test_the_saved_snapshot_holds_what_the_window_showed(saved):
    path, shown = saved
    snap = snapshot.read(path)
    assert snap["format"] == snapshot.FORMAT and snap["version"] == snapshot.version()
    assert snap["table"]["text"] == shown["plain"]["text"] and len(snap["table"]["text"][0]) == 108
    assert snap["charts"]["title"] == shown["heading"]
    flat = [v for row in snap["charts"]["matrix"] for v in row]
    assert flat == pytest.approx([v for row in shown["matrix"] for v in row])
    assert sum(flat) == pytest.approx(15947)  # the week-hour weights of all registrations (each sums to 1)
    assert snap["map"].lstrip().lower().startswith("<!doctype html") and "wijkbeeld" in snap["map"]
    assert snap["layers"] == shown["layers"] and snap["filters"] == shown["filters"]
    assert snap["months"] == ["2013-01", "2017-09"]  # 01-01-2013 t/m 20-09-2017


def test_opening_shows_the_snapshot_before_the_data_is_read(saved, second_window, qtbot, monkeypatch):
    window = second_window
    path, shown = saved
    c = window.controller
    window.charts.warm_up()
    loads = []
    monkeypatch.setattr(c.project.loader, "start", lambda *a, **kw: loads.append(a))  # the data never arrives
    c.project.open_project(path)
    assert loads, "the data is still read behind the picture"
    assert window.table.model.plain()["text"] == shown["plain"]["text"]
    assert window.charts.heading.text() == shown["heading"] and window.charts.monthly.state == "drawn"
    assert window.data_panel.layer_texts() == shown["layers"]
    assert window.data_panel.filters() == shown["filters"]
    qtbot.waitUntil(lambda: window.map_view.ready, timeout=30000)
    assert c.state.analysis is None  # a picture only: nothing is computed from it


def test_the_rerun_keeps_a_confirmed_map_and_replaces_a_stale_table(saved, second_window, qtbot):
    window = second_window
    path, shown = saved
    c = window.controller
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=60000):
        c.project.open_project(path)
    assert window.map_view.path.read_text(encoding="utf-8") == snapshot.read(path)["map"]  # kept, not reloaded
    assert window.table.model.plain()["text"] == shown["plain"]["text"]

    def stale(snap):  # as if another version had computed other numbers
        snap["table"]["text"][2] = ["999"] * len(snap["table"]["text"][2])
    _set_snapshot(path, stale)
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=60000):
        c.project.open_project(path)
    qtbot.waitUntil(lambda: window.map_view.ready and window.map_view.path == c.state.analysis.map_path.resolve(),
                    timeout=30000)
    assert window.table.model.plain()["text"] == shown["plain"]["text"]  # the rerun's numbers, not the snapshot's


def test_a_snapshot_of_another_version_is_ignored(saved, monkeypatch):
    path, _ = saved
    assert snapshot.read(path)
    monkeypatch.setattr(snapshot, "version", lambda: "99.0")
    assert snapshot.read(path) == {}
    assert snapshot.read(ROOT / "README.md") == {}  # not a project at all


def test_the_demo_is_cached_after_its_first_start(demo, qtbot):
    from desktop import tasks
    from desktop.settings_store import demo_cache_path

    c = demo.controller
    qtbot.waitUntil(lambda: not c.project.cacher.is_running(), timeout=30000)
    assert snapshot.read(demo_cache_path())["source"] == tasks.demo_fingerprint()
    with qtbot.waitSignals([c.analysis.done, demo.map_view.mapReady], timeout=60000):
        c.project.open_demo()
    assert c.state.path is None  # Save asks where: the cache is no project of the user's
    assert demo.table.model.rowCount() == 108


def test_a_snapshot_appears_without_pandas(saved, tmp_path):
    """The point of it: the window fills without pandas, geopandas or scipy (here they cannot be imported)."""
    path, _ = saved
    code = f"""
import sys
for name in ("pandas", "geopandas", "scipy", "shapely", "pyogrio"):
    sys.modules[name] = None  # importing them raises ImportError
from desktop.app import application
app = application()
from desktop.main_window import MainWindow
from PySide6.QtCore import QTimer
w = MainWindow(); w.show()
w.controller.project.open_project({str(path)!r})
def check():
    if w.map_view.ready and w.table.model.rowCount() == 108 and w.charts.is_built \\
            and w.charts.monthly.state == "drawn" and w.charts.weekhour.state == "drawn":
        print("FILLED", w.charts.heading.text(), flush=True)
        app.quit()
t = QTimer(); t.timeout.connect(check); t.start(10)
QTimer.singleShot(60000, app.quit)
app.exec()
"""
    env = dict(os.environ, WIJKBEELD_DATA_DIR=str(tmp_path / "other"), XDG_CONFIG_HOME=str(tmp_path / "other"))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert "FILLED Alle gebieden" in out.stdout, out.stdout + out.stderr[-2000:]


def test_map_pages_go_to_the_session_scratch_folder(demo):
    """Every analysis writes a new map page: inside one folder for the session, removed when the app ends."""
    from desktop.tasks import SCRATCH_ENV

    scratch = Path(os.environ[SCRATCH_ENV])
    assert scratch.is_dir() and scratch.name.startswith("wijkbeeld-sessie-")
    assert scratch in demo.controller.state.analysis.map_path.parents
    assert scratch in demo.map_view.path.parents


def test_a_buurt_chosen_before_the_data_arrives_is_kept(saved, second_window, qtbot, monkeypatch):
    """Clicking a buurt in the snapshot's table: after the rerun the charts are of that buurt."""
    path, _ = saved
    window, c = second_window, second_window.controller
    window.charts.warm_up()
    held = []
    monkeypatch.setattr(c.project.loader, "start", lambda *a, **kw: held.append((a, kw)))
    c.project.open_project(path)
    c.selection.select(["BU00140003"], source="map")  # what a click on the map does
    assert window.table.selected_codes() == ["BU00140003"]
    monkeypatch.undo()
    a, kw = held[0]
    with qtbot.waitSignal(c.selection.chartsDone, timeout=60000):
        c.project.loader.start(*a, **kw)
    assert c.chosen.selected == ["BU00140003"] and "Binnenstad-West" in window.charts.heading.text()
    assert c.state.charts.title == window.charts.heading.text()


def test_while_the_data_is_on_its_way_nothing_of_the_previous_project_is_saved_or_exported(
        saved, second_window, qtbot, monkeypatch, tmp_path):
    import threading

    from desktop.control import project as controller_module
    from desktop import exports
    from kernel.errors import AnalysisError

    path, _ = saved
    window, c = second_window, second_window.controller
    window.charts.warm_up()
    gate, real = threading.Event(), controller_module.load_project

    def slow(path, **kw):  # the data is on its way until the gate opens
        gate.wait(30)
        return real(path, **kw)
    monkeypatch.setattr(controller_module, "load_project", slow)
    monkeypatch.setattr(procpool, "PROCESS_BYTES", 10**12)  # read in this process, where the stand-in is
    c.project.open_project(path)
    assert c.opening()
    with qtbot.waitSignal(c.status, timeout=5000) as said:
        c.project.save(tmp_path / "te_vroeg.gpkg")
    assert "nog geopend" in said.args[0] and not (tmp_path / "te_vroeg.gpkg").exists()
    with pytest.raises(AnalysisError, match="nog geopend"):
        exports.export(c, "action.export_xlsx", tmp_path / "te_vroeg.xlsx")
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        gate.set()
    assert not c.opening()


def test_a_project_that_fails_to_open_gives_its_place_back(saved, second_window, qtbot, monkeypatch):
    """The snapshot was shown, then reading the data fails: a Dutch message, and the window shows
    the project it had (here: none) instead of a picture without data behind it."""
    from desktop.control import project as controller_module
    from desktop import errors
    from kernel.errors import ProjectError

    path, _ = saved
    window, c = second_window, second_window.controller
    window.charts.warm_up()

    def broken(path, **kw):
        raise ProjectError("De laag 'incidents' is beschadigd.", path=path)
    monkeypatch.setattr(controller_module, "load_project", broken)
    monkeypatch.setattr(procpool, "PROCESS_BYTES", 10**12)  # read in this process, where the stand-in is
    with qtbot.waitSignal(c.project.loader.finished, timeout=30000):
        c.project.open_project(path)
    assert c.state.shown is None and not c.opening() and c.state.path is None
    assert window.table.model.rowCount() == 0
    assert any("beschadigd" in box.text() + box.informativeText() for box in errors.SHOWN)


def test_opening_another_project_before_the_demo_is_cached_caches_nothing(saved, second_window, qtbot):
    """The demo's first start is cut short by opening a project: that project is not saved as the demo."""
    from desktop.settings_store import demo_cache_path

    path, _ = saved
    c = second_window.controller
    qtbot.waitUntil(lambda: True)
    demo_cache_path().unlink()
    c.project.open_demo()
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        c.project.open_project(path)
    qtbot.waitUntil(lambda: not any(r.is_running() for r in c.runners()), timeout=60000)
    assert not demo_cache_path().exists()


def test_a_reopened_project_saves_again_at_once(saved, second_window, qtbot, tmp_path):
    """Found by a new user: after opening a saved project the charts are the snapshot's plain lists (None for a
    month without a year before it); the next save failed on them (TypeError in charts_part) without a word, and
    'Opslaan' on closing closed the window with the work unsaved. The reopened project saves at once, with its
    picture; and a picture that cannot be taken never stops a save."""
    window = second_window
    path, shown = saved
    c = window.controller
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=60000):
        c.project.open_project(path)
    qtbot.waitUntil(lambda: not c.project.busy() and not c.project.opening(), timeout=30000)
    assert None in c.state.charts.monthly["prev_year"]  # the snapshot's lists, as the user found them
    again = tmp_path / "opnieuw.gpkg"
    with qtbot.waitSignal(c.project.saved, timeout=30000):
        c.project.save(again)
    snap = snapshot.read(again)
    assert snap["table"]["text"] == shown["plain"]["text"] and snap["charts"]["title"] == shown["heading"]
    c.state.charts.monthly["count"] = ["geen getal"]  # whatever the picture holds: the data are saved
    last = tmp_path / "zonder_beeld.gpkg"
    with qtbot.waitSignal(c.project.saved, timeout=30000):
        c.project.save(last)
    assert snapshot.read(last) == {} and load_project(last).incidents is not None
