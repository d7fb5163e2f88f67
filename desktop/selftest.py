"""A self-test of the worker process (:mod:`desktop.procpool`), for the frozen app's smoke check (no Qt).

The window sends large analyses, saves and the demo cache to one warm ``spawn``
worker process. In a frozen program that child is this same executable started
again with multiprocessing's arguments (see ``packaging/launcher.py``), so it
can fail in ways a source install never shows: a module the bundle lacks, data
files it cannot find, ``freeze_support()`` not reached. :func:`run` sends one
real task there (read the demo's buurten through GDAL/PROJ, report progress)
and returns what the child saw, so that ``packaging/check`` can assert it; and
how many third-party licences the About box would list (in the frozen app they
come from the ``licenties/`` folder the build wrote, see :mod:`desktop.licences`).
"""
from __future__ import annotations

import os
import sys


def child_facts(progress=None, cancelled=None) -> dict:
    """Runs in the worker process: reads the demo boundaries and says where it ran."""
    import importers
    from resources import demo

    areas, _ = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    if progress is not None:
        progress(1.0, "klaar")
    return {"pid": os.getpid(), "frozen": bool(getattr(sys, "frozen", False)), "areas": len(areas),
            "epsg": areas.crs.to_epsg() if areas.crs is not None else None}


def run() -> dict:
    """One task through the worker process; the child's facts plus this process's pid, the progress seen and
    the number of licences the About box lists."""
    from desktop import licences, procpool

    seen: list[float] = []
    try:
        facts = procpool.call(1, child_facts, [], {}, lambda fraction, text: seen.append(fraction))
    finally:
        procpool.shutdown()
    return {**facts, "parent_pid": os.getpid(), "progress": seen, "licences": len(licences.installed())}
