"""Start-up of the desktop app to a filled window on the demo project, next to its floor.

Floor: a fresh interpreter that imports PySide6 and shows an empty QMainWindow
(what no Qt app can beat). Ours: a fresh interpreter that runs
``desktop.app.create_window(demo=True)`` until the map has loaded (bridge
connected), the table holds the 108 buurten and the charts are drawn. Each in
its own subprocess, offscreen, timed from launch to the moment the window is
ready. ``ratio = floor / ours`` (the aim: ours within 3x of the floor, ratio >= 0.33).
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
import time, sys
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication([])
w = QMainWindow(); w.resize(1500, 920); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
print("READY", flush=True)
"""

OURS = """
import sys
from desktop.app import application, create_window
app = application()
from PySide6.QtCore import QTimer
w = create_window(demo=True, ask=False)
c = w.controller
state = {"map": False}
def check():
    ok = (w.map_view.ready and c.state.analysis is not None and w.table.model.rowCount() == 108
          and c.state.charts is not None and not c.chart_runner.is_running())
    if ok:
        print("READY", flush=True)
        app.quit()
t = QTimer(); t.timeout.connect(check); t.start(20)
QTimer.singleShot(120000, app.quit)
app.exec()
"""


def _launch(code: str, env: dict) -> float:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=180)
    if "READY" not in out.stdout:
        raise RuntimeError(f"venster werd niet gereed: {out.stderr[-800:]}")
    return time.perf_counter() - t0


def run(quick: bool) -> list[dict]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               QTWEBENGINE_CHROMIUM_FLAGS=os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu"))
    repeat = 1 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        env["WIJKBEELD_DATA_DIR"] = tmp
        env["XDG_CONFIG_HOME"] = tmp
        floor = min(_launch(FLOOR, env) for _ in range(repeat))
        ours = min(_launch(OURS, env) for _ in range(repeat))
    return [result("startup_demo_filled_window", ours, "PySide6 leeg venster (vloer)", floor,
                   aim="binnen 3x de vloer (ratio >= 0.33)", areas=108, incidents=15947, runs=repeat)]
