"""Screenshots of the Ruimte en tijd tab (issue 15) on the demo project.

``xvfb-run -s "-screen 0 1366x768x24" python -m desktop.screenshot_spacetime [FOLDER] [PERMUTATIONS]`` opens the
demo, runs the emerging hot spots on the tab (the map shows their categories) and saves
``ruimte_tijd_opkomend_<W>x<H>.png``; then the near-repeat test of the last 12 months of bicycle thefts and saves
``ruimte_tijd_bijna_<W>x<H>.png``, and the stable hot spots of those months as
``ruimte_tijd_stabiel_<W>x<H>.png``. It prints how long each analysis took in the window (start to result).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from desktop.screenshot import DEFAULT


def main(folder: str | Path = DEFAULT, permutations: int = 999) -> int:
    from PySide6.QtCore import QTimer

    from desktop.screenshot import Script

    s = Script(folder)
    window, c, panel = s.window, s.c, s.window.spacetime_panel
    st = c.spacetime
    clock = {}

    def start_emerging(*_):
        c.analysis.done.disconnect(start_emerging)
        window.tabs.setCurrentWidget(panel)
        clock["emerging"] = time.perf_counter()
        panel.run_button.click()

    def on_emerging(_):
        print(f"opkomend: {time.perf_counter() - clock['emerging']:.1f} s")
        window.map_view.mapReady.connect(shoot_emerging)

    def shoot_emerging(*_):
        window.map_view.mapReady.disconnect(shoot_emerging)
        QTimer.singleShot(1500, lambda: (s.save("ruimte_tijd_opkomend"), start_near()))

    def start_near():
        c.chosen.filters = dict(c.chosen.filters, start="2016-09", end="2017-08")
        panel.method.setCurrentIndex(1)
        panel.permutations.setValue(permutations)
        panel.noun.setText("fietsdiefstal")
        clock["near"] = time.perf_counter()
        panel.run_button.click()

    def on_near(_):
        print(f"bijna-herhaling ({permutations} permutaties): {time.perf_counter() - clock['near']:.1f} s")
        QTimer.singleShot(1000, lambda: (s.save("ruimte_tijd_bijna"), start_stable()))

    def start_stable():
        panel.method.setCurrentIndex(2)
        clock["stable"] = time.perf_counter()
        panel.run_button.click()

    def on_stable(_):
        print(f"stabiel: {time.perf_counter() - clock['stable']:.1f} s")
        window.map_view.mapReady.connect(shoot_stable)

    def shoot_stable(*_):
        window.map_view.mapReady.disconnect(shoot_stable)
        QTimer.singleShot(1500, lambda: (s.save("ruimte_tijd_stabiel"), s.finish()))

    c.analysis.done.connect(start_emerging)
    st.emergingDone.connect(on_emerging)
    st.nearDone.connect(on_near)
    st.stableDone.connect(on_stable)
    for r in st.runners():
        r.errorOccurred.connect(lambda err: (print(err.exception), s.finish()))
    QTimer.singleShot(900_000, s.app.quit)
    s.app.exec()
    return 0 if len(s.saved) == 3 else 1


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:2] or [DEFAULT]), *([int(sys.argv[2])] if len(sys.argv) > 2 else [])))
