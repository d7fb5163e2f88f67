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

from desktop import tasks
from desktop.control.base import FileWriter
from desktop.strings import tr


class ExportController(FileWriter):
    """Writes one export at a time on its runner (``written(str)``: the path)."""

    said = "status.exported"

    def __init__(self, chosen, session, parent=None):
        super().__init__(chosen, session, parent, title=tr("work.export"), process=True)

    def write(self, request: dict, summary: str = "") -> None:
        """Start writing the export of ``request`` (:func:`desktop.exports.request`); ``summary``: the privacy
        choice, said with the path once it is written."""
        self.start_writing(tasks.write_export, summary=summary, label=Path(request["path"]).name, **request)
