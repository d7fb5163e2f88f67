"""Exporteren > Rapport maken…: the privacy question (once per project, as every export), a file name
(.pdf or .docx), then the report controller (:mod:`desktop.control.report`) writes it in the worker."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from desktop import errors, exports
from desktop.strings import tr

SUFFIXES = (".pdf", ".docx")


def run(window, controller) -> Path | None:
    """Ask, then start the report; None when the user cancelled or it could not start (a Dutch message)."""
    if controller.opening():
        window.statusBar().showMessage(tr("status.still_opening"), 8000)
        return None
    if controller.report.runner.is_running():
        window.statusBar().showMessage(tr("status.report_busy"), 8000)
        return None
    if not exports.ask_privacy_once(window, controller):
        return None
    path, chosen = QFileDialog.getSaveFileName(window, tr("action.report").replace("&", "").rstrip("…"),
                                               exports.suggested_name(controller, ".pdf"), tr("report.filter"))
    if not path:
        return None
    if not path.lower().endswith(SUFFIXES):
        path += ".docx" if "docx" in (chosen or "") else ".pdf"
    choice = controller.export_choice()
    try:
        controller.report.make(path, choice.rules(), summary=choice.summary())
    except Exception as exc:  # noqa: BLE001 - shown to the user in Dutch, the details one click away
        errors.show_error(window, exc, what=tr("work.report"))
        return None
    return Path(path)
