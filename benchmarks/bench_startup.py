"""Start-up of the desktop app through ``wijkbeeld`` itself, as a user starts it, next to its floors.

Ours: ``wijkbeeld demo`` (the installed console script) in a fresh process until the window is filled
(the map loaded with its bridge, the table's 108 buurten, the four charts drawn): the app prints its
stages when ``WIJKBEELD_BENCH_MARKS=1`` is set (:mod:`desktop.bench_hook`; nothing else changes), timed
from the moment this benchmark launched the command. The floors, each in its own process: PySide6 with
an empty QMainWindow; with a QWebEngineView on an empty local page; and the design card's stack floor,
PySide6 + a QtWebEngine page + one pyqtgraph plot. Also ``wijkbeeld --help`` to its exit, next to
``python -c "import argparse, desktop"`` (the interpreter, argparse and our package).
``ratio = floor / ours``; the issue's aims: ``--help`` within 2x of its floor (ratio >= 0.5) and the
filled demo window within 1.5x of the stack floor (ratio >= 0.67). The first start after installing
reads the demo files and writes the demo's snapshot; every later start shows that snapshot while the
data loads behind it. ``stages_s``: seconds from launch per stage; ``gui_stall_*``: the GUI thread's
longest stall after the first paint (until filled, and from then until the rerun behind the picture).
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


def _command() -> list[str]:
    """``wijkbeeld`` as installed beside this interpreter (the console script), else ``python -m desktop.cli``."""
    script = Path(sys.executable).with_name("wijkbeeld")
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop.cli"]


def _launch(argv: list[str], env: dict, marks: dict | None = None) -> float:
    """Seconds from launch to READY (a floor) or to the filled window (ours, with ``marks``: its stages
    and stalls); for a command without either (``--help``), to its exit."""
    t0 = time.time()
    env = dict(env, WIJKBEELD_BENCH_T0=repr(t0))
    out = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    took = time.time() - t0
    lines = out.stdout.splitlines()
    if marks is not None:
        marks.clear()
        for line in lines:
            part = line.split()
            if line.startswith("MARK "):
                marks.setdefault(part[1], round(float(part[2]) - t0, 3))
            elif line.startswith("STALL "):
                marks["stall_s"] = float(part[1])
            elif line.startswith("STALL_AFTER "):
                marks["stall_after_s"] = float(part[1])
        if "filled" not in marks:
            raise RuntimeError(f"venster werd niet gevuld: {out.stderr[-800:]}")
        return marks["filled"]
    ready = next((float(line.split()[1]) for line in lines if line.startswith("READY ")), None)
    if ready is None and out.returncode != 0:
        raise RuntimeError(f"mislukt: {out.stderr[-800:]}")
    return ready if ready is not None else took


def _floor(code: str, env: dict) -> float:
    return _launch([sys.executable, "-c", code], env)


def _ours(env: dict, repeat: int) -> tuple[float, dict, list, list]:
    """Best of ``repeat`` starts of ``wijkbeeld demo``: (seconds, its stages, stalls until filled, after)."""
    best, stages, stalls, after = None, {}, [], []
    for _ in range(repeat):
        marks = {}
        took = _launch(_command() + ["demo"], dict(env, WIJKBEELD_BENCH_MARKS="1"), marks)
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
        help_ours = min(_launch(_command() + ["--help"], env) for _ in range(repeat))
        help_floor = min(_launch([sys.executable, "-c", "import argparse, desktop"], env) for _ in range(repeat))
        floor = min(_floor(FLOOR, env) for _ in range(repeat))
        web_floor = min(_floor(WEB_FLOOR, env) for _ in range(repeat))
        stack_floor = min(_floor(STACK_FLOOR, env) for _ in range(repeat))
        # the first start after installing reads the demo files and writes the demo's snapshot
        # (desktop/snapshot.py); every later start shows that snapshot while the data loads behind it
        first, first_stages, first_stalls, first_after = _ours(env, 1)
        best, stages, stalls, after = _ours(env, repeat)
    entry = " ".join(Path(a).name for a in _command())
    return [result("startup_help", help_ours, "python -c 'import argparse, desktop' (vloer)", help_floor,
                   aim="binnen 2x de vloer (ratio >= 0.5)", command=f"{entry} --help", runs=repeat),
            result("startup_demo_filled_window_vs_stack", best, "PySide6 + QtWebEngine + pyqtgraph, lege pagina en "
                   "een grafiek (vloer van de ontwerpkaart)", stack_floor,
                   aim="binnen 1,5x de vloer (ratio >= 0.67)", command=f"{entry} demo", areas=108, incidents=15947,
                   runs=repeat, stages_s=stages, gui_stall_after_paint_s=stalls, gui_stall_until_settled_s=after),
            result("startup_demo_filled_window", best, "PySide6 leeg venster", floor, command=f"{entry} demo",
                   runs=repeat),
            result("startup_demo_filled_window_vs_webengine", best, "PySide6 + QtWebEngine lege pagina",
                   web_floor, aim="elke app met een webkaart start Chromium", command=f"{entry} demo", runs=repeat),
            result("startup_demo_first_start", first, "PySide6 + QtWebEngine + pyqtgraph (vloer van de ontwerpkaart)",
                   stack_floor, aim="eerste start na installatie: leest de demobestanden en schrijft de momentopname",
                   command=f"{entry} demo", stages_s=first_stages, gui_stall_after_paint_s=first_stalls,
                   gui_stall_until_settled_s=first_after)]
