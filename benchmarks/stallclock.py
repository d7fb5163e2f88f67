"""The stall clock of the window benchmarks (``bench_gui_stall``, ``bench_question_stall``, ``bench_national_stall``).

A QTimer fires every :data:`INTERVAL` seconds and each tick records how late it is: the longest lateness since
:meth:`StallClock.restart` is the longest stall of the event loop in that stretch (what the user feels as a
frozen window). :meth:`StallClock.begin` first measures the idle loop for a while (the floor every stall is
compared with). Used inside the window scripts that :func:`benchmarks.common.run_window_code` runs, once the
QApplication exists.
"""
from __future__ import annotations

import time

#: Seconds between the clock's ticks.
INTERVAL = 0.005


class StallClock:
    """``stall`` (the longest lateness of a tick, in seconds), ``at`` (seconds after the restart when it
    happened) and ``ticks`` since :meth:`restart`."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.stall, self.ticks, self.at = 0.0, 0, 0.0
        self.t0 = self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(int(INTERVAL * 1000))
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        late = now - self.last - INTERVAL
        if late > self.stall:
            self.stall, self.at = late, now - self.t0
        self.ticks += 1
        self.last = now

    def restart(self) -> None:
        """A new stretch: the longest stall and the ticks from now on."""
        self.stall, self.ticks, self.at = 0.0, 0, 0.0
        self.t0 = self.last = time.perf_counter()

    def reading(self, **extra) -> dict:
        """The stretch so far: ``stall``, ``at``, ``ticks``, ``seconds`` since the restart, and ``extra``."""
        return {"stall": max(self.stall, 0.0), "at": round(self.at, 2), "ticks": self.ticks,
                "seconds": time.perf_counter() - self.t0, **extra}

    def begin(self, floor_s: float, then) -> None:
        """Start the clock, measure the idle event loop for ``floor_s`` seconds (the floor), then call
        ``then(reading)`` with that stretch's reading."""
        from PySide6.QtCore import QTimer

        self.restart()
        self.timer.start()
        QTimer.singleShot(int(floor_s * 1000), lambda: then(self.reading()))


def started_window(app):
    """The main window, shown, once its start-up work (its imports, the charts, the forms) is done."""
    from desktop.main_window import MainWindow

    w = MainWindow()
    w.show()
    for _ in range(3000):
        app.processEvents()
        time.sleep(0.01)
        if w.settings_panel.by_name and w.charts.is_built and not w.warm_up.is_running():
            break
    return w


def run_steps(app, controller, clock: StallClock, steps, out: dict, floor_s: float, *, record, restart=None,
              timeout_s: float = 900) -> None:
    """Drive the window through ``steps`` and print ``out`` as one JSON line at the end (then quit).

    First the idle loop for ``floor_s`` seconds (``out["floor"]``); then each ``(name, action, busy)``: the clock
    restarts (``restart``, default the clock's own), ``action()`` runs, and once ``busy()`` is false (polled every
    20 ms) and 300 ms more have passed (what the window draws after the work), ``record(name)`` reads the stretch.
    Runs the event loop until done (at most ``timeout_s``)."""
    import json

    from PySide6.QtCore import QTimer

    restart = restart or clock.restart

    def step(i: int = 0) -> None:
        if i == len(steps):
            print(json.dumps(out), flush=True)
            controller.state.dirty = False  # nothing to keep: closing does not ask
            app.quit()
            return
        name, action, busy = steps[i]
        restart()
        action()

        def wait() -> None:
            if busy():
                QTimer.singleShot(20, wait)
            else:
                QTimer.singleShot(300, lambda: (record(name), QTimer.singleShot(200, lambda: step(i + 1))))
        QTimer.singleShot(20, wait)

    def floor(reading: dict) -> None:
        out["floor"] = reading
        step()

    QTimer.singleShot(0, lambda: (restart(), clock.begin(floor_s, floor)))
    QTimer.singleShot(int(timeout_s * 1000), app.quit)
    app.exec()
