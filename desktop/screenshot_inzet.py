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

DEFAULT = Path(__file__).resolve().parent.parent / "resources" / "screenshots"


def main(folder: str | Path = DEFAULT) -> int:
    from PySide6.QtCore import QDate, QTimer

    from desktop.screenshot import demo_window

    app, window, folder, size = demo_window(folder)
    c = window.controller
    shots = []

    def save(name, widget=None):
        (widget or window).grab().toImage().save(str(folder / f"{name}_{size}.png"), "PNG", 60)
        shots.append(name)

    def after(runner, then, wait=1500):
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

    def plan():
        if c.project.loader.is_running() or c.analysis.runner.is_running() or c.state.analysis is None:
            QTimer.singleShot(300, plan)  # the demo's own data first (a new project cancels a plan)
            return
        window.tabs.setCurrentIndex(1)
        QTimer.singleShot(500, lambda: (window.inzet_panel.run_button.click(),
                                        after(c.inzet.plan_maker, lambda: after(c.inzet.plan_runner, shoot_plan))))

    def shoot_plan():
        save("inzet_plan")
        step()

    def changes():
        window.inzet_panel.pages.setCurrentIndex(1)
        QTimer.singleShot(600, lambda: (save("inzet_anders"), step()))

    def lookback():
        page = window.inzet_panel.lookback_page
        page.date_from.setDate(QDate(2017, 1, 1))
        page.date_to.setDate(QDate(2017, 6, 30))
        page.run_button.click()
        after(c.inzet.lookback_maker, lambda: (save("inzet_terugblik"), step()))

    def method():
        window.inzet_panel.pages.setCurrentIndex(0)
        window.inzet_panel.plan_page.show_method()
        QTimer.singleShot(600, lambda: (save("inzet_methode", window.inzet_panel.plan_page.dialog),
                                        window.inzet_panel.plan_page.dialog.close(), step()))

    def finish():
        c.state.dirty = False
        window.close()
        app.quit()

    steps.extend([plan, changes, lookback, method, finish])
    started = []

    def on_map(_):
        if not started:
            started.append(1)
            QTimer.singleShot(1500, step)

    window.map_view.mapReady.connect(on_map)
    QTimer.singleShot(240_000, app.quit)
    app.exec()
    return 0 if len(shots) == 4 else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:2]))
