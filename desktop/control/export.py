"""Exporteren > kaart (HTML, PNG) and resultaten (GeoPackage, XLSX): one export of the analysis shown, written on
its own runner, off the GUI thread.

At national scale (14,500 buurten) the web map took 5 s, the print map 1.5 s and the workbook 1.2 s, each a frozen
window while it was written in the GUI thread. Now a large project's export runs in the worker process (where its
areas and incidents are already), a small one's in a thread; progress and Afbreken go through the status bar as
every runner's, and a stop leaves no half file (the pipeline writes aside and renames when complete). What is
written is decided in the window (:func:`desktop.exports.request`: the run shown, its metadata and the privacy
rules the user set); the writing is :func:`desktop.tasks.write_export`, the output pipeline of
``wijkbeeld analyse``.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal

from desktop import tasks
from desktop.control.base import Feature
from desktop.strings import tr


class ExportController(Feature):
    """Writes one export at a time on its runner.

    Signals
    -------
    written(str)
        The path of the export just written.
    """

    written = Signal(str)

    def __init__(self, chosen, session, parent=None):
        super().__init__(chosen, session, parent)
        self.runner = self.add_runner(tr("work.export"), process=True)
        self.runner.resultReady.connect(self._on_result)
        self.runner.cancelled.connect(lambda: self.status.emit(tr("status.cancelled")))
        self._summary = ""

    def busy(self) -> bool:
        return self.runner.is_running()

    def write(self, request: dict, summary: str = "") -> None:
        """Start writing the export of ``request`` (:func:`desktop.exports.request`); ``summary``: the privacy
        choice, said with the path once it is written."""
        self._summary = summary
        self.runner.start(tasks.write_export, label=Path(request["path"]).name, **request)

    def _on_result(self, path: str) -> None:
        self.status.emit(tr("status.exported", path=path) + (" · " + self._summary if self._summary else ""))
        self.written.emit(path)
