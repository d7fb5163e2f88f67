"""Screenshots of the linked charts and the Tijden view's extras (demo project), to look at them.

``xvfb-run -s "-screen 0 1366x768x24" python -m desktop.screenshot_charts [FOLDER]`` opens the demo, selects
two buurten (the charts of their sum), clicks Tuesday 20:00 on the week x hour chart and saves
``gekoppeld_<W>x<H>.png`` (map and table filtered, the filter line); then, without the filter, the Tijden
tab's three parts: ``tijden_blokken``, ``tijden_gebieden`` (per area and hot-spot group) and
``tijden_kalender`` (the calendar heat chart); and ``signalen_verloop`` (the signals with their sparklines).
"""
from __future__ import annotations

import sys
from pathlib import Path

from desktop.screenshot import DEFAULT


def main(folder: str | Path = DEFAULT, codes: tuple = ("BU00140001", "BU00140002")) -> int:
    from PySide6.QtCore import QTimer

    from desktop.screenshot import Script

    s = Script(folder)
    window, c = s.window, s.c

    def linked():
        c.selection.select(list(codes), source="table")
        c.selection.pick_when({"day": 1, "hour": 20})
        s.after([c.analysis.runner, c.selection.chart_runner], s.shot("gekoppeld"), 2500)

    def times():
        c.selection.pick_when({})
        window.tabs.setCurrentIndex(3)
        s.after([c.analysis.runner, c.development.times_runner], s.shot("tijden_blokken"))

    def areas():
        window.times_panel.lower.setCurrentIndex(1)
        s.later(s.shot("tijden_gebieden"))

    def calendar():
        window.times_panel.lower.setCurrentIndex(2)
        s.later(s.shot("tijden_kalender"))

    def signals():
        window.tabs.setCurrentIndex(2)

        def shown():
            if c.questions.development is None or c.development.dev_runner.is_running():
                QTimer.singleShot(300, shown)
            else:
                window.development_panel.tabs.setCurrentIndex(2)
                s.later(s.shot("signalen_verloop"), 1200)
        shown()

    def ready():  # the demo opened, analysed and drawn (a cached snapshot shows the map before that)
        busy = c.project.opening() or c.state.analysis is None or c.state.charts is None
        if busy or any(r.is_running() for r in c.runners()):
            QTimer.singleShot(300, ready)
        else:
            s.later(s.step, 1500)

    return s.run([linked, times, areas, calendar, signals], shots=5, start=ready)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:2]))
