"""Screenshots of the Ontwikkeling and Tijden views (demo project), to look at them.

``xvfb-run -s "-screen 0 1366x768x24" python -m desktop.screenshot_questions [FOLDER]`` opens the demo
as a first start does, then saves ``ontwikkeling_<W>x<H>.png`` (the whole period: the partial last
month), ``ontwikkeling_2016_<W>x<H>.png`` (2016, Binnenstad-Zuid selected), ``perioden_<W>x<H>.png``
(period A against B), ``signalen_<W>x<H>.png``, ``trend_<W>x<H>.png`` and ``tijden_<W>x<H>.png``.
"""
from __future__ import annotations

import sys
from pathlib import Path

from desktop.screenshot import DEFAULT


def main(folder: str | Path = DEFAULT, code: str = "BU00140001") -> int:
    from PySide6.QtCore import QTimer

    from desktop.screenshot import Script

    s = Script(folder)
    window, c = s.window, s.c
    d = c.development

    def open_view():
        window.tabs.setCurrentIndex(2)

        def shown():
            if c.questions.development is None or d.dev_runner.is_running():
                QTimer.singleShot(300, shown)
            else:
                s.later(s.shot("ontwikkeling"), 1200)
        shown()

    def year_2016():
        c.chosen.filters = {"start": "2016-01", "end": "2016-12", "category": None}
        c.selection.select([code], source="table")
        s.after(d.dev_runner, s.shot("ontwikkeling_2016"), 1200)

    def periods():
        panel = window.development_panel
        panel.tabs.setCurrentIndex(1)
        panel.set_period("a", "2014-06", "2014-08")
        panel.set_period("b", "2016-06", "2016-08")
        panel.compare_button.click()
        s.after(d.compare_runner, s.shot("perioden"), 1200)

    def signals():
        window.development_panel.tabs.setCurrentIndex(2)
        s.later(s.shot("signalen"))

    def trend():
        window.development_panel.tabs.setCurrentIndex(3)
        s.later(s.shot("trend"))

    def times():
        window.tabs.setCurrentIndex(3)
        s.after(d.times_runner, s.shot("tijden"), 1200)

    return s.run([open_view, year_2016, periods, signals, trend, times], shots=6)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:2]))
