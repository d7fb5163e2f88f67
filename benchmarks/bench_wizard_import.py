"""Benchmark: the national wijken file imported through the window's import wizard, against ``wijkbeeld inspect``.

Issue 19: importing the national wijken file (3,475 wijken, WGS84, 17 invalid geometries; ../shared/data) through
the wizard took about 25 s where ``wijkbeeld inspect`` took 3.4 s; the aim is within 2x of ``inspect``. Ours: the
main window in a fresh process, offscreen, with the wizard driven as a user drives it: the file chosen (the
wizard's worker process warms up meanwhile, as it does while a user picks a file), Volgende (detection on the
first rows, :func:`desktop.import_steps.detect` in the worker), Volgende (the import, ``tasks.read_file`` in the
worker), Voltooien (:meth:`ProjectController.add_imported`: the areas into the project, their map and table).
Timed from the first Volgende: ``wizard_s`` until the report page shows the import, ``ours_s`` until the map of
the added areas is on screen, and until the study area's outline is drawn in it (of areas that are no coverage it
follows the page: :mod:`mapping.later`). Peer: ``wijkbeeld inspect FILE`` in a fresh process (start-up included), the
command the issue compares with. Rounds alternate the two; ``ratio = peer_s / ours_s`` (aim >= 0.5).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import result, run_window_code  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("WIJKBEELD_SHARED_DATA", ROOT.parent / "shared" / "data"))
NATIONAL = SHARED / "nl" / "nl_wijken_2024_simplified_geoinzicht.geojson"

CODE = r"""
import json, sys, time
from desktop.app import application
app = application()
from PySide6.QtCore import QTimer
from desktop import procpool
from desktop.main_window import MainWindow

w = MainWindow(); w.show()
for _ in range(3000):  # until the window's start-up work is done
    app.processEvents(); time.sleep(0.01)
    if w.settings_panel.by_name and w.charts.is_built and not w.warm_up.is_running():
        break
wizard = w.import_wizard(sys.argv[1])
warm = procpool.pool().submit(procpool._warm)  # the worker process starts while the user picks the file
marks = {}
def mark(name):
    marks.setdefault(name, time.perf_counter() - marks.get("t0", time.perf_counter()))
def finish():
    print(json.dumps(marks), flush=True)
    w.controller.state.dirty = False  # nothing to keep: closing does not ask
    app.quit()
def begin():
    if not warm.done():
        QTimer.singleShot(20, begin)
        return
    marks["t0"] = time.perf_counter()
    wizard.next()
def detected(*_):
    mark("detected")
    QTimer.singleShot(0, wizard.next)
def imported(*_):
    mark("imported")
    QTimer.singleShot(0, wizard.accept)
wizard.detected.connect(detected)
wizard.importDone.connect(imported)
w.controller.analysis.done.connect(lambda *_: mark("shown"))
outline = {"waits": False}
def ready(*_):
    mark("map")
    # the study area's outline follows the page (mapping.later): wait for it too
    outline["waits"] = w.map_view.later.waiting > 0 and "outline" not in marks
    if not outline["waits"]:
        marks.setdefault("outline", marks["map"])
        QTimer.singleShot(200, finish)
def filled(*_):
    mark("outline")
    if outline["waits"]:
        QTimer.singleShot(200, finish)
w.map_view.mapReady.connect(ready)
w.map_view.layerFilled.connect(filled)
QTimer.singleShot(300, begin)
QTimer.singleShot(600000, finish)
app.exec()
"""


def _inspect_s(path: Path) -> float:
    script = Path(sys.executable).with_name("wijkbeeld")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "desktop.cli"]
    t0 = time.perf_counter()
    subprocess.run([*command, "inspect", str(path)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=ROOT)
    return time.perf_counter() - t0


def run(quick: bool = False) -> list[dict]:
    if not NATIONAL.is_file():
        return [{"name": "wizard import national wijken", "error": f"{NATIONAL} ontbreekt (../shared/data)"}]
    rounds = 1 if quick else 3
    load = os.getloadavg()[0]
    peer, wizard, window, outline = [], [], [], []
    for _ in range(rounds):
        peer.append(_inspect_s(NATIONAL))
        marks = run_window_code(CODE, [str(NATIONAL)])
        if "map" not in marks:
            raise RuntimeError(f"de wizard kwam niet tot een kaart: {marks}")
        wizard.append(marks["imported"])
        window.append(marks["map"])
        outline.append(marks.get("outline", marks["map"]))
        phases = {k: round(v, 3) for k, v in marks.items() if k != "t0"}
    extra = dict(aim="ratio >= 0.5 (within 2x of wijkbeeld inspect)", rows=3475, rounds=rounds,
                 peer_median_s=round(statistics.median(peer), 3), load=[round(load, 1), round(os.getloadavg()[0], 1)],
                 last_round_phases_s=phases)
    return [result("wizard import national wijken: detect + import", min(wizard), "wijkbeeld inspect", min(peer),
                   ours_median_s=round(statistics.median(wizard), 3),
                   ratio_median=round(statistics.median([p / o for p, o in zip(peer, wizard)]), 3), **extra),
            result("wizard import national wijken: until the map shows", min(window), "wijkbeeld inspect",
                   min(peer), ours_median_s=round(statistics.median(window), 3),
                   ratio_median=round(statistics.median([p / o for p, o in zip(peer, window)]), 3), **extra),
            result("wizard import national wijken: until the outline is drawn", min(outline), "wijkbeeld inspect",
                   min(peer), ours_median_s=round(statistics.median(outline), 3),
                   ratio_median=round(statistics.median([p / o for p, o in zip(peer, outline)]), 3), **extra)]


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
