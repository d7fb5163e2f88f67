"""The longest stall of the GUI event loop while the Ontwikkeling and Tijden tabs answer their questions on
N incidents, next to an idle loop.

As bench_gui_stall: a QTimer fires every 5 ms and records how late it is. The main window holds the
demo buurten (and their wijken) and N synthetic incidents over 2015 and 2016 (seeded, with their
``area``, as a loaded project has them). The user's path through the controllers: (1) the Ontwikkeling
tab is opened (series, year-on-year table, signals and trend in the worker: for inputs this large a
worker *process*), (2) the level is switched to wijk in the data panel (the hot-spot analysis, its map, table and
charts, and the Ontwikkeling tab all follow), (3) to gemeente, (4) the period is set to 2016,
(5) the Tijden tab is opened (hot times of the selection). Floor: the same window idle for one second
just before. ``ratio = floor stall / our stall``; the aim (issue 18): no stall above 100 ms.
"""
from __future__ import annotations

from common import result, run_window_code

CODE = r"""
import json, sys, time
import pandas as pd
from desktop.app import application
app = application()
from PySide6.QtCore import QTimer
from benchmarks.data import demo_incidents
from importers import read_boundaries
from importers.project import Project
from resources import demo

n, floor_s = int(sys.argv[1]), float(sys.argv[2])
areas, _ = read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
wijken, _ = read_boundaries(demo.AREAS, layer=demo.WIJKEN_LAYER)
incidents = demo_incidents(areas, n, with_area=True)
half = incidents.index[: n // 2]  # 2015 and 2016: a year before to compare with
for col in ("start", "end"):
    incidents.loc[half, col] = incidents.loc[half, col] - pd.DateOffset(years=1)
from benchmarks.stallclock import StallClock, run_steps, started_window
w = started_window(app)
c = w.controller
c.project.set_project(Project(areas=areas, incidents=incidents, outlines=wijken, name="Proef"), None)
for _ in range(6000):  # the project's own analysis first: it is not what is measured here
    app.processEvents(); time.sleep(0.01)
    if c.state.analysis is not None and not c.analysis.runner.is_running() \
            and not c.selection.chart_runner.is_running() and c.state.shown is None:
        break
c.selection.select([str(areas["code"].iat[1])], source="table")
for _ in range(3000):
    app.processEvents(); time.sleep(0.01)
    if not c.selection.chart_runner.is_running():
        break
clock = StallClock()
d = c.development
out = {}
restart = clock.restart
def record(name, runner):
    out[name] = clock.reading(in_process=bool(getattr(runner, "in_process", False)))
class Level:  # the window's level switch: the hot-spot analysis, its charts and the Ontwikkeling tab rerun
    in_process = True
    def is_running(self):
        return c.analysis.runner.is_running() or d.dev_runner.is_running() or c.selection.chart_runner.is_running()
STEPS = [
    ("open", d.dev_runner, lambda: w.tabs.setCurrentIndex(2)),
    ("wijk", Level(), lambda: w.data_panel.level.setCurrentIndex(w.data_panel.level.findData("wijk"))),
    ("gemeente", Level(), lambda: w.data_panel.level.setCurrentIndex(w.data_panel.level.findData("gemeente"))),
    ("period", d.dev_runner, lambda: setattr(c.chosen, "filters", {"start": "2016-01", "end": "2016-12",
                                                                 "category": None})),
    ("times", d.times_runner, lambda: w.tabs.setCurrentIndex(3)),
]
run_steps(app, c, clock, [(name, action, runner.is_running) for name, runner, action in STEPS], out, floor_s,
          record=lambda name: record(name, {n: r for n, r, _ in STEPS}[name]), timeout_s=600)
"""


def run(quick: bool) -> list[dict]:
    n = 20_000 if quick else 200_000
    got = run_window_code(CODE, [str(n), "1.0"], timeout=900)
    floor = got["floor"]
    rows = []
    for phase, what in (("open", "Ontwikkeling openen"), ("wijk", "niveau wijk"), ("gemeente", "niveau gemeente"),
                        ("period", "periode 2016"), ("times", "Tijden openen")):
        ours = got[phase]
        rows.append(result(f"question_stall_{phase}_{n}_incidents", max(ours["stall"], 1e-4),
                           "lege event-loop (vloer)", max(floor["stall"], 1e-4), aim="geen hapering boven 100 ms",
                           incidents=n, phase=what, seconds=round(ours["seconds"], 2), ticks=ours["ticks"],
                           in_process=ours.get("in_process")))
    return rows
