"""Screenshots of the level switch and the map of the change (demo project), to look at them.

``xvfb-run -s "-screen 0 1366x768x24" python -m desktop.screenshot_level [FOLDER]`` opens the demo as a first
start does, then saves ``niveau_zoeken_<W>x<H>.png`` (the table's search finds wijk Centrum at buurt level),
``niveau_wijk_<W>x<H>.png`` (the wijk level, Centrum selected) and ``verandering_<W>x<H>.png`` (2015
against 2016 per wijk on the main map, the Ontwikkeling tab's A/B page beside it).
"""
from __future__ import annotations

import sys
from pathlib import Path

from desktop.screenshot import DEFAULT


def main(folder: str | Path = DEFAULT) -> int:
    from PySide6.QtCore import QTimer

    from desktop.screenshot import Script

    s = Script(folder)
    window, c = s.window, s.c

    def search():
        window.table.search.setText("centrum")
        s.later(s.shot("niveau_zoeken"))

    def wijk():
        s.when_map(s.shot("niveau_wijk"), wait=2500)
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
            s.when_map(s.shot("verandering"), wait=2500)
            panel.compare_button.click()
        compare()

    return s.run([search, wijk, change], shots=3)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:2]))
