"""Screenshots of the level switch and the map of the change (demo project), to look at them.

``xvfb-run -s "-screen 0 1366x768x24" python -m desktop.screenshot_level [FOLDER]`` opens the demo as a first
start does, then saves ``niveau_zoeken_<W>x<H>.png`` (the table's search finds wijk Centrum at buurt level),
``niveau_wijk_<W>x<H>.png`` (the wijk level, Centrum selected) and ``verandering_<W>x<H>.png`` (2015
against 2016 per wijk on the main map, the Ontwikkeling tab's A/B page beside it).
"""
from __future__ import annotations

import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "resources" / "screenshots"


def main(folder: str | Path = DEFAULT) -> int:
    from PySide6.QtCore import QTimer

    from desktop.screenshot import demo_window

    app, window, folder, size = demo_window(folder)
    c = window.controller
    shots, steps, maps = [], [], []

    def save(name):
        window.grab().toImage().save(str(folder / f"{name}_{size}.png"), "PNG", 60)
        shots.append(name)

    def step():
        if steps:
            steps.pop(0)()

    def when_map(then, wait=1500):
        """Run ``then`` once the next map page has loaded (and painted)."""
        maps.append(lambda: QTimer.singleShot(wait, then))

    def search():
        window.table.search.setText("centrum")
        QTimer.singleShot(800, lambda: (save("niveau_zoeken"), step()))

    def wijk():
        when_map(lambda: (save("niveau_wijk"), step()), wait=2500)
        window.table.other_level.click()

    def change():
        window.tabs.setCurrentIndex(2)
        panel = window.development_panel

        def compare():
            if c.questions.development is None or c.development.dev_runner.is_running():
                QTimer.singleShot(300, compare)
                return
            panel.tabs.setCurrentIndex(1)
            panel.set_period("a", "2015-01", "2015-12")
            panel.set_period("b", "2016-01", "2016-12")
            when_map(lambda: (save("verandering"), step()), wait=2500)
            panel.compare_button.click()
        compare()

    def finish():
        c.state.dirty = False
        window.close()
        app.quit()

    steps.extend([search, wijk, change, finish])

    started = []

    def on_map(_):
        if not started:  # the demo's first map: begin
            started.append(1)
            QTimer.singleShot(1500, step)
        elif maps:
            maps.pop(0)()

    window.map_view.mapReady.connect(on_map)
    QTimer.singleShot(180_000, app.quit)
    app.exec()
    return 0 if len(shots) == 3 else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:2]))
