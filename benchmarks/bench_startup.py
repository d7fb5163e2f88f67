"""Start-up of the desktop app to a filled window on the demo project, next to its floors.

Floor (the issue's): a fresh interpreter that imports PySide6 and shows an empty
QMainWindow (what no Qt app can beat). Second, honest floor: the same with a
QWebEngineView that has loaded an empty local page (what any app with a web map
pays: Chromium's processes start). Ours: a fresh interpreter that runs
``desktop.app.create_window(demo=True)`` until the map has loaded (bridge
connected), the table holds the 108 buurten and the charts are drawn. Each in
its own subprocess, offscreen, timed from launch to the moment the window is
ready (the child prints it; the exit, where Chromium takes ~0.4 s to tear down, is not
counted); ours also reports when each stage was reached (seconds from launch;
``window_shown``: ``create_window`` returned, ``window_painted``: the frame's first
paint, what the user sees) and, per run, ``gui_stall_after_paint_s``: the longest time the GUI
thread did not react between the first paint and the filled window (a 5-ms timer's lateness,
the approach of bench_gui_stall).
``ratio = floor / ours`` (the aim: ours within 3x of the floor, ratio >= 0.33).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import result

ROOT = Path(__file__).resolve().parent.parent

FLOOR = """
import os, time, sys
T0 = float(os.environ["WIJKBEELD_BENCH_T0"])
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication([])
w = QMainWindow(); w.resize(1500, 920); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
print("READY", round(time.time() - T0, 4), flush=True)
"""


def _web_floor(layout: str, imports: str = "") -> str:
    """A floor with a QWebEngineView that loads an empty local page; ``layout`` puts ``v`` into ``w``."""
    return f"""
import os, sys, time
T0 = float(os.environ["WIJKBEELD_BENCH_T0"])
from desktop.app import prepare_environment
prepare_environment()
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWebEngineWidgets import QWebEngineView
{imports}
app = QApplication([])
w = QMainWindow(); w.resize(1500, 920)
{layout}
w.show()
v.loadFinished.connect(lambda ok: (print("READY", round(time.time() - T0, 4), flush=True), app.quit()))
v.setHtml("<html><body></body></html>", QUrl("file:///"))
QTimer.singleShot(60000, app.quit)
app.exec()
"""


WEB_FLOOR = _web_floor("v = QWebEngineView(); w.setCentralWidget(v)")

STACK_FLOOR = _web_floor("""split = QSplitter(); w.setCentralWidget(split)
v = QWebEngineView(); split.addWidget(v)
plot = pg.PlotWidget(); plot.plot([1, 3, 2]); split.addWidget(plot)""",
                         imports="from PySide6.QtWidgets import QSplitter\nimport pyqtgraph as pg")

OURS = """
import os, sys, time
T0 = float(os.environ["WIJKBEELD_BENCH_T0"])
state = {}
def mark(name):
    print("MARK", name, round(time.time() - T0, 3), flush=True)
from desktop.app import application, create_window
import PySide6.QtWidgets
mark("python_pyside6_imported")
app = application()
from PySide6.QtCore import QTimer
w = create_window(demo=True, ask=False)
mark("window_shown")
from PySide6.QtCore import QEvent, QObject
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint" not in state:
            state["paint"] = True
            mark("window_painted")  # the frame (menus, empty panels) is on screen
        return False
painted = FirstPaint(); w.installEventFilter(painted)
c = w.controller
c.project.loader.resultReady.connect(lambda *a: mark("data_loaded"))
c.analysis.runner.resultReady.connect(lambda *a: mark("analysis_done"))
w.charts.ready.connect(lambda *a: mark("charts_built"))
w.map_view.mapReady.connect(lambda *a: mark("map_ready"))
def first_web(ok):
    if "web" not in state:
        state["web"] = True
        mark("webengine_first_load")
w.map_view.view.loadFinished.connect(first_web)
# the GUI's longest stall (a 5-ms timer's lateness) between the first paint and the filled window, and
# from then until the data behind the picture is loaded and the analysis rerun (when the user may click)
stall = {"max": 0.0, "after": 0.0, "last": None}
def tick():
    now = time.perf_counter()
    if "paint" in state and stall["last"] is not None:
        key = "after" if "filled" in state else "max"
        stall[key] = max(stall[key], now - stall["last"] - 0.005)
    stall["last"] = now
