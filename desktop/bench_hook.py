"""Marks for ``benchmarks/bench_startup.py``, which starts the app the way a user does (``wijkbeeld demo``).

With ``WIJKBEELD_BENCH_MARKS=1`` in the environment the app prints, on stdout, when it reached each
stage (seconds since the epoch, so that the benchmark can subtract its own launch time):
``MARK window_shown``, ``window_painted``, ``data_loaded``, ``analysis_done``, ``charts_built``,
``map_ready``, ``filled`` (map, table and charts on screen), ``settled`` (the data behind a snapshot
loaded and the analysis rerun); ``STALL`` the GUI thread's longest stall between the first paint and
the filled window, ``STALL_AFTER`` that from then until settled (a 5-ms timer's lateness); then it
quits. Nothing of this runs without the variable.
"""
from __future__ import annotations

import os
import time

ENV = "WIJKBEELD_BENCH_MARKS"


def wanted() -> bool:
    return os.environ.get(ENV) == "1"


def install(app, window) -> None:
    """Watch ``window`` (a MainWindow showing the demo) and print the marks; quit once settled."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    state: dict = {}

    def mark(name: str) -> None:
        if name not in state:
            state[name] = True
            print("MARK", name, repr(time.time()), flush=True)

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                mark("window_painted")  # the frame (menus, empty panels) is on screen
            return False

    c = window.controller
    painted = FirstPaint(window)
    window.installEventFilter(painted)
    c.project.loader.resultReady.connect(lambda *_: mark("data_loaded"))
    c.analysis.runner.resultReady.connect(lambda *_: mark("analysis_done"))
    window.charts.ready.connect(lambda: mark("charts_built"))
    window.map_view.mapReady.connect(lambda *_: mark("map_ready"))
    mark("window_shown")
    stall = {"until": 0.0, "after": 0.0, "last": None}

    def tick() -> None:
        now = time.perf_counter()
        if "window_painted" in state and stall["last"] is not None:
            key = "after" if "filled" in state else "until"
            stall[key] = max(stall[key], now - stall["last"] - 0.005)
        stall["last"] = now

    def check() -> None:
        w = window
        filled = (w.map_view.ready and w.table.model.rowCount() > 0 and w.charts.is_built
                  and w.charts.data is not None and w.charts.monthly.state == "drawn")
        if filled and "filled" not in state:
            mark("filled")
            print("STALL", round(stall["until"], 4), flush=True)
        busy = (c.project.loader, c.analysis.runner, c.selection.chart_runner, c.project.cacher)
        if "filled" in state and c.state.analysis is not None and c.state.charts is not None \
                and not any(r.is_running() for r in busy):
            mark("settled")
            print("STALL_AFTER", round(stall["after"], 4), flush=True)
            app.quit()

    ticker = QTimer(window)
    ticker.setInterval(5)
    ticker.timeout.connect(tick)
    ticker.start()
    poll = QTimer(window)
    poll.setInterval(20)
    poll.timeout.connect(check)
    poll.start()
    QTimer.singleShot(120_000, app.quit)
