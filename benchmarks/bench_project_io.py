"""Saving and opening a project in a worker thread: the longest time the main thread cannot run.

The desktop opens projects and saves small ones in a worker thread (autosave and
large saves go to the worker process). pyogrio holds the GIL for a whole call, so
the window stalls as long as the longest call. Ours: :func:`importers.project.save_project` and ``load_project``, which
write and read the layers in pieces of ``CHUNK_ROWS`` rows. Peer: the same functions
with one call per layer (``CHUNK_ROWS`` larger than the layer), what we did before.
Both on the same synthetic project (the demo buurten and N incidents), side by side.
The main thread sleeps 5 ms at a time and records how late it wakes (as
bench_gui_stall's timer). ``ratio = peer stall / our stall`` (the aim: no stall above
100 ms); the times of both are reported too (pieces cost time).
"""
from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

from common import result


def _project(n: int):
    import data
    from importers import read_boundaries
    from importers.project import Project
    from resources import demo

    areas, _ = read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    return Project(areas=areas, incidents=data.demo_incidents(areas, n, with_area=True), name="Proef")


def _stall(fn) -> tuple[float, float]:
    """(seconds ``fn`` took in a thread, the longest the main thread waited beyond its 5-ms sleep)."""
    done, failed = threading.Event(), []

    def work():
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the main thread
            failed.append(exc)
        finally:
            done.set()

    worst, t0 = 0.0, time.perf_counter()
    last = t0
    threading.Thread(target=work, daemon=True).start()
    while not done.is_set():
        time.sleep(0.005)
        now = time.perf_counter()
        worst, last = max(worst, now - last - 0.005), now
    if failed:
        raise failed[0]
    return time.perf_counter() - t0, max(worst, 1e-4)


def run(quick: bool) -> list[dict]:
    from importers import project as proj

    n = 20_000 if quick else 200_000
    project = _project(n)
    pieces = proj.CHUNK_ROWS
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "proef.gpkg"
        timings = {}
        for label, chunk in (("peer", 10 ** 9), ("ours", pieces), ("peer2", 10 ** 9), ("ours2", pieces)):
            proj.CHUNK_ROWS = chunk
            try:
                save = _stall(lambda: proj.save_project(project, path))
                load = _stall(lambda: proj.load_project(path))
            finally:
                proj.CHUNK_ROWS = pieces
            key = label.rstrip("2")
            best = timings.setdefault(key, {"save": save, "load": load})
            timings[key] = {k: min(best[k], v, key=lambda t: t[1]) for k, v in (("save", save), ("load", load))}
    for what, text in (("save", "opslaan"), ("load", "openen")):
        ours, peer = timings["ours"][what], timings["peer"][what]
        rows.append(result(f"project_{what}_{n}_incidents_gui_stall", ours[1], f"{text} in een aanroep per laag",
                           peer[1], aim="geen hapering boven 100 ms", incidents=n, chunk_rows=pieces,
                           ours_took_s=round(ours[0], 3), peer_took_s=round(peer[0], 3)))
    return rows
