"""The longest stall of the GUI event loop while the app analyses, saves and opens 200,000 incidents,
next to an idle loop.

A QTimer fires every 5 ms and records how late it is; the longest lateness is the
longest time the window could not react to the user. Ours: the main window with
the demo buurten and N synthetic incidents (seeded, uniform over the buurten's
bounding box, random times in 2016) runs the whole user path through the
controllers: (1) the hot-spot analysis and map in the worker (for inputs this large a
worker *process*, see desktop/procpool.py; ``in_process`` in the row says so), then
table, charts and the map page; (2) Opslaan of that project; (3) Openen of the saved
file (its snapshot at once, the data behind it, the analysis rerun). Floor: the same
window, idle, for one second just before. All in one fresh subprocess, offscreen (the
machine's other load shows in every phase and in the floor). ``ratio = floor stall /
our stall``; the aim: no stall above 100 ms.
"""
from __future__ import annotations

from common import result, run_window_code

CODE = r"""
import json, sys, time
from desktop.app import application
app = application()
from PySide6.QtCore import QTimer
from benchmarks.data import demo_incidents
from importers import read_boundaries
from importers.project import Project
from resources import demo

n, floor_s = int(sys.argv[1]), float(sys.argv[2])
areas, _ = read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
incidents = demo_incidents(areas, n)
from benchmarks.stallclock import StallClock, started_window
w = started_window(app)
c = w.controller
for _ in range(50):
    app.processEvents(); time.sleep(0.01)
clock = StallClock()
done = {}
PHASES = ["floor", "analyse", "save", "open"]
def finish(*_):
    phase = PHASES[len(done.get("out", {}))]
    out = clock.reading(in_process=bool(getattr({"analyse": c.analysis.runner, "save": c.project.saver,
                                                 "open": c.project.loader}.get(phase), "in_process", False)))
    done.setdefault("out", {})[phase] = out
    if phase == "floor":  # first the idle loop (the floor), then the user's path
        QTimer.singleShot(0, analyse)
    elif phase == "analyse":
        QTimer.singleShot(300, save)
    elif phase == "save":
        QTimer.singleShot(300, reopen)
    else:
        print(json.dumps(done["out"]), flush=True)
        app.quit()
import tempfile, os
PATH = os.path.join(tempfile.mkdtemp(), "proef.gpkg")
def save():
    restart()
    c.project.saver.finished.connect(lambda: QTimer.singleShot(50, finish))
    c.project.save(PATH)
def reopen():
    restart()
    c.project.open_project(PATH)
    poll.start(20)
restart = clock.restart
def check():
    if c.state.analysis is not None and w.map_view.ready and not c.selection.chart_runner.is_running() \
            and c.state.charts is not None and not c.analysis.runner.is_running() \
            and not c.project.loader.is_running() and c.state.shown is None:
        QTimer.singleShot(50, finish)
        poll.stop()
poll = QTimer(); poll.timeout.connect(check)
def begin():
    clock.begin(floor_s, finish)
def analyse():
    restart()
    c.project.show(Project(areas=areas, incidents=incidents, name="Proef"))  # as an opened file arrives
    poll.start(20)
QTimer.singleShot(0, begin)
QTimer.singleShot(300000, app.quit)
app.exec()
"""


def run(quick: bool) -> list[dict]:
    n = 20_000 if quick else 200_000
    both = run_window_code(CODE, [str(n), "1.0"], timeout=600)
    floor = both["floor"]
    rows = []
    for phase, what in (("analyse", "analyseren"), ("save", "opslaan"), ("open", "openen")):
        ours = both[phase]
        rows.append(result(f"gui_stall_{phase}_{n}_incidents", max(ours["stall"], 1e-4), "lege event-loop (vloer)",
                           max(floor["stall"], 1e-4), aim="geen hapering boven 100 ms", incidents=n, phase=what,
                           seconds=round(ours["seconds"], 2), ticks=ours["ticks"], in_process=ours.get("in_process")))
    return rows
