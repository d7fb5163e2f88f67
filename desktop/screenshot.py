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


class Script:
    """A scripted tour of the demo window for screenshots, the steps run one after another.

    Each step does something in the window and ends by calling ``step()`` (often through ``after`` or
    ``when_map``, which wait for the work to finish and the views to paint); ``save(name)`` grabs the window
    (or a dialog) as ``<name>_<W>x<H>.png``. ``run(steps, shots)`` starts at the demo's first map, closes
    the window after the last step and returns 0 when all ``shots`` pictures were saved.
    """

    def __init__(self, folder: str | Path = DEFAULT):
        self.app, self.window, self.folder, self.size = demo_window(folder)
        self.c = self.window.controller
        self.steps: list = []
        self.saved: list[str] = []
        self._maps: list = []

    def save(self, name: str, widget=None) -> None:
        (widget or self.window).grab().toImage().save(str(self.folder / f"{name}_{self.size}.png"), "PNG", 60)
        self.saved.append(name)

    def step(self) -> None:
        if self.steps:
            self.steps.pop(0)()

    def shot(self, name: str, widget=None):
        """A callable that saves ``name`` and goes on with the next step."""
        return lambda: (self.save(name, widget), self.step())

    def later(self, then, wait: int = 800) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(wait, then)

    def after(self, runners, then, wait: int = 1500) -> None:
        """Run ``then`` ``wait`` ms after every runner in ``runners`` (one or a list) has finished."""
        from PySide6.QtCore import QTimer

        runners = runners if isinstance(runners, (list, tuple)) else [runners]

        def check():
            if any(r.is_running() for r in runners):
                QTimer.singleShot(200, check)
            else:
                QTimer.singleShot(wait, then)
        QTimer.singleShot(400, check)

    def when_map(self, then, wait: int = 1500) -> None:
        """Run ``then`` ``wait`` ms after the next map page has loaded."""
        self._maps.append(lambda: self.later(then, wait))

    def finish(self) -> None:
        self.c.state.dirty = False  # what the tour changed is no work to keep
        self.window.close()
        self.app.quit()

    def run(self, steps: list, shots: int, timeout_s: int = 180, start=None) -> int:
        """Run ``steps`` from the demo's first map (``start``, if given, decides when the first step runs)."""
        self.steps.extend([*steps, self.finish])
        begun = []

        def on_map(_):
            if not begun:
                begun.append(1)
                self.later(start or self.step, 1500)
            elif self._maps:
                self._maps.pop(0)()

        self.window.map_view.mapReady.connect(on_map)
        self.later(self.app.quit, timeout_s * 1000)
        self.app.exec()
        return 0 if len(self.saved) == shots else 1


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
