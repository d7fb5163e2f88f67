"""Errors at the edge: a Dutch message box with the details one click away (after glue-qt).

:func:`show_error` never blocks (``QMessageBox.open``), so a test or a running
analysis is never stuck behind a modal dialog, and every box shown is kept in
:data:`SHOWN` so that tests can assert that an error reached the user.
"""
from __future__ import annotations

import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.strings import tr
from kernel.errors import WijkbeeldError

#: The message boxes shown in this session (newest last), for tests and the log.
SHOWN: list[QMessageBox] = []


def message_for(exc: BaseException) -> str:
    """The one Dutch sentence a user reads: the core's own message, or a general one."""
    if isinstance(exc, WijkbeeldError):
        return str(exc)
    return tr("error.internal", kind=type(exc).__name__)


def show_error(parent: QWidget | None, exc: BaseException, details: str | None = None,
               what: str = "") -> QMessageBox:
    """Show ``exc`` as a warning box; the traceback goes into the details (one click away)."""
    if details is None:
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    box = QMessageBox(QMessageBox.Icon.Warning, tr("error.title"),
                      (tr("error.intro", what=what) + "\n\n" if what else "") + message_for(exc),
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(tr("error.details_hint"))
    box.setDetailedText(details)
    box.setObjectName("errorBox")
    SHOWN.append(box)
    box.open()
    return box
