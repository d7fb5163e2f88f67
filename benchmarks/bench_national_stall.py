"""The window at national scale (issues 18/19): the longest GUI stall and the time until the new map is
shown while the user switches level, period and category on 14,500 buurten with 1,000,000 incidents.

As bench_gui_stall: a QTimer fires every 5 ms and records how late it is. The national files of the
benchmarks (``data.national_files``: the CBS-shaped buurten with wijk and gemeente codes, and the incident
CSV of three years and three categories) are read with the importers and the incidents located in their
buurten, outside the window (reported as ``read_s``). Then, in the real main window (offscreen), the user's
path through the controllers: (1) the project is put in the window as an opened file arrives (the loader's
thread prepares its lists; its hot-spot analysis and map in the worker process), (2) the level is switched
to wijk, (3) to gemeente, (4) back to buurt, (5) the period is set to 2016, (6) the category to one of the
three, (7) a theme of two of the categories (that one among them) is chosen (the analysis of a theme runs
through the window's choice of sources, desktop.choice), (8) the map is exported as HTML as the menu does it
(desktop.control.export; no new map in the window). Each step: the longest stall of the event loop, the
seconds until the new map page said it was ready (``map_s``) and until all its work was done (``seconds``).
Floor: the same window idle for one second just before. ``ratio = floor stall / our stall``; the aims: no
stall above 100 ms, the new map within 2 s. ``--quick``: 100,000 incidents.
"""
from __future__ import annotations

from common import result, run_window_code

CODE = r"""
import json, os, sys, time
from desktop.app import application
app = application()
from PySide6.QtCore import QTimer
from importers import read_boundaries
from importers.incidents import read_incidents
from importers.project import Project
from importers.projectmodel import DEFAULT_NAMES, Theme
from hotspots.where.assign import ensure_assigned
sys.path.insert(0, "benchmarks")
import data

n, floor_s = int(sys.argv[1]), float(sys.argv[2])
t0 = time.perf_counter()
gpkg, csv = data.national_files(n_incidents=n)
areas, _ = read_boundaries(gpkg)
incidents, _ = read_incidents(csv)
incidents = ensure_assigned(incidents, areas).incidents
read_s = time.perf_counter() - t0
from benchmarks.stallclock import StallClock, run_steps, started_window
w = started_window(app)
c = w.controller
clock = StallClock()
out = {"read_s": read_s}
maps = []
w.map_view.mapReady.connect(lambda _: maps.append(time.perf_counter()))
def restart():
    clock.restart()
    del maps[:]
def busy():
    return (c.analysis.runner.is_running() or c.selection.chart_runner.is_running()
            or c.project.loader.is_running() or c.state.analysis is None)
def record(name):
    out[name] = clock.reading(map_s=(maps[-1] - clock.t0) if maps else None,
                              in_process=bool(c.analysis.runner.in_process))
def level(name):
    return lambda: w.data_panel.level.setCurrentIndex(w.data_panel.level.findData(name))
def filters(**f):
    return lambda: setattr(c.chosen, "filters", {"start": None, "end": None, "category": None, **f})
project = Project(areas=areas, incidents=incidents, name="Nationaal")
project.themes = [Theme("Diefstal", {DEFAULT_NAMES["incidents"]: data.NATIONAL_CATEGORIES[:2]})]
STEPS = [
    ("load", lambda: c.project.show(project)),  # as an opened file arrives: the loader thread prepares it
    ("wijk", level("wijk")),
    ("gemeente", level("gemeente")),
    ("buurt", level("buurt")),
    ("period", filters(start="2016-01", end="2016-12")),
    ("category", filters(start="2016-01", end="2016-12", category=data.NATIONAL_CATEGORIES[0])),
    ("theme", lambda: setattr(c.chosen, "theme", "Diefstal")),  # its categories hold the one chosen
]
def waiting():  # the work, and then the new map page until it said it is ready
    return busy() or not maps or not w.map_view.ready
import tempfile
from desktop import exports
folder = tempfile.mkdtemp(prefix="wijkbeeld-export-")
def export():  # Exporteren > Kaart als HTML, as the menu starts it (once the hot times and trends are there)
    c.when_complete(lambda: c.exporter.write(exports.request(c, "action.export_html", folder + "/kaart.html")))
exported = lambda: not os.path.exists(folder + "/kaart.html") or c.exporter.busy()
run_steps(app, c, clock, [(name, action, waiting) for name, action in STEPS] + [("export", export, exported)], out,
          floor_s, record=record, restart=restart)
"""

PHASES = (("load", "project in het venster"), ("wijk", "niveau wijk"), ("gemeente", "niveau gemeente"),
          ("buurt", "terug naar buurt"), ("period", "periode 2016"), ("category", "categorie"), ("theme", "thema"),
          ("export", "kaart exporteren (HTML)"))


def run(quick: bool) -> list[dict]:
    n = 100_000 if quick else 1_000_000
    got = run_window_code(CODE, [str(n), "1.0"], timeout=900)
    floor = got["floor"]
    rows = []
    for phase, what in PHASES:
        ours = got[phase]
        map_s = ours.get("map_s")
        rows.append(result(f"national_stall_{phase}_{n}_incidents", max(ours["stall"], 1e-4),
                           "lege event-loop (vloer)", max(floor["stall"], 1e-4),
                           aim="geen hapering boven 100 ms, nieuwe kaart binnen 2 s", areas=14_500, incidents=n,
                           phase=what, map_s=None if map_s is None else round(map_s, 2),
                           seconds=round(ours["seconds"], 2), stall_at_s=ours.get("at"), ticks=ours["ticks"],
                           in_process=ours.get("in_process"), read_s=round(got["read_s"], 1)))
    return rows
