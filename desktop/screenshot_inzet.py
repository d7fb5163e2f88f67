"""Screenshots of the Inzet tab (demo project), to look at them.

``xvfb-run -s "-screen 0 1366x768x24" python -m desktop.screenshot_inzet [FOLDER]`` opens the demo as a
first start does, opens the Inzet tab, makes the plan for the first month after the data and saves
``inzet_plan_<W>x<H>.png``, ``inzet_anders_<W>x<H>.png`` (against last month's plan),
``inzet_terugblik_<W>x<H>.png`` (January-June 2017 beside the naive plans) and
``inzet_methode_<W>x<H>.png`` (the 'Hoe is dit gekozen?' dialog).
"""
from __future__ import annotations

import sys
from pathlib import Path

from desktop.screenshot import DEFAULT


def main(folder: str | Path = DEFAULT) -> int:
    from PySide6.QtCore import QDate, QTimer

    from desktop.screenshot import Script

    s = Script(folder)
    window, c = s.window, s.c

    def plan():
        if c.project.loader.is_running() or c.analysis.runner.is_running() or c.state.analysis is None:
            QTimer.singleShot(300, plan)  # the demo's own data first (a new project cancels a plan)
            return
        window.tabs.setCurrentIndex(1)
        s.later(lambda: (window.inzet_panel.run_button.click(),
                         s.after(c.inzet.plan_maker, lambda: s.after(c.inzet.plan_runner, s.shot("inzet_plan")))), 500)

    def changes():
        window.inzet_panel.pages.setCurrentIndex(1)
        s.later(s.shot("inzet_anders"), 600)

    def lookback():
        page = window.inzet_panel.lookback_page
        page.date_from.setDate(QDate(2017, 1, 1))
        page.date_to.setDate(QDate(2017, 6, 30))
        page.run_button.click()
        s.after(c.inzet.lookback_maker, s.shot("inzet_terugblik"))

    def method():
        page = window.inzet_panel.plan_page
        window.inzet_panel.pages.setCurrentIndex(0)
        page.show_method()
        s.later(lambda: (s.save("inzet_methode", page.dialog), page.dialog.close(), s.step()), 600)

    return s.run([plan, changes, lookback, method], shots=4, timeout_s=240)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:2]))
