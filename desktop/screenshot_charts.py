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

DEFAULT = Path(__file__).resolve().parent.parent / "resources" / "screenshots"


def main(folder: str | Path = DEFAULT, codes: tuple = ("BU00140001", "BU00140002")) -> int:
    from PySide6.QtCore import QTimer

    from desktop.screenshot import demo_window

    app, window, folder, size = demo_window(folder)
    c = window.controller
    shots, steps = [], []

    def save(name):
        window.grab().toImage().save(str(folder / f"{name}_{size}.png"), "PNG", 60)
        shots.append(name)

    def step():
        if steps:
            steps.pop(0)()

    def after(runners, then, wait=1500):
        def check():
            if any(r.is_running() for r in runners):
                QTimer.singleShot(200, check)
            else:
                QTimer.singleShot(wait, then)
        QTimer.singleShot(400, check)

    def linked():
        c.selection.select(list(codes), source="table")
        c.selection.pick_when({"day": 1, "hour": 20})
        after([c.analysis.runner, c.selection.chart_runner], lambda: (save("gekoppeld"), step()), 2500)

    def times():
        c.selection.pick_when({})
        window.tabs.setCurrentIndex(3)
        after([c.analysis.runner, c.development.times_runner], lambda: (save("tijden_blokken"), step()))

    def areas():
        window.times_panel.lower.setCurrentIndex(1)
        QTimer.singleShot(800, lambda: (save("tijden_gebieden"), step()))

    def calendar():
        window.times_panel.lower.setCurrentIndex(2)
        QTimer.singleShot(800, lambda: (save("tijden_kalender"), step()))

    def signals():
        window.tabs.setCurrentIndex(2)

        def shown():
            if c.questions.development is None or c.development.dev_runner.is_running():
                QTimer.singleShot(300, shown)
            else:
                window.development_panel.tabs.setCurrentIndex(2)
                QTimer.singleShot(1200, lambda: (save("signalen_verloop"), step()))
        shown()

    def finish():
        c.state.dirty = False
        window.close()
        app.quit()

    steps.extend([linked, times, areas, calendar, signals, finish])
    started = []

    def on_map(_):
        if not started:
            started.append(1)
            ready()

    def ready():  # the demo opened, analysed and drawn (a cached snapshot shows the map before that)
        busy = c.project.opening() or c.state.analysis is None or c.state.charts is None
        if busy or any(r.is_running() for r in c.runners()):
            QTimer.singleShot(300, ready)
        else:
            QTimer.singleShot(1500, step)

    window.map_view.mapReady.connect(on_map)
    QTimer.singleShot(180_000, app.quit)
    app.exec()
    return 0 if len(shots) == 5 else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:2]))
