"""Screenshots of the Ontwikkeling and Tijden views (demo project), to look at them.

``xvfb-run -s "-screen 0 1366x768x24" python -m desktop.screenshot_questions [FOLDER]`` opens the demo
as a first start does, then saves ``ontwikkeling_<W>x<H>.png`` (the whole period: the partial last
month), ``ontwikkeling_2016_<W>x<H>.png`` (2016, Binnenstad-Zuid selected), ``perioden_<W>x<H>.png``
(period A against B), ``signalen_<W>x<H>.png``, ``trend_<W>x<H>.png`` and ``tijden_<W>x<H>.png``.
"""
from __future__ import annotations

import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "resources" / "screenshots"


def main(folder: str | Path = DEFAULT, code: str = "BU00140001") -> int:
    from PySide6.QtCore import QTimer

    from desktop.screenshot import demo_window

    app, window, folder, size = demo_window(folder)
    suffix = f"{size}.png"
    c = window.controller
    d = c.development
    shots = []

    def save(name):
        window.grab().toImage().save(str(folder / f"{name}_{suffix}"), "PNG", 60)
        shots.append(name)

    def after(runner, then, wait=1200):
        """Run ``then`` once ``runner`` has finished (and the views painted)."""
        def check():
            if runner.is_running():
                QTimer.singleShot(200, check)
            else:
                QTimer.singleShot(wait, then)
        QTimer.singleShot(400, check)

    steps = []

    def step():
        if steps:
            steps.pop(0)()

    def open_view():
        window.tabs.setCurrentIndex(2)

        def shown():
            if c.questions.development is None or d.dev_runner.is_running():
                QTimer.singleShot(300, shown)
            else:
                QTimer.singleShot(1200, lambda: (save("ontwikkeling"), step()))
        shown()

    def year_2016():
        c.chosen.filters = {"start": "2016-01", "end": "2016-12", "category": None}
        c.selection.select([code], source="table")
        after(d.dev_runner, lambda: (save("ontwikkeling_2016"), step()))

    def periods():
        panel = window.development_panel
        panel.tabs.setCurrentIndex(1)
        panel.set_period("a", "2014-06", "2014-08")
        panel.set_period("b", "2016-06", "2016-08")
        panel.compare_button.click()
        after(d.compare_runner, lambda: (save("perioden"), step()))

    def signals():
        window.development_panel.tabs.setCurrentIndex(2)
        QTimer.singleShot(800, lambda: (save("signalen"), step()))

    def trend():
        window.development_panel.tabs.setCurrentIndex(3)
        QTimer.singleShot(800, lambda: (save("trend"), step()))

    def times():
        window.tabs.setCurrentIndex(3)
        after(d.times_runner, lambda: (save("tijden"), step()))

    def finish():
        c.state.dirty = False
        window.close()
        app.quit()

    steps.extend([open_view, year_2016, periods, signals, trend, times, finish])
    started = []

    def on_map(_):
        if not started:
            started.append(1)
            QTimer.singleShot(1500, step)

    window.map_view.mapReady.connect(on_map)
    QTimer.singleShot(180_000, app.quit)
    app.exec()
    return 0 if len(shots) == 6 else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:2]))