ticker = QTimer(); ticker.setInterval(5); ticker.timeout.connect(tick); ticker.start()
def check():
    # what the user sees: the map page with its areas, the table's 108 buurten, the four charts drawn
    filled = (w.map_view.ready and w.table.model.rowCount() == 108 and w.charts.is_built
              and w.charts.data is not None and w.charts.monthly.state == "drawn")
    if filled and "filled" not in state:
        state["filled"] = True
        mark("filled")
        print("STALL", round(stall["max"], 4), flush=True)
        print("READY", round(time.time() - T0, 4), flush=True)
    settled = ("filled" in state and c.state.analysis is not None and c.state.charts is not None
               and not any(r.is_running() for r in (c.project.loader, c.analysis.runner, c.selection.chart_runner, c.project.cacher)))
    if settled:
        mark("settled")  # the data loaded and the analysis rerun behind the picture (and the cache written)
        print("STALL_AFTER", round(stall["after"], 4), flush=True)
        app.quit()
t = QTimer(); t.timeout.connect(check); t.start(20)
QTimer.singleShot(120000, app.quit)
app.exec()
"""


def _launch(code: str, env: dict, marks: dict | None = None) -> float:
    """Seconds from launch to READY; ``marks`` gets the stages and ``stall_s`` (ours only)."""
    env = dict(env, WIJKBEELD_BENCH_T0=repr(time.time()))
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=180)
    if "READY" not in out.stdout:
        raise RuntimeError(f"venster werd niet gereed: {out.stderr[-800:]}")
    # until the window is ready (not until the process has exited: Chromium's teardown is no start-up)
    took = next((float(line.split()[1]) for line in out.stdout.splitlines() if line.startswith("READY ")),
                time.perf_counter() - t0)
    if marks is not None:
        marks.clear()
        for line in out.stdout.splitlines():
            if line.startswith("MARK "):
                _, name, seconds = line.split()
                marks.setdefault(name, float(seconds))
            elif line.startswith("STALL "):
                marks["stall_s"] = float(line.split()[1])
            elif line.startswith("STALL_AFTER "):
                marks["stall_after_s"] = float(line.split()[1])
    return took


def _ours(env: dict, repeat: int) -> tuple[float, dict, list, list]:
    """Best of ``repeat`` starts: (seconds, its stages, the stalls until filled, the stalls after)."""
    best, stages, stalls, after = None, {}, [], []
    for _ in range(repeat):
        marks = {}
        took = _launch(OURS, env, marks)
        stalls.append(marks.pop("stall_s", None))
        after.append(marks.pop("stall_after_s", None))
        if best is None or took < best:
            best, stages = took, dict(marks)
    return best, stages, stalls, after


def run(quick: bool) -> list[dict]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               QTWEBENGINE_CHROMIUM_FLAGS=os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu"))
    repeat = 1 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        env["WIJKBEELD_DATA_DIR"] = tmp
        env["XDG_CONFIG_HOME"] = tmp
        floor = min(_launch(FLOOR, env) for _ in range(repeat))
        web_floor = min(_launch(WEB_FLOOR, env) for _ in range(repeat))
        stack_floor = min(_launch(STACK_FLOOR, env) for _ in range(repeat))
        # the first start after installing reads the demo files and writes the demo's snapshot
        # (desktop/snapshot.py); every later start shows that snapshot while the data loads behind it
        first, first_stages, first_stalls, first_after = _ours(env, 1)
        best, stages, stalls, after = _ours(env, repeat)
    return [result("startup_demo_filled_window", best, "PySide6 leeg venster (vloer)", floor,
                   aim="binnen 3x de vloer (ratio >= 0.33)", areas=108, incidents=15947, runs=repeat,
                   stages_s=stages, gui_stall_after_paint_s=stalls, gui_stall_until_settled_s=after),
            result("startup_demo_filled_window_vs_webengine", best, "PySide6 + QtWebEngine lege pagina (vloer 2)",
                   web_floor, aim="eerlijker vloer: elke app met een webkaart start Chromium", runs=repeat),
            result("startup_demo_filled_window_vs_stack", best, "PySide6 + QtWebEngine + pyqtgraph, lege pagina en "
                   "een grafiek (vloer 3)", stack_floor,
                   aim="de vloer van de ontwerpkaart: Qt, een webkaart en pyqtgraph-grafieken", runs=repeat),
            result("startup_demo_first_start", first, "PySide6 leeg venster (vloer)", floor,
                   aim="eerste start na installatie: leest de demobestanden en schrijft de momentopname",
                   stages_s=first_stages, gui_stall_after_paint_s=first_stalls,
                   gui_stall_until_settled_s=first_after)]
