"""Screenshots of the main window (demo project) and the import wizard, for the README.

``python -m desktop.screenshot [FOLDER]`` starts the demo as a first start does (the window fits the
screen), waits until map, charts and table are filled, selects a buurt in the table (the map zooms to
it), and saves ``hoofdvenster_<W>x<H>.png`` (the screen's size) and ``wizard.png``. Run it under Xvfb
at the laptop's size: ``xvfb-run -s "-screen 0 1366x768x24" python -m desktop.screenshot``.
"""
from __future__ import annotations

import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "resources" / "screenshots"
INCIDENTS_XLSX = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "groningen" / \
    "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx"


def demo_window(folder: str | Path):
    """``(app, window, folder, "WxH")``: the demo opening in a window as at a first start (a fresh layout,
    not the one the last session left behind), the folder made, and the screen's size."""
    import tempfile

    from desktop.app import application, create_window

    app = application()
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    window = create_window(demo=True, ask=False)
    screen = app.primaryScreen().size()
    return app, window, folder, f"{screen.width()}x{screen.height()}"


def main(folder: str | Path = DEFAULT, code: str = "BU00140001") -> int:
    from PySide6.QtCore import QTimer

    app, window, folder, size = demo_window(folder)
    main_png = f"hoofdvenster_{size}.png"
    c = window.controller
    done = {"step": 0}

    def save(widget, name):
        image = widget.grab().toImage()
        image.save(str(folder / name), "PNG", 60)

    def on_map(_):
        if done["step"] == 0:
            done["step"] = 1
            QTimer.singleShot(800, lambda: c.selection.select([code], source="table"))

    def on_charts(data):
        if done["step"] == 1 and code in data.title:
            done["step"] = 2
            QTimer.singleShot(1500, shoot_main)

    def shoot_main():
        save(window, main_png)
        source = INCIDENTS_XLSX if INCIDENTS_XLSX.exists() else None
        from resources import demo
        wizard = window.import_wizard(str(source or demo.INCIDENTS))
        wizard.detected.connect(lambda *a: QTimer.singleShot(500, lambda: finish(wizard)))
        wizard.next()

    def finish(wizard):
        save(wizard, "wizard.png")
        wizard.reject()
        c.state.dirty = False  # the selection made for the picture is no work to keep
        window.close()
        app.quit()

    window.map_view.mapReady.connect(on_map)
    c.selection.chartsDone.connect(on_charts)
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    return 0 if done["step"] == 2 else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:2]))
